// Export -> import into a fresh database -> export again gives the same deal rows.
import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { activities, commitments, deals, silenceEpisodes, users } from '../../src/db/schema.js';
import { EXPORT_COLUMNS, exportDeals, exportRows } from '../../src/services/csv-export.js';
import { importCsv } from '../../src/services/csv-import.js';

const NOW = new Date('2026-11-23T14:00:00Z');
const fixture = (name: string) => createReadStream(new URL(`./fixtures/${name}`, import.meta.url));

/** Facts about the history of a deal in one database, not part of the pipeline itself. */
const VOLATILE = new Set([
  'dealcoach_id',
  'updated_at',
  'activities',
  'last_episode_started_at',
  'last_episode_reason',
  'last_episode_steps_done',
  'last_episode_fired_at',
  'last_episode_ended_at',
  'last_episode_outcome',
]);

async function exportCsv(store: Store, teamId?: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportDeals(store, { format: 'csv', output: out, teamId });
  return Buffer.concat(chunks).toString('utf8');
}

const pipeline = (csv: string) =>
  (parse(csv, { columns: true }) as Array<Record<string, string>>).map((row) =>
    Object.fromEntries(Object.entries(row).filter(([k]) => !VOLATILE.has(k))),
  );

let stores: Store[] = [];
const fresh = () => {
  const store = openStore(':memory:');
  stores.push(store);
  return store;
};

beforeEach(() => {
  stores = [];
});
afterEach(() => stores.forEach((s) => s.close()));

async function richSource(): Promise<Store> {
  const store = fresh();
  store.db
    .insert(users)
    .values([
      { teamId: 'T1', slackId: 'U0RITA', email: 'rita@example.com', name: 'Rita Rep', createdAt: NOW },
      { teamId: 'T1', slackId: 'U0SAM', email: 'sam@example.com', name: 'Sam Seller', createdAt: NOW },
    ])
    .run();
  for (const file of ['hubspot-deals.csv', 'pipedrive-deals.csv', 'salesforce-opportunities.csv']) {
    const report = await importCsv(store, fixture(file), { teamId: 'T1', now: NOW, source: file });
    expect(report.committed).toBe(true);
  }
  const at = (iso: string) => new Date(iso);
  const base = {
    teamId: 'T1',
    ownerId: 'U0RITA',
    currency: 'USD',
    createdAt: at('2026-09-01T10:00:00Z'),
    updatedAt: NOW,
  } as const;
  const [tricky, snoozed, nurture, fired] = store.db
    .insert(deals)
    .values([
      {
        ...base,
        company: '=HYPERLINK("x")',
        companyKey: '=hyperlink("x")',
        contactName: 'Zoë "Z" Ødegaard',
        contactEmail: 'Zoe@Example.com',
        valueMinor: 123_456,
        currency: 'EUR',
        stage: 'demo',
        forecast: 'commit',
        prospectGoal: 'cut churn\nby 10%, "fast"',
        lastInboundAt: at('2026-11-02T09:15:30.250Z'),
        lastOutboundAt: at('2026-11-10T16:00:00Z'),
        lastActivityAt: at('2026-11-10T16:00:00Z'),
      },
      {
        ...base,
        company: 'Snoozy',
        companyKey: 'snoozy',
        snoozedUntil: at('2026-12-01T09:00:00Z'),
        lastActivityAt: at('2026-11-20T09:00:00Z'),
      },
      {
        ...base,
        company: 'Later Ltd',
        companyKey: 'later ltd',
        state: 'nurture',
        followUpOn: '2027-02-01',
        forecast: 'omitted',
      },
      {
        ...base,
        company: 'Goodbye GmbH',
        companyKey: 'goodbye gmbh',
        state: 'fired',
        forecast: 'omitted',
        lostReason: null,
        lastOutboundAt: at('2026-11-18T10:00:00Z'),
        lastActivityAt: at('2026-11-18T10:00:00Z'),
      },
    ])
    .returning()
    .all();
  store.db
    .insert(deals)
    .values({
      ...base,
      teamId: 'T2',
      ownerId: 'U0ELSE',
      company: 'Other Workspace Inc',
      companyKey: 'other workspace inc',
      valueMinor: 99_00,
    })
    .run();
  store.db
    .insert(commitments)
    .values({
      teamId: 'T1',
      dealId: tricky!.id,
      text: 'send the security questionnaire',
      dueOn: '2026-11-27',
      madeAt: NOW,
    })
    .run();
  store.db
    .insert(activities)
    .values([
      { teamId: 'T1', dealId: tricky!.id, actorId: 'U0RITA', direction: 'out', channel: 'call', at: NOW },
      { teamId: 'T1', dealId: tricky!.id, actorId: 'U0RITA', direction: 'in', channel: 'email', at: NOW },
    ])
    .run();
  store.db
    .insert(silenceEpisodes)
    .values({
      teamId: 'T1',
      dealId: fired!.id,
      reason: 'no_reply',
      startedAt: at('2026-11-10T10:00:00Z'),
      startedOn: '2026-11-10',
      stepsDone: 5,
      firedAt: at('2026-11-18T10:00:00Z'),
    })
    .run();
  expect([snoozed, nurture].every(Boolean)).toBe(true);
  return store;
}

