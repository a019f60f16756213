// At-most-once delivery across a crash: a real child process delivers the outbox against the fake Slack,
// is killed with SIGKILL while Slack holds its chat.postMessage answer, and a new process delivers again.
import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { drafts, outbox } from '../../src/db/schema.js';
import { deliverOutbox } from '../../src/jobs/delivery.js';
import { scan } from '../../src/jobs/scan.js';
import { section } from '../../src/slack/blocks.js';
import { OUTBOX_EVENT_TYPE, webMessenger } from '../../src/slack/web-messenger.js';
import { eventually, seedAnsweredDeal, startTestApp, type TestApp } from '../support/app-harness.js';
import { FakeSlack } from '../support/fake-slack.js';
import { postedWith } from '../support/slack-interactions.js';
import { dailyJobs, slackClient } from '../support/scheduler.js';
import { spawnCollect } from '../support/cli.js';
import { tempDatabase, type TempDatabase } from '../support/temp-db.js';

const CHILD = new URL('./child/deliver.ts', import.meta.url).pathname;
const T0 = new Date('2026-11-09T15:00:00Z');
/** After the 2-minute lease of the killed run has run out. */
const AFTER_LEASE = new Date(T0.getTime() + 3 * 60_000);
const TEXT = 'Société Générale Assurances S.A. — 18 jours sans réponse, 12 500 € en jeu 🧊';

let fake: FakeSlack;
let database: TempDatabase;
beforeEach(async () => {
  fake = await new FakeSlack().start();
  database = tempDatabase('dealcoach-crash-');
});
afterEach(() => fake.stop());

function queueDm(recipient: string, key: string) {
  return database.store.db
    .insert(outbox)
    .values({
      teamId: 'T1',
      key,
      kind: 'nudges',
      recipient,
      payload: { text: TEXT, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: TEXT } }] },
      nextAttemptAt: T0,
      createdAt: T0,
    })
    .returning()
    .get();
}

/** Which fake Slack the child talks to (default: this file's), and whether it delivers with every sender. */
interface ChildRun {
  slack?: FakeSlack;
  senders?: 'all';
}
const env = (at: Date, run: ChildRun = {}) => ({
  DATABASE_URL: database.url,
  SLACK_API_URL: (run.slack ?? fake).apiUrl,
  DELIVER_AT: at.toISOString(),
  ...(run.senders ? { SENDERS: run.senders } : {}),
});
const childArgs = ['--import', 'tsx', CHILD];

