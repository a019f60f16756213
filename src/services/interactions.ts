// The interaction table: every action_id and callback_id (slack/ids.ts) mapped to exactly one
// handler, for Slack and the console alike. A handler refused by a deal transition answers with the
// refusal's message; nothing was written.
import type { BotMessage, ModalView } from '../slack/blocks.js';
import { ACTION_IDS, CALLBACK_IDS, type ActionId, type CallbackId } from '../slack/ids.js';
import type { Messenger } from '../slack/messenger.js';
import { dealEditModal, errorMessage } from '../slack/views/deal.js';
import { getOwnDeal, NOT_YOUR_DEAL } from '../db/deals.js';
import type { Actor, AppContext } from './context.js';
import { submitDealModal } from './deal-commands.js';
import { DealEventRefused } from './deal-events.js';
import { handleDraftAction, submitDraftDiscard, submitDraftEdit, type DraftButton } from './drafts.js';
import { handleNudgeAction, type NudgeButton } from './nudge-actions.js';
import { handleFiredAction, submitRevival } from './revival.js';
import { reviewStandInGrant } from './stand-in-review.js';
import { answerTeamInvite } from './teams.js';
import { handlePromiseAction } from './promises.js';

export interface InteractionResult {
  /** Shown only to the rep. */
  message?: BotMessage;
  /** A form to open. */
  modal?: ModalView;
}

type ActionHandler = (
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  value: string | undefined,
) => Promise<InteractionResult>;

const nudge =
  (button: NudgeButton): ActionHandler =>
  (ctx, messenger, actor, value) =>
    handleNudgeAction(ctx, messenger, actor, button, value);

const draft =
  (button: DraftButton): ActionHandler =>
  async (ctx, messenger, actor, value) => {
    const result = await handleDraftAction(ctx, messenger, actor, button, value);
    return { message: result.ephemeral, modal: result.modal };
  };

const fired =
  (choice: 'keep' | 'reopen'): ActionHandler =>
  async (ctx, _messenger, actor, value) => ({ message: await handleFiredAction(ctx, actor, choice, value) });

/** One handler per action id: the type makes a missing or extra entry a compile error. */
export const ACTION_HANDLERS: Record<ActionId, ActionHandler> = {
  [ACTION_IDS.nudgeDone]: nudge('done'),
  [ACTION_IDS.nudgeReplied]: nudge('replied'),
  [ACTION_IDS.nudgeSnooze]: nudge('snooze'),
  [ACTION_IDS.nudgeDraft]: nudge('draft'),
  [ACTION_IDS.nudgeScript]: nudge('script'),
  [ACTION_IDS.draftApprove]: draft('approve'),
  [ACTION_IDS.draftEdit]: draft('edit'),
  [ACTION_IDS.draftFirmer]: draft({ regenerate: 'firmer' }),
  [ACTION_IDS.draftWarmer]: draft({ regenerate: 'warmer' }),
  [ACTION_IDS.draftShorter]: draft({ regenerate: 'shorter' }),
  [ACTION_IDS.draftDiscard]: draft('discard'),
  [ACTION_IDS.draftSnooze]: draft('snooze'),
  // Slack opens the mail app itself; the action it still sends needs only the ack.
  [ACTION_IDS.draftMailto]: async () => ({}),
  [ACTION_IDS.firedKeep]: fired('keep'),
  [ACTION_IDS.firedReopen]: fired('reopen'),
  [ACTION_IDS.teamInviteAccept]: async (ctx, _messenger, actor, value) => ({
    message: await answerTeamInvite(ctx, actor, true, value),
  }),
  [ACTION_IDS.teamInviteDecline]: async (ctx, _messenger, actor, value) => ({
    message: await answerTeamInvite(ctx, actor, false, value),
  }),
  [ACTION_IDS.promiseKept]: async (ctx, _messenger, actor, value) => ({
    message: await handlePromiseAction(ctx, actor, 'kept', value),
  }),
  [ACTION_IDS.promiseCancel]: async (ctx, _messenger, actor, value) => ({
    message: await handlePromiseAction(ctx, actor, 'cancel', value),
  }),
  [ACTION_IDS.dealEdit]: async (ctx, _messenger, actor, value) => {
    const deal = /^\d+$/.test(value ?? '') ? getOwnDeal(ctx.store.db, actor, Number(value)) : undefined;
    if (!deal) return { message: errorMessage(NOT_YOUR_DEAL) };
    return { modal: dealEditModal(deal) };
  },
  [ACTION_IDS.standInKeep]: async (ctx, _messenger, actor, value) => ({
    message: await reviewStandInGrant(ctx, actor, 'keep', value),
  }),
  [ACTION_IDS.standInRevoke]: async (ctx, _messenger, actor, value) => ({
    message: await reviewStandInGrant(ctx, actor, 'revoke', value),
  }),
};

function refusal(error: unknown): BotMessage {
  if (error instanceof DealEventRefused) return errorMessage(error.message);
  throw error;
}

export async function dispatchAction(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  actionId: ActionId,
  value: string | undefined,
): Promise<InteractionResult> {
  try {
    return await ACTION_HANDLERS[actionId](ctx, messenger, actor, value);
  } catch (error) {
    return { message: refusal(error) };
  }
}

export type SubmissionResult =
  | { ok: true; message?: BotMessage; after?: (messenger: Messenger) => Promise<void> }
  | { ok: false; errors: Record<string, string> };

export type FormValues = Record<string, string | null | undefined>;

type SubmissionHandler = (
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  privateMetadata: string,
  values: FormValues,
) => Promise<SubmissionResult>;

/** One handler per form (callback id). Fast work runs before the ack; slow work goes in `after`. */
export const SUBMISSION_HANDLERS: Record<CallbackId, SubmissionHandler> = {
  [CALLBACK_IDS.dealForm]: async (ctx, _messenger, actor, _meta, values) => submitDealModal(ctx, actor, values),
  [CALLBACK_IDS.draftEdit]: (ctx, messenger, actor, meta, values) =>
    submitDraftEdit(ctx, messenger, actor, Number(meta), values),
  [CALLBACK_IDS.draftDiscard]: (ctx, messenger, actor, meta, values) =>
    submitDraftDiscard(ctx, messenger, actor, Number(meta), values.reason ?? null),
  [CALLBACK_IDS.revival]: async (ctx, _messenger, actor, meta, values) =>
    submitRevival(ctx, actor, Number(meta), values),
};

export async function dispatchSubmission(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  callbackId: CallbackId,
  privateMetadata: string,
  values: FormValues,
): Promise<SubmissionResult> {
  try {
    return await SUBMISSION_HANDLERS[callbackId](ctx, messenger, actor, privateMetadata, values);
  } catch (error) {
    if (error instanceof DealEventRefused) return { ok: false, errors: { [firstField(values)]: error.message } };
    throw error;
  }
}

/** Slack shows a form error beside a block: the first field of the form is as good as any. */
function firstField(values: FormValues): string {
  return Object.keys(values)[0] ?? 'reason';
}
