// What each outbox kind carries. The outbox row's payload is one of these, keyed by the row's kind.
import type { DraftKind, OutboxKind } from '../domain/vocabulary.js';
import type { BotMessage } from '../slack/blocks.js';

/** The scan's DM to a rep: the rendered message and the decisions it reports. */
export interface NudgesPayload extends BotMessage {
  decisions: string[];
}

/** A draft card to write at delivery time (no model call inside the scan's transaction). */
export interface DraftCardPayload {
  dealId: number;
  episodeId: number | null;
  step: number;
  kind: DraftKind;
  voicemail?: boolean;
}

/** Sums per currency (minor units), as the digest keeps them. */
export type MoneyByCurrency = Record<string, number>;

export interface DigestTotalsPayload {
  stuckDeals: number;
  stuckValue: MoneyByCurrency;
  forecastAtRisk: MoneyByCurrency;
  escalated: number;
  /** Deals without an amount, counted apart from the sums (absent in digests made before they were). */
  stuckWithoutAmount?: number;
  atRiskWithoutAmount?: number;
}

/** A manager digest: the main message, its thread replies, and totals for the next digest's change. */
export interface DigestPayload extends BotMessage {
  thread?: BotMessage[];
  /** How many thread replies went out: a retry sends only the rest (the main message's ts is on the row). */
  threadSent?: number;
  totals?: DigestTotalsPayload;
}

/**
 * A draft card's content that Slack did not take when the rep's change was saved (a 429, a 5xx, a time-out):
 * chat.update sends it again. `version` orders the updates of one card: only the newest is sent.
 */
export interface CardUpdatePayload extends BotMessage {
  draftId: number;
  channel: string;
  ts: string;
  version: number;
}

/** A DM that tells someone about a problem they can fix (e.g. a digest Slack would not post). */
export type NoticePayload = BotMessage;

export interface OutboxPayloads {
  nudges: NudgesPayload;
  draft_card: DraftCardPayload;
  digest: DigestPayload;
  /** A Slack admin's DM listing the roles a stand-in admin granted, with Keep / Revoke (services/roles.ts). */
  stand_in_review: BotMessage;
  card_update: CardUpdatePayload;
  notice: NoticePayload;
}

export type OutboxPayload = OutboxPayloads[OutboxKind];

/** A row to queue: its payload is the one its kind carries. */
export type OutboxEntry = {
  [K in OutboxKind]: { teamId: string; key: string; kind: K; recipient: string; payload: OutboxPayloads[K] };
}[OutboxKind];
