// The one home of every deal transition: create, edit, note, touch, reply, snooze, commit, fire,
// close (won/lost), reopen, nurture. Slack commands, buttons, forms, the console and the CSV import
// call only these. Each runs in the caller's transaction, writes its own rows, returns the updated
// deal, retires what the new state makes stale (pending drafts, open episodes, open commitments) and
// refuses what the state forbids with a DealEventRefused whose message the rep can act on.
import { oneLine } from '../domain/text.js';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { companyKey, insertActivity, insertCommitment, type NewDeal } from '../db/deals.js';
import type Database from 'better-sqlite3';
import { connectionOf, type Queryable } from '../db/index.js';

/** The caller's open transaction (or, in the CSV import, the connection inside its own BEGIN). */
type Tx = Queryable;
import {
  commitments,
  deals,
  drafts,
  silenceEpisodes,
  type CommitmentRow,
  type DealRow,
  type EpisodeRow,
} from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { episodeDay, stepForTouch, type CadenceStep } from '../domain/silence.js';
import {
  DRAFT_KIND_NAMES,
  isClosed,
  type Channel,
  type ClosedState,
  type DealState,
  type DraftKind,
  type EpisodeOutcome,
  type Forecast,
} from '../domain/vocabulary.js';
import { settingsForOwner } from './team-settings.js';

/** The state forbids the event: nothing was written; the message says why and what to do instead. */
export class DealEventRefused extends Error {
  override readonly name = 'DealEventRefused';
}

const STATE_WORDS: Record<DealState, string> = {
  active: 'active',
  silent: 'silent',
  fired: 'fired (you sent the goodbye)',
  nurture: 'in nurture',
  won: 'won',
  lost: 'lost',
};

function refuseWhenClosed(deal: DealRow, what: string): void {
  if (isClosed(deal.state)) {
    throw new DealEventRefused(
      `${deal.company} is ${deal.state}: ${what}. Reopen it first with \`/deal reopen ${deal.company}\` if it is ` +
        `live again.`,
    );
  }
}

/** The scan looks at a deal again from this instant: 0 is due at any scan, even one replayed from the past. */
const CHECK_AT_NEXT_SCAN = new Date(0);

/**
 * Writes the deal's changed columns and returns the deal as it now is. Any change puts the deal
 * back in the next scan, which then works out when it next needs a look (next_check_at).
 */
function applyChanges(tx: Tx, deal: DealRow, edits: Partial<NewDeal>): DealRow {
  const changes: Partial<NewDeal> = { ...edits, nextCheckAt: CHECK_AT_NEXT_SCAN };
  tx.update(deals)
    .set(changes)
    .where(and(eq(deals.teamId, deal.teamId), eq(deals.id, deal.id)))
    .run();
  return { ...deal, ...changes } as DealRow;
}

function logUpdate(tx: Tx, actorId: string, deal: DealRow, note: string, now: Date): void {
  insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'update', note, at: now });
}

// ---------------------------------------------------------------------------------------------
// Episodes and drafts: what a transition retires.

export function openEpisodeOf(db: Queryable, teamId: string, dealId: number): EpisodeRow | undefined {
  return db
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNull(silenceEpisodes.endedAt)))
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

function lastFiredEpisode(db: Queryable, teamId: string, dealId: number): EpisodeRow | undefined {
  return db
    .select()
    .from(silenceEpisodes)
    .where(
      and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNotNull(silenceEpisodes.firedAt)),
    )
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

/** The latest episode the prospect came back from, if any. */
export function lastRevivedEpisode(db: Queryable, teamId: string, dealId: number): EpisodeRow | undefined {
  return db
    .select()
    .from(silenceEpisodes)
    .where(
      and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNotNull(silenceEpisodes.revivedAt)),
    )
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

