// Slack gives every request 3 seconds. The bot's own share is ACK_BUDGET_MS: work that finishes in it
// is answered in the ack; work that does not (a database another process holds, a slow Slack) is acked
// with an honest "still working" and answered later through response_url or a DM. These are the rules
// and the words for that, shared by the HTTP and Socket Mode listeners.
import { DatabaseBusyError } from '../db/write.js';
import { context, message, section, type BotMessage } from './blocks.js';
import { errorMessage } from './views/deal.js';

/** The bot's share of Slack's 3 s: the network and Slack take the rest. */
export const ACK_BUDGET_MS = 1000;

/** A trigger_id opens a form for 3 s after Slack sent it; later than this, views.open is not tried. */
export const TRIGGER_LIFE_MS = 2600;

export type Settled<T> =
  | { done: true; ok: true; value: T }
  | { done: true; ok: false; error: unknown }
  | { done: false };

/** How `work` stands after `ms`: its value, its error, or not done yet (it goes on; settle it later). */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  const settled = work.then(
    (value): Settled<T> => ({ done: true, ok: true, value }),
    (error: unknown): Settled<T> => ({ done: true, ok: false, error }),
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

const WORKING = 'Working on it: this is taking longer than usual. I will post the result here in a moment.';

/** The ack of a command or click whose work outlives the budget: true, and a promise to answer. */
export const STILL_WORKING: BotMessage = message(WORKING, [context(`:hourglass_flowing_sand: ${WORKING}`)]);

/**
 * What to tell the rep when the work failed, by what it had saved: "nothing was changed" only when
 * nothing was; a database held by another process is named as such.
 */
export function failureMessage(error: unknown, commits: number): BotMessage {
  if (commits > 0) {
    const text = 'Part of this was saved, then something went wrong on our side. Check with /deal status first.';
    return message(text, [section(`:warning: ${text.replace('/deal status', '`/deal status`')}`)]);
  }
  if (error instanceof DatabaseBusyError) {
    return errorMessage(
      `Not saved: the database stayed locked by another dealcoach process for ${Math.round(error.waitedMs / 1000)} ` +
        's. Please try again in a minute.',
    );
  }
  return errorMessage('Something went wrong on our side. Please try again in a moment.');
}

/** A form whose trigger expired while the work ran: it cannot open any more, so say how to get it. */
export function formTooLate(how: string): BotMessage {
  const text = `Slack only opens a form within 3 seconds of the click or command, and this took longer. ${how}`;
  return message(text, [section(`:information_source: ${text}`)]);
}