function startChild(at: Date, run: ChildRun = {}): ChildProcess {
  return spawn(process.execPath, childArgs, {
    env: { PATH: process.env.PATH, ...env(at, run) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Delivers in a child, letting `before` posts through, until Slack has the next post (and holds its
 * answer), then kills the child with SIGKILL.
 */
async function killMidSend(
  hold: 'postThenHang' | 'hang',
  run: ChildRun & { before?: number; at?: Date } = {},
): Promise<void> {
  const slack = run.slack ?? fake;
  const before = run.before ?? 0;
  // Counted from the posts this fake Slack has already seen (a test app may have made some).
  const already = slack.callsTo('chat.postMessage').length;
  if (before > 0) slack.fail('chat.postMessage', { pass: true }, before);
  slack.fail('chat.postMessage', { [hold]: true });
  const child = startChild(run.at ?? T0, run);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await vi.waitFor(() => expect(slack.callsTo('chat.postMessage'), output).toHaveLength(already + before + 1), {
    timeout: 15_000,
    interval: 20,
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

const rowOf = (id: number) => database.store.db.select().from(outbox).where(eq(outbox.id, id)).get()!;

describe('a DM whose send was cut by kill -9', () => {
  it('is not sent again when Slack had it: the restart finds it by its metadata and marks it sent', async () => {
    const { id } = queueDm('U0MARIE', 'nudges:T1:U0MARIE:2026-11-09');
    await killMidSend('postThenHang');
    // The killed run claimed the row and never learnt the outcome.
    expect(rowOf(id)).toMatchObject({ status: 'pending', attempts: 1, slackTs: null });
    expect(fake.postedTo('U0MARIE')).toHaveLength(1);

    const restart = await spawnCollect(process.execPath, childArgs, { env: env(AFTER_LEASE) });
    expect(restart.code, restart.stderr).toBe(0);
    expect(JSON.parse(restart.stdout)).toMatchObject({ sent: 1, recovered: 1, retrying: 0, failed: 0 });

    const posted = fake.postedTo('U0MARIE');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      text: TEXT,
      metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'nudges:T1:U0MARIE:2026-11-09' } },
    });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')[0]!.body).toMatchObject({
      channel: 'D0MARIE',
      include_all_metadata: 'true',
    });
    expect(rowOf(id)).toMatchObject({
      status: 'sent',
      slackChannel: 'D0MARIE',
      slackTs: posted[0]!.ts,
      lastError: 'found already posted',
    });
  }, 30_000);

  it('is sent exactly once after the restart when Slack never had it', async () => {
    const { id } = queueDm('U0JOSE', 'nudges:T1:U0JOSE:2026-11-09');
    await killMidSend('hang');
    expect(fake.postedTo('U0JOSE')).toHaveLength(0);

    const restart = await spawnCollect(process.execPath, childArgs, { env: env(AFTER_LEASE) });
    expect(JSON.parse(restart.stdout)).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    expect(fake.postedTo('U0JOSE')).toHaveLength(1);
    expect(rowOf(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });

    // A third run finds nothing to do: still one message.
    const again = await spawnCollect(process.execPath, childArgs, {
      env: env(new Date(AFTER_LEASE.getTime() + 600_000)),
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0 });
    expect(fake.postedTo('U0JOSE')).toHaveLength(1);
  }, 30_000);
});

describe('a row whose outcome is unknown and cannot be checked', () => {
  it('is never sent blindly: without history access it ends failed, with the reason', async () => {
    const { id } = queueDm('U0LENA', 'nudges:T1:U0LENA:2026-11-09');
    // An earlier attempt timed out after Slack may have taken it.
    database.store.db.update(outbox).set({ attempts: 1, lastError: 'timeout' }).where(eq(outbox.id, id)).run();
    fake.fail('conversations.history', { body: { ok: false, error: 'missing_scope', needed: 'im:history' } });
    const messenger = webMessenger(slackClient(fake.apiUrl));
    const result = await deliverOutbox(database.store, messenger, T0);
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(rowOf(id)).toMatchObject({ status: 'failed', lastError: 'missing_scope' });
  });

  it('waits and checks again when the lookup fails for a while (Slack 500)', async () => {
    const { id } = queueDm('U0AOIFE', 'nudges:T1:U0AOIFE:2026-11-09');
    database.store.db.update(outbox).set({ attempts: 1 }).where(eq(outbox.id, id)).run();
    fake.fail('conversations.open', { status: 500, body: { ok: false } });
    const messenger = webMessenger(slackClient(fake.apiUrl));
    expect(await deliverOutbox(database.store, messenger, T0)).toMatchObject({ sent: 0, retrying: 1 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    const later = rowOf(id).nextAttemptAt;
    expect(await deliverOutbox(database.store, messenger, later)).toMatchObject({ sent: 1 });
    expect(fake.postedTo('U0AOIFE')).toHaveLength(1);
  });
});

describe('a draft card whose send was cut by kill -9 between the post and the save of its ts', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.stop();
  });

  it('is found after the restart, linked to its draft, and Approve then rewrites that very card', async () => {
    t = await startTestApp({ start: '2026-11-02T15:00:00Z', store: openStore(database.url) });
    await seedAnsweredDeal(
      t,
      {
        create: 'new Verlagsgruppe Süddeutsche Medien GmbH value 48.000 EUR stage negotiation contact "Jürgen Weiß"',
        reply: 'reply Verlagsgruppe they want the quote before the Aufsichtsrat meets',
        touch: 'email Verlagsgruppe sent the revised quote (48.000 €)',
      },
      '2026-11-02T16:00:00Z',
    );
    // The scheduler's days up to Sunday, in this process; then Monday 10:00 New York, day 3 of the
    // silence: the scan queues the check-in card (and a nudge DM) and the child delivers it.
    await dailyJobs(t, '2026-11-02T15:00:00Z', { defaultZone: 'UTC' })('2026-11-08T15:00:00Z');
    const monday = new Date('2026-11-09T15:00:00Z');
    t.clock.set(monday);
    expect((await scan(t.store, monday)).queued).toBeGreaterThan(0);
    // Only the card is left to send, so the held post is the card's.
    t.store.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.kind, 'nudges')).run();
    const card = t.store.db.select().from(outbox).where(eq(outbox.kind, 'draft_card')).get()!;
    const postsBefore = t.fake.callsTo('chat.postMessage').length;
    const dmsBefore = t.fake.postedTo('U1').length;

    // The child's first post is the card: it is held, not let through.
    await killMidSend('postThenHang', { slack: t.fake, senders: 'all', at: monday });
    // Slack has the card; the draft was written before the post and never learnt where it went.
    const posted = t.fake.postedTo('U1').slice(dmsBefore);
    expect(posted).toHaveLength(1);
    expect(t.store.db.select().from(drafts).all()).toMatchObject([{ status: 'pending', slackTs: null }]);

    const lease = new Date(monday.getTime() + 3 * 60_000);
    const restart = await spawnCollect(process.execPath, childArgs, {
      env: env(lease, { slack: t.fake, senders: 'all' }),
    });
    expect(restart.code, restart.stderr).toBe(0);
    expect(JSON.parse(restart.stdout)).toMatchObject({ sent: 1, recovered: 1, failed: 0 });
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(postsBefore + 1);
    expect(rowOf(card.id)).toMatchObject({ status: 'sent', slackChannel: 'D1', slackTs: posted[0]!.ts });
    expect(t.store.db.select().from(drafts).get()).toMatchObject({ slackChannel: 'D1', slackTs: posted[0]!.ts });

    // Approve on that card updates it in place, as after a normal post.
    const { byLabel } = postedWith(t.fake, 'draft_approve');
    await t.press({ ...byLabel.get('Approve')!, text: { type: 'plain_text', text: 'Approve' } }, { user: 'U1' });
    const update = await eventually(() => t.fake.callsTo('chat.update')[0], 'chat.update of the card');
    expect(update.body).toMatchObject({ channel: 'D1', ts: posted[0]!.ts });
    expect(update.body.text).toContain('Approved');
  }, 40_000);
});

