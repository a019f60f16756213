// Sales teams: who is in them, who manages them, and their settings (digest channel and schedule,
// thresholds, cadence, holidays, currency). Workspace admins (Slack's word: roles.ts) name managers; a manager
// changes only their team and invites reps, who join only by accepting; every role change is audited.
// People in no team belong to "Everyone".
import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { recordAudit } from '../db/audit.js';
import type { Queryable, Tx } from '../db/index.js';
import { auditEvents, salesTeams, users, type SalesTeamRow, type UserRow } from '../db/schema.js';
import { findUser, upsertUser } from '../db/users.js';
import { DEFAULT_CADENCE, DEFAULT_THRESHOLDS } from '../domain/silence.js';
import { EVERYONE, TEAM_USAGE, type DigestSchedule, type TeamCommand } from '../domain/team-grammar.js';

export { EVERYONE };
import type { BotMessage } from '../slack/blocks.js';
import { actions, context, esc, fields, header, message, section } from '../slack/blocks.js';
import { ACTION_IDS } from '../slack/ids.js';
import { errorMessage, partsToMrkdwn, partsToText, type ErrorText } from '../slack/views/deal.js';
import type { Actor, AppContext } from './context.js';
import {
  adminStanding,
  noteStandIn,
  prepareStanding,
  recordStandInGrant,
  settleStandIn,
  STAND_IN_MARK,
  standingProblem,
  type AdminStanding,
} from './roles.js';
import { DEFAULT_CURRENCY, DEFAULT_ESCALATION_DAYS, teamWithId } from './team-settings.js';
import { digestChannelRefusal } from './digest-channel.js';
import { formatDay, formatInstant } from '../domain/dates.js';
import { nameWords } from '../domain/deal-names.js';
import { describeHolidayPlace } from '../domain/holiday-places.js';
import { plural } from '../domain/silence.js';

export function everyoneTeam(db: Queryable, teamId: string): SalesTeamRow | undefined {
  return db
    .select()
    .from(salesTeams)
    .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.name, EVERYONE)))
    .get();
}

export function teamsOfWorkspace(db: Queryable, teamId: string): SalesTeamRow[] {
  return db.select().from(salesTeams).where(eq(salesTeams.teamId, teamId)).all();
}

/** The members of a team: its own people, or for Everyone, people in no team. */
export function membersOf(
  db: Queryable,
  team: Pick<SalesTeamRow, 'id' | 'teamId' | 'name'> | null,
  teamId: string,
): UserRow[] {
  if (!team || team.name === EVERYONE) {
    return db
      .select()
      .from(users)
      .where(
        and(
          eq(users.teamId, teamId),
          or(isNull(users.salesTeamId), team ? eq(users.salesTeamId, team.id) : isNull(users.salesTeamId)),
        ),
      )
      .all();
  }
  return db
    .select()
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.salesTeamId, team.id)))
    .all();
}

/** The team whose settings apply to a person: their own, else Everyone (which may not exist yet). */
export function teamOf(db: Queryable, teamId: string, userId: string): SalesTeamRow | undefined {
  return teamWithId(db, teamId, findUser(db, teamId, userId)?.salesTeamId);
}

function audit(tx: Tx, actor: Actor, action: string, team: string, details: object, at: Date): number {
  const entry = details as Record<string, unknown>;
  return recordAudit(tx, { teamId: actor.teamId, actorId: actor.userId, action, subject: team, details: entry, at });
}

function describeSchedule(schedule: DigestSchedule | null, zone: string | null): string {
  if (!schedule) return 'no digest scheduled';
  const day =
    schedule.frequency === 'weekly'
      ? ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'][schedule.weekday ?? 1]
      : 'every business day';
  return (
    `${day} at ${schedule.time} (${zone ?? 'UTC'})` +
    `${schedule.frequency === 'daily' && !schedule.skipDaysOff ? ', weekends too' : ''}`
  );
}

