// Delivers the outbox: claims each due row (so two instances never send the same one), sends it,
// and records the result. Slack 429s wait for Retry-After, 5xx and network errors back off
// exponentially, and errors that will never succeed are recorded without blocking the rest.
// At most once: every post carries the row's key as message metadata, and a row tried before (a crash
// mid-send, a timeout, a reset) is looked up in the recipient's history first; found, it is marked sent.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Store } from '../db/index.js';
import { outbox, type OutboxRow } from '../db/schema.js';
import type { OutboxKind } from '../domain/vocabulary.js';
import type { BotMessage } from '../slack/blocks.js';
import { OUTBOX_EVENT_TYPE } from '../slack/web-messenger.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';

/** Slack errors that retrying will not fix. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'account_inactive',
  'user_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'user_disabled',
  'invalid_blocks',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'cannot_dm_bot',
  'team_access_not_granted',
  // chat.update of a message that is gone, or that may no longer be edited.
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

/**
 * How each kind is sent: 'plain' the default sender posts as it is (a DM, or a digest to its channel);
 * 'own sender' needs its sender (a deliverer without it leaves the row alone). A new kind must say.
 */
const SENT_AS: Record<OutboxKind, 'plain' | 'own sender'> = {
  nudges: 'plain',
  digest: 'plain',
  notice: 'plain',
  stand_in_review: 'plain',
  draft_card: 'own sender',
  card_update: 'own sender',
};

export const MAX_ATTEMPTS = 8;
/** 429s use no attempt, but a row Slack keeps refusing stops after this many (last_error says so). */
export const MAX_RATE_LIMITS = 20;
const LEASE_MS = 2 * 60_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** Slack's clock may run behind ours: the history lookup starts this long before the row was queued. */
const CLOCK_SKEW_MS = 10 * 60_000;

export type Failure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'permanent'; message: string }
  | { kind: 'transient'; message: string };

/** Sorts an error from the Slack client (or anything else) into what to do about it. */
export function classifyFailure(error: unknown): Failure {
  const err = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
    message?: string;
  };
  if (err?.code === 'slack_webapi_rate_limited_error') {
    return {
      kind: 'rate_limited',
      retryAfterMs: Math.max(1, err.retryAfter ?? 30) * 1000,
      message: `rate limited (Retry-After ${err.retryAfter ?? '?'}s)`,
    };
  }
  if (err?.code === 'slack_webapi_platform_error') {
    const slackError = err.data?.error ?? 'unknown_error';
    return PERMANENT_ERRORS.has(slackError)
      ? { kind: 'permanent', message: slackError }
      : { kind: 'transient', message: slackError };
  }
  if (err?.code === 'slack_webapi_http_error') return { kind: 'transient', message: `HTTP ${err.statusCode ?? '?'}` };
  return { kind: 'transient', message: err?.message ?? String(error) };
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
  /** Rows left for a later run because Slack asked us to slow down. */
  deferred: number;
  /** Rows whose message was no longer needed when their turn came. */
  skipped: number;
  /** Rows tried before whose message was found already in Slack (so not sent again), counted in `sent` too. */
  recovered?: number;
}

/**
 * Sends one outbox row through `messenger` (which tags the row's first post with its key); returns null
 * when the message is no longer needed (nothing was posted). `alreadyPosted` is the row's message found in
 * Slack after an attempt whose outcome was unknown: the sender then posts nothing of it again, but does
 * what follows a post (links a draft to its card, posts a digest's missing replies) and returns that ref.
 */
export type Sender = (row: OutboxRow, messenger: Messenger, alreadyPosted?: PostedRef) => Promise<PostedRef | null>;

/** Where an outbox row goes by default: digests to their channel, everything else as a DM. */
async function sendMessage(messenger: Messenger, row: OutboxRow): Promise<PostedRef> {
  const payload = row.payload as BotMessage;
  const message: BotMessage = { text: payload.text, blocks: payload.blocks };
  return row.kind === 'digest'
    ? messenger.post(row.teamId, row.recipient, message)
    : messenger.dm(row.teamId, row.recipient, message);
}

/** The metadata that ties a Slack message to its outbox row. */
export function outboxMetadata(key: string) {
  return { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } };
}

/** The messenger a row is sent through: its first top-level post carries the row's key. */
function taggingMessenger(messenger: Messenger, key: string): Messenger {
  let tagged = false;
  const tag = (message: BotMessage, threadTs?: string): BotMessage => {
    if (tagged || threadTs) return message;
    tagged = true;
    return { ...message, metadata: outboxMetadata(key) };
  };
  return {
    dm: (teamId, userId, message) => messenger.dm(teamId, userId, tag(message)),
    post: (teamId, channel, message, threadTs) => messenger.post(teamId, channel, tag(message, threadTs), threadTs),
    update: (teamId, ref, message) => messenger.update(teamId, ref, message),
    openModal: (teamId, triggerId, view) => messenger.openModal(teamId, triggerId, view),
    publishHome: (teamId, userId, view) => messenger.publishHome(teamId, userId, view),
    ...(messenger.findOutboxPost ? { findOutboxPost: messenger.findOutboxPost.bind(messenger) } : {}),
  };
}