/** Ends the deal's open silence episode, if any, with an outcome; its pending drafts stop acting. */
function endOpenEpisode(
  tx: Tx,
  deal: DealRow,
  outcome: EpisodeOutcome,
  reason: string | null,
  at: Date,
  marks: { firedAt?: Date } = {},
): EpisodeRow | undefined {
  const episode = openEpisodeOf(tx, deal.teamId, deal.id);
  if (!episode) return undefined;
  tx.update(silenceEpisodes)
    .set({ endedAt: at, outcome, outcomeReason: reason, ...marks })
    .where(eq(silenceEpisodes.id, episode.id))
    .run();
  tx.update(drafts)
    .set({ status: 'superseded', decidedAt: at })
    .where(and(eq(drafts.episodeId, episode.id), eq(drafts.status, 'pending')))
    .run();
  return episode;
}

/** Every pending draft of the deal: used when the deal leaves the pipeline (goodbye, won, lost). */
function retireAllDrafts(tx: Tx, deal: DealRow, at: Date): number {
  return tx
    .update(drafts)
    .set({ status: 'superseded', decidedAt: at })
    .where(and(eq(drafts.teamId, deal.teamId), eq(drafts.dealId, deal.id), eq(drafts.status, 'pending')))
    .run().changes;
}

function cancelOpenCommitments(tx: Tx, deal: DealRow, at: Date): number {
  return tx
    .update(commitments)
    .set({ status: 'cancelled', resolvedAt: at })
    .where(and(eq(commitments.teamId, deal.teamId), eq(commitments.dealId, deal.id), eq(commitments.status, 'open')))
    .run().changes;
}

/** Marks one cadence step of an episode done, and notes an accountability message when it was one. */
export function markStepDone(tx: Tx, episode: EpisodeRow, step: CadenceStep, at: Date): void {
  const steps = { ...(episode.steps ?? {}) };
  const before = steps[step.step] ?? { offers: 0, lastOfferedOn: null, done: false, skipped: false };
  steps[step.step] = { ...before, done: true };
  const doneCount = Object.values(steps).filter((s) => s.done).length;
  const accountability = step.kind === 'message' && !episode.accountabilityAt ? { accountabilityAt: at } : {};
  tx.update(silenceEpisodes)
    .set({ steps, stepsDone: doneCount, ...accountability })
    .where(eq(silenceEpisodes.id, episode.id))
    .run();
}

/** An accountability email sent outside its cadence step still counts as "accountability asked". */
export function markAccountabilityAsked(tx: Tx, deal: DealRow, at: Date): void {
  const episode = openEpisodeOf(tx, deal.teamId, deal.id);
  if (episode && !episode.accountabilityAt) {
    tx.update(silenceEpisodes).set({ accountabilityAt: at }).where(eq(silenceEpisodes.id, episode.id)).run();
  }
}

/** One-line fields are stored on one line, so no name or promise can forge lines where it is shown. */
const oneLineOrNull = (text: string | null | undefined) => (text == null ? null : oneLine(text) || null);

// ---------------------------------------------------------------------------------------------
// The transitions.

export interface NewDealInput {
  teamId: string;
  ownerId: string;
  company: string;
  contactName?: string | null;
  contactEmail?: string | null;
  greetAs?: string | null;
  valueMinor?: number | null;
  currency?: string | null;
  stage?: DealRow['stage'] | null;
  forecast?: Forecast | null;
  prospectGoal?: string | null;
  externalId?: string | null;
  state?: DealState;
  lostReason?: string | null;
  followUpOn?: string | null;
  snoozedUntil?: Date | null;
  lastInboundAt?: Date | null;
  lastOutboundAt?: Date | null;
  lastActivityAt?: Date | null;
  closedAt?: Date | null;
  createdAt?: Date | null;
}

// Creating deals is the CSV import's hot path (100,000 rows in a few seconds): prepared statements,
// cached per connection, instead of drizzle's per-call query building.
const creationStatements = new WeakMap<Database.Database, ReturnType<typeof prepareCreation>>();