describe('round trip', () => {
  it('export -> import into a fresh database -> export gives the same deal rows', async () => {
    const source = await richSource();
    const first = await exportCsv(source);
    const target = fresh();
    // No team given: each row's team_id says (a full restore).
    const report = await importCsv(target, Readable.from([first]), { teamId: null, now: NOW, source: 'export.csv' });
    expect(report).toMatchObject({ committed: true, rejected: 0, imported: 27, notes: [] });
    const second = await exportCsv(target);
    expect(pipeline(second)).toEqual(pipeline(first));
    expect(pipeline(first)).toHaveLength(27);
    // The export is the documented shape: every column, the formula guard, the tricky text intact.
    expect(first.split('\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(first).toContain(`"'=HYPERLINK(""x"")"`);
    expect(target.db.select().from(deals).where(eq(deals.companyKey, '=hyperlink("x")')).get()).toMatchObject({
      company: '=HYPERLINK("x")',
      contactEmail: 'Zoe@Example.com',
      prospectGoal: 'cut churn\nby 10%, "fast"',
      valueMinor: 123_456,
      currency: 'EUR',
      lastInboundAt: new Date('2026-11-02T09:15:30.250Z'),
    });
    // A third generation is identical to the second.
    const third = fresh();
    await importCsv(third, Readable.from([second]), { teamId: null, now: NOW });
    expect(pipeline(await exportCsv(third))).toEqual(pipeline(second));
  });

  it('re-importing an export into the same database changes nothing', async () => {
    const source = await richSource();
    const csv = await exportCsv(source, 'T1');
    const report = await importCsv(source, Readable.from([csv]), { teamId: 'T1', now: NOW });
    expect(report).toMatchObject({ imported: 0, updated: 0, unchanged: 26, rejected: 0 });
  });

  it('exports activities, the open commitment and the last episode; JSON is one document', async () => {
    const source = await richSource();
    const rows = [...exportRows(source, { teamId: 'T1', pageSize: 5 })];
    expect(rows).toHaveLength(26);
    const byCompany = Object.fromEntries(rows.map((r) => [r.company, r]));
    expect(byCompany['=HYPERLINK("x")']).toMatchObject({
      activities: 2,
      open_commitment: 'send the security questionnaire',
      open_commitment_due: '2026-11-27',
      value: 1234.56,
    });
    expect(byCompany['Goodbye GmbH']).toMatchObject({
      state: 'fired',
      last_episode_reason: 'no_reply',
      last_episode_steps_done: 5,
      last_episode_fired_at: '2026-11-18T10:00:00.000Z',
    });
    const out = new PassThrough();
    let json = '';
    out.on('data', (c) => (json += c));
    await exportDeals(source, { format: 'json', output: out, teamId: 'T2', now: NOW });
    const doc = JSON.parse(json);
    expect(doc).toMatchObject({
      exportedAt: NOW.toISOString(),
      teamId: 'T2',
      count: 1,
      deals: [{ company: 'Other Workspace Inc', value: 99, team_id: 'T2' }],
    });
  });
});