export function teamSummary(db: Queryable, team: SalesTeamRow | undefined, teamId: string): BotMessage {
  const name = team?.name ?? EVERYONE;
  const members = membersOf(db, team ?? null, teamId);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...(team?.thresholds ?? {}) };
  const cadence = team?.cadence ?? DEFAULT_CADENCE;
  const holidays = team?.holidays ?? null;
  const region = holidays?.country ? `${holidays.country}${holidays.region ? `-${holidays.region}` : ''}` : null;
  return message(`Team ${name}`, [
    header(`Team: ${name}`),
    fields([
      `*Manager*\n${team ? `<@${team.managerId}>` : 'nobody yet: the first to set it up'}`,
      `*Members*\n${
        members.length
          ? members
              .slice(0, 30)
              .map((m) => `<@${m.slackId}>`)
              .join(' ')
          : '—'
      }`,
      `*Digest*\n${team?.digestChannel ? `<#${team.digestChannel}>` : 'no channel'}: ` +
        `${describeSchedule(team?.digestSchedule ?? null, team?.timezone ?? null)}`,
      `*Thresholds* (business days)\n${Object.entries(thresholds)
        .map(([s, d]) => `${s} ${d}`)
        .join(', ')}`,
      `*Cadence*\n${cadenceText(cadence)}`,
      `*Holidays*\n` +
        `${region ?? 'weekends only'}${holidays?.dates?.length ? ` + ${holidays.dates.length} days off` : ''}`,
      `*Escalation*\nthe digest flags ${escalationText(team?.escalationDays ?? DEFAULT_ESCALATION_DAYS)}`,
      `*Currency*\n${team?.currency ? `${team.currency}` : `${DEFAULT_CURRENCY} (the default)`}: amounts typed ` +
        `without one; totals stay per currency`,
    ]),
    context('Managers change it with `/deal team <setting> …`: `/deal help team` lists the forms.'),
  ]);
}

/** Someone a manager asked to join their team: they get a DM with Accept / Decline. */
export interface TeamInvite {
  userId: string;
  teamId: number;
  teamName: string;
  invitedBy: string;
}

export interface TeamOutcome {
  message: BotMessage;
  invites: TeamInvite[];
}

/** The team a person manages: one whose manager they are, or their own team when they hold the role in it. */
export function managedTeam(db: Queryable, teamId: string, userId: string): SalesTeamRow | undefined {
  const own = db
    .select()
    .from(salesTeams)
    .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.managerId, userId)))
    .all();
  const named = own.find((t) => t.name !== EVERYONE) ?? own[0];
  if (named) return named;
  const me = findUser(db, teamId, userId);
  if (me?.role === 'manager' && me.salesTeamId)
    return db.select().from(salesTeams).where(eq(salesTeams.id, me.salesTeamId)).get();
  return undefined;
}

/**
 * Whose deals a person may see in totals and touch in imports: 'all' for admins Slack confirmed, else
 * a set of owners (their team's members for a manager, themselves for a rep). A stand-in admin
 * (roles.ts) only names managers: it sees nothing more than the role it holds.
 */
export function visibleOwners(db: Queryable, teamId: string, userId: string): 'all' | Set<string> {
  if (findUser(db, teamId, userId)?.isAdmin) return 'all';
  const team = managedTeam(db, teamId, userId);
  const owners = new Set<string>([userId]);
  if (team) for (const member of membersOf(db, team, teamId)) owners.add(member.slackId);
  return owners;
}

export function teamById(db: Queryable, teamId: string, id: number): SalesTeamRow | undefined {
  return db
    .select()
    .from(salesTeams)
    .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.id, id)))
    .get();
}

/** Why this person cannot be moved into another team by someone else, or null when they can. */
function protectedManager(db: Queryable, teamId: string, userId: string): ErrorText | null {
  const managed = db
    .select()
    .from(salesTeams)
    .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.managerId, userId)))
    .get();
  if (managed) {
    const why = ` manages ${managed.name}; a manager is never moved or demoted by someone else. Nothing was changed.`;
    return [{ user: userId }, why];
  }
  return null;
}

const done = (message: BotMessage, invites: TeamInvite[] = []): TeamOutcome => ({ message, invites });

