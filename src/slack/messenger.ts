import type { BotMessage, HomeView, ModalView } from './blocks.js';

export interface PostedRef {
  channel: string;
  ts: string;
}

/**
 * Everything dealcoach says outside an immediate reply goes through a Messenger:
 * the Slack Web API in the bot, the terminal in the local console.
 */
export interface Messenger {
  /** A direct message from the bot to a user. */
  dm(teamId: string, userId: string, message: BotMessage): Promise<PostedRef>;
  /** A message in a channel (digests), or a reply in a thread when threadTs is given. */
  post(teamId: string, channel: string, message: BotMessage, threadTs?: string): Promise<PostedRef>;
  /** Replaces a message the bot posted earlier. */
  update(teamId: string, ref: PostedRef, message: BotMessage): Promise<void>;
  /** Opens a modal for a trigger id (the console ignores the trigger). */
  openModal(teamId: string, triggerId: string, view: ModalView): Promise<void>;
  /** Publishes a user's App Home tab. */
  publishHome(teamId: string, userId: string, view: HomeView): Promise<void>;
  /**
   * The message the outbox row `key` already posted to `recipient` (a user's DM or a channel) since `since`,
   * found by its metadata; null when there is none. With `threadTs`, the reply in that thread of the channel.
   * Absent where there is no history to read (the console).
   */
  findOutboxPost?(
    teamId: string,
    recipient: string,
    key: string,
    since: Date,
    threadTs?: string,
  ): Promise<PostedRef | null>;
}
