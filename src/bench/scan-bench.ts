// Scan: scan(store, at), warm (this process, calendars built) and cold (a fresh process per run),
// against the floor: one indexed query that only selects the deals due (next_check_at <= now).
// The seeded pipeline's first scan reads every deal (all due); the steady one only those due then.
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openStore, type Store } from '../db/index.js';
import { workerScanRunner } from '../jobs/scan-runner.js';
import { DUE_DEALS_QUERY, reconcileNextChecks, scan, type ScanResult } from '../jobs/scan.js';
import { delayFigure, type LoopDelay, timedWrites, withLoopDelay, worstDelay } from './loop.js';
import { median, summarize, tidy, type Figure } from './stats.js';

/** How often the bot scans: the "steady" scan is the next one after a scan that wrote its decisions. */
export const SCAN_INTERVAL_MS = 15 * 60_000;

/** The floor: the deals due by then, whole rows, from the next_check_at index. */
export function floorQuery(store: Store): { run: (at: Date) => number; plan: string } {
  const statement = store.sqlite.prepare(DUE_DEALS_QUERY);
  const plan = (
    store.sqlite.prepare(`EXPLAIN QUERY PLAN ${DUE_DEALS_QUERY}`).all({ now: Date.now() }) as Array<{ detail: string }>
  )
    .map((r) => r.detail)
    .join('; ');
  return { run: (at) => statement.all({ now: at.getTime() }).length, plan };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

export interface ScanMeasurement {
  floor: number[];
  warm: number[];
  result: ScanResult;
  /** How long each write transaction of the timed runs held the lock (one per batch), in ms. */
  transactions: number[];
  /** This thread's event-loop delay over the timed runs (the worst of each run). */
  loop: LoopDelay;
}

/** `runs` timed dry runs after one untimed one (which builds the calendars), and the floor. */
export async function measureWarm(store: Store, at: Date, runs: number, floorRuns: number): Promise<ScanMeasurement> {
  const floor = floorQuery(store);
  floor.run(at);
  const floorMs = Array.from({ length: floorRuns }, () => timed(() => floor.run(at)).ms);
  let result = await scan(store, at, { dryRun: true, defaultZone: 'UTC' });
  const warm: number[] = [];
  const writes = timedWrites(store);
  const delays: LoopDelay[] = [];
  for (let i = 0; i < runs; i++) {
    const { value: run, delay } = await withLoopDelay(() =>
      timedAsync(() => scan(writes.store, at, { dryRun: true, defaultZone: 'UTC' })),
    );
    warm.push(run.ms);
    delays.push(delay);
    result = run.value;
  }
  return { floor: floorMs, warm, result, transactions: writes.durations, loop: worstDelay(delays) };
}

export interface WorkerRun {
  ms: number;
  result: ScanResult;
  /** How long each of this thread's writes (one every WRITE_EVERY_MS) waited for the lock and committed. */
  waits: number[];
  /** This thread's event-loop delay meanwhile. */
  loop: LoopDelay;
}

/** How often the stand-in for the bot writes while its worker scans. */
const WRITE_EVERY_MS = 20;

/**
 * The seeded pipeline's first scan (every deal due) committed as the bot runs it: by its scan worker
 * (a worker thread with its own connection to a copy of the database), while this thread, standing
 * in for the bot, writes every 20 ms on its own connection (an empty IMMEDIATE transaction: the write
 * lock, taken and let go) and its event loop is watched.
 */
export async function workerBacklog(dbPath: string, copyPath: string, at: Date): Promise<WorkerRun> {
  copyFileSync(dbPath, copyPath);
  const store = openStore(`file:${copyPath}`);
  const runner = workerScanRunner(`file:${copyPath}`);
  const waits: number[] = [];
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const started = performance.now();
      await store.write(() => undefined);
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
    }
  })();
  try {
    const { value, delay } = await withLoopDelay(() => timedAsync(() => runner.run(at, 'UTC')));
    return { ms: value.ms, result: value.value.result, waits, loop: delay };
  } finally {
    writing = false;
    await writer;
    await runner.close();
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${copyPath}${suffix}`, { force: true });
  }
}

export interface ColdRun {
  loadMs: number;
  openMs: number;
  scanMs: number;
  candidates: number;
  decisions: number;
  queued: number;
  rssMB: number;
  /** How long each write transaction held the lock, in ms. */
  transactionMs: number[];
  /** The process's event-loop delay while it scanned. */
  loop: LoopDelay;
}

/** The tsx loader, so that a child node process runs the TypeScript sources as the CLI does. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/** One scan in a fresh process: modules loaded, store opened and calendars built from scratch. */
export function coldScan(dbPath: string, at: Date, commit = false): Promise<ColdRun> {
  // Compiled (dist/) the script is JavaScript; the loader is there either way, as for the CLI.
  const script = fileURLToPath(
    new URL(import.meta.url.endsWith('.js') ? './cold-scan.js' : './cold-scan.ts', import.meta.url),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader(), script, dbPath, at.toISOString(), ...(commit ? ['commit'] : [])],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`cold scan exited with ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ColdRun);
      } catch {
        reject(new Error(`cold scan printed no result: ${out.slice(0, 200)} ${err.slice(0, 200)}`));
      }
    });
  });
}

