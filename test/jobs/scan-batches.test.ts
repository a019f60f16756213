// The scan commits in batches of whole reps (issue 21): one short write transaction per batch, the
// event loop let run in between, one DM per rep per scan, a dry run that reports what a real scan
// does, and two scans (two instances, the CLI beside the bot, the bot's worker) that interleave their
// batches on two connections and still decide and queue each nudge once.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedPipeline } from '../../src/bench/seed.js';
import { openStore, type Store } from '../../src/db/index.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import { WORKER_LISTED_DECISIONS, workerScanRunner } from '../../src/jobs/scan-runner.js';
import { DUE_COUNT_QUERY, scan, type ScanResult } from '../../src/jobs/scan.js';
import type { AppContext } from '../../src/services/context.js';
import { runDealCommand } from '../../src/services/deal-commands.js';
import { tempDatabase, testTempDir } from '../support/temp-db.js';

interface Rep {
  id: string;
  zone: string;
  value: string;
  /** Company names, and the word each is referred to by in commands. */
  companies: Array<[name: string, ref: string]>;
}

/** Reps in five zones; at Thursday Nov 5 15:00 UTC all but Tokyo and Bangalore are in working hours. */
const REPS: Rep[] = [
  {
    id: 'UBER03',
    zone: 'Europe/Berlin',
    value: '45k EUR',
    companies: [
      ['Müller & Söhne Maschinenbau GmbH', 'Müller'],
      ['Łódź Logistyka Sp. z o.o.', 'Łódź'],
      ["Société Générale d'Équipement SAS", 'Société'],
      ['Nordlicht Logistik GmbH', 'Nordlicht'],
    ],
  },
  {
    id: 'UBLR06',
    zone: 'Asia/Kolkata',
    value: '2,500,000 INR',
    companies: [
      ['Infosys BPM Limited', 'Infosys'],
      ['Wipro Enterprises Pvt. Ltd.', 'Wipro'],
    ],
  },
  {
    id: 'ULON04',
    zone: 'Europe/London',
    value: '30k GBP',
    companies: [
      ['Tata Consultancy Services Ltd', 'Tata'],
      ['Brighton & Hove Albion Holdings plc', 'Brighton'],
    ],
  },
  {
    id: 'UNYC01',
    zone: 'America/New_York',
    value: '85k',
    companies: [
      ['Acme Robotics, Inc.', 'Acme'],
      ['Hudson & Vane Capital LLC', 'Hudson'],
      ['O’Brien, Nakamura & Partners LLP', 'O’Brien'],
    ],
  },
  {
    id: 'USAO02',
    zone: 'America/Sao_Paulo',
    value: '120k BRL',
    companies: [
      ['Café Olé Comércio Ltda.', 'Café'],
      ['Banco Itaú Unibanco S.A.', 'Banco'],
    ],
  },
  {
    id: 'UTYO05',
    zone: 'Asia/Tokyo',
    value: '5,000,000 JPY',
    companies: [
      ['株式会社 東京ロボティクス', '株式会社'],
      ['サクラ精密工業株式会社', 'サクラ精密工業株式会社'],
    ],
  },
];

/** Thursday Nov 5, 10:00 in New York, 12:00 in São Paulo, 15:00 in London, 16:00 in Berlin. */
const THURSDAY = new Date('2026-11-05T15:00:00Z');

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function memoryStore(): Store {
  const store = openStore(':memory:');
  stores.push(store);
  return store;
}

/**
 * Negotiations whose prospects replied on Monday Nov 2 and went quiet after our email an hour later:
 * silent past the 3-business-day threshold by Thursday. Deals are created rep after rep in turn, so
 * consecutive ids belong to different reps (a batch cut by id would split every rep's DM).
 * `perRep`: how many of each rep's companies (default all).
 */
