import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ToneProblem } from '../coach/types.js';
import type { HolidaySettings } from '../domain/calendar.js';
import type { CadenceStep, EpisodeSteps } from '../domain/silence.js';
import type { RoiInputs } from '../domain/roi.js';
import type { DigestSchedule } from '../domain/team-grammar.js';
import {
  ACTIVITY_DIRECTIONS,
  CHANNELS,
  COMMITMENT_STATUSES,
  DEAL_STATES,
  DRAFT_KINDS,
  DRAFT_STATUSES,
  EPISODE_OUTCOMES,
  EPISODE_REASONS,
  FORECASTS,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
  REVIVAL_REASON_IDS,
  ROLES,
  STAGES,
  STAND_IN_GRANT_KINDS,
  STAND_IN_GRANT_STATUSES,
  type Stage,
} from '../domain/vocabulary.js';
import type { OutboxPayload } from '../jobs/outbox-payloads.js';

// Every table carries the Slack workspace id as `team_id`, and every query filters on it.
// Instants are epoch milliseconds (timestamp_ms); calendar dates are ISO text (YYYY-MM-DD).

/** Sales teams inside a workspace (managers, digest channel, schedule, cadence). */
export const salesTeams = sqliteTable(
  'sales_teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    name: text('name').notNull(),
    managerId: text('manager_id').notNull(),
    digestChannel: text('digest_channel'),
    /** JSON: { frequency: 'daily'|'weekly', weekday?: 1-7, time: 'HH:MM', skipDaysOff: boolean } */
    digestSchedule: text('digest_schedule', { mode: 'json' }).$type<DigestSchedule>(),
    timezone: text('timezone'),
    /** JSON: per-stage silence thresholds in business days. */
    thresholds: text('thresholds', { mode: 'json' }).$type<Partial<Record<Stage, number>>>(),
    /** JSON: cadence steps [{ day, channel, leaveMessage, kind }]. */
    cadence: text('cadence', { mode: 'json' }).$type<CadenceStep[]>(),
    /** JSON: { country?: string, region?: string, dates?: string[] } */
    holidays: text('holidays', { mode: 'json' }).$type<HolidaySettings>(),
    escalationDays: integer('escalation_days'),
    /** ISO 4217 code of amounts the team's reps type without one (`/deal team currency EUR`); null: USD. */
    currency: text('currency'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('sales_teams_team_name').on(t.teamId, t.name)],
);

export const users = sqliteTable(
  'users',
  {
    teamId: text('team_id').notNull(),
    slackId: text('slack_id').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('rep'),
    name: text('name'),
    email: text('email'),
    timezone: text('timezone'),
    /** 'slack' when read from users.info, 'default' when the fallback was used. */
    timezoneSource: text('timezone_source'),
    workStart: text('work_start').notNull().default('09:00'),
    workEnd: text('work_end').notNull().default('17:30'),
    salesTeamId: integer('sales_team_id').references(() => salesTeams.id, { onDelete: 'set null' }),
    /** Slack's is_admin || is_owner from users.info; null until asked. Only admins name managers. */
    isAdmin: integer('is_admin', { mode: 'boolean' }),
    /** A team this person was invited to and has not yet accepted or declined. */
    invitedTeamId: integer('invited_team_id').references(() => salesTeams.id, { onDelete: 'set null' }),
    invitedBy: text('invited_by'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.slackId] }), index('users_team_sales_team').on(t.teamId, t.salesTeamId)],
);

export const deals = sqliteTable(
  'deals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    ownerId: text('owner_id').notNull(),
    company: text('company').notNull(),
    /** Lower-cased company, for case-insensitive lookup and uniqueness per owner. */
    companyKey: text('company_key').notNull(),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    /** How the contact likes to be greeted ("Dr. Müller", "Tanaka-san"): wins over the name in drafts. */
    greetAs: text('greet_as'),
    /** Minor units (cents). */
    valueMinor: integer('value_minor'),
    currency: text('currency').notNull().default('USD'),
    stage: text('stage', { enum: STAGES }).notNull().default('prospecting'),
    forecast: text('forecast', { enum: FORECASTS }).notNull().default('pipeline'),
    /** The forecast category before the deal was fired, kept for history. */
    forecastBeforeFire: text('forecast_before_fire', { enum: FORECASTS }),
    state: text('state', { enum: DEAL_STATES }).notNull().default('active'),
    /** What the prospect wants to gain, in their words: fire messages name it. */
    prospectGoal: text('prospect_goal'),
    externalId: text('external_id'),
    lastInboundAt: integer('last_inbound_at', { mode: 'timestamp_ms' }),
    lastOutboundAt: integer('last_outbound_at', { mode: 'timestamp_ms' }),
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }),
    snoozedUntil: integer('snoozed_until', { mode: 'timestamp_ms' }),
    snoozeReason: text('snooze_reason'),
    followUpOn: text('follow_up_on'),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    lostReason: text('lost_reason'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /**
     * When the scan must look at the deal again: the earliest instant its decision could change.
     * 0 (the default, and what every transition writes): at the next scan. NULL: never (closed, or
     * nothing can become due until the deal changes).
     */
    nextCheckAt: integer('next_check_at', { mode: 'timestamp_ms' }).default(sql`0`),
  },
  (t) => [
    uniqueIndex('deals_owner_company').on(t.teamId, t.ownerId, t.companyKey),
    index('deals_team_state').on(t.teamId, t.state),
    index('deals_team_external').on(t.teamId, t.externalId),
    index('deals_next_check').on(t.nextCheckAt),
  ],
);

