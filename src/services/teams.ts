// Sales teams: who is in them, who manages them, and their settings (digest channel and schedule,
// thresholds, cadence, holidays). Only a team's manager changes it; the first person to set one up
// becomes its manager; every change is audited. People in no team belong to "Everyone".
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/index.js';
import { auditEvents, salesTeams, users, type SalesTeamRow, type UserRow } from '../db/schema.js';
import { type Stage } from '../domain/vocabulary.js';
import { findUser, upsertUser } from '../db/users.js';
import { DEFAULT_CADENCE, DEFAULT_THRESHOLDS, type CadenceStep } from '../domain/silence.js';
import { EVERYONE, TEAM_USAGE, type DigestSchedule, type TeamCommand } from '../domain/team-grammar.js';

export { EVERYONE };
import type { HolidaySettings } from '../domain/calendar.js';
import type { BotMessage } from '../slack/blocks.js';
import { context, esc, fields, header, message, section } from '../slack/blocks.js';
import { errorMessage } from '../slack/views/deal.js';
import type { Actor, AppContext } from './context.js';
import { DEFAULT_ESCALATION_DAYS } from './team-settings.js';

export function everyoneTeam(db: Queryable, teamId: string): SalesTeamRow | undefined {
  return db.select().from(salesTeams).where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.name, EVERYONE))).get();
}

export function teamsOfWorkspace(db: Queryable, teamId: string): SalesTeamRow[] {
  return db.select().from(salesTeams).where(eq(salesTeams.teamId, teamId)).all();
}

/** The members of a team: its own people, or for Everyone, people in no team. */
export function membersOf(db: Queryable, team: Pick<SalesTeamRow, 'id' | 'teamId' | 'name'> | null, teamId: string): UserRow[] {
  if (!team || team.name === EVERYONE) {
    return db.select().from(users).where(and(eq(users.teamId, teamId), or(isNull(users.salesTeamId), team ? eq(users.salesTeamId, team.id) : isNull(users.salesTeamId)))).all();
  }
  return db.select().from(users).where(and(eq(users.teamId, teamId), eq(users.salesTeamId, team.id))).all();
}

/** The team whose settings apply to a person: their own, else Everyone (which may not exist yet). */
export function teamOf(db: Queryable, teamId: string, userId: string): SalesTeamRow | undefined {
  const user = findUser(db, teamId, userId);
  if (user?.salesTeamId) return db.select().from(salesTeams).where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.id, user.salesTeamId))).get();
  return everyoneTeam(db, teamId);
}

function audit(tx: Tx, actor: Actor, action: string, team: string, details: Record<string, unknown>, at: Date): void {
  tx.insert(auditEvents).values({ teamId: actor.teamId, actorId: actor.userId, action, subject: team, details, at }).run();
}

function describeSchedule(schedule: DigestSchedule | null, zone: string | null): string {
  if (!schedule) return 'no digest scheduled';
  const day = schedule.frequency === 'weekly' ? ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'][schedule.weekday ?? 1] : 'every business day';
  return `${day} at ${schedule.time} (${zone ?? 'UTC'})${schedule.frequency === 'daily' && !schedule.skipDaysOff ? ', weekends too' : ''}`;
}

export function teamSummary(db: Queryable, team: SalesTeamRow | undefined, teamId: string): BotMessage {
  const name = team?.name ?? EVERYONE;
  const members = membersOf(db, team ?? null, teamId);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...(team?.thresholds ?? {}) };
  const cadence = team?.cadence ?? DEFAULT_CADENCE;
  const holidays = team?.holidays ?? null;
  return message(`Team ${name}`, [
    header(`Team: ${name}`),
    fields([
      `*Manager*\n${team ? `<@${team.managerId}>` : 'nobody yet: the first to set it up'}`,
      `*Members*\n${members.length ? members.slice(0, 30).map((m) => `<@${m.slackId}>`).join(' ') : '—'}`,
      `*Digest*\n${team?.digestChannel ? `<#${team.digestChannel}>` : 'no channel'}: ${describeSchedule(team?.digestSchedule ?? null, team?.timezone ?? null)}`,
      `*Thresholds* (business days)\n${Object.entries(thresholds).map(([s, d]) => `${s} ${d}`).join(', ')}`,
      `*Cadence*\n${cadence.map((s) => `${s.day}:${s.kind === 'fire' ? 'fire' : s.channel === 'call' && s.leaveMessage ? 'call+msg' : s.channel}`).join(' ')}`,
      `*Holidays*\n${holidays?.country ? `${holidays.country}${holidays.region ? `-${holidays.region}` : ''}` : 'weekends only'}${holidays?.dates?.length ? ` + ${holidays.dates.length} days off` : ''}`,
      `*Escalation*\nafter ${team?.escalationDays ?? DEFAULT_ESCALATION_DAYS} business days without action on a due step`,
    ]),
    context(Object.values(TEAM_USAGE).map((u) => `\`${esc(u)}\``).join('\n')),
  ]);
}

