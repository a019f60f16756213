import type { WebClient } from '@slack/web-api';
import { blocksTextLength, splitBlocks, type BotMessage } from './blocks.js';
import type { Messenger, PostedRef } from './messenger.js';

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
        const result = await client.chat.postMessage({ channel: userId, text: part.text, blocks: part.blocks });
        return { channel: result.channel ?? userId, ts: result.ts ?? '' };
      });
    },
    async post(_teamId, channel, message, threadTs) {
      return postInParts(message, async (part) => {
        const thread = threadTs ? { thread_ts: threadTs } : {};
        const result = await client.chat.postMessage({ channel, text: part.text, blocks: part.blocks, ...thread });
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
  };
}
