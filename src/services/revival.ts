// After the goodbye, and when they come back (METHOD.md sections 4 and 5).
import { DateTime } from 'luxon';
import { getDeal, insertActivity } from '../db/deals.js';
import { silenceEpisodes } from '../db/schema.js';
import { parseChannel } from '../domain/grammar.js';
import { eq } from 'drizzle-orm';
import { formatDay } from '../domain/dates.js';
import { parseMoney, readAmount, type Money } from '../domain/money.js';
import type { BotMessage } from '../slack/blocks.js';
import type { Messenger } from '../slack/messenger.js';
import { confirmation, errorMessage } from '../slack/views/deal.js';
import type { PendingTouch } from '../slack/views/revival.js';
import { LOSING_REVIVAL_REASONS, REVIVAL_REASONS, type DraftKind, type RevivalReason } from '../domain/vocabulary.js';
import type { Actor, AppContext } from './context.js';
import { closeDeal, lastRevivedEpisode, nurtureDeal, recordTouch, reopenDeal } from './deal-events.js';
import { sendDraftCard } from './drafts.js';
import { tooLong } from '../domain/limits.js';

/** The value shown three ways from the rep's moderate yearly figure: half, as given, and half again. */
export function roiFigures(yearly: Money, cost: Money | null = null) {
  return {
    currency: yearly.currency,
    conservative: Math.round(yearly.minor / 200),
    moderate: Math.round(yearly.minor / 100),
    aggressive: Math.round((yearly.minor * 1.5) / 100),
    yearlyCost: cost ? Math.round(cost.minor / 100) : null,
  };
}

export const REVIVAL_NOTE_PREFIX = 'they came back: ';
export const ROI_INPUTS_OPEN = '(ROI inputs: ';

/**
 * What a revival draft was made from, re-read for a regeneration: the reason from the episode, what
 * they said and the ROI inputs from the note submitRevival wrote. Null when the episode has no reason.
 */
export interface RevivalInputs {
  revival: { reason: string; said: string | null };
  roi: ReturnType<typeof roiFigures> | null;
}

export function revivalInputsOf(revivalReason: string | null | undefined, notes: readonly string[]): RevivalInputs | null {
  const label = REVIVAL_REASONS.find(([value]) => value === revivalReason)?.[1];
  if (!label) return null;
  const prefix = `${REVIVAL_NOTE_PREFIX}${label}`;
  const note = notes.find((n) => n.startsWith(prefix));
  let rest = note ? note.slice(prefix.length) : '';
  let roi: ReturnType<typeof roiFigures> | null = null;
  const inputs = rest.lastIndexOf(` ${ROI_INPUTS_OPEN}`);
  if (inputs >= 0) {
    const match = /^\(ROI inputs: (.+?) a year(?:, cost (.+?) a year)?\)$/.exec(rest.slice(inputs + 1));
    const yearly = match ? parseMoney(match[1]!) : null;
    if (yearly) roi = roiFigures(yearly, match![2] ? parseMoney(match![2]) : null);
    rest = rest.slice(0, inputs);
  }
  const said = rest.startsWith(': ') ? rest.slice(2).trim() || null : null;
  return { revival: { reason: label, said }, roi };
}


