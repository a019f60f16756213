// Runs the scan (and digest queueing) somewhere: in a worker thread when the database is a file
// (the bot), in-process otherwise (the console, tests, :memory:).
import { Worker } from 'node:worker_threads';
import type { Store } from '../db/index.js';
import { queueDueDigests, type QueuedDigest } from './digest.js';
import { DUE_COUNT_QUERY, reconcileNextChecks, scan, type ScanResult } from './scan.js';

export interface ScanOutcome {
  result: ScanResult;
  digests: QueuedDigest[];
}

export interface ScanRunner {
  /** `full`: the reconciling scan of every open deal (in batches, as every scan: see scan.ts). */
  run(at: Date, defaultZone: string, full?: boolean): Promise<ScanOutcome>;
  /** The daily reconciliation of every open deal's next check, a short transaction per batch. */
  reconcile(at: Date, defaultZone: string): Promise<Reconciled>;
  close(): Promise<void>;
}

export type Reconciled = Awaited<ReturnType<typeof reconcileNextChecks>>;

export function inProcessScanRunner(store: Store): ScanRunner {
  return {
    async run(at, defaultZone, full = false) {
      const result = await scan(store, at, { defaultZone, full });
      return { result, digests: await queueDueDigests(store, at, defaultZone) };
    },
    reconcile: (at, defaultZone) => reconcileNextChecks(store, at, { defaultZone }),
    async close() {},
  };
}

/** What workerScanRunner needs of a worker thread: a seam for tests. */
export interface ScanWorker {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: WorkerReply) => void): this;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  unref(): void;
  terminate(): Promise<number>;
}

/**
 * Decisions the scan worker's reply lists; it counts the rest (`unlisted`). Receiving a message is
 * deserializing it on the bot's thread: 34,000 decisions held it ~60 ms, 2,000 take ~4 ms.
 */
export const WORKER_LISTED_DECISIONS = 2_000;

/** What the bot asks its scan worker (src/jobs/scan-worker.ts). */
export interface ScanRequest {
  id: number;
  task: 'scan' | 'full' | 'reconcile';
  at: number;
  defaultZone: string;
}

interface WorkerReply {
  id: number;
  result?: ScanResult;
  digests?: QueuedDigest[];
  reconciled?: Reconciled;
  error?: string;
}

export interface WorkerLimits {
  /** The worker's old-generation heap, in MB (null: V8's default, which grows with the machine). */
  heapMb: number | null;
}

export interface WorkerScanRunnerOptions {
  createWorker?: (limits: WorkerLimits) => ScanWorker;
  /** The first worker's heap; doubled (then unbounded) after a scan runs out of it. */
  heapMb?: number;
  log?: (line: string) => void;
}

/**
 * The heap a scan worker starts with. A scan keeps one batch of deals (and the decisions) alive, far
 * less than this at 100,000 deals; the bound makes V8 collect instead of growing the heap (the
 * bot's peak memory was the worker's heap after the daily full scan).
 */
export const SCAN_WORKER_HEAP_MB = 64;

function spawnScanWorker(databaseUrl: string, limits: WorkerLimits): ScanWorker {
  // Compiled (dist/), the worker is plain JavaScript; from the sources it needs the tsx loader first.
  const entry = import.meta.url.endsWith('.js') ? './scan-worker.js' : './scan-worker-boot.js';
  return new Worker(new URL(entry, import.meta.url), {
    workerData: { databaseUrl },
    ...(limits.heapMb === null
      ? {}
      : { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 4 } }),
  });
}

/**
 * A worker thread with its own connection to the same SQLite file (WAL lets both work), started for
 * a scan and let go when no scan is waiting: between scans the bot holds no second heap. A worker
 * that dies is replaced at the next run; one that runs out of memory is replaced by one with twice
 * the heap (then V8's default) and the scan is run again once (its transaction was rolled back).
 */
