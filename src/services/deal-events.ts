// The one home of every deal transition: create, edit, note, touch, reply, snooze, commit, fire,
// close (won/lost), reopen, nurture. Slack commands, buttons, forms, the console and the CSV import
// call only these. Each runs in the caller's transaction, writes its own rows, returns the updated
// deal, retires what the new state makes stale (pending drafts, open episodes, open commitments) and
// refuses what the state forbids with a DealEventRefused whose message the rep can act on.
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { companyKey, insertActivity, insertCommitment, type NewDeal } from '../db/deals.js';
import type { Queryable } from '../db/index.js';

/** The caller's open transaction (or, in the CSV import, the connection inside its own BEGIN). */
type Tx = Queryable;
import {
  commitments,
  deals,
  drafts,
  silenceEpisodes,
  users,
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
      `${deal.company} is ${deal.state}: ${what}. Reopen it first with \`/deal reopen ${deal.company}\` if it is live again.`,
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
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNotNull(silenceEpisodes.firedAt)))
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

/** The latest episode the prospect came back from, if any. */
export function lastRevivedEpisode(db: Queryable, teamId: string, dealId: number): EpisodeRow | undefined {
  return db
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNotNull(silenceEpisodes.revivedAt)))
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

// ---------------------------------------------------------------------------------------------
// The transitions.

export interface NewDealInput {
  teamId: string;
  ownerId: string;
  company: string;
  contactName?: string | null;
  contactEmail?: string | null;
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

/** A new deal for its owner (whose user row is created on first sight). One deal per company per rep. */
export function createDeal(tx: Tx, actorId: string, input: NewDealInput, now: Date, note = 'deal created'): DealRow {
  tx.insert(users).values({ teamId: input.teamId, slackId: input.ownerId, createdAt: now }).onConflictDoNothing().run();
  const key = companyKey(input.company);
  const clash = tx
    .select({ id: deals.id, company: deals.company })
    .from(deals)
    .where(and(eq(deals.teamId, input.teamId), eq(deals.ownerId, input.ownerId), eq(deals.companyKey, key)))
    .get();
  if (clash) {
    throw new DealEventRefused(
      `You already have a deal with ${clash.company} (#${clash.id}). Update it with /deal stage, value, forecast or contact.`,
    );
  }
  const state = input.state ?? 'active';
  const deal = tx
    .insert(deals)
    .values({
      teamId: input.teamId,
      ownerId: input.ownerId,
      company: input.company.trim(),
      companyKey: key,
      contactName: input.contactName ?? null,
      contactEmail: input.contactEmail ?? null,
      valueMinor: input.valueMinor ?? null,
      currency: input.currency ?? 'USD',
      stage: input.stage ?? 'prospecting',
      forecast: input.forecast ?? 'pipeline',
      prospectGoal: input.prospectGoal ?? null,
      externalId: input.externalId ?? null,
      state,
      lostReason: input.lostReason ?? null,
      followUpOn: input.followUpOn ?? null,
      snoozedUntil: input.snoozedUntil ?? null,
      lastInboundAt: input.lastInboundAt ?? null,
      lastOutboundAt: input.lastOutboundAt ?? null,
      lastActivityAt: input.lastActivityAt === undefined ? now : input.lastActivityAt,
      closedAt: isClosed(state) ? (input.closedAt ?? now) : null,
      createdAt: input.createdAt ?? now,
      updatedAt: now,
      nextCheckAt: CHECK_AT_NEXT_SCAN,
    })
    .returning()
    .get();
  logUpdate(tx, actorId, deal, note, now);
  return deal;
}

/** Fields a rep (or an import) may change without changing the deal's state. */
export type DealEdits = Partial<
  Pick<
    NewDeal,
    | 'company'
    | 'ownerId'
    | 'contactName'
    | 'contactEmail'
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
        `If they are back, log it with \`/deal reply ${deal.company}\`; to reopen it on purpose, \`/deal reopen ${deal.company}\`.`,
    );
  }
  const changes: Partial<NewDeal> = { ...edits, updatedAt: now, lastActivityAt: now };
  if (edits.company) changes.companyKey = companyKey(edits.company);
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

/** Outreach or a reply ends a snooze: the deal is live again. */
function snoozeEnd(deal: DealRow, now: Date): { changes: Partial<NewDeal>; cancelled: boolean } {
  if (!deal.snoozedUntil) return { changes: {}, cancelled: false };
  return { changes: { snoozedUntil: null, snoozeReason: null }, cancelled: deal.snoozedUntil > now };
}

/**
 * Logs an outbound touch; it completes the matching cadence step of an open episode. After the
 * goodbye a touch is refused: the rep reopens on purpose first (reopenDeal).
 */
export function recordTouch(tx: Tx, actorId: string, deal: DealRow, input: TouchInput, now: Date): TouchResult {
  if (deal.state === 'fired') {
    throw new DealEventRefused(
      `You said goodbye to ${deal.company}: the next move is theirs. Reopen it on purpose first if you mean to call.`,
    );
  }
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
  const updated = applyChanges(tx, deal, { lastOutboundAt: now, lastActivityAt: now, updatedAt: now, ...snooze.changes });
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
  now: Date,
): ReplyResult {
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
    throw new DealEventRefused(`${deal.company} is fired: you get no reminders about it already, so there is nothing to snooze.`);
  }
  logUpdate(tx, actorId, deal, `snoozed until ${describeUntil}${reason ? `: ${reason}` : ''}`, now);
  const ended = endOpenEpisode(tx, deal, 'snoozed', reason, now);
  const wake = ended || deal.state === 'silent' ? { state: 'active' as const } : {};
  return applyChanges(tx, deal, { snoozedUntil: until, snoozeReason: reason, updatedAt: now, lastActivityAt: now, ...wake });
}

/** What the prospect promised, by when (YYYY-MM-DD in the rep's zone). */
export function recordCommitment(
  tx: Tx,
  actorId: string,
  deal: DealRow,
  input: { text: string; dueOn: string },
  now: Date,
): { deal: DealRow; commitment: CommitmentRow } {
  refuseWhenClosed(deal, 'promises on a closed deal are not followed up');
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
  if (same) throw new DealEventRefused(`That promise is already logged on ${deal.company}: nothing was added twice.`);
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

/** Refuses a draft the deal's state makes pointless or harmful (a goodbye after the goodbye, any on a closed deal). */
export function assertCanDraft(deal: DealRow, kind: DraftKind): void {
  const name = DRAFT_KIND_NAMES[kind];
  if (isClosed(deal.state)) {
    throw new DealEventRefused(`${deal.company} is ${deal.state}: no ${name} is needed. Reopen it first if it is live again.`);
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
  if (deal.state === 'fired') throw new DealEventRefused(`You already said goodbye to ${deal.company}: nothing changed.`);
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
export function nurtureDeal(tx: Tx, actorId: string, deal: DealRow, followUpOn: string, reason: string | null, now: Date): DealRow {
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