export interface ScanBenchOptions {
  dbPath: string;
  at: Date;
  warmRuns: number;
  coldRuns: number;
  floorRuns: number;
  log: (line: string) => void;
}

export interface ScanBenchResult {
  figures: Figure[];
  floorPlan: string;
  backlog: { candidates: number; decisions: Record<string, number>; queued: number };
  steady: { candidates: number; decisions: Record<string, number>; queued: number };
  cold: ColdRun[];
  /** The backlog committed by the bot's scan worker (main pipeline only). */
  worker: WorkerRun | null;
  /** Medians, for the scale table. */
  medians: { floor: number; warm: number; cold: number; steady: number; steadyFloor: number; firstCommitted: number };
}

const byAction = (result: ScanResult) =>
  result.decisions.reduce<Record<string, number>>((counts, d) => {
    counts[d.action] = (counts[d.action] ?? 0) + 1;
    return counts;
  }, {});

/**
 * The scan over the seeded pipeline. The database ends up scanned once for real (at `at`), as the
 * bot would have left it: the commands and the memory run start from there.
 */
export async function benchScan(options: ScanBenchOptions, cold = true): Promise<ScanBenchResult> {
  const { dbPath, at, log } = options;
  const store = openStore(`file:${dbPath}`);
  const floorPlan = floorQuery(store).plan;

  log(`  scan: warm dry runs at ${at.toISOString()}`);
  const backlog = await measureWarm(store, at, options.warmRuns, options.floorRuns);

  const coldRuns: ColdRun[] = [];
  if (cold) {
    for (let i = 0; i < options.coldRuns; i++) {
      log(`  scan: cold run ${i + 1}/${options.coldRuns} (fresh process)`);
      coldRuns.push(await coldScan(dbPath, at));
    }
  }

  // The same scan committed by the bot's scan worker, on a copy, while this thread writes as the bot would.
  let worker: WorkerRun | null = null;
  if (cold) {
    log("  scan: the same scan committed by the bot's scan worker (a copy), this thread writing every 20 ms");
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    worker = await workerBacklog(dbPath, `${dbPath}.worker.db`, at);
  }

  // Committed in a fresh process, as the bot's scan worker runs a scan of that size (and, like it,
  // keeping the public holidays it computes in the database, where the bot and its worker find them).
  log('  scan: the same scan for real (decisions written, fresh process), then the next one 15 minutes later');
  const first = await coldScan(dbPath, at, true);
  const next = new Date(at.getTime() + SCAN_INTERVAL_MS);
  // A restarted bot: its first scan is the incremental one, in a process that has built no calendar.
  const restartRuns: ColdRun[] = [];
  if (cold) {
    for (let i = 0; i < options.coldRuns; i++) {
      log(`  scan: a restarted bot's first scan 15 minutes later, run ${i + 1}/${options.coldRuns} (fresh process)`);
      restartRuns.push(await coldScan(dbPath, next));
    }
  }
  const steady = await measureWarm(store, next, options.warmRuns, options.floorRuns);
  // The daily reconciling scan at the same instant (dry run): every open deal read and re-planned.
  const fullWrites = timedWrites(store);
  const full = await timedAsync(() => scan(fullWrites.store, next, { dryRun: true, full: true, defaultZone: 'UTC' }));
  // The daily reconciliation as the bot runs it (committed: next checks only, all still right here).
  const reconcileWrites = timedWrites(store);
  const reconcile = await withLoopDelay(() =>
    timedAsync(() => reconcileNextChecks(reconcileWrites.store, next, { defaultZone: 'UTC' })),
  );
  store.close();

  const decisions = backlog.result.decisions.length;
  const figures: Figure[] = [
    summarize(
      'scan.floor',
      'floor: the deals due, selected from the next_check_at index',
      'ms',
      backlog.floor,
      `${backlog.result.candidates} candidate deals; plan: ${floorPlan}`,
    ),
    summarize(
      'scan.warm',
      'scan, warm (dry run: decisions rolled back, so every run does the same work)',
      'ms',
      backlog.warm,
      `${backlog.result.candidates} candidates, ${decisions} decisions, ${backlog.result.queued} DMs; the pipeline's ` +
        `first scan: every overdue silence is found at once`,
    ),
  ];
  if (coldRuns.length) {
    figures.push(
      summarize(
        'scan.cold',
        'scan, cold (fresh process: new store handle, no calendar built; dry run)',
        'ms',
        coldRuns.map((r) => r.scanMs),
        `process start to scan done adds ${tidy(median(coldRuns.map((r) => r.loadMs + r.openMs)))} ms (module ` +
          `loading ${tidy(median(coldRuns.map((r) => r.loadMs)))} ms)`,
      ),
    );
  }
  figures.push(
    summarize(
      'scan.first',
      "the same scan, committed (decisions written), in a fresh process as the bot's worker runs it",
      'ms',
      [first.scanMs],
      `${first.decisions} decisions, ${first.queued} DMs queued; process start and module loading add ` +
        `${tidy(first.loadMs + first.openMs)} ms`,
    ),
    ...(restartRuns.length
      ? [
          summarize(
            'scan.restart',
            "a restarted bot's first scan: fresh process, no calendar built, 15 minutes later (dry run)",
            'ms',
            restartRuns.map((r) => r.scanMs),
            `${restartRuns[0]!.candidates} deals due, ${restartRuns[0]!.decisions} decisions; process start to scan ` +
              `done adds ${tidy(median(restartRuns.map((r) => r.loadMs + r.openMs)))} ms`,
          ),
        ]
      : []),
    summarize(
      'scan.steady',
      'scan 15 minutes later, warm (dry run): what the bot does every 15 minutes',
      'ms',
      steady.warm,
      `${steady.result.candidates} candidates, ${steady.result.decisions.length} decisions, ` +
        `${steady.result.batches} transaction(s)`,
    ),
    summarize(
      'scan.steady-floor',
      'floor 15 minutes later: the deals due then (whole rows, from the index)',
      'ms',
      steady.floor,
      `${steady.result.candidates} deals due`,
    ),
    summarize(
      'scan.full',
      'the full reconciling scan 15 minutes later (daily; dry run)',
      'ms',
      [full.ms],
      `${full.value.candidates} open deals read, ${full.value.decisions.length} decisions, ${full.value.missed}` +
        ` missed by the incremental scan; ${full.value.batches} transactions, the longest ` +
        `${tidy(Math.max(0, ...fullWrites.durations))} ms`,
    ),
    summarize(
      'scan.reconcile',
      'the daily reconciliation 15 minutes later (reconcileNextChecks, committed), in this thread',
      'ms',
      [reconcile.value.ms],
      `${reconcile.value.value.candidates} open deals in ${reconcileWrites.durations.length} transactions, the ` +
        `longest ${tidy(Math.max(0, ...reconcileWrites.durations))} ms; event loop held at most ` +
        `${reconcile.delay.max} ms (p99 ${reconcile.delay.p99} ms)`,
    ),
    ...batchFigures(backlog, steady, first, worker),
  );
  return {
    figures,
    floorPlan,
    worker,
    backlog: {
      candidates: backlog.result.candidates,
      decisions: byAction(backlog.result),
      queued: backlog.result.queued,
    },
    steady: { candidates: steady.result.candidates, decisions: byAction(steady.result), queued: steady.result.queued },
    cold: coldRuns,
    medians: {
      floor: median(backlog.floor),
      warm: median(backlog.warm),
      cold: coldRuns.length ? median(coldRuns.map((r) => r.scanMs)) : Number.NaN,
      steady: median(steady.warm),
      steadyFloor: median(steady.floor),
      firstCommitted: first.scanMs,
    },
  };
}

