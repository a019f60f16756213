// The offline drafter: deterministic drafts from the deal's facts, good enough to send.
// Used when no model is configured and whenever the model fails. It follows the same method as
// the prompts (METHOD.md 3-5) and its output always passes the tone guard (tested over many deals).
// Phrasing is picked by a stable hash of deal, step and kind, so a deal sees the same wording for
// the same step but different deals (and later steps) read differently.
import { countWords, findMonthDays, findWeekdays, formatAmount, roiFigures } from './evidence.js';
import { checkTone, type DraftText } from './tone.js';
import type { Draft, DraftFacts, DraftKind, Drafter, DraftTone } from './types.js';

/** Bump when the offline wording changes, like a prompt file's version. */
export const OFFLINE_VERSION = 1;
export const PHRASINGS_PER_KIND = 3;

export function offlinePromptVersion(kind: DraftKind): string {
  return `offline-${kind}@${OFFLINE_VERSION}`;
}

/** FNV-1a, 32 bits: small, stable across runs and platforms. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function phrasingIndex(facts: Pick<DraftFacts, 'dealId' | 'step'>, kind: DraftKind): number {
  return stableHash(`${facts.dealId}:${facts.step}:${kind}`) % PHRASINGS_PER_KIND;
}

// ---------- cleaning the facts we quote ----------

/**
 * Rep-typed text goes into the draft as-is, minus what would make a sendable email look broken:
 * exclamation piles, bracketed placeholders, TODO markers, wrapping quotes and trailing punctuation.
 */
export function cleanFact(text: string | null | undefined, maxWords = 25): string | null {
  if (!text) return null;
  let cleaned = text
    .replace(/!/g, '')
    .replace(/\{\{[^}]*\}\}|\[[^\]]*\]|<[^>]*>|\{[^}]*\}/g, ' ')
    .replace(/\b(?:TODO|TBD|FIXME|XXX+)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, '')
    .replace(/[\s.,;:]+$/, '')
    // A word left dangling by a removed placeholder ("check with [manager]").
    .replace(/\s+(?:with|to|for|by|and|or|of|the|a|an)$/i, '')
    .trim();
  if (cleaned === '') return null;
  const words = cleaned.split(' ');
  if (words.length > maxWords) cleaned = `${words.slice(0, maxWords).join(' ')}...`;
  return cleaned;
}

const HONORIFICS = /^(?:mr|mrs|ms|miss|mx|dr|prof)\.?$/i;

/** "Dana" from "Dr. Dana Whitfield"; null when there is no usable name. */
export function firstNameOf(fullName: string | null | undefined): string | null {
  const words = (cleanFact(fullName, 6) ?? '').split(/\s+/).filter((w) => w !== '' && !HONORIFICS.test(w));
  const first = words[0]?.replace(/[,;:.]+$/, '');
  if (!first || !/\p{L}/u.test(first) || first.includes('@')) return null;
  // "dana" typed in a hurry still gets a capital in the greeting.
  return first.charAt(0).toUpperCase() + first.slice(1);
}

const STAGE_TOPIC: Record<string, string> = {
  demo: 'the demo',
  proposal: 'the proposal',
  negotiation: 'the terms',
  verbal: 'the paperwork',
};

/** What "we last talked about", by stage; early stages have no artefact to name. */
function topicOf(stage: string): string {
  return STAGE_TOPIC[stage.trim().toLowerCase()] ?? 'your plans';
}

