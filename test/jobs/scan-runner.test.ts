// The bot scans in a worker thread with its own connection; it must decide exactly what the
// in-process scan decides, and write to the same database file.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { outbox, silenceEpisodes } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import { inProcessScanRunner, workerScanRunner } from '../../src/jobs/scan-runner.js';
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