/** Recent role changes, newest first, for `/deal team`. */
function roleHistory(db: Queryable, teamId: string, when: { now: Date; zone: string }): string[] {
  const rows = db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.teamId, teamId), inArray(auditEvents.action, [...ROLE_ACTIONS])))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(8)
    .all();
  const mention = (id: unknown) => (typeof id === 'string' && /^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : '');
  return rows.map((r) => {
    const at = formatInstant(r.at, when.now, when.zone);
    if (r.action === 'standin.end') {
      const standIn = mention(r.details?.standInId);
      return `${at} the stand-in admin powers of ${standIn} ended: Slack names <@${r.actorId}> an admin`;
    }
    const who = mention(r.details?.userId);
    const did = ROLE_ACTION_WORDS[r.action] ?? r.action;
    const standIn = r.details?.[STAND_IN_MARK] === true ? ', as stand-in admin' : '';
    return `${at} <@${r.actorId}> ${did}${who ? ` ${who}` : ''} (${esc(r.subject ?? '')}${standIn})`;
  });
}

const ROLE_ACTION_WORDS: Record<string, string> = {
  'team.manager': 'named manager',
  'team.manager_off': 'took the manager role from',
  'team.invite': 'invited',
  'team.join': 'joined:',
  'team.decline': 'declined the invitation:',
  'team.add': 'added',
  'team.remove': 'removed',
  'team.create': 'created the team',
  'standin.keep': 'kept a role the stand-in admin granted to',
  'standin.revoke': 'revoked a role the stand-in admin granted to',
};
const ROLE_ACTIONS = [...Object.keys(ROLE_ACTION_WORDS), 'standin.end'];

function summaryWithRoles(
  db: Queryable,
  team: SalesTeamRow | undefined,
  teamId: string,
  when: { now: Date; zone: string },
): BotMessage {
  const summary = teamSummary(db, team, teamId);
  const invited = team
    ? db
        .select()
        .from(users)
        .where(and(eq(users.teamId, teamId), eq(users.invitedTeamId, team.id)))
        .all()
    : [];
  const history = roleHistory(db, teamId, when);
  const extra = [
    ...(invited.length
      ? [context(`Invited, not yet answered: ${invited.map((u) => `<@${u.slackId}>`).join(' ')}`)]
      : []),
    ...(history.length ? [context(`*Role changes*\n${history.join('\n')}`)] : []),
  ];
  return { text: summary.text, blocks: [...summary.blocks, ...extra] };
}

/** Thrown inside the write to refuse after the permission checks: the transaction rolls back. */
class RefusedInWrite extends Error {
  constructor(readonly refusal: BotMessage) {
    super('refused');
  }
}

const refusedInWrite = (error: unknown): TeamOutcome => {
  if (error instanceof RefusedInWrite) return done(error.refusal);
  throw error;
};

