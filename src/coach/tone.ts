// The tone guard: a deterministic check every draft passes through, LLM or offline.
// It encodes METHOD.md sections 3-5 as rules a reviewer can read: no antagonism, sarcasm, guilt,
// self-pity, pressure, threats or insults; no shouting; bounded length per kind; a fire message that
// is firm, thankful, names their value and leaves the door open without promising another follow-up;
// an accountability message that names the commitment, asks and does not re-sell; no template seams
// (placeholders, doubled punctuation, stray capitals, wrong articles, mangled legal names); and (given
// the deal's facts) no invented amounts, dates or names. Cues are negation-aware (tone-lexicon.ts).
// Rules lean conservative: a false alarm costs a regeneration, a miss costs a deal.
import { createRequire } from 'node:module';
import type { RegExpMatcher } from 'obscenity';
import {
  amountIsKnown,
  collectEvidence,
  countWords,
  findAmounts,
  findIsoDates,
  findMonthDays,
  findWeekdays,
  significantWords,
  stem,
  wordsOf,
  type Evidence,
} from './evidence.js';
import {
  DOOR_CUES,
  FIRM_CUES,
  FOLLOW_UP,
  THANKS,
  TONE_CUES,
  firstMatch,
  normalise,
  saysAny,
  type Cue,
} from './tone-lexicon.js';
import {
  PLACEHOLDER,
  agreementProblems,
  articleProblems,
  companyNameProblems,
  maskNames,
  placeholderProblems,
  punctuationProblems,
  repeatedWordProblems,
  strayCapitalProblems,
} from './tone-seams.js';
import { shortCompanyName } from './names.js';
import type { DraftFacts, DraftKind, ToneProblem, ToneResult } from './types.js';

export interface DraftText {
  /** null or undefined: no subject to check (e.g. a bare body pasted on the command line). */
  subject?: string | null;
  body: string;
  voicemail?: string | null;
}

/**
 * Email body length in words, per kind: the ranges a coach accepts. Greeting and sign-off count.
 * Accountability: drafts aim at 50-125, but the floor is 30. METHOD 3's story is one short email that
 * broke nine weeks of silence; a complete note is greeting, the commitment in their words, "what
 * happened?", one courteous line and a sign-off, about 30 words. The floor rejects telegrams ("The
 * works council by Friday: what happened?"), not short notes; the commitment and question rules
 * already check the parts. Fire 25-90 (a short goodbye is a good goodbye); check-ins are one
 * question; revival and roi carry a next step or three figures.
 */
export const BODY_WORD_LIMITS: Record<DraftKind, { min: number; max: number }> = {
  accountability: { min: 30, max: 125 },
  checkin: { min: 15, max: 110 },
  fire: { min: 25, max: 90 },
  revival: { min: 30, max: 170 },
  roi: { min: 40, max: 180 },
};
/** What drafters aim at (the prompts ask for it): the 50-125 for accountability, the limits otherwise. */
export const BODY_WORD_TARGETS: Record<DraftKind, { min: number; max: number }> = {
  ...BODY_WORD_LIMITS,
  accountability: { min: 50, max: 125 },
};
/** About 30 seconds of speech at a calm 150 words a minute. */
export const VOICEMAIL_MAX_WORDS = 75;
/**
 * A voicemail that must carry the method's parts (the commitment and the question; or stopping,
 * thanks and the way back) needs about 40 words; a check-in, revival or roi call-back less.
 */
export const VOICEMAIL_MIN_WORDS: Record<DraftKind, number> = {
  accountability: 40,
  fire: 40,
  checkin: 20,
  revival: 25,
  roi: 25,
};
export const SUBJECT_MAX_CHARS = 80;

/** Acronyms of four or more capitals that are words of the trade, not shouting. */
const ACRONYMS = new Set([
  'SAAS',
  'HRIS',
  'GDPR',
  'HIPAA',
  'EMEA',
  'APAC',
  'AMER',
  'LATAM',
  'JSON',
  'HTML',
  'HTTP',
  'HTTPS',
  'SAML',
  'COVID',
  'NASDAQ',
  'SOC2',
  'ISO27001',
  'NYSE',
  'FIFO',
  'ERP',
  'OKRS',
  'KPIS',
  'B2B',
  'B2C',
  'SMB',
]);

