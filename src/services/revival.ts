// After the goodbye, and when they come back (METHOD.md sections 4 and 5).
import { DateTime } from 'luxon';
import { getDeal, getOwnDeal, insertActivity, NOT_YOUR_DEAL } from '../db/deals.js';
import { pendingTouches, silenceEpisodes } from '../db/schema.js';
import { and, eq } from 'drizzle-orm';
import { formatDay } from '../domain/dates.js';
import { readAmount } from '../domain/money.js';
import { readRoiInputs, type RoiInputs } from '../domain/roi.js';
import { esc, type BotMessage } from '../slack/blocks.js';
import type { Messenger } from '../slack/messenger.js';
import { assumedCurrencyLine, confirmation, errorMessage, whoseCurrency } from '../slack/views/deal.js';
import { LOSING_REVIVAL_REASONS, REVIVAL_REASONS, type DraftKind, type RevivalReason } from '../domain/vocabulary.js';
import type { Actor, AppContext } from './context.js';
import { closeDeal, lastRevivedEpisode, nurtureDeal, recordTouch, reopenDeal } from './deal-events.js';
import { sendDraftCard } from './drafts.js';
import { tooLong } from '../domain/limits.js';
import { dealCurrency, teamCurrency } from './team-settings.js';

export const REVIVAL_NOTE_PREFIX = 'they came back: ';
export const ROI_INPUTS_OPEN = '(ROI inputs: ';

/**
 * What a revival draft was made from, re-read for a regeneration: the reason from the episode, what
 * they said and the ROI inputs from the note submitRevival wrote. Null when the episode has no reason.
 */
export interface RevivalInputs {
  revival: { reason: string; said: string | null };
  roi: RoiInputs | null;
}

/**
 * The episode's structured ROI figures win; the note is read for episodes recorded before the
 * roi_inputs column, with the same reader as the form.
 */
export function revivalInputsOf(
  revivalReason: string | null | undefined,
  notes: readonly string[],
  storedRoi: RoiInputs | null = null,
): RevivalInputs | null {
  const label = REVIVAL_REASONS.find(([value]) => value === revivalReason)?.[1];
  if (!label) return null;
  const prefix = `${REVIVAL_NOTE_PREFIX}${label}`;
  const note = notes.find((n) => n.startsWith(prefix));
  let rest = note ? note.slice(prefix.length) : '';
  let roi: RoiInputs | null = storedRoi;
  const inputs = rest.lastIndexOf(` ${ROI_INPUTS_OPEN}`);
  if (inputs >= 0) {
    const match = /^\(ROI inputs: (.+?) a year(?:, cost (.+?) a year)?\)$/.exec(rest.slice(inputs + 1));
    const read = match ? readRoiInputs(match[1]!, match[2] ?? null) : null;
    if (!roi && read?.ok) roi = read.roi;
    rest = rest.slice(0, inputs);
  }
  const said = rest.startsWith(': ') ? rest.slice(2).trim() || null : null;
  return { revival: { reason: label, said }, roi };
}