async function quietPipeline(store: Store, perRep?: number, reps: Rep[] = REPS): Promise<void> {
  const clock = new ManualClock('2026-11-02T15:00:00Z');
  const ctx: AppContext = { store, clock, defaultZone: 'UTC' };
  const run = async (rep: Rep, text: string) => {
    const actor = { teamId: 'T1', userId: rep.id, zone: rep.zone, role: 'rep' as const };
    const outcome = await runDealCommand(ctx, actor, text);
    if (outcome.type !== 'message' || /Right form|No deal|Which one/.test(outcome.message.text)) {
      throw new Error(`${text}: ${outcome.type === 'message' ? outcome.message.text : 'a modal'}`);
    }
  };
  for (const rep of reps)
    upsertUser(store.db, 'T1', rep.id, { timezone: rep.zone, timezoneSource: 'slack' }, clock.now());
  const longest = Math.max(...reps.map((r) => r.companies.length));
  for (let i = 0; i < (perRep ?? longest); i++) {
    for (const rep of reps) {
      const company = rep.companies[i];
      if (!company) continue;
      clock.set('2026-11-02T15:00:00Z');
      await run(rep, `new ${company[0]} value ${rep.value} stage negotiation contact "Alex Moreau"`);
      await run(rep, `reply ${company[1]} they want the final quote`);
      clock.set('2026-11-02T16:00:00Z');
      await run(rep, `email ${company[1]} sent the final quote`);
    }
  }
}

interface NudgeRow {
  recipient: string;
  key: string;
  decisions: string[];
}

function nudgeDms(store: Store): NudgeRow[] {
  const rows = store.sqlite
    .prepare(`SELECT recipient, key, payload FROM outbox WHERE kind = 'nudges' ORDER BY id`)
    .all() as Array<{ recipient: string; key: string; payload: string }>;
  return rows.map((r) => ({
    recipient: r.recipient,
    key: r.key,
    decisions: (JSON.parse(r.payload) as { decisions: string[] }).decisions,
  }));
}

const nudgedDeals = (result: ScanResult, owner: string) =>
  result.decisions.filter((d) => d.action === 'nudge' && d.ownerId === owner).map((d) => d.dealId);

const due = (store: Store, at: Date) => store.sqlite.prepare(DUE_COUNT_QUERY).pluck().get({ now: at.getTime() });

/** Decisions as comparable strings: deal, action, step. */
const decided = (result: ScanResult) => result.decisions.map((d) => `${d.dealId}:${d.action}:${d.step ?? '-'}`);

