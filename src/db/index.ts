import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { writeGate, type WriteGateStats, type WriteOptions } from './write.js';

export type DB = BetterSQLite3Database<typeof schema>;
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];
/** A database handle or an open transaction: queries accept either. */
export type Queryable = DB | Tx;

/**
 * The better-sqlite3 connection under a drizzle handle or transaction, for the few hot paths that use
 * prepared statements (drizzle builds and prepares each query anew: ~0.1-0.8 ms a call).
 */
export function connectionOf(db: Queryable): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client;
}

export interface Store {
  db: DB;
  sqlite: Database.Database;
  /** Where the data lives, for messages (":memory:" or a file path). */
  location: string;
  /**
   * Runs `fn` in one short IMMEDIATE transaction. While another connection holds the write lock it
   * waits on a timer (the event loop runs meanwhile) up to `waitMs`, then throws DatabaseBusyError
   * having written nothing. Every write goes through here; reads use `db` directly (WAL: they never wait).
   */
  write<T>(fn: (tx: Tx) => T, options?: WriteOptions): Promise<T>;
  /** What the write gate did (writes, tries that found the lock held). */
  writeStats: WriteGateStats;
  close(): void;
}

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** "file:./data/x.db", "./x.db", ":memory:" or "file::memory:" -> a path better-sqlite3 opens. */
export function databasePath(url: string): string {
  const path = url.startsWith('file:') ? url.slice('file:'.length) : url;
  return path === '' || path === ':memory:' ? ':memory:' : path;
}

export interface StoreOptions {
  /** How long a write waits for another connection's write lock (default WRITE_WAIT_MS). */
  writeWaitMs?: number;
}

/** Opens (creating the folder if needed) and migrates the database. WAL for concurrent readers. */
export function openStore(url: string, options: StoreOptions = {}): Store {
  const path = databasePath(url);
  try {
    return openAt(path, options);
  } catch (error) {
    throw new Error(explainOpenFailure(path, error as NodeJS.ErrnoException));
  }
}

/** A start-up failure as a line that names the file and what to do about it. */
function explainOpenFailure(path: string, error: NodeJS.ErrnoException): string {
  const message = error.message;
  const where = `the database ${path === ':memory:' ? '(in memory)' : resolve(path)}`;
  if (path !== ':memory:' && existsSync(path) && statSync(path).isDirectory()) {
    return (
      `${where} is a folder, not a file: point DATABASE_URL at a file (e.g. file:./data/dealcoach.db) or move ` +
      `the folder away.`
    );
  }
  if (/readonly|read-only|EACCES|EROFS|permission/i.test(`${message} ${error.code ?? ''}`)) {
    return (
      `${where} cannot be written (${message}): give the user running dealcoach write access to the file and ` +
      `its folder (SQLite writes -wal and -shm files beside it).`
    );
  }
  if (/unable to open|ENOENT|ENOTDIR|cannot open/i.test(`${message} ${error.code ?? ''}`)) {
    return `${where} cannot be opened (${message}): check that its folder exists or can be created, and DATABASE_URL.`;
  }
  if (/disk is full|SQLITE_FULL/i.test(message))
    return `${where}: the disk is full (${message}); free some space and start again.`;
  return `${where} could not be opened (${message}).`;
}

/**
 * How long one statement may block this thread waiting for a lock (SQLite's busy timeout). Writes wait
 * for the write lock in store.write, on a timer; this only covers the rare read that meets a checkpoint.
 */
export const BUSY_TIMEOUT_MS = 20;

/**
 * The page cache of each of the bot's connections, in KiB. better-sqlite3 builds SQLite with 16 MB
 * per connection; the bot has two (its own and its scan worker's) and the OS caches the file anyway:
 * 4 MB each kept ~24 MB off the bot's peak at 100,000 deals; the bot's acks in a burst were no slower
 * (npm run bench: bot.burst's median 72-80 ms either way).
 */
export const BOT_PAGE_CACHE_KIB = 4096;

export function limitPageCache(store: Store, kib = BOT_PAGE_CACHE_KIB): void {
  store.sqlite.pragma(`cache_size = -${kib}`);
}

function openAt(path: string, options: StoreOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Two instances (or the CLI beside the bot) may write at once: store.write waits for the lock on a timer.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite, { schema });
  migrateWhenFree(sqlite, () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }));
  const gate = writeGate(db, sqlite, BUSY_TIMEOUT_MS);
  return {
    db,
    sqlite,
    location: path,
    write: (fn, writeOptions) => gate.write(fn, { waitMs: options.writeWaitMs, ...writeOptions }),
    writeStats: gate.stats,
    close: () => sqlite.close(),
  };
}

/** How long opening the database waits for another process's write lock before migrating (start-up only). */
const MIGRATE_WAIT_MS = 10_000;

/**
 * Migrations run once, at open, before anything else is served: waiting for a lock here blocks no
 * request, so the connection's busy timeout is raised for them alone.
 */
function migrateWhenFree(sqlite: Database.Database, run: () => void): void {
  sqlite.pragma(`busy_timeout = ${MIGRATE_WAIT_MS}`);
  try {
    run();
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
