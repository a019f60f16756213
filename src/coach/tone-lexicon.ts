// The tone guard's lexicons: ways a draft breaks METHOD.md 3-4 (antagonism, sarcasm, guilt, self-pity,
// pressure, threats, insults, re-selling) and the ways it must say "I'm stopping", "here is the way
// back" and "thank you". Patterns run on normalised lower-case text (straight apostrophes, single
// spaces) and tolerate inserted words and numbers ("per my last 3 emails"). A cue marked negatable is
// cancelled when a negation ("not", "never", "won't", "no longer"...) comes shortly before it in the
// same clause: "I won't send more material" is not re-selling; "no rush" is not pressure.

/** Up to n whole words, each followed by a space: lets a pattern skip "3", "two", "already". */
const gap = (n: number): string => String.raw`(?:[\w'&.-]+\s+){0,${n}}`;

export interface Cue {
  rule: string;
  pattern: RegExp;
  /** False for cues that stay wrong when negated ("I won't escalate to your boss" still threatens). */
  negatable: boolean;
}

/** One pattern from alternatives written on separate lines (each a regular-expression source). */
const alternatives = (sources: string | string[]): RegExp => new RegExp([sources].flat().join('|'), 'gu');
const cue = (rule: string, sources: string | string[], negatable = false): Cue => ({
  rule,
  pattern: alternatives(sources),
  negatable,
});

// Word groups several cues share.
const TOUCHES = '(?:e-?mails?|messages?|notes?|voicemails?|calls?|letters?)';
const SAID = '(?:said|mentioned|stated|wrote|written|explained|noted|told you|pointed out)';
const BOSS = '(?:boss|manager|ceo|cfo|director|management|supervisor|superiors|leadership|md|managing director)';
const LAWYERS = '(?:legal|lawyers?|solicitors?|attorneys?|collections?)';
const CONSEQUENCE = '(?:cancel|release|charge|withdraw|terminate|invoice|bill|escalate|involve|report|take|pass)';
const PRICE = '(?:offer|discount|price|prices|pricing|rate|deal|promotion|promo)';
const PRICE_CHANGE = '(?:expires?|ends?|ending|runs? out|go(?:es|ing)? up|increases?|rises?|will rise|will increase)';
const SOON = '(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tonight|soon|the month|the week)';
const LISTS = '(?:list|radar|calendar|pipeline|books|forecast)';
const OUTREACH =
  String.raw`(?:call|calling|ring|ringing|phon(?:e|ing)|reach(?:ing)?\s+out|contact(?:ing)?` +
  String.raw`|follow(?:ing)?[\s-]+up|chas(?:e|ing)|email(?:ing)?|writ(?:e|ing)|bother(?:ing)?|pester(?:ing)?` +
  '|in touch|check(?:ing)? in)';

