// The streaming CSV import against real SQLite with the real migrations, on files shaped like
// each CRM's export (BOM, CRLF, quoted commas and line breaks, empty rows, bad dates).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { activities, auditEvents, commitments, deals, silenceEpisodes, users } from '../../src/db/schema.js';
import { importCsv, UploadProblem, type ImportOptions } from '../../src/services/csv-import.js';

const NOW = new Date('2026-11-23T14:00:00Z');
const fixture = (name: string) => createReadStream(new URL(`./fixtures/${name}`, import.meta.url));
const text = (csv: string) => Readable.from([Buffer.from(csv)]);

let store: Store;
const run = (input: Readable, options: Partial<ImportOptions> = {}) =>
  importCsv(store, input, { teamId: 'T1', now: NOW, zone: 'UTC', source: 'test.csv', ...options });
const allDeals = () => store.db.select().from(deals).orderBy(asc(deals.companyKey)).all();
const deal = (company: string) => store.db.select().from(deals).where(eq(deals.company, company)).get();

beforeEach(() => {
  store = openStore(':memory:');
  store.db
    .insert(users)
    .values([
      { teamId: 'T1', slackId: 'U0RITA', email: 'Rita@Example.com', name: 'Rita Rep', createdAt: NOW },
      { teamId: 'T1', slackId: 'U0SAM', email: 'sam@example.com', name: 'Sam Seller', createdAt: NOW },
      { teamId: 'T2', slackId: 'U0OTHER', email: 'sam@example.com', name: 'Sam Elsewhere', createdAt: NOW },
    ])
    .run();
});
afterEach(() => store.close());

