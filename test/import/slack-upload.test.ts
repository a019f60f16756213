// The DM upload path end to end: the real Bolt app over real HTTP receives a signed event, asks
// the fake Slack for files.info, downloads the file with the bot token, imports it, and replies in
// the DM with the report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { deals, users } from '../../src/db/schema.js';
import { uploadFlags } from '../../src/slack/import-listener.js';
import { importReportMessage, importWorkingMessage } from '../../src/slack/views/import.js';
import { emptyImportReport, type ImportReport } from '../../src/services/csv-import.js';
import { checkMessage } from '../support/block-kit-limits.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { testTempDir } from '../support/temp-db.js';

const hubspot = readFileSync(new URL('./fixtures/hubspot-deals.csv', import.meta.url));

let shares = 0;
const fileShare = (fileId: string, text = '', user = 'U0REP1') => ({
  type: 'message',
  subtype: 'file_share',
  channel: 'D0REP1',
  channel_type: 'im',
  user,
  text,
  ts: `17000000${++shares}.000100`,
  files: [{ id: fileId, name: 'ignored-here.csv' }],
});

const replies = (t: TestApp) => t.fake.callsTo('chat.postMessage');
const blocksText = (body: Record<string, any>) => JSON.stringify(body.blocks ?? []);

describe('CSV upload in a DM', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    t.fake.users.set('U0REP1', { tz: 'America/New_York', real_name: 'Rep One', email: 'rep1@example.com' });
    t.fake.users.set('U0MGR', { tz: 'Europe/Berlin', real_name: 'Mia Manager', email: 'mia@example.com' });
    t.fake.users.set('U0RITA', { tz: 'UTC', real_name: 'Rita Rep', email: 'rita@example.com' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a manager uploads a HubSpot export: downloaded with the bot token, imported by owner column, report in the DM', async () => {
    // A workspace admin (Slack's is_admin): the only one who imports for any rep.
    t.store.db
      .insert(users)
      .values({
        teamId: 'T1',
        slackId: 'U0MGR',
        role: 'manager',
        isAdmin: true,
        timezone: 'Europe/Berlin',
        createdAt: new Date(),
      })
      .run();
    t.fake.addFile({ id: 'F1', name: 'hubspot-deals.csv', content: hubspot });
    const response = await t.event(fileShare('F1', '', 'U0MGR'));
    expect(response.status).toBe(200);
    const reply = await eventually(() => replies(t)[0], 'the import report');
    expect(t.fake.callsTo('files.info')[0]!.body.file).toBe('F1');
    expect(t.fake.downloads).toEqual([{ fileId: 'F1', token: 'xoxb-test-token' }]);
    expect(reply.body.channel).toBe('D0REP1');
    expect(reply.body.text).toBe('Imported hubspot-deals.csv: 7 new, 0 updated, 0 unchanged, 2 skipped, 0 rejected.');
    expect(checkMessage(reply.body)).toEqual([]);
    expect(blocksText(reply.body)).toContain("read as the prospect's last reply");
    // rita@example.com in the owner column: not a user row yet, so Slack was asked by email.
    expect(t.fake.callsTo('users.lookupByEmail').map((c) => c.body.email)).toEqual(['rita@example.com']);
    const owners = t.store.db
      .select()
      .from(deals)
      .orderBy(asc(deals.companyKey))
      .all()
      .map((d) => `${d.company}:${d.ownerId}`);
    expect(owners).toEqual([
      'Acme, Inc.:U0REP1',
      'Globex:U0RITA',
      'Hooli:U0REP2',
      'Initech:U0REP1',
      'Soylent:U0REP1',
      'Umbrella Corp, Ltd.:U0REP2',
      'Vandelay Industries:U0REP1',
    ]);
    // Dates without an offset are read in the uploader's zone (Berlin: UTC+1 in November).
    expect(t.store.db.select().from(deals).where(eq(deals.company, 'Hooli')).get()!.lastInboundAt).toEqual(
      new Date('2026-11-16T16:45:00Z'),
    );
  });

  it("a rep's file with other reps' rows and bad rows imports nothing and lists the rows by line", async () => {
    const csv = 'Company,Owner,Last reply\r\nMine,,2026-11-03\r\nTheirs,U0SAM,2026-11-04\r\nBad date,,31/31/2026\r\n';
    t.fake.addFile({ id: 'F2', name: 'my deals.csv', content: csv });
    await t.event(fileShare('F2'));
    const reply = await eventually(() => replies(t)[0], 'the report');
    expect(reply.body.text).toBe('Nothing was imported from my deals.csv: 2 rows have problems.');
    const text = blocksText(reply.body);
    expect(text).toContain(
      '*Line 3* (Theirs): the deal belongs to U0SAM: only a manager can import deals for other reps',
    );
    expect(text).toContain('*Line 4* (Bad date): Last reply: \\"31/31/2026\\" is not a date');
    expect(text).toContain('skip invalid');
    expect(t.store.db.select().from(deals).all()).toHaveLength(0);
  });

  it('"skip invalid" and "dry run" in the comment; the same file is imported once even when both events arrive', async () => {
    const csv = 'Company,Amount\nAlpha,50k\nBeta,lots\n';
    t.fake.addFile({ id: 'F3', name: 'a.csv', content: csv });
    t.fake.addFile({ id: 'F4', name: 'b.csv', content: csv });
    await t.event(fileShare('F3', 'dry run please'));
    const dry = await eventually(() => replies(t)[0], 'the dry-run report');
    expect(dry.body.text).toBe('Dry run of a.csv: 1 new, 0 updated, 1 rejected. Nothing was written.');
    expect(t.store.db.select().from(deals).all()).toHaveLength(0);

    await t.event(fileShare('F4', 'skip invalid'));
    // Slack redelivers an event it thinks was slow: the file is still imported once.
    await t.event(fileShare('F4', 'skip invalid'));
    const imported = await eventually(() => replies(t)[1], 'the import report');
    expect(imported.body.text).toBe('Imported b.csv: 1 new, 0 updated, 0 unchanged, 0 skipped, 1 rejected.');
    expect(t.store.db.select().from(deals).all()).toMatchObject([
      { company: 'Alpha', ownerId: 'U0REP1', valueMinor: 5_000_000 },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(replies(t)).toHaveLength(2);
    expect(t.fake.downloads.filter((d) => d.fileId === 'F4')).toHaveLength(1);
  });

  it('says clearly when a file is not CSV or too large, and downloads nothing', async () => {
    t.fake.addFile({
      id: 'F5',
      name: 'pipeline.xlsx',
      content: 'PK',
      filetype: 'xlsx',
      mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    t.fake.addFile({ id: 'F6', name: 'huge.csv', content: 'Company\n', size: 25 * 1024 * 1024 });
    await t.event(fileShare('F5'));
    await eventually(() => replies(t)[0], 'the first answer');
    await t.event(fileShare('F6'));
    await eventually(() => replies(t)[1], 'the second answer');
    expect(replies(t)[0]!.body.text).toBe(
      'pipeline.xlsx is a spreadsheet, not a CSV file. Save it as CSV (File → Save as → CSV UTF-8) and send that file.',
    );
    expect(replies(t)[1]!.body.text).toMatch(/^huge.csv is 25.0 MB: the limit is 20 MB/);
    expect(t.fake.downloads).toEqual([]);
  });

  it('ignores files shared outside a DM with the bot', async () => {
    t.fake.addFile({ id: 'F7', name: 'c.csv', content: 'Company\nX\n' });
    await t.event({ ...fileShare('F7'), channel: 'C0SALES', channel_type: 'channel' });
    await new Promise((r) => setTimeout(r, 100));
    expect(t.fake.callsTo('files.info')).toHaveLength(0);
    expect(replies(t)).toHaveLength(0);
  });
});

describe('CSV upload with the database in a file', () => {
  it("imports on its own connection: the bot's connection is never inside the import's transaction", async () => {
    const dir = testTempDir('dealcoach-upload-');
    const fileStore = openStore(`file:${join(dir, 'bot.db')}`);
    const t = await startTestApp({ store: fileStore });
    try {
      t.fake.users.set('U0REP1', { tz: 'UTC', real_name: 'Rep One' });
      let release!: () => void;
      const hold = new Promise<void>((resolve) => (release = resolve));
      const rows = Array.from({ length: 2000 }, (_, i) => `Company ${i},${i}k`);
      t.fake.addFile({
        id: 'F9',
        name: 'deals.csv',
        content: ['Company,Amount', 'Alpha,50k', 'Beta,60k', ...rows].join('\n'),
        hold,
      });
      await t.event(fileShare('F9'));
      // Half the file has arrived and is being imported; the bot's own connection is free.
      await eventually(() => t.fake.downloads.length > 0, 'the download');
      await new Promise((r) => setTimeout(r, 50));
      expect(fileStore.sqlite.inTransaction).toBe(false);
      expect(fileStore.db.select().from(deals).all()).toHaveLength(0);
      release();
      const reply = await eventually(() => replies(t)[0], 'the report');
      expect(reply.body.text).toBe('Imported deals.csv: 2002 new, 0 updated, 0 unchanged, 0 skipped, 0 rejected.');
      expect(fileStore.db.select().from(deals).all()).toHaveLength(2002);
    } finally {
      await t.stop();
      fileStore.close();
    }
  });
});

describe('the report view', () => {
  const report = (over: Partial<ImportReport>): ImportReport =>
    emptyImportReport({ source: 'x.csv', teamId: 'T1', ms: 1, ...over });

  it('cuts a long reject list with a count and stays within Slack limits', () => {
    const rejects = Array.from({ length: 1000 }, (_, i) => ({
      line: i + 2,
      company: `Company <${i}> & Sons`,
      reason: `Stage: "${'x'.repeat(600)}" is not a stage`,
    }));
    const view = importReportMessage(
      report({
        rows: 1200,
        imported: 200,
        rejected: 1500,
        rejects,
        rejectsNotListed: 500,
        stageGuesses: Array.from({ length: 40 }, (_, i) => ({ from: `S${i}`, to: 'demo', rows: 1 })),
        notes: ['a', 'b'],
      }),
      { fileName: 'big.csv' },
    );
    expect(checkMessage(view as never)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Line 2* (Company &lt;0&gt; &amp; Sons)');
    expect(text).not.toContain('*Line 27*');
    expect(text).toMatch(/…and 14\d\d more rows with problems not shown/);
    expect(view.blocks.length).toBeLessThanOrEqual(50);
  });

  it('says what is saved and what is not when the import stopped part-way, and how to finish', () => {
    const stopped = report({
      rows: 100_000,
      rowsToWrite: 100_000,
      rowsWritten: 40_000,
      imported: 39_000,
      updated: 600,
      unchanged: 400,
      transactions: 80,
      interrupted: 'another process kept the database locked for 30 s',
    });
    const view = importReportMessage(stopped, { fileName: 'pipeline.csv' });
    expect(checkMessage(view as never)).toEqual([]);
    expect(view.text).toBe(
      'The import of pipeline.csv stopped part-way: 40000 of 100000 rows are saved, 60000 are not. Send the same ' +
        'file again to finish.',
    );
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('stopped part-way: another process kept the database locked for 30 s. 40,000 of 100,000');
    expect(text).toContain('*New deals saved*\\n39000');
    expect(text).not.toMatch(/Nothing was imported|Imported/);

    const none = importReportMessage(
      { ...stopped, rowsWritten: 0, imported: 0, updated: 0, unchanged: 0 },
      {
        fileName: 'pipeline.csv',
      },
    );
    expect(none.text).toBe(
      'Nothing was imported from pipeline.csv: another process kept the database locked for 30 s.',
    );
  });

  it('the working message says how far the import is', () => {
    const checking = importWorkingMessage(
      'pipeline.csv',
      { phase: 'checking', rowsChecked: 12_000, rowsWritten: 0, rowsToWrite: 0 },
      false,
    );
    expect(checkMessage(checking as never)).toEqual([]);
    expect(checking.text).toBe(
      "Working on pipeline.csv: checking its rows (12,000 so far). I'll post the report here when it is done.",
    );
    expect(JSON.stringify(checking.blocks)).toContain('Nothing is saved until every row has been checked.');
    const saving = importWorkingMessage(
      'pipeline.csv',
      { phase: 'writing', rowsChecked: 100_000, rowsWritten: 20_000, rowsToWrite: 100_000 },
      false,
    );
    expect(saving.text).toContain('saving its rows (20,000 of 100,000 so far)');
    expect(JSON.stringify(importWorkingMessage('p.csv', null, true).blocks)).toContain('Nothing will be written');
  });

  it('renders a file problem', () => {
    const view = importReportMessage(report({ error: 'No company column: name one of …' }), { fileName: 'x.csv' });
    expect(checkMessage(view as never)).toEqual([]);
    expect(view.text).toBe('Nothing was imported from x.csv: No company column: name one of …');
  });
});

describe('upload comments', () => {
  it('reads "dry run" and "skip invalid", and nothing else', () => {
    expect(uploadFlags('dry run please')).toEqual({ dryRun: true, skipInvalid: false });
    expect(uploadFlags('Dry-Run, skip invalid')).toEqual({ dryRun: true, skipInvalid: true });
    expect(uploadFlags('check only')).toEqual({ dryRun: true, skipInvalid: false });
    expect(uploadFlags('here are the deals, please check them')).toEqual({ dryRun: false, skipInvalid: false });
  });
});
