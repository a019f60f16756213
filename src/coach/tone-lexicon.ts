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

const cue = (rule: string, source: string, negatable = false): Cue => ({ rule, pattern: new RegExp(source, 'gu'), negatable });

export const TONE_CUES: Cue[] = [
  // antagonism: passive-aggressive reminders and blame
  cue('antagonism', String.raw`\b(?:as )?per my (?:last|previous|earlier|prior|recent) ${gap(2)}(?:e-?mails?|messages?|notes?|voicemails?|calls?|letters?)\b`),
  cue('antagonism', String.raw`\bas (?:i|we)(?: have|'ve)? (?:already |previously |clearly |just |repeatedly )?(?:said|mentioned|stated|wrote|written|explained|noted|told you|pointed out)\b`),
  cue('antagonism', String.raw`\b(?:clearly|obviously) you\b|\byou (?:clearly|obviously)\b`),
  cue('antagonism', String.raw`\bjust (?:bumping|circling back on|floating) this\b|\bbumping this\b`),
  cue('antagonism', String.raw`\byou(?:'ve| have)? (?:been )?ignor(?:ed|ing)\b|\bignor(?:ed|ing) (?:me|my|us|our)\b`),
  cue('antagonism', String.raw`\bwast(?:e|ed|ing) (?:of )?(?:my|our) time\b|\byou never (?:replied|answered|responded|got back|called|bothered)\b`),
  cue('antagonism', String.raw`\bi (?:guess|suppose|take it) (?:you're|you are|you aren't) (?:not )?(?:interested|serious)\b`),
  cue('antagonism', String.raw`\bin case you (?:missed|didn't see|forgot)\b|\bi(?:'ll| will) take (?:your|the) silence as\b`),
  // sarcasm: mocking the silence or the prospect
  cue('sarcasm', String.raw`\bi(?:'m| am) sure you(?:'re| are) (?:very |so |super |really |extremely )?busy\b`),
  cue('sarcasm', String.raw`\bi (?:guess|suppose|take it|assume) (?:you're|you are|you must be|you were) ${gap(2)}(?:busy|important)\b`),
  cue('sarcasm', String.raw`\bmust be nice\b|\bthanks for nothing\b|\bstill alive\b|\bf[ae]ll(?:en)? off the (?:face of the )?(?:earth|planet)\b`),
  cue('sarcasm', String.raw`\bdropped off the face\b|\bhello\s*\?|\bany(?:one|body) (?:home|there|out there)\b|\bis this thing on\b`),
  cue('sarcasm', String.raw`\b(?:spam|junk) folder\b|\bsurely (?:you|even|someone|somebody|it)\b|\bi know ${gap(1)}(?:numbers|reading|maths?|emails?) (?:is|are) hard\b`),
  cue('sarcasm', String.raw`\bhow hard (?:can it be|is it)\b|\bit only takes (?:\w+ )?(?:seconds?|minutes?)\b|;\)|😉|🙄|😒`),
  // guilt-trip: the prospect owes the rep
  cue('guilt-trip', String.raw`\bi must have (?:offended|upset|annoyed|done something|said something)\b|\bdid i (?:do|say) (?:something|anything) (?:wrong|to offend|to upset)\b`),
  cue('guilt-trip', String.raw`\bi(?:'m| am| was| feel| felt) ${gap(2)}(?:disappointed|hurt|let down|frustrated)\b`, true),
  cue('guilt-trip', String.raw`\byou (?:let me|let us) down\b|\byou owe (?:me|us)\b|\bthe least you could do\b|\bhad the courtesy\b|\byou promised\b`),
  cue('guilt-trip', String.raw`\bafter all (?:i|we)(?:'ve| have)? (?:did|done|have done|went through)\b|\bafter all (?:the|my|our) (?:time|effort|work|hours)\b`),
  cue('guilt-trip', String.raw`\bi(?:'ve| have) been waiting\b|\bi was ${gap(1)}counting on you\b|\bbent over backwards\b|\bwent out of my way\b`),
  cue('guilt-trip', String.raw`\b(?:couldn't|could not|can't|cannot) even (?:reply|answer|respond|call|be bothered)\b`),
  // self-pity: the rep falls on the sword
  cue('self-pity', String.raw`\bsorry to (?:bother|pester|chase|keep bothering|keep chasing|be a pain)\b|\bi hate to (?:bother|pester|chase)\b`),
  cue('self-pity', String.raw`\bi (?:know )?(?:i )?(?:must be|am|'m) (?:probably )?(?:being )?(?:annoying|a pest|a nuisance|a pain)\b|\bi know i'm (?:probably )?(?:annoying|a pest|being a pest)\b`),
  cue('self-pity', String.raw`\bi don't want to (?:be a pest|bother you|pester|be a nuisance)\b|\bi(?:'m| am) (?:such )?a failure\b|\bi really need(?:ed)? this\b`),
  cue('self-pity', String.raw`\bi(?:'ve| have) wasted\b|\bwast(?:ed|ing) (?:so much|so many|a lot of|all|weeks|hours|days|months)\b|\ball for nothing\b`),
  cue('self-pity', String.raw`\bmy (?:quota|boss|manager) (?:is|will|needs)\b|\bfor my (?:quota|quarter|target|commission|numbers)\b|\btalking to a (?:brick )?wall\b`),
  cue('self-pity', String.raw`\bembarrass(?:ing|ed) (?:for|to) me\b|\bi(?:'m| am| feel) ${gap(1)}embarrassed\b|\bin front of my (?:manager|boss|team)\b|\bi(?:'ve| have) been chasing\b`),
  // threats: consequences for not answering
  cue('threat', String.raw`\bescalat\w* ${gap(2)}(?:to|with) (?:your )?(?:boss|manager|ceo|cfo|director|management|supervisor|superiors|leadership)\b`),
  cue('threat', String.raw`\bgo(?:ing)? over your head\b|\bcontact your (?:ceo|boss|manager|director|md|managing director|supervisor|superiors) ${gap(0)}(?:directly)?\b`),
  cue('threat', String.raw`\b(?:involve|call in|hand (?:this|it) to) (?:our|my) (?:legal|lawyers?|solicitors?|attorneys?|collections?)\b|\bfrom our (?:lawyers|legal team|attorneys|solicitors)\b`),
  cue('threat', String.raw`\btake (?:legal|further) action\b|\bno (?:other )?choice but to\b|\bor else\b`),
  cue('threat', String.raw`\b(?:we|i)(?:'ll| will| shall) (?:have|need|be forced) to (?:cancel|release|charge|withdraw|terminate|invoice|bill|escalate|involve|report|take|pass)\b`),
  cue('threat', String.raw`\bcharge (?:you )?(?:the |a )?(?:deposit|cancellation fee|penalty|fee)\b`),
  // pressure and false urgency
  cue('pressure', String.raw`\bact (?:now|fast|quickly|today)\b|\blast chance\b|\blimited[- ]time\b|\btime is running out\b|\brunning out of time\b`, true),
  cue('pressure', String.raw`\bonly ${gap(1)}(?:today|tonight|this week|until|till)\b|\b(?:valid|available|good) (?:only )?(?:until|till|through|today|this week)\b`, true),
  cue('pressure', String.raw`\b(?:offer|discount|price|prices|pricing|rate|deal|promotion|promo)\b[^.?!\n]{0,40}?\b(?:expires?|ends?|ending|runs? out|goes up|go up|going up|increases?|rises?|will rise|will increase)\b`, true),
  cue('pressure', String.raw`\b(?:expires?|ends?) (?:on |this |next |at the end of )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|soon|the month|the week)\b`, true),
  cue('pressure', String.raw`\b(?:keep|lock in|locking in|secure) (?:the |this |your )?(?:current |old |special |introductory )?(?:price|rate|discount)\b|\bbefore (?:it's|it is) too late\b`, true),
  cue('pressure', String.raw`\b(?:don't|do not) miss (?:out|this)\b|\bbefore they(?:'re| are) gone\b|\b(?:only )?\d+ (?:slots?|spots?|places?|seats?) left\b|\basap\b|\burgent(?:ly)?\b`, true),
  cue('pressure', String.raw`\bi (?:need|want|expect) (?:an answer|a decision|a reply|your answer|your decision) ${gap(1)}(?:today|tomorrow|now|this week|by)\b`, true),
  cue('pressure', String.raw`\b(?:if you )?sign (?:this week|today|tonight|by|before)\b|\b(?:reply|respond|answer|decide) (?:today|asap|immediately|right now|by tomorrow)\b`, true),
  // insults the profanity list does not hold
  cue('insult', String.raw`\b(?:idiot\w*|stupid\w*|moron\w*|clueless|incompetent|pathetic|useless|dumb|lazy|ridiculous|amateurish)\b`),
  cue('insult', String.raw`\bwhat the (?:hell|heck)\b|\bdamn(?:ed|it)?\b|\bcrap(?:py)?\b|\bscrew(?:ing|ed)? (?:me|us|around)\b|\bthis is a joke\b`),
  // re-selling: new material instead of a plain question (checked only where the method forbids it)
  cue('resell', String.raw`\b(?:brochures?|(?:slide )?decks?|slides|case stud(?:y|ies)|white ?papers?|one-?pagers?|data ?sheets?|pricing sheets?|price lists?|demo videos?|testimonials?)\b`, true),
  cue('resell', String.raw`\battach(?:ed|ing|ment|ments)?\b|\b(?:new|latest|updated) (?:features?|release|module|version|dashboard|app|functionality|capabilit(?:y|ies)|product)\b`, true),
  cue('resell', String.raw`\blet me (?:show|tell|walk) you\b|\b(?:love|like) to show you\b|\bwe(?:'ve| have)? (?:just )?(?:launched|released|rolled out)\b`, true),
  cue('resell', String.raw`\b(?:more|new|additional|extra|further) (?:material|materials|information|info|documents|resources|content)\b`, true),
];

