import { and, asc, desc, eq, gt, inArray, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from './index.js';
import { CLOSED_STATES, type DealState, type Stage } from '../domain/vocabulary.js';
import {
  activities,
  commitments,
  deals,
  silenceEpisodes,
  type ActivityRow,
  type CommitmentRow,
  type DealRow,
} from './schema.js';

/** The deals row as SQLite returns it to raw prepared statements (snake case, instants as epoch ms). */
export interface DealSqlRow {
  id: number;
  team_id: string;
  owner_id: string;
  company: string;
  company_key: string;
  contact_name: string | null;
  contact_email: string | null;
  greet_as: string | null;
  value_minor: number | null;
  currency: string;
  stage: Stage;
  forecast: string;
  state: DealState;
  prospect_goal: string | null;
  external_id: string | null;
  last_inbound_at: number | null;
  last_outbound_at: number | null;
  last_activity_at: number | null;
  snoozed_until: number | null;
  follow_up_on: string | null;
  closed_at: number | null;
  lost_reason: string | null;
  created_at: number;
  updated_at: number;
}

export function companyKey(company: string): string {
  return company.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The rep's deals (all states), for resolving a name they typed. */
export function dealsOfOwner(db: Queryable, teamId: string, ownerId: string): DealRow[] {
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.ownerId, ownerId)))
    .all();
}

export function openDealsOfOwner(db: Queryable, teamId: string, ownerId: string): DealRow[] {
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.ownerId, ownerId), notInArray(deals.state, [...CLOSED_STATES])))
    .all();
}

export function getDeal(db: Queryable, teamId: string, dealId: number): DealRow | undefined {
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.teamId, teamId), eq(deals.id, dealId)))
    .get();
}

/** The deal, only when it is this rep's own in this workspace: every button and form asks this. */
export function getOwnDeal(
  db: Queryable,
  rep: { teamId: string; userId: string },
  dealId: number,
): DealRow | undefined {
  const deal = getDeal(db, rep.teamId, dealId);
  return deal?.ownerId === rep.userId ? deal : undefined;
}

/** What a rep is told when the deal named is not theirs (or not there). */
export const NOT_YOUR_DEAL = 'That deal is not one of yours.';

export type NewDeal = typeof deals.$inferInsert;

export type NewActivity = typeof activities.$inferInsert;

// No RETURNING: with better-sqlite3 it costs about ten times the insert itself (measured on the import).
export function insertActivity(db: Queryable, activity: NewActivity): void {
  db.insert(activities).values(activity).run();
}

export function activitiesOfDeal(db: Queryable, teamId: string, dealId: number, limit = 200): ActivityRow[] {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.teamId, teamId), eq(activities.dealId, dealId)))
    .orderBy(desc(activities.at), desc(activities.id))
    .limit(limit)
    .all()
    .reverse();
}

/**
 * One fact, one number: the rep's outbound touches since the prospect's last reply (since the deal was added,
 * if they never replied), counted by instant. The nudge that offers the goodbye (the scan, with this SQL on
 * its prepared statement), the draft card's "why now" and the draft itself all say this count.
 */
export const UNANSWERED_TOUCHES_SQL =
  "SELECT COUNT(*) AS n FROM activities WHERE deal_id = ? AND direction = 'out' AND at > ?";

export function unansweredTouchCount(db: Queryable, deal: Pick<DealRow, 'id' | 'lastInboundAt'>): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(activities)
    .where(
      and(
        eq(activities.dealId, deal.id),
        eq(activities.direction, 'out'),
        gt(activities.at, deal.lastInboundAt ?? new Date(0)),
      ),
    )
    .get();
  return Number(row?.n ?? 0);
}

export function insertCommitment(db: Queryable, commitment: typeof commitments.$inferInsert): CommitmentRow {
  return db.insert(commitments).values(commitment).returning().get();
}

export function commitmentsOfDeal(
  db: Queryable,
  teamId: string,
  dealId: number,
  statuses?: CommitmentRow['status'][],
): CommitmentRow[] {
  const conditions = [eq(commitments.teamId, teamId), eq(commitments.dealId, dealId)];
  if (statuses) conditions.push(inArray(commitments.status, statuses));
  return db
    .select()
    .from(commitments)
    .where(and(...conditions))
    .orderBy(asc(commitments.dueOn), asc(commitments.id))
    .all();
}

export function episodesOfDeal(db: Queryable, teamId: string, dealId: number) {
  return db
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId)))
    .orderBy(asc(silenceEpisodes.startedAt))
    .all();
}
