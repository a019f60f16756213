// Another process holding SQLite's write lock (a second instance, the CLI, an import): a child node
// process opens the same file, begins an IMMEDIATE transaction with a write in it, says "locked", and
// commits when told to (or when it is killed), so a test decides how long the lock is held.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
db.prepare('INSERT INTO audit_events (team_id, actor_id, action, subject, at) VALUES (?, ?, ?, ?, ?)')
  .run('T1', 'U0CLI', 'import.started', 'Zürcher Kantonalbank – Q4 pipeline.csv', Date.now());
process.stdout.write('locked\\n');
process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
`;

export interface LockHolder {
  /** Commits the other process's transaction and waits for it to exit. */
  release(): Promise<void>;
}

export async function holdWriteLock(databasePath: string): Promise<LockHolder> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT, databasePath], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // A failed test must not leave the lock held by an orphan.
  onTestFinished(() => {
    if (child.exitCode === null) child.kill();
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((done, fail) => {
    const check = () => (output.includes('locked') ? done() : undefined);
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`the lock holder exited (${code}) before taking the lock`)));
  });
  let released: Promise<void> | null = null;
  return {
    release() {
      released ??= new Promise<void>((done) => {
        child.once('exit', () => done());
        child.stdin!.write('go\n');
      });
      return released;
    },
  };
}
