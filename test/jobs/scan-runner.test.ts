// The bot scans in a worker thread with its own connection; it must decide exactly what the
// in-process scan decides, and write to the same database file.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { seedPipeline } from '../../src/bench/seed.js';
import { openStore } from '../../src/db/index.js';
import { scan } from '../../src/jobs/scan.js';
import { outbox, silenceEpisodes } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import {
  inProcessScanRunner,
  type ScanRunner,
  type ScanWorker,
  sizedScanRunner,
  type WorkerLimits,
  workerScanRunner,
} from '../../src/jobs/scan-runner.js';
import { runDealCommand } from '../../src/services/deal-commands.js';
import { fileTempDir } from '../support/temp-db.js';

const dir = fileTempDir('dealcoach-worker-');

async function seed(path: string) {
  const store = openStore(`file:${path}`);
  const clock = new ManualClock('2026-11-02T15:00:00Z');
  upsertUser(store.db, 'T1', 'U1', { timezone: 'America/New_York', timezoneSource: 'slack' }, clock.now());
  const actor = { teamId: 'T1', userId: 'U1', zone: 'America/New_York', role: 'rep' as const };
  const ctx = { store, clock, defaultZone: 'UTC' };
  for (const company of ['Acme', 'Globex', 'Initech']) {
    clock.set('2026-11-02T15:00:00Z');
    await runDealCommand(ctx, actor, `new ${company} value 50k stage negotiation`);
    await runDealCommand(ctx, actor, `reply ${company}`);
    clock.set('2026-11-02T16:00:00Z');
    await runDealCommand(ctx, actor, `email ${company}`);
  }
  return store;
}

it('decides in a worker thread exactly what it decides in process', async () => {
  const inWorker = join(dir, 'worker.db');
  const inProcess = join(dir, 'process.db');
  const a = await seed(inWorker);
  const b = await seed(inProcess);
  const runner = workerScanRunner(`file:${inWorker}`);
  try {
    const at = new Date('2026-11-05T15:00:00Z');
    const fromWorker = await runner.run(at, 'UTC');
    const fromProcess = await inProcessScanRunner(b).run(at, 'UTC');
    expect(fromWorker.result.decisions.length).toBe(6);
    expect(fromWorker).toEqual(fromProcess);
    // The worker wrote through its own connection; this one sees it (WAL).
    expect(a.db.select().from(silenceEpisodes).all()).toHaveLength(3);
    expect(a.db.select().from(outbox).all()).toHaveLength(1);
    // A second run at the same instant decides nothing new.
    expect((await runner.run(at, 'UTC')).result.decisions).toEqual([]);
  } finally {
    await runner.close();
    a.close();
    b.close();
  }
});

it('reconciles in the worker thread: the deals a lost next check hid are found and made due', async () => {
  const inWorker = join(dir, 'reconcile-worker.db');
  const inProcess = join(dir, 'reconcile-process.db');
  const a = await seed(inWorker);
  const b = await seed(inProcess);
  const runner = workerScanRunner(`file:${inWorker}`);
  try {
    const at = new Date('2026-11-05T15:00:00Z');
    await runner.run(at, 'UTC');
    await inProcessScanRunner(b).run(at, 'UTC');
    // Two deals' next checks lost (set far ahead), in both databases alike.
    const hide = "UPDATE deals SET next_check_at = 9e15 WHERE company IN ('Acme', 'Initech')";
    a.sqlite.exec(hide);
    b.sqlite.exec(hide);
    const later = new Date('2026-11-12T15:00:00Z');
    const fromWorker = await runner.reconcile(later, 'UTC');
    const fromProcess = await inProcessScanRunner(b).reconcile(later, 'UTC');
    expect(fromWorker).toEqual(fromProcess);
    expect(fromWorker.missed).toBe(2);
    const due = 'SELECT company FROM deals WHERE next_check_at = 0 ORDER BY company';
    expect(a.sqlite.prepare(due).pluck().all()).toEqual(['Acme', 'Initech']);
  } finally {
    await runner.close();
    a.close();
    b.close();
  }
});

/** A stand-in worker thread: answers each scan request with `reply`, or dies as told. */
class FakeWorker extends EventEmitter {
  terminated = false;
  constructor(
    readonly limits: WorkerLimits,
    private readonly behaviour: 'answer' | 'out-of-memory' | 'exit',
  ) {
    super();
  }
  postMessage(message: { id: number; at: number }) {
    queueMicrotask(() => {
      if (this.behaviour === 'answer') {
        const result = { at: new Date(message.at).toISOString(), decisions: [], candidates: 0 };
        this.emit('message', { id: message.id, result, digests: [] });
      } else if (this.behaviour === 'out-of-memory') {
        this.emit(
          'error',
          Object.assign(new Error('Worker terminated due to reaching memory limit'), {
            code: 'ERR_WORKER_OUT_OF_MEMORY',
          }),
        );
        this.emit('exit', 1);
      } else {
        this.emit('exit', 1);
      }
    });
  }
  unref() {}
  async terminate() {
    this.terminated = true;
    return 0;
  }
}

