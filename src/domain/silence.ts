// The silence rules and the bounded cadence (METHOD.md sections 1, 2, 4). Pure: time comes in.
//
// Two clocks are kept apart: the prospect's (their last reply) and the rep's (their last touch).
// A deal turns silent when the prospect has not replied for the stage's threshold in business
// days and a touch since their last reply is unanswered, or when an open commitment is overdue
// by a business day with no reply since it was made. Each silence is an episode with a cadence.
import type { Stage } from './vocabulary.js';
import type { BusinessCalendar } from './calendar.js';
import { formatCalendarDate } from './dates.js';

export type StepKind = 'touch' | 'message' | 'fire';

export interface CadenceStep {
  step: number;
  /** Business day of the episode (day 1 is the day the silence was found). */
  day: number;
  channel: 'call' | 'email' | 'voicemail';
  /** For calls: leave a message or not. */
  leaveMessage?: boolean;
  /** touch: a call or email; message: the accountability or check-in email; fire: the goodbye. */
  kind: StepKind;
}

export const DEFAULT_CADENCE: CadenceStep[] = [
  { step: 1, day: 1, channel: 'call', leaveMessage: true, kind: 'touch' },
  { step: 2, day: 2, channel: 'call', leaveMessage: false, kind: 'touch' },
  { step: 3, day: 3, channel: 'email', kind: 'message' },
  { step: 4, day: 5, channel: 'call', leaveMessage: true, kind: 'touch' },
  { step: 5, day: 6, channel: 'email', kind: 'fire' },
];

/** Business days without a reply before a deal at that stage counts as silent. */
export const DEFAULT_THRESHOLDS: Record<Stage, number> = {
  prospecting: 10,
  qualified: 7,
  demo: 5,
  proposal: 5,
  negotiation: 3,
  verbal: 3,
};

/** Nobody is nudged about a deal they touched this recently. */
export const JUST_UPDATED_MS = 3 * 60 * 60 * 1000;

export interface StepProgress {
  offers: number;
  lastOfferedOn: string | null;
  done: boolean;
  skipped: boolean;
}

export type EpisodeSteps = Record<string, StepProgress>;

export interface ScanCommitment {
  id: number;
  text: string;
  dueOn: string;
  madeAt: number;
}

export interface ScanEpisode {
  id: number;
  startedOn: string;
  reason: string;
  steps: EpisodeSteps;
}

/** What the rules need to know about one deal. Instants are epoch ms. */
export interface ScanDeal {
  id: number;
  state: 'active' | 'silent' | 'fired' | 'nurture' | 'won' | 'lost';
  stage: Stage;
  lastInboundAt: number | null;
  lastOutboundAt: number | null;
  lastActivityAt: number | null;
  createdAt: number;
  snoozedUntil: number | null;
  followUpOn: string | null;
  openCommitments: ScanCommitment[];
  episode: ScanEpisode | null;
}

export interface RuleContext {
  now: number;
  calendar: BusinessCalendar;
  thresholds: Record<Stage, number>;
  cadence: CadenceStep[];
}

export type Decision =
  | { action: 'open_episode'; reason: 'no_reply' | 'broken_commitment'; brokenCommitmentIds: number[]; why: string }
  | { action: 'nudge'; step: CadenceStep; offer: 1 | 2; daysSilent: number; why: string }
  | { action: 'skip_step'; step: CadenceStep; why: string }
  | { action: 'follow_up'; why: string };

/** A calendar date in a "why" as people read it: "Mon, Dec 7" (with the year when it is another one). */
const readableDay = (isoDate: string | null, rules: Pick<RuleContext, 'now' | 'calendar'>) =>
  isoDate
    ? formatCalendarDate(isoDate, isoDate.slice(0, 4) !== rules.calendar.dateOf(rules.now).slice(0, 4))
    : 'earlier';