/** Runs a `/deal team` command for the actor. */
export function runTeamCommand(ctx: AppContext, actor: Actor, command: TeamCommand): BotMessage {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  if (command.type === 'show') return teamSummary(db, teamOf(db, actor.teamId, actor.userId), actor.teamId);

  return db.transaction((tx) => {
    const me = findUser(tx, actor.teamId, actor.userId);
    if (command.type === 'create') {
      if (me?.salesTeamId) return errorMessage('You are already in a team; its manager removes you first.', TEAM_USAGE.create);
      if (tx.select().from(salesTeams).where(and(eq(salesTeams.teamId, actor.teamId), eq(salesTeams.name, command.name))).get()) {
        return errorMessage(`There is already a team called ${command.name}.`, TEAM_USAGE.create);
      }
      const team = tx.insert(salesTeams).values({ teamId: actor.teamId, name: command.name, managerId: actor.userId, timezone: actor.zone, createdAt: now }).returning().get();
      upsertUser(tx, actor.teamId, actor.userId, { role: 'manager' }, now);
      tx.update(users).set({ salesTeamId: team.id }).where(and(eq(users.teamId, actor.teamId), eq(users.slackId, actor.userId))).run();
      audit(tx, actor, 'team.create', team.name, { id: team.id }, now);
      return teamSummary(tx, team, actor.teamId);
    }

    // Settings change the actor's own team, or Everyone; the first to set Everyone up manages it.
    let team = me?.salesTeamId ? tx.select().from(salesTeams).where(eq(salesTeams.id, me.salesTeamId)).get() : everyoneTeam(tx, actor.teamId);
    if (!team) {
      if (command.type === 'add' || command.type === 'remove') return errorMessage('Create your team first.', TEAM_USAGE.create);
      team = tx.insert(salesTeams).values({ teamId: actor.teamId, name: EVERYONE, managerId: actor.userId, timezone: actor.zone, createdAt: now }).returning().get();
      upsertUser(tx, actor.teamId, actor.userId, { role: 'manager' }, now);
      audit(tx, actor, 'team.create', EVERYONE, { id: team.id, implicit: true }, now);
    }
    const isManager = team.managerId === actor.userId || (me?.role === 'manager' && me.salesTeamId === team.id);
    if (!isManager) return errorMessage([`Only the manager of ${team.name} (`, { user: team.managerId }, ') changes its settings.']);

    const changes: Partial<typeof salesTeams.$inferInsert> = {};
    switch (command.type) {
      case 'add': {
        if (team.name === EVERYONE) return errorMessage('Everyone already includes every person in no team. Create a team to add people to it.', TEAM_USAGE.create);
        for (const userId of command.userIds) {
          const user = findUser(tx, actor.teamId, userId);
          if (user?.salesTeamId && user.salesTeamId !== team.id) return errorMessage([{ user: userId }, ' is in another team; its manager removes them first. Nothing was changed.']);
        }
        for (const userId of command.userIds) {
          upsertUser(tx, actor.teamId, userId, { role: command.role }, now);
          tx.update(users).set({ salesTeamId: team.id }).where(and(eq(users.teamId, actor.teamId), eq(users.slackId, userId))).run();
        }
        break;
      }
      case 'remove': {
        if (command.userIds.includes(team.managerId)) return errorMessage('A team keeps its manager. Nothing was changed.');
        for (const userId of command.userIds) {
          tx.update(users).set({ salesTeamId: null }).where(and(eq(users.teamId, actor.teamId), eq(users.slackId, userId), eq(users.salesTeamId, team.id))).run();
        }
        break;
      }
      case 'channel':
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
        changes.holidays = command.country ? { country: command.country, region: command.region, dates: command.dates } : null;
        break;
      case 'escalation':
        changes.escalationDays = command.days;
        break;
    }
    if (Object.keys(changes).length) tx.update(salesTeams).set(changes).where(eq(salesTeams.id, team.id)).run();
    audit(tx, actor, `team.${command.type}`, team.name, command, now);
    const updated = tx.select().from(salesTeams).where(eq(salesTeams.id, team.id)).get();
    const summary = teamSummary(tx, updated, actor.teamId);
    return { text: `${esc(`Team ${team.name} updated.`)} ${summary.text}`, blocks: [section(`:white_check_mark: Team *${esc(team.name)}* updated.`), ...summary.blocks] };
  });
}
