// The tone guard: a deterministic check every draft passes through, LLM or offline.
// It encodes METHOD.md sections 3-5 as rules a reviewer can read: no antagonism, sarcasm,
// guilt or self-pity; no shouting; bounded length; a fire message that is firm and leaves the
// door open without promising another follow-up; an accountability message that names the
// commitment and asks; no placeholders; and (given the deal's facts) no invented amounts, dates
// or names. Rules lean conservative: a false alarm costs a regeneration, a miss costs a deal.
import {
  amountIsKnown, collectEvidence, countWords, findAmounts, findIsoDates, findMonthDays, findWeekdays,
  significantWords, stem, wordsOf, type Evidence,
} from './evidence.js';
import type { DraftFacts, DraftKind, ToneProblem, ToneResult } from './types.js';

export interface DraftText {
  /** null or undefined: no subject to check (e.g. a bare body pasted on the command line). */
  subject?: string | null;
  body: string;
  voicemail?: string | null;
}

/**
 * Email body length in words, per kind. The issue asks for "roughly 50 to 150", fire shorter,
 * revival and roi longer; the minimums sit a little lower so that a "shorter" regeneration of a
 * plain check-in still passes. Greeting and sign-off count.
 */
export const BODY_WORD_LIMITS: Record<DraftKind, { min: number; max: number }> = {
  accountability: { min: 30, max: 150 },
  checkin: { min: 15, max: 110 },
  fire: { min: 30, max: 120 },
  revival: { min: 30, max: 170 },
  roi: { min: 40, max: 180 },
};
/** About 30 seconds of speech at a calm 150 words a minute. */
export const VOICEMAIL_MAX_WORDS = 75;
export const SUBJECT_MAX_CHARS = 80;

interface PhraseRule {
  rule: string;
  pattern: RegExp;
  why: string;
}

