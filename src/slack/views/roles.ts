// The DM that tells a Slack admin or owner that a stand-in admin's powers ended, listing what was granted
// under them with Keep / Revoke, and what else the stand-in changed. Pure functions of data.
import { formatInstant } from '../../domain/dates.js';
import type { Role, StandInGrantKind } from '../../domain/vocabulary.js';
import { actions, context, esc, header, message, section, type Block, type BotMessage } from '../blocks.js';
import { ACTION_IDS } from '../ids.js';

export interface StandInGrantLine {
  id: number;
  kind: StandInGrantKind;
  userId: string;
  grantedBy: string;
  teamName: string | null;
  /** For a place in a team: the role it came with. */
  role: Role | null;
  grantedAt: Date;
}

/** An audit event the stand-in wrote while standing in that is not a grant (a digest channel, a removal). */
export interface StandInChangeLine {
  at: Date;
  action: string;
  subject: string | null;
  details: Record<string, unknown> | null;
}

export interface StandInReviewData {
  standInId: string;
  /** The admin or owner Slack named, which ended the stand-in's powers. */
  namedAdmin: string;
  /** users_list: a users.list check found them; admin_recorded: users.info said so when they used dealcoach. */
  how: 'users_list' | 'admin_recorded';
  grants: StandInGrantLine[];
  otherChanges: StandInChangeLine[];
  now: Date;
  /** The reader's zone, for the dates. */
  zone: string;
}

/** Two blocks a grant (the line, its buttons): 20 keep a message well inside Slack's 50 blocks. */
export const GRANTS_PER_MESSAGE = 20;
const OTHER_CHANGES_SHOWN = 10;

const mention = (userId: string) => `<@${userId}>`;

/** One grant as a line of mrkdwn: who granted what to whom. */
export function describeGrant(grant: StandInGrantLine): string {
  const by = mention(grant.grantedBy);
  const whom = grant.userId === grant.grantedBy ? 'themselves' : mention(grant.userId);
  const team = grant.teamName ? `*${esc(grant.teamName)}*` : null;
  if (grant.kind === 'manager')
    return team ? `${by} made ${whom} the manager of ${team}` : `${by} named ${whom} a manager`;
  const role = grant.role === 'manager' ? ', as a manager' : '';
  return `${by} added ${whom} to ${team ?? 'a team'} without their Accept${role}`;
}

const teamOf = (change: StandInChangeLine) => `*${esc(change.subject ?? '')}*`;
const userIn = (change: StandInChangeLine) =>
  typeof change.details?.userId === 'string' && /^[UW][A-Z0-9]+$/.test(change.details.userId)
    ? mention(change.details.userId)
    : 'someone';

/** Something else the stand-in changed, as a line of mrkdwn. */
export function describeChange(change: StandInChangeLine): string {
  switch (change.action) {
    case 'team.channel': {
      const channel = change.details?.channelId;
      return typeof channel === 'string' && /^[CG][A-Z0-9]+$/.test(channel)
        ? `pointed the digest of ${teamOf(change)} at <#${channel}>`
        : `stopped the digest of ${teamOf(change)}`;
    }
    case 'team.manager_off':
      return `took the manager role from ${userIn(change)}`;
    case 'team.remove':
      return `removed ${userIn(change)} from ${teamOf(change)}`;
    case 'team.invite':
      return `invited ${userIn(change)} to ${teamOf(change)}`;
    case 'team.create':
      return `created the team ${teamOf(change)}`;
    default:
      return `changed the ${esc(change.action.replace(/^team\./, ''))} of ${teamOf(change)}`;
  }
}

/** The review DM, in as many messages as the grants need (each within Slack's limits). */
export function standInReviewMessages(data: StandInReviewData): BotMessage[] {
  const parts: StandInGrantLine[][] = [];
  for (let i = 0; i < data.grants.length; i += GRANTS_PER_MESSAGE)
    parts.push(data.grants.slice(i, i + GRANTS_PER_MESSAGE));
  if (!parts.length) parts.push([]);
  const standIn = mention(data.standInId);
  const how = data.how === 'users_list' ? 'Slack lists' : 'Slack reported, when they used dealcoach, that';
  const intro =
    `Until now Slack named no admin or owner in this workspace, so ${standIn}, its first dealcoach user, stood ` +
    `in as its admin. ${how} ${mention(data.namedAdmin)} is one, so those powers have ended. What ${standIn} ` +
    'granted under them stays until a Slack admin or owner revokes it: keep or revoke each one below.';
  const text =
    `Stand-in admin powers ended: ${data.grants.length} role${data.grants.length === 1 ? '' : 's'} granted ` +
    'under them wait for your review.';
  return parts.map((grants, index) => {
    const blocks: Block[] =
      index === 0
        ? [header('Roles granted by a stand-in admin'), section(intro)]
        : [section(`*Roles granted by a stand-in admin*, continued (${index + 1} of ${parts.length})`)];
    if (!data.grants.length) blocks.push(section(`${standIn} granted no roles under those powers.`));
    for (const grant of grants) {
      const when = formatInstant(grant.grantedAt, data.now, data.zone);
      blocks.push(
        section(`${describeGrant(grant)} · ${when}`, `stand_in_grant_${grant.id}`),
        actions(
          [
            { text: 'Keep', actionId: ACTION_IDS.standInKeep, value: String(grant.id) },
            { text: 'Revoke', actionId: ACTION_IDS.standInRevoke, value: String(grant.id), style: 'danger' },
          ],
          `stand_in_review_${grant.id}`,
        ),
      );
    }
    if (index === parts.length - 1) {
      if (data.grants.length)
        blocks.push(
          context(
            '*Revoke* on a manager role ends it as `/deal team manager @person off` does: a team they manage goes to ' +
              'another manager in it (with none, nothing changes and you are told to name one first), and ' +
              'Everyone passes to you. *Revoke* on a place in a team takes the person out of it, as ' +
              '`/deal team remove` does; they can be invited again and join by pressing Accept. Only a Slack ' +
              'admin or owner can press these, and each is decided once.',
          ),
        );
      if (data.otherChanges.length) {
        const shown = data.otherChanges.slice(0, OTHER_CHANGES_SHOWN);
        const more = data.otherChanges.length - shown.length;
        const lines = shown.map((c) => `${formatInstant(c.at, data.now, data.zone)} ${describeChange(c)}`);
        blocks.push(
          context(
            `*Also done by ${standIn} while standing in* (Revoke does not undo these; \`/deal team\` changes ` +
              `them):\n${lines.join('\n')}${more > 0 ? `\n…and ${more} more in the audit log.` : ''}`,
          ),
        );
      }
    }
    return message(parts.length > 1 ? `${text} (${index + 1} of ${parts.length})` : text, blocks);
  });
}