function fakeWorkers(behaviours: Array<'answer' | 'out-of-memory' | 'exit'>) {
  const made: FakeWorker[] = [];
  const createWorker = (limits: WorkerLimits) => {
    const worker = new FakeWorker(limits, behaviours[made.length] ?? 'answer');
    made.push(worker);
    return worker as unknown as ScanWorker;
  };
  return { made, createWorker };
}

it('runs a scan that ran out of memory again once, in a worker with twice the heap', async () => {
  const { made, createWorker } = fakeWorkers(['out-of-memory', 'answer', 'answer']);
  const log: string[] = [];
  const runner = workerScanRunner('file:unused.db', { createWorker, heapMb: 64, log: (line) => log.push(line) });
  const outcome = await runner.run(new Date('2026-12-31T23:45:00Z'), 'Europe/Berlin');
  expect(outcome.result.at).toBe('2026-12-31T23:45:00.000Z');
  expect(made.map((w) => w.limits.heapMb)).toEqual([64, 128]);
  expect(log).toEqual(['scan worker ran out of its 64 MB heap; the next one gets 128']);
  // Let go once nothing waits: no second heap between scans.
  expect(made[1]!.terminated).toBe(true);
  await runner.run(new Date('2027-01-01T00:00:00Z'), 'Europe/Berlin');
  expect(made.map((w) => w.limits.heapMb)).toEqual([64, 128, 128]);
  await runner.close();
});

it('gives up after one retry, and a worker that dies is replaced at the next scan', async () => {
  const { made, createWorker } = fakeWorkers(['out-of-memory', 'out-of-memory', 'exit', 'answer']);
  const runner = workerScanRunner('file:unused.db', { createWorker, heapMb: 256 });
  await expect(runner.run(new Date('2026-03-29T01:00:00Z'), 'UTC')).rejects.toThrow(/memory limit/);
  await expect(runner.run(new Date('2026-03-29T01:15:00Z'), 'UTC')).rejects.toThrow(/exited \(1\)/);
  const outcome = await runner.run(new Date('2026-03-29T01:30:00Z'), 'UTC');
  expect(outcome.result.at).toBe('2026-03-29T01:30:00.000Z');
  // 256 -> 512 -> V8's default: the heap never shrinks back after running out.
  expect(made.map((w) => w.limits.heapMb)).toEqual([256, 512, null, null]);
  await runner.close();
});

it('runs a scan with few deals due in this thread and a large one, or the full one, in the worker', async () => {
  const path = join(dir, 'sized.db');
  const at = new Date('2026-11-24T15:00:00Z');
  seedPipeline({ path, deals: 300, reps: 6, teams: 2, activitiesPerDeal: 1, at, workspace: 'TSIZED' });
  const store = openStore(`file:${path}`);
  const sent: Array<{ at: string; full: boolean } | { at: string; reconcile: true }> = [];
  const worker: ScanRunner = {
    async run(when, _zone, full = false) {
      sent.push({ at: when.toISOString(), full });
      return { result: await scan(store, when, { defaultZone: 'UTC', full }), digests: [] };
    },
    async reconcile(when) {
      sent.push({ at: when.toISOString(), reconcile: true });
      return { candidates: 0, missed: 0 };
    },
    async close() {},
  };
  const runner = sizedScanRunner(store, worker, 100);
  try {
    // Every seeded deal is due at first: the worker takes it.
    const first = await runner.run(at, 'UTC');
    expect(first.result.candidates).toBe(300);
    expect(sent).toEqual([{ at: at.toISOString(), full: false }]);
    // Fifteen minutes later a handful are due: scanned here.
    const later = new Date(at.getTime() + 15 * 60_000);
    const steady = await runner.run(later, 'UTC');
    expect(steady.result.candidates).toBeLessThanOrEqual(100);
    expect(sent).toHaveLength(1);
    await runner.run(later, 'UTC', true);
    expect(sent.at(-1)).toEqual({ at: later.toISOString(), full: true });
    // The reconciliation reads every open deal: always the worker's, however few are due.
    await runner.reconcile(later, 'UTC');
    expect(sent.at(-1)).toEqual({ at: later.toISOString(), reconcile: true });
  } finally {
    await runner.close();
    store.close();
  }
});
