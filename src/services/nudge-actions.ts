// The buttons on a rep's "due today" DM. Each checks the deal is the clicker's own, and that the
// reminder is still current: a stale or repeated click says so and changes nothing.
import { getOwnDeal, NOT_YOUR_DEAL } from '../db/deals.js';
import type { Queryable, Tx } from '../db/index.js';
import type { DealRow } from '../db/schema.js';
import { formatDay, localDate } from '../domain/dates.js';
import type { BotMessage, ModalView } from '../slack/blocks.js';
import type { Messenger } from '../slack/messenger.js';
import { revivalModal } from '../slack/views/revival.js';
import { defaultDraftKind, sendDraftCard } from './drafts.js';
import { callScriptMessage, parseNudgeValue } from '../slack/views/nudges.js';
import { callScriptOffline } from '../coach/offline.js';
import { stepLabel } from '../domain/silence.js';
import { buildDraftFacts } from './draft-facts.js';
import { confirmation, errorMessage } from '../slack/views/deal.js';
import type { Actor, AppContext } from './context.js';
import { fireDeal, openEpisodeOf, recordReply, recordSnooze, recordTouch } from './deal-events.js';
import { settingsForOwner } from './team-settings.js';

export const SNOOZE_BUTTON_DAYS = 7;

/** What a reminder's buttons do; the interaction table maps each button's id to one of these. */
export type NudgeButton = 'done' | 'replied' | 'snooze' | 'draft' | 'script';

/** A cadence reminder (step > 0) is stale once its silence episode is no longer the deal's open one. */
function isStale(tx: Queryable, deal: DealRow, ref: { e: number; s: number }): boolean {
  if (ref.s === 0) return false; // A follow-up-date reminder belongs to no episode.
  return openEpisodeOf(tx, deal.teamId, deal.id)?.id !== ref.e;
}

export interface NudgeActionResult {
  message?: BotMessage;
  modal?: ModalView;
}

export async function handleNudgeAction(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  button: NudgeButton,
  value: string | undefined,
): Promise<NudgeActionResult> {
  const result = await nudgeAction(ctx, messenger, actor, button, value);
  return 'blocks' in result ? { message: result } : result;
}