/** Capitalised words that are not people: glue, greetings, calendar, roles, scenario labels. */
const COMMON_CAPITALISED = new Set(
  (
    "i i'm i'll i'd i've hi hello hey dear thanks thank best regards kind warm cheers sincerely all happy holidays " +
    'new year good morning afternoon evening please let hope if when since as so and but or just also here there ' +
    'this that ' +
    "these those what why how where who is are do does did have has had it it's we you your our my their either any " +
    'whatever whenever no yes not once after before until for from to with in on at by of about could would should ' +
    'can ' +
    'will may might must shall quick short one two three four five conservative moderate aggressive net total sales ' +
    'marketing finance operations legal procurement board team management leadership executive engineering product ' +
    'support hr it vp ceo cfo coo cto cio cro cmo roi crm q1 q2 q3 q4 monday tuesday wednesday thursday friday ' +
    'saturday ' +
    'sunday january february march april may june july august september october november december looking forward ' +
    'talk soon take care regards great sure sounds understood absolutely glad sorry apologies congratulations ' +
    'welcome ' +
    'even then now today tomorrow next last week month quarter year years mr mrs ms miss mx dr prof sir madam ' +
    // Greetings and sign-offs reps write in their prospects' languages.
    'hallo liebe lieber viele grüße grüßen freundlichen mit bonjour bonsoir salut cordialement merci bien à vous ' +
    'olá ola obrigado obrigada abraços atenciosamente hola saludos gracias un saludo atentamente ciao cari saluti ' +
    'grazie distinti hej hei tack med vennlig hilsen vänliga hälsningar met vriendelijke groet groeten'
  ).split(/\s+/),
);

const NAME_WORD = String.raw`\p{Lu}[\p{L}'’-]*\p{L}`;
// No 'i' flag on these: with it, \p{Lu} would match lower-case letters too.
const GREETING = new RegExp(
  String.raw`^\s*(?:[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Gg]ood (?:morning|afternoon|evening))[ \t]+(${NAME_WORD})`,
  'u',
);
const SELF_INTRO = new RegExp(String.raw`\b(?:[Tt]his is|[Ii]t['’]s|[Ii]t is|[Mm]y name is)[ \t]+(${NAME_WORD})`, 'gu');
const FULL_NAME = new RegExp(String.raw`\b(${NAME_WORD})[ \t]+(${NAME_WORD})\b`, 'gu');
const SIGN_OFF = new RegExp(
  '^(?:best|best regards|kind regards|regards|warm regards|warmly|thanks|thank you|many thanks|cheers|' +
    String.raw`sincerely|all the best|take care)\b[,.!]?\s*(.*)$`,
  'i',
);

// ---------- the rules, one small function each ----------

/** What each cue rule is called in a message, and why it hurts, per kind of draft. */
const CUE_TEXT: Record<string, { reads: string; why: string }> = {
  antagonism: { reads: 'passive-aggressive', why: 'It blames the prospect, and blame gets no answer.' },
  sarcasm: { reads: 'sarcasm', why: 'Sarcasm burns the bridge the message is meant to keep.' },
  'guilt-trip': { reads: 'a guilt trip', why: 'The prospect owes you nothing; guilt makes silence easier.' },
  'self-pity': { reads: 'self-pity', why: 'Stay confident: the silence may have nothing to do with you.' },
  pressure: { reads: 'pressure', why: 'Let them decide in their own time.' },
  threat: { reads: 'a threat', why: 'Threats end the relationship for good.' },
  insult: { reads: 'an insult or profanity', why: 'Keep it professional whatever the frustration.' },
  resell: { reads: 're-selling', why: 'Ask what happened instead; new material is the mistake to avoid.' },
};
const KIND_CALM: Partial<Record<DraftKind, string>> = {
  fire: 'The goodbye works because it is calm.',
  accountability: 'The question works because it is plain.',
};

function cueMessage(rule: string, match: string, kind: DraftKind): string {
  const text = CUE_TEXT[rule] ?? { reads: rule, why: '' };
  return `This reads as ${text.reads}: "${match}". ${KIND_CALM[kind] ?? text.why}`.trim();
}

// No exemption for phrases found in the deal's notes: a note must not be able to switch a rule off.
function cueProblems(kind: DraftKind, text: string, cues: Cue[], quotable = ''): ToneProblem[] {
  const normal = normalise(text);
  const problems: ToneProblem[] = [];
  const flagged = new Set<string>();
  for (const { rule, pattern, negatable } of cues) {
    if (flagged.has(rule)) continue;
    const match = firstMatch(normal, pattern, negatable);
    if (match === null || (quotable !== '' && quotable.includes(match.trim()))) continue;
    flagged.add(rule);
    problems.push({ rule, message: cueMessage(rule, match.trim(), kind) });
  }
  return problems;
}

