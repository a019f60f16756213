// The offline drafter: deterministic drafts from the deal's facts, good enough to send.
// Used when no model is configured and whenever the model fails. It follows the same method as
// the prompts (METHOD.md 3-5) and its output always passes the tone guard (tested over many deals).
// Each sentence slot (opener, reminder, ask, close...) has its own set of wordings; the choice is a
// mixed-radix digit of one number seeded by deal, kind, step and tone, so a deal sees the same text
// for the same step while a rep's deals get different combinations. Rep-typed text goes through
// phrasing.ts (grammar) and names.ts (company and greeting) before it reaches a sentence.
import { countWords, formatAmount, roiFigures } from './evidence.js';
import { type greetingFor, spokenFirstName } from './names.js';
import { normaliseFacts } from './normalised.js';
import { SINGLE_FIGURE_ASSUMPTIONS } from '../domain/roi.js';
import { capitalise, tidyTyped, type Phrase } from './phrasing.js';
import { checkTone, type DraftText } from './tone.js';
import type { Draft, DraftFacts, DraftKind, Drafter, DraftTone } from './types.js';

/** Bump when the offline wording changes, like a prompt file's version. */
export const OFFLINE_VERSION = 2;
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

/** Rep-typed text minus what would look broken in an email; kept for callers that quote raw text. */
export function cleanFact(text: string | null | undefined, maxWords = 25): string | null {
  const cleaned = tidyTyped(text);
  if (!cleaned) return null;
  const words = cleaned.split(' ');
  return words.length > maxWords ? words.slice(0, maxWords).join(' ') : cleaned;
}

/** "Dana" from "Dr. Dana Whitfield"; null when there is no usable name. */
export function firstNameOf(fullName: string | null | undefined): string | null {
  return spokenFirstName(fullName);
}

const STAGE_TOPIC: Record<string, string> = {
  demo: 'the demo',
  proposal: 'the proposal',
  negotiation: 'the terms',
  verbal: 'the paperwork',
};

