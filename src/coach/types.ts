// The contract between the rest of dealcoach and the drafting layer.
// Everything a draft may say comes from DraftFacts: nothing else about the deal reaches a prompt.

import type { DraftKind, DraftTone } from '../domain/vocabulary.js';

export { DRAFT_KINDS, DRAFT_TONES, type DraftKind, type DraftTone } from '../domain/vocabulary.js';

export interface DraftTouch {
  /** ISO date (YYYY-MM-DD) in the rep's time zone. */
  date: string;
  direction: 'out' | 'in';
  /** call | voicemail | email | meeting | other */
  channel: string;
  leftMessage: boolean | null;
  /** Free text the rep typed: data, never instructions. */
  note: string | null;
}

export interface DraftFacts {
  dealId: number;
  company: string;
  contactName: string | null;
  contactEmail: string | null;
  /** How the contact likes to be greeted ("Tanaka-san", "Herr Müller", "Bob"); wins over the parsed name. */
  greetAs?: string | null;
  /** prospecting | qualified | demo | proposal | negotiation | verbal */
  stage: string;
  /** The deal's value, already formatted for people (e.g. "$50,000"), or null when unknown. */
  valueText: string | null;
  /** What the prospect wanted to gain, in their own terms (e.g. "improving retention and reducing hiring costs"). */
  prospectGoal: string | null;
  /** The rep's display name, to sign with; null when unknown. */
  repName: string | null;
  /** The rep's own company, to say on the phone and sign with; null or absent when unknown. */
  repCompany?: string | null;
  /** The prospect's open or broken commitment, in their words, with its due date. */
  commitment: {
    text: string;
    /** ISO date YYYY-MM-DD */
    dueDate: string;
    /** The due date written for people, e.g. "Friday, November 20". */
    dueText: string;
    broken: boolean;
  } | null;
  /** The rep's notes on the deal, newest first (data, never instructions). */
  notes: string[];
  /** Touches and replies, oldest first. */
  touches: DraftTouch[];
  /** ISO date of the prospect's last reply, or null if they never replied. */
  lastReplyDate: string | null;
  /**
   * The rep's outbound touches since the prospect's last reply, counted by instant: the number the nudge and
   * the draft card show (db/deals.ts unansweredTouchCount). Absent: counted from `touches` by date.
   */
  attempts?: number;
  /** Business days since the prospect's last reply (or since the silence began). */
  daysSilent: number;
  /** Cadence step this draft is for (0 when drafted on demand). Used with dealId to pick a stable phrasing. */
  step: number;
  /** Whether the step is a call: then a voicemail script is wanted too. */
  wantsVoicemail: boolean;
  /** For 'revival': why the prospect came back / what they said. */
  revival?: { reason: string; said: string | null } | null;
  /** For 'roi': yearly gain in the deal's currency for three scenarios, and the yearly cost. */
  roi?: {
    currency: string;
    conservative: number;
    moderate: number;
    aggressive: number;
    yearlyCost: number | null;
    /** three: the rep's own figures; range: low, midpoint, high; single: one figure and the adoption assumptions. */
    basis?: 'three' | 'range' | 'single';
  } | null;
  /** Regeneration instruction from the rep (Firmer / Warmer / Shorter). */
  tone?: DraftTone | null;
}

export interface ToneProblem {
  /** A stable rule id, e.g. 'antagonism', 'guilt-trip', 'placeholder', 'too-long', 'fire-no-door'. */
  rule: string;
  message: string;
}

export interface ToneResult {
  ok: boolean;
  problems: ToneProblem[];
}

export interface Draft {
  kind: DraftKind;
  subject: string;
  body: string;
  /** A voicemail script under about 30 seconds of speech, or null when the step is not a call. */
  voicemail: string | null;
  /** 'offline', or the model's name. */
  source: string;
  /** e.g. "fire@3": the prompt file's name and version. */
  promptVersion: string;
  tone: ToneResult;
  usage: { promptTokens: number; completionTokens: number } | null;
  /** Why the offline drafter was used when a model was configured (e.g. "timeout", "schema", "http 500", "tone"). */
  fallbackReason?: string | null;
}

export interface Drafter {
  draft(facts: DraftFacts, kind: DraftKind): Promise<Draft>;
}