export const TONE_CUES: Cue[] = [
  // antagonism: passive-aggressive reminders and blame
  cue('antagonism', [String.raw`\b(?:as )?per my (?:last|previous|earlier|prior|recent) ${gap(2)}${TOUCHES}\b`]),
  cue('antagonism', [
    String.raw`\bas (?:i|we)(?: have|'ve)? (?:already |previously |clearly |just |repeatedly )?${SAID}\b`,
  ]),
  cue('antagonism', String.raw`\b(?:clearly|obviously) you\b|\byou (?:clearly|obviously)\b`),
  cue('antagonism', String.raw`\bjust (?:bumping|circling back on|floating) this\b|\bbumping this\b`),
  cue('antagonism', String.raw`\byou(?:'ve| have)? (?:been )?ignor(?:ed|ing)\b|\bignor(?:ed|ing) (?:me|my|us|our)\b`),
  cue('antagonism', [
    String.raw`\bwast(?:e|ed|ing) (?:of )?(?:my|our) time\b`,
    String.raw`\byou never (?:replied|answered|responded|got back|called|bothered)\b`,
  ]),
  cue('antagonism', [
    String.raw`\bi (?:guess|suppose|take it) (?:you're|you are|you aren't) (?:not )?(?:interested|serious)\b`,
  ]),
  cue('antagonism', [
    String.raw`\bin case you (?:missed|didn't see|forgot)\b|\bi(?:'ll| will) take (?:your|the) silence as\b`,
  ]),
  // sarcasm: mocking the silence or the prospect
  cue('sarcasm', String.raw`\bi(?:'m| am) sure you(?:'re| are) (?:very |so |super |really |extremely )?busy\b`),
  cue('sarcasm', [
    String.raw`\bi (?:guess|suppose|take it|assume) you(?:'re| are| must be| were) ${gap(2)}(?:busy|important)\b`,
  ]),
  cue('sarcasm', [
    String.raw`\bmust be nice\b|\bthanks for nothing\b|\bstill alive\b`,
    String.raw`\bf[ae]ll(?:en)? off the (?:face of the )?(?:earth|planet)\b`,
  ]),
  cue('sarcasm', [
    String.raw`\bdropped off the face\b|\bhello\s*\?|\bany(?:one|body) (?:home|there|out there)\b`,
    String.raw`\bis this thing on\b`,
  ]),
  cue('sarcasm', [
    String.raw`\b(?:spam|junk) folder\b|\bsurely (?:you|even|someone|somebody|it)\b`,
    String.raw`\bi know ${gap(1)}(?:numbers|reading|maths?|emails?) (?:is|are) hard\b`,
  ]),
  cue('sarcasm', [
    String.raw`\bhow hard (?:can it be|is it)\b|\bit only takes (?:\w+ )?(?:seconds?|minutes?)\b|;\)|😉|🙄|😒`,
  ]),
  // guilt-trip: the prospect owes the rep
  cue('guilt-trip', [
    String.raw`\bi must have (?:offended|upset|annoyed|done something|said something)\b`,
    String.raw`\bdid i (?:do|say) (?:something|anything) (?:wrong|to offend|to upset)\b`,
  ]),
  cue(
    'guilt-trip',
    [String.raw`\bi(?:'m| am| was| feel| felt) ${gap(2)}(?:disappointed|hurt|let down|frustrated)\b`],
    true,
  ),
  cue('guilt-trip', [
    String.raw`\byou (?:let me|let us) down\b|\byou owe (?:me|us)\b|\bthe least you could do\b|\bhad the courtesy\b`,
    String.raw`\byou promised\b`,
  ]),
  cue('guilt-trip', [
    String.raw`\bafter all (?:i|we)(?:'ve| have)? (?:did|done|have done|went through)\b`,
    String.raw`\bafter all (?:the|my|our) (?:time|effort|work|hours)\b`,
  ]),
  cue('guilt-trip', [
    String.raw`\bi(?:'ve| have) been waiting\b|\bi was ${gap(1)}counting on you\b|\bbent over backwards\b`,
    String.raw`\bwent out of my way\b`,
  ]),
  cue('guilt-trip', String.raw`\b(?:couldn't|could not|can't|cannot) even (?:reply|answer|respond|call|be bothered)\b`),
  // self-pity: the rep falls on the sword
  cue('self-pity', [
    String.raw`\bsorry to (?:bother|pester|chase|keep bothering|keep chasing|be a pain)\b`,
    String.raw`\bi hate to (?:bother|pester|chase)\b`,
  ]),
  cue('self-pity', [
    String.raw`\bi (?:know )?(?:i )?(?:must be|am|'m) (?:probably )?(?:being )?(?:annoying|a pest|a nuisance|a pain)\b`,
    String.raw`\bi know i'm (?:probably )?(?:annoying|a pest|being a pest)\b`,
  ]),
  cue('self-pity', [
    String.raw`\bi don't want to (?:be a pest|bother you|pester|be a nuisance)\b`,
    String.raw`\bi(?:'m| am) (?:such )?a failure\b|\bi really need(?:ed)? this\b`,
  ]),
  cue('self-pity', [
    String.raw`\bi(?:'ve| have) wasted\b`,
    String.raw`\bwast(?:ed|ing) (?:so much|so many|a lot of|all|weeks|hours|days|months)\b|\ball for nothing\b`,
  ]),
  cue('self-pity', [
    String.raw`\bmy (?:quota|boss|manager) (?:is|will|needs)\b`,
    String.raw`\bfor my (?:quota|quarter|target|commission|numbers)\b|\btalking to a (?:brick )?wall\b`,
  ]),
  cue('self-pity', [
    String.raw`\bembarrass(?:ing|ed) (?:for|to) me\b|\bi(?:'m| am| feel) ${gap(1)}embarrassed\b`,
    String.raw`\bin front of my (?:manager|boss|team)\b|\bi(?:'ve| have) been chasing\b`,
  ]),
  // threats: consequences for not answering
  cue('threat', [String.raw`\bescalat\w* ${gap(2)}(?:to|with) (?:your )?${BOSS}\b`]),
  cue('threat', [String.raw`\bgo(?:ing)? over your head\b`, String.raw`\bcontact your ${BOSS}\b`]),
  cue('threat', [
    String.raw`\b(?:involve|call in|hand (?:this|it) to) (?:our|my) ${LAWYERS}\b`,
    String.raw`\bfrom our (?:lawyers|legal team|attorneys|solicitors)\b`,
  ]),
  cue('threat', String.raw`\btake (?:legal|further) action\b|\bno (?:other )?choice but to\b|\bor else\b`),
  cue('threat', [String.raw`\b(?:we|i)(?:'ll| will| shall) (?:have|need|be forced) to ${CONSEQUENCE}\b`]),
  cue('threat', String.raw`\bcharge (?:you )?(?:the |a )?(?:deposit|cancellation fee|penalty|fee)\b`),
  // pressure and false urgency
  cue(
    'pressure',
    [
      String.raw`\bact (?:now|fast|quickly|today)\b|\blast chance\b|\blimited[- ]time\b|\btime is running out\b`,
      String.raw`\brunning out of time\b`,
    ],
    true,
  ),
  cue(
    'pressure',
    [
      String.raw`\bonly ${gap(1)}(?:today|tonight|this week|until|till)\b`,
      String.raw`\b(?:valid|available|good) (?:only )?(?:until|till|through|today|this week)\b`,
    ],
    true,
  ),
  cue('pressure', [String.raw`\b${PRICE}\b[^.?!\n]{0,40}?\b${PRICE_CHANGE}\b`], true),
  cue('pressure', [String.raw`\b(?:expires?|ends?) (?:on |this |next |at the end of )?${SOON}\b`], true),
  cue(
    'pressure',
    [
      String.raw`\b(?:keep|lock(?:ing)? in|secure) (?:the |this |your )?` +
        `(?:current |old |special |introductory )?${PRICE}`,
      String.raw`\bbefore (?:it's|it is) too late\b`,
    ],
    true,
  ),
  cue(
    'pressure',
    [
      String.raw`\b(?:don't|do not) miss (?:out|this)\b|\bbefore they(?:'re| are) gone\b`,
      String.raw`\b(?:only )?\d+ (?:slots?|spots?|places?|seats?) left\b|\basap\b|\burgent(?:ly)?\b`,
    ],
    true,
  ),
  cue(
    'pressure',
    [
      String.raw`\bi (?:need|want|expect) (?:an?|your) (?:answer|decision|reply) ` +
        String.raw`${gap(1)}(?:today|tomorrow|now|by|week)\b`,
    ],
    true,
  ),
  cue(
    'pressure',
    [
      String.raw`\b(?:if you )?sign (?:this week|today|tonight|by|before)\b`,
      String.raw`\b(?:reply|respond|answer|decide) (?:today|asap|immediately|right now|by tomorrow)\b`,
    ],
    true,
  ),
  // insults the profanity list does not hold
  cue('insult', [
    String.raw`\b(?:idiot\w*|stupid\w*|moron\w*|clueless|incompetent|pathetic|useless|dumb|lazy)\b`,
    String.raw`\b(?:ridiculous|amateurish)\b`,
  ]),
  cue('insult', [
    String.raw`\bwhat the (?:hell|heck)\b|\bdamn(?:ed|it)?\b|\bcrap(?:py)?\b|\bscrew(?:ing|ed)? (?:me|us|around)\b`,
    String.raw`\bthis is a joke\b`,
  ]),
  // re-selling: new material instead of a plain question (checked only where the method forbids it)
  cue(
    'resell',
    [
      String.raw`\b(?:brochures?|(?:slide )?decks?|slides|case stud(?:y|ies))\b`,
      String.raw`\b(?:white ?papers?|one-?pagers?|data ?sheets?)\b`,
      String.raw`\b(?:pricing sheets?|price lists?|demo videos?|testimonials?)\b`,
    ],
    true,
  ),
  cue(
    'resell',
    [
      String.raw`\battach(?:ed|ing|ment|ments)?\b`,
      String.raw`\b(?:new|latest|updated) (?:features?|release|module|version|dashboard|app|functionality|product)\b`,
      String.raw`\b(?:new|latest|updated) capabilit(?:y|ies)\b`,
    ],
    true,
  ),
  cue(
    'resell',
    [
      String.raw`\blet me (?:show|tell|walk) you\b|\b(?:love|like) to show you\b`,
      String.raw`\bwe(?:'ve| have)? (?:just )?(?:launched|released|rolled out)\b`,
    ],
    true,
  ),
  cue(
    'resell',
    [String.raw`\b(?:more|new|additional|extra|further) (?:materials?|information|info|documents|resources|content)\b`],
    true,
  ),
];

