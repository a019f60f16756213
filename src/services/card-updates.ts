// Draft card updates that Slack did not take. A rep's change (Approve, Snooze, an edit...) is saved before
// the card is rewritten; when chat.update then gets a 429, a 5xx or no answer, the card's new content goes
// to the outbox under `card:<channel>:<ts>:v<version>`, due after Retry-After (or the first backoff), and
// delivery sends it again with chat.update. Only the newest version of a card is ever sent: queueing a newer
// one, or a later update going through at once, settles the older rows. A restart loses nothing (the row is
// in the database) and a stale card never keeps its Approve button once Slack takes updates again.
import { and, eq, like } from 'drizzle-orm';
import type { Queryable, Store, Tx } from '../db/index.js';
import { outbox, type OutboxRow } from '../db/schema.js';
import type { CardUpdatePayload } from '../jobs/outbox-payloads.js';
import type { BotMessage } from '../slack/blocks.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';

const cardKeyPrefix = (ref: PostedRef) => `card:${ref.channel}:${ref.ts}:`;

/** Updates of one card run one at a time in this process, so an older version never lands after a newer one. */
const running = new Map<string, Promise<unknown>>();
function oneAtATime<T>(ref: PostedRef, fn: () => Promise<T>): Promise<T> {
  const key = cardKeyPrefix(ref);
  const run = (running.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
  const tail = run.catch(() => undefined);
  running.set(key, tail);
  void tail.then(() => {
    if (running.get(key) === tail) running.delete(key);
  });
  return run;
}

function updatesOf(db: Queryable, teamId: string, ref: PostedRef): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.teamId, teamId),
        eq(outbox.kind, 'card_update'),
        eq(outbox.recipient, ref.channel),
        like(outbox.key, `${cardKeyPrefix(ref)}%`),
      ),
    )
    .all();
}

/** Marks a card's pending updates done: `why` a newer content went out or is queued. */
function settle(tx: Tx, rows: OutboxRow[], now: Date, why: string): void {
  for (const row of rows) {
    if (row.status !== 'pending') continue;
    tx.update(outbox)
      .set({ status: 'sent', sentAt: now, lastError: why })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
      .run();
  }
}

export interface CardUpdate {
  teamId: string;
  draftId: number;
  card: PostedRef;
  message: BotMessage;
}

/** Queues a card's content to be sent again after `waitMs`; older queued contents of the card are settled. */
export function queueCardUpdate(store: Store, update: CardUpdate, now: Date, waitMs: number): Promise<number> {
  const { teamId, draftId, card, message } = update;
  return store.write((tx) => {
    const earlier = updatesOf(tx, teamId, card);
    const version = Math.max(0, ...earlier.map((r) => (r.payload as CardUpdatePayload).version ?? 0)) + 1;
    settle(tx, earlier, now, `superseded by version ${version} of the card`);
    const payload: CardUpdatePayload = { text: message.text, blocks: message.blocks, draftId, ...card, version };
    tx.insert(outbox)
      .values({
        teamId,
        key: `${cardKeyPrefix(card)}v${version}`,
        kind: 'card_update',
        recipient: card.channel,
        payload,
        nextAttemptAt: new Date(now.getTime() + waitMs),
        createdAt: now,
        // The message is named up front: chat.update is idempotent, so a retry needs no history lookup.
        slackChannel: card.channel,
        slackTs: card.ts,
      })
      .run();
    return version;
  });
}

/**
 * Rewrites a card now (the click's own update). Runs after any update of the same card in flight here; when
 * Slack takes it, any queued older content is settled so it never overwrites this one.
 */
export async function updateCardNow(
  store: Store,
  messenger: Messenger,
  update: Omit<CardUpdate, 'draftId'>,
  now: Date,
): Promise<void> {
  const { teamId, card, message } = update;
  await oneAtATime(card, async () => {
    await messenger.update(teamId, card, message);
    const queued = updatesOf(store.db, teamId, card).filter((r) => r.status === 'pending');
    if (queued.length) await store.write((tx) => settle(tx, queued, now, 'superseded: a later update went through'));
  });
}

/** The outbox sender of `card_update`: the newest queued content of its card, by chat.update; else nothing. */
export function cardUpdateSender(store: Store) {
  return (row: Pick<OutboxRow, 'id' | 'teamId' | 'payload'>, via: Messenger): Promise<PostedRef | null> => {
    const payload = row.payload as CardUpdatePayload;
    const card = { channel: payload.channel, ts: payload.ts };
    return oneAtATime(card, async () => {
      const rows = updatesOf(store.db, row.teamId, card);
      const self = rows.find((r) => r.id === row.id);
      const newer = rows.some((r) => (r.payload as CardUpdatePayload).version > payload.version);
      // Settled meanwhile (a later update went through at a click) or a newer content is queued: not needed.
      if (self?.status !== 'pending' || newer) return null;
      await via.update(row.teamId, card, { text: payload.text, blocks: payload.blocks });
      return card;
    });
  };
}
