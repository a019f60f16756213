// Who is a workspace admin in dealcoach: Slack's word. Slack's admins and owners (users.info, cached on
// the users row) are admins. While Slack names no admin or owner in a workspace (users.list, asked through
// the directory and kept in workspace_roles for ADMIN_CHECK_TTL_MS), its first dealcoach user stands in;
// when Slack cannot be asked, or has not said whether someone is an admin, nobody stands in and nobody is
// taken for an admin. Once Slack names an admin or owner, stand-in powers end for good: what was granted
// under them is listed to Slack's admins in a DM (once, through the outbox) to keep or revoke
// (stand-in-review.ts), and the audit log records each step.
import { and, asc, eq, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import { recordAudit } from '../db/audit.js';
import type { Queryable, Store, Tx } from '../db/index.js';
import {
  auditEvents,
  outbox,
  standInGrants,
  users,
  workspaceRoles,
  type StandInGrantRow,
  type UserRow,
  type WorkspaceRolesRow,
} from '../db/schema.js';
import { findUser } from '../db/users.js';
import type { Role, StandInGrantKind } from '../domain/vocabulary.js';
import { standInReviewMessages, type StandInChangeLine } from '../slack/views/roles.js';
import type { AppContext, WorkspaceAdmins } from './context.js';

/** How long Slack's "no admin or owner here" is trusted before the next decision asks again. */
export const ADMIN_CHECK_TTL_MS = 15 * 60_000;
/** How often the scheduled job asks Slack again while a stand-in has powers (stand-in job, jobs/stand-in.ts). */
export const STAND_IN_RECHECK_MS = 60 * 60_000;
/** How long a command waits for that answer before saying Slack has not answered yet (acks come in 3 s). */
export const ADMIN_CHECK_WAIT_MS = 2_000;
/** The admins a review DM goes to, owners first. */
export const REVIEW_RECIPIENTS = 10;

/** Marks an audit event written by someone acting with stand-in admin powers. */
export const STAND_IN_MARK = 'standIn';

export type NotAdminReason =
  /** Slack says they are not an admin, or another user stands in. */
  | 'not_admin'
  /** Their own flag is unknown: users.info did not answer. */
  | 'unconfirmed'
  /** They would stand in, but Slack could not be asked whether the workspace has an admin. */
  | 'unreachable'
  /** They would stand in, and Slack is being asked right now. */
  | 'checking';

export type AdminStanding =
  | { admin: true; standIn: boolean }
  | { admin: false; why: NotAdminReason; detail?: string | null };

export function workspaceRolesOf(db: Queryable, teamId: string): WorkspaceRolesRow | undefined {
  return db.select().from(workspaceRoles).where(eq(workspaceRoles.teamId, teamId)).get();
}

/** Slack's admins and owners dealcoach knows of in a workspace, owners from users.list first. */
export function namedAdmins(
  db: Queryable,
  teamId: string,
  row = workspaceRolesOf(db, teamId),
): Array<{ userId: string; how: 'users_list' | 'admin_recorded' }> {
  const listed = row?.slackHasAdmin ? (row.slackAdminIds ?? []) : [];
  const recorded = db
    .select({ id: users.slackId })
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.isAdmin, true)))
    .orderBy(asc(users.createdAt), asc(users.slackId))
    .all()
    .map((u) => u.id);
  const seen = new Set<string>();
  const out: Array<{ userId: string; how: 'users_list' | 'admin_recorded' }> = [];
  for (const [ids, how] of [
    [listed, 'users_list'],
    [recorded, 'admin_recorded'],
  ] as const) {
    for (const userId of ids) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      out.push({ userId, how });
    }
  }
  return out;
}

/** Whether Slack has ever named an admin or owner in this workspace: then nobody stands in there again. */
function slackNamesAdmin(db: Queryable, teamId: string, row: WorkspaceRolesRow | undefined): boolean {
  if (row?.slackHasAdmin || row?.standInEndedAt) return true;
  return Boolean(
    db
      .select({ id: users.slackId })
      .from(users)
      .where(and(eq(users.teamId, teamId), eq(users.isAdmin, true)))
      .get(),
  );
}

/** Slack says this person is an admin or owner: users.info (cached), or, while that is unknown, users.list. */
export function isSlackAdmin(
  db: Queryable,
  teamId: string,
  userId: string,
  me: UserRow | undefined = findUser(db, teamId, userId),
  row = workspaceRolesOf(db, teamId),
): boolean {
  if (me?.isAdmin != null) return me.isAdmin;
  return Boolean(row?.slackHasAdmin && row.slackAdminIds?.includes(userId));
}

