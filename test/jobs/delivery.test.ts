// Outbox delivery on a real SQLite store, through the real @slack/web-api client against the fake
// Slack. Time is a parameter: every run gets an explicit `now`, nothing sleeps.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { outbox, type OutboxRow } from '../../src/db/schema.js';
import { backoffMs, classifyFailure, deliverOutbox, MAX_ATTEMPTS, PERMANENT_ERRORS } from '../../src/jobs/delivery.js';
import type { Messenger } from '../../src/slack/messenger.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { FakeSlack } from '../support/fake-slack.js';
import { freePort } from '../../src/bench/http.js';
import { slackClient } from '../support/scheduler.js';

const T0 = new Date('2026-11-09T15:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let fake: FakeSlack;
let store: Store;
let messenger: Messenger;

// As buildApp configures Bolt's client: fail fast, the outbox does its own retries.
const clientFor = (apiUrl: string) => slackClient(apiUrl, 'xoxb-test');

beforeEach(async () => {
  fake = await new FakeSlack().start();
  store = openStore(':memory:');
  messenger = webMessenger(clientFor(fake.apiUrl));
});
afterEach(async () => {
  await fake.stop();
  store.close();
});

let keyCounter = 0;
/** Inserts one pending outbox row, due at `due` (T0 by default). */
function enqueue(fields: {
  recipient: string;
  kind?: 'nudges' | 'digest';
  text?: string;
  due?: Date;
  teamId?: string;
}): OutboxRow {
  const text = fields.text ?? `hello ${fields.recipient}`;
  return store.db
    .insert(outbox)
    .values({
      teamId: fields.teamId ?? 'T1',
      key: `test:${++keyCounter}`,
      kind: fields.kind ?? 'nudges',
      recipient: fields.recipient,
      payload: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
      nextAttemptAt: fields.due ?? T0,
      createdAt: fields.due ?? T0,
    })
    .returning()
    .get();
}

const row = (id: number) => store.db.select().from(outbox).where(eq(outbox.id, id)).get()!;
const posts = () => fake.callsTo('chat.postMessage');
const postsTo = (channel: string) => posts().filter((c) => c.body.channel === channel);

describe('deliverOutbox', () => {
  it('sends a DM once and records it as sent with its channel and ts', async () => {
    const { id } = enqueue({ recipient: 'U1', text: 'Acme is due today' });
    const result = await deliverOutbox(store, messenger, T0);
    expect(result).toEqual({ sent: 1, retrying: 0, failed: 0, deferred: 0, skipped: 0 });
    expect(posts()).toHaveLength(1);
    const call = posts()[0]!;
    expect(call.token).toBe('xoxb-test');
    expect(call.body.channel).toBe('U1');
    expect(call.body.text).toBe('Acme is due today');
    expect(call.body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Acme is due today' } }]);
    const sent = row(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, slackChannel: 'D1', lastError: null });
    expect(sent.slackTs).toMatch(/^\d+\.\d+$/);
    expect(sent.sentAt).toEqual(T0);
  });

  it('leaves a row whose kind needs its own sender (a draft card, a card update) to a deliverer that has it', async () => {
    // `dealcoach digest --post` delivers with the digest sender only, beside the running bot.
    const card = { text: 'Hanseatic: check-in', blocks: [], draftId: 4, channel: 'D1', ts: '1700000001.000001' };
    const rows = store.db
      .insert(outbox)
      .values([
        {
          teamId: 'T1',
          key: 'draft:7:3:2',
          kind: 'draft_card',
          recipient: 'U1',
          payload: { dealId: 7, episodeId: 3, step: 2, kind: 'checkin' },
          nextAttemptAt: T0,
          createdAt: T0,
        },
        {
          teamId: 'T1',
          key: 'card:D1:1700000001.000001:v1',
          kind: 'card_update',
          recipient: 'D1',
          payload: { ...card, version: 1 },
          nextAttemptAt: T0,
          createdAt: T0,
        },
      ])
      .returning()
      .all();
    const { id: notice } = enqueue({ recipient: 'U1', text: 'The digest could not be posted' });
    expect(await deliverOutbox(store, messenger, T0)).toMatchObject({ sent: 1, failed: 0 });
    expect(posts().map((c) => c.body.text)).toEqual(['The digest could not be posted']);
    expect(fake.callsTo('chat.update')).toEqual([]);
    for (const { id } of rows) expect(row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row(notice).status).toBe('sent');
  });

  it('posts digest rows to their channel', async () => {
    const { id } = enqueue({ recipient: 'C0SALES', kind: 'digest', text: 'Weekly pipeline' });
    await deliverOutbox(store, messenger, T0);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body).toMatchObject({ channel: 'C0SALES', text: 'Weekly pipeline' });
    expect(row(id)).toMatchObject({ status: 'sent', slackChannel: 'C0SALES' });
  });

  it('leaves nothing to send for a row not yet due', async () => {
    const { id } = enqueue({ recipient: 'U1', due: at(60_000) });
    expect(await deliverOutbox(store, messenger, T0)).toMatchObject({ sent: 0 });
    expect(posts()).toHaveLength(0);
    expect(row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await deliverOutbox(store, messenger, at(60_000))).toMatchObject({ sent: 1 });
    expect(row(id).status).toBe('sent');
  });

  it('on a 429 with Retry-After: 30 waits exactly that long, uses no attempt, defers the rest, and sends at now+30s', async () => {
    const first = enqueue({ recipient: 'U1' });
    const second = enqueue({ recipient: 'U2' });
    const third = enqueue({ recipient: 'U3' });
    fake.fail('chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': '30' },
    });

    const result = await deliverOutbox(store, messenger, T0);
    expect(result).toEqual({ sent: 0, retrying: 1, failed: 0, deferred: 2, skipped: 0 });
    // One request reached Slack: the rest of the run was left alone.
    expect(posts()).toHaveLength(1);
    expect(row(first.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at(30_000) });
    expect(row(first.id).lastError).toContain('rate limited');
    expect(row(second.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0 });
    expect(row(third.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0 });

    // A second earlier than Slack asked, the rate-limited row is not retried.
    await deliverOutbox(store, messenger, at(29_000));
    expect(postsTo('U1')).toHaveLength(1);
    expect(row(first.id).status).toBe('pending');

    const later = await deliverOutbox(store, messenger, at(30_000));
    expect(later.sent).toBe(1);
    expect(postsTo('U1')).toHaveLength(2);
    expect(row(first.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: at(30_000) });
    // Everything went out, each exactly once.
    expect(postsTo('U2')).toHaveLength(1);
    expect(postsTo('U3')).toHaveLength(1);
    expect([first, second, third].map((r) => row(r.id).status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('backs off on a 500 with growing waits and gives up as failed after MAX_ATTEMPTS', async () => {
    const { id } = enqueue({ recipient: 'U1' });
    fake.fail('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } }, MAX_ATTEMPTS);

    let now = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const result = await deliverOutbox(store, messenger, now);
      expect(result).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
      const r = row(id);
      expect(r).toMatchObject({ status: 'pending', attempts: attempt, lastError: 'HTTP 500' });
      const wait = r.nextAttemptAt.getTime() - now.getTime();
      expect(wait).toBe(backoffMs(attempt));
      waits.push(wait);
      // Nothing happens before the backoff is over.
      expect(await deliverOutbox(store, messenger, new Date(r.nextAttemptAt.getTime() - 1))).toMatchObject({
        sent: 0,
        retrying: 0,
      });
      now = r.nextAttemptAt;
    }
    expect(waits[0]).toBe(30_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);

    const last = await deliverOutbox(store, messenger, now);
    expect(last).toMatchObject({ sent: 0, retrying: 0, failed: 1 });
    expect(row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'HTTP 500' });
    expect(posts()).toHaveLength(MAX_ATTEMPTS);
    // A failed row is never tried again, even though Slack would now answer.
    await deliverOutbox(store, messenger, at(365 * 86_400_000));
    expect(posts()).toHaveLength(MAX_ATTEMPTS);
  });

  it('a 500 followed by success sends the row on the retry', async () => {
    const { id } = enqueue({ recipient: 'U1' });
    fake.fail('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    await deliverOutbox(store, messenger, T0);
    expect(row(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
      nextAttemptAt: at(backoffMs(1)),
    });
    await deliverOutbox(store, messenger, at(backoffMs(1)));
    expect(row(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('marks channel_not_found and account_inactive as failed with lastError, and still sends the rows after them', async () => {
    const gone = enqueue({ recipient: 'C0GONE', kind: 'digest' });
    const inactive = enqueue({ recipient: 'U9' });
    const fine = enqueue({ recipient: 'U1' });
    const alsoFine = enqueue({ recipient: 'C0SALES', kind: 'digest' });
    fake.fail('chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    fake.fail('chat.postMessage', { status: 200, body: { ok: false, error: 'account_inactive' } });

    const result = await deliverOutbox(store, messenger, T0);
    expect(result).toEqual({ sent: 2, retrying: 0, failed: 2, deferred: 0, skipped: 0 });
    expect(row(gone.id)).toMatchObject({ status: 'failed', lastError: 'channel_not_found', attempts: 1, sentAt: null });
    expect(row(inactive.id)).toMatchObject({
      status: 'failed',
      lastError: 'account_inactive',
      attempts: 1,
      sentAt: null,
    });
    expect(row(fine.id)).toMatchObject({ status: 'sent', slackChannel: 'D1' });
    expect(row(alsoFine.id)).toMatchObject({ status: 'sent', slackChannel: 'C0SALES' });
    expect(posts().map((c) => c.body.channel)).toEqual(['C0GONE', 'U9', 'U1', 'C0SALES']);

    // Permanent failures are not retried later.
    await deliverOutbox(store, messenger, at(86_400_000));
    expect(posts()).toHaveLength(4);
  });

  it('treats a non-permanent Slack error (200, ok:false) as transient', async () => {
    const { id } = enqueue({ recipient: 'U1' });
    fake.fail('chat.postMessage', { status: 200, body: { ok: false, error: 'internal_error' } });
    const result = await deliverOutbox(store, messenger, T0);
    expect(result).toMatchObject({ retrying: 1, failed: 0 });
    expect(row(id)).toMatchObject({ status: 'pending', lastError: 'internal_error', nextAttemptAt: at(backoffMs(1)) });
  });

  it('retries later after a network error (Slack unreachable), then sends', async () => {
    const first = enqueue({ recipient: 'U1' });
    const second = enqueue({ recipient: 'U2' });
    const unreachable = webMessenger(clientFor(`http://127.0.0.1:${await freePort()}/api/`));

    const result = await deliverOutbox(store, unreachable, T0);
    // A network error is not Slack pacing us: every due row is tried and backs off.
    expect(result).toEqual({ sent: 0, retrying: 2, failed: 0, deferred: 0, skipped: 0 });
    for (const r of [first, second]) {
      expect(row(r.id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(backoffMs(1)) });
      expect(row(r.id).lastError).toContain('request error');
    }
    expect(posts()).toHaveLength(0);

    const back = await deliverOutbox(store, messenger, at(backoffMs(1)));
    expect(back.sent).toBe(2);
    expect(row(first.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(posts()).toHaveLength(2);
  });

  it('retries later when the fake Slack has stopped', async () => {
    const { id } = enqueue({ recipient: 'U1' });
    await fake.stop();
    const result = await deliverOutbox(store, messenger, T0);
    expect(result).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
    expect(row(id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(backoffMs(1)) });
    expect(row(id).lastError).toBeTruthy();
  });

  it('never sends a row twice when run twice, or again later', async () => {
    const rows = [
      enqueue({ recipient: 'U1' }),
      enqueue({ recipient: 'U2' }),
      enqueue({ recipient: 'C0SALES', kind: 'digest' }),
    ];
    expect((await deliverOutbox(store, messenger, T0)).sent).toBe(3);
    expect((await deliverOutbox(store, messenger, T0)).sent).toBe(0);
    expect((await deliverOutbox(store, messenger, at(10 * 60_000))).sent).toBe(0);
    expect(posts()).toHaveLength(3);
    for (const r of rows) expect(row(r.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('two deliverers racing on the same store send each row exactly once', async () => {
    const recipients = Array.from({ length: 12 }, (_, i) => `U${100 + i}`);
    for (const recipient of recipients) enqueue({ recipient });
    const other = webMessenger(clientFor(fake.apiUrl));
    const [a, b] = await Promise.all([deliverOutbox(store, messenger, T0), deliverOutbox(store, other, T0)]);
    expect(a.sent + b.sent).toBe(recipients.length);
    // Both really took part: the claim, not luck, kept them apart.
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(
      posts()
        .map((c) => c.body.channel)
        .sort(),
    ).toEqual([...recipients].sort());
    const all = store.db.select().from(outbox).all();
    expect(all.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(new Set(all.map((r) => r.slackTs)).size).toBe(recipients.length);
  });

  it('does not send a row another deliverer holds under its lease', async () => {
    const { id } = enqueue({ recipient: 'U1' });
    // Another instance has claimed it (attempt counted, lease until T0 + 2 min) and not finished.
    store.db
      .update(outbox)
      .set({ attempts: 1, nextAttemptAt: at(2 * 60_000) })
      .where(eq(outbox.id, id))
      .run();
    expect((await deliverOutbox(store, messenger, at(60_000))).sent).toBe(0);
    expect(posts()).toHaveLength(0);
  });
});

describe('classifyFailure', () => {
  it('reads a rate limit and its Retry-After', () => {
    expect(classifyFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
      message: 'rate limited (Retry-After 30s)',
    });
    // Retry-After: 0 still waits a second; a missing one waits 30.
    expect(classifyFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 0 })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 1000,
    });
    expect(classifyFailure({ code: 'slack_webapi_rate_limited_error' })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
    });
  });

  it('sorts Slack platform errors into permanent and transient', () => {
    for (const error of [
      'channel_not_found',
      'account_inactive',
      'not_in_channel',
      'is_archived',
      'invalid_auth',
      'token_revoked',
      'msg_too_long',
      'invalid_blocks',
    ]) {
      expect(PERMANENT_ERRORS.has(error)).toBe(true);
      expect(classifyFailure({ code: 'slack_webapi_platform_error', data: { ok: false, error } })).toEqual({
        kind: 'permanent',
        message: error,
      });
    }
    expect(
      classifyFailure({ code: 'slack_webapi_platform_error', data: { ok: false, error: 'internal_error' } }),
    ).toEqual({ kind: 'transient', message: 'internal_error' });
    expect(classifyFailure({ code: 'slack_webapi_platform_error', data: {} })).toEqual({
      kind: 'transient',
      message: 'unknown_error',
    });
  });

  it('treats HTTP errors, network errors and anything else as transient', () => {
    expect(classifyFailure({ code: 'slack_webapi_http_error', statusCode: 502 })).toEqual({
      kind: 'transient',
      message: 'HTTP 502',
    });
    expect(
      classifyFailure({ code: 'slack_webapi_request_error', message: 'A request error occurred: fetch failed' }),
    ).toEqual({ kind: 'transient', message: 'A request error occurred: fetch failed' });
    expect(classifyFailure(new Error('boom'))).toEqual({ kind: 'transient', message: 'boom' });
    expect(classifyFailure('weird')).toEqual({ kind: 'transient', message: 'weird' });
    expect(classifyFailure(undefined)).toEqual({ kind: 'transient', message: 'undefined' });
  });

  it('classifies what the real WebClient throws for each kind of answer', async () => {
    const client = clientFor(fake.apiUrl);
    const thrown = async () => {
      try {
        await client.chat.postMessage({ channel: 'U1', text: 'x' });
      } catch (error) {
        return error;
      }
      throw new Error('expected the call to fail');
    };
    fake.fail('chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': '7' },
    });
    expect(classifyFailure(await thrown())).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    fake.fail('chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    expect(classifyFailure(await thrown())).toEqual({ kind: 'permanent', message: 'channel_not_found' });
    fake.fail('chat.postMessage', { status: 500, body: { ok: false } });
    expect(classifyFailure(await thrown())).toEqual({ kind: 'transient', message: 'HTTP 500' });
  });

  it('backs off exponentially from 30 s, capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(0)).toBe(30_000);
    expect(backoffMs(20)).toBe(60 * 60_000);
  });
});