export function workerScanRunner(databaseUrl: string, options: WorkerScanRunnerOptions = {}): ScanRunner {
  const create = options.createWorker ?? ((limits: WorkerLimits) => spawnScanWorker(databaseUrl, limits));
  let heapMb: number | null = options.heapMb ?? SCAN_WORKER_HEAP_MB;
  let worker: ScanWorker | null = null;
  let next = 0;
  type Request = ScanRequest & { retried: boolean };
  type Waiter = { resolve: (reply: WorkerReply) => void; reject: (e: Error) => void };
  const pending = new Map<number, Waiter & { request: Request }>();

  const start = (): ScanWorker => {
    const started = create({ heapMb });
    started.unref();
    started.on('message', (message) => {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (waiter) {
        if (message.error) waiter.reject(new Error(message.error));
        else waiter.resolve(message);
      }
      if (pending.size === 0 && worker === started) {
        worker = null;
        void started.terminate();
      }
    });
    const died = (error: Error & { code?: string }) => {
      if (worker !== started) return;
      worker = null;
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (outOfMemory && heapMb !== null) {
        const before = heapMb;
        heapMb = heapMb >= 512 ? null : heapMb * 2;
        options.log?.(`scan worker ran out of its ${before} MB heap; the next one gets ${heapMb ?? "V8's default"}`);
      }
      const waiting = [...pending.values()];
      pending.clear();
      for (const waiter of waiting) {
        if (outOfMemory && !waiter.request.retried) send({ ...waiter.request, retried: true }, waiter);
        else waiter.reject(error);
      }
    };
    started.on('error', died);
    started.on('exit', (code) => died(Object.assign(new Error(`the scan worker exited (${code})`), { code: 'EXIT' })));
    return started;
  };

  const send = (request: Request, waiter: Waiter) => {
    worker ??= start();
    pending.set(request.id, { resolve: waiter.resolve, reject: waiter.reject, request });
    const { retried: _, ...message } = request;
    worker.postMessage(message satisfies ScanRequest);
  };
  const ask = (task: ScanRequest['task'], at: Date, defaultZone: string) =>
    new Promise<WorkerReply>((resolve, reject) => {
      send({ id: ++next, task, at: at.getTime(), defaultZone, retried: false }, { resolve, reject });
    });

  return {
    async run(at, defaultZone, full = false) {
      const reply = await ask(full ? 'full' : 'scan', at, defaultZone);
      return { result: reply.result!, digests: reply.digests! };
    },
    async reconcile(at, defaultZone) {
      return (await ask('reconcile', at, defaultZone)).reconciled!;
    },
    async close() {
      const current = worker;
      worker = null;
      await current?.terminate();
    },
  };
}

/**
 * Scans with few deals due (the usual 15-minute scan: a few hundred at 100,000 deals, tens of
 * milliseconds) run in this thread, sharing its calendars and its connection; larger ones (the first
 * scan of a backlog) go to the worker. Every scan runs in short batches with the event loop let run in
 * between (scan.ts), so neither holds the loop for long; what the cut still decides is where the work
 * and its garbage go: a backlog's seconds of judging on the other core and in the worker's bounded
 * heap, let go afterwards, rather than in the bot's thread between its commands. A worker costs its
 * start (~0.2-0.3 s of module loading, calendars built cold), which a scan of 2,000 deals (~4 batches,
 * ~0.1-0.2 s) is not worth.
 */
export const IN_PROCESS_MAX_DUE = 2_000;

export function sizedScanRunner(store: Store, worker: ScanRunner, maxDue = IN_PROCESS_MAX_DUE): ScanRunner {
  const here = inProcessScanRunner(store);
  const dueCount = store.sqlite.prepare(DUE_COUNT_QUERY).pluck();
  return {
    run(at, defaultZone, full = false) {
      const due = dueCount.get({ now: at.getTime() }) as number;
      return !full && due <= maxDue ? here.run(at, defaultZone) : worker.run(at, defaultZone, full);
    },
    // Every open deal, whatever is due: in the worker, whose bounded heap is let go afterwards (in this
    // thread, the garbage of 100,000 deals' judgements grew the bot's heap by ~140 MB before V8 collected it).
    reconcile: (at, defaultZone) => worker.reconcile(at, defaultZone),
    close: () => worker.close(),
  };
}