/** Issue 21's figures: each transaction's hold on the write lock, and the event-loop delay of the scanning thread. */
function batchFigures(
  backlog: ScanMeasurement,
  steady: ScanMeasurement,
  first: ColdRun,
  worker: WorkerRun | null,
): Figure[] {
  const figures: Figure[] = [
    summarize(
      'scan.warm.transaction',
      'each write transaction of the warm first scan (one per batch): how long it held the write lock',
      'ms',
      backlog.transactions,
      `${backlog.result.batches} transactions per scan`,
    ),
    delayFigure(
      'scan.warm.loop',
      'event-loop delay of the thread running the warm first scan in batches (10 ms timer; max is p100)',
      backlog.loop,
    ),
    summarize(
      'scan.first.transaction',
      'each write transaction of the first scan committed in a fresh process (calendars built cold)',
      'ms',
      first.transactionMs,
      `${first.transactionMs.length} transactions`,
    ),
    delayFigure(
      'scan.first.loop',
      "event-loop delay of the fresh process's thread while it commits the first scan in batches",
      first.loop,
    ),
    summarize(
      'scan.steady.transaction',
      'each write transaction of the scan 15 minutes later (warm)',
      'ms',
      steady.transactions,
    ),
  ];
  if (worker) {
    figures.push(
      summarize(
        'scan.worker',
        "the first scan committed by the bot's scan worker thread (start, scan, digests, reply)",
        'ms',
        [worker.ms],
        `${worker.result.decisions.length + (worker.result.unlisted ?? 0)} decisions in ${worker.result.batches} ` +
          'transactions',
      ),
      delayFigure(
        'scan.worker.loop',
        "event-loop delay of the bot's thread (here: the bench's) while its worker commits the first scan",
        worker.loop,
      ),
      summarize(
        'scan.worker.write-wait',
        "a write on the bot's thread every 20 ms while the worker commits the first scan: wait and commit",
        'ms',
        worker.waits,
      ),
    );
  }
  // A scan with nothing due makes no transaction: no figure rather than NaN.
  return figures.filter((f) => f.runs > 0 && Number.isFinite(f.median));
}