describe('a digest whose thread was cut by kill -9', () => {
  const reply = (n: number, company: string) => ({
    text: `Digest, part ${n}`,
    blocks: [section(`*${company}*: 12 business days silent, 24.900 € 🧊`)],
  });
  const THREAD = [
    reply(1, 'Ferreira & Filhos, Lda.'),
    reply(2, 'Ōsaka Kōgyō K.K.'),
    reply(3, 'Übersee-Handelsgesellschaft mbH & Co. KG'),
  ];
  const KEY = 'digest:7:2026-11-09T09:00';

  function queueDigestRow() {
    const text = 'Équipe Sud — 3 deals silent, 74.700 € at risk';
    return database.store.db
      .insert(outbox)
      .values({
        teamId: 'T1',
        key: KEY,
        kind: 'digest',
        recipient: 'CSALES',
        payload: { text, blocks: [section(text)], thread: THREAD },
        nextAttemptAt: T0,
        createdAt: T0,
      })
      .returning()
      .get();
  }
  const restart = async () => {
    const run = await spawnCollect(process.execPath, childArgs, { env: env(AFTER_LEASE, { senders: 'all' }) });
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  const threadOf = (ts: string) => fake.postedTo('CSALES').filter((m) => m.thread_ts === ts);

  it('killed between the main post and the save of its ts: after the restart each reply goes out once', async () => {
    const { id } = queueDigestRow();
    await killMidSend('postThenHang', { senders: 'all' });
    expect(rowOf(id)).toMatchObject({ status: 'pending', slackTs: null });

    expect(await restart()).toMatchObject({ sent: 1, recovered: 1, failed: 0 });
    const [main, ...rest] = fake.postedTo('CSALES');
    expect(main!.thread_ts).toBeUndefined();
    expect(rest.map((m) => m.text)).toEqual(['Digest, part 1', 'Digest, part 2', 'Digest, part 3']);
    expect(threadOf(main!.ts)).toHaveLength(3);
    expect(rowOf(id)).toMatchObject({ status: 'sent', slackChannel: 'CSALES', slackTs: main!.ts });
    expect((rowOf(id).payload as { threadSent?: number }).threadSent).toBe(3);
  }, 30_000);

  it('killed while a reply was in flight: that reply is found in the thread, the rest posted, none twice', async () => {
    const { id } = queueDigestRow();
    // The main message and reply 1 go out and are recorded; Slack takes reply 2 and never answers.
    await killMidSend('postThenHang', { senders: 'all', before: 2 });
    const main = fake.postedTo('CSALES')[0]!;
    expect(rowOf(id)).toMatchObject({ status: 'pending', slackTs: main.ts });
    expect(threadOf(main.ts)).toHaveLength(2);

    expect(await restart()).toMatchObject({ sent: 1, failed: 0 });
    expect(threadOf(main.ts).map((m) => m.text)).toEqual(['Digest, part 1', 'Digest, part 2', 'Digest, part 3']);
    expect(fake.postedTo('CSALES').filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(fake.callsTo('conversations.replies')[0]!.body).toMatchObject({ channel: 'CSALES', ts: main.ts });
    // Each reply carries its own key, under the digest's.
    expect(threadOf(main.ts).map((m) => m.metadata?.event_payload.key)).toEqual([
      `${KEY}#reply1`,
      `${KEY}#reply2`,
      `${KEY}#reply3`,
    ]);
    expect(rowOf(id)).toMatchObject({ status: 'sent', slackTs: main.ts });

    // Nothing is left: another run posts nothing.
    const again = await spawnCollect(process.execPath, childArgs, {
      env: env(new Date(AFTER_LEASE.getTime() + 600_000), { senders: 'all' }),
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0 });
    expect(fake.postedTo('CSALES')).toHaveLength(4);
  }, 30_000);
});
