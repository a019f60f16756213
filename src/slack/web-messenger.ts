import type { WebClient } from '@slack/web-api';
import type { Messenger, PostedRef } from './messenger.js';

/** The Messenger of the bot: Slack's Web API through Bolt's client. */
export function webMessenger(client: WebClient): Messenger {
  return {
    async dm(_teamId, userId, message) {
      const result = await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
      return { channel: result.channel ?? userId, ts: result.ts ?? '' };
    },
    async post(_teamId, channel, message, threadTs) {
      const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
      return { channel: result.channel ?? channel, ts: result.ts ?? '' };
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