/** Runs a `/deal team` command for the actor. */
export async function runTeamCommand(ctx: AppContext, actor: Actor, command: TeamCommand): Promise<TeamOutcome> {
  const db = ctx.store.db;
  // Stand-in powers end as soon as Slack has named an admin (roles.ts), before anything is shown or decided.
  await settleStandIn(ctx, actor.teamId);
  if (command.type === 'show') {
    const now = ctx.clock.now();
    return done(summaryWithRoles(db, teamOf(db, actor.teamId, actor.userId), actor.teamId, { now, zone: actor.zone }));
  }
  await prepareStanding(ctx, actor.teamId, actor.userId);
  const now = ctx.clock.now();
  // Whether the bot can post in a digest channel is asked of Slack first, never under the write lock.
  const channelRefusal =
    command.type === 'channel' && command.channelId && ctx.channels
      ? await digestChannelRefusal(ctx.channels, actor.teamId, command.channelId)
      : null;

  const written = ctx.store.write((tx) => {
    const me = findUser(tx, actor.teamId, actor.userId);
    const standing = adminStanding(ctx, tx, actor.teamId, actor.userId);
    const admin = standing.admin;
    // Everything done with stand-in powers is marked in the audit log; what they granted waits for review.
    const standIn = standing.admin && standing.standIn;
    const log = (action: string, team: string, details: object) => {
      if (standIn) noteStandIn(tx, actor.teamId, actor.userId);
      return audit(tx, actor, action, team, standIn ? { ...details, [STAND_IN_MARK]: true } : details, now);
    };
    const grant = (
      auditEventId: number,
      userId: string,
      team: SalesTeamRow | null,
      kind: 'manager' | 'team_add',
      role?: 'rep' | 'manager',
    ) => {
      if (!standIn) return;
      recordStandInGrant(tx, {
        teamId: actor.teamId,
        kind,
        userId,
        salesTeamId: team?.id ?? null,
        teamName: team?.name ?? null,
        role: role ?? null,
        grantedBy: actor.userId,
        auditEventId,
        at: now,
      });
    };
    const canLead = admin || me?.role === 'manager';
    if (command.type === 'manager')
      return done(setManagerRole(tx, actor, command.userId, command.on, standing, now, { log, grant }));
    if (command.type === 'create') {
      if (!canLead)
        return done(
          errorMessage(
            withProblem(
              'Only a manager named by a workspace admin creates a team. Ask an admin for `/deal team manager @you`.',
              standing,
            ),
          ),
        );
      if (me?.salesTeamId)
        return done(errorMessage('You are already in a team; its manager removes you first.', TEAM_USAGE.create));
      const led = tx
        .select()
        .from(salesTeams)
        .where(and(eq(salesTeams.teamId, actor.teamId), eq(salesTeams.managerId, actor.userId)))
        .get();
      if (led && led.name !== EVERYONE) return done(errorMessage(`You already manage ${led.name}.`));
      if (
        tx
          .select()
          .from(salesTeams)
          .where(and(eq(salesTeams.teamId, actor.teamId), eq(salesTeams.name, command.name)))
          .get()
      ) {
        return done(errorMessage(`There is already a team called ${command.name}.`, TEAM_USAGE.create));
      }
      const team = tx
        .insert(salesTeams)
        .values({
          teamId: actor.teamId,
          name: command.name,
          managerId: actor.userId,
          timezone: actor.zone,
          createdAt: now,
        })
        .returning()
        .get();
      upsertUser(tx, actor.teamId, actor.userId, { role: 'manager' }, now);
      tx.update(users)
        .set({ salesTeamId: team.id })
        .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, actor.userId)))
        .run();
      const created = log('team.create', team.name, { id: team.id });
      // A stand-in who was no manager became one by creating the team: a grant to themselves.
      if (me?.role !== 'manager') grant(created, actor.userId, team, 'manager');
      const next = 'Invite reps with `/deal team add @rep` (they join when they accept); `/deal team` shows the team.';
      return done(okMessage(`Team ${team.name} is set up, and you manage it.`, [next]));
    }

    // `add … to <team>`: a workspace admin adds people to any team (its manager may name their own).
    const named = command.type === 'add' && command.teamName ? teamNamed(tx, actor.teamId, command.teamName) : null;
    if (command.type === 'add' && command.teamName && !named) {
      return done(errorMessage(`There is no team called ${command.teamName}. ${teamList(tx, actor.teamId)}`));
    }
    // Settings change the actor's own team, or Everyone; a named manager in no team (or an admin) sets Everyone up.
    let team =
      named ??
      (me?.salesTeamId
        ? tx.select().from(salesTeams).where(eq(salesTeams.id, me.salesTeamId)).get()
        : everyoneTeam(tx, actor.teamId));
    if (command.type === 'add' && !named && admin && (!team || team.name === EVERYONE)) {
      // An admin in no team has no team of their own to add to: they name one.
      return done(
        errorMessage(
          `You are in no team, so name the team: \`/deal team add @person to <team>\`. ${teamList(tx, actor.teamId)}`,
          TEAM_USAGE.add,
        ),
      );
    }
    let setUpEveryone = false;
    if (!team) {
      if (command.type === 'add' || command.type === 'remove')
        return done(errorMessage('Create your team first.', TEAM_USAGE.create));
      if (!canLead)
        return done(
          errorMessage(
            withProblem(
              'Only a manager named by a workspace admin sets up Everyone. Ask an admin for `/deal team manager @you`.',
              standing,
            ),
          ),
        );
      team = tx
        .insert(salesTeams)
        .values({ teamId: actor.teamId, name: EVERYONE, managerId: actor.userId, timezone: actor.zone, createdAt: now })
        .returning()
        .get();
      upsertUser(tx, actor.teamId, actor.userId, { role: 'manager' }, now);
      const created = log('team.create', EVERYONE, { id: team.id, implicit: true });
      if (me?.role !== 'manager') grant(created, actor.userId, team, 'manager');
      setUpEveryone = true;
    }
    const isManager = team.managerId === actor.userId || (me?.role === 'manager' && me.salesTeamId === team.id);
    // Admins add people to any team; everything else is its manager's.
    if (!isManager && !(command.type === 'add' && admin))
      return done(
        errorMessage([`Only the manager of ${team.name} (`, { user: team.managerId }, ') changes its settings.']),
      );

    const changes: Partial<typeof salesTeams.$inferInsert> = {};
    const invites: TeamInvite[] = [];
    const people: PeopleChange = { done: [], already: [] };
    switch (command.type) {
      case 'add': {
        if (team.name === EVERYONE)
          return done(
            errorMessage(
              'Everyone already includes every person in no team. Create a team to add people to it.',
              TEAM_USAGE.create,
            ),
          );
        if (command.role === 'manager' && !admin)
          return done(
            errorMessage(
              withProblem('Only a workspace admin names managers (`/deal team manager @person`).', standing),
            ),
          );
        for (const userId of command.userIds) {
          const user = findUser(tx, actor.teamId, userId);
          const guarded = userId === actor.userId ? null : protectedManager(tx, actor.teamId, userId);
          if (guarded) return done(errorMessage(guarded));
          if (user?.salesTeamId && user.salesTeamId !== team.id) {
            return done(errorMessage([{ user: userId }, ' is in another team; its manager removes them first.']));
          }
        }
        for (const userId of command.userIds) {
          if (findUser(tx, actor.teamId, userId)?.salesTeamId === team.id) {
            people.already.push(userId);
            continue;
          }
          people.done.push(userId);
          if (admin) {
            // An admin's word is the consent the workspace gives; it is audited like any role change.
            upsertUser(tx, actor.teamId, userId, { role: command.role }, now);
            tx.update(users)
              .set({ salesTeamId: team.id, invitedTeamId: null, invitedBy: null })
              .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, userId)))
              .run();
            grant(log('team.add', team.name, { userId, role: command.role }), userId, team, 'team_add', command.role);
          } else {
            upsertUser(tx, actor.teamId, userId, {}, now);
            tx.update(users)
              .set({ invitedTeamId: team.id, invitedBy: actor.userId })
              .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, userId)))
              .run();
            log('team.invite', team.name, { userId });
            invites.push({ userId, teamId: team.id, teamName: team.name, invitedBy: actor.userId });
          }
        }
        break;
      }
      case 'remove': {
        if (command.userIds.includes(team.managerId)) return done(errorMessage('A team keeps its manager.'));
        for (const userId of command.userIds) {
          const user = findUser(tx, actor.teamId, userId);
          let changed = false;
          if (user?.invitedTeamId === team.id) {
            // An invitation not yet answered is withdrawn.
            tx.update(users)
              .set({ invitedTeamId: null, invitedBy: null })
              .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, userId)))
              .run();
            changed = true;
          }
          if (user?.salesTeamId === team.id) {
            // Leaving the team ends whatever role was held in it.
            tx.update(users)
              .set({ salesTeamId: null, role: 'rep' })
              .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, userId)))
              .run();
            log('team.remove', team.name, { userId });
            changed = true;
          }
          (changed ? people.done : people.already).push(userId);
        }
        break;
      }
      case 'channel':
        // Refused here, after the permission checks; thrown so that nothing (not even Everyone's set-up) stays.
        if (channelRefusal) throw new RefusedInWrite(channelRefusal);
        changes.digestChannel = command.channelId;
        break;
      case 'schedule':
        changes.digestSchedule = command.schedule;
        if (command.zone) changes.timezone = command.zone;
        break;
      case 'threshold':
        changes.thresholds = { ...(team.thresholds ?? {}), [command.stage]: command.days };
        break;
      case 'cadence':
        changes.cadence = command.steps;
        break;
      case 'holidays':
        changes.holidays = command.country
          ? { country: command.country, region: command.region, dates: command.dates }
          : null;
        break;
      case 'escalation':
        changes.escalationDays = command.days;
        break;
      case 'currency':
        changes.currency = command.code;
        break;
    }
    if (Object.keys(changes).length) tx.update(salesTeams).set(changes).where(eq(salesTeams.id, team.id)).run();
    if (command.type !== 'add' && command.type !== 'remove') log(`team.${command.type}`, team.name, command);
    const updated = tx.select().from(salesTeams).where(eq(salesTeams.id, team.id)).get()!;
    // Only what changed, in one line: `/deal team` shows the whole team.
    const said = teamChangeText(command, team, updated, people, { admin, now, zone: actor.zone });
    const lines = [`:white_check_mark: ${said}`];
    if (setUpEveryone) lines.push(`You set up *${EVERYONE}* (everyone in no team): you manage it.`);
    const shown = [section(lines.join('\n')), context('`/deal team` shows the whole team.')];
    return done(message(plainOf(lines.join(' ')), shown), invites);
  });
  return written.catch(refusedInWrite);
}

