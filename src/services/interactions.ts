// Every button and form of the product, dispatched in one place for Slack and the console alike.
import type { BotMessage, ModalView } from '../slack/blocks.js';
import type { Messenger } from '../slack/messenger.js';
import { DRAFT_DISCARD_CALLBACK, DRAFT_EDIT_CALLBACK } from '../slack/views/draft-card.js';
import { errorMessage } from '../slack/views/deal.js';
import { REVIVAL_CALLBACK } from '../slack/views/revival.js';
import type { Actor, AppContext } from './context.js';
import { handleDraftAction, isDraftAction, submitDraftDiscard, submitDraftEdit } from './drafts.js';
import { handleNudgeAction, isNudgeAction } from './nudge-actions.js';
import { handleFiredAction, isFiredAction, submitRevival } from './revival.js';

export interface InteractionResult {
  /** Shown only to the rep. */
  message?: BotMessage;
  /** A form to open. */
  modal?: ModalView;
}

export function isKnownAction(actionId: string): boolean {
  return isNudgeAction(actionId) || isDraftAction(actionId) || isFiredAction(actionId);
}

export async function dispatchAction(ctx: AppContext, messenger: Messenger, actor: Actor, actionId: string, value: string | undefined): Promise<InteractionResult> {
  if (isNudgeAction(actionId)) return handleNudgeAction(ctx, messenger, actor, actionId, value);
  if (isDraftAction(actionId)) {
    const result = await handleDraftAction(ctx, messenger, actor, actionId, value);
    return { message: result.ephemeral, modal: result.modal };
  }
  if (isFiredAction(actionId)) return { message: handleFiredAction(ctx, actor, actionId, value) };
  return { message: errorMessage('That button is not known here.') };
}

export const FORM_CALLBACKS = [DRAFT_EDIT_CALLBACK, DRAFT_DISCARD_CALLBACK, REVIVAL_CALLBACK] as const;

export type SubmissionResult =
  | { ok: true; message?: BotMessage; after?: (messenger: Messenger) => Promise<void> }
  | { ok: false; errors: Record<string, string> };

/** A submitted form: fast work here (the ack waits for it); slow work in `after`. */
export async function dispatchSubmission(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  callbackId: string,
  privateMetadata: string,
  values: Record<string, string | null | undefined>,
): Promise<SubmissionResult> {
  const id = Number(privateMetadata);
  switch (callbackId) {
    case DRAFT_EDIT_CALLBACK:
      return submitDraftEdit(ctx, messenger, actor, id, values);
    case DRAFT_DISCARD_CALLBACK:
      return submitDraftDiscard(ctx, messenger, actor, id, values.reason ?? null);
    case REVIVAL_CALLBACK:
      return submitRevival(ctx, actor, id, values);
    default:
      return { ok: false, errors: {} };
  }
}
