// The write gate: a write waits for another connection's lock on a timer (the event loop runs), gives
// up at its deadline having written nothing, never runs its body twice, and counts what a request saved.
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { auditEvents } from '../../src/db/schema.js';
import { DatabaseBusyError, recordingWrites } from '../../src/db/write.js';
import { tempDatabase } from '../support/temp-db.js';

const audit = (subject: string) => ({
  teamId: 'T1',
  actorId: 'U0GATE',
  action: 'test.write',
  subject,
  at: new Date('2026-12-07T09:00:00Z'),
});

/** A second connection in the middle of a write transaction, as another process would be. */
function lockedBy(path: string) {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  other
    .prepare('INSERT INTO audit_events (team_id, actor_id, action, subject, at) VALUES (?, ?, ?, ?, ?)')
    .run('T1', 'U0CLI', 'import.started', 'Société Générale – Q4.csv', Date.now());
  return {
    release() {
      other.exec('COMMIT');
      other.close();
    },
  };
}

describe('store.write', () => {
  it('waits for a lock another connection holds while the event loop goes on, then writes once', async () => {
    const { store, path } = tempDatabase('dealcoach-gate-');
    const lock = lockedBy(path);
    let bodies = 0;
    const write = store.write((tx) => {
      bodies++;
      return tx.insert(auditEvents).values(audit('Zürich – after the lock')).returning().get();
    });
    // Timers run while the write waits: here, the one that lets the other connection go.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(bodies).toBe(0);
    lock.release();
    const row = await write;
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    expect(bodies).toBe(1);
    expect(row.subject).toBe('Zürich – after the lock');
    expect(store.writeStats.busyTries).toBeGreaterThan(0);
  });

  it('gives up at its deadline with DatabaseBusyError, having written nothing', async () => {
    const { path } = tempDatabase('dealcoach-gate-');
    const store = openStore(`file:${path}`, { writeWaitMs: 150 });
    const lock = lockedBy(path);
    try {
      let ran = false;
      const error = await store
        .write((tx) => {
          ran = true;
          tx.insert(auditEvents).values(audit('never')).run();
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).message).toContain('nothing was written');
      expect(ran).toBe(false);
      expect(store.writeStats.gaveUp).toBe(1);
    } finally {
      lock.release();
    }
    expect(store.db.select().from(auditEvents).where(eq(auditEvents.subject, 'never')).all()).toEqual([]);
    store.close();
  });

  it('rolls back a body that throws, and does not run it again', async () => {
    const store = openStore(':memory:');
    let bodies = 0;
    await expect(
      store.write((tx) => {
        bodies++;
        tx.insert(auditEvents).values(audit('half-written')).run();
        throw new Error('the second half failed');
      }),
    ).rejects.toThrow('the second half failed');
    expect(bodies).toBe(1);
    expect(store.db.select().from(auditEvents).all()).toEqual([]);
  });

  it('refuses to start inside an open transaction (a write must never wait while holding the lock)', async () => {
    const store = openStore(':memory:');
    store.sqlite.exec('BEGIN');
    await expect(store.write(() => 1)).rejects.toThrow('inside an open transaction');
    store.sqlite.exec('ROLLBACK');
  });

  it('counts what a request committed, so an answer after a failure can say what was saved', async () => {
    const store = openStore(':memory:');
    const counted = await recordingWrites(async (record) => {
      await store.write((tx) => tx.insert(auditEvents).values(audit('one')).run());
      await store.write((tx) => tx.insert(auditEvents).values(audit('two')).run());
      await store
        .write(() => {
          throw new Error('refused');
        })
        .catch(() => undefined);
      return record.commits;
    });
    expect(counted).toBe(2);
    // Outside a recording nothing is counted (and nothing breaks).
    await store.write((tx) => tx.insert(auditEvents).values(audit('three')).run());
  });
});