/** The rep's choice after the "you said goodbye" warning. */
export function handleFiredAction(
  ctx: AppContext,
  actor: Actor,
  choice: 'keep' | 'reopen',
  value: string | undefined,
): Promise<BotMessage> {
  const pendingId = Number(value);
  const now = ctx.clock.now();
  return ctx.store.write((tx) => {
    const touch = Number.isInteger(pendingId)
      ? tx
          .select()
          .from(pendingTouches)
          .where(and(eq(pendingTouches.id, pendingId), eq(pendingTouches.teamId, actor.teamId)))
          .get()
      : undefined;
    if (!touch)
      return errorMessage('That choice was already made, or the button is from an old message; use /deal instead.');
    if (touch.actorId !== actor.userId) return errorMessage(NOT_YOUR_DEAL);
    const deal = getOwnDeal(tx, actor, touch.dealId);
    if (!deal) return errorMessage(NOT_YOUR_DEAL);
    if (choice === 'keep') {
      tx.delete(pendingTouches).where(eq(pendingTouches.id, touch.id)).run();
      return confirmation('Kept fired: nothing was logged', deal, { now, zone: actor.zone }, [
        'Good call: the next move is theirs. Spend the time on a live lead.',
      ]);
    }
    if (deal.state !== 'fired') return errorMessage(`${deal.company} is not fired any more: nothing changed.`);
    tx.delete(pendingTouches).where(eq(pendingTouches.id, touch.id)).run();
    const reopened = reopenDeal(tx, actor.userId, deal, now, 'reopened on purpose after the goodbye');
    const logged = { channel: touch.channel, leftMessage: touch.leftMessage, note: touch.note };
    const touched = recordTouch(tx, actor.userId, reopened, logged, now).deal;
    return confirmation('Reopened on purpose, and the touch is logged', touched, { now, zone: actor.zone }, [
      'It is back in the pipeline (forecast: pipeline). The silence clock runs again.',
    ]);
  });
}

export type RevivalOutcome =
  | { ok: true; message: BotMessage; after?: (messenger: Messenger) => Promise<void> }
  | { ok: false; errors: Record<string, string> };