/** Who a people change (add, remove) touched, and who was already as asked. */
interface PeopleChange {
  done: string[];
  already: string[];
}

/** A team of the workspace by name (any case, accents and punctuation ignored). */
function teamNamed(db: Queryable, teamId: string, name: string): SalesTeamRow | undefined {
  const wanted = nameWords(name).join(' ');
  return teamsOfWorkspace(db, teamId).find((t) => t.name !== EVERYONE && nameWords(t.name).join(' ') === wanted);
}

/** "Teams: Ventas Iberia, Nordics." or how to make the first one. */
function teamList(db: Queryable, teamId: string): string {
  const names = teamsOfWorkspace(db, teamId)
    .filter((t) => t.name !== EVERYONE)
    .map((t) => t.name);
  return names.length
    ? `Teams: ${names.join(', ')}.`
    : 'There is no team yet: a manager creates one with `/deal team create <name>`.';
}

const mentions = (ids: string[]) => ids.map((id) => `<@${id}>`).join(' ');
const isAre = (ids: string[]) => (ids.length === 1 ? 'is' : 'are');

/** What a team change did, in one line; `/deal team` shows the rest. */
function teamChangeText(
  command: TeamCommand,
  before: SalesTeamRow,
  after: SalesTeamRow,
  people: PeopleChange,
  how: { admin: boolean; now: Date; zone: string },
): string {
  const name = `*${esc(after.name)}*`;
  const updated = `Team ${name} updated:`;
  const schedule = describeSchedule(after.digestSchedule ?? null, after.timezone ?? null);
  switch (command.type) {
    case 'add': {
      const parts: string[] = [];
      if (people.done.length) {
        parts.push(
          how.admin
            ? `Added ${mentions(people.done)} to ${name}${command.role === 'manager' ? ' as manager' : ''}.`
            : `Asked ${mentions(people.done)} to join ${name}: they join when they accept.`,
        );
      }
      if (people.already.length) parts.push(`${mentions(people.already)} ${isAre(people.already)} in ${name} already.`);
      return parts.join(' ');
    }
    case 'remove': {
      const parts: string[] = [];
      if (people.done.length) parts.push(`Removed ${mentions(people.done)} from ${name}.`);
      if (people.already.length) {
        parts.push(`${mentions(people.already)} ${isAre(people.already)} not in ${name}: nothing to remove.`);
      }
      return parts.join(' ');
    }
    case 'channel':
      if (!after.digestChannel) return `${updated} no digest channel, so no digest is posted.`;
      return after.digestSchedule
        ? `${updated} its digest goes to <#${after.digestChannel}>, ${schedule}.`
        : `${updated} its digest goes to <#${after.digestChannel}> once it has a schedule: ` +
            '`/deal team schedule weekly mon 09:00`.';
    case 'schedule':
      if (!after.digestSchedule) return `${updated} no digest is scheduled.`;
      return after.digestChannel
        ? `${updated} its digest comes ${schedule}, in <#${after.digestChannel}>.`
        : `${updated} its digest comes ${schedule} once it has a channel: \`/deal team channel #channel\`.`;
    case 'threshold': {
      const was = { ...DEFAULT_THRESHOLDS, ...(before.thresholds ?? {}) }[command.stage];
      return (
        `${updated} a ${command.stage} deal is silent after ${plural(command.days, 'business day')} without a ` +
        `reply (was ${was}).`
      );
    }
    case 'cadence': {
      const steps = cadenceText(after.cadence ?? DEFAULT_CADENCE);
      return `${updated} the cadence is ${steps}${command.steps ? '' : ' (the default)'}.`;
    }
    case 'holidays': {
      if (!command.country) return `${updated} no public holidays: only weekends are days off.`;
      const days = command.dates.map((d) => formatDay(d, how.now, how.zone));
      const extra = days.length ? `, and ${plural(days.length, 'more day')} off: ${days.join('; ')}` : '';
      const place = describeHolidayPlace(command.country, command.region);
      return `${updated} it skips the public holidays of ${place}${extra}.`;
    }
    case 'escalation': {
      const was = before.escalationDays ?? DEFAULT_ESCALATION_DAYS;
      return `${updated} its digest flags ${escalationText(command.days)} (was ${was}).`;
    }
    case 'currency': {
      const now = after.currency ?? `${DEFAULT_CURRENCY}, the default`;
      const was = before.currency ?? DEFAULT_CURRENCY;
      return (
        `${updated} amounts its reps type without a currency are in ${now} (it was ${was}); totals stay per ` +
        `currency.`
      );
    }
    default:
      return `${updated} done.`;
  }
}