function prepareCreation(sqlite: Database.Database) {
  const columns = [
    'team_id',
    'owner_id',
    'company',
    'company_key',
    'contact_name',
    'contact_email',
    'greet_as',
    'value_minor',
    'currency',
    'stage',
    'forecast',
    'prospect_goal',
    'external_id',
    'state',
    'lost_reason',
    'follow_up_on',
    'snoozed_until',
    'last_inbound_at',
    'last_outbound_at',
    'last_activity_at',
    'closed_at',
    'created_at',
    'updated_at',
  ];
  return {
    user: sqlite.prepare('INSERT OR IGNORE INTO users (team_id, slack_id, created_at) VALUES (?, ?, ?)'),
    clash: sqlite.prepare('SELECT id, company FROM deals WHERE team_id = ? AND owner_id = ? AND company_key = ?'),
    deal: sqlite.prepare(
      `INSERT INTO deals (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    ),
    activity: sqlite.prepare(
      "INSERT INTO activities (team_id, deal_id, actor_id, direction, note, at) VALUES (?, ?, ?, 'update', ?, ?)",
    ),
  };
}

const ms = (date: Date | null | undefined): number | null => (date ? date.getTime() : null);

/**
 * A new deal for its owner (whose user row is created on first sight); returns its id. One deal per
 * company per rep. createDeal is the same, returning the row.
 */
export function createDealId(tx: Tx, actorId: string, given: NewDealInput, now: Date, note = 'deal created'): number {
  const input = { ...given, company: oneLine(given.company), contactName: oneLineOrNull(given.contactName) };
  const sqlite = connectionOf(tx);
  let sql = creationStatements.get(sqlite);
  if (!sql) creationStatements.set(sqlite, (sql = prepareCreation(sqlite)));
  const nowMs = now.getTime();
  sql.user.run(input.teamId, input.ownerId, nowMs);
  const key = companyKey(input.company);
  const state = input.state ?? 'active';
  // One deal per company per rep is the unique index deals_owner_company: the insert itself finds a
  // clash (no SELECT first, which cost the import a tenth of its time), and only then is it named.
  const clashOr = (error: unknown): unknown => {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    const clash = sql.clash.get(input.teamId, input.ownerId, key) as { id: number; company: string } | undefined;
    if (!clash) return error;
    return new DealEventRefused(
      `You already have a deal with ${clash.company} (#${clash.id}). Update it with /deal stage, value, ` +
        `forecast or contact.`,
    );
  };
  let inserted: Database.RunResult;
  try {
    inserted = sql.deal.run({
      team_id: input.teamId,
      owner_id: input.ownerId,
      company: input.company.trim(),
      company_key: key,
      contact_name: input.contactName ?? null,
      contact_email: input.contactEmail ?? null,
      greet_as: oneLineOrNull(input.greetAs) ?? null,
      value_minor: input.valueMinor ?? null,
      currency: input.currency ?? 'USD',
      stage: input.stage ?? 'prospecting',
      forecast: input.forecast ?? 'pipeline',
      prospect_goal: input.prospectGoal ?? null,
      external_id: input.externalId ?? null,
      state,
      lost_reason: input.lostReason ?? null,
      follow_up_on: input.followUpOn ?? null,
      snoozed_until: ms(input.snoozedUntil),
      last_inbound_at: ms(input.lastInboundAt),
      last_outbound_at: ms(input.lastOutboundAt),
      last_activity_at: input.lastActivityAt === undefined ? nowMs : ms(input.lastActivityAt),
      closed_at: isClosed(state) ? (ms(input.closedAt) ?? nowMs) : null,
      created_at: ms(input.createdAt) ?? nowMs,
      updated_at: nowMs,
    });
  } catch (error) {
    throw clashOr(error);
  }
  const id = Number(inserted.lastInsertRowid);
  sql.activity.run(input.teamId, id, actorId, note, nowMs);
  return id;
}

export function createDeal(tx: Tx, actorId: string, input: NewDealInput, now: Date, note = 'deal created'): DealRow {
  const id = createDealId(tx, actorId, input, now, note);
  return tx.select().from(deals).where(eq(deals.id, id)).get()!;
}

/** Fields a rep (or an import) may change without changing the deal's state. */
export type DealEdits = Partial<
  Pick<
    NewDeal,
    | 'company'
    | 'ownerId'
    | 'contactName'
    | 'contactEmail'
    | 'greetAs'
    | 'valueMinor'
    | 'currency'
    | 'stage'
    | 'forecast'
    | 'prospectGoal'
    | 'externalId'
    | 'lostReason'
    | 'followUpOn'
    | 'snoozedUntil'
    | 'lastInboundAt'
    | 'lastOutboundAt'
    | 'lastActivityAt'
    | 'createdAt'
  >
>;

/**
 * Changes fields (stage, value, forecast, contact, goal...) and logs `note`. Edits are not outreach:
 * a snooze stays. A fired deal's forecast stays out until the rep reopens it.
 */
export function editDeal(tx: Tx, actorId: string, deal: DealRow, edits: DealEdits, now: Date, note: string): DealRow {
  if (edits.forecast && edits.forecast !== 'omitted' && deal.state === 'fired') {
    throw new DealEventRefused(
      `${deal.company} is fired (you sent the goodbye), so it is out of the forecast. ` +
        `If they are back, log it with \`/deal reply ${deal.company}\`; to reopen it on purpose, \`/deal reopen ` +
        `${deal.company}\`.`,
    );
  }
  const changes: Partial<NewDeal> = { ...edits, updatedAt: now, lastActivityAt: now };
  if (edits.company) changes.company = oneLine(edits.company);
  if (edits.contactName !== undefined) changes.contactName = oneLineOrNull(edits.contactName);
  if (edits.greetAs !== undefined) changes.greetAs = oneLineOrNull(edits.greetAs);
  if (changes.company) changes.companyKey = companyKey(changes.company);
  const updated = applyChanges(tx, deal, changes);
  logUpdate(tx, actorId, deal, note, now);
  return updated;
}

/** An internal note: history only, the deal's state and snooze stay. */
export function addNote(tx: Tx, actorId: string, deal: DealRow, text: string, now: Date): DealRow {
  insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'note', note: text, at: now });
  return applyChanges(tx, deal, { updatedAt: now, lastActivityAt: now });
}

