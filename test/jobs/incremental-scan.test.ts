// The incremental scan (only deals whose next_check_at is due) must decide exactly what the full
// scan (every open deal) decides. Two copies of one seeded pipeline live through the same weeks,
// around the clock changes of October and November and around the year end, with the same rep
// activity between scans: one copy is scanned incrementally, the other in full, at the same
// irregular instants. Their decisions, and their rows (bar next_check_at), must stay identical.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedPipeline } from '../../src/bench/seed.js';
import { prng } from '../../src/bench/stats.js';
import { getDeal } from '../../src/db/deals.js';
import { openStore, type Store } from '../../src/db/index.js';
import { reconcileNextChecks, scan, type ScanReport } from '../../src/jobs/scan.js';
import {
  createDeal,
  editDeal,
  nurtureDeal,
  recordCommitment,
  recordReply,
  recordSnooze,
  recordTouch,
} from '../../src/services/deal-events.js';

const dir = mkdtempSync(join(tmpdir(), 'dealcoach-incremental-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WORKSPACE = 'TRECON0001';

/** Deals added during the run: names people really have, for the transitions to work on too. */
const NEW_COMPANIES = [
  "Société Générale d'Équipement SAS",
  'Müller & Söhne Maschinenbau GmbH',
  '株式会社 東京ロボティクス',
  'Café Olé 🍵 Comércio Ltda.',
  'Łódź Logistyka Sp. z o.o.',
  'O’Brien, Nakamura & Partners LLP',
];

/** Every row the scan reads or writes, next_check_at aside, in a stable order. */
function snapshot(store: Store): unknown {
  const rows = (sql: string) => store.sqlite.prepare(sql).all();
  return {
    deals: rows('SELECT * FROM deals ORDER BY id').map((d) => ({ ...(d as object), next_check_at: undefined })),
    episodes: rows('SELECT * FROM silence_episodes ORDER BY id'),
    commitments: rows('SELECT * FROM commitments ORDER BY id'),
    outbox: rows('SELECT team_id, key, kind, recipient, payload, status FROM outbox ORDER BY id'),
  };
}

const byDeal = (decisions: ScanReport[]) =>
  [...decisions].sort(
    (a, b) => a.dealId - b.dealId || a.action.localeCompare(b.action) || (a.step ?? 0) - (b.step ?? 0),
  );

/** The same rep activity on both copies: replies, touches, snoozes, promises, nurture, stage changes, new deals. */
function act(stores: Store[], random: () => number, now: Date, dealIds: number[], newDeal: string | null): void {
  const dealId = dealIds[Math.floor(random() * dealIds.length)]!;
  const kind = Math.floor(random() * 7);
  const snoozeDays = 1 + Math.floor(random() * 6);
  const dueIn = Math.floor(random() * 4) - 1;
  for (const store of stores) {
    store.db.transaction((tx) => {
      if (newDeal) {
        const deal = createDeal(
          tx,
          'U-ops',
          {
            teamId: WORKSPACE,
            ownerId: 'UR000001',
            company: newDeal,
            stage: 'negotiation',
            valueMinor: 1_250_000,
            currency: 'EUR',
            lastOutboundAt: new Date(now.getTime() - 2 * DAY),
            lastInboundAt: new Date(now.getTime() - 4 * DAY),
          },
          now,
        );
        dealIds.includes(deal.id) || dealIds.push(deal.id);
        return;
      }
      const deal = getDeal(tx, WORKSPACE, dealId);
      if (!deal || !['active', 'silent', 'nurture'].includes(deal.state)) return;
      const dueOn = new Date(now.getTime() + dueIn * DAY).toISOString().slice(0, 10);
      switch (kind) {
        case 0:
          recordReply(tx, deal.ownerId, deal, { channel: 'email', note: 'Lo vemos la semana próxima 👍' }, now);
          break;
        case 1:
          recordTouch(tx, deal.ownerId, deal, { channel: 'call', leftMessage: true, note: null }, now);
          break;
        case 2:
          recordTouch(
            tx,
            deal.ownerId,
            deal,
            { channel: 'email', leftMessage: null, note: 'Relance devis n° 42' },
            now,
          );
          break;
        case 3:
          recordSnooze(tx, deal.ownerId, deal, new Date(now.getTime() + snoozeDays * DAY), 'back from Messe', now);
          break;
        case 4:
          recordCommitment(tx, deal.ownerId, deal, { text: 'Send the signed Auftrag back', dueOn }, now);
          break;
        case 5:
          nurtureDeal(tx, deal.ownerId, deal, dueOn, 'budget next quarter', now);
          break;
        default:
          editDeal(tx, deal.ownerId, deal, { stage: 'verbal' }, now, 'stage verbal');
      }
    });
  }
}

/** A copy's settings change the same way on both: a threshold, and a rep's working hours and zone. */
function changeSettings(stores: Store[], step: number): void {
  for (const store of stores) {
    if (step % 2 === 0) {
      store.sqlite
        .prepare(`UPDATE sales_teams SET thresholds = ? WHERE id = 1`)
        .run(JSON.stringify({ negotiation: 2, demo: 4 }));
    } else {
      store.sqlite
        .prepare(
          `UPDATE users SET timezone = 'Asia/Kolkata', work_start = '08:30', work_end = '16:00' WHERE slack_id = 'UR000002'`,
        )
        .run();
    }
  }
}

async function liveThrough(
  name: string,
  from: string,
  days: number,
  seed: number,
): Promise<{ scans: number; decisions: number }> {
  const start = new Date(from);
  const seeded = join(dir, `${name}.db`);
  seedPipeline({
    path: seeded,
    deals: 250,
    reps: 6,
    teams: 2,
    activitiesPerDeal: 1,
    at: start,
    seed,
    workspace: WORKSPACE,
  });
  copyFileSync(seeded, join(dir, `${name}-incremental.db`));
  copyFileSync(seeded, join(dir, `${name}-full.db`));
  const incremental = openStore(`file:${join(dir, `${name}-incremental.db`)}`);
  const full = openStore(`file:${join(dir, `${name}-full.db`)}`);
  const both = [incremental, full];
  try {
    const random = prng(seed);
    const dealIds = (incremental.sqlite.prepare('SELECT id FROM deals ORDER BY id').pluck().all() as number[]).slice();
    let at = start.getTime();
    let scans = 0;
    let decisions = 0;
    let added = 0;
    while (at < start.getTime() + days * DAY) {
      // Irregular instants: every 20 minutes to 3 hours, at any second, so boundaries get no favours.
      at += Math.round((30 + random() * 180) * 60_000 + random() * 60_000);
      const now = new Date(at);
      if (random() < 0.35) act(both, random, new Date(at - 60_000), dealIds, null);
      if (random() < 0.02 && added < NEW_COMPANIES.length)
        act(both, random, new Date(at - 60_000), dealIds, NEW_COMPANIES[added++]!);
      if (scans === 40 || scans === 90) changeSettings(both, scans);
      const a = await scan(incremental, now, { defaultZone: 'UTC' });
      const b = await scan(full, now, { defaultZone: 'UTC', full: true });
      expect(byDeal(a.decisions), `decisions at ${now.toISOString()}`).toEqual(byDeal(b.decisions));
      expect(a.queued, `DMs queued at ${now.toISOString()}`).toBe(b.queued);
      // The full copy's own next checks were never later than its decisions.
      expect(b.missed, `missed at ${now.toISOString()}`).toBe(0);
      scans++;
      decisions += a.decisions.length;
      if (scans % 40 === 0) expect(snapshot(incremental)).toEqual(snapshot(full));
    }
    expect(snapshot(incremental)).toEqual(snapshot(full));
    // And the reconciling scan over the incremental copy finds nothing it left behind.
    expect(
      (await scan(incremental, new Date(at + HOUR), { defaultZone: 'UTC', full: true, dryRun: true })).missed,
    ).toBe(0);
    return { scans, decisions };
  } finally {
    incremental.close();
    full.close();
  }
}

describe('the incremental scan decides what the full scan decides', () => {
  it('through the October and November clock changes (Europe, then the Americas)', async () => {
    const run = await liveThrough('autumn', '2026-10-21T06:00:00Z', 16, 7);
    expect(run.scans).toBeGreaterThan(150);
    expect(run.decisions).toBeGreaterThan(60);
  }, 120_000);

  it('through the year end and its holidays', async () => {
    const run = await liveThrough('year-end', '2026-12-21T06:00:00Z', 18, 11);
    expect(run.scans).toBeGreaterThan(150);
    expect(run.decisions).toBeGreaterThan(60);
  }, 120_000);

  it('through the March clock changes (the Americas first, then Europe)', async () => {
    const run = await liveThrough('spring', '2027-03-11T06:00:00Z', 20, 13);
    expect(run.scans).toBeGreaterThan(150);
    expect(run.decisions).toBeGreaterThan(60);
  }, 120_000);

  it('looks at a fraction of the pipeline once it has settled', async () => {
    const path = join(dir, 'settled.db');
    const at = new Date('2026-11-16T14:00:00Z');
    seedPipeline({ path, deals: 1_000, reps: 20, teams: 2, activitiesPerDeal: 1, at, seed: 3, workspace: WORKSPACE });
    const store = openStore(`file:${path}`);
    try {
      expect((await scan(store, at, { defaultZone: 'UTC' })).candidates).toBe(1_000);
      const later = await scan(store, new Date(at.getTime() + 15 * 60_000), { defaultZone: 'UTC' });
      expect(later.candidates).toBeLessThan(100);
    } finally {
      store.close();
    }
  }, 60_000);

  it('the batched reconciliation finds next checks set too late, makes them due, and commits batch by batch', async () => {
    const path = join(dir, 'reconcile.db');
    const at = new Date('2026-12-29T15:00:00Z'); // between Christmas and the new year
    seedPipeline({ path, deals: 4_500, reps: 40, teams: 3, activitiesPerDeal: 1, at, seed: 11, workspace: WORKSPACE });
    copyFileSync(path, join(dir, 'reconcile-full.db'));
    const store = openStore(`file:${path}`);
    const reference = openStore(`file:${join(dir, 'reconcile-full.db')}`);
    try {
      await scan(store, at, { defaultZone: 'UTC' });
      await scan(reference, at, { defaultZone: 'UTC' });
      const later = new Date('2027-01-04T15:00:00Z'); // the first Monday of the year
      // A bug's footprint: next checks pushed a year out (and some to never) on every fifth open deal.
      store.sqlite.exec(
        `UPDATE deals SET next_check_at = CASE WHEN id % 10 = 0 THEN NULL ELSE ${later.getTime() + 365 * DAY} END
         WHERE id % 5 = 0 AND state IN ('active', 'silent', 'nurture')`,
      );
      const wouldMiss = (await scan(store, later, { defaultZone: 'UTC', full: true, dryRun: true })).missed;
      expect(wouldMiss).toBeGreaterThan(20);
      // Another writer gets the database between batches: each batch is its own transaction.
      let between = 0;
      const other = openStore(`file:${path}`);
      const probe = setInterval(() => {
        other.sqlite.exec('BEGIN IMMEDIATE; COMMIT');
        between++;
      }, 0);
      const reconciled = await reconcileNextChecks(store, later, { defaultZone: 'UTC' });
      clearInterval(probe);
      other.close();
      expect(reconciled.missed).toBe(wouldMiss);
      expect(reconciled.candidates).toBe(
        (await scan(store, later, { defaultZone: 'UTC', full: true, dryRun: true })).candidates,
      );
      expect(between).toBeGreaterThan(0);
      // The incremental scan then decides exactly what a full scan of the untouched copy decides.
      const decided = await scan(store, later, { defaultZone: 'UTC' });
      const expected = await scan(reference, later, { defaultZone: 'UTC', full: true });
      expect(byDeal(decided.decisions)).toEqual(byDeal(expected.decisions));
      expect((await scan(store, later, { defaultZone: 'UTC', full: true, dryRun: true })).missed).toBe(0);
    } finally {
      store.close();
      reference.close();
    }
  }, 120_000);
});