/** The escalation rule in words: what the digest flags (jobs/digest.ts). */
export function escalationText(days: number): string {
  return `a deal with a cadence step due and no touch for ${plural(days, 'business day')} or more`;
}

/** "1:call+msg 2:call 3:email 5:call+msg 6:fire". */
function cadenceText(cadence: typeof DEFAULT_CADENCE): string {
  const label = (s: (typeof cadence)[number]): string =>
    s.kind === 'fire' ? 'fire' : s.channel === 'call' && s.leaveMessage ? 'call+msg' : s.channel;
  return cadence.map((s) => `${s.day}:${label(s)}`).join(' ');
}

/** A refusal, with why someone who might be an admin is not one right now (roles.ts). */
function withProblem(text: string, standing: AdminStanding): string {
  const problem = standingProblem(standing);
  return problem ? `${text} ${problem}` : `${text} Nothing was changed.`;
}

interface RoleWriters {
  log: (action: string, team: string, details: object) => number;
  grant: (auditEventId: number, userId: string, team: SalesTeamRow | null, kind: 'manager') => void;
}

/** `/deal team manager @x [off]`: only a workspace admin names or un-names managers. */
function setManagerRole(
  tx: Tx,
  actor: Actor,
  userId: string,
  on: boolean,
  standing: AdminStanding,
  now: Date,
  writers: RoleWriters,
): BotMessage {
  if (!standing.admin)
    return errorMessage(withProblem('Only a workspace admin (a Slack admin or owner) names managers.', standing));
  if (on) {
    const before = findUser(tx, actor.teamId, userId);
    upsertUser(tx, actor.teamId, userId, { role: 'manager' }, now);
    const named = writers.log('team.manager', 'role', { userId });
    if (before?.role !== 'manager') writers.grant(named, userId, null, 'manager');
    return okMessage([
      { user: userId },
      ` is a manager now: they can create a team (\`${TEAM_USAGE.create}\`) and invite reps to it.`,
    ]);
  }
  const ended = endManagerRole(tx, actor, userId, now);
  if (!ended.ok) return errorMessage(ended.error);
  const off = writers.log('team.manager_off', 'role', { userId });
  // Everyone passes to whoever took the role away: with stand-in powers, a role they gave themselves.
  if (ended.everyone && userId !== actor.userId) writers.grant(off, actor.userId, ended.everyone, 'manager');
  return okMessage([{ user: userId }, ' is no longer a manager.', ...ended.notes]);
}

