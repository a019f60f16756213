// App Home refreshes after a change: published one at a time, a moment after the change, with the
// same rep's changes in that moment published once. Acks come first: under ten commands at once,
// every command used to wait for the App Home refreshes of the ones before it.
import type { Actor, AppContext } from '../services/context.js';
import { publishHome } from '../services/home.js';
import type { Messenger } from './messenger.js';

/** How long a refresh waits for more changes (and for the requests already arriving to be acked). */
export const HOME_REFRESH_DELAY_MS = 250;

export interface HomeRefresher {
  /**
   * Publishes the rep's App Home as it will be after the delay; resolves once published. A failure is
   * logged, never thrown: it must not hide the change itself.
   */
  refresh(ctx: AppContext, messenger: Messenger, actor: Actor, log: (line: string) => void): Promise<void>;
}

interface Queued {
  ctx: AppContext;
  messenger: Messenger;
  actor: Actor;
  log: (line: string) => void;
  published: Array<() => void>;
}

/** Lets requests that have already arrived run to their acks before the next refresh. */
const afterWaitingRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export function homeRefresher(delayMs = HOME_REFRESH_DELAY_MS): HomeRefresher {
  // In the order asked; a rep asked again while queued keeps their place and is published once.
  const queued = new Map<string, Queued>();
  let draining = false;

  const drain = async () => {
    draining = true;
    try {
      await (delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, delayMs)) : afterWaitingRequests());
      for (let next = queued.entries().next(); !next.done; next = queued.entries().next()) {
        const [key, entry] = next.value;
        queued.delete(key);
        try {
          await publishHome(entry.ctx, entry.messenger, entry.actor);
        } catch (error) {
          entry.log(`could not refresh App Home for ${entry.actor.userId}: ${(error as Error).message}`);
        }
        for (const published of entry.published) published();
        await afterWaitingRequests();
      }
    } finally {
      draining = false;
    }
  };

  return {
    refresh(ctx, messenger, actor, log) {
      const key = `${actor.teamId}|${actor.userId}`;
      const entry = queued.get(key) ?? { ctx, messenger, actor, log, published: [] };
      Object.assign(entry, { ctx, messenger, actor, log });
      queued.set(key, entry);
      const published = new Promise<void>((resolve) => entry.published.push(resolve));
      if (!draining) void drain();
      return published;
    },
  };
}