/** "I'm stopping": taking them off the list, not calling again, closing the file. */
export const FIRM_CUES: RegExp[] = [
  alternatives([
    String.raw`\b(?:tak|remov)(?:e|es|ing) (?:[\w'&.-]+\s+){0,5}?off (?:my|our|the) (?:[\w-]+\s+)?${LISTS}\b`,
  ]),
  /\bstep(?:ping)? (?:back|away)\b/gu,
  alternatives([String.raw`\b(?:won't|will not|wont|not going to|shall not)\s+(?:be\s+)?${OUTREACH}\b`]),
  alternatives([String.raw`\bno longer (?:be )?(?:${OUTREACH}|pursu(?:e|ing))\b`]),
  alternatives([
    String.raw`\b(?:i(?:'ll| will)|i(?:'m| am)) stop(?:ping)?\b`,
    String.raw`\bstop (?:calling|reaching out|following up|chasing|emailing|checking in|contacting)\b`,
  ]),
  alternatives([
    String.raw`\bclos(?:e|ing) (?:this|it|things|the loop|(?:your|the|this|our) file)\b`,
    String.raw`\bclos(?:e|ing) (?:your account|the deal|the opportunity)\b`,
  ]),
  alternatives([
    String.raw`\bthis (?:is|will be) my (?:last|final) (?:message|email|note|call|voicemail|attempt)\b`,
    String.raw`\b(?:last|final) (?:message|email|note) from me\b`,
  ]),
  /\bthe (?:next )?(?:move|step|ball) is (?:yours|in your court)\b|\bleav(?:e|ing) (?:it|things|this) with you\b/gu,
];