const PHRASE_RULES: PhraseRule[] = [
  { rule: 'antagonism', why: 'reads as passive-aggressive', pattern: /\b(?:as )?per my (?:last|previous|earlier|prior) (?:e-?mail|message|note|voicemail|call)\b/i },
  { rule: 'antagonism', why: 'reads as passive-aggressive', pattern: /\bas I (?:already |previously )?(?:said|mentioned|wrote|explained)\b/i },
  { rule: 'antagonism', why: 'blames the prospect', pattern: /\b(?:clearly|obviously) you\b|\byou (?:clearly|obviously)\b/i },
  { rule: 'antagonism', why: 'is pushy filler', pattern: /\bjust (?:bumping|circling back on|floating) this\b|\bbumping this\b/i },
  { rule: 'antagonism', why: 'blames the prospect', pattern: /\bignor(?:ed|ing) (?:me|my)\b|\bwast(?:e|ed|ing) (?:of )?(?:my|our) time\b|\byou never (?:replied|answered|responded|got back|called)\b/i },
  { rule: 'antagonism', why: 'sounds resentful', pattern: /\bI (?:guess|suppose|take it) (?:you're|you are|you aren't) (?:not )?(?:interested|serious)\b/i },
  { rule: 'antagonism', why: 'reads as passive-aggressive', pattern: /\bin case you (?:missed|didn't see|forgot)\b/i },
  { rule: 'sarcasm', why: 'reads as sarcastic', pattern: /\bI(?:'m| am) sure you(?:'re| are) (?:very |so |super |really |extremely )?busy\b/i },
  { rule: 'sarcasm', why: 'reads as sarcastic', pattern: /\bmust be nice\b|\bthanks for nothing\b|\bstill alive\b|\bfell off the (?:face of the )?(?:earth|planet)\b|\bdropped off the face\b|\bhello\?|\banyone there\?/i },
  { rule: 'guilt-trip', why: 'guilt-trips the prospect', pattern: /\bI must have (?:offended|upset|annoyed|done something|said something)\b/i },
  { rule: 'guilt-trip', why: 'guilt-trips the prospect', pattern: /\bdid I (?:do|say) (?:something|anything) (?:wrong|to offend|to upset)\b/i },
  { rule: 'guilt-trip', why: 'guilt-trips the prospect', pattern: /\bI(?:'m| am) (?:so |very |really |a bit )?(?:disappointed|hurt|frustrated)\b|\byou (?:let me|let us) down\b|\byou owe (?:me|us)\b|\bafter all (?:the|my|our) (?:time|effort|work)\b|\bI(?:'ve| have) been waiting\b|\byou promised\b|\bthe least you could do\b|\bhad the courtesy\b/i },
  { rule: 'self-pity', why: 'is self-pity, not confidence', pattern: /\bsorry to (?:bother|pester|chase|keep bothering|keep chasing)\b|\bI hate to (?:bother|pester|chase)\b|\bI know I(?:'m| am) (?:probably )?(?:annoying|a pest|being a pest)\b|\bI don't want to (?:be a pest|bother you|pester)\b|\bI(?:'m| am) (?:such )?a failure\b|\bI really need this\b|\bmy (?:quota|boss|manager) (?:is|will|needs)\b/i },
];

/** Re-selling in an accountability or fire message: the urge METHOD.md section 3 warns against. */
const RESELL = /\b(?:brochures?|decks?|slides?|case stud(?:y|ies)|white ?papers?|one-pagers?|data ?sheets?|attached|attaching|attachments?|new features?|latest release)\b/gi;

const FIRE_FIRM = /\btak(?:e|ing) you off (?:my|our|the) (?:list|radar|calendar|follow-?up list)\b|\bstep(?:ping)? back\b|\b(?:won't|will not) (?:be )?(?:call|calling|reach(?:ing)? out|contact(?:ing)?|follow(?:ing)? up|chas(?:e|ing)|email(?:ing)?|in touch)\b|\bno longer (?:call|reach out|follow up|contact|chase)\b|\bstop (?:calling|reaching out|following up|chasing)\b|\bclos(?:e|ing) (?:this|it|things) out\b|\bclos(?:e|ing) (?:the|your|this) file\b|\bthis (?:is|will be) my (?:last|final) (?:message|email|note|call|voicemail)\b/i;
const FIRE_DOOR = /\bif (?:things|anything|priorities|that|circumstances|the timing) (?:change|changes|shift|shifts)\b|\bdoor (?:is|remains|stays|will stay|will remain) open\b|\breach me\b|\bget in touch\b|\breach out (?:to me|any ?time|whenever|if)\b|\breply (?:here|to this)\b|\bjust reply\b|\b(?:happy|glad) to (?:pick|reconnect|help|resume|restart)\b|\bwhenever you(?:'re| are) ready\b|\bmy (?:number|email|inbox|door)\b|\blet me know if\b|\bfeel free to (?:reach|call|email|get)\b|\byou know where to (?:find|reach) me\b/i;
const FIRE_FOLLOW_UP = /\b(?:I(?:'ll| will)|I(?:'m| am) going to|I plan to) (?:call|ring|phone|follow up|try|reach out|check in|check back|email|ping|circle back|touch base|be in touch|contact)\b|\b(?:talk|speak) (?:to you )?soon\b/i;

const PLACEHOLDER = /\[[^\]\n]{1,40}\]|\{\{[^}\n]*\}\}|\{[A-Za-z_ ]{1,30}\}|<[A-Za-z_ ]{1,30}>|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX+\b|lorem ipsum|\bINSERT [A-Z][A-Z ]+\b/gi;

/** Acronyms of four or more capitals that are words of the trade, not shouting. */
const ACRONYMS = new Set([
  'SAAS', 'HRIS', 'GDPR', 'HIPAA', 'EMEA', 'APAC', 'AMER', 'LATAM', 'JSON', 'HTML', 'HTTP', 'HTTPS', 'SAML',
  'COVID', 'NASDAQ', 'SOC2', 'ISO27001', 'NYSE', 'FIFO', 'ERP', 'OKRS', 'KPIS', 'B2B', 'B2C', 'SMB',
]);

/** Capitalised words that are not people: glue, greetings, calendar, roles, scenario labels. */
const COMMON_CAPITALISED = new Set(
  ('i i\'m i\'ll i\'d i\'ve hi hello hey dear thanks thank best regards kind warm cheers sincerely all happy holidays ' +
    'new year good morning afternoon evening please let hope if when since as so and but or just also here there this that ' +
    'these those what why how where who is are do does did have has had it it\'s we you your our my their either any ' +
    'whatever whenever no yes not once after before until for from to with in on at by of about could would should can ' +
    'will may might must shall quick short one two three four five conservative moderate aggressive net total sales ' +
    'marketing finance operations legal procurement board team management leadership executive engineering product ' +
    'support hr it vp ceo cfo coo cto cio cro cmo roi crm q1 q2 q3 q4 monday tuesday wednesday thursday friday saturday ' +
    'sunday january february march april may june july august september october november december looking forward ' +
    'talk soon take care regards great sure sounds understood absolutely glad sorry apologies congratulations welcome ' +
    'even then now today tomorrow next last week month quarter year years mr mrs ms miss mx dr prof sir madam')
    .split(/\s+/),
);

const NAME_WORD = String.raw`\p{Lu}[\p{L}'’-]*\p{L}`;
// No 'i' flag on these: with it, \p{Lu} would match lower-case letters too.
const GREETING = new RegExp(String.raw`^\s*(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Gg]ood (?:morning|afternoon|evening))[ \t]+(${NAME_WORD})`, 'u');
const SELF_INTRO = new RegExp(String.raw`\b(?:[Tt]his is|[Ii]t['’]s|[Ii]t is|[Mm]y name is)[ \t]+(${NAME_WORD})`, 'gu');
const FULL_NAME = new RegExp(String.raw`\b(${NAME_WORD})[ \t]+(${NAME_WORD})\b`, 'gu');
const SIGN_OFF = /^(?:best|best regards|kind regards|regards|warm regards|warmly|thanks|thank you|many thanks|cheers|sincerely|all the best|take care)\b[,.!]?\s*(.*)$/i;

// ---------- the rules, one small function each ----------

// No exemption for phrases found in the deal's notes: a note must not be able to switch a rule off.
function phraseProblems(text: string): ToneProblem[] {
  const problems: ToneProblem[] = [];
  for (const { rule, pattern, why } of PHRASE_RULES) {
    const match = pattern.exec(text);
    if (match) problems.push({ rule, message: `"${match[0]}" ${why}.` });
  }
  return problems;
}

function shoutingProblems(text: string, evidence: Evidence | null, company: string | null): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const shouted = (text.match(/\b[A-Z][A-Z0-9]{3,}\b/g) ?? []).filter(
    (word) => (word.match(/[A-Z]/g) ?? []).length >= 4 && !ACRONYMS.has(word) && !evidence?.capitalWords.has(word),
  );
  if (shouted.length > 0) {
    problems.push({ rule: 'shouting', message: `All-caps words read as shouting: ${[...new Set(shouted)].slice(0, 5).join(', ')}.` });
  }
  // A company called "Yahoo!" is not an exclamation.
  const withoutCompany = company ? text.split(company).join(' ') : text;
  const exclamations = (withoutCompany.match(/!/g) ?? []).length;
  if (exclamations > 1) {
    problems.push({ rule: 'exclamation', message: `${exclamations} exclamation marks; use one at most.` });
  }
  return problems;
}

function placeholderProblems(text: string): ToneProblem[] {
  const found = text.match(PLACEHOLDER) ?? [];
  return found.length === 0 ? [] : [{ rule: 'placeholder', message: `Unfilled placeholder: ${[...new Set(found)].slice(0, 3).join(', ')}.` }];
}

function lengthProblems(kind: DraftKind, text: DraftText): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const limits = BODY_WORD_LIMITS[kind];
  const words = countWords(text.body);
  if (text.body.trim() === '') problems.push({ rule: 'empty', message: 'The email body is empty.' });
  else if (words > limits.max) problems.push({ rule: 'too-long', message: `The email is ${words} words; keep a ${kind} email under ${limits.max}.` });
  else if (words < limits.min) problems.push({ rule: 'too-short', message: `The email is ${words} words; a ${kind} email needs at least ${limits.min}.` });
  if (text.subject !== undefined && text.subject !== null) {
    if (text.subject.trim() === '') problems.push({ rule: 'empty', message: 'The subject is empty.' });
    else if (text.subject.length > SUBJECT_MAX_CHARS) problems.push({ rule: 'subject-too-long', message: `The subject is ${text.subject.length} characters; keep it under ${SUBJECT_MAX_CHARS}.` });
  }
  if (text.voicemail) {
    const spoken = countWords(text.voicemail);
    if (spoken > VOICEMAIL_MAX_WORDS) {
      problems.push({ rule: 'voicemail-too-long', message: `The voicemail is ${spoken} words (over 30 seconds); keep it under ${VOICEMAIL_MAX_WORDS}.` });
    }
  }
  return problems;
}

function fireProblems(part: string, label: string): ToneProblem[] {
  const problems: ToneProblem[] = [];
  if (!FIRE_FIRM.test(part)) {
    problems.push({ rule: 'fire-not-firm', message: `The ${label} must say plainly that you are stepping back / taking them off your list.` });
  }
  if (!FIRE_DOOR.test(part)) {
    problems.push({ rule: 'fire-no-door', message: `The ${label} must leave the door open (e.g. "if things change, here is how to reach me").` });
  }
  const promise = FIRE_FOLLOW_UP.exec(part);
  if (promise) {
    problems.push({ rule: 'fire-follow-up', message: `The ${label} promises another follow-up ("${promise[0]}"); after a fire message the next move is theirs.` });
  }
  return problems;
}

/** Words the draft is meant to quote back (the commitment, the goal) may name a deck; notes may not. */
function resellProblems(text: string, facts: DraftFacts | null): ToneProblem[] {
  const quotable = new Set(wordsOf(`${facts?.commitment?.text ?? ''} ${facts?.prospectGoal ?? ''}`));
  const found = (text.match(RESELL) ?? []).filter((w) => !quotable.has(w.toLowerCase()));
  return found.length === 0 ? [] : [{ rule: 'resell', message: `Don't re-sell here (${[...new Set(found)].slice(0, 3).join(', ')}); ask what happened instead.` }];
}

function mentionsCommitment(body: string, commitmentText: string): boolean {
  // Placeholder junk in the rep's note ("[manager] TODO") is not something a draft should repeat.
  const wanted = significantWords(commitmentText.replace(PLACEHOLDER, ' ')).map(stem);
  if (wanted.length === 0) return true;
  const present = new Set(wordsOf(body).map(stem));
  const overlap = wanted.filter((w) => present.has(w)).length;
  return overlap >= Math.min(2, wanted.length);
}

function kindProblems(kind: DraftKind, text: DraftText, facts: DraftFacts | null): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const body = text.body;
  switch (kind) {
    case 'accountability':
      if (!body.includes('?')) problems.push({ rule: 'accountability-no-question', message: 'Ask plainly what happened (a question).' });
      if (facts?.commitment && !mentionsCommitment(body, facts.commitment.text)) {
        problems.push({ rule: 'accountability-no-commitment', message: 'Remind them of the commitment they made, in their own words.' });
      }
      break;
    case 'checkin':
      if (!body.includes('?')) problems.push({ rule: 'checkin-no-question', message: 'A check-in is a short question: ask one.' });
      break;
    case 'fire':
      problems.push(...fireProblems(body, 'email'));
      if (text.voicemail) problems.push(...fireProblems(text.voicemail, 'voicemail'));
      break;
    case 'revival':
      if (!body.includes('?')) problems.push({ rule: 'revival-no-ask', message: 'Suggest a next step and ask them to confirm it (a question).' });
      if (!/\b(?:call|meeting|meet|time|invite|book|schedule|calendar|appointment|slot)\b/i.test(body)) {
        problems.push({ rule: 'revival-no-next-step', message: 'Suggest a concrete next step, ideally a booked appointment.' });
      }
      break;
    case 'roi': {
      const missing = ['conservative', 'moderate', 'aggressive'].filter((w) => !new RegExp(`\\b${w}\\b`, 'i').test(body));
      if (missing.length > 0) problems.push({ rule: 'roi-scenarios', message: `Show the value three ways; missing: ${missing.join(', ')}.` });
      if (!/\b(?:three|3)[ -]years?\b|\b(?:three|3)-year\b/i.test(body)) {
        problems.push({ rule: 'roi-three-years', message: 'Annualise the value over three years.' });
      }
      if (facts?.roi) {
        const conservative = [facts.roi.conservative, facts.roi.conservative * 3];
        if (!findAmounts(body).some((a) => amountIsKnown(a.value, conservative))) {
          problems.push({ rule: 'roi-figures', message: 'State the conservative figure from the deal.' });
        }
      }
      break;
    }
  }
  if (facts?.wantsVoicemail && !text.voicemail?.trim()) {
    problems.push({ rule: 'voicemail-missing', message: 'This step is a call: add a voicemail script.' });
  }
  return problems;
}

// ---------- facts the deal does not hold ----------

function amountProblems(text: string, evidence: Evidence): ToneProblem[] {
  const unknown = findAmounts(text).filter((a) => !amountIsKnown(a.value, evidence.amounts));
  return unknown.length === 0 ? [] : [{ rule: 'unknown-amount', message: `Amount not in the deal: ${unknown.map((a) => a.text).slice(0, 3).join(', ')}.` }];
}

function dateProblems(text: string, evidence: Evidence): ToneProblem[] {
  const unknown = [
    ...findWeekdays(text).filter((w) => !evidence.weekdays.has(w)).map((w) => w[0]!.toUpperCase() + w.slice(1)),
    ...findMonthDays(text).filter((d) => !evidence.monthDays.has(d.key)).map((d) => d.text),
    ...findIsoDates(text).filter((d) => !evidence.isoDates.has(d)),
  ];
  return unknown.length === 0 ? [] : [{ rule: 'unknown-date', message: `Date not in the deal: ${[...new Set(unknown)].slice(0, 3).join(', ')}.` }];
}

function isUnknownName(word: string, evidence: Evidence): boolean {
  const lower = word.toLowerCase().replace(/['’]s$/, '');
  return !COMMON_CAPITALISED.has(lower) && !evidence.words.has(lower) && !evidence.words.has(word.toLowerCase());
}

/** Names in the places people go: the greeting, the sign-off, "this is X", and "First Last" pairs. */
function nameCandidates(part: string): string[][] {
  const candidates: string[][] = [];
  const lines = part.split('\n').map((l) => l.trim());
  const firstLine = lines.find((l) => l !== '') ?? '';
  const greeting = GREETING.exec(firstLine);
  if (greeting) candidates.push([greeting[1]!]);
  for (const match of part.matchAll(SELF_INTRO)) candidates.push([match[1]!]);
  lines.forEach((line, i) => {
    const signOff = SIGN_OFF.exec(line);
    if (!signOff) return;
    const sameLine = signOff[1]!.trim();
    const nextLine = sameLine === '' ? lines.slice(i + 1).find((l) => l !== '') ?? '' : sameLine;
    if (new RegExp(String.raw`^(?:${NAME_WORD})(?:[ \t]+${NAME_WORD}){0,2}$`, 'u').test(nextLine)) {
      candidates.push(nextLine.split(/\s+/));
    }
  });
  for (const match of part.matchAll(FULL_NAME)) candidates.push([match[1]!, match[2]!]);
  return candidates;
}

function nameProblems(part: string, evidence: Evidence): ToneProblem[] {
  const unknown = new Set<string>();
  for (const words of nameCandidates(part)) {
    // Conservative: a name counts as the deal's when any of its words is in the deal (a first name alone is fine).
    if (words.every((w) => isUnknownName(w, evidence))) unknown.add(words.join(' '));
  }
  return unknown.size === 0 ? [] : [{ rule: 'unknown-name', message: `Name not in the deal: ${[...unknown].slice(0, 3).join(', ')}.` }];
}

function factProblems(text: DraftText, facts: DraftFacts): ToneProblem[] {
  const evidence = collectEvidence(facts);
  const all = [text.subject ?? '', text.body, text.voicemail ?? ''].join('\n\n');
  return [
    ...amountProblems(all, evidence),
    ...dateProblems(all, evidence),
    ...nameProblems(text.body, evidence),
    ...(text.voicemail ? nameProblems(text.voicemail, evidence) : []),
    ...(text.subject ? nameProblems(text.subject, evidence) : []),
  ];
}

function dedupe(problems: ToneProblem[]): ToneProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.rule}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Checks one draft. Pass the deal's facts to also catch invented amounts, dates and names. */
export function checkTone(kind: DraftKind, text: DraftText, facts?: DraftFacts | null): ToneResult {
  const evidence = facts ? collectEvidence(facts) : null;
  const all = [text.subject ?? '', text.body, text.voicemail ?? ''].join('\n\n');
  const problems = dedupe([
    ...phraseProblems(all),
    ...shoutingProblems(all, evidence, facts?.company ?? null),
    ...placeholderProblems(all),
    ...lengthProblems(kind, text),
    ...(kind === 'accountability' || kind === 'fire' ? resellProblems(text.body + '\n' + (text.voicemail ?? ''), facts ?? null) : []),
    ...kindProblems(kind, text, facts ?? null),
    ...(facts ? factProblems(text, facts) : []),
  ]);
  return { ok: problems.length === 0, problems };
}