export const activities = sqliteTable(
  'activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull(),
    /** out: the rep reached out; in: the prospect answered; note: internal; update: a field changed. */
    direction: text('direction', { enum: ACTIVITY_DIRECTIONS }).notNull(),
    channel: text('channel', { enum: CHANNELS }),
    leftMessage: integer('left_message', { mode: 'boolean' }),
    note: text('note'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('activities_deal_at').on(t.dealId, t.at)],
);

export const commitments = sqliteTable(
  'commitments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** YYYY-MM-DD in the rep's time zone. */
    dueOn: text('due_on').notNull(),
    status: text('status', { enum: COMMITMENT_STATUSES }).notNull().default('open'),
    madeAt: integer('made_at', { mode: 'timestamp_ms' }).notNull(),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('commitments_deal_status').on(t.dealId, t.status)],
);

export const silenceEpisodes = sqliteTable(
  'silence_episodes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    /** 'no_reply' or 'broken_commitment': the rule that opened the episode. */
    reason: text('reason', { enum: EPISODE_REASONS }).notNull(),
    commitmentId: integer('commitment_id').references(() => commitments.id, { onDelete: 'set null' }),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    /** The business day (YYYY-MM-DD, rep's zone) counted as day 1 of the cadence. */
    startedOn: text('started_on').notNull(),
    stepsDone: integer('steps_done').notNull().default(0),
    /** JSON map step -> { offered: number, done: boolean, at?: ms } */
    steps: text('steps', { mode: 'json' }).$type<EpisodeSteps>(),
    accountabilityAt: integer('accountability_at', { mode: 'timestamp_ms' }),
    firedAt: integer('fired_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    /** replied | fired | won | lost | snoozed | nurture | reopened */
    outcome: text('outcome', { enum: EPISODE_OUTCOMES }),
    outcomeReason: text('outcome_reason'),
    /** The prospect came back after this episode (a reply, even after the goodbye). */
    revivedAt: integer('revived_at', { mode: 'timestamp_ms' }),
    /**
     * back_on_track | current_solution | competitor | side_tracked | internal_approvals | objection_roi |
     * objection_price | objection_timing
     */
    revivalReason: text('revival_reason', { enum: REVIVAL_REASON_IDS }),
    /** The ROI figures the rep gave when they came back, kept for every Firmer/Warmer/Shorter regeneration. */
    roiInputs: text('roi_inputs', { mode: 'json' }).$type<RoiInputs>(),
  },
  (t) => [index('episodes_deal').on(t.dealId, t.endedAt)],
);

export const drafts = sqliteTable(
  'drafts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    dealId: integer('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    episodeId: integer('episode_id').references(() => silenceEpisodes.id, { onDelete: 'set null' }),
    step: integer('step').notNull().default(0),
    kind: text('kind', { enum: DRAFT_KINDS }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    voicemail: text('voicemail'),
    status: text('status', { enum: DRAFT_STATUSES }).notNull().default('pending'),
    source: text('source').notNull(),
    promptVersion: text('prompt_version').notNull(),
    toneOk: integer('tone_ok', { mode: 'boolean' }).notNull(),
    toneProblems: text('tone_problems', { mode: 'json' }).$type<ToneProblem[]>(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    discardReason: text('discard_reason'),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('drafts_deal').on(t.dealId, t.status)],
);

/** Every message the scheduler decides on is written here first, under a unique key. */
/** A touch on a fired deal, held until the rep keeps it fired or reopens it: the button carries only the id. */
export const pendingTouches = sqliteTable('pending_touches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  teamId: text('team_id').notNull(),
  dealId: integer('deal_id')
    .notNull()
    .references(() => deals.id, { onDelete: 'cascade' }),
  actorId: text('actor_id').notNull(),
  channel: text('channel', { enum: CHANNELS }).notNull(),
  leftMessage: integer('left_message', { mode: 'boolean' }),
  note: text('note'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    /** A user id (DM) or a channel id. */
    recipient: text('recipient').notNull(),
    payload: text('payload', { mode: 'json' }).$type<OutboxPayload>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** 429s answered so far: they use no attempt, but are bounded too (delivery.ts MAX_RATE_LIMITS). */
    rateLimits: integer('rate_limits').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
  },
  (t) => [uniqueIndex('outbox_key').on(t.teamId, t.key), index('outbox_due').on(t.status, t.nextAttemptAt)],
);

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('audit_team_at').on(t.teamId, t.at)],
);