/**
 * The workspace's first dealcoach user: the first row written, whatever its clock said (the console's clock
 * may be set back with `:at`, and a later user must not become the stand-in by it).
 */
function firstUserId(db: Queryable, teamId: string): string | undefined {
  return db.select({ id: users.slackId }).from(users).where(eq(users.teamId, teamId)).orderBy(sql`${users}.rowid`).get()
    ?.id;
}

const fresh = (row: WorkspaceRolesRow | undefined, now: Date): row is WorkspaceRolesRow & { checkedAt: Date } =>
  Boolean(row?.checkedAt && now.getTime() - row.checkedAt.getTime() < ADMIN_CHECK_TTL_MS);

/**
 * Whether this person has admin powers now, and why not. Reads only the database (and whether a check
 * is running): prepareStanding asks Slack beforehand when the answer would depend on it.
 */
export function adminStanding(ctx: Pick<AppContext, 'store' | 'clock'>, db: Queryable, teamId: string, userId: string) {
  const me = findUser(db, teamId, userId);
  const row = workspaceRolesOf(db, teamId);
  if (isSlackAdmin(db, teamId, userId, me, row)) return { admin: true, standIn: false } as const;
  if (me?.isAdmin == null) return { admin: false, why: 'unconfirmed' } as const;
  if (slackNamesAdmin(db, teamId, row) || firstUserId(db, teamId) !== userId)
    return { admin: false, why: 'not_admin' } as const;
  if (fresh(row, ctx.clock.now())) {
    return row.slackHasAdmin === false
      ? ({ admin: true, standIn: true } as const)
      : ({ admin: false, why: 'not_admin' } as const);
  }
  if (running(ctx.store).has(teamId)) return { admin: false, why: 'checking' } as const;
  return { admin: false, why: 'unreachable', detail: row?.checkError ?? null } as const;
}

/** Why someone who might be an admin is not one right now, or null when Slack plainly says they are not. */
export function standingProblem(standing: AdminStanding): string | null {
  if (standing.admin) return null;
  switch (standing.why) {
    case 'not_admin':
      return null;
    case 'unconfirmed':
      return (
        'Slack did not confirm whether you are a workspace admin or owner (it did not answer when asked), so ' +
        'you are not one in dealcoach for now. Try again in a minute.'
      );
    case 'checking':
      return "dealcoach is still asking Slack who this workspace's admins and owners are. Try again in a minute.";
    case 'unreachable':
      return (
        `dealcoach could not ask Slack who this workspace's admins and owners are` +
        `${standing.detail ? ` (${standing.detail})` : ''}, so nobody stands in as admin for now. Try again in a ` +
        'few minutes, or ask a Slack admin or owner to do it.'
      );
  }
}

/** Whether the decision for this person needs Slack's word on the workspace's admins, not yet at hand. */
function needsAdminCheck(db: Queryable, teamId: string, userId: string, now: Date): boolean {
  const me = findUser(db, teamId, userId);
  if (me?.isAdmin !== false) return false;
  const row = workspaceRolesOf(db, teamId);
  if (slackNamesAdmin(db, teamId, row) || fresh(row, now)) return false;
  return firstUserId(db, teamId) === userId;
}

const checks = new WeakMap<Store, Map<string, Promise<void>>>();
function running(store: Store): Map<string, Promise<void>> {
  let map = checks.get(store);
  if (!map) {
    map = new Map();
    checks.set(store, map);
  }
  return map;
}

/** Slack's error as a few words for the person waiting on it. */
function slackProblem(error: unknown): string {
  const err = error as { code?: string; data?: { error?: string }; message?: string };
  if (err?.code === 'slack_webapi_platform_error') return `Slack answered ${err.data?.error ?? 'an error'}`;
  if (err?.code === 'slack_webapi_rate_limited_error') return 'Slack asked us to slow down';
  if (/timeout|timed out/i.test(err?.message ?? '')) return 'Slack did not answer in time';
  return err?.message ? `the request failed: ${err.message.slice(0, 200)}` : 'the request failed';
}

/**
 * Asks Slack (users.list, through the directory) whether the workspace has an admin or owner, and records
 * the answer or the failure. One check per workspace at a time; it never rejects.
 */
