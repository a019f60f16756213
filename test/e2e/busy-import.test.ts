// A big CSV sent in a DM while other reps work: the real bot over signed HTTP, the file downloaded
// from the fake Slack and imported while /healthz is polled every 100 ms and other reps send commands
// (writes and reads) every 250 ms. Every ack within Slack's 3 s, /healthz never slower than 500 ms,
// every rep told the truth, and the import reports once, at the end.
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deals } from '../../src/db/schema.js';
import { ACK_BUDGET_MS } from '../../src/slack/budget.js';
import { narrowCsv } from '../import/big-files.js';
import { ackBody, eventually, startTestApp, type TestApp } from '../support/app-harness.js';

const ACK_LIMIT_MS = 3000;
const HEALTH_LIMIT_MS = 500;

interface Sample {
  what: string;
  ms: number;
}

async function timed<T>(what: string, samples: Sample[], request: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await request();
  samples.push({ what, ms: performance.now() - started });
  return value;
}

describe('a big CSV in a DM while other reps work', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it.each([100_000, 400_000])(
    '%i rows: every ack under 3 s, /healthz under 0.5 s, each rep answered truthfully',
    { timeout: 240_000 },
    async (rows) => {
      const app = await startTestApp({ build: { ackBudgetMs: ACK_BUDGET_MS } });
      t = app;
      app.fake.users.set('U0IMPORT', { tz: 'Europe/Oslo', real_name: 'Ingrid Sæther' });
      app.fake.users.set('U0ANA', { tz: 'America/Sao_Paulo', real_name: 'Ana Conceição' });
      app.fake.users.set('U0KENJI', { tz: 'Asia/Tokyo', real_name: '佐藤 健二' });
      await app.slash('list', { user: 'U0ANA' });
      await app.slash('list', { user: 'U0KENJI' });
      app.fake.addFile({ id: 'FBIG', name: 'pipeline-2026.csv', content: narrowCsv(rows, () => '') });
      const posted = () => app.fake.callsTo('chat.postMessage').map((c) => String(c.body.text));
      const reported = () => posted().find((text) => /^Imported pipeline-2026\.csv/.test(text));

      const health: Sample[] = [];
      const acks: Sample[] = [];
      const answers: Array<{ user: string; company: string; ack: Record<string, any> }> = [];
      let done = false;
      const poll = (async () => {
        while (!done) {
          const answer = await timed('healthz', health, () => fetch(`${app.baseUrl}/healthz`));
          expect(answer.status).toBe(200);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const reps = (async () => {
        for (let n = 1; !done; n++) {
          const user = n % 2 ? 'U0ANA' : 'U0KENJI';
          const company = n % 2 ? `Construtora Horizonte Ltda. ${n}` : `株式会社ヤマト運輸 ${n}`;
          const write = await timed('new', acks, () => app.slash(`new ${company} value 12.500,00 EUR`, { user }));
          answers.push({ user, company, ack: await ackBody(write) });
          const read = await timed('list', acks, () => app.slash('list', { user }));
          expect((await ackBody(read)).text).toContain('open deals');
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();

      await app.event({
        type: 'message',
        subtype: 'file_share',
        channel: 'D0IMPORT',
        channel_type: 'im',
        user: 'U0IMPORT',
        text: '',
        ts: '1700000001.000100',
        files: [{ id: 'FBIG', name: 'pipeline-2026.csv' }],
      });
      const report = await eventually(reported, 'the import report', 200_000);
      done = true;
      await Promise.all([poll, reps]);

      if (process.env.SHOW_FIGURES)
        console.log(
          rows,
          'healthz max',
          Math.max(...health.map((s) => s.ms)).toFixed(0),
          'polls',
          health.length,
          'ack max',
          Math.max(...acks.map((s) => s.ms)).toFixed(0),
          'acks',
          acks.length,
          'working',
          answers.filter((a) => /Working/.test(a.ack.text)).length,
        );
      expect(report).toBe(`Imported pipeline-2026.csv: ${rows} new, 0 updated, 0 unchanged, 0 skipped, 0 rejected.`);
      // Polled and served all along: the import ran for many polls, none slow.
      expect(health.length).toBeGreaterThan(10);
      expect(Math.max(...health.map((s) => s.ms))).toBeLessThan(HEALTH_LIMIT_MS);
      expect(Math.max(...acks.map((s) => s.ms))).toBeLessThan(ACK_LIMIT_MS);

      // Every rep's deal was saved once, and each was told so: in the ack, or after "working on it".
      for (const { company, ack } of answers) {
        if (!/Working on it/.test(ack.text)) expect(ack.text).toContain('Deal added');
        else
          await eventually(
            () => app.fake.responses.find((r) => r.text?.includes(company)),
            `the answer for ${company}`,
          );
        expect(app.store.db.select({ n: count() }).from(deals).where(eq(deals.company, company)).get()!.n).toBe(1);
      }
      const all = [...app.fake.responses.map((r) => String(r.text)), ...posted()];
      expect(all.filter((text) => /Something went wrong|Not saved/.test(text))).toEqual([]);
      expect(posted().filter((text) => /^Imported pipeline-2026/.test(text))).toHaveLength(1);
      expect(app.store.db.select({ n: count() }).from(deals).get()!.n).toBe(rows + answers.length);
    },
  );
});