export interface TouchInput {
  channel: Channel;
  leftMessage: boolean | null;
  note: string | null;
  /** The cadence step this touch is for, when the rep pressed "Done" on it. */
  step?: CadenceStep;
}

export interface TouchResult {
  deal: DealRow;
  /** The step the touch completed, if any. */
  completed: CadenceStep | null;
  /** The snooze this outreach ended, if there was one. */
  snoozeCancelled: boolean;
}

/** How close (ms) an earlier event may be for two events to count as one instant, typed one after the other. */
const SAME_INSTANT_MS = 1000;

/**
 * When an event that follows `earlier` ones is recorded: `now`, or 1 ms after the latest of them when they
 * share the instant (two commands in one millisecond, the console's simulated time). The silence rules order
 * replies, touches and promises by these times, so a touch logged right after a reply must be after it.
 * An earlier event further in the future (an import, a clock set back) leaves `now` as it is.
 */
function recordedAfter(now: Date, earlier: Array<Date | null | undefined>): Date {
  const latest = Math.max(...earlier.map((at) => at?.getTime() ?? Number.NEGATIVE_INFINITY));
  const ahead = latest - now.getTime();
  return ahead >= 0 && ahead < SAME_INSTANT_MS ? new Date(latest + 1) : now;
}

/** Outreach or a reply ends a snooze: the deal is live again. */
function snoozeEnd(deal: DealRow, now: Date): { changes: Partial<NewDeal>; cancelled: boolean } {
  if (!deal.snoozedUntil) return { changes: {}, cancelled: false };
  return { changes: { snoozedUntil: null, snoozeReason: null }, cancelled: deal.snoozedUntil > now };
}

