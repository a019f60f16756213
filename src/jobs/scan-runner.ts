// Runs the scan (and digest queueing) somewhere: in a worker thread when the database is a file
// (the bot), in-process otherwise (the console, tests, :memory:).
import { Worker } from 'node:worker_threads';
import type { Store } from '../db/index.js';
import { queueDueDigests, type QueuedDigest } from './digest.js';
import { scan, type ScanResult } from './scan.js';

export interface ScanOutcome {
  result: ScanResult;
  digests: QueuedDigest[];
}

export interface ScanRunner {
  /** `full`: the reconciling scan of every open deal (see scan.ts). */
  run(at: Date, defaultZone: string, full?: boolean): Promise<ScanOutcome>;
  close(): Promise<void>;
}

export function inProcessScanRunner(store: Store): ScanRunner {
  return {
    async run(at, defaultZone, full = false) {
      const result = scan(store, at, { defaultZone, full });
      return { result, digests: queueDueDigests(store, at, defaultZone) };
    },
    async close() {},
  };
}

/** A worker thread with its own connection to the same SQLite file (WAL lets both work). */
export function workerScanRunner(databaseUrl: string): ScanRunner {
  // Compiled (dist/), the worker is plain JavaScript; from the sources it needs the tsx loader first.
  const entry = import.meta.url.endsWith('.js') ? './scan-worker.js' : './scan-worker-boot.js';
  const worker = new Worker(new URL(entry, import.meta.url), { workerData: { databaseUrl } });
  worker.unref();
  let next = 0;
  const pending = new Map<number, { resolve: (o: ScanOutcome) => void; reject: (e: Error) => void }>();
  worker.on('message', (message: { id: number; result?: ScanResult; digests?: QueuedDigest[]; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (!waiter) return;
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve({ result: message.result!, digests: message.digests! });
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  return {
    run(at, defaultZone, full = false) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, at: at.getTime(), defaultZone, full });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