/** "1 business day", "3 business days". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the history says about the rep's attempts since the prospect's last reply, for the goodbye's "why". */
export function attemptsText(unansweredTouches: number): string {
  if (unansweredTouches === 0) return 'no touch is logged since their last reply';
  if (unansweredTouches === 1) return 'your one touch since their last reply is unanswered';
  return `you reached out ${unansweredTouches} times since their last reply without an answer`;
}

/** Business days since the prospect last replied (or since the deal was added, if never). */
export function businessDaysSilent(
  deal: Pick<ScanDeal, 'lastInboundAt' | 'createdAt'>,
  rules: Pick<RuleContext, 'now' | 'calendar'>,
): number {
  return rules.calendar.businessDaysBetween(deal.lastInboundAt ?? deal.createdAt, rules.now);
}

/**
 * The open promises an accountability email may be about: due today or earlier, and nothing came
 * back from the prospect since they were made. One due next month is no reason to ask yet.
 */
export function dueUnansweredCommitments<C extends Pick<ScanCommitment, 'dueOn' | 'madeAt'>>(
  commitments: readonly C[],
  lastInboundAt: number | null,
  today: string,
): C[] {
  return commitments.filter((c) => c.dueOn <= today && (lastInboundAt === null || lastInboundAt <= c.madeAt));
}

/** Which rule, if any, makes the deal silent now. */
export function silenceRule(deal: ScanDeal, rules: RuleContext): Extract<Decision, { action: 'open_episode' }> | null {
  const broken = deal.openCommitments.filter(
    (c) =>
      rules.calendar.businessDaysSinceDate(c.dueOn, rules.now) >= 1 &&
      (deal.lastInboundAt === null || deal.lastInboundAt <= c.madeAt),
  );
  if (broken.length > 0) {
    const first = broken[0]!;
    return {
      action: 'open_episode',
      reason: 'broken_commitment',
      brokenCommitmentIds: broken.map((c) => c.id),
      why:
        `commitment broken: “${first.text}” was due ${readableDay(first.dueOn, rules)} and nothing came back ` +
        'since it was made',
    };
  }
  const silentDays = businessDaysSilent(deal, rules);
  const threshold = rules.thresholds[deal.stage];
  const unanswered = deal.lastOutboundAt !== null && deal.lastOutboundAt > (deal.lastInboundAt ?? -Infinity);
  if (unanswered && silentDays >= threshold) {
    return {
      action: 'open_episode',
      reason: 'no_reply',
      brokenCommitmentIds: [],
      why:
        `no reply for ${plural(silentDays, 'business day')} (the ${deal.stage} threshold is ${threshold}` +
        `) and your last touch is unanswered`,
    };
  }
  return null;
}

/** The episode's business day today: day 1 is the day it started (or the first business day after). */
export function episodeDay(startedOn: string, rules: Pick<RuleContext, 'now' | 'calendar'>): number {
  const startIsBusiness = rules.calendar.isBusinessDate(startedOn);
  return rules.calendar.businessDaysSinceDate(startedOn, rules.now) + (startIsBusiness ? 1 : 0);
}

/** Cadence decisions for an open episode: each step on its day, offered once more, then skipped. */
export function cadenceDecisions(
  _deal: ScanDeal,
  episode: ScanEpisode,
  rules: RuleContext,
  daysSilent: number,
): Decision[] {
  const today = rules.calendar.dateOf(rules.now);
  const day = episodeDay(episode.startedOn, rules);
  const eligible = rules.cadence.filter(
    (s) => s.day <= day && !episode.steps[s.step]?.done && !episode.steps[s.step]?.skipped,
  );
  const latest = eligible.at(-1);
  const decisions: Decision[] = [];
  for (const step of eligible) {
    const progress = episode.steps[step.step] ?? { offers: 0, lastOfferedOn: null, done: false, skipped: false };
    if (progress.lastOfferedOn === today) continue;
    if (progress.offers === 0) {
      if (step.day === day || step === latest) {
        decisions.push({
          action: 'nudge',
          step,
          offer: 1,
          daysSilent,
          why: `step ${step.step} is due on day ${step.day} of the silence; today is day ${day}`,
        });
      } else {
        decisions.push({
          action: 'skip_step',
          step,
          why: `step ${step.step}'s day passed without a chance to offer it; the cadence moves on`,
        });
      }
    } else if (progress.offers === 1) {
      decisions.push({
        action: 'nudge',
        step,
        offer: 2,
        daysSilent,
        why:
          `step ${step.step} was offered ${readableDay(progress.lastOfferedOn, rules)} and not done: ` +
          'offered once more',
      });
    } else {
      decisions.push({
        action: 'skip_step',
        step,
        why: `step ${step.step} was offered twice and not done; the cadence moves on`,
      });
    }
  }
  return decisions;
}

