// What happens to a deal when something happens on it: shared by /deal commands, DM buttons and
// the console. Each function runs inside the caller's transaction.
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/index.js';
import { insertActivity, updateDeal, type NewDeal } from '../db/deals.js';
import { drafts, silenceEpisodes, type Channel, type DealRow, type EpisodeRow } from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { episodeDay, stepForTouch, type CadenceStep, type EpisodeSteps } from '../domain/silence.js';
import { settingsForOwner } from './team-settings.js';

export function openEpisodeOf(tx: Tx, teamId: string, dealId: number): EpisodeRow | undefined {
  return tx
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNull(silenceEpisodes.endedAt)))
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

function lastFiredEpisode(tx: Tx, teamId: string, dealId: number): EpisodeRow | undefined {
  return tx
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNotNull(silenceEpisodes.firedAt)))
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

/** The latest episode the prospect came back from, if any. */
export function lastRevivedEpisode(tx: Queryable, teamId: string, dealId: number): EpisodeRow | undefined {
  return tx
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, teamId), eq(silenceEpisodes.dealId, dealId), isNotNull(silenceEpisodes.revivedAt)))
    .orderBy(desc(silenceEpisodes.id))
    .get();
}

/** Ends the deal's open silence episode, if any, with an outcome. */
export function endOpenEpisode(
  tx: Tx,
  teamId: string,
  dealId: number,
  outcome: string,
  reason: string | null,
  at: Date,
  marks: { firedAt?: Date } = {},
): EpisodeRow | undefined {
  const episode = openEpisodeOf(tx, teamId, dealId);
  if (!episode) return undefined;
  tx.update(silenceEpisodes).set({ endedAt: at, outcome, outcomeReason: reason, ...marks }).where(eq(silenceEpisodes.id, episode.id)).run();
  retireDraftsOf(tx, episode.id, at);
  return episode;
}

/** Drafts written for a silence that is over are no longer current: their cards stop acting. */
function retireDraftsOf(tx: Tx, episodeId: number, at: Date): void {
  tx.update(drafts).set({ status: 'superseded', decidedAt: at }).where(and(eq(drafts.episodeId, episodeId), eq(drafts.status, 'pending'))).run();
}

/** Marks one cadence step of an episode done, and notes an accountability message when it was one. */
export function markStepDone(tx: Tx, episode: EpisodeRow, step: CadenceStep, at: Date): void {
  const steps = { ...((episode.steps as EpisodeSteps | null) ?? {}) };
  const before = steps[step.step] ?? { offers: 0, lastOfferedOn: null, done: false, skipped: false };
  steps[step.step] = { ...before, done: true };
  const doneCount = Object.values(steps).filter((s) => s.done).length;
  tx.update(silenceEpisodes)
    .set({ steps, stepsDone: doneCount, ...(step.kind === 'message' && !episode.accountabilityAt ? { accountabilityAt: at } : {}) })
    .where(eq(silenceEpisodes.id, episode.id))
    .run();
}

export interface TouchInput {
  channel: Channel;
  leftMessage: boolean | null;
  note: string | null;
  /** The cadence step this touch is for, when the rep pressed "Done" on it. */
  step?: CadenceStep;
}

export interface TouchResult {
  changes: Partial<NewDeal>;
  /** The step the touch completed, if any. */
  completed: CadenceStep | null;
}

/** Any new activity on a deal cancels its snooze: the deal is live again. */
export function cancelSnooze(deal: DealRow): Partial<NewDeal> {
  return deal.snoozedUntil ? { snoozedUntil: null, snoozeReason: null } : {};
}

/** Logs an outbound touch; it completes the matching cadence step of an open episode. */
export function recordTouch(tx: Tx, actorId: string, deal: DealRow, input: TouchInput, now: Date): TouchResult {
  insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'out', channel: input.channel, leftMessage: input.leftMessage, note: input.note, at: now });
  const changes: Partial<NewDeal> = { lastOutboundAt: now, lastActivityAt: now, updatedAt: now, ...cancelSnooze(deal) };
  let completed: CadenceStep | null = null;
  const episode = openEpisodeOf(tx, deal.teamId, deal.id);
  if (episode) {
    const settings = settingsForOwner(tx, deal.teamId, deal.ownerId);
    const steps = (episode.steps as EpisodeSteps | null) ?? {};
    const calendar = calendarFor(settings.calendar);
    completed = input.step ?? stepForTouch(settings.cadence, steps, episodeDay(episode.startedOn, { now: now.getTime(), calendar }), input.channel);
    if (completed) markStepDone(tx, episode, completed, now);
  }
  return { changes, completed };
}

/** The prospect answered: the silence (or the goodbye) is over and the cadence resets. */
export function recordReply(tx: Tx, actorId: string, deal: DealRow, channel: Channel | null, note: string | null, now: Date): { changes: Partial<NewDeal>; revived: boolean } {
  insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'in', channel, note, at: now });
  const changes: Partial<NewDeal> = { lastInboundAt: now, lastActivityAt: now, updatedAt: now, ...cancelSnooze(deal) };
  const revived = deal.state === 'silent' || deal.state === 'fired' || deal.state === 'nurture';
  if (revived) {
    changes.state = 'active';
    if (deal.state === 'fired') {
      // Back from a goodbye: back in the pipeline, but not in commit until the rep says so.
      changes.forecast = 'pipeline';
      insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'update', note: 'revived after the goodbye message', at: now });
    }
    if (deal.state === 'nurture') changes.followUpOn = null;
    const ended = endOpenEpisode(tx, deal.teamId, deal.id, 'replied', note, now);
    // The episode they came back from: the one just ended, or the one that ended with the goodbye.
    const from = ended ?? (deal.state === 'fired' ? lastFiredEpisode(tx, deal.teamId, deal.id) : undefined);
    if (from) tx.update(silenceEpisodes).set({ revivedAt: now }).where(eq(silenceEpisodes.id, from.id)).run();
  }
  return { changes, revived };
}

/** Pauses a deal: its open episode ends as snoozed; the silence rules look again afterwards. */
export function recordSnooze(tx: Tx, actorId: string, deal: DealRow, until: Date, reason: string | null, now: Date): Partial<NewDeal> {
  insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'update', note: `snoozed until ${until.toISOString()}${reason ? `: ${reason}` : ''}`, at: now });
  const ended = endOpenEpisode(tx, deal.teamId, deal.id, 'snoozed', reason, now);
  return { snoozedUntil: until, snoozeReason: reason, updatedAt: now, lastActivityAt: now, ...(ended || deal.state === 'silent' ? { state: 'active' as const } : {}) };
}

/** The goodbye was sent: out of the forecast (its category kept), no more reminders. */
export function fireDeal(tx: Tx, actorId: string, deal: DealRow, now: Date): Partial<NewDeal> {
  endOpenEpisode(tx, deal.teamId, deal.id, 'fired', null, now, { firedAt: now });
  insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId, direction: 'update', note: `fired: goodbye-for-now sent; out of the forecast (was ${deal.forecast})`, at: now });
  const changes: Partial<NewDeal> = {
    state: 'fired',
    forecastBeforeFire: deal.forecast === 'omitted' ? deal.forecastBeforeFire : deal.forecast,
    forecast: 'omitted',
    snoozedUntil: null,
    snoozeReason: null,
    updatedAt: now,
    lastActivityAt: now,
  };
  updateDeal(tx, deal.teamId, deal.id, changes);
  return changes;
}
