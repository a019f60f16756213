// The rules that apply to a rep: their sales team's thresholds, cadence and holidays over the
// defaults, and their own zone and working hours. Until a team is set up, everyone gets the defaults.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/index.js';
import { salesTeams, users, type SalesTeamRow, type UserRow } from '../db/schema.js';
import type { Stage } from '../domain/vocabulary.js';
import type { CalendarSettings } from '../domain/calendar.js';
import { DEFAULT_CADENCE, DEFAULT_THRESHOLDS, type CadenceStep } from '../domain/silence.js';
import { EVERYONE } from '../domain/team-grammar.js';

export const DEFAULT_ESCALATION_DAYS = 3;

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
  // People in no team follow the workspace's "Everyone" settings, when someone has set them.
  const team = user?.salesTeamId
    ? db
        .select()
        .from(salesTeams)
        .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.id, user.salesTeamId)))
        .get()
    : db
        .select()
        .from(salesTeams)
        .where(and(eq(salesTeams.teamId, teamId), eq(salesTeams.name, EVERYONE)))
        .get();
  return settingsFrom(user, team, defaultZone);
}