/** What "we last talked about", by stage; null for early stages, which have no artefact to name. */
function topicOf(stage: string): string | null {
  return STAGE_TOPIC[stage.trim().toLowerCase()] ?? null;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

// ---------- shared context ----------

interface Context {
  facts: DraftFacts;
  kind: DraftKind;
  tone: DraftTone | null;
  /** Mixed-radix seed: each pick takes the next digit. */
  seed: number;
  company: string;
  topic: string | null;
  goal: Phrase | null;
  commitment: Phrase | null;
  /** " by Friday, November 20" when the commitment does not say when itself. */
  due: string;
  greet: ReturnType<typeof greetingFor>;
  rep: string | null;
  repFirst: string | null;
  repCompany: string | null;
  /** A conversation is on record (a reply, an inbound touch or a commitment they made). */
  spoke: boolean;
  /** Outbound touches since their last reply. */
  attempts: number;
}

function contextOf(facts: DraftFacts, kind: DraftKind): Context {
  const normal = normaliseFacts(facts);
  const since = facts.lastReplyDate ?? '';
  const tone = facts.tone ?? null;
  return {
    facts,
    kind,
    tone,
    // 7919 is prime, so two deals get different digits unless their ids differ by a multiple of a large power.
    // Warmer and shorter rework the plain draft's wording (so shorter is shorter); firmer rewords.
    seed:
      ((facts.dealId * 7919 + stableHash(`${kind}:${facts.step}:${tone === 'firmer' ? 'firmer' : '-'}`)) >>> 0) %
      2_147_483_647,
    company: normal.company,
    topic: topicOf(facts.stage),
    goal: normal.goal,
    commitment: normal.commitment,
    due: normal.due,
    greet: normal.greet,
    rep: normal.rep,
    repFirst: normal.repFirst,
    repCompany: normal.repCompany,
    spoke: facts.lastReplyDate !== null || facts.commitment !== null || facts.touches.some((t) => t.direction === 'in'),
    // The count the nudge and the card show; facts built elsewhere (tests, the eval) count their touches.
    attempts: facts.attempts ?? facts.touches.filter((t) => t.direction === 'out' && t.date > since).length,
  };
}

/** The next wording for a slot: one digit of the seed, so slots vary independently. */
function pick<T>(ctx: Context, options: readonly T[]): T {
  const index = ctx.seed % options.length;
  ctx.seed = Math.floor(ctx.seed / options.length) + (index + 1) * 31;
  return options[index]!;
}

const sentences = (...parts: Array<string | null | false | undefined>): string => parts.filter(Boolean).join(' ');

function greeting(ctx: Context): string {
  if (!ctx.greet) return 'Hello,';
  return ctx.greet.formal ? `Hello ${ctx.greet.name},` : `${pick(ctx, ['Hi', 'Hi', 'Hello'])} ${ctx.greet.name},`;
}

function signOff(ctx: Context, closings: readonly string[]): string {
  const closing = pick(ctx, closings);
  return ctx.rep ? `${closing},\n${ctx.rep}${ctx.repCompany ? `\n${ctx.repCompany}` : ''}` : `${closing},`;
}

function email(
  ctx: Context,
  paragraphs: Array<string | null | false | undefined>,
  closings: readonly string[],
): string {
  return [greeting(ctx), ...paragraphs.filter(Boolean), signOff(ctx, closings)].join('\n\n');
}

/**
 * Who is calling, always: "Hi Dana, this is Sam Rivera from Brightlane." Without the rep's name on
 * record the script tells the rep to say it, as call scripts do, rather than leaving a nameless message.
 */
function voicemailOpening(ctx: Context): string {
  const hi = ctx.greet ? `Hi ${ctx.greet.name},` : 'Hello,';
  const who = ctx.rep ? ctx.rep : '(say your name)';
  return `${hi} this is ${who}${ctx.repCompany ? ` from ${ctx.repCompany}` : ''}.`;
}

function voicemailClose(ctx: Context): string {
  return pick(ctx, [
    `You can call me back on this number, or reply by email, whichever is easier. Thanks` +
      `${ctx.greet && !ctx.greet.formal ? `, ${ctx.greet.name}` : ''}.`,
    `A call back on this number or a short email both work for me. Thanks, and have a good day.`,
    `Call me back on this number when you have a minute, or just reply by email. Thank you.`,
  ]);
}

function goalSubject(goal: Phrase): string {
  return goal.form === 'quote' ? `the goal you described ("${goal.text}")` : goal.text;
}

/** "you'd send the PO by Friday" or, for a noun phrase or foreign text, a shape that quotes it safely. */
function commitmentClause(
  ctx: Context,
  lead: 'you said' | 'you told me' | 'you mentioned' | 'the last I heard',
): string {
  const c = ctx.commitment!;
  if (c.form === 'verb') {
    return lead === 'the last I heard'
      ? `the last I heard, you were planning to ${c.text}${ctx.due}`
      : `${lead} you'd ${c.text}${ctx.due}`;
  }
  const quoted = c.form === 'quote' ? `"${c.text}"` : c.text;
  return `you told me the next step on your side was ${quoted}${ctx.due}`;
}

const CLOSINGS = ['Best regards', 'Thanks', 'All the best', 'Kind regards', 'Many thanks'] as const;
const FIRE_CLOSINGS = ['Kind regards', 'All the best', 'Best regards', 'Best wishes'] as const;

// ---------- accountability: ask what happened (METHOD 3) ----------

function accountability(ctx: Context): DraftText {
  const shorter = ctx.tone === 'shorter';
  const { company, topic, goal } = ctx;

  let reminder: string;
  if (ctx.commitment) {
    reminder = capitalise(
      pick(ctx, [
        () => `when we last spoke${topic ? ` about ${topic}` : ''}, ${commitmentClause(ctx, 'you said')}.`,
        () => `${commitmentClause(ctx, 'you told me')}.`,
        () => `${commitmentClause(ctx, 'the last I heard')}.`,
        () => `${commitmentClause(ctx, 'you mentioned')}.`,
      ])(),
    );
  } else if (goal && goal.form !== 'quote') {
    reminder = pick(ctx, [
      `You told me ${goal.text} mattered to ${company}.`,
      `${capitalise(goal.text)} was high on your list at ${company}.`,
      `You said ${goal.text} was a priority for ${company} this year.`,
    ]);
  } else if (goal) {
    reminder = `You told me the goal at ${company} was: "${goal.text}".`;
  } else {
    reminder = topic
      ? pick(ctx, [
          `There seemed to be real interest at ${company} in ${topic}.`,
          `It looked like ${company} wanted to move ahead with ${topic}.`,
        ])
      : pick(ctx, [
          `It looked like ${company} wanted to move ahead.`,
          `There seemed to be real interest at ${company}.`,
        ]);
  }
  const why =
    ctx.commitment && goal
      ? goal.form === 'quote'
        ? `You also told me the goal was: "${goal.text}".`
        : pick(ctx, [
            `You also said ${goal.text} mattered to ${company}, which is why I'm asking.`,
            `It was tied to ${goal.text}, which you said mattered to ${company}.`,
            `I know ${goal.text} is still on the table for ${company}, so I'd rather ask than guess.`,
          ])
      : null;
  const ask = pick(ctx, [
    `I haven't heard back since, so I'd like to ask plainly: what happened?`,
    `It has gone quiet since, so let me simply ask: what happened?`,
    `I haven't heard from you since. Can I ask what happened?`,
    `Things have gone quiet on your side, so I'll ask directly: what happened?`,
  ]);
  const honest =
    ctx.tone === 'firmer'
      ? `If it is no longer a priority, say so and I will close it out on my side; if it still is, let's agree on a ` +
        `date.`
      : shorter
        ? `If plans changed, that's fine; a one-line reply telling me where things stand is plenty.`
        : pick(ctx, [
            `If something changed or a concern came up, I would rather hear it straight, even if the answer is no.`,
            `If plans changed or there is a concern I can help with, a short reply telling me where things stand is ` +
              `all I need.`,
            `Whatever the answer is, including a no, it helps me to know where things stand.`,
            `If the priorities moved or someone raised a concern, that is useful to know too, and a no is a fine ` +
              `answer.`,
          ]);
  const warm = ctx.tone === 'warmer' && `I know priorities can shift quickly, so there is no wrong answer.`;
  // Said once: some "honest" wordings already ask for a short reply.
  const filler = !why && !/short reply/.test(honest) && `A short reply is all I need, and it would help me plan.`;

  const body = email(
    ctx,
    [
      ctx.tone === 'warmer' && `I hope things are going well at ${company}.`,
      sentences(reminder, why),
      sentences(ask, honest, warm, filler),
    ],
    CLOSINGS,
  );

  const spoken = ctx.commitment && countWords(ctx.commitment.text) <= 14 ? ctx.commitment : null;
  const voicemail = sentences(
    voicemailOpening(ctx),
    spoken
      ? `I'm calling about ${spoken.form === 'verb' ? `your plan to ${spoken.text}` : 'the next step you mentioned'}` +
          `${ctx.due}.`
      : `I'm calling about ${topic ?? `the next step for ${company}`}.`,
    `I haven't heard back, so I wanted to ask you plainly: what happened?`,
    `Whatever the answer is, even a no, it helps to know where things stand.`,
    voicemailClose(ctx),
  );
  return {
    subject: pick(ctx, [
      `${company}: a quick question`,
      `What happened on your side?`,
      ctx.greet && !ctx.greet.formal
        ? `Where do things stand, ${ctx.greet.name}?`
        : `${company}: where do things stand?`,
      `A quick question about ${topic ?? 'next steps'}`,
    ]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- checkin: a short question when nothing was promised ----------

function checkin(ctx: Context): DraftText {
  const { company, topic, goal } = ctx;
  const question = pick(ctx, [
    goal && goal.form !== 'quote'
      ? `Is ${goal.text} still a priority for ${company}, or have things moved on?`
      : `Is this still a priority for ${company}, or have things moved on?`,
    `Where do things stand on your side${topic ? ` with ${topic}` : ''}?`,
    `Quick question: has anything changed at ${company}${ctx.spoke ? ' since we last spoke' : ''}?`,
    `Is ${topic ?? 'this'} still something ${company} wants to pursue this quarter?`,
  ]);
  const follow =
    ctx.tone === 'firmer'
      ? `If it has dropped off your list, that is fine: tell me and I will stop checking in.`
      : ctx.tone === 'shorter'
        ? `A one-line reply is plenty.`
        : pick(ctx, [
            `Either answer helps me, and a one-line reply is plenty.`,
            `If the timing is wrong or something changed, just let me know.`,
            `A short reply either way would help me plan.`,
            `A yes, a no or a "not now" all help.`,
          ]);
  const body = email(
    ctx,
    [ctx.tone === 'warmer' && `I hope things are going well at ${company}.`, sentences(question, follow)],
    CLOSINGS,
  );
  const voicemail = sentences(
    voicemailOpening(ctx),
    topic
      ? `I'm calling with a quick question about ${topic}: where do things stand on your side?`
      : `I'm calling with a quick question: where do things stand at ${company}?`,
    `If it's no longer a priority, that's fine too; I'd just like to know.`,
    voicemailClose(ctx),
  );
  return {
    subject: pick(ctx, [
      `Quick question${topic ? ` about ${topic}` : ''}`,
      `${company}: where do things stand?`,
      `Still a priority for ${company}?`,
      `Checking in, ${company}`,
    ]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- fire: goodbye for now, firm and courteous (METHOD 4) ----------

/** What the rep can honestly say about their attempts: a count only when the history holds one. */
function triedClause(ctx: Context): string {
  if (ctx.attempts >= 3) {
    const times = `${NUMBER_WORDS[ctx.attempts] ?? String(ctx.attempts)} times`;
    return pick(ctx, [
      `I've tried to reach you ${times}${ctx.spoke ? ' since we last spoke' : ''} without hearing back`,
      `I've reached out ${times} and haven't been able to connect`,
    ]);
  }
  if (ctx.attempts >= 1) return pick(ctx, [`I haven't been able to reach you`, `I haven't heard back from you`]);
  return `I haven't heard from you`;
}

function fire(ctx: Context): DraftText {
  const { company, topic, goal } = ctx;
  const shorter = ctx.tone === 'shorter';
  const warm = ctx.tone === 'warmer';

  const assume = pick(ctx, [
    `so I'll assume this isn't a priority for ${company} right now.`,
    `so I'm going to assume the timing isn't right for ${company}.`,
    `so I'll take it that this isn't a priority at the moment.`,
  ]);
  const stepBack = pick(ctx, [
    `I'm taking you off my list and won't call again.`,
    `I'm stepping back: I won't be calling again, and I'm taking you off my list.`,
    `I'm closing this out on my side and won't reach out again.`,
  ]);
  const firm = ctx.tone === 'firmer' ? `This is my last message on this. ${stepBack}` : stepBack;
  const value = goal
    ? goal.form === 'quote'
      ? `I still believe we can help with what you described: "${goal.text}".`
      : pick(ctx, [
          `I still think ${goal.text} is worth pursuing for ${company}.`,
          `${capitalise(goal.text)} is still within reach for ${company}, but the next step is yours.`,
          `The chance to work on ${goal.text} remains whenever the time is right.`,
        ])
    : pick(ctx, [`The next step is yours.`, `The next move is yours, whenever the time is right.`]);
  const door = shorter
    ? null
    : ctx.tone === 'firmer'
      ? `If things change, just reply here.`
      : pick(ctx, [
          `If things change, the door is open: just reply to this email.`,
          `If anything changes, you know where to reach me.`,
          `If priorities shift, reply here anytime and we can pick it up from there.`,
        ]);
  const thanksOptions = [
    `Thank you for the time you gave this.`,
    `Thanks for your time and for considering it.`,
    `I appreciate the time you spent with me.`,
  ];
  const plainThanks = pick(ctx, thanksOptions);
  // Warmer swaps words rather than adding them: a warm goodbye is never longer than the plain one.
  const thanks = warm
    ? `No hard feelings, and thanks for your time.`
    : shorter || ctx.tone === 'firmer'
      ? `Thank you for your time.`
      : plainThanks;
  // Shorter still names what they forgo (METHOD 4); a goal we could not parse is quoted, not dropped.
  const shortValue = goal
    ? `If ${goalSubject(goal)} becomes a priority again, just reply here.`
    : `If things change, just reply here.`;

  const body = email(
    ctx,
    [sentences(`${triedClause(ctx)}, ${assume}`, firm), sentences(shorter ? shortValue : value, door, thanks)],
    FIRE_CLOSINGS,
  );

  const spokenGoal = goal && goal.form !== 'quote' && countWords(goal.text) <= 6 ? goal.text : null;
  const voicemail = sentences(
    voicemailOpening(ctx),
    `${triedClause(ctx)}, so I'll assume this isn't a priority right now.`,
    `I'm taking you off my list and won't call again. Thank you for your time.`,
    spokenGoal
      ? `If things change and ${spokenGoal} is back on the table, you can reach me by email or on this number.`
      : `If things change, you can reach me by email or on this number. Take care.`,
  );
  return {
    subject: pick(ctx, [
      `Closing the loop${topic ? ` on ${topic}` : ''}`,
      `Stepping back for now`,
      `Taking this off my list`,
      `${company}: closing the loop`,
    ]),
    body,
    voicemail: ctx.facts.wantsVoicemail ? voicemail : null,
  };
}

// ---------- revival: they came back; the next step depends on why (METHOD 5) ----------

export type RevivalPath =
  | 'back'
  | 'roi'
  | 'price'
  | 'timing'
  | 'approval'
  | 'later'
  | 'competitor'
  | 'comparing'
  | 'current'
  | 'general';

/** The kinds of reasons METHOD.md 5 lists, recognised from the recorded reason (a label or free text). */
export function revivalReasonOf(reason: string | null | undefined): RevivalPath {
  const r = (reason ?? '').toLowerCase();
  if (/back on track|ready to (?:move|go)/.test(r)) return 'back';
  if (/timing/.test(r)) return 'timing';
  if (/price|pricing|expensive|discount/.test(r)) return 'price';
  if (/\broi\b|cost|budget|value|numbers|objection/.test(r)) return 'roi';
  // Still choosing ("leaning towards a competitor") is not lost: it gets a comparison on their criteria.
  if (/leaning|considering|looking at|evaluat|comparing|shortlist|not signed/.test(r)) return 'comparing';
  if (/compet|signed with|another vendor|other vendor|went with/.test(r)) return 'competitor';
  if (/current|existing|incumbent|stay(?:ing)? with/.test(r)) return 'current';
  if (/politic|approv|sign-?off|board|legal|procure|management/.test(r)) return 'approval';
  if (/later|month|side-?track|busy|quarter|call me|snooze|priorit/.test(r)) return 'later';
  return 'general';
}

const MONTH_WORD = new RegExp(
  String.raw`\b(January|February|March|April|May|June|July|August|September|October|November|December|` +
    String.raw`Q[1-4]|next (?:month|quarter|year))\b`,
  'i',
);

function revival(ctx: Context): DraftText {
  const { company, topic, goal } = ctx;
  const path = revivalReasonOf(ctx.facts.revival?.reason);
  const shorter = ctx.tone === 'shorter';
  const said = ctx.facts.revival?.said ?? '';
  const when = MONTH_WORD.exec(said)?.[1];
  const goalText = goal && goal.form !== 'quote' ? goal.text : null;
  const thanks = pick(ctx, [
    `Thanks for getting back to me, I appreciate it.`,
    `Good to hear from you, and thank you for the reply.`,
    `Thank you for coming back to me${topic ? ` about ${topic}` : ''}.`,
  ]);
  // Proposed times stay generic: a weekday the deal does not hold would read as an invented date.
  const slot = pick(ctx, ['early next week', 'later this week', 'this week or next']);
  const book =
    ctx.tone === 'firmer'
      ? `Can we lock in a time now? ${slot} would suit me; reply with one and I'll send the invite.`
      : pick(ctx, [
          `Would a time ${slot} work for you? I'll send the invite as soon as you confirm.`,
          `Could we find 30 minutes ${slot}? Once you confirm a time, I'll send a calendar invite.`,
        ]);
  let middle: Array<string | false | null>;
  let close: string | null = book;
  switch (path) {
    case 'back':
      middle = [
        `Let's keep the momentum: I'd suggest a 30-minute call to agree the next step${topic ? ` on ${topic}` : ''}` +
          ` and a date for it.`,
        !shorter && goalText && `The aim stays the same: ${goalText}.`,
      ];
      break;
    case 'later':
      middle = [
        `Understood that now isn't the right time.`,
        when
          ? `You suggested ${/^next|^Q/i.test(when) ? when : `talking again in ${when}`}; I've made a note to call ` +
            `you then.`
          : `I've made a note to call you again in a few months, as you suggested.`,
      ];
      close =
        `Does that still suit you, and will you be the right person to speak to then? If so, nothing from me ` +
        `until then.`;
      break;
    case 'approval':
      middle = [
        !shorter && `It sounds like the decision is waiting on internal approvals.`,
        `What does the person signing off need to see? I can put together a one-page summary of the scope, cost and ` +
          `risks for them, or join a short call to answer their questions.`,
      ];
      close = pick(ctx, [
        `Who should it go to, and by when?`,
        `Tell me who it is for and when they meet, and I'll have it ready before then.`,
      ]);
      break;
    case 'competitor':
      middle = [
        `I'm sorry it didn't work out this time, and I wish you every success with the rollout.`,
        `If you don't mind me asking, what tipped the decision?`,
      ];
      close = `If things change, the door is open: just reply here.`;
      break;
    case 'comparing':
      middle = [
        !shorter && `Thank you for being open that you're weighing another option.`,
        `Before you decide, I'd suggest a 30-minute call to compare the two side by side against what ${company} ` +
          `needs${goalText ? `, ${goalText}` : ''}, so the choice rests on your own criteria.`,
      ];
      break;
    case 'current':
      middle = [
        `Staying with what already works is a fair call.`,
        goalText
          ? `If your current setup stops delivering on ${goalText}, just reply here and we can pick it up.`
          : `If your current setup stops meeting your needs, just reply here and we can pick it up.`,
      ];
      close = `Is it all right if I leave it with you? Either way, thank you for being straight with me.`;
      break;
    case 'timing':
      middle = [
        `Understood that the timing doesn't work yet.`,
        // A dated call is the concrete next step here (METHOD 5: a follow-up date when asked to wait).
        when
          ? `You mentioned ${when}; shall I put a short call in the diary for then, with nothing from me before?`
          : `When would be a better moment to pick this up? Give me a month and I'll book a short call for then, ` +
            `with nothing before.`,
      ];
      close = !shorter ? `In the meantime, if anything changes on your side, just reply here.` : null;
      break;
    case 'price':
      middle = [
        !shorter && `Understood that the price is the sticking point.`,
        `Rather than a discount on the same scope, I'd suggest a 20-minute call to look at what ${company}` +
          ` needs first and whether a smaller start fits the budget.`,
      ];
      break;
    case 'roi':
      middle = [
        !shorter && `It sounds like the open question is whether the numbers work for you.`,
        `I'd suggest a 30-minute call to go through the value three ways, conservative, moderate and aggressive, ` +
          `using your own figures.`,
      ];
      break;
    default:
      middle = [
        `As a next step, I'd suggest a 30-minute call to agree on what ${company} needs in order to decide.`,
        !shorter && goalText && `The aim stays the same: ${goalText}.`,
      ];
  }
  const body = email(
    ctx,
    [
      sentences(
        path === 'competitor' || path === 'current' ? `Thank you for letting me know, I appreciate the reply.` : thanks,
        ctx.tone === 'warmer' && `No need to apologise: things come up, and I'm glad you wrote.`,
      ),
      sentences(...middle),
      close,
    ],
    CLOSINGS,
  );
  const spokenNext: Record<RevivalPath, string> = {
    back: `I'd suggest a short call ${slot} to agree the next step.`,
    later:
      `I've noted to call you again ${when ? `in ${when}` : 'in a few months'}, as you asked; nothing before ` +
      `then.`,
    approval: `I can put together a one-page summary for whoever needs to sign off.`,
    competitor: `I wish you every success, and if things change, the door is open.`,
    comparing: `Before you decide, I'd suggest a short call to compare the options against what you need.`,
    current: `Staying with what works is a fair call; if that changes, the door is open.`,
    timing: `Tell me when would be a better moment, and I'll get in touch then.`,
    price: `I'd suggest a short call to see whether a smaller start fits the budget.`,
    roi: `I'd suggest a short call to go through the numbers together, three ways.`,
    general: `I'd suggest a short call to agree on next steps.`,
  };
  const voicemail = sentences(
    voicemailOpening(ctx),
    `Thanks for getting back to me about ${topic ?? company}.`,
    spokenNext[path],
    voicemailClose(ctx),
  );
  const subjects: Record<RevivalPath, string[]> = {
    back: [`Next step for ${company}`, `Booking our next conversation`],
    later: [`Talking again ${when ? `in ${when}` : 'later'}`, `Noted: back in touch later`],
    approval: [`What your approvers need`, `${company}: for the sign-off`],
    competitor: [`Thank you, and good luck`, `Thanks for letting me know`],
    comparing: [`${company}: before you decide`, `Comparing the options`],
    current: [`Thanks for letting me know`, `Understood, and thank you`],
    timing: [`When suits you better?`, `Picking this up later`],
    price: [`${company}: a smaller start?`, `About the price`],
    roi: [`${company}: the numbers, three ways`, `Going through the numbers`],
    general: [`Next step for ${company}`, `Good to hear from you`],
  };
  return { subject: pick(ctx, subjects[path]), body, voicemail: ctx.facts.wantsVoicemail ? voicemail : null };
}

// ---------- roi: the value three ways over three years (METHOD 5) ----------

/** Where the three figures come from, so the prospect can test the assumption rather than the arithmetic. */
function roiBasisSentence(basis: NonNullable<DraftFacts['roi']>['basis']): string | null {
  const { conservativeShare, aggressiveShare } = SINGLE_FIGURE_ASSUMPTIONS;
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  if (basis === 'single') {
    return (
      `The moderate case is your own estimate; the conservative one assumes only ${percent(conservativeShare)} ` +
      `of it is realised, the aggressive one ${percent(aggressiveShare)}.`
    );
  }
  if (basis === 'range') return 'The conservative and aggressive cases are the two ends of your own range.';
  return null;
}

function roi(ctx: Context): DraftText {
  const { company, goal } = ctx;
  const shorter = ctx.tone === 'shorter';
  const goalText = goal && goal.form !== 'quote' ? goal.text : null;
  const ask = pick(ctx, [
    `Would it help to go through the assumptions together? Could we book 30 minutes this week or next?`,
    `Which of these assumptions would you like to test? I'd suggest a 30-minute call to go through them; does that ` +
      `work for you?`,
    `Could we book 30 minutes to go through the assumptions with whoever needs to sign off?`,
  ]);
  const warm = ctx.tone === 'warmer' && `I hope this helps the conversation on your side.`;
  const firm =
    ctx.tone === 'firmer' && `If even the conservative case doesn't work for you, tell me and we can close this out.`;
  const subject = pick(ctx, [
    `${company}: the value three ways`,
    `Three scenarios for ${company}`,
    `The numbers for ${company}, three ways`,
  ]);

  if (!ctx.facts.roi) {
    const body = email(
      ctx,
      [
        sentences(
          `I don't want to put a number in front of you that you can't defend internally, so I'd suggest we build ` +
            `the value case for ${company} together, three ways: a conservative, a moderate and an aggressive ` +
            `scenario, each annualised over three years.`,
          !shorter && goalText && `The gains would come from ${goalText}.`,
        ),
        sentences(ask, firm, warm),
      ],
      CLOSINGS,
    );
    const voicemail = sentences(
      voicemailOpening(ctx),
      `I'd like to build the value case for ${company} with you, three ways over three years, so that even the ` +
        `conservative case is clear.`,
      `Could you call me back so we can book 30 minutes for it?`,
      voicemailClose(ctx),
    );
    return { subject, body, voicemail: ctx.facts.wantsVoicemail ? voicemail : null };
  }

  const f = roiFigures(ctx.facts.roi);
  const money = (n: number) => formatAmount(n, f.currency);
  const intro = pick(ctx, [
    `Here is the value for ${company} three ways, annualised over three years, so you can judge it on the most ` +
      `cautious case:`,
    `To make this easier to take to your colleagues, here is the value for ${company} in three scenarios, annualised ` +
      `over three years:`,
    `Rather than one optimistic number, here is the value for ${company} three ways, annualised over three years:`,
  ]);
  const lines = (['conservative', 'moderate', 'aggressive'] as const)
    .map((s) => `- ${capitalise(s)}: ${money(f.yearly[s])} a year, ${money(f.threeYear[s])} over three years`)
    .join('\n');
  let cost: string | null = null;
  if (f.yearlyCost !== null && f.threeYearNet) {
    const against = `Against a yearly cost of ${money(f.yearlyCost)} (${money(f.threeYearCost!)} over three years),`;
    if (f.threeYearNet.conservative > 0)
      cost = `${against} even the conservative case comes out ${money(f.threeYearNet.conservative)} ahead.`;
    else if (f.threeYearNet.moderate > 0)
      cost = `${against} the moderate case comes out ${money(f.threeYearNet.moderate)} ahead.`;
    else cost = `The yearly cost is ${money(f.yearlyCost)} (${money(f.threeYearCost!)} over three years).`;
  }
  const body = email(
    ctx,
    [
      `${intro}\n\n${lines}`,
      sentences(
        roiBasisSentence(ctx.facts.roi.basis),
        cost,
        !shorter && goalText && `The gains come from ${goalText}.`,
      ),
      sentences(ask, firm, warm),
    ],
    CLOSINGS,
  );
  const voicemail = sentences(
    voicemailOpening(ctx),
    `I've put the value for ${company} together three ways over three years; even the conservative case comes to ` +
      `${money(f.threeYear.conservative)}.`,
    `The details are in my email. Could you call me back so we can book 30 minutes to go through it?`,
    voicemailClose(ctx),
  );
  return { subject, body, voicemail: ctx.facts.wantsVoicemail ? voicemail : null };
}

// ---------- call script: what to say if they answer, what to leave if not (METHOD 2-3) ----------

export interface CallScript {
  /** accountability when they made a commitment, else a check-in: the same choice as the email step. */
  kind: 'accountability' | 'checkin';
  /** Spoken lines for a live answer: who is calling, the reminder or question, the plain ask. */
  ifTheyAnswer: string;
  /** The coach's note for the rep: what to get out of the call. */
  aim: string;
  /** The voicemail to leave, or null when this step is a call without a message. */
  voicemail: string | null;
}

/** A call step's script, drafted offline from the same facts as the emails; the voicemail is the guarded one. */
export function callScriptOffline(facts: DraftFacts, leaveMessage: boolean): CallScript {
  const kind = facts.commitment ? 'accountability' : 'checkin';
  const spokenFacts = { ...facts, wantsVoicemail: true, tone: null };
  const ctx = contextOf(spokenFacts, kind);
  const who =
    `${ctx.greet ? `Hi ${ctx.greet.name}, it's` : "Hello, it's"} ${ctx.rep ?? '(say your name)'}` +
    `${ctx.repCompany ? ` from ${ctx.repCompany}` : ''}. Do you have two minutes?`;
  const point = ctx.commitment
    ? `${capitalise(commitmentClause(ctx, 'you told me'))}. I haven't heard back since, so I wanted to ask you ` +
      'plainly: what happened?'
    : `I'm calling with a quick question${ctx.topic ? ` about ${ctx.topic}` : ''}: where do things stand at ` +
      `${ctx.company}? If it's no longer a priority, that's fine too; I'd just like to know.`;
  const aim = ctx.commitment
    ? 'Then listen: the real reason (approvals, budget, an objection) is what you are calling for. ' +
      'Do not re-sell; agree one next step and a date before you hang up.'
    : 'Then listen. A yes, a no or a "not now" all help: agree one next step and a date before you hang up.';
  return {
    kind,
    ifTheyAnswer: sentences(who, point),
    aim,
    voicemail: leaveMessage ? composeOffline(spokenFacts, kind).voicemail : null,
  };
}

// ---------- the drafter ----------

const COMPOSERS: Record<DraftKind, (ctx: Context) => DraftText> = { accountability, checkin, fire, revival, roi };

/** The text of an offline draft (pure). */
export function composeOffline(
  facts: DraftFacts,
  kind: DraftKind,
): { subject: string; body: string; voicemail: string | null } {
  const text = COMPOSERS[kind](contextOf(facts, kind));
  // A name ending in "!" ("Yahoo!") already ends the sentence.
  const tidy = (t: string) => t.replace(/!\./g, '!');
  return {
    subject: tidy(text.subject ?? ''),
    body: tidy(text.body),
    voicemail: text.voicemail ? tidy(text.voicemail) : null,
  };
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