function parsePendingTouch(value: string | undefined): PendingTouch | null {
  try {
    const parsed = JSON.parse(value ?? '');
    return Number.isInteger(parsed.d) && typeof parsed.c === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** The rep's choice after the "you said goodbye" warning. */
export function handleFiredAction(ctx: AppContext, actor: Actor, choice: 'keep' | 'reopen', value: string | undefined): BotMessage {
  const touch = parsePendingTouch(value);
  if (!touch) return errorMessage('That button is damaged; use /deal instead.');
  const deal = getDeal(ctx.store.db, actor.teamId, touch.d);
  if (!deal || deal.ownerId !== actor.userId) return errorMessage('That deal is not one of yours.');
  const now = ctx.clock.now();
  if (choice === 'keep') {
    return confirmation('Kept fired: nothing was logged', deal, { now, zone: actor.zone }, ['Good call: the next move is theirs. Spend the time on a live lead.']);
  }
  if (deal.state !== 'fired') return errorMessage(`${deal.company} is not fired any more: nothing changed.`);
  const channel = parseChannel(touch.c);
  if (!channel) return errorMessage('That button is damaged; use /deal instead.');
  return ctx.store.db.transaction((tx) => {
    const reopened = reopenDeal(tx, actor.userId, deal, now, 'reopened on purpose after the goodbye');
    const touched = recordTouch(tx, actor.userId, reopened, { channel, leftMessage: touch.l, note: touch.n }, now).deal;
    return confirmation('Reopened on purpose, and the touch is logged', touched, { now, zone: actor.zone }, [
      'It is back in the pipeline (forecast: pipeline). The silence clock runs again.',
    ]);
  });
}

export type RevivalOutcome =
  | { ok: true; message: BotMessage; after?: (messenger: Messenger) => Promise<void> }
  | { ok: false; errors: Record<string, string> };


/** Records why they came back and sets up the next step: a draft, a follow-up date, or closure. */
export function submitRevival(ctx: AppContext, actor: Actor, dealId: number, values: Record<string, string | null | undefined>): RevivalOutcome {
  const errors: Record<string, string> = {};
  const reason = values.reason as RevivalReason | undefined;
  const known = REVIVAL_REASONS.find(([value]) => value === reason);
  if (!known) errors.reason = 'Pick what they said.';
  const monthsText = values.months?.trim();
  const months = monthsText ? Number(monthsText) : null;
  if (reason === 'side_tracked' && (months === null || !Number.isInteger(months) || months < 1 || months > 24)) {
    errors.months = 'Say in how many months to call back: a whole number from 1 to 24.';
  }
  const yearlyRead = values.yearly_value?.trim() ? readAmount(values.yearly_value) : null;
  if (yearlyRead && !yearlyRead.ok) errors.yearly_value = yearlyRead.error;
  const costRead = values.yearly_cost?.trim() ? readAmount(values.yearly_cost) : null;
  if (costRead && !costRead.ok) errors.yearly_cost = costRead.error;
  const yearly = yearlyRead?.ok ? yearlyRead.money : null;
  const cost = costRead?.ok ? costRead.money : null;
  const saidTooLong = tooLong('What they said', 'reason', values.said?.trim());
  if (saidTooLong) errors.said = saidTooLong;
  for (const key of ['months', 'yearly_value', 'yearly_cost'] as const) {
    const problem = tooLong('This field', 'cell', values[key]);
    if (problem) errors[key] = problem;
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const deal = getDeal(ctx.store.db, actor.teamId, dealId);
  if (!deal || deal.ownerId !== actor.userId) return { ok: false, errors: { reason: 'That deal is not one of yours.' } };
  const now = ctx.clock.now();
  const said = values.said?.trim() || null;
  const label = known![1];
  const view = { now, zone: actor.zone };

  const { message, draftKind, episodeId } = ctx.store.db.transaction((tx) => {
    const episode = lastRevivedEpisode(tx, deal.teamId, deal.id);
    if (episode) tx.update(silenceEpisodes).set({ revivalReason: reason! }).where(eq(silenceEpisodes.id, episode.id)).run();
    // The ROI inputs go into the note too, so a Firmer/Warmer/Shorter regeneration can re-read them (see drafts.ts).
    const roiInputs = yearly ? ` ${ROI_INPUTS_OPEN}${values.yearly_value!.trim()} a year${cost ? `, cost ${values.yearly_cost!.trim()} a year` : ''})` : '';
    insertActivity(tx, { teamId: deal.teamId, dealId: deal.id, actorId: actor.userId, direction: 'note', note: `${REVIVAL_NOTE_PREFIX}${label}${said ? `: ${said}` : ''}${roiInputs}`, at: now });
    if (LOSING_REVIVAL_REASONS.includes(reason!)) {
      const lost = closeDeal(tx, actor.userId, deal, 'lost', said ? `${label}: ${said}` : label, now);
      const next = 'The deal is closed as lost. Closure is a result too: thank them, and spend the time on live leads.';
      return { message: confirmation(`Recorded: ${label.toLowerCase()}`, lost, view, [next]), draftKind: null, episodeId: episode?.id ?? null };
    }
    if (reason === 'side_tracked') {
      const followUpOn = DateTime.fromJSDate(now, { zone: actor.zone }).plus({ months: months! }).toISODate()!;
      const parked = nurtureDeal(tx, actor.userId, deal, followUpOn, said, now);
      const next = `I'll remind you to call them on ${formatDay(followUpOn, now, actor.zone)}, as they asked. Nothing until then.`;
      return { message: confirmation('In nurture until they are ready', parked, view, [next]), draftKind: null, episodeId: episode?.id ?? null };
    }
    const kind: DraftKind = reason === 'objection_roi' && yearly ? 'roi' : 'revival';
    return { message: confirmation(`Recorded: ${label.toLowerCase()}`, deal, view, ['A draft with a concrete next step is in your DMs: get a time confirmed.']), draftKind: kind, episodeId: episode?.id ?? null };
  });

  if (!draftKind) return { ok: true, message };
  const roi = draftKind === 'roi' && yearly ? roiFigures(yearly, cost) : null;
  return {
    ok: true,
    message,
    // Drafting may take a model call: it runs after the form is acknowledged.
    after: async (messenger) => {
      await sendDraftCard(ctx, messenger, getDeal(ctx.store.db, deal.teamId, deal.id)!, { kind: draftKind, episodeId, step: 0, revival: { reason: label, said }, roi });
    },
  };
}