/**
 * Logs an outbound touch; it completes the matching cadence step of an open episode. After the
 * goodbye a touch is refused: the rep reopens on purpose first (reopenDeal).
 */
export function recordTouch(tx: Tx, actorId: string, deal: DealRow, input: TouchInput, at: Date): TouchResult {
  if (deal.state === 'fired') {
    throw new DealEventRefused(
      `You said goodbye to ${deal.company}: the next move is theirs. Reopen it on purpose first if you mean to call.`,
    );
  }
  // A touch logged right after their reply is one they have not answered.
  const now = recordedAfter(at, [deal.lastInboundAt]);
  insertActivity(tx, {
    teamId: deal.teamId,
    dealId: deal.id,
    actorId,
    direction: 'out',
    channel: input.channel,
    leftMessage: input.leftMessage,
    note: input.note,
    at: now,
  });
  const snooze = snoozeEnd(deal, now);
  let completed: CadenceStep | null = null;
  const episode = openEpisodeOf(tx, deal.teamId, deal.id);
  if (episode) {
    const settings = settingsForOwner(tx, deal.teamId, deal.ownerId);
    const calendar = calendarFor(settings.calendar);
    const day = episodeDay(episode.startedOn, { now: now.getTime(), calendar });
    completed = input.step ?? stepForTouch(settings.cadence, episode.steps ?? {}, day, input.channel);
    if (completed) markStepDone(tx, episode, completed, now);
  }
  const updated = applyChanges(tx, deal, {
    lastOutboundAt: now,
    lastActivityAt: now,
    updatedAt: now,
    ...snooze.changes,
  });
  return { deal: updated, completed, snoozeCancelled: snooze.cancelled };
}

export interface ReplyResult {
  deal: DealRow;
  /** The deal was silent, fired or in nurture and is live again. */
  revived: boolean;
  snoozeCancelled: boolean;
}

/** The prospect answered: the silence (or the goodbye) is over and the cadence resets. */
export function recordReply(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  input: { channel: Channel | null; note: string | null },
  at: Date,
): ReplyResult {
  // A reply logged right after a promise answers it.
  const promisedAt = tx
    .select({ madeAt: commitments.madeAt })
    .from(commitments)
    .where(and(eq(commitments.teamId, deal.teamId), eq(commitments.dealId, deal.id), eq(commitments.status, 'open')))
    .all()
    .map((c) => c.madeAt);
  const now = recordedAfter(at, promisedAt);
  insertActivity(tx, {
    teamId: deal.teamId,
    dealId: deal.id,
    actorId,
    direction: 'in',
    channel: input.channel,
    note: input.note,
    at: now,
  });
  const snooze = snoozeEnd(deal, now);
  const changes: Partial<NewDeal> = { lastInboundAt: now, lastActivityAt: now, updatedAt: now, ...snooze.changes };
  const revived = deal.state === 'silent' || deal.state === 'fired' || deal.state === 'nurture';
  if (revived) {
    changes.state = 'active';
    if (deal.state === 'fired') {
      // Back from a goodbye: back in the pipeline, but not in commit until the rep says so.
      changes.forecast = 'pipeline';
      logUpdate(tx, actorId, deal, 'revived after the goodbye message', now);
    }
    if (deal.state === 'nurture') changes.followUpOn = null;
    const ended = endOpenEpisode(tx, deal, 'replied', input.note, now);
    // The episode they came back from: the one just ended, or the one that ended with the goodbye.
    const from = ended ?? (deal.state === 'fired' ? lastFiredEpisode(tx, deal.teamId, deal.id) : undefined);
    if (from) tx.update(silenceEpisodes).set({ revivedAt: now }).where(eq(silenceEpisodes.id, from.id)).run();
  }
  return { deal: applyChanges(tx, deal, changes), revived, snoozeCancelled: snooze.cancelled };
}