export type EndedManagerRole =
  | { ok: true; notes: Array<string | { user: string }>; everyone: SalesTeamRow | null }
  | { ok: false; error: ErrorText };

/**
 * Ends a manager role as `/deal team manager @x off` does: each named team they manage passes to another
 * manager in it (with none, nothing changes: the admin names one first), Everyone passes to `actor`, and
 * they become a rep. Checks every team before changing any. The caller audits it.
 */
export function endManagerRole(tx: Tx, actor: Actor, userId: string, now: Date): EndedManagerRole {
  const led = tx
    .select()
    .from(salesTeams)
    .where(and(eq(salesTeams.teamId, actor.teamId), eq(salesTeams.managerId, userId)))
    .all();
  const handovers: Array<{ team: SalesTeamRow; to: string }> = [];
  for (const team of led) {
    if (team.name === EVERYONE) {
      handovers.push({ team, to: actor.userId });
      continue;
    }
    // Another manager in that team takes it over; without one, the admin must name one first.
    const deputy = membersOf(tx, team, actor.teamId).find((m) => m.slackId !== userId && m.role === 'manager');
    if (!deputy) {
      const why =
        ` manages ${team.name}: name another manager in it first (/deal team manager @person). Nothing was ` +
        `changed.`;
      return { ok: false, error: [{ user: userId }, why] };
    }
    handovers.push({ team, to: deputy.slackId });
  }
  const notes: Array<string | { user: string }> = [];
  let everyone: SalesTeamRow | null = null;
  for (const { team, to } of handovers) {
    tx.update(salesTeams).set({ managerId: to }).where(eq(salesTeams.id, team.id)).run();
    if (team.name === EVERYONE) everyone = team;
    notes.push(` ${team.name} is managed by `, { user: to }, ' now.');
  }
  upsertUser(tx, actor.teamId, userId, { role: 'rep' }, now);
  return { ok: true, notes, everyone };
}

