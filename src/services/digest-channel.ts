// Where a team's digest may go: a channel the bot is in (it posts only where it was invited: the app does not
// ask for chat:write.public) that is not archived. Asked of Slack before `/deal team channel #x` changes
// anything; a digest refused later for the same reasons is told to the manager (jobs/digest-problems.ts).
import { classifyFailure } from '../jobs/delivery.js';
import type { BotMessage } from '../slack/blocks.js';
import { channelRefusal } from '../slack/views/digest-channel.js';
import type { ChannelDirectory } from './context.js';

/** Why the digest could not go to `channelId`, as the answer to the command; null when it can. */
export async function digestChannelRefusal(
  channels: ChannelDirectory,
  teamId: string,
  channelId: string,
): Promise<BotMessage | null> {
  let info: Awaited<ReturnType<ChannelDirectory['info']>>;
  try {
    info = await channels.info(teamId, channelId);
  } catch (error) {
    const failure = classifyFailure(error);
    return failure.message === 'missing_scope'
      ? channelRefusal('missing_scope', channelId, null)
      : channelRefusal('no_answer', channelId, null, failure.message);
  }
  if (!info) return channelRefusal('channel_not_found', channelId, null);
  if (info.isArchived) return channelRefusal('is_archived', channelId, info.name);
  if (!info.isMember) return channelRefusal('not_in_channel', channelId, info.name);
  return null;
}
