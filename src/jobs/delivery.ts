// Delivers the outbox: claims each due row (so two instances never send the same one), sends it,
// and records the result. Slack 429s wait for Retry-After, 5xx and network errors back off
// exponentially, and errors that will never succeed are recorded without blocking the rest.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Store } from '../db/index.js';
import { outbox, type OutboxRow } from '../db/schema.js';
import type { BotMessage } from '../slack/blocks.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';

/** Slack errors that retrying will not fix. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found', 'account_inactive', 'user_not_found', 'not_in_channel', 'is_archived', 'invalid_auth',
  'not_authed', 'token_revoked', 'missing_scope', 'restricted_action', 'user_disabled', 'invalid_blocks',
  'msg_too_long', 'msg_blocks_too_long', 'no_text', 'cannot_dm_bot', 'team_access_not_granted',
]);

export const MAX_ATTEMPTS = 8;
/** 429s use no attempt, but a row Slack keeps refusing stops after this many (last_error says so). */
export const MAX_RATE_LIMITS = 20;
const LEASE_MS = 2 * 60_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;

export type Failure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'permanent'; message: string }
  | { kind: 'transient'; message: string };

/** Sorts an error from the Slack client (or anything else) into what to do about it. */
export function classifyFailure(error: unknown): Failure {
  const err = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (err?.code === 'slack_webapi_rate_limited_error') {
    return { kind: 'rate_limited', retryAfterMs: Math.max(1, err.retryAfter ?? 30) * 1000, message: `rate limited (Retry-After ${err.retryAfter ?? '?'}s)` };
  }
  if (err?.code === 'slack_webapi_platform_error') {
    const slackError = err.data?.error ?? 'unknown_error';
    return PERMANENT_ERRORS.has(slackError) ? { kind: 'permanent', message: slackError } : { kind: 'transient', message: slackError };
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
}

/** Sends one outbox row; returns null when the message is no longer needed (nothing was posted). */
export type Sender = (row: OutboxRow) => Promise<PostedRef | null>;

/** Where an outbox row goes by default: digests to their channel, everything else as a DM. */
async function sendMessage(messenger: Messenger, row: OutboxRow): Promise<PostedRef> {
  const payload = row.payload as BotMessage;
  const message: BotMessage = { text: payload.text, blocks: payload.blocks };
  return row.kind === 'digest' ? messenger.post(row.teamId, row.recipient, message) : messenger.dm(row.teamId, row.recipient, message);
}

export interface DeliveryOptions {
  limit?: number;
  /** Senders for kinds whose message is built at delivery time (e.g. draft cards). */
  senders?: Record<string, Sender>;
}

export async function deliverOutbox(store: Store, messenger: Messenger, now: Date, options: DeliveryOptions = {}): Promise<DeliveryResult> {
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
    // Claim: only one deliverer moves this row's next attempt forward; the others skip it.
    const claimed = store.db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
      .run();
    if (claimed.changes === 0) continue;
    const attempts = row.attempts + 1;
    try {
      const sender = options.senders?.[row.kind];
      const ref = sender ? await sender(row) : await sendMessage(messenger, row);
      store.db
        .update(outbox)
        .set({ status: 'sent', sentAt: now, slackChannel: ref?.channel ?? null, slackTs: ref?.ts ?? null, lastError: ref ? null : 'not needed any more' })
        .where(eq(outbox.id, row.id))
        .run();
      if (ref) result.sent++;
      else result.skipped++;
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'permanent' || (failure.kind === 'transient' && attempts >= MAX_ATTEMPTS)) {
        store.db.update(outbox).set({ status: 'failed', lastError: failure.message }).where(eq(outbox.id, row.id)).run();
        result.failed++;
        continue;
      }
      if (failure.kind === 'rate_limited' && row.rateLimits + 1 >= MAX_RATE_LIMITS) {
        const lastError = `gave up after ${MAX_RATE_LIMITS} rate-limited tries: ${failure.message}`;
        store.db
          .update(outbox)
          .set({ status: 'failed', attempts: row.attempts, rateLimits: row.rateLimits + 1, lastError })
          .where(eq(outbox.id, row.id))
          .run();
        result.failed++;
        continue;
      }
      const wait = failure.kind === 'rate_limited' ? failure.retryAfterMs : backoffMs(attempts);
      // A rate-limited attempt is Slack's pacing, not a failure of ours: it does not use up a try.
      store.db
        .update(outbox)
        .set({
          nextAttemptAt: new Date(now.getTime() + wait),
          lastError: failure.message,
          ...(failure.kind === 'rate_limited' ? { attempts: row.attempts, rateLimits: row.rateLimits + 1 } : {}),
        })
        .where(eq(outbox.id, row.id))
        .run();
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
