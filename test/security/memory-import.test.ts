// DATABASE_URL=:memory: shares one connection between the import and everyone else. A dry run only
// checks (it writes nothing and holds no transaction), so another rep's write made while it runs stays.
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deals } from '../../src/db/schema.js';
import { importCsv } from '../../src/services/csv-import.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { say } from './support.js';

let t: TestApp;
afterEach(() => t.stop());

describe('a dry-run import on an in-memory database', () => {
  it("does not roll back another rep's confirmed write made while the import was running", async () => {
    t = await startTestApp();
    t.fake.users.set('U0NOOR', { tz: 'Asia/Dubai' });
    await say(t, 'U0NOOR', 'list');
    const file = new PassThrough();
    const dryRun = importCsv(t.store, file, {
      teamId: 'T1',
      defaultOwner: 'U0NOOR',
      dryRun: true,
      source: 'pipeline.csv',
    });
    file.write('Company,Amount,Stage\n');
    for (let i = 0; i < 2000; i++) file.write(`"Société ${i} SARL",${1000 + i},proposal\n`);
    // Mid-import (the stream is still open): no transaction is held, and a write by Noor commits at once.
    await eventually(() => !t.store.sqlite.inTransaction, 'the import to wait for more input');
    expect(await say(t, 'U0NOOR', 'new Emirates Aluminium PJSC value 250.000 EUR stage proposal')).toContain(
      'Emirates Aluminium PJSC',
    );
    file.end('"Société finale SARL",9999,proposal\n');
    const report = await dryRun;
    expect(report).toMatchObject({ dryRun: true, committed: false, rejected: 0 });
    expect(report.imported).toBe(2001);
    const stored = t.store.db.select().from(deals).where(eq(deals.ownerId, 'U0NOOR')).all();
    expect(stored.map((d) => d.company)).toEqual(['Emirates Aluminium PJSC']);
    expect(t.store.sqlite.inTransaction).toBe(false);
  });
});
