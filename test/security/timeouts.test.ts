// Adversarial: no single external fault stalls the bot. A Web API call that never answers fails after
// the client's timeout; a download that stalls mid-file ends at its deadline while other reps keep
// writing; a scheduled run that hangs lets later runs go ahead, and the log says so.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deals } from '../../src/db/schema.js';
import { ManualClock } from '../../src/domain/clock.js';
import { supervisedRuns } from '../../src/jobs/scheduler.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { fileShare, postEvent, say } from './support.js';

describe('a hung Slack call or download', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.stop();
  });

  it('a views.open that never answers fails after the timeout, and other reps keep working meanwhile', async () => {
    t = await startTestApp({ build: { webApiTimeoutMs: 2000 } });
    t.fake.users.set('U0ANNA', { tz: 'Europe/Vienna' });
    t.fake.users.set('U0BEA', { tz: 'America/Sao_Paulo' });
    await say(t, 'U0ANNA', 'list');
    await say(t, 'U0BEA', 'list');
    t.fake.fail('views.open', { hang: true });
    const hung = t.slash('', { user: 'U0ANNA' });
    // While Anna's form hangs, Bea's command is answered at once and written.
    expect(await say(t, 'U0BEA', 'new Ferreira & Filhos Lda value 9.900 EUR')).toContain('Ferreira &amp; Filhos Lda');
    // Bea was answered while Anna's call still hung: its timeout answer has not come yet.
    expect(t.fake.responses.some((r) => /did not open the form/.test(r.text ?? ''))).toBe(false);
    expect((await hung).status).toBe(200);
    const answer = await eventually(
      () => t.fake.responses.find((r) => /did not open the form/.test(r.text ?? '')),
      'the timeout answer',
      1000,
    );
    // Opening a form changes nothing: the answer says what did not happen and how to try again.
    expect(answer.text).toContain('Type `/deal` again to open it.');
    expect(answer.text).not.toContain('Something went wrong');
    expect(t.store.db.select().from(deals).where(eq(deals.ownerId, 'U0BEA')).all()).toHaveLength(1);
  });

  it('a stalled CSV download ends at its deadline with a clear DM; no write lock is held meanwhile', async () => {
    t = await startTestApp({ build: { importOptions: { downloadTimeoutMs: 300 } } });
    t.fake.users.set('U0CARL', { tz: 'Europe/Stockholm', is_admin: true });
    t.fake.users.set('U0DORA', { tz: 'Africa/Lagos' });
    await say(t, 'U0CARL', 'list');
    await say(t, 'U0DORA', 'list');
    const never = new Promise(() => undefined);
    t.fake.addFile({
      id: 'FSLOW',
      name: 'pipeline-q4.csv',
      content: 'Company,Amount\nNordisk Ståltråd AB,40000\nØresund Logistik ApS,12000\n',
      hold: never,
    });
    await postEvent(t, fileShare('FSLOW', 'U0CARL'));
    await eventually(() => t.fake.downloads.length > 0, 'the download to start');
    // The download is stuck half-way: Dora's writes go through without "database is locked".
    for (const company of ['Lagos Fintech Ltd', 'Ọ̀yọ́ Textiles', 'Ashanti Gold Co.']) {
      expect(await say(t, 'U0DORA', `new ${company} value 5000`)).toContain(company);
    }
    expect(t.store.sqlite.inTransaction).toBe(false);
    const dm = await eventually(
      () => t.fake.callsTo('chat.postMessage').find((c) => /longer than/.test(JSON.stringify(c.body))),
      'the DM',
      400,
    );
    expect(JSON.stringify(dm.body)).toContain('pipeline-q4.csv');
    expect(t.store.db.select().from(deals).where(eq(deals.ownerId, 'U0CARL')).all()).toHaveLength(0);
    expect(t.store.db.select().from(deals).where(eq(deals.ownerId, 'U0DORA')).all()).toHaveLength(3);
  });
});

describe('the scheduler with a run that hangs', () => {
  it('stops waiting at the deadline, lets the next run go ahead and logs the overlap', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const log: string[] = [];
    const deadlines: Array<() => void> = [];
    const wait = () => {
      let fire!: () => void;
      const promise = new Promise<void>((resolve) => (fire = resolve));
      deadlines.push(fire);
      return { promise, cancel: () => undefined };
    };
    let calls = 0;
    const job = {
      name: 'scan',
      cron: '* * * * *',
      run: () => (++calls === 1 ? new Promise<void>(() => undefined) : Promise.resolve()),
    };
    const tick = supervisedRuns(job, clock, (line) => log.push(line), { deadlineMs: 60_000, wait });
    const first = tick();
    expect(await tick()).toBe('skipped');
    deadlines[0]!();
    expect(await first).toBe('late');
    expect(log.join('\n')).toContain('still running after 60 s');
    expect(await tick()).toBe('done');
    expect(calls).toBe(2);
    expect(log.join('\n')).toContain('1 earlier run(s) still hang');
  });
});
