// The rules that apply to a rep: their sales team's thresholds, cadence and holidays over the
// defaults, and their own zone and working hours. Until a team is set up, everyone gets the defaults.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/index.js';
import { salesTeams, users, type DealRow, type SalesTeamRow, type UserRow } from '../db/schema.js';
import type { Stage } from '../domain/vocabulary.js';
import type { CalendarSettings } from '../domain/calendar.js';
import { DEFAULT_CADENCE, DEFAULT_THRESHOLDS, type CadenceStep } from '../domain/silence.js';
import { EVERYONE } from '../domain/team-grammar.js';

export const DEFAULT_ESCALATION_DAYS = 3;
/** The currency of amounts typed without one until a manager sets the team's (`/deal team currency`). */
export const DEFAULT_CURRENCY = 'USD';

export interface RepSettings {
  calendar: CalendarSettings;
  thresholds: Record<Stage, number>;
  cadence: CadenceStep[];
  escalationDays: number;
}

export function settingsFrom(
  user: Pick<UserRow, 'timezone' | 'workStart' | 'workEnd'> | undefined,
  team: SalesTeamRow | undefined,
  defaultZone: string,
): RepSettings {
  return {
    calendar: {
      zone: user?.timezone ?? team?.timezone ?? defaultZone,
      workStart: user?.workStart ?? '09:00',
      workEnd: user?.workEnd ?? '17:30',
      holidays: team?.holidays ?? null,
    },
    thresholds: { ...DEFAULT_THRESHOLDS, ...(team?.thresholds ?? {}) },
    cadence: team?.cadence ?? DEFAULT_CADENCE,
    escalationDays: team?.escalationDays ?? DEFAULT_ESCALATION_DAYS,
  };
}

export function settingsForOwner(db: Queryable, teamId: string, ownerId: string, defaultZone = 'UTC'): RepSettings {
  const user = db
    .select()
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.slackId, ownerId)))
    .get();
  return settingsFrom(user, teamWithId(db, teamId, user?.salesTeamId), defaultZone);
}

/** A person's team by its row id; people in no team follow the workspace's Everyone (which may not exist yet). */
export function teamWithId(
  db: Queryable,
  teamId: string,
  salesTeamId: number | null | undefined,
): SalesTeamRow | undefined {
  const which = salesTeamId ? eq(salesTeams.id, salesTeamId) : eq(salesTeams.name, EVERYONE);
  return db
    .select()
    .from(salesTeams)
    .where(and(eq(salesTeams.teamId, teamId), which))
    .get();
}

/** The team whose settings apply to a rep: their own, else Everyone (which may not exist yet). */
function teamOfRep(db: Queryable, teamId: string, userId: string): SalesTeamRow | undefined {
  const user = db
    .select({ salesTeamId: users.salesTeamId })
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.slackId, userId)))
    .get();
  return teamWithId(db, teamId, user?.salesTeamId);
}

/** The currency of the amounts a rep types without one: their team's, Everyone's for a rep in no team, else USD. */
export function teamCurrency(db: Queryable, teamId: string, userId: string): string {
  return teamOfRep(db, teamId, userId)?.currency ?? DEFAULT_CURRENCY;
}

/**
 * The currency a bare amount about a deal is read in: the deal's own once it has an amount (`/deal value`
 * keeps it), else the rep's team's.
 */
export function dealCurrency(deal: Pick<DealRow, 'valueMinor' | 'currency'>, teamDefault: string): string {
  return deal.valueMinor !== null ? deal.currency : teamDefault;
}
