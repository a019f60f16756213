// Why a digest cannot go to a channel, and how to fix it: the answer to `/deal team channel #x` when the bot
// cannot post there, and the DM a team's manager gets when a digest is refused for the same reasons. Pure.
import { context, esc, message, section, type BotMessage } from '../blocks.js';

/** What stands between the digest and a channel. */
export type ChannelProblem = 'not_in_channel' | 'channel_not_found' | 'is_archived' | 'missing_scope' | 'no_answer';

/** The channel as a mention (Slack shows its name to whoever may see it) and as plain text for the fallback. */
function named(channelId: string, name: string | null) {
  return { mrkdwn: `<#${channelId}>`, text: name ? `#${name}` : `#${channelId}` };
}

const INVITE = (channel: string) => `invite me with \`/invite @dealcoach\` in ${channel}`;

/** `/deal team channel #x` refused: what is wrong and what to do, before anything was changed. */
export function channelRefusal(
  problem: ChannelProblem,
  channelId: string,
  name: string | null,
  detail = '',
): BotMessage {
  const c = named(channelId, name);
  // Written twice: as mrkdwn (a channel mention, code spans, escaped detail) and as the plain fallback.
  const why = (channel: string, plain: boolean): string => {
    const code = (s: string) => (plain ? s : `\`${s}\``);
    switch (problem) {
      case 'not_in_channel':
        return (
          `I am not in ${channel}, and I post only in channels I was invited to. ` +
          `${capital(INVITE(channel))}, then run this again.`
        );
      case 'channel_not_found':
        return (
          `I cannot see ${channel}: it is a private channel I am not in, or it no longer exists. If it is ` +
          `private, ${INVITE(channel)}, then run this again.`
        );
      case 'is_archived':
        return `${channel} is archived: nothing can be posted in it. Unarchive it, or name another channel.`;
      case 'missing_scope':
        return (
          `I could not check ${channel}: this installation of dealcoach may not read channels (the ` +
          `${code('channels:read')} and ${code('groups:read')} scopes). Reinstall it from the current manifest ` +
          `(README, "Create the Slack app"), then run this again.`
        );
      case 'no_answer':
        return `Slack did not say whether I can post in ${channel} (${plain ? detail : esc(detail)}). Try again soon.`;
    }
  };
  return message(`${why(c.text, true)} Nothing was changed.`, [
    section(`:warning: ${why(c.mrkdwn, false)}\nNothing was changed.`),
    context('Right form: `/deal team channel #channel`, with dealcoach invited to that channel first.'),
  ]);
}

/** The DM to a team's manager when its digest could not be posted: once per problem, until a digest goes out. */
export function digestChannelNotice(
  problem: Exclude<ChannelProblem, 'missing_scope' | 'no_answer'>,
  teamName: string,
  channelId: string,
): BotMessage {
  const c = named(channelId, null);
  const fix = (channel: string): string => {
    switch (problem) {
      case 'not_in_channel':
        return `I am not in ${channel} any more. To get the digest there again, ${INVITE(channel)}.`;
      case 'channel_not_found':
        return (
          `I cannot see ${channel}: it is a private channel I am not in, or it was deleted. If it is private, ` +
          `${INVITE(channel)}; if it is gone, name another one with \`/deal team channel #channel\`.`
        );
      case 'is_archived':
        return `${channel} is archived. Name another channel with \`/deal team channel #channel\`, or unarchive it.`;
    }
  };
  const intro = (team: string, channel: string) =>
    `The digest of ${team} could not be posted in ${channel} (Slack: ${problem}).`;
  const after =
    'Each scheduled digest is tried again; I tell you about this once, not at every digest, until one goes out.';
  return message(`${intro(teamName, c.text)} ${fix(c.text)} ${after}`, [
    section(`:warning: ${intro(`*${esc(teamName)}*`, c.mrkdwn)}\n${fix(c.mrkdwn)}`),
    context(after),
  ]);
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