describe('CRM exports as they come', () => {
  it('HubSpot: BOM, CRLF, quoted commas, empty rows; last activity read as the last reply', async () => {
    const report = await run(fixture('hubspot-deals.csv'));
    expect(report).toMatchObject({
      committed: true,
      rows: 9,
      imported: 7,
      updated: 0,
      skipped: 2,
      rejected: 0,
      error: null,
    });
    expect(report.notes.join()).toContain('"Last Activity Date" is read as the prospect\'s last reply');
    expect(report.columns.find((c) => c.column === 'Record ID')).toEqual({ column: 'Record ID', field: 'externalId' });
    expect(report.columns.find((c) => c.column === 'Pipeline')).toEqual({ column: 'Pipeline', field: null });
    expect(deal('Acme, Inc.')).toMatchObject({
      externalId: '1001',
      ownerId: 'U0REP1',
      contactName: 'Bob Lee',
      contactEmail: 'bob@acme.com',
      valueMinor: 5_000_000,
      currency: 'USD',
      stage: 'prospecting',
      forecast: 'pipeline',
      state: 'active',
      lastInboundAt: new Date('2026-11-03T14:00:00Z'),
      lastActivityAt: new Date('2026-11-03T14:00:00Z'),
      createdAt: new Date('2026-10-01T09:30:00Z'),
    });
    // The owner column held an email: matched to the user row, whatever its case.
    expect(deal('Globex')).toMatchObject({
      ownerId: 'U0RITA',
      valueMinor: 1_250_000,
      stage: 'qualified',
      forecast: 'best-case',
      contactName: 'Ann Smith',
      contactEmail: null,
    });
    expect(deal('Initech')).toMatchObject({ valueMinor: 7_500_000, stage: 'demo', contactEmail: 'peter@initech.com' });
    expect(deal('Umbrella Corp, Ltd.')).toMatchObject({ valueMinor: 12_000_050, stage: 'proposal' });
    expect(deal('Hooli')).toMatchObject({ valueMinor: 125_000_000, stage: 'negotiation', forecast: 'commit' });
    expect(deal('Vandelay Industries')).toMatchObject({ state: 'won', closedAt: new Date('2026-11-05T00:00:00Z') });
    expect(deal('Soylent')).toMatchObject({
      state: 'lost',
      forecast: 'omitted',
      closedAt: new Date('2026-10-28T00:00:00Z'),
    });
    // Every new deal has its timeline entry; owners seen for the first time get a user row.
    const timeline = store.db
      .select()
      .from(activities)
      .where(eq(activities.dealId, deal('Hooli')!.id))
      .all();
    expect(timeline).toMatchObject([{ direction: 'update', note: 'imported from test.csv', actorId: 'U0REP2' }]);
    expect(store.db.select().from(users).where(eq(users.slackId, 'U0REP2')).get()).toMatchObject({
      teamId: 'T1',
      role: 'rep',
    });
    expect(store.db.select().from(auditEvents).all()).toMatchObject([{ action: 'csv_import', subject: 'test.csv' }]);
  });

  it('Pipedrive: "Deal - " headers, owner by name, open/won/lost/deleted status, currency column', async () => {
    const report = await run(fixture('pipedrive-deals.csv'));
    expect(report).toMatchObject({ committed: true, rows: 6, imported: 5, skipped: 1, rejected: 0 });
    expect(report.notes.join()).toContain('marked deleted in the CRM was skipped');
    expect(deal('Wonka Industries')).toMatchObject({
      externalId: '201',
      ownerId: 'U0RITA',
      valueMinor: 1_250_000,
      currency: 'EUR',
      stage: 'demo',
      contactName: 'Charlie Bucket',
      contactEmail: 'charlie@wonka.example',
      lastInboundAt: new Date('2026-11-09T11:00:00Z'),
    });
    expect(deal('Cyberdyne Systems')).toMatchObject({
      stage: 'proposal',
      state: 'won',
      closedAt: new Date('2026-11-04T00:00:00Z'),
    });
    expect(deal('Oscorp')).toMatchObject({ stage: 'qualified', state: 'lost', closedAt: NOW });
    expect(deal('Tyrell Corp')).toBeUndefined();
  });

  it('Salesforce: US dates (13/11 read day first), owners by email, next steps on the timeline', async () => {
    const report = await run(fixture('salesforce-opportunities.csv'));
    expect(report).toMatchObject({ committed: true, rows: 10, imported: 10, rejected: 0 });
    const byStage = Object.fromEntries(allDeals().map((d) => [d.company, `${d.stage}/${d.state}/${d.forecast}`]));
    expect(byStage).toEqual({
      'Northwind Traders': 'prospecting/active/pipeline',
      Contoso: 'qualified/active/pipeline',
      Fabrikam: 'qualified/active/best-case',
      'Litware, Inc.': 'demo/active/best-case',
      Adatum: 'demo/active/pipeline',
      'Tailspin Toys': 'demo/active/pipeline',
      Proseware: 'proposal/active/commit',
      'Woodgrove Bank': 'negotiation/active/commit',
      'Wingtip Toys': 'verbal/won/commit',
      'Lucerne Publishing': 'prospecting/lost/omitted',
    });
    expect(deal('Northwind Traders')).toMatchObject({
      ownerId: 'U0RITA',
      valueMinor: 2_500_000,
      lastInboundAt: new Date('2026-11-03T00:00:00Z'),
      createdAt: new Date('2026-10-01T00:00:00Z'),
    });
    expect(deal('Proseware')!.lastInboundAt).toEqual(new Date('2026-11-13T00:00:00Z'));
    // Sam's email exists in another workspace too: only this team's user counts.
    expect(deal('Fabrikam')!.ownerId).toBe('U0SAM');
    const notes = store.db.select().from(activities).where(eq(activities.direction, 'note')).all();
    expect(notes.map((n) => n.note).sort()).toEqual([
      'next step (imported): Intro call, then demo',
      'next step (imported): Legal redlines',
      'next step (imported): Price review with CFO',
      'next step (imported): Send the ROI sheet',
    ]);
  });

  it('reads dates in the given zone', async () => {
    await run(text('Company,Owner,Last reply\nAcme,U1,2026-11-03 09:00\n'), { zone: 'America/New_York' });
    expect(deal('Acme')!.lastInboundAt).toEqual(new Date('2026-11-03T14:00:00Z'));
  });
});