let profanity: RegExpMatcher | null = null;
/** The maintained English profanity list (obscenity), which already knows "Scunthorpe", "assessment", "class". */
function profanityMatcher(): RegExpMatcher {
  // Required on the first check, not at start-up: the bot idles without the word list (~30 modules).
  const {
    englishDataset,
    englishRecommendedTransformers,
    RegExpMatcher: Matcher,
  } = createRequire(import.meta.url)('obscenity') as typeof import('obscenity');
  profanity ??= new Matcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return profanity;
}

/** People's and companies' names are masked first: a surname like "Dickson" is not profanity. */
function profanityProblems(kind: DraftKind, text: string, names: readonly string[]): ToneProblem[] {
  const masked = maskNames(
    text,
    names.flatMap((n) => [n, ...n.split(/\s+/)]),
  );
  const [match] = profanityMatcher().getAllMatches(masked, true);
  if (!match) return [];
  const word = masked.slice(match.startIndex, match.endIndex + 1);
  return [{ rule: 'insult', message: cueMessage('insult', word, kind) }];
}

function shoutingProblems(text: string, evidence: Evidence | null, company: string | null): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const shouted = (text.match(/\b[A-Z][A-Z0-9]{3,}\b/g) ?? []).filter(
    (word) => (word.match(/[A-Z]/g) ?? []).length >= 4 && !ACRONYMS.has(word) && !evidence?.capitalWords.has(word),
  );
  if (shouted.length > 0) {
    problems.push({
      rule: 'shouting',
      message: `All-caps words read as shouting: ${[...new Set(shouted)].slice(0, 5).join(', ')}.`,
    });
  }
  // A company called "Yahoo!" is not an exclamation.
  const withoutCompany = company ? text.split(company).join(' ') : text;
  const exclamations = (withoutCompany.match(/!/g) ?? []).length;
  if (exclamations > 1) {
    problems.push({ rule: 'exclamation', message: `${exclamations} exclamation marks; use one at most.` });
  }
  return problems;
}

/** Seams in one part of the draft (subject, body or voicemail). */
function seamProblems(part: string, facts: DraftFacts | null): ToneProblem[] {
  const names = namesOf(facts);
  return [
    ...placeholderProblems(part),
    ...punctuationProblems(part, names),
    ...strayCapitalProblems(part, names),
    ...articleProblems(part),
    ...repeatedWordProblems(maskNames(part, names)),
    ...agreementProblems(maskNames(part, names)),
    ...companyNameProblems(part, facts?.company ?? null),
  ];
}

const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

function lengthProblems(kind: DraftKind, text: DraftText): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const limits = BODY_WORD_LIMITS[kind];
  const words = countWords(text.body);
  if (text.body.trim() === '') problems.push({ rule: 'empty', message: 'The email body is empty.' });
  else if (words > limits.max) {
    const message = `The email is ${words} words; keep ${withArticle(kind)} email under ${limits.max}.`;
    problems.push({ rule: 'too-long', message });
  } else if (words < limits.min) {
    const message =
      `The email is ${words} words; ${withArticle(kind)} email needs at least ${limits.min} ` +
      'to be clear and courteous.';
    problems.push({ rule: 'too-short', message });
  }
  if (text.subject !== undefined && text.subject !== null) {
    if (text.subject.trim() === '') problems.push({ rule: 'empty', message: 'The subject is empty.' });
    else if (text.subject.length > SUBJECT_MAX_CHARS)
      problems.push({
        rule: 'subject-too-long',
        message: `The subject is ${text.subject.length} characters; keep it under ${SUBJECT_MAX_CHARS}.`,
      });
  }
  if (text.voicemail?.trim()) {
    const spoken = countWords(text.voicemail);
    if (spoken > VOICEMAIL_MAX_WORDS) {
      problems.push({
        rule: 'voicemail-too-long',
        message: `The voicemail is ${spoken} words (over 30 seconds); keep it under ${VOICEMAIL_MAX_WORDS}.`,
      });
    } else if (spoken < VOICEMAIL_MIN_WORDS[kind]) {
      const message =
        `The voicemail is ${spoken} words; at ${VOICEMAIL_MIN_WORDS[kind]} or more ` +
        'it can be courteous and complete.';
      problems.push({ rule: 'voicemail-too-short', message });
    }
  }
  return problems;
}

/** Whether the text names enough of a fact's own words (a crude stem match), e.g. the commitment or the goal. */
function namesFact(text: string, factText: string): boolean {
  // Placeholder junk in the rep's note ("[manager] TODO") is not something a draft should repeat.
  // Hyphens split on both sides: "sign off" is named by "sign-off".
  const wanted = significantWords(factText.replace(PLACEHOLDER, ' ').replace(/-/g, ' ')).map(stem);
  if (wanted.length === 0) return true;
  const present = new Set(wordsOf(text.replace(/-/g, ' ')).map(stem));
  const overlap = wanted.filter((w) => present.has(w)).length;
  return overlap >= Math.min(2, wanted.length);
}