/** Records why they came back and sets up the next step: a draft, a follow-up date, or closure. */
export async function submitRevival(
  ctx: AppContext,
  actor: Actor,
  dealId: number,
  values: Record<string, string | null | undefined>,
): Promise<RevivalOutcome> {
  const errors: Record<string, string> = {};
  const reason = values.reason as RevivalReason | undefined;
  const known = REVIVAL_REASONS.find(([value]) => value === reason);
  if (!known) errors.reason = 'Pick what they said.';
  const monthsText = values.months?.trim();
  const months = monthsText ? Number(monthsText) : null;
  if (reason === 'side_tracked' && (months === null || !Number.isInteger(months) || months < 1 || months > 24)) {
    errors.months = 'Say in how many months to call back: a whole number from 1 to 24.';
  }
  const saidTooLong = tooLong('What they said', 'reason', values.said?.trim());
  if (saidTooLong) errors.said = saidTooLong;
  for (const key of ['months', 'yearly_value', 'yearly_cost'] as const) {
    const problem = tooLong('This field', 'cell', values[key]);
    if (problem) errors[key] = problem;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const deal = getOwnDeal(ctx.store.db, actor, dealId);
  if (!deal) return { ok: false, errors: { reason: NOT_YOUR_DEAL } };
  // Figures without a currency are in the deal's own (the team's while the deal has no amount); the cost is in
  // the value's currency: a cost in another could not be set against it without an invented rate.
  const currency = dealCurrency(deal, teamCurrency(ctx.store.db, actor.teamId, actor.userId));
  const whose = whoseCurrency(deal);
  const roiRead = values.yearly_value?.trim() ? readRoiInputs(values.yearly_value, null, currency) : null;
  if (roiRead && !roiRead.ok) errors.yearly_value = roiRead.error;
  const costIn = roiRead?.ok ? roiRead.roi.currency : currency;
  const costRead = values.yearly_cost?.trim() ? readAmount(values.yearly_cost, costIn) : null;
  if (costRead && !costRead.ok) errors.yearly_cost = costRead.error;
  else if (costRead?.ok && costRead.money.currency !== costIn) {
    errors.yearly_cost = `Write the yearly cost in ${costIn}, the currency of the value, or both in another.`;
  }
  const yearlyCost = costRead?.ok ? Math.round(costRead.money.minor / 100) : null;
  const yearly = roiRead?.ok ? { ...roiRead.roi, yearlyCost } : null;
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = ctx.clock.now();
  const said = values.said?.trim() || null;
  const label = known![1];
  const view = { now, zone: actor.zone };

  type Recorded =
    | { refused: string }
    | { refused?: undefined; message: BotMessage; draftKind: DraftKind | null; episodeId: number | null };
  const outcome = await ctx.store.write((tx): Recorded => {
    // Read again inside the transaction: it may have changed while the form was open or the lock was held.
    const deal = getOwnDeal(tx, actor, dealId);
    if (!deal) return { refused: NOT_YOUR_DEAL };
    const episode = lastRevivedEpisode(tx, deal.teamId, deal.id);
    // The form answers "they came back": a deal that never went silent, or was closed since, has nothing to record.
    if (!episode) return { refused: `${deal.company} did not come back from a silence: nothing to record here.` };
    if (deal.state === 'won' || deal.state === 'lost')
      return { refused: `${deal.company} is closed as ${deal.state} already: nothing was changed.` };
    // The figures are kept on the episode, so every Firmer/Warmer/Shorter regeneration uses them (see drafts.ts).
    if (episode) {
      tx.update(silenceEpisodes)
        .set({ revivalReason: reason!, roiInputs: yearly })
        .where(eq(silenceEpisodes.id, episode.id))
        .run();
    }
    // And in the note, as the rep typed them: the history reads them, and a deal without an episode keeps them.
    const costNote = yearlyCost !== null ? `, cost ${values.yearly_cost!.trim()} a year` : '';
    const roiInputs = yearly ? ` ${ROI_INPUTS_OPEN}${values.yearly_value!.trim()} a year${costNote})` : '';
    insertActivity(tx, {
      teamId: deal.teamId,
      dealId: deal.id,
      actorId: actor.userId,
      direction: 'note',
      note: `${REVIVAL_NOTE_PREFIX}${label}${said ? `: ${said}` : ''}${roiInputs}`,
      at: now,
    });
    if (LOSING_REVIVAL_REASONS.includes(reason!)) {
      const lost = closeDeal(tx, actor.userId, deal, 'lost', said ? `${label}: ${said}` : label, now);
      const next = 'The deal is closed as lost. Closure is a result too: thank them, and spend the time on live leads.';
      const undo = `Picked the wrong reason? \`/deal reopen ${esc(deal.company)}\` puts it back in the pipeline.`;
      return {
        message: confirmation(`Recorded: ${label}`, lost, view, [next, undo]),
        draftKind: null,
        episodeId: episode?.id ?? null,
      };
    }
    if (reason === 'side_tracked') {
      const followUpOn = DateTime.fromJSDate(now, { zone: actor.zone }).plus({ months: months! }).toISODate()!;
      const parked = nurtureDeal(tx, actor.userId, deal, followUpOn, said, now);
      const next =
        `I'll remind you to call them on ${formatDay(followUpOn, now, actor.zone)}, as they asked. ` +
        `Nothing until then.`;
      return {
        message: confirmation('In nurture until they are ready', parked, view, [next]),
        draftKind: null,
        episodeId: episode?.id ?? null,
      };
    }
    const kind: DraftKind = reason === 'objection_roi' && yearly ? 'roi' : 'revival';
    const assumed =
      kind === 'roi' && roiRead?.ok && !roiRead.currencyGiven
        ? [assumedCurrencyLine('Yearly value to them', values.yearly_value!, roiRead.roi.currency, whose)]
        : [];
    return {
      message: confirmation(`Recorded: ${label}`, deal, view, [
        ...assumed,
        'A draft with a concrete next step is in your DMs: get a time confirmed.',
      ]),
      draftKind: kind,
      episodeId: episode?.id ?? null,
    };
  });

  if (outcome.refused !== undefined) return { ok: false, errors: { reason: outcome.refused } };
  const { message, draftKind, episodeId } = outcome;
  if (!draftKind) return { ok: true, message };
  const roi = draftKind === 'roi' ? yearly : null;
  return {
    ok: true,
    message,
    // Drafting may take a model call: it runs after the form is acknowledged.
    after: async (messenger) => {
      await sendDraftCard(ctx, messenger, getDeal(ctx.store.db, deal.teamId, deal.id)!, {
        kind: draftKind,
        episodeId,
        step: 0,
        revival: { reason: label, said },
        roi,
      });
    },
  };
}