describe('rejects, all or nothing', () => {
  it('lists each rejected row with its line in the file, and imports nothing', async () => {
    const report = await run(fixture('spreadsheet-eu.csv'), { defaultOwner: 'U0REP9' });
    expect(report).toMatchObject({ committed: false, rows: 9, imported: 3, skipped: 2, rejected: 4 });
    expect(report.rejects).toEqual([
      { line: 6, company: 'Gamma AG', reason: expect.stringContaining('Value: "1.500" is ambiguous') },
      { line: 7, company: 'Delta BV', reason: expect.stringMatching(/^Last reply: "31.02.2026" is not a date/) },
      {
        line: 8,
        company: 'Epsilon',
        reason: expect.stringContaining('Stage: "Pilot phase" is not a stage dealcoach knows'),
      },
      { line: 9, company: 'Zeta', reason: 'Email: "not-an-email" is not an email address' },
    ]);
    expect(allDeals()).toHaveLength(0);
    expect(store.db.select().from(activities).all()).toHaveLength(0);
    expect(store.db.select().from(auditEvents).all()).toHaveLength(0);
  });

  it('with skipInvalid imports the valid rows of a semicolon file with European numbers and dates', async () => {
    const report = await run(fixture('spreadsheet-eu.csv'), { defaultOwner: 'U0REP9', skipInvalid: true });
    expect(report).toMatchObject({ committed: true, imported: 3, rejected: 4 });
    expect(report.stageGuesses).toEqual([{ from: 'Negociation', to: 'negotiation', rows: 1 }]);
    expect(allDeals().map((d) => d.company)).toEqual(['Alpha GmbH', 'Beta SA', 'Eta Oy']);
    expect(deal('Alpha GmbH')).toMatchObject({
      ownerId: 'U0REP1',
      valueMinor: 1_250_000,
      currency: 'EUR',
      stage: 'proposal',
      lastInboundAt: new Date('2026-11-03T00:00:00Z'),
      lastOutboundAt: new Date('2026-11-10T09:30:00Z'),
      lastActivityAt: new Date('2026-11-10T09:30:00Z'),
    });
    // A quoted line break inside a cell: the name is kept, and the line numbers after it stay right.
    expect(deal('Beta SA')).toMatchObject({
      contactName: 'Luc Martin',
      valueMinor: 5_000_000,
      stage: 'negotiation',
      lastOutboundAt: new Date('2026-11-12T00:00:00Z'),
    });
    // No owner in the row: the default owner.
    expect(deal('Eta Oy')).toMatchObject({ ownerId: 'U0REP9', valueMinor: 750_000, currency: 'EUR', stage: 'verbal' });
  });

  it('dry run: the same report, nothing written', async () => {
    const report = await run(fixture('hubspot-deals.csv'), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, committed: false, imported: 7, rejected: 0 });
    expect(allDeals()).toHaveLength(0);
    expect(store.db.select().from(users).all()).toHaveLength(3);
  });

  it('rejects bad owners, missing owners, other workspaces, and a deal twice in one file', async () => {
    const csv = [
      'Company,Owner,team_id,id',
      'Acme,nobody@example.com,,',
      'Beta,Somebody Unknown,,',
      'Gamma,,,',
      'Delta,U1,T2,',
      'Epsilon,U1,,',
      'epsilon ,U1,,',
      'Zeta,U1,,X1',
      'Eta,U1,,X1',
    ].join('\n');
    const report = await run(text(csv), { skipInvalid: true });
    expect(report.rejects.map((r) => `${r.line}: ${r.reason}`)).toEqual([
      expect.stringMatching(/^2: owner "nobody@example.com" is not the email of anyone/),
      expect.stringMatching(/^3: owner "Somebody Unknown" is not a Slack id, an email, or the name/),
      '4: no owner: fill the Owner column, or give a default owner (--owner)',
      '5: team_id T2 is another workspace (importing into T1)',
      '7: same deal as line 6 (Epsilon, owner U1): one row per deal',
      '9: same deal as line 8 (Zeta, owner U1): one row per deal',
    ]);
    expect(report).toMatchObject({ imported: 2, rejected: 6 });
  });

  it('a rep may import only their own deals', async () => {
    const report = await run(text('Company,Owner\nMine,\nAlso mine,U0RITA\nTheirs,U0SAM\n'), {
      defaultOwner: 'U0RITA',
      restrictToOwner: 'U0RITA',
      skipInvalid: true,
    });
    expect(report.rejects).toEqual([
      {
        line: 4,
        company: 'Theirs',
        reason: 'the deal belongs to U0SAM: only a manager can import deals for other reps',
      },
    ]);
    expect(allDeals().map((d) => d.ownerId)).toEqual(['U0RITA', 'U0RITA']);
  });

  it('a problem with the whole file imports nothing and says why', async () => {
    expect((await run(text('Amount,Stage\n5,demo\n'), { defaultOwner: 'U1' })).error).toMatch(/^No company column/);
    expect((await run(text('Company\nAcme\n'))).error).toMatch(/^No owner column/);
    expect((await run(text(''), { defaultOwner: 'U1' })).error).toMatch(/empty/);
    const broken = await run(text('Company,Owner\nAcme,U1\n"Beta,U1\n'));
    expect(broken.error).toMatch(/^The file is not valid CSV/);
    expect(broken.committed).toBe(false);
    expect(allDeals()).toHaveLength(0);
    expect((await run(text('Company\nAcme\n'), { defaultOwner: 'ghost@example.com' })).error).toMatch(
      /^--owner: owner "ghost@example.com"/,
    );
  });
});

