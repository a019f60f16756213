// Temporary folders and SQLite files for tests, with the real migrations (openStore runs them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';

const made = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A folder for the whole test file (call at module or describe level): removed after its last test. */
export function fileTempDir(prefix: string): string {
  const dir = made(prefix);
  afterAll(() => remove(dir));
  return dir;
}

/** A folder for the running test (call inside a test): removed when it finishes. */
export function testTempDir(prefix: string): string {
  const dir = made(prefix);
  onTestFinished(() => remove(dir));
  return dir;
}

export interface TempDatabase {
  store: Store;
  path: string;
  /** DATABASE_URL for the binary or a worker. */
  url: string;
}

/** A migrated database file in its own folder (call inside a test); closed and removed when it finishes. */
export function tempDatabase(prefix = 'dealcoach-db-', name = 'dealcoach.db'): TempDatabase {
  const path = join(testTempDir(prefix), name);
  const store = openStore(`file:${path}`);
  onTestFinished(() => store.close());
  return { store, path, url: `file:${path}` };
}
