// What Slack says about channels: conversations.info read into the shape the services use (services/context.ts).
import type { WebClient } from '@slack/web-api';
import type { ChannelDirectory } from '../services/context.js';

export function slackChannels(client: WebClient): ChannelDirectory {
  return {
    async info(_teamId, channelId) {
      try {
        const { channel } = await client.conversations.info({ channel: channelId });
        return {
          name: channel?.name ?? null,
          isMember: channel?.is_member === true,
          isPrivate: channel?.is_private === true,
          isArchived: channel?.is_archived === true,
        };
      } catch (error) {
        // A private channel the bot is not in answers like one that does not exist.
        if ((error as { data?: { error?: string } }).data?.error === 'channel_not_found') return null;
        throw error;
      }
    },
  };
}