describe('updates', () => {
  it('matches by external id (renaming and re-owning the deal) and by company + owner; re-importing changes nothing', async () => {
    await run(text('Record ID,Deal Name,Owner,Amount,Deal Stage\n1,Acme,U1,50k,demo\n,Beta,U1,10k,demo\n'));
    const before = deal('Acme')!;
    const report = await run(
      text('Record ID,Deal Name,Owner,Amount,Deal Stage\n1,Acme Corp,U2,60k,proposal\n,beta,U1,12k,\n'),
      { now: new Date('2026-11-24T10:00:00Z') },
    );
    expect(report).toMatchObject({ imported: 0, updated: 2, unchanged: 0, committed: true });
    expect(deal('Acme Corp')).toMatchObject({
      id: before.id,
      ownerId: 'U2',
      companyKey: 'acme corp',
      valueMinor: 6_000_000,
      stage: 'proposal',
      updatedAt: new Date('2026-11-24T10:00:00Z'),
    });
    // An empty cell keeps what is there; the company's display name follows the file.
    expect(deal('beta')).toMatchObject({ valueMinor: 1_200_000, stage: 'demo' });
    const notes = store.db
      .select()
      .from(activities)
      .where(eq(activities.dealId, before.id))
      .all()
      .map((a) => a.note);
    expect(notes).toEqual(['imported from test.csv', 'updated from test.csv: company, owner, value, stage']);
    const again = await run(
      text('Record ID,Deal Name,Owner,Amount,Deal Stage\n1,Acme Corp,U2,60k,proposal\n,beta,U1,12k,\n'),
    );
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
  });

  it('never moves the silence clock back, and a file cannot give one rep two deals with one company', async () => {
    await run(text('Company,Owner,Last reply,id\nAcme,U1,2026-11-20,\nBeta,U1,2026-11-01,B1\n'));
    const report = await run(text('Company,Owner,Last reply,id\nAcme,U1,2026-11-02,\nBeta,U1,2026-11-10,B2\n'), {
      skipInvalid: true,
    });
    expect(deal('Acme')!.lastInboundAt).toEqual(new Date('2026-11-20T00:00:00Z'));
    expect(report.rejects).toEqual([
      { line: 3, company: 'Beta', reason: expect.stringContaining('U1 already has the deal Beta') },
    ]);
    expect(report).toMatchObject({ unchanged: 1 });
  });

  it('closing a deal ends its silence episode and cancels its open commitments; reopening clears the close', async () => {
    await run(text('Company,Owner,open_commitment,open_commitment_due\nAcme,U1,send the signed order,2026-11-27\n'));
    const acme = deal('Acme')!;
    expect(store.db.select().from(commitments).all()).toMatchObject([
      { dealId: acme.id, status: 'open', text: 'send the signed order', dueOn: '2026-11-27' },
    ]);
    store.db
      .insert(silenceEpisodes)
      .values({ teamId: 'T1', dealId: acme.id, reason: 'no_reply', startedAt: NOW, startedOn: '2026-11-23' })
      .run();
    await run(text('Company,Owner,Stage,Close Date\nAcme,U1,Closed won,2026-11-25\n'), {
      now: new Date('2026-11-26T00:00:00Z'),
    });
    expect(deal('Acme')).toMatchObject({ state: 'won', closedAt: new Date('2026-11-25T00:00:00Z') });
    expect(store.db.select().from(silenceEpisodes).get()).toMatchObject({
      outcome: 'won',
      endedAt: new Date('2026-11-26T00:00:00Z'),
    });
    expect(store.db.select().from(commitments).get()).toMatchObject({ status: 'cancelled' });
    await run(text('Company,Owner,Status\nAcme,U1,open\n'));
    expect(deal('Acme')).toMatchObject({ state: 'active', closedAt: null });
  });
});