function fireProblems(part: string, label: string, facts: DraftFacts | null, isEmail: boolean): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const normal = normalise(part);
  if (!saysAny(normal, FIRM_CUES)) {
    const message =
      `The ${label} must say plainly that you are stopping ` +
      `(e.g. "I'm taking you off my list and won't call again"); the next move is theirs.`;
    problems.push({ rule: 'fire-not-firm', message });
  }
  if (!saysAny(normal, DOOR_CUES)) {
    const message = `The ${label} must leave the door open (e.g. "if things change, just reply to this email").`;
    problems.push({ rule: 'fire-no-door', message });
  }
  const promise = FOLLOW_UP.exec(normal);
  if (promise) {
    const message =
      `The ${label} promises another follow-up ("${promise[0]}"); ` + 'after a goodbye the next move is theirs.';
    problems.push({ rule: 'fire-follow-up', message });
  }
  if (isEmail && !THANKS.test(normal)) {
    problems.push({ rule: 'fire-no-thanks', message: 'Thank them for their time: a goodbye is polite and thankful.' });
  }
  if (isEmail && facts?.prospectGoal && !namesFact(part, facts.prospectGoal)) {
    const message = `Name what they give up in their own terms ("${facts.prospectGoal}"), not the product.`;
    problems.push({ rule: 'fire-no-value', message });
  }
  return problems;
}

const NEXT_STEP = /\b(?:call|meeting|meet|time|invite|book|schedule|calendar|appointment|slot|session|workshop)\b/i;

/**
 * Re-selling where the method forbids it: accountability and fire always; a revival only when it
 * re-pitches instead of proposing a step. Words the draft is meant to quote back (the commitment,
 * the goal) may name a deck.
 */
function resellProblems(kind: DraftKind, text: string, facts: DraftFacts | null): ToneProblem[] {
  if (kind !== 'accountability' && kind !== 'fire' && !(kind === 'revival' && !NEXT_STEP.test(text))) return [];
  const quotable = normalise(`${facts?.commitment?.text ?? ''} ${facts?.prospectGoal ?? ''}`);
  return cueProblems(
    kind,
    text,
    TONE_CUES.filter((c) => c.rule === 'resell'),
    quotable,
  );
}

