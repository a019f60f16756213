// Queueing the digests whose slot has come (issue 21): each digest is built before its write (a read,
// tens of milliseconds for a large team) and queued in a short write of its own, with the event loop
// let run between teams; two instances queueing at once still queue each slot once.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { seedPipeline } from '../../src/bench/seed.js';
import { openStore, type Store } from '../../src/db/index.js';
import { queueDueDigests } from '../../src/jobs/digest.js';
import { testTempDir } from '../support/temp-db.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** Tuesday Nov 24, 12:00 UTC: 13:00 in Berlin, 12:00 in London, 09:00 in São Paulo, 07:00 in New York. */
const AT = new Date('2026-11-24T12:00:00Z');

/** A seeded pipeline whose four teams post a daily 09:00 digest in their own zones. */
function pipeline(): string {
  const path = join(testTempDir('dealcoach-digests-'), 'pipeline.db');
  seedPipeline({ path, deals: 800, reps: 16, teams: 4, activitiesPerDeal: 1, at: AT, workspace: 'TDIGEST01' });
  const store = openStore(`file:${path}`);
  const zones = ['Europe/Berlin', 'Europe/London', 'America/Sao_Paulo', 'America/New_York'];
  zones.forEach((zone, i) =>
    store.sqlite
      .prepare('UPDATE sales_teams SET timezone = ?, digest_schedule = ? WHERE id = ?')
      .run(zone, JSON.stringify({ frequency: 'daily', time: '09:00', skipDaysOff: true }), i + 1),
  );
  store.close();
  return path;
}

function open(path: string): Store {
  const store = openStore(`file:${path}`);
  stores.push(store);
  return store;
}

it('builds each digest outside its write, queues it in a write of its own, and lets the loop run between teams', async () => {
  const store = open(pipeline());
  let inWrite = false;
  let readsInWrites = 0;
  const seen: number[] = [];
  const before = store.writeStats.writes;
  // The store as the job sees it: its database handle counts being used inside a write, and the first
  // write sets an immediate that must run before the job has queued every digest.
  const db = new Proxy(store.db, {
    get(target, property) {
      if (inWrite) readsInWrites++;
      return Reflect.get(target, property, target);
    },
  });
  const watched: Store = {
    ...store,
    db,
    write: (fn, options) =>
      store.write((tx) => {
        if (store.writeStats.writes === before) setImmediate(() => seen.push(store.writeStats.writes - before));
        inWrite = true;
        try {
          return fn(tx);
        } finally {
          inWrite = false;
        }
      }, options),
  };
  const queued = await queueDueDigests(watched, AT, 'UTC');
  expect(queued.map((q) => q.slot).sort()).toEqual([
    '2026-11-24T09:00:00.000+00:00',
    '2026-11-24T09:00:00.000+01:00',
    '2026-11-24T09:00:00.000-03:00',
  ]);
  // One short write per digest, and nothing read through the store's handle while one was open.
  expect(store.writeStats.writes - before).toBe(3);
  expect(readsInWrites).toBe(0);
  // The loop ran after the first digest was queued and before the last.
  expect(seen).toEqual([1]);
  expect(await queueDueDigests(store, AT, 'UTC')).toEqual([]);
});

it('two instances queueing at the same instant queue each slot once', async () => {
  const path = pipeline();
  const [a, b] = [open(path), open(path)];
  const [one, other] = await Promise.all([queueDueDigests(a, AT, 'UTC'), queueDueDigests(b, AT, 'UTC')]);
  expect(one.length + other.length).toBe(3);
  const rows = a.sqlite
    .prepare(`SELECT key FROM outbox WHERE kind = 'digest' AND created_at = ?`)
    .pluck()
    .all(AT.getTime()) as string[];
  expect(rows).toHaveLength(3);
  expect(new Set(rows).size).toBe(3);
});