/** Pauses a deal: its open episode ends as snoozed; the silence rules look again afterwards. */
export function recordSnooze(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  until: Date,
  reason: string | null,
  now: Date,
  describeUntil: string = until.toISOString().slice(0, 10),
): DealRow {
  refuseWhenClosed(deal, 'there is nothing to snooze');
  if (deal.state === 'fired') {
    throw new DealEventRefused(
      `${deal.company} is fired: you get no reminders about it already, so there is nothing to snooze.`,
    );
  }
  logUpdate(tx, actorId, deal, `snoozed until ${describeUntil}${reason ? `: ${reason}` : ''}`, now);
  const ended = endOpenEpisode(tx, deal, 'snoozed', reason, now);
  const wake = ended || deal.state === 'silent' ? { state: 'active' as const } : {};
  return applyChanges(tx, deal, {
    snoozedUntil: until,
    snoozeReason: reason,
    updatedAt: now,
    lastActivityAt: now,
    ...wake,
  });
}

/**
 * What the prospect promised, by when (YYYY-MM-DD in the rep's zone). With the zone, a due date
 * before the deal existed is refused (the grammar already refuses past and far-off dates).
 */
export function recordCommitment(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  given: { text: string; dueOn: string; zone?: string },
  now: Date,
): { deal: DealRow; commitment: CommitmentRow } {
  const input = { ...given, text: oneLine(given.text) };
  refuseWhenClosed(deal, 'promises on a closed deal are not followed up');
  if (input.zone) {
    const created = DateTime.fromJSDate(deal.createdAt, { zone: input.zone });
    if (input.dueOn < created.toISODate()!) {
      const day = (d: DateTime) => d.toFormat('ccc, LLL d, yyyy');
      throw new DealEventRefused(
        `${day(DateTime.fromISO(input.dueOn, { zone: input.zone }))} is before ${deal.company} was added ` +
          `(${day(created)}): give the date they promised since then.`,
      );
    }
  }
  const same = tx
    .select({ id: commitments.id })
    .from(commitments)
    .where(
      and(
        eq(commitments.teamId, deal.teamId),
        eq(commitments.dealId, deal.id),
        eq(commitments.status, 'open'),
        eq(commitments.text, input.text),
        eq(commitments.dueOn, input.dueOn),
      ),
    )
    .get();
  if (same) {
    throw new DealEventRefused(
      `That promise is already logged on ${deal.company}: nothing was added twice. ` +
        `\`/deal kept ${deal.company}\` marks it kept; \`/deal commit ${deal.company} cancel\` drops it.`,
    );
  }
  const commitment = insertCommitment(tx, {
    teamId: deal.teamId,
    dealId: deal.id,
    text: input.text,
    dueOn: input.dueOn,
    madeAt: now,
  });
  insertActivity(tx, {
    teamId: deal.teamId,
    dealId: deal.id,
    actorId,
    direction: 'note',
    note: `they committed: “${input.text}” by ${input.dueOn}`,
    at: now,
  });
  return { deal: applyChanges(tx, deal, { updatedAt: now, lastActivityAt: now }), commitment };
}

/**
 * The promise a `kept` or `cancel` without an id is about: the open one due first (for kept) or the
 * last one logged (for cancel, usually a mistake just typed); for kept, else the last broken one
 * (the scan marks an overdue promise broken; their reply may say it happened after all).
 */