/** A confirmation: people as mentions, user text escaped; `next` lines are mrkdwn written here. */
function okMessage(text: ErrorText, next: string[] = []): BotMessage {
  const blocks = [section(`:white_check_mark: ${partsToMrkdwn(text)}`), ...next.map((line) => context(line))];
  return message(partsToText(text), blocks);
}

/** The text fallback of a mrkdwn line written here: mentions as @id and #id, no markup, entities decoded. */
function plainOf(mrkdwn: string): string {
  return mrkdwn
    .replace(/:white_check_mark: /g, '')
    .replace(/<([@#])([UWCG][A-Z0-9]+)(?:\|[^>]*)?>/g, '$1$2')
    .replace(/\*/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The invited person's answer. Only the invitee's own click counts, and only for a pending invitation. */
export function answerTeamInvite(
  ctx: AppContext,
  actor: Actor,
  accept: boolean,
  value: string | undefined,
): Promise<BotMessage> {
  const teamRowId = Number(value);
  const now = ctx.clock.now();
  return ctx.store.write((tx) => {
    const me = findUser(tx, actor.teamId, actor.userId);
    const team = Number.isInteger(teamRowId) ? teamById(tx, actor.teamId, teamRowId) : undefined;
    if (!me || !team || me.invitedTeamId !== team.id)
      return errorMessage('That invitation is no longer open. Nothing was changed.');
    tx.update(users)
      .set({ invitedTeamId: null, invitedBy: null })
      .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, actor.userId)))
      .run();
    if (!accept) {
      audit(tx, actor, 'team.decline', team.name, { userId: actor.userId }, now);
      return okMessage(`You stay where you are: you did not join ${team.name}.`);
    }
    if (me.salesTeamId && me.salesTeamId !== team.id)
      return errorMessage('You are in another team; its manager removes you first. Nothing was changed.');
    const guarded = protectedManager(tx, actor.teamId, actor.userId);
    if (guarded)
      return errorMessage(`You manage a team yourself, so you cannot join ${team.name}. Nothing was changed.`);
    tx.update(users)
      .set({ salesTeamId: team.id, role: 'rep' })
      .where(and(eq(users.teamId, actor.teamId), eq(users.slackId, actor.userId)))
      .run();
    audit(tx, actor, 'team.join', team.name, { userId: actor.userId, invitedBy: me.invitedBy }, now);
    return okMessage([
      `You joined ${team.name}: its manager `,
      { user: team.managerId },
      ' sees your deals in the team digest.',
    ]);
  });
}

/** The DM an invitee gets. */
export function inviteMessage(invite: TeamInvite): BotMessage {
  const asked: ErrorText = [{ user: invite.invitedBy }, ` asked you to join the team ${invite.teamName} in dealcoach.`];
  return message(partsToText(asked), [
    section(`${partsToMrkdwn(asked)} Its manager will see your deals in the team digest and totals.`),
    actions([
      { text: 'Accept', actionId: ACTION_IDS.teamInviteAccept, value: String(invite.teamId), style: 'primary' },
      { text: 'Decline', actionId: ACTION_IDS.teamInviteDecline, value: String(invite.teamId) },
    ]),
  ]);
}