async function nudgeAction(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  button: NudgeButton,
  value: string | undefined,
): Promise<BotMessage | NudgeActionResult> {
  const ref = parseNudgeValue(value);
  if (!ref) return errorMessage('That button is damaged; use /deal instead.');
  const deal = getOwnDeal(ctx.store.db, actor, ref.d);
  if (!deal) return errorMessage(NOT_YOUR_DEAL);
  const now = ctx.clock.now();
  const view = { now, zone: actor.zone };
  // A change reads the deal again inside its transaction: the wait for the write lock may have let a scan move it.
  const change = (apply: (tx: Tx, deal: DealRow) => BotMessage | NudgeActionResult) =>
    ctx.store.write((tx) => {
      const current = getOwnDeal(tx, actor, ref.d);
      return current ? apply(tx, current) : errorMessage(NOT_YOUR_DEAL);
    });

  switch (button) {
    case 'script': {
      // Drafted offline at click time from the deal's current facts: a script is read aloud, not sent.
      const settings = settingsForOwner(ctx.store.db, deal.teamId, deal.ownerId, ctx.defaultZone);
      const step = ref.s === 0 ? null : settings.cadence.find((s) => s.step === ref.s);
      if (ref.s !== 0) {
        if (!step) return errorMessage('That cadence step no longer exists.');
        if (isStale(ctx.store.db, deal, ref)) {
          return errorMessage(`This reminder is out of date: that silence on ${deal.company} has already ended.`);
        }
      }
      // A follow-up call back may leave a message; a cadence step says whether it does.
      const leaveMessage = step ? step.channel === 'voicemail' || step.leaveMessage === true : true;
      const facts = buildDraftFacts(ctx.store.db, deal, {
        now,
        step: ref.s,
        wantsVoicemail: true,
        defaultZone: ctx.defaultZone,
        repCompany: ctx.repCompany,
      });
      const label = step
        ? `Step ${step.step}: ${stepLabel(step, facts.commitment !== null)}`
        : 'Call them back: they asked you to';
      return callScriptMessage(deal.company, label, callScriptOffline(facts, leaveMessage));
    }
    case 'draft': {
      const episode = openEpisodeOf(ctx.store.db, deal.teamId, deal.id);
      if (!episode || episode.id !== ref.e)
        return errorMessage(`This reminder is out of date: that silence on ${deal.company} has already ended.`);
      const step = settingsForOwner(ctx.store.db, deal.teamId, deal.ownerId, ctx.defaultZone).cadence.find(
        (s) => s.step === ref.s,
      );
      const kind = step?.kind === 'fire' ? 'fire' : defaultDraftKind(ctx.store.db, deal, episode, ctx.clock.now());
      await sendDraftCard(ctx, messenger, deal, {
        kind,
        episodeId: episode.id,
        step: ref.s,
        wantsVoicemail: step ? step.channel !== 'email' : false,
      });
      return {};
    }
    case 'done':
      return change((tx, deal) => {
        if (ref.s === 0) {
          // A follow-up reminder: the call back counts as a touch.
          const note = 'called back on the follow-up date';
          const touch = recordTouch(tx, actor.userId, deal, { channel: 'call', leftMessage: null, note }, now);
          return confirmation('Logged your call back', touch.deal, view);
        }
        const episode = openEpisodeOf(tx, deal.teamId, deal.id);
        if (!episode || episode.id !== ref.e)
          return errorMessage(`This reminder is out of date: that silence on ${deal.company} has already ended.`);
        const step = settingsForOwner(tx, deal.teamId, deal.ownerId, ctx.defaultZone).cadence.find(
          (s) => s.step === ref.s,
        );
        if (!step) return errorMessage('That cadence step no longer exists.');
        if (episode.steps?.[step.step]?.done)
          return errorMessage(`Step ${step.step} on ${deal.company} is already done: nothing was logged twice.`);
        if (step.kind === 'fire') {
          const fired = fireDeal(tx, actor.userId, deal, now);
          return confirmation('Goodbye sent: the deal is fired', fired, view, [
            'It is out of the forecast and you will get no more reminders about it. Mean it: calling again in a few ' +
              'days costs credibility. If they answer, log it with `/deal reply`.',
          ]);
        }
        const input = {
          channel: step.channel,
          leftMessage: step.leaveMessage ?? null,
          note: `cadence step ${step.step}`,
          step,
        };
        const touch = recordTouch(tx, actor.userId, deal, input, now);
        return confirmation(`Step ${step.step} done`, touch.deal, view);
      });
    case 'replied':
      return change((tx, deal) => {
        if (deal.state === 'active' && (deal.lastInboundAt?.getTime() ?? 0) > (deal.lastOutboundAt?.getTime() ?? 0)) {
          return errorMessage(`Their reply on ${deal.company} is already logged.`);
        }
        if (isStale(tx, deal, ref))
          return errorMessage(`This reminder is out of date: that silence on ${deal.company} has already ended.`);
        const result = recordReply(tx, actor.userId, deal, { channel: null, note: null }, now);
        const message = confirmation('Logged their reply', result.deal, view, [
          'The silence is over. Suggest a concrete next step and get it confirmed, ideally a booked time.',
        ]);
        return result.revived ? { message, modal: revivalModal(deal.id, deal.company) } : message;
      });
    case 'snooze':
      return change((tx, deal) => {
        if (deal.snoozedUntil && deal.snoozedUntil > now)
          return errorMessage(
            `${deal.company} is already snoozed until ` +
              `${formatDay(localDate(deal.snoozedUntil, actor.zone), now, actor.zone)}.`,
          );
        if (isStale(tx, deal, ref))
          return errorMessage(`This reminder is out of date: that silence on ${deal.company} has already ended.`);
        const until = new Date(now.getTime() + SNOOZE_BUTTON_DAYS * 86_400_000);
        const snoozed = recordSnooze(
          tx,
          actor.userId,
          deal,
          until,
          'snoozed from a reminder',
          now,
          localDate(until, actor.zone),
        );
        return confirmation('Snoozed for a week', snoozed, view, [
          `No reminders until ${formatDay(localDate(until, actor.zone), now, actor.zone)}.`,
        ]);
      });
  }
}
