// A big digest through the real outbox, the real @slack/web-api client and the fake Slack, which
// refuses (msg_blocks_too_long) any message whose blocks carry more than 11,300 characters of text.
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { outbox } from '../../src/db/schema.js';
import { digestSender, queueDigest } from '../../src/jobs/digest.js';
import { deliverOutbox, MAX_RATE_LIMITS } from '../../src/jobs/delivery.js';
import type { DigestPayload } from '../../src/jobs/outbox-payloads.js';
import { MESSAGE_TEXT_BUDGET, section } from '../../src/slack/blocks.js';
import type { Messenger } from '../../src/slack/messenger.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { checkMessage } from '../support/block-kit-limits.js';
import { bigDigest, longPromise } from '../support/big-data.js';
import { blocksText, BLOCKS_TEXT_LIMIT, FakeSlack } from '../support/fake-slack.js';

const T0 = new Date('2026-11-09T14:00:00Z');
let fake: FakeSlack;
let store: Store;
let messenger: Messenger;

beforeEach(async () => {
  fake = await new FakeSlack().start();
  store = openStore(':memory:');
  const client = new WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  messenger = webMessenger(client);
});
afterEach(async () => {
  await fake.stop();
  store.close();
});

const posts = () => fake.callsTo('chat.postMessage');
const deliver = (at: Date) =>
  deliverOutbox(store, messenger, at, { senders: { digest: digestSender(messenger, store) } });
const digestRow = () => store.db.select().from(outbox).get()!;

function queueBig(reps: number, perRep: number) {
  const data = bigDigest(reps, perRep, { nameLength: 480, promiseLength: 2000 });
  expect(queueDigest(store.db, { key: 'digest:1:2026-11-09T09:00', channel: 'CSALES', data, at: T0 })).toBe(true);
  return data;
}

describe('a big digest, delivered', () => {
  it('posts a team of 20 reps x 10 silent deals in messages each under the budget, every deal in the thread', async () => {
    const data = queueBig(20, 10);
    expect(await deliver(T0)).toMatchObject({ sent: 1, failed: 0 });
    const [main, ...replies] = posts();
    expect(main!.body.thread_ts).toBeUndefined();
    expect(replies.length).toBeGreaterThan(3);
    for (const call of posts()) {
      expect(call.body.blocks.length).toBeLessThanOrEqual(50);
      expect(blocksText(call.body.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      expect(checkMessage(call.body)).toEqual([]);
    }
    for (const reply of replies) expect(reply.body.thread_ts).toBe(digestRow().slackTs);
    const thread = replies.map((c) => JSON.stringify(c.body.blocks)).join('');
    for (const rep of data.reps) expect(thread).toContain(`<@${rep.repId}>`);
    expect(thread.match(/business days silent/g)!.length).toBeGreaterThanOrEqual(200);
    expect(digestRow()).toMatchObject({ status: 'sent', slackChannel: 'CSALES', lastError: null });
  });

  it('retries a failed thread reply alone: the main message and the replies already sent are not posted again', async () => {
    queueBig(20, 10);
    const total = (digestRow().payload as DigestPayload).thread!.length + 1;
    // The main message and two replies go out; the third reply is rate limited.
    fake.fail('chat.postMessage', { status: 200, body: { ok: true, channel: 'CSALES', ts: '1700000001.000100' } });
    fake.fail('chat.postMessage', { status: 200, body: { ok: true, channel: 'CSALES', ts: '1700000002.000200' } });
    fake.fail('chat.postMessage', { status: 200, body: { ok: true, channel: 'CSALES', ts: '1700000003.000300' } });
    fake.fail('chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': '45' },
    });
    expect(await deliver(T0)).toMatchObject({ sent: 0, retrying: 1 });
    expect(digestRow()).toMatchObject({ status: 'pending', slackTs: '1700000001.000100', rateLimits: 1, attempts: 0 });
    expect((digestRow().payload as DigestPayload).threadSent).toBe(2);
    expect(digestRow().nextAttemptAt).toEqual(new Date(T0.getTime() + 45_000));

    await deliver(new Date(T0.getTime() + 45_000));
    expect(digestRow()).toMatchObject({ status: 'sent', slackTs: '1700000001.000100' });
    expect(posts()).toHaveLength(total + 1); // every message once, plus the one refused try
    const mains = posts().filter((c) => !c.body.thread_ts);
    expect(mains).toHaveLength(1);
    expect(
      posts()
        .slice(4)
        .every((c) => c.body.thread_ts === '1700000001.000100'),
    ).toBe(true);
  });

  it('a thread reply that fails with a 500 is retried with the rest: the digest is not marked sent early', async () => {
    queueBig(20, 10);
    const total = (digestRow().payload as DigestPayload).thread!.length + 1;
    fake.fail('chat.postMessage', { pass: true }, 2);
    fake.fail('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    expect(await deliver(T0)).toMatchObject({ sent: 0, retrying: 1 });
    expect(digestRow()).toMatchObject({ status: 'pending', attempts: 1 });
    expect((digestRow().payload as DigestPayload).threadSent).toBe(1);

    // The retry was tried before, yet it must not take the main message for the whole digest.
    expect(await deliver(digestRow().nextAttemptAt)).toMatchObject({ sent: 1, retrying: 0 });
    const main = digestRow().slackTs!;
    const thread = fake.postedTo('CSALES').filter((m) => m.thread_ts === main);
    expect(thread).toHaveLength(total - 1);
    expect(new Set(thread.map((m) => m.metadata?.event_payload.key)).size).toBe(total - 1);
    expect(fake.postedTo('CSALES').filter((m) => !m.thread_ts)).toHaveLength(1);
  });

  it('stops after a bounded number of 429s and says so in last_error', async () => {
    queueBig(2, 2);
    fake.fail(
      'chat.postMessage',
      { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': '1' } },
      MAX_RATE_LIMITS,
    );
    let now = T0;
    for (let i = 0; i < MAX_RATE_LIMITS + 5; i++) {
      await deliver(now);
      now = new Date(now.getTime() + 1000);
    }
    expect(posts()).toHaveLength(MAX_RATE_LIMITS);
    expect(digestRow()).toMatchObject({ status: 'failed', rateLimits: MAX_RATE_LIMITS });
    expect(digestRow().lastError).toBe(
      `gave up after ${MAX_RATE_LIMITS} rate-limited tries: rate limited (Retry-After 1s)`,
    );
  });

  it('when Slack refuses a message as too long anyway, sends it in parts instead of dropping it', async () => {
    // Each section is within its own limit; together they are over what Slack accepts.
    const blocks = Array.from({ length: 6 }, (_, i) => section(`${i + 1}. ${longPromise(i, 2900)}`));
    store.db
      .insert(outbox)
      .values({
        teamId: 'T1',
        key: 'nudges:U1:big',
        kind: 'nudges',
        recipient: 'U1',
        payload: { text: 'Six long promises', blocks, decisions: [] },
        nextAttemptAt: T0,
        createdAt: T0,
      })
      .run();
    expect(await deliver(T0)).toMatchObject({ sent: 1, failed: 0 });
    const [refused, ...parts] = posts();
    expect(blocksText(refused!.body.blocks)).toBeGreaterThan(BLOCKS_TEXT_LIMIT);
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(blocksText(part.body.blocks)).toBeLessThanOrEqual(BLOCKS_TEXT_LIMIT);
    expect(parts.flatMap((p) => p.body.blocks)).toEqual(blocks);
    expect(parts[1]!.body.text).toBe('Six long promises (continued)');
    expect(digestRow()).toMatchObject({ status: 'sent', slackChannel: 'D1' });
  });
});