function kindProblems(kind: DraftKind, text: DraftText, facts: DraftFacts | null): ToneProblem[] {
  const problems: ToneProblem[] = [];
  const body = text.body;
  switch (kind) {
    case 'accountability':
      if (!body.includes('?'))
        problems.push({ rule: 'accountability-no-question', message: 'Ask plainly what happened (a question).' });
      if (facts?.commitment && !namesFact(body, facts.commitment.text)) {
        problems.push({
          rule: 'accountability-no-commitment',
          message: 'Remind them of the commitment they made, in their own words.',
        });
      }
      break;
    case 'checkin':
      if (!body.includes('?'))
        problems.push({ rule: 'checkin-no-question', message: 'A check-in is a short question: ask one.' });
      break;
    case 'fire':
      problems.push(...fireProblems(body, 'email', facts, true));
      if (text.voicemail) problems.push(...fireProblems(text.voicemail, 'voicemail', facts, false));
      break;
    case 'revival':
      if (!body.includes('?'))
        problems.push({
          rule: 'revival-no-ask',
          message: 'Suggest a next step and ask them to confirm it (a question).',
        });
      if (!NEXT_STEP.test(body)) {
        problems.push({
          rule: 'revival-no-next-step',
          message: 'Suggest a concrete next step, ideally a booked appointment.',
        });
      }
      break;
    case 'roi': {
      const missing = ['conservative', 'moderate', 'aggressive'].filter(
        (w) => !new RegExp(`\\b${w}\\b`, 'i').test(body),
      );
      if (missing.length > 0)
        problems.push({ rule: 'roi-scenarios', message: `Show the value three ways; missing: ${missing.join(', ')}.` });
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
  return unknown.length === 0
    ? []
    : [
        {
          rule: 'unknown-amount',
          message: `Amount not in the deal: ${unknown
            .map((a) => a.text)
            .slice(0, 3)
            .join(', ')}.`,
        },
      ];
}

function dateProblems(text: string, evidence: Evidence): ToneProblem[] {
  const unknown = [
    ...findWeekdays(text)
      .filter((w) => !evidence.weekdays.has(w))
      .map((w) => w[0]!.toUpperCase() + w.slice(1)),
    ...findMonthDays(text)
      .filter((d) => !evidence.monthDays.has(d.key))
      .map((d) => d.text),
    ...findIsoDates(text).filter((d) => !evidence.isoDates.has(d)),
  ];
  return unknown.length === 0
    ? []
    : [{ rule: 'unknown-date', message: `Date not in the deal: ${[...new Set(unknown)].slice(0, 3).join(', ')}.` }];
}

function isUnknownName(word: string, evidence: Evidence): boolean {
  const lower = word.toLowerCase().replace(/['’]s$/, '');
  return !COMMON_CAPITALISED.has(lower) && !evidence.words.has(lower) && !evidence.words.has(word.toLowerCase());
}

/** Names in the places people go: the greeting, the sign-off, "this is X", and "First Last" pairs. */
function nameCandidates(part: string, pairs: boolean): string[][] {
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
    const nextLine = sameLine === '' ? (lines.slice(i + 1).find((l) => l !== '') ?? '') : sameLine;
    if (new RegExp(String.raw`^(?:${NAME_WORD})(?:[ \t]+${NAME_WORD}){0,2}$`, 'u').test(nextLine)) {
      candidates.push(nextLine.split(/\s+/));
    }
  });
  if (pairs) for (const match of part.matchAll(FULL_NAME)) candidates.push([match[1]!, match[2]!]);
  return candidates;
}

function nameProblems(part: string, evidence: Evidence, pairs = true): ToneProblem[] {
  const unknown = new Set<string>();
  for (const words of nameCandidates(part, pairs)) {
    // Conservative: a name counts as the deal's when any of its words is in the deal (a first name alone is fine).
    if (words.every((w) => isUnknownName(w, evidence))) unknown.add(words.join(' '));
  }
  return unknown.size === 0
    ? []
    : [{ rule: 'unknown-name', message: `Name not in the deal: ${[...unknown].slice(0, 3).join(', ')}.` }];
}

function factProblems(text: DraftText, facts: DraftFacts): ToneProblem[] {
  const evidence = collectEvidence(facts);
  const all = [text.subject ?? '', text.body, text.voicemail ?? ''].join('\n\n');
  return [
    ...amountProblems(all, evidence),
    ...dateProblems(all, evidence),
    ...nameProblems(text.body, evidence),
    ...(text.voicemail ? nameProblems(text.voicemail, evidence) : []),
    // Subjects are often written in Title Case, so only the greeting-like places count there.
    ...(text.subject ? nameProblems(text.subject, evidence, false) : []),
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

/**
 * The names a draft may write, masked before the seam and profanity checks: the deal's company as
 * typed and as the drafters shorten it ("AT&T" for "AT&T Inc."), the contact, the rep and the rep's company.
 */
function namesOf(facts: DraftFacts | null): string[] {
  if (!facts) return [];
  const names = [
    facts.company,
    shortCompanyName(facts.company),
    facts.contactName,
    facts.greetAs,
    facts.repName,
    facts.repCompany,
  ];
  return names.filter((n): n is string => !!n && n.trim() !== '');
}

/** Checks one draft. Pass the deal's facts to also catch invented amounts, dates and names. */
export function checkTone(kind: DraftKind, text: DraftText, facts?: DraftFacts | null): ToneResult {
  const known = facts ?? null;
  const evidence = known ? collectEvidence(known) : null;
  const all = [text.subject ?? '', text.body, text.voicemail ?? ''].join('\n\n');
  const spoken = `${text.body}\n\n${text.voicemail ?? ''}`;
  const names = namesOf(known);
  const parts = [text.subject ?? '', text.body, text.voicemail ?? ''].filter((p) => p.trim() !== '');
  const problems = dedupe([
    ...cueProblems(
      kind,
      all,
      TONE_CUES.filter((c) => c.rule !== 'resell'),
    ),
    ...profanityProblems(kind, all, names),
    ...shoutingProblems(all, evidence, known?.company ?? null),
    ...parts.flatMap((part) => seamProblems(part, known)),
    ...lengthProblems(kind, text),
    ...resellProblems(kind, spoken, known),
    ...kindProblems(kind, text, known),
    ...(known ? factProblems(text, known) : []),
  ]);
  // One problem per rule is enough to act on; the fire rules speak of the email and the voicemail apart.
  const firstOfRule = problems.filter(
    (p, i) => p.rule.startsWith('fire-') || problems.findIndex((q) => q.rule === p.rule) === i,
  );
  return { ok: firstOfRule.length === 0, problems: firstOfRule };
}