/**
 * Per workspace: what Slack last said about its admins and owners (users.list, read by
 * services/roles.ts), and the stand-in admin's state. While Slack names no admin or owner, the
 * workspace's first dealcoach user stands in; once Slack names one, the stand-in's powers end for good.
 */
export const workspaceRoles = sqliteTable('workspace_roles', {
  teamId: text('team_id').primaryKey(),
  /** When Slack last answered users.list; null until it has. The answer is trusted for a while (roles.ts). */
  checkedAt: integer('checked_at', { mode: 'timestamp_ms' }),
  /** Slack's answer then: a member, not deleted and not a bot, is an admin, owner or primary owner. */
  slackHasAdmin: integer('slack_has_admin', { mode: 'boolean' }),
  /** The admins and owners that answer named (owners first), up to the page where the first was found. */
  slackAdminIds: text('slack_admin_ids', { mode: 'json' }).$type<string[]>(),
  /** The last time Slack could not be asked (an error or a timeout), and what went wrong. */
  checkFailedAt: integer('check_failed_at', { mode: 'timestamp_ms' }),
  checkError: text('check_error'),
  /** Who used stand-in powers in this workspace (its first dealcoach user), once they did. */
  standInId: text('stand_in_id'),
  /** When and why those powers ended (Slack named an admin or owner). */
  standInEndedAt: integer('stand_in_ended_at', { mode: 'timestamp_ms' }),
  standInEndReason: text('stand_in_end_reason'),
});

/** A role granted under stand-in powers, kept until a real admin keeps or revokes it. */
export const standInGrants = sqliteTable(
  'stand_in_grants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    kind: text('kind', { enum: STAND_IN_GRANT_KINDS }).notNull(),
    /** Who got it. */
    userId: text('user_id').notNull(),
    /** The team it is about (the team they were added to, or the one they came to manage), when one. */
    salesTeamId: integer('sales_team_id').references(() => salesTeams.id, { onDelete: 'set null' }),
    teamName: text('team_name'),
    /** For team_add: the role they were added with. */
    role: text('role', { enum: ROLES }),
    grantedBy: text('granted_by').notNull(),
    grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull(),
    /** The audit event that records the grant (marked standIn). */
    auditEventId: integer('audit_event_id'),
    status: text('status', { enum: STAND_IN_GRANT_STATUSES }).notNull().default('pending'),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('stand_in_grants_team_status').on(t.teamId, t.status)],
);

/**
 * What the local console keeps between runs, per workspace: its simulated clock ("clock") and the names of
 * the channels it made up ids for ("channel:C…"). The Slack app never reads it.
 */
export const consoleState = sqliteTable(
  'console_state',
  {
    teamId: text('team_id').notNull(),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.key] })],
);

/**
 * Public holidays as date-holidays gives them, per country, region and year, for the version of the
 * library that computed them (`source`). A cache kept with the data: a restarted bot, and each scan
 * worker, read a year's holidays here instead of loading the library (~100 ms and ~20 MB).
 */
export const holidayDates = sqliteTable(
  'holiday_dates',
  {
    country: text('country').notNull(),
    region: text('region').notNull().default(''),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    dates: text('dates', { mode: 'json' }).$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.region, t.year, t.source] })],
);

export type UserRow = typeof users.$inferSelect;
export type DealRow = typeof deals.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
export type CommitmentRow = typeof commitments.$inferSelect;
export type EpisodeRow = typeof silenceEpisodes.$inferSelect;
export type DraftRow = typeof drafts.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type PendingTouchRow = typeof pendingTouches.$inferSelect;
export type SalesTeamRow = typeof salesTeams.$inferSelect;
export type WorkspaceRolesRow = typeof workspaceRoles.$inferSelect;
export type StandInGrantRow = typeof standInGrants.$inferSelect;