export function checkWorkspaceAdmins(ctx: AppContext, teamId: string): Promise<void> {
  const inFlight = running(ctx.store);
  const existing = inFlight.get(teamId);
  if (existing) return existing;
  const directory = ctx.directory;
  const check = (async () => {
    let answer: WorkspaceAdmins | null = null;
    let problem = 'this dealcoach has no way to ask Slack';
    try {
      if (directory?.workspaceAdmins) answer = await directory.workspaceAdmins(teamId);
    } catch (error) {
      problem = slackProblem(error);
    }
    const now = ctx.clock.now();
    try {
      await ctx.store.write((tx) =>
        answer ? recordAnswer(tx, teamId, answer, now, ctx.defaultZone) : recordProblem(tx, teamId, problem, now),
      );
    } catch {
      // The database went away meanwhile (shutting down): the next decision asks again.
    }
  })().finally(() => inFlight.delete(teamId));
  inFlight.set(teamId, check);
  return check;
}

function recordAnswer(tx: Tx, teamId: string, answer: WorkspaceAdmins, now: Date, zone: string): void {
  const row = workspaceRolesOf(tx, teamId);
  const ids = answer.admins.map((a) => a.userId).slice(0, REVIEW_RECIPIENTS);
  // Once named, an admin stays Slack's last word here: a later empty answer never brings a stand-in back.
  const hasAdmin = ids.length > 0 || row?.slackHasAdmin === true;
  const values = {
    checkedAt: now,
    slackHasAdmin: hasAdmin,
    slackAdminIds: ids.length ? ids : (row?.slackAdminIds ?? []),
    checkError: null,
  };
  tx.insert(workspaceRoles)
    .values({ teamId, ...values })
    .onConflictDoUpdate({ target: workspaceRoles.teamId, set: values })
    .run();
  if (hasAdmin) settleStandInTx(tx, teamId, now, zone);
}

function recordProblem(tx: Tx, teamId: string, problem: string, now: Date): void {
  const values = { checkFailedAt: now, checkError: problem };
  tx.insert(workspaceRoles)
    .values({ teamId, ...values })
    .onConflictDoUpdate({ target: workspaceRoles.teamId, set: values })
    .run();
}

/**
 * Before a decision that may make this person the stand-in: asks Slack whether the workspace has an admin,
 * when the answer at hand is too old. Waits at most `waitMs` (the check goes on and is recorded after).
 */
export async function prepareStanding(
  ctx: AppContext,
  teamId: string,
  userId: string,
  options: { waitMs?: number } = {},
): Promise<void> {
  await settleStandIn(ctx, teamId);
  if (!needsAdminCheck(ctx.store.db, teamId, userId, ctx.clock.now())) return;
  const check = checkWorkspaceAdmins(ctx, teamId);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.waitMs ?? ADMIN_CHECK_WAIT_MS);
  });
  await Promise.race([check, waited]);
  clearTimeout(timer);
}

/** Records that `userId` acted with stand-in powers in this workspace (the first to do so is the stand-in). */
export function noteStandIn(tx: Tx, teamId: string, userId: string): void {
  tx.insert(workspaceRoles)
    .values({ teamId, standInId: userId })
    .onConflictDoUpdate({
      target: workspaceRoles.teamId,
      set: { standInId: sql`coalesce(${workspaceRoles.standInId}, ${userId})` },
    })
    .run();
}

export interface NewStandInGrant {
  teamId: string;
  kind: StandInGrantKind;
  userId: string;
  salesTeamId: number | null;
  teamName: string | null;
  role?: Role | null;
  grantedBy: string;
  auditEventId: number;
  at: Date;
}

/** A role granted under stand-in powers: kept in effect, and listed for review when the powers end. */
export function recordStandInGrant(tx: Tx, grant: NewStandInGrant): void {
  noteStandIn(tx, grant.teamId, grant.grantedBy);
  tx.insert(standInGrants)
    .values({
      teamId: grant.teamId,
      kind: grant.kind,
      userId: grant.userId,
      salesTeamId: grant.salesTeamId,
      teamName: grant.teamName,
      role: grant.role ?? null,
      grantedBy: grant.grantedBy,
      grantedAt: grant.at,
      auditEventId: grant.auditEventId,
    })
    .run();
}

export function pendingStandInGrants(db: Queryable, teamId: string): StandInGrantRow[] {
  return db
    .select()
    .from(standInGrants)
    .where(and(eq(standInGrants.teamId, teamId), eq(standInGrants.status, 'pending')))
    .orderBy(asc(standInGrants.grantedAt), asc(standInGrants.id))
    .all();
}