/** Where the history lookup for `row` starts (Slack's clock may run behind ours). */
export function lookupSince(row: Pick<OutboxRow, 'createdAt'>): Date {
  return new Date(row.createdAt.getTime() - CLOCK_SKEW_MS);
}

/**
 * A row claimed before may have gone out (killed mid-send, a timeout after Slack took it): its post, if any,
 * or undefined when this messenger cannot look (then it is sent again, as before). A row that recorded its
 * post already (a digest whose replies were cut) needs no lookup: its sender resumes from the record.
 */
async function earlierPost(messenger: Messenger, row: OutboxRow): Promise<PostedRef | null | undefined> {
  if (row.attempts === 0 || row.slackTs || !messenger.findOutboxPost) return undefined;
  return messenger.findOutboxPost(row.teamId, row.recipient, row.key, lookupSince(row));
}

export interface DeliveryOptions {
  limit?: number;
  /** Senders for kinds whose message is built at delivery time (e.g. draft cards). */
  senders?: Record<string, Sender>;
}

export async function deliverOutbox(
  store: Store,
  messenger: Messenger,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0, deferred: 0, skipped: 0 };
  const due = store.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(options.limit ?? 500)
    .all();
  for (let index = 0; index < due.length; index++) {
    const row = due[index]!;
    // A row built or sent by its own sender (a draft card, a card update) waits for a deliverer that has it.
    if (!options.senders?.[row.kind] && SENT_AS[row.kind] !== 'plain') continue;
    // Claim: only one deliverer moves this row's next attempt forward; the others skip it.
    const claimed = await store.write((tx) =>
      tx
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
        .run(),
    );
    if (claimed.changes === 0) continue;
    const attempts = row.attempts + 1;
    try {
      // A failed lookup throws like a failed send: the row waits, it is never sent without knowing.
      const found = await earlierPost(messenger, row);
      const sender = options.senders?.[row.kind];
      const via = taggingMessenger(messenger, row.key);
      if (found) {
        // Found: not posted again, but its sender finishes what the post was part of (a card's link, replies).
        const ref = (sender ? await sender(row, via, found) : null) ?? found;
        await store.write((tx) =>
          tx
            .update(outbox)
            .set({
              status: 'sent',
              sentAt: now,
              slackChannel: ref.channel,
              slackTs: ref.ts,
              lastError: 'found already posted',
            })
            .where(eq(outbox.id, row.id))
            .run(),
        );
        result.sent++;
        result.recovered = (result.recovered ?? 0) + 1;
        continue;
      }
      const ref = sender ? await sender(row, via) : await sendMessage(via, row);
      await store.write((tx) =>
        tx
          .update(outbox)
          .set({
            status: 'sent',
            sentAt: now,
            slackChannel: ref?.channel ?? null,
            slackTs: ref?.ts ?? null,
            lastError: ref ? null : 'not needed any more',
          })
          .where(eq(outbox.id, row.id))
          .run(),
      );
      if (ref) result.sent++;
      else result.skipped++;
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'permanent' || (failure.kind === 'transient' && attempts >= MAX_ATTEMPTS)) {
        await store.write((tx) =>
          tx.update(outbox).set({ status: 'failed', lastError: failure.message }).where(eq(outbox.id, row.id)).run(),
        );
        result.failed++;
        continue;
      }
      if (failure.kind === 'rate_limited' && row.rateLimits + 1 >= MAX_RATE_LIMITS) {
        const lastError = `gave up after ${MAX_RATE_LIMITS} rate-limited tries: ${failure.message}`;
        await store.write((tx) =>
          tx
            .update(outbox)
            .set({ status: 'failed', attempts: row.attempts, rateLimits: row.rateLimits + 1, lastError })
            .where(eq(outbox.id, row.id))
            .run(),
        );
        result.failed++;
        continue;
      }
      const wait = failure.kind === 'rate_limited' ? failure.retryAfterMs : backoffMs(attempts);
      // A rate-limited attempt is Slack's pacing, not a failure of ours: it does not use up a try.
      await store.write((tx) =>
        tx
          .update(outbox)
          .set({
            nextAttemptAt: new Date(now.getTime() + wait),
            lastError: failure.message,
            ...(failure.kind === 'rate_limited' ? { attempts: row.attempts, rateLimits: row.rateLimits + 1 } : {}),
          })
          .where(eq(outbox.id, row.id))
          .run(),
      );
      result.retrying++;
      if (failure.kind === 'rate_limited') {
        // Slack asked us to slow down: leave the rest for the next run.
        result.deferred = due.length - index - 1;
        break;
      }
    }
  }
  return result;
}
