import type { WebClient } from '@slack/web-api';
import { blocksTextLength, splitBlocks, type BotMessage } from './blocks.js';
import type { Messenger, PostedRef } from './messenger.js';

/** The event_type of the metadata on every message the outbox posts (its payload carries the outbox key). */
export const OUTBOX_EVENT_TYPE = 'dealcoach_outbox';
/** How many pages of history a lookup reads before it gives up (and the row is not sent blindly). */
const HISTORY_PAGES = 10;

const metadataOf = (message: BotMessage) => (message.metadata ? { metadata: message.metadata } : {});

const isTooLong = (error: unknown) => (error as { data?: { error?: string } })?.data?.error === 'msg_blocks_too_long';

/**
 * Views keep every message under the text budget; should Slack still answer msg_blocks_too_long
 * (its count is undocumented), the message goes out in parts of half the size each, never dropped.
 */
export async function postInParts(
  message: BotMessage,
  post: (part: BotMessage) => Promise<PostedRef>,
): Promise<PostedRef> {
  try {
    return await post(message);
  } catch (error) {
    if (!isTooLong(error) || message.blocks.length < 2) throw error;
    const halves = splitBlocks(message.blocks, Math.ceil(blocksTextLength(message.blocks) / 2));
    if (halves.length < 2) throw error;
    let first: PostedRef | null = null;
    for (const [index, blocks] of halves.entries()) {
      const ref = await postInParts({ text: index === 0 ? message.text : `${message.text} (continued)`, blocks }, post);
      first ??= ref;
    }
    return first!;
  }
}

/** The Messenger of the bot: Slack's Web API through Bolt's client. */
export function webMessenger(client: WebClient): Messenger {
  return {
    async dm(_teamId, userId, message) {
      return postInParts(message, async (part) => {
        const result = await client.chat.postMessage({
          channel: userId,
          text: part.text,
          blocks: part.blocks,
          ...metadataOf(message),
        });
        return { channel: result.channel ?? userId, ts: result.ts ?? '' };
      });
    },
    async post(_teamId, channel, message, threadTs) {
      return postInParts(message, async (part) => {
        const thread = threadTs ? { thread_ts: threadTs } : {};
        const result = await client.chat.postMessage({
          channel,
          text: part.text,
          blocks: part.blocks,
          ...metadataOf(message),
          ...thread,
        });
        return { channel: result.channel ?? channel, ts: result.ts ?? '' };
      });
    },
    async update(_teamId, ref: PostedRef, message) {
      await client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
    },
    async openModal(_teamId, triggerId, view) {
      await client.views.open({ trigger_id: triggerId, view });
    },
    async publishHome(_teamId, userId, view) {
      await client.views.publish({ user_id: userId, view });
    },
    async findOutboxPost(_teamId, recipient, key, since, threadTs) {
      // A DM is posted to the user id; its history lives in the DM channel (conversations.open, im:write).
      const isUser = /^[UW]/.test(recipient);
      const channel = isUser ? (await client.conversations.open({ users: recipient })).channel?.id : recipient;
      if (!channel) throw new Error(`no DM channel with ${recipient}`);
      const oldest = (since.getTime() / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const paging = { oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        // A thread's replies are not in the channel's history: conversations.replies reads them.
        const history = threadTs
          ? await client.conversations.replies({ channel, ts: threadTs, ...paging })
          : await client.conversations.history({ channel, ...paging });
        const found = history.messages?.find(
          (m) =>
            m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
            (m.metadata.event_payload as { key?: unknown })?.key === key,
        );
        if (found?.ts) return { channel, ts: found.ts };
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!history.has_more || !cursor) return null;
      }
      throw new Error(`could not read all of ${channel}'s history since ${since.toISOString()}`);
    },
  };
}
