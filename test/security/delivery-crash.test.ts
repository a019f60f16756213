// At-most-once delivery across a crash: a real child process delivers the outbox against the fake Slack,
// is killed with SIGKILL while Slack holds its chat.postMessage answer, and a new process delivers again.
import { spawn, type ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { deliverOutbox } from '../../src/jobs/delivery.js';
import { OUTBOX_EVENT_TYPE, webMessenger } from '../../src/slack/web-messenger.js';
import { FakeSlack } from '../support/fake-slack.js';
import { slackClient } from '../support/scheduler.js';
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

const env = (at: Date) => ({ DATABASE_URL: database.url, SLACK_API_URL: fake.apiUrl, DELIVER_AT: at.toISOString() });
const childArgs = ['--import', 'tsx', CHILD];

function startChild(at: Date): ChildProcess {
  return spawn(process.execPath, childArgs, {
    env: { PATH: process.env.PATH, ...env(at) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Delivers in a child until Slack has the post (and holds its answer), then kills the child with SIGKILL. */
async function killMidSend(hold: 'postThenHang' | 'hang'): Promise<void> {
  fake.fail('chat.postMessage', { [hold]: true });
  const child = startChild(T0);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await vi.waitFor(() => expect(fake.callsTo('chat.postMessage')).toHaveLength(1), { timeout: 15_000, interval: 20 });
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
