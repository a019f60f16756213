// Payloads no listener takes: a button or form from a retired version (its id is no longer in ids.ts),
// a shortcut, a closed form, a select asking for options. Slack still waits 3 s for each; without an ack
// the HTTP receiver answers 404 after 3 s and Socket Mode never answers. This middleware acks them at
// once and says politely what to do instead; everything with a current id goes on to its listener.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { message, section, type BotMessage } from './blocks.js';
import { isActionId, isCallbackId } from './ids.js';

const retired = (what: string, instead: string): BotMessage => {
  const text =
    `${what} is from an older version of dealcoach and no longer does anything; nothing was changed. ` + instead;
  return message(text.replace(/`/g, ''), [section(`:information_source: ${text}`)]);
};

export const RETIRED_BUTTON = retired(
  'That button',
  'Use `/deal status <deal>` to see where the deal stands, or `/deal help`.',
);
export const RETIRED_FORM = retired('That form', 'Type `/deal` to open the current one; what you typed was not saved.');
export const NO_SHORTCUTS = retired(
  'That shortcut',
  'Everything dealcoach does starts with `/deal`: try `/deal help`.',
);

interface FallbackArgs {
  body: unknown;
  ack?: (response?: unknown) => Promise<void>;
  respond?: (message: Record<string, unknown>) => Promise<unknown>;
  client: WebClient;
  next: () => Promise<void>;
  logger: { warn(line: string): void };
}

type Fields = {
  type?: string;
  actions?: Array<{ action_id?: string }>;
  view?: { callback_id?: string };
  user?: { id?: string };
  callback_id?: string;
};

/** Tells the user privately: through response_url when the payload has one, else in a DM. */
async function tell(args: FallbackArgs, userId: string | undefined, answer: BotMessage): Promise<void> {
  try {
    if (args.respond) {
      await args.respond({ response_type: 'ephemeral', replace_original: false, ...answer });
      return;
    }
    if (userId) await args.client.chat.postMessage({ channel: userId, text: answer.text, blocks: answer.blocks });
  } catch (error) {
    args.logger.warn(`could not answer a retired or unknown payload: ${(error as Error).message}`);
  }
}

export function registerFallbacks(app: App): void {
  app.use(async (middlewareArgs) => {
    const args = middlewareArgs as unknown as FallbackArgs;
    const body = (args.body ?? {}) as Fields;
    const userId = body.user?.id;
    switch (body.type) {
      case 'block_actions':
        if ((body.actions ?? []).every((a) => isActionId(a.action_id ?? ''))) return args.next();
        await args.ack?.();
        return tell(args, userId, RETIRED_BUTTON);
      case 'view_submission':
        if (isCallbackId(body.view?.callback_id ?? '')) return args.next();
        // The form closes; what was typed in it cannot be saved by any current handler.
        await args.ack?.();
        return tell(args, userId, RETIRED_FORM);
      case 'view_closed':
        if (isCallbackId(body.view?.callback_id ?? '')) return args.next();
        await args.ack?.();
        return;
      case 'shortcut':
      case 'message_action':
        await args.ack?.();
        return tell(args, userId, NO_SHORTCUTS);
      case 'block_suggestion':
        await args.ack?.({ options: [] });
        return;
      case 'interactive_message':
      case 'dialog_submission':
      case 'dialog_cancellation':
        // Legacy attachments and dialogs: dealcoach never sends them.
        await args.ack?.();
        return;
      default:
        return args.next();
    }
  });
}
