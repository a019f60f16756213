// A Slack admin's Keep / Revoke on a role a stand-in admin granted (the review DM of roles.ts). Only
// someone Slack names an admin or owner decides; each grant is decided once, and a second press or a
// stale card changes nothing and says so. Revoking ends a manager role as `/deal team manager @x off`
// does, or takes the person out of the team they were added to as `/deal team remove` does.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../db/audit.js';
import type { Tx } from '../db/index.js';
import { salesTeams, standInGrants, users, type StandInGrantRow } from '../db/schema.js';
import { findUser } from '../db/users.js';
import { formatInstant } from '../domain/dates.js';
import { message, section, type BotMessage } from '../slack/blocks.js';
import { errorMessage, partsToMrkdwn, partsToText, type ErrorText } from '../slack/views/deal.js';
import type { Actor, AppContext } from './context.js';
import { isSlackAdmin, settleStandIn, workspaceRolesOf } from './roles.js';
import { EVERYONE, endManagerRole, teamById } from './teams.js';

export type ReviewChoice = 'keep' | 'revoke';

const NOT_AN_ADMIN =
  'Only a Slack admin or owner of this workspace keeps or revokes the roles a stand-in admin granted. ' +
  'Nothing was changed.';
const UNCONFIRMED =
  'Slack did not confirm that you are an admin or owner of this workspace (it did not answer when asked), so ' +
  'this button does nothing for now. Try again in a minute. Nothing was changed.';
const UNKNOWN_GRANT = 'That role is not waiting for review in this workspace. Nothing was changed.';

function ok(parts: ErrorText): BotMessage {
  return message(partsToText(parts), [section(`:white_check_mark: ${partsToMrkdwn(parts)}`)]);
}

/** Whether a manager grant is still in effect: they hold the role, or manage a team. */
function stillManager(tx: Tx, teamId: string, userId: string): boolean {
  if (findUser(tx, teamId, userId)?.role === 'manager') return true;
  return Boolean(
    tx
      .select({ id: salesTeams.id })
      .from(salesTeams)
      .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.managerId, userId)))
      .get(),
  );
}

export async function reviewStandInGrant(
  ctx: AppContext,
  actor: Actor,
  choice: ReviewChoice,
  value: string | undefined,
): Promise<BotMessage> {
  // The powers end (and the grants become reviewable) as soon as Slack has named an admin.
  await settleStandIn(ctx, actor.teamId);
  const now = ctx.clock.now();
  return ctx.store.write((tx) => {
    const me = findUser(tx, actor.teamId, actor.userId);
    const row = workspaceRolesOf(tx, actor.teamId);
    if (!isSlackAdmin(tx, actor.teamId, actor.userId, me, row)) {
      const unknown = me?.isAdmin == null;
      return errorMessage(unknown ? UNCONFIRMED : NOT_AN_ADMIN);
    }
    const id = /^\d{1,12}$/.test(value ?? '') ? Number(value) : Number.NaN;
    const grant = Number.isSafeInteger(id)
      ? tx
          .select()
          .from(standInGrants)
          .where(and(eq(standInGrants.teamId, actor.teamId), eq(standInGrants.id, id)))
          .get()
      : undefined;
    if (!grant) return errorMessage(UNKNOWN_GRANT);
    if (!row?.standInEndedAt)
      return errorMessage('The stand-in admin still has their powers, so there is nothing to review yet.');
    if (grant.status !== 'pending') {
      const when = grant.decidedAt ? ` on ${formatInstant(grant.decidedAt, now, actor.zone)}` : '';
      return errorMessage([
        `That role was already ${grant.status === 'kept' ? 'kept' : 'revoked'} by `,
        { user: grant.decidedBy ?? '' },
        `${when}. Nothing was changed.`,
      ]);
    }
    return choice === 'keep' ? keep(tx, actor, grant, now) : revoke(tx, actor, grant, now);
  });
}

function decide(tx: Tx, actor: Actor, grant: StandInGrantRow, status: 'kept' | 'revoked', now: Date, extra = {}) {
  tx.update(standInGrants)
    .set({ status, decidedBy: actor.userId, decidedAt: now })
    .where(eq(standInGrants.id, grant.id))
    .run();
  recordAudit(tx, {
    teamId: actor.teamId,
    actorId: actor.userId,
    action: status === 'kept' ? 'standin.keep' : 'standin.revoke',
    subject: grant.kind === 'manager' ? 'role' : (grant.teamName ?? 'role'),
    details: { grantId: grant.id, kind: grant.kind, userId: grant.userId, grantedBy: grant.grantedBy, ...extra },
    at: now,
  });
}

function keep(tx: Tx, actor: Actor, grant: StandInGrantRow, now: Date): BotMessage {
  decide(tx, actor, grant, 'kept', now);
  const what =
    grant.kind === 'manager'
      ? ` keeps the manager role${grant.teamName ? ` of ${grant.teamName}` : ''}.`
      : ` stays in ${grant.teamName ?? 'the team'}.`;
  return ok(['Kept: ', { user: grant.userId }, what, ' Recorded in the audit log.']);
}

function revoke(tx: Tx, actor: Actor, grant: StandInGrantRow, now: Date): BotMessage {
  if (grant.kind === 'manager') {
    if (!stillManager(tx, actor.teamId, grant.userId)) {
      decide(tx, actor, grant, 'revoked', now, { already: true });
      return ok([{ user: grant.userId }, ' is no longer a manager already; recorded as revoked.']);
    }
    const ended = endManagerRole(tx, actor, grant.userId, now);
    if (!ended.ok) {
      const error = typeof ended.error === 'string' ? [ended.error] : ended.error;
      return errorMessage([...error, ' Then press Revoke again.']);
    }
    recordAudit(tx, {
      teamId: actor.teamId,
      actorId: actor.userId,
      action: 'team.manager_off',
      subject: 'role',
      details: { userId: grant.userId, standInGrant: grant.id },
      at: now,
    });
    decide(tx, actor, grant, 'revoked', now);
    return ok(['Revoked: ', { user: grant.userId }, ' is no longer a manager.', ...ended.notes]);
  }
  const team = grant.salesTeamId ? teamById(tx, actor.teamId, grant.salesTeamId) : undefined;
  const person = findUser(tx, actor.teamId, grant.userId);
  if (!team || person?.salesTeamId !== team.id) {
    decide(tx, actor, grant, 'revoked', now, { already: true });
    return ok([{ user: grant.userId }, ` is not in ${grant.teamName ?? 'that team'} any more; recorded as revoked.`]);
  }
  if (team.managerId === grant.userId) {
    return errorMessage([
      { user: grant.userId },
      ` manages ${team.name} now: end that role first (Revoke on it, or /deal team manager @person off). Then press ` +
        'Revoke again. Nothing was changed.',
    ]);
  }
  tx.update(users)
    .set({ salesTeamId: null, role: 'rep' })
    .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, grant.userId)))
    .run();
  recordAudit(tx, {
    teamId: actor.teamId,
    actorId: actor.userId,
    action: 'team.remove',
    subject: team.name,
    details: { userId: grant.userId, standInGrant: grant.id },
    at: now,
  });
  decide(tx, actor, grant, 'revoked', now);
  const role = person.role === 'manager' ? ' and no longer a manager' : '';
  return ok([
    'Revoked: ',
    { user: grant.userId },
    ` is out of ${team.name}${role}, back in ${EVERYONE}. Its manager can invite them again; they join by pressing ` +
      'Accept.',
  ]);
}