describe('owners and columns', () => {
  it('--map overrides the aliases', async () => {
    const csv =
      'Customer,Associated Company,Rep email,Deal Stage,Pipeline\nAcme Corp,ignored,rita@example.com,Stage 3 - Proposal,Sales\n';
    const report = await run(text(csv), {
      map: [
        { column: 'Customer', field: 'company' },
        { column: 'Rep email', field: 'owner' },
      ],
    });
    expect(report).toMatchObject({
      imported: 1,
      stageGuesses: [{ from: 'Stage 3 - Proposal', to: 'proposal', rows: 1 }],
    });
    expect(allDeals()).toMatchObject([{ company: 'Acme Corp', ownerId: 'U0RITA', stage: 'proposal' }]);
    expect(report.columns).toEqual([
      { column: 'Customer', field: 'company' },
      { column: 'Associated Company', field: null },
      { column: 'Rep email', field: 'owner' },
      { column: 'Deal Stage', field: 'stage' },
      { column: 'Pipeline', field: null },
    ]);
  });

  it('asks the directory for an owner email no user row has, once per email', async () => {
    const asked: string[] = [];
    const lookupEmail = async (_team: string, email: string) => {
      asked.push(email);
      return email === 'new.rep@example.com' ? 'U0NEW' : null;
    };
    const report = await run(
      text('Company,Owner\nA,new.rep@example.com\nB,NEW.REP@example.com\nC,ghost@example.com\n'),
      { lookupEmail, skipInvalid: true },
    );
    expect(report).toMatchObject({ imported: 2, rejected: 1 });
    expect(asked).toEqual(['new.rep@example.com', 'ghost@example.com']);
    expect(store.db.select().from(users).where(eq(users.slackId, 'U0NEW')).get()).toMatchObject({
      email: 'new.rep@example.com',
    });
  });

  it('caps the listed rejects but counts them all', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Co ${i},U1,not a date`);
    const report = await run(text(['Company,Owner,Last reply', ...rows].join('\n')), { maxRejectsListed: 10 });
    expect(report).toMatchObject({ rejected: 30, rejectsNotListed: 20 });
    expect(report.rejects).toHaveLength(10);
    expect(report.rejects[9]!.line).toBe(11);
  });
});

describe('streaming', () => {
  it('imports a file that arrives in small chunks, split mid-row and mid-character', async () => {
    const lines = ['Company,Owner,Amount,Contact'];
    for (let i = 0; i < 5000; i++) lines.push(`"Café ${i}, Ltd",U${i % 7}X,${i}k,"Zoë ${i}"`);
    const bytes = Buffer.from(`\uFEFF${lines.join('\r\n')}`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 997) chunks.push(bytes.subarray(i, i + 997));
    const report = await run(Readable.from(chunks));
    expect(report).toMatchObject({ rows: 5000, imported: 5000, rejected: 0, committed: true });
    expect(deal('Café 4999, Ltd')).toMatchObject({ ownerId: 'U1X', valueMinor: 499_900_000, contactName: 'Zoë 4999' });
  });

  it('a failing input stream rolls back and reports the problem', async () => {
    async function* broken() {
      yield Buffer.from('Company,Owner\nAcme,U1\n');
      throw new UploadProblem('The file is larger than 20 MB');
    }
    const report = await run(Readable.from(broken()));
    expect(report.error).toBe('The file is larger than 20 MB');
    expect(allDeals()).toHaveLength(0);
  });
});