/**
 * Everything due for one deal at `now`. Episodes may open at any hour; nudges only in the rep's
 * working time, and never about a deal the rep touched in the last few hours.
 */
export function evaluateDeal(deal: ScanDeal, rules: RuleContext): Decision[] {
  if (deal.state === 'fired' || deal.state === 'won' || deal.state === 'lost') return [];
  if (deal.snoozedUntil !== null && deal.snoozedUntil > rules.now) return [];
  const working = rules.calendar.isWorkingTime(rules.now);
  if (deal.state === 'nurture') {
    const today = rules.calendar.dateOf(rules.now);
    if (deal.followUpOn && deal.followUpOn <= today && working) {
      return [
        { action: 'follow_up', why: `they asked to be called back around ${readableDay(deal.followUpOn, rules)}` },
      ];
    }
    return [];
  }
  const decisions: Decision[] = [];
  let episode = deal.episode;
  if (!episode) {
    const opened = silenceRule(deal, rules);
    if (!opened) return [];
    decisions.push(opened);
    episode = { id: 0, startedOn: rules.calendar.dateOf(rules.now), reason: opened.reason, steps: {} };
  }
  if (!working) return decisions;
  if (deal.lastActivityAt !== null && rules.now - deal.lastActivityAt < JUST_UPDATED_MS) return decisions;
  return [...decisions, ...cadenceDecisions(deal, episode, rules, businessDaysSilent(deal, rules))];
}

/**
 * Does a touch the rep logged count for a cadence step? Calls (or voicemails) for call steps, emails for email steps.
 */
function touchMatches(step: CadenceStep, channel: string): boolean {
  if (step.channel === 'email') return channel === 'email';
  return channel === 'call' || channel === 'voicemail';
}

/**
 * The step a touch the rep logged on their own completes: the earliest open step of that channel
 * that is due by now, else the next open step if it is of that channel. Fire steps complete only
 * when the goodbye itself is sent.
 */
export function stepForTouch(
  cadence: CadenceStep[],
  steps: EpisodeSteps,
  day: number,
  channel: string,
): CadenceStep | null {
  const open = cadence.filter((s) => s.kind !== 'fire' && !steps[s.step]?.done && !steps[s.step]?.skipped);
  const due = open.find((s) => s.day <= day && touchMatches(s, channel));
  if (due) return due;
  const next = open.find((s) => s.day > day);
  return next && touchMatches(next, channel) ? next : null;
}

/** A human label for a step: "Call and leave a message", "Email: ask what happened", "The goodbye-for-now message". */
export function stepLabel(step: CadenceStep, hasCommitment: boolean): string {
  if (step.kind === 'fire') return 'Send the goodbye-for-now message';
  if (step.kind === 'message')
    return hasCommitment
      ? 'Email: remind them of their commitment and ask what happened'
      : 'Email: a short check-in question';
  if (step.channel === 'email') return 'Email';
  if (step.channel === 'voicemail') return 'Leave a voicemail';
  return step.leaveMessage ? 'Call and leave a message' : 'Call, no message';
}