function promiseFor(tx: Tx, deal: DealRow, use: 'kept' | 'cancel', commitmentId?: number): CommitmentRow {
  const rows = tx
    .select()
    .from(commitments)
    .where(and(eq(commitments.teamId, deal.teamId), eq(commitments.dealId, deal.id)))
    .orderBy(commitments.dueOn, commitments.id)
    .all();
  if (commitmentId !== undefined) {
    const row = rows.find((c) => c.id === commitmentId);
    if (!row) throw new DealEventRefused(`That promise is not one of ${deal.company}'s: nothing changed.`);
    const allowed = use === 'kept' ? ['open', 'broken'] : ['open'];
    if (!allowed.includes(row.status)) {
      throw new DealEventRefused(`“${row.text}” is already ${row.status}: nothing changed.`);
    }
    return row;
  }
  const open = rows.filter((c) => c.status === 'open');
  const chosen =
    use === 'kept'
      ? (open[0] ??
        rows
          .filter((c) => c.status === 'broken')
          .sort((a, b) => a.id - b.id)
          .at(-1))
      : [...open].sort((a, b) => a.id - b.id).at(-1);
  if (!chosen) {
    throw new DealEventRefused(
      `${deal.company} has no ${use === 'kept' ? 'open or broken' : 'open'} promise: nothing changed. ` +
        `Log one with \`/deal commit ${deal.company} "what they promised" by <date>\`.`,
    );
  }
  return chosen;
}

function resolvePromise(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  promise: CommitmentRow,
  status: 'kept' | 'cancelled',
  now: Date,
): { deal: DealRow; commitment: CommitmentRow } {
  tx.update(commitments).set({ status, resolvedAt: now }).where(eq(commitments.id, promise.id)).run();
  const words = status === 'kept' ? 'they kept their promise' : 'promise cancelled';
  logUpdate(tx, actorId, deal, `${words}: “${promise.text}” (due ${promise.dueOn})`, now);
  // The silence this promise opened is over once it is kept: no accountability email follows.
  // (A cancelled one leaves the silence as it is: nobody answered.)
  const episode = openEpisodeOf(tx, deal.teamId, deal.id);
  const wake: Partial<NewDeal> = {};
  if (status === 'kept' && episode && episode.commitmentId === promise.id) {
    endOpenEpisode(tx, deal, 'replied', words, now);
    if (deal.state === 'silent') wake.state = 'active';
  }
  return {
    deal: applyChanges(tx, deal, { updatedAt: now, lastActivityAt: now, ...wake }),
    commitment: { ...promise, status, resolvedAt: now },
  };
}

/** They did what they promised: an open promise (or one the scan marked broken) becomes kept. */
export function keepCommitment(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  now: Date,
  commitmentId?: number,
): { deal: DealRow; commitment: CommitmentRow } {
  return resolvePromise(tx, actorId, deal, promiseFor(tx, deal, 'kept', commitmentId), 'kept', now);
}

/** The promise no longer stands (logged by mistake, or plans changed): no reminder will follow it. */
export function cancelCommitment(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  now: Date,
  commitmentId?: number,
): { deal: DealRow; commitment: CommitmentRow } {
  return resolvePromise(tx, actorId, deal, promiseFor(tx, deal, 'cancel', commitmentId), 'cancelled', now);
}

/** Refuses a draft the deal's state makes pointless or harmful (a goodbye after the goodbye, any on a closed deal). */
export function assertCanDraft(deal: DealRow, kind: DraftKind): void {
  const name = DRAFT_KIND_NAMES[kind];
  if (isClosed(deal.state)) {
    throw new DealEventRefused(
      `${deal.company} is ${deal.state}: no ${name} is needed. Reopen it first if it is live again.`,
    );
  }
  if (deal.state === 'fired') {
    throw new DealEventRefused(
      `You already said goodbye to ${deal.company}: the next move is theirs, so no ${name}. ` +
        `If they answer, log it with \`/deal reply ${deal.company}\`.`,
    );
  }
}