/** The way back: "if things change", "my door is open", "reach me at", "just reply". */
export const DOOR_CUES: RegExp[] = [
  alternatives([
    String.raw`\bif (?:things|anything|priorities|that|circumstances|(?:the )?timing|(?:your )?plans|it|this) ` +
      String.raw`${gap(1)}(?:change|shift)s?\b`,
  ]),
  /\bif\b[^.?!\n]{0,80}?\b(?:comes? back|becomes? a priority|back on the (?:table|agenda)|is back|changes?)\b/gu,
  alternatives([
    String.raw`\bdoor (?:is|remains|stays|will stay|will remain|is always|will always be) (?:\w+ )?open\b`,
    String.raw`\bmy door\b|\bdoor open\b`,
  ]),
  alternatives([
    String.raw`\breach me\b|\bget in touch\b|\breach out (?:to me|any ?time|whenever|if|again whenever)\b`,
    String.raw`\byou know where to (?:find|reach) me\b`,
  ]),
  alternatives([
    String.raw`\bjust reply\b|\breply (?:here|to this|anytime|any time|whenever)\b`,
    String.raw`\b(?:drop|send) me a (?:line|note|message)\b|\bcall me (?:if|when|whenever|any ?time)\b`,
  ]),
  /\bwhenever (?:you(?:'re| are) ready|the (?:timing|time) is right|you want|it suits|suits you|you like|you need)\b/gu,
  alternatives([
    String.raw`\bmy (?:number|email|inbox|phone)\b|\bat this number\b`,
    String.raw`\b(?:happy|glad) to (?:pick|reconnect|help|resume|restart|talk)\b`,
  ]),
  /\blet me know if\b|\bfeel free to (?:reach|call|email|get|write)\b|\bhere is how to reach me\b/gu,
  /[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d/gu,
];

export const THANKS =
  /\bthank(?:s| you)\b|\bappreciate\b|\bgrateful\b|\b(?:merci|obrigad[ao]|danke|gracias|grazie|arigato|cheers)\b|🙏/u;

/** Another touch promised in a goodbye. */
// Not global: it is used with exec(), which would otherwise carry lastIndex from one draft to the next.
const I_WILL = String.raw`(?:i(?:'ll| will)|i(?:'m| am) going to|i plan to) (?:\w+ )?`;
export const FOLLOW_UP = new RegExp(
  [
    String.raw`\b${I_WILL}(?:call|ring|phone|follow up|try|reach out|check in|check back|email|ping)\b`,
    String.raw`\b${I_WILL}(?:circle back|touch base|be in touch|contact|give you a (?:ring|call|shout|buzz))\b`,
    String.raw`\b(?:talk|speak) (?:to you )?soon\b|\bexpect (?:a|another) (?:call|email|note) from me\b`,
  ].join('|'),
  'u',
);

const NEGATION = /\b(?:not|never|no|none|nothing|without|wont|no longer)\b|n't\b|\bcannot\b/u;
/**
 * Clause breaks: punctuation, dashes and the conjunctions that start a new clause. "and" and "or"
 * break only before a new subject, so "no new features or another brochure" stays one negated list.
 */
const CLAUSE_BREAK = new RegExp(
  [
    String.raw`[,;:.!?()\n]|\s[-–—]\s|\b(?:but|so|because|since|although|though|yet|while|then|however|if)\b`,
    String.raw`\b(?:and|or)\s+(?=(?:i|we|you|they|he|she|it|there|i'm|i'll|i've|we're|we'll|we've)\b)`,
  ].join('|'),
  'u',
);
/** Negation reaches this many words back: "I will not bore you with new features or another brochure". */
const NEGATION_REACH = 10;

/** Lower case, straight apostrophes, single spaces: what every cue pattern expects. */
export function normalise(text: string): string {
  return text
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .toLowerCase()
    .replace(/[ \t]+/g, ' ');
}

/** Whether a negation comes shortly before `index` in the same clause. */
export function negatedAt(text: string, index: number): boolean {
  const clause =
    text
      .slice(Math.max(0, index - 200), index)
      .split(CLAUSE_BREAK)
      .pop() ?? '';
  const words = clause.trim().split(/\s+/).slice(-NEGATION_REACH).join(' ');
  return NEGATION.test(words);
}

/** The first match of a pattern that is not cancelled by a negation, or null. */
export function firstMatch(text: string, pattern: RegExp, negatable: boolean): string | null {
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  for (const match of text.matchAll(global)) {
    if (negatable && negatedAt(text, match.index ?? 0)) continue;
    return match[0];
  }
  return null;
}

/** Whether any of the cues is said (and not negated) in the text. */
export function saysAny(text: string, cues: RegExp[]): boolean {
  return cues.some((pattern) => firstMatch(text, pattern, true) !== null);
}
