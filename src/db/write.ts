// Every write goes through one gate: an IMMEDIATE transaction whose wait for another connection's
// write lock (a second instance, the CLI, the scan worker) is a timer, never a blocked event loop.
// better-sqlite3 waits for a lock synchronously (the busy timeout), so the connection's own wait is
// kept to a few milliseconds and the gate tries again after a pause until its deadline.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { DB, Tx } from './index.js';

/** How long a write waits for another connection's write lock before giving up (nothing written). */
export const WRITE_WAIT_MS = 30_000;

/** The pauses between two tries, in ms; the last one repeats until the deadline. */
const RETRY_PAUSES_MS = [2, 5, 10, 20, 40, 50];

/** The write did not start: another connection held the write lock past the deadline. Nothing was written. */
export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the database stayed locked by another process for ${Math.round(waitedMs / 1000)} s, so nothing was written`);
    this.name = 'DatabaseBusyError';
  }
}

/** SQLITE_BUSY and its extended codes: another connection holds a lock this one needs. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export interface WriteOptions {
  /** How long to wait for the lock (default WRITE_WAIT_MS). */
  waitMs?: number;
}

/** Counts of what the gate did, for the bench and for tests. */
export interface WriteGateStats {
  writes: number;
  /** Tries that found the lock held (each followed by a pause). */
  busyTries: number;
  /** Writes that gave up at the deadline. */
  gaveUp: number;
}

export interface WriteGate {
  write<T>(fn: (tx: Tx) => T, options?: WriteOptions): Promise<T>;
  readonly stats: WriteGateStats;
}

/** What one request (a command, a click, a form) has committed so far: see `recordingWrites`. */
export interface WriteRecord {
  commits: number;
}

const writeRecords = new AsyncLocalStorage<WriteRecord>();

/**
 * Runs `work` counting the writes it commits, so an answer after a failure can say truthfully whether
 * anything was saved ("nothing was changed" only when nothing was).
 */
export function recordingWrites<T>(work: (record: WriteRecord) => Promise<T>): Promise<T> {
  const record: WriteRecord = { commits: 0 };
  return writeRecords.run(record, () => work(record));
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The gate of one connection. `statementBusyMs` is the connection's own busy timeout, restored after
 * each try: the BEGIN itself never waits (0), so a held lock costs this thread a failed call, not a wait.
 */
export function writeGate(db: DB, sqlite: Database.Database, statementBusyMs: number): WriteGate {
  const stats: WriteGateStats = { writes: 0, busyTries: 0, gaveUp: 0 };
  const tryOnce = <T>(fn: (tx: Tx) => T): { ok: true; value: T } | { ok: false } => {
    let started = false;
    sqlite.pragma('busy_timeout = 0');
    try {
      const value = db.transaction(
        (tx) => {
          started = true;
          sqlite.pragma(`busy_timeout = ${statementBusyMs}`);
          return fn(tx);
        },
        { behavior: 'immediate' },
      );
      return { ok: true, value };
    } catch (error) {
      // Only a BEGIN that found the lock taken is tried again: the body never ran, nothing changed.
      if (!started && isBusyError(error)) return { ok: false };
      throw error;
    } finally {
      sqlite.pragma(`busy_timeout = ${statementBusyMs}`);
    }
  };
  return {
    stats,
    async write<T>(fn: (tx: Tx) => T, options: WriteOptions = {}): Promise<T> {
      if (sqlite.inTransaction) throw new Error('store.write was called inside an open transaction');
      const waitMs = options.waitMs ?? WRITE_WAIT_MS;
      const started = performance.now();
      for (let attempt = 0; ; attempt++) {
        const result = tryOnce(fn);
        if (result.ok) {
          stats.writes++;
          const record = writeRecords.getStore();
          if (record) record.commits++;
          return result.value;
        }
        stats.busyTries++;
        const waited = performance.now() - started;
        if (waited >= waitMs) {
          stats.gaveUp++;
          throw new DatabaseBusyError(waited);
        }
        const next = RETRY_PAUSES_MS[Math.min(attempt, RETRY_PAUSES_MS.length - 1)]!;
        await pause(Math.min(next, Math.max(1, waitMs - waited)));
      }
    },
  };
}