/** The goodbye was sent: out of the forecast (its category kept), no more reminders. */
export function fireDeal(tx: Tx, actorId: string, deal: DealRow, now: Date): DealRow {
  refuseWhenClosed(deal, 'there is nobody to say goodbye to');
  if (deal.state === 'fired')
    throw new DealEventRefused(`You already said goodbye to ${deal.company}: nothing changed.`);
  endOpenEpisode(tx, deal, 'fired', null, now, { firedAt: now });
  retireAllDrafts(tx, deal, now);
  logUpdate(tx, actorId, deal, `fired: goodbye-for-now sent; out of the forecast (was ${deal.forecast})`, now);
  return applyChanges(tx, deal, {
    state: 'fired',
    forecastBeforeFire: deal.forecast === 'omitted' ? deal.forecastBeforeFire : deal.forecast,
    forecast: 'omitted',
    snoozedUntil: null,
    snoozeReason: null,
    followUpOn: null,
    updatedAt: now,
    lastActivityAt: now,
  });
}

export interface CloseOptions {
  /** When the deal closed, if not now (an import's close date). */
  closedAt?: Date;
  /** The history line; default "won" / "lost: <reason>". */
  note?: string;
}

/** Won or lost: the episode ends with that outcome, open promises are cancelled, drafts retired. */
export function closeDeal(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  outcome: ClosedState,
  reason: string | null,
  now: Date,
  options: CloseOptions = {},
): DealRow {
  if (deal.state === outcome) throw new DealEventRefused(`${deal.company} is already ${outcome}: nothing changed.`);
  endOpenEpisode(tx, deal, outcome, outcome === 'lost' ? reason : null, now);
  cancelOpenCommitments(tx, deal, now);
  retireAllDrafts(tx, deal, now);
  logUpdate(tx, actorId, deal, options.note ?? (outcome === 'won' ? 'won' : `lost${reason ? `: ${reason}` : ''}`), now);
  return applyChanges(tx, deal, {
    state: outcome,
    closedAt: options.closedAt ?? now,
    lostReason: outcome === 'lost' ? reason : null,
    snoozedUntil: null,
    snoozeReason: null,
    followUpOn: null,
    updatedAt: now,
    lastActivityAt: now,
  });
}

/**
 * Back in the pipeline on purpose: a closed deal reopened, or a fired one the rep decides to work
 * again (forecast: pipeline until they say otherwise).
 */
export function reopenDeal(tx: Tx, actorId: string, deal: DealRow, now: Date, note?: string): DealRow {
  if (deal.state === 'active' || deal.state === 'silent') {
    throw new DealEventRefused(`${deal.company} is ${STATE_WORDS[deal.state]}, not closed: nothing to reopen.`);
  }
  const changes: Partial<NewDeal> = { state: 'active', updatedAt: now, lastActivityAt: now };
  if (deal.state === 'fired') changes.forecast = 'pipeline';
  if (isClosed(deal.state)) Object.assign(changes, { closedAt: null, lostReason: null });
  if (deal.state === 'nurture') {
    changes.followUpOn = null;
    endOpenEpisode(tx, deal, 'reopened', null, now);
  }
  logUpdate(tx, actorId, deal, note ?? `reopened on purpose (was ${STATE_WORDS[deal.state]})`, now);
  return applyChanges(tx, deal, changes);
}

/** Parked until a follow-up date the prospect asked for; reminded then, nothing until then. */
export function nurtureDeal(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  followUpOn: string,
  reason: string | null,
  now: Date,
): DealRow {
  refuseWhenClosed(deal, 'there is nothing to follow up');
  endOpenEpisode(tx, deal, 'nurture', reason, now);
  logUpdate(tx, actorId, deal, `in nurture until ${followUpOn}${reason ? `: ${reason}` : ''}`, now);
  return applyChanges(tx, deal, {
    state: 'nurture',
    followUpOn,
    forecast: deal.state === 'fired' ? 'pipeline' : deal.forecast,
    snoozedUntil: null,
    snoozeReason: null,
    updatedAt: now,
    lastActivityAt: now,
  });
}