/** "I'm stopping": taking them off the list, not calling again, closing the file. */
export const FIRM_CUES: RegExp[] = [
  /\b(?:tak|remov)(?:e|es|ing) (?:[\w'&.-]+\s+){0,5}?off (?:my|our|the) (?:[\w-]+\s+)?(?:list|radar|calendar|pipeline|books|forecast)\b/gu,
  /\bstep(?:ping)? (?:back|away)\b/gu,
  /\b(?:won't|will not|wont|not going to|shall not)\s+(?:be\s+)?(?:call|calling|ring|ringing|phon(?:e|ing)|reach(?:ing)?\s+out|contact(?:ing)?|follow(?:ing)?[\s-]+up|chas(?:e|ing)|email(?:ing)?|writ(?:e|ing)|bother(?:ing)?|pester(?:ing)?|in touch|check(?:ing)? in)\b/gu,
  /\bno longer (?:be )?(?:call|calling|reach(?:ing)? out|follow(?:ing)? up|contact(?:ing)?|chas(?:e|ing)|email(?:ing)?|in touch|pursu(?:e|ing))\b/gu,
  /\b(?:i(?:'ll| will)|i(?:'m| am)) stop(?:ping)?\b|\bstop (?:calling|reaching out|following up|chasing|emailing|checking in|contacting)\b/gu,
  /\bclos(?:e|ing) (?:this|it|things|the loop|your file|the file|this file|our file|your account|the deal|the opportunity)\b/gu,
  /\bthis (?:is|will be) my (?:last|final) (?:message|email|note|call|voicemail|attempt)\b|\b(?:last|final) (?:message|email|note) from me\b/gu,
  /\bthe (?:next )?(?:move|step|ball) is (?:yours|in your court)\b|\bleav(?:e|ing) (?:it|things|this) with you\b/gu,
];

/** The way back: "if things change", "my door is open", "reach me at", "just reply". */
export const DOOR_CUES: RegExp[] = [
  /\bif (?:things|anything|priorities|that|circumstances|the timing|timing|your plans|plans|it|this) (?:ever )?(?:change|changes|shift|shifts)\b/gu,
  /\bif\b[^.?!\n]{0,80}?\b(?:comes? back|becomes? a priority|back on the (?:table|agenda)|is back|changes?)\b/gu,
  /\bdoor (?:is|remains|stays|will stay|will remain|is always|will always be) (?:\w+ )?open\b|\bmy door\b|\bdoor open\b/gu,
  /\breach me\b|\bget in touch\b|\breach out (?:to me|any ?time|whenever|if|again whenever)\b|\byou know where to (?:find|reach) me\b/gu,
  /\bjust reply\b|\breply (?:here|to this|anytime|any time|whenever)\b|\b(?:drop|send) me a (?:line|note|message)\b|\bcall me (?:if|when|whenever|any ?time)\b/gu,
  /\bwhenever (?:you(?:'re| are) ready|the (?:timing|time) is right|you want|it suits|suits you|you like|you need)\b/gu,
  /\bmy (?:number|email|inbox|phone)\b|\bat this number\b|\b(?:happy|glad) to (?:pick|reconnect|help|resume|restart|talk)\b/gu,
  /\blet me know if\b|\bfeel free to (?:reach|call|email|get|write)\b|\bhere is how to reach me\b/gu,
  /[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d/gu,
];

export const THANKS = /\bthank(?:s| you)\b|\bappreciate\b|\bgrateful\b|\bmerci\b|\bobrigad[ao]\b|\bdanke\b|\bgracias\b|\bgrazie\b|\barigato\b|\bshukran\b|\bcheers\b|🙏/u;

/** Another touch promised in a goodbye. */
export const FOLLOW_UP =
  /\b(?:i(?:'ll| will)|i(?:'m| am) going to|i plan to) (?:\w+ )?(?:call|ring|phone|follow up|try|reach out|check in|check back|email|ping|circle back|touch base|be in touch|contact|give you a (?:ring|call|shout|buzz))\b|\b(?:talk|speak) (?:to you )?soon\b|\bexpect (?:a|another) (?:call|email|note) from me\b/u;

const NEGATION = /\b(?:not|never|no|none|nothing|without|wont|no longer)\b|n't\b|\bcannot\b/u;
/**
 * Clause breaks: punctuation, dashes and the conjunctions that start a new clause. "and" and "or"
 * break only before a new subject, so "no new features or another brochure" stays one negated list.
 */
const CLAUSE_BREAK =
  /[,;:.!?()\n]|\s[-–—]\s|\b(?:but|so|because|since|although|though|yet|while|then|however|if)\b|\b(?:and|or)\s+(?=(?:i|we|you|they|he|she|it|there|i'm|i'll|i've|we're|we'll|we've)\b)/u;
/** Negation reaches this many words back: "I will not bore you with new features or another brochure". */
const NEGATION_REACH = 10;

/** Lower case, straight apostrophes, single spaces: what every cue pattern expects. */
export function normalise(text: string): string {
  return text.replace(/[’‘`´]/g, "'").replace(/[“”„]/g, '"').toLowerCase().replace(/[ \t]+/g, ' ');
}

/** Whether a negation comes shortly before `index` in the same clause. */
export function negatedAt(text: string, index: number): boolean {
  const clause = text.slice(Math.max(0, index - 200), index).split(CLAUSE_BREAK).pop() ?? '';
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