describe('the scan in batches', () => {
  it('makes one write transaction per batch of whole reps, and each rep one DM with all their nudges', async () => {
    const store = memoryStore();
    await quietPipeline(store);
    expect(due(store, THURSDAY)).toBe(15);
    const before = store.writeStats.writes;
    const result = await scan(store, THURSDAY, { batchSize: 4, batchMs: Number.POSITIVE_INFINITY });
    // Reps in workspace and owner order, whole, at most 4 deals a batch: Berlin (4) | Bangalore (2) and
    // London (2) | New York (3) | São Paulo (2) and Tokyo (2).
    expect(result.batches).toBe(4);
    expect(store.writeStats.writes - before).toBe(4);
    expect(result.candidates).toBe(15);
    const dms = nudgeDms(store);
    const nudged = ['UBER03', 'ULON04', 'UNYC01', 'USAO02'];
    expect(dms.map((d) => d.recipient).sort()).toEqual(nudged);
    for (const owner of nudged) {
      const [dm] = dms.filter((d) => d.recipient === owner);
      expect(dm!.decisions.map((k) => Number(k.split(':')[0])).sort((a, b) => a - b)).toEqual(
        nudgedDeals(result, owner).sort((a, b) => a - b),
      );
    }
    expect(nudgedDeals(result, 'UBER03')).toHaveLength(4);
    // Reported in deal order, as one transaction would have decided them.
    const ids = result.decisions.map((d) => d.dealId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Nothing is left due at that instant, and a second scan decides nothing.
    expect(due(store, THURSDAY)).toBe(0);
    expect(await scan(store, THURSDAY, { batchSize: 4 })).toMatchObject({ decisions: [], queued: 0, batches: 0 });
  });

  it('makes ceil(N / batch) transactions when reps fill batches evenly, and one per rep at a zero budget', async () => {
    const [even, perRepStore] = [memoryStore(), memoryStore()];
    await quietPipeline(even, 2);
    await quietPipeline(perRepStore, 2);
    expect(due(even, THURSDAY)).toBe(12);
    const before = even.writeStats.writes;
    const batched = await scan(even, THURSDAY, { batchSize: 4, batchMs: Number.POSITIVE_INFINITY });
    expect(batched.batches).toBe(Math.ceil(12 / 4));
    expect(even.writeStats.writes - before).toBe(3);
    // A budget of 0 ms commits after every rep: the same decisions.
    const perRepBefore = perRepStore.writeStats.writes;
    const perRep = await scan(perRepStore, THURSDAY, { batchMs: 0 });
    expect(perRep.batches).toBe(REPS.length);
    expect(perRepStore.writeStats.writes - perRepBefore).toBe(REPS.length);
    expect(decided(perRep)).toEqual(decided(batched));
    expect(nudgeDms(perRepStore)).toEqual(nudgeDms(even));
  });

  it('a rep with more deals due than a batch holds: the first batch of them now, the rest at the next scan', async () => {
    const store = memoryStore();
    const berlin = REPS[0]!;
    await quietPipeline(store, undefined, [berlin, REPS[3]!]);
    const first = await scan(store, THURSDAY, { batchSize: 3 });
    // Berlin's first three deals (by id), New York's three; one Berlin deal waits, still due.
    expect(first.deferred).toBe(1);
    expect(nudgedDeals(first, 'UBER03')).toHaveLength(3);
    expect(nudgedDeals(first, 'UNYC01')).toHaveLength(3);
    expect(due(store, THURSDAY)).toBe(1);
    const later = new Date(THURSDAY.getTime() + 15 * 60_000);
    const next = await scan(store, later, { batchSize: 3 });
    expect(next.deferred).toBe(0);
    expect(next.decisions.map((d) => [d.ownerId, d.action])).toEqual([
      ['UBER03', 'open_episode'],
      ['UBER03', 'nudge'],
    ]);
    // One DM per rep per scan: Berlin's two, each deal in one of them, once.
    const dms = nudgeDms(store).filter((d) => d.recipient === 'UBER03');
    expect(dms.map((d) => d.decisions.length)).toEqual([3, 1]);
    const deals = dms.flatMap((d) => d.decisions.map((k) => k.split(':')[0]));
    expect(new Set(deals).size).toBe(4);
  });

  it('the full scan decides the first batch of an oversized rep and leaves the rest due for the incremental scan', async () => {
    const store = memoryStore();
    await quietPipeline(store, undefined, [REPS[0]!]);
    const full = await scan(store, THURSDAY, { full: true, batchSize: 3 });
    expect(full).toMatchObject({ candidates: 4, deferred: 0, missed: 0 });
    expect(nudgedDeals(full, 'UBER03')).toHaveLength(3);
    expect(due(store, THURSDAY)).toBe(1);
    const incremental = await scan(store, THURSDAY, { batchSize: 3 });
    expect(nudgedDeals(incremental, 'UBER03')).toHaveLength(1);
    expect(nudgeDms(store).map((d) => d.decisions.length)).toEqual([3, 1]);
  });

  it('a crash in the middle leaves whole batches: the next scan decides the rest, each rep still one DM', async () => {
    const store = memoryStore();
    await quietPipeline(store);
    let writes = 0;
    // The third batch dies before it commits (the process killed, the disk full): it leaves nothing.
    const crashing: Store = {
      ...store,
      write: (fn, options) =>
        store.write((tx) => {
          const value = fn(tx);
          if (++writes === 3) throw new Error('killed before COMMIT');
          return value;
        }, options),
    };
    const options = { batchSize: 4, batchMs: Number.POSITIVE_INFINITY };
    await expect(scan(crashing, THURSDAY, options)).rejects.toThrow('killed before COMMIT');
    // Batches 1 and 2 (Berlin | Bangalore and London) are whole; New York's, São Paulo's and Tokyo's deals
    // are untouched and still due.
    const owners = (sql: string) => store.sqlite.prepare(sql).pluck().all() as string[];
    expect(
      owners('SELECT DISTINCT d.owner_id FROM silence_episodes e JOIN deals d ON d.id = e.deal_id ORDER BY 1'),
    ).toEqual(['UBER03', 'UBLR06', 'ULON04']);
    expect(nudgeDms(store).map((d) => d.recipient)).toEqual(['UBER03', 'ULON04']);
    expect(
      owners(`SELECT DISTINCT owner_id FROM deals WHERE next_check_at <= ${THURSDAY.getTime()} ORDER BY 1`),
    ).toEqual(['UNYC01', 'USAO02', 'UTYO05']);
    const rest = await scan(store, THURSDAY, options);
    expect(new Set(rest.decisions.map((d) => d.ownerId))).toEqual(new Set(['UNYC01', 'USAO02', 'UTYO05']));
    const dms = nudgeDms(store);
    expect(dms.map((d) => d.recipient).sort()).toEqual(['UBER03', 'ULON04', 'UNYC01', 'USAO02']);
    const keys = dms.flatMap((d) => d.decisions);
    expect(new Set(keys).size).toBe(keys.length);
    expect(due(store, THURSDAY)).toBe(0);
  });

  it.each([
    ['in rep batches', Number.POSITIVE_INFINITY],
    ['swept first', 0],
  ])(
    'a dry run reports exactly what the real scan then does (%s), episode ids included, and writes nothing',
    async (_, sweepOver) => {
      const store = memoryStore();
      await quietPipeline(store);
      const snapshot = () => ({
        episodes: store.sqlite.prepare('SELECT * FROM silence_episodes ORDER BY id').all(),
        outbox: store.sqlite.prepare('SELECT * FROM outbox ORDER BY id').all(),
        deals: store.sqlite.prepare('SELECT * FROM deals ORDER BY id').all(),
        sequence: store.sqlite.prepare('SELECT * FROM sqlite_sequence ORDER BY name').all(),
      });
      const options = { batchSize: 3, batchMs: Number.POSITIVE_INFINITY, sweepOver };
      // Thursday opens every episode; Friday 15:00 UTC offers step 2 on them (and reps in Asia open theirs).
      for (const at of [THURSDAY, new Date('2026-11-06T15:00:00Z'), new Date('2026-11-09T15:00:00Z')]) {
        const before = snapshot();
        const dry = await scan(store, at, { ...options, dryRun: true });
        expect(snapshot()).toEqual(before);
        expect(dry.batches).toBeGreaterThan(1);
        const real = await scan(store, at, options);
        expect(real).toEqual({ ...dry, dryRun: false });
        expect(real.decisions.length).toBeGreaterThan(0);
        expect(real.decisions.filter((d) => d.action === 'nudge').length).toBeGreaterThan(0);
      }
    },
  );

  it('lets the event loop run between batches: a timer set during the first batch fires before the scan ends', async () => {
    const store = memoryStore();
    await quietPipeline(store);
    const before = store.writeStats.writes;
    const seen: Array<{ what: string; batchesDone: number }> = [];
    const note = (what: string) => () => seen.push({ what, batchesDone: store.writeStats.writes - before });
    let first = true;
    // The store as the scan sees it, with a timer and an immediate set inside its first transaction.
    const watched: Store = {
      ...store,
      write: (fn, options) =>
        store.write((tx) => {
          if (first) {
            first = false;
            setTimeout(note('timer'), 0);
            setImmediate(note('immediate'));
            // The timer is due (1 ms) by the time this batch commits.
            const until = performance.now() + 2;
            while (performance.now() < until);
          }
          return fn(tx);
        }, options),
    };
    const result = await scan(watched, THURSDAY, { batchMs: 0 });
    note('scan done')();
    expect(result.batches).toBe(REPS.length);
    expect(seen.map((s) => s.what).sort()).toEqual(['immediate', 'scan done', 'timer']);
    expect(seen.at(-1)!.what).toBe('scan done');
    // Both ran after the first batch committed and while batches were still to come.
    for (const { batchesDone } of seen.slice(0, 2)) {
      expect(batchesDone).toBeGreaterThanOrEqual(1);
      expect(batchesDone).toBeLessThan(REPS.length);
    }
  });
});

describe('a large plan is swept first, in id order', () => {
  it('decides and writes exactly what the rep batches alone do', async () => {
    const dir = testTempDir('dealcoach-sweep-');
    const at = new Date('2026-11-24T15:00:00Z');
    const path = join(dir, 'swept.db');
    seedPipeline({ path, deals: 900, reps: 18, teams: 3, activitiesPerDeal: 1, at, workspace: 'TSWEEP01' });
    copyFileSync(path, join(dir, 'batched.db'));
    const swept = openStore(`file:${path}`);
    const batched = openStore(`file:${join(dir, 'batched.db')}`);
    stores.push(swept, batched);
    const rows = (store: Store) => ({
      deals: store.sqlite.prepare('SELECT * FROM deals ORDER BY id').all(),
      episodes: store.sqlite.prepare('SELECT * FROM silence_episodes ORDER BY id').all(),
      commitments: store.sqlite.prepare('SELECT * FROM commitments ORDER BY id').all(),
      outbox: store.sqlite.prepare('SELECT team_id, key, kind, recipient, payload FROM outbox ORDER BY id').all(),
    });
    for (const when of [at, new Date('2026-11-25T15:00:00Z'), new Date('2026-11-26T09:00:00Z')]) {
      const before = swept.writeStats.writes;
      // Batches of 150: no rep has that many due (a rep with more has the rest deferred when not swept).
      const a = await scan(swept, when, { defaultZone: 'UTC', batchSize: 150, sweepOver: 0 });
      const b = await scan(batched, when, { defaultZone: 'UTC', batchSize: 150, sweepOver: Number.POSITIVE_INFINITY });
      expect(a.decisions.length).toBeGreaterThan(0);
      expect({ ...a, batches: 0 }).toEqual({ ...b, batches: 0 });
      // The sweep's transactions (150 deals each, in id order) come first, then the rep batches of the rest.
      expect(a.batches).toBeGreaterThanOrEqual(Math.ceil(a.candidates / 150) + 1);
      expect(swept.writeStats.writes - before).toBe(a.batches);
      expect(rows(swept)).toEqual(rows(batched));
    }
    // The full scan, swept too, finds nothing missed and decides what the full scan in rep batches does.
    const later = new Date('2026-11-27T15:00:00Z');
    const fullSwept = await scan(swept, later, { defaultZone: 'UTC', full: true, batchSize: 150, sweepOver: 0 });
    const fullBatched = await scan(batched, later, {
      defaultZone: 'UTC',
      full: true,
      batchSize: 150,
      sweepOver: Number.POSITIVE_INFINITY,
    });
    expect({ ...fullSwept, batches: 0 }).toEqual({ ...fullBatched, batches: 0 });
    expect(fullSwept.missed).toBe(0);
    expect(rows(swept)).toEqual(rows(batched));
  }, 60_000);
});

describe('two scans at once, on two connections to the same file', () => {
  it('interleave their batches and still decide, and queue, each nudge once', async () => {
    const { store: a, path } = tempDatabase('dealcoach-interleave-', 'pipeline.db');
    await quietPipeline(a);
    const expected = await scan(a, THURSDAY, { dryRun: true });
    const b = openStore(`file:${path}`);
    stores.push(b);
    // One commits after every rep; the other reads every due deal and decides them in one batch. Both
    // read their plans before either writes: each plan holds every due deal.
    const [one, other] = await Promise.all([
      scan(a, THURSDAY, { batchMs: 0 }),
      scan(b, THURSDAY, { batchSize: 1_000, batchMs: Number.POSITIVE_INFINITY }),
    ]);
    // The second read every due deal in one batch, after the first had committed its first rep's; the
    // first then found the rest decided (none due). Both decided some of it.
    expect([one.batches, other.batches]).toEqual([2, 1]);
    expect(one.decisions.length).toBeGreaterThan(0);
    expect(other.decisions.length).toBeGreaterThan(0);
    await interleavedOnce(b, one, other, expected);
  });

  it('interleave their sweeps and batches and still decide, and queue, each nudge once', async () => {
    const { store: a, path } = tempDatabase('dealcoach-interleave-sweep-', 'pipeline.db');
    await quietPipeline(a);
    const expected = await scan(a, THURSDAY, { dryRun: true });
    const b = openStore(`file:${path}`);
    stores.push(b);
    // Both sweep first, 2 deals a transaction, then decide rep by rep: every step of one lands between two of
    // the other's.
    const [one, other] = await Promise.all([
      scan(a, THURSDAY, { batchSize: 2, batchMs: 0, sweepOver: 0 }),
      scan(b, THURSDAY, { batchSize: 5, batchMs: 0, sweepOver: 0 }),
    ]);
    expect(one.batches).toBeGreaterThan(8);
    expect(other.batches).toBeGreaterThan(3);
    await interleavedOnce(b, one, other, expected);
  });
});

/** Two scans that ran at once decided together what one scan decides, each decision and nudge once. */
async function interleavedOnce(b: Store, one: ScanResult, other: ScanResult, expected: ScanResult) {
  // Together they decided what one scan decides, each decision once.
  const all = [...decided(one), ...decided(other)];
  expect(new Set(all).size).toBe(all.length);
  expect(all.sort()).toEqual(decided(expected).sort());
  expect(one.queued + other.queued).toBe(expected.queued);
  // One DM per rep; every nudge in exactly one DM; one open episode per deal.
  const dms = nudgeDms(b);
  expect(dms.map((d) => d.recipient).sort()).toEqual(['UBER03', 'ULON04', 'UNYC01', 'USAO02']);
  const keys = dms.flatMap((d) => d.decisions);
  expect(new Set(keys).size).toBe(keys.length);
  const openEpisodes = b.sqlite
    .prepare('SELECT deal_id, count(*) AS n FROM silence_episodes WHERE ended_at IS NULL GROUP BY deal_id')
    .all() as Array<{ n: number }>;
  expect(openEpisodes).toHaveLength(15);
  expect(openEpisodes.every((e) => e.n === 1)).toBe(true);
  // Every decided deal's next check moved past now; a third scan finds nothing.
  expect(due(b, THURSDAY)).toBe(0);
  expect((await scan(b, THURSDAY)).decisions).toEqual([]);
}

describe('the scan worker, on its own connection', () => {
  it("a worker scans while this thread's connection writes between its batches", async () => {
    const dir = testTempDir('dealcoach-worker-batches-');
    const path = join(dir, 'pipeline.db');
    const at = new Date('2026-11-24T15:00:00Z');
    seedPipeline({ path, deals: 7_000, reps: 140, teams: 6, activitiesPerDeal: 1, at, workspace: 'TWORKER01' });
    copyFileSync(path, join(dir, 'reference.db'));
    const store = openStore(`file:${path}`);
    stores.push(store);
    const reference = openStore(`file:${join(dir, 'reference.db')}`);
    stores.push(reference);
    const dueAtFirst = due(store, at) as number;
    expect(dueAtFirst).toBe(7_000);

    // A write every few milliseconds on this thread's own connection, each noting how much was still due.
    const seenDue: number[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        seenDue.push(await store.write(() => due(store, at) as number));
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    const runner = workerScanRunner(`file:${path}`);
    try {
      const fromWorker = await runner.run(at, 'UTC');
      writing = false;
      await writer;
      // Some writes landed after the worker had committed some batches and before it had committed all.
      expect(seenDue.some((n) => n > 0 && n < dueAtFirst)).toBe(true);
      expect(store.writeStats.gaveUp).toBe(0);
      // And it decided what an in-process scan of a copy decides; its reply lists the first 2,000 decisions
      // and counts the rest (the bot's thread deserializes it).
      const inProcess = await scan(reference, at, { defaultZone: 'UTC' });
      expect(fromWorker.result.batches).toBeGreaterThan(4);
      expect(inProcess.decisions.length).toBeGreaterThan(WORKER_LISTED_DECISIONS);
      expect(decided(fromWorker.result)).toEqual(decided(inProcess).slice(0, WORKER_LISTED_DECISIONS));
      expect(fromWorker.result.unlisted).toBe(inProcess.decisions.length - WORKER_LISTED_DECISIONS);
      expect(fromWorker.result.queued).toBe(inProcess.queued);
      // (A nurture deal whose follow-up came up is active again and due at once: for the next scan.)
      expect(due(store, at)).toBe(due(reference, at));
    } finally {
      writing = false;
      await writer;
      await runner.close();
    }
  }, 60_000);
});