const FIRST_PERSON_START = /^(?:i|we)\s*(?:'ll|’ll| will| would|'d|’d| are going to| am going to|'m going to|’m going to| plan to| need to| have to| can)\s+/i;
const NOUN_START = /^(?:the|a|an|this|that|these|those|our|my|your|their|his|her|its)\b/i;
const MENTIONS_WHEN = /\b(?:by|before|until|end of|eod|eow|next week|tomorrow|today|this week)\b/i;

/**
 * "you would present the proposal to the VP of Sales by Friday": the commitment in their words.
 * Text recorded as the prospect's own sentence ("I'll send it to legal") is turned to "you";
 * text that is not a verb phrase is quoted as said.
 */
function commitmentSays(facts: DraftFacts, maxWords: number): string | null {
  const c = facts.commitment;
  let text = cleanFact(c?.text, maxWords);
  if (!c || !text) return null;
  const firstPerson = FIRST_PERSON_START.test(text);
  text = text.replace(FIRST_PERSON_START, '').replace(/^to\s+/i, '');
  if (firstPerson) text = text.replace(/\b(?:my|our)\b/gi, 'your');
  const saysWhen = findWeekdays(text).length > 0 || findMonthDays(text).length > 0 || MENTIONS_WHEN.test(text);
  const due = cleanFact(c.dueText, 8);
  const when = !saysWhen && due ? ` by ${due}` : '';
  return NOUN_START.test(text) && !firstPerson
    ? `the next step on your side was "${text}"${when}`
    : `you would ${text}${when}`;
}

/** Outbound touches since their last reply; "a few" when we cannot say. */
function timesTried(facts: DraftFacts): string {
  const since = facts.lastReplyDate ?? '';
  const count = facts.touches.filter((t) => t.direction === 'out' && t.date > since).length;
  const words = ['', '', '', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  if (count < 3) return 'a few times';
  return `${words[count] ?? String(count)} times`;
}

// ---------- shared context ----------

interface Context {
  facts: DraftFacts;
  v: number;
  tone: DraftTone | null;
  company: string;
  topic: string;
  goal: string | null;
  /** The goal when short enough to speak in a voicemail. */
  spokenGoal: string | null;
  first: string | null;
  rep: string | null;
  repFirst: string | null;
}

function contextOf(facts: DraftFacts, kind: DraftKind): Context {
  const goal = cleanFact(facts.prospectGoal, 20);
  const rep = cleanFact(facts.repName, 6);
  return {
    facts,
    v: phrasingIndex(facts, kind),
    tone: facts.tone ?? null,
    company: cleanFact(facts.company, 8) ?? 'your team',
    topic: topicOf(facts.stage),
    goal,
    spokenGoal: goal && countWords(goal) <= 10 ? goal : null,
    first: firstNameOf(facts.contactName),
    rep,
    repFirst: firstNameOf(rep),
  };
}

const pick = <T>(ctx: Context, options: readonly T[]): T => options[ctx.v % options.length]!;
const greeting = (ctx: Context): string => (ctx.first ? `Hi ${ctx.first},` : 'Hello,');
const sentences = (...parts: Array<string | null | false | undefined>): string => parts.filter(Boolean).join(' ');

function signOff(ctx: Context, closings: readonly string[]): string {
  const closing = pick(ctx, closings);
  return ctx.rep ? `${closing},\n${ctx.rep}` : `${closing},`;
}

function email(ctx: Context, paragraphs: Array<string | null | false | undefined>, closings: readonly string[]): string {
  return [greeting(ctx), ...paragraphs.filter(Boolean), signOff(ctx, closings)].join('\n\n');
}

/** "Hi Dana, it's Sam." or "Hello, this is a quick message for you at Acme." */
function voicemailOpening(ctx: Context): string {
  const hi = ctx.first ? `Hi ${ctx.first},` : 'Hello,';
  return ctx.repFirst ? `${hi} it's ${ctx.repFirst}.` : `${hi} this is a quick message for you at ${ctx.company}.`;
}

const CLOSINGS = ['Best regards', 'Thanks', 'All the best'] as const;
const FIRE_CLOSINGS = ['Kind regards', 'All the best', 'Best regards'] as const;

// ---------- accountability: ask what happened (METHOD 3) ----------

function accountability(ctx: Context): DraftText {
  const says = commitmentSays(ctx.facts, 25);
  const shorter = ctx.tone === 'shorter';
  const { company, topic, goal } = ctx;

  const reminder = says
    ? pick(ctx, [
        `When we last spoke about ${topic}, you told me ${says}.`,
        `You mentioned that ${says}.`,
        `Last time we talked, you said ${says}.`,
      ])
    : goal
      ? pick(ctx, [
          `When we last spoke about ${topic}, you told me ${goal} mattered to ${company}.`,
          `You told me ${goal} was a priority for ${company}.`,
          `Last time we talked, ${goal} was high on your list at ${company}.`,
        ])
      : pick(ctx, [
          `When we last spoke about ${topic}, there seemed to be real interest at ${company}.`,
          `When we last talked about ${topic}, it sounded like a priority for ${company}.`,
          `Last time we spoke, ${topic} looked like something ${company} wanted to move on.`,
        ]);
  const why = says && goal && !shorter ? `You also said ${goal} mattered to ${company}, which is why I'm asking.` : null;
  const ask = pick(ctx, [
    `I haven't heard back since, so I'd like to ask plainly: what happened?`,
    `Since then it has gone quiet, so let me simply ask: what happened?`,
    `I haven't been able to reach you since. What happened?`,
  ]);
  const honest =
    ctx.tone === 'firmer' ? `If it is no longer a priority, say so and I will close it out on my side; if it still is, let's agree on a date.`
    : shorter ? `A one-line reply is plenty.`
    : pick(ctx, [
        `If something changed or a concern came up, I would rather hear it straight, even if the answer is no.`,
        `If plans changed or there is a concern I can help with, a short reply telling me where things stand is all I need.`,
        `Whatever the answer is, including a no, it helps to know where things stand.`,
      ]);
  const warm = ctx.tone === 'warmer';

  const body = email(ctx, [
    warm && `I hope things are going well at ${company}.`,
    sentences(reminder, why),
    sentences(ask, honest, warm && `I know priorities can shift quickly, so there is no wrong answer.`),
  ], CLOSINGS);

  const spokenSays = commitmentSays(ctx.facts, 15);
  const voicemail = sentences(
    voicemailOpening(ctx),
    spokenSays ? `When we last spoke, you said ${spokenSays}.` : `I wanted to follow up on ${topic}.`,
    `I haven't heard back, so I wanted to ask plainly: what happened?`,
    `A quick call back or a short email is all I need. Thanks.`,
  );
  return {
    subject: pick(ctx, [`${company}: a quick question`, `What happened on your side?`, ctx.first ? `Where do things stand, ${ctx.first}?` : `${company}: where do things stand?`]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- checkin: a short question when nothing was promised ----------

function checkin(ctx: Context): DraftText {
  const { company, topic, goal } = ctx;
  const question = pick(ctx, [
    goal
      ? `Is ${goal} still a priority for ${company}, or have things moved on since we talked about ${topic}?`
      : `Is this still a priority for ${company}, or have things moved on since we last spoke?`,
    `Where do things stand on your side since we last talked about ${topic}?`,
    `Quick question: has anything changed at ${company} since we last spoke about ${topic}?`,
  ]);
  const follow =
    ctx.tone === 'firmer' ? `If it has dropped off your list, that is fine: tell me and I will stop checking in.`
    : ctx.tone === 'shorter' ? null
    : pick(ctx, [
        `Either answer helps me, and a one-line reply is plenty.`,
        `If the timing is wrong or something changed, just let me know.`,
        `A short reply either way would help me plan.`,
      ]);
  const body = email(ctx, [
    ctx.tone === 'warmer' && `I hope things are going well at ${company}.`,
    sentences(question, follow),
  ], CLOSINGS);
  const voicemail = sentences(
    voicemailOpening(ctx),
    `A quick question about ${topic}: where do things stand on your side?`,
    `Call me back or send me a short email when you have a minute. Thanks.`,
  );
  return {
    subject: pick(ctx, [`Quick question about ${topic}`, `${company}: where do things stand?`, `Still a priority for ${company}?`]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- fire: goodbye for now, firm and courteous (METHOD 4) ----------

function fire(ctx: Context): DraftText {
  const { company, topic, goal } = ctx;
  const times = timesTried(ctx.facts);
  const shorter = ctx.tone === 'shorter';
  const warm = ctx.tone === 'warmer';

  const tried = pick(ctx, [
    `I've tried to reach you ${times} about ${topic} and haven't heard back, so I'll assume it isn't a priority for ${company} right now.`,
    `Since I haven't heard back after trying ${times}, I'm going to assume the timing isn't right for ${company}.`,
    `I've reached out ${times} since we last spoke and haven't been able to connect, so I'll take it that this isn't a priority at the moment.`,
  ]);
  const stepBack = pick(ctx, [
    `I'm taking you off my list and won't call again.`,
    `I'm stepping back: I won't be calling again, and I'm taking you off my list.`,
    `I'm closing this out on my side and won't reach out again.`,
  ]);
  const firm = ctx.tone === 'firmer' ? `This is my last message on this. ${stepBack}` : stepBack;
  const value = goal
    ? pick(ctx, [
        `I still think ${goal} is worth pursuing for ${company}.`,
        `${capitalise(goal)} is still within reach for ${company}, but the next step is yours.`,
        `The chance to work on ${goal} remains whenever the time is right.`,
      ])
    : pick(ctx, [
        `I still think we could get ${company} the results we discussed.`,
        `The results we discussed for ${company} are still within reach, but the next step is yours.`,
        `The results we talked about for ${company} remain on offer whenever the time is right.`,
      ]);
  const door = shorter
    ? goal ? `If ${goal} becomes a priority again, just reply here.` : `If things change, just reply here.`
    : pick(ctx, [
        `If things change, the door is open: just reply to this email.`,
        `If anything changes, you know where to reach me.`,
        `If priorities shift, reply here anytime and we can pick it up from there.`,
      ]);
  const thanks = pick(ctx, [
    `Thank you for the time you gave this.`,
    `Thanks for your time and for considering it.`,
    `I appreciate the time you spent with me.`,
  ]);

  const body = email(ctx, [
    warm && `I hope all is well at ${company}.`,
    sentences(tried, firm),
    shorter ? sentences(door, thanks) : sentences(value, door),
    !shorter && sentences(thanks, warm && `No hard feelings at all: these things happen for all kinds of reasons.`),
  ], FIRE_CLOSINGS);

  const voicemail = sentences(
    voicemailOpening(ctx),
    `I've tried you ${times}, so I'll assume ${topic === 'your plans' ? 'this' : topic} isn't a priority right now.`,
    `I'm taking you off my list and won't call again. Thank you for your time.`,
    ctx.spokenGoal
      ? `If things change and ${ctx.spokenGoal} is back on the table, you can reach me by email or at this number.`
      : `If things change, you can reach me by email or at this number.`,
    `Take care.`,
  );
  return {
    subject: pick(ctx, [`Closing the loop on ${topic}`, `Stepping back for now`, `Taking this off my list`]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------- revival: they came back; suggest a next step and book it (METHOD 5) ----------

type RevivalReason = 'roi' | 'approval' | 'later' | 'competitor' | 'current' | 'general';

/** The kinds of reasons METHOD.md 5 lists, recognised from the recorded reason. */
export function revivalReasonOf(reason: string | null | undefined): RevivalReason {
  const r = (reason ?? '').toLowerCase();
  if (/\broi\b|price|pricing|cost|budget|value|objection|numbers/.test(r)) return 'roi';
  if (/compet|signed with|another vendor|other vendor|went with/.test(r)) return 'competitor';
  if (/current|existing|incumbent|stay(?:ing)? with/.test(r)) return 'current';
  if (/politic|approv|sign-?off|board|legal|procure|management/.test(r)) return 'approval';
  if (/later|month|sidetrack|side-track|busy|timing|quarter|call me|snooze|priorit/.test(r)) return 'later';
  return 'general';
}

const REVIVAL_STEPS: Record<RevivalReason, { ack: string | null; next: (company: string) => string; spoken: string }> = {
  roi: {
    ack: 'It sounds like the open question is whether the numbers work for you.',
    next: () => `As a next step, I'd suggest a 30-minute call to go through the value three ways, conservative, moderate and aggressive, using your own figures.`,
    spoken: 'go through the numbers together',
  },
  approval: {
    ack: 'It sounds like the decision is waiting on internal approvals.',
    next: () => `As a next step, I'd suggest a 30-minute call to map who needs to sign off and what each of them needs to see.`,
    spoken: 'map who needs to sign off',
  },
  later: {
    ack: "Understood that the timing isn't right yet.",
    next: () => `So it doesn't slip, let's put a short call in the calendar now, for whenever suits you.`,
    spoken: 'put a date in the calendar',
  },
  competitor: {
    ack: "Understood that you've gone another way for now.",
    next: () => `It would help me to learn what tipped the decision, so I'd suggest a 20-minute call.`,
    spoken: 'hear what tipped the decision',
  },
  current: {
    ack: "Understood that you're staying with your current setup for now.",
    next: () => `A useful next step would be a 20-minute call to compare it side by side with what we discussed.`,
    spoken: 'compare the options side by side',
  },
  general: {
    ack: null,
    next: (company) => `As a next step, I'd suggest a 30-minute call to agree on what ${company} needs in order to decide.`,
    spoken: 'agree on next steps',
  },
};

function revival(ctx: Context): DraftText {
  const { company, topic, goal } = ctx;
  const step = REVIVAL_STEPS[revivalReasonOf(ctx.facts.revival?.reason)];
  const shorter = ctx.tone === 'shorter';
  const thanks = pick(ctx, [
    `Thanks for getting back to me, I appreciate it.`,
    `Good to hear from you, and thank you for the reply.`,
    `Thank you for coming back to me about ${topic}.`,
  ]);
  const confirm = ctx.tone === 'firmer'
    ? `Can we lock in a time now? Reply with a slot in the next two weeks and I'll send the invite.`
    : pick(ctx, [
        `Could you confirm a time that works for you in the next two weeks? I'll send the invite as soon as you do.`,
        `Which day and time suit you? Once you confirm, I'll send a calendar invite.`,
        `Can we book that now? Reply with a time that works and I'll send the invite.`,
      ]);
  const body = email(ctx, [
    sentences(thanks, ctx.tone === 'warmer' && `No need to apologise: things come up, and I'm glad you wrote.`),
    sentences(!shorter && step.ack, step.next(company), !shorter && goal && `The aim stays the same: ${goal}.`),
    confirm,
  ], CLOSINGS);
  const voicemail = sentences(
    voicemailOpening(ctx),
    `Thanks for getting back to me.`,
    `I'd suggest a short call to ${step.spoken}.`,
    `Could you call me back or reply by email with a time that works? I'll send an invite. Thanks.`,
  );
  return {
    subject: pick(ctx, [`Next step for ${company}`, `Good to hear from you`, `Booking our next conversation`]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- roi: the value three ways over three years (METHOD 5) ----------

function roi(ctx: Context): DraftText {
  const { company, goal } = ctx;
  const shorter = ctx.tone === 'shorter';
  const ask = pick(ctx, [
    `Would it help to go through the assumptions together? Could we book 30 minutes this week or next?`,
    `Which of these assumptions would you like to test? I'd suggest a 30-minute call to go through them; does that work for you?`,
    `Could we book 30 minutes to go through the assumptions with whoever needs to sign off?`,
  ]);
  const warm = ctx.tone === 'warmer' && `I hope this helps the conversation on your side.`;
  const firm = ctx.tone === 'firmer' && `If even the conservative case doesn't work for you, tell me and we can close this out.`;

  if (!ctx.facts.roi) {
    const body = email(ctx, [
      sentences(
        `I don't want to put a number in front of you that you can't defend internally, so I'd suggest we build the value case for ${company} together, three ways: a conservative, a moderate and an aggressive scenario, each annualised over three years.`,
        !shorter && goal && `The gains would come from ${goal}.`,
      ),
      sentences(ask, firm, warm),
    ], CLOSINGS);
    const voicemail = sentences(
      voicemailOpening(ctx),
      `I'd like to build the value case for ${company} with you, three ways over three years, so even the conservative case is clear.`,
      `Could you call me back so we can book 30 minutes? Thanks.`,
    );
    return {
      subject: pick(ctx, [`${company}: the value three ways`, `Three scenarios for ${company}`, `The numbers for ${company}, three ways`]),
      body,
      voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
    };
  }

  const f = roiFigures(ctx.facts.roi);
  const money = (n: number) => formatAmount(n, f.currency);
  const intro = pick(ctx, [
    `Here is the value for ${company} three ways, annualised over three years, so you can judge it on the most cautious case:`,
    `To make this easier to take to your colleagues, here is the value for ${company} in three scenarios, annualised over three years:`,
    `Rather than one optimistic number, here is the value for ${company} three ways, annualised over three years:`,
  ]);
  const lines = (['conservative', 'moderate', 'aggressive'] as const)
    .map((s) => `- ${capitalise(s)}: ${money(f.yearly[s])} a year, ${money(f.threeYear[s])} over three years`)
    .join('\n');
  let cost: string | null = null;
  if (f.yearlyCost !== null && f.threeYearNet) {
    const against = `Against a yearly cost of ${money(f.yearlyCost)} (${money(f.threeYearCost!)} over three years),`;
    if (f.threeYearNet.conservative > 0) cost = `${against} even the conservative case comes out ${money(f.threeYearNet.conservative)} ahead.`;
    else if (f.threeYearNet.moderate > 0) cost = `${against} the moderate case comes out ${money(f.threeYearNet.moderate)} ahead.`;
    else cost = `The yearly cost is ${money(f.yearlyCost)} (${money(f.threeYearCost!)} over three years).`;
  }
  const body = email(ctx, [
    `${intro}\n\n${lines}`,
    sentences(cost, !shorter && goal && `The gains come from ${goal}.`),
    sentences(ask, firm, warm),
  ], CLOSINGS);
  const voicemail = sentences(
    voicemailOpening(ctx),
    `I've put the value for ${company} together three ways over three years; even the conservative case comes to ${money(f.threeYear.conservative)}.`,
    `The details are in my email. Could you call me back so we can book 30 minutes to go through it? Thanks.`,
  );
  return {
    subject: pick(ctx, [`${company}: the value three ways`, `Three scenarios for ${company}`, `The numbers for ${company}, three ways`]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- the drafter ----------

const COMPOSERS: Record<DraftKind, (ctx: Context) => DraftText> = { accountability, checkin, fire, revival, roi };

/** The text of an offline draft (pure). */
export function composeOffline(facts: DraftFacts, kind: DraftKind): { subject: string; body: string; voicemail: string | null } {
  const text = COMPOSERS[kind](contextOf(facts, kind));
  return { subject: text.subject ?? '', body: text.body, voicemail: text.voicemail ?? null };
}

export interface OfflineExtras {
  fallbackReason?: string | null;
  usage?: Draft['usage'];
}

/** A complete offline draft, checked by the tone guard like any other. */
export function draftOffline(facts: DraftFacts, kind: DraftKind, extras: OfflineExtras = {}): Draft {
  const text = composeOffline(facts, kind);
  return {
    kind,
    ...text,
    source: 'offline',
    promptVersion: offlinePromptVersion(kind),
    tone: checkTone(kind, text, facts),
    usage: extras.usage ?? null,
    fallbackReason: extras.fallbackReason ?? null,
  };
}

export function createOfflineDrafter(): Drafter {
  return { draft: async (facts, kind) => draftOffline(facts, kind) };
}