/** What the stand-in changed while standing in that is not a grant (audit events marked, not tied to one). */
function otherStandInChanges(db: Queryable, teamId: string): StandInChangeLine[] {
  const grantEvents = db
    .select({ id: standInGrants.auditEventId })
    .from(standInGrants)
    .where(and(eq(standInGrants.teamId, teamId), isNotNull(standInGrants.auditEventId)))
    .all()
    .map((g) => g.id as number);
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.teamId, teamId),
        sql`json_extract(${auditEvents.details}, ${`$.${STAND_IN_MARK}`}) = 1`,
        grantEvents.length ? notInArray(auditEvents.id, grantEvents) : undefined,
      ),
    )
    .orderBy(asc(auditEvents.at), asc(auditEvents.id))
    .limit(50)
    .all()
    .map((e) => ({ at: e.at, action: e.action, subject: e.subject, details: e.details ?? null }));
}

/**
 * Ends stand-in powers when Slack has named an admin or owner (users.list found one, or users.info said so
 * when one used dealcoach): records when and why, audits it, and queues the review DM to Slack's admins,
 * once (outbox keys). Nothing happens when nobody stood in or the powers already ended.
 */
export function settleStandInTx(tx: Tx, teamId: string, now: Date, defaultZone: string): boolean {
  const row = workspaceRolesOf(tx, teamId);
  if (!row?.standInId || row.standInEndedAt) return false;
  const admins = namedAdmins(tx, teamId, row);
  const first = admins[0];
  if (!first) return false;
  tx.update(workspaceRoles)
    .set({ standInEndedAt: now, standInEndReason: first.how })
    .where(eq(workspaceRoles.teamId, teamId))
    .run();
  const grants = pendingStandInGrants(tx, teamId);
  const otherChanges = otherStandInChanges(tx, teamId);
  recordAudit(tx, {
    teamId,
    actorId: first.userId,
    action: 'standin.end',
    subject: 'role',
    details: { standInId: row.standInId, admin: first.userId, how: first.how, grants: grants.length },
    at: now,
  });
  if (!grants.length && !otherChanges.length) return true;
  for (const { userId } of admins.slice(0, REVIEW_RECIPIENTS)) {
    const zone = findUser(tx, teamId, userId)?.timezone ?? defaultZone;
    const messages = standInReviewMessages({
      standInId: row.standInId,
      namedAdmin: first.userId,
      how: first.how,
      grants,
      otherChanges,
      now,
      zone,
    });
    messages.forEach((payload, index) => {
      tx.insert(outbox)
        .values({
          teamId,
          key: `stand-in-review:${userId}:${index + 1}`,
          kind: 'stand_in_review',
          recipient: userId,
          payload,
          nextAttemptAt: now,
          createdAt: now,
        })
        .onConflictDoNothing()
        .run();
    });
  }
  return true;
}

/** settleStandInTx in its own short write, only when there is something to settle. */
export async function settleStandIn(ctx: AppContext, teamId: string): Promise<boolean> {
  const row = workspaceRolesOf(ctx.store.db, teamId);
  if (!row?.standInId || row.standInEndedAt || !namedAdmins(ctx.store.db, teamId, row).length) return false;
  return ctx.store.write((tx) => settleStandInTx(tx, teamId, ctx.clock.now(), ctx.defaultZone));
}

/**
 * The scheduled look at every workspace whose stand-in still has powers: ended when Slack has named an
 * admin since, else Slack is asked again once the last answer is older than STAND_IN_RECHECK_MS. Returns
 * the workspaces whose stand-in powers ended.
 */
export async function reviewStandIns(ctx: AppContext): Promise<string[]> {
  const active = ctx.store.db
    .select()
    .from(workspaceRoles)
    .where(and(isNotNull(workspaceRoles.standInId), isNull(workspaceRoles.standInEndedAt)))
    .all();
  const ended: string[] = [];
  for (const row of active) {
    if (await settleStandIn(ctx, row.teamId)) {
      ended.push(row.teamId);
      continue;
    }
    if (row.checkedAt && ctx.clock.now().getTime() - row.checkedAt.getTime() < STAND_IN_RECHECK_MS) continue;
    await checkWorkspaceAdmins(ctx, row.teamId);
    if (workspaceRolesOf(ctx.store.db, row.teamId)?.standInEndedAt) ended.push(row.teamId);
  }
  return ended;
}
