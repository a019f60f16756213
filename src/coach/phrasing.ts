// Turns what the rep typed (a goal, a commitment) into words that fit the sentence they go in.
// Reps type fast and from either side of the table: "Improve onboarding", "they'll send the PO by
// friday", "I'll take this to my board", "present to our board". The drafter needs a bare verb
// phrase addressed to the prospect ("send the PO by Friday"), a gerund or noun phrase for a goal
// ("improving onboarding"), or, when the text is not English or not parseable, a safe quoting shape.
// English grammar (tags, conjugation) comes from `compromise`; only glue rules live here.
import { createRequire } from 'node:module';
import type nlpType from 'compromise';

// Loaded on first use: compromise takes about a second to load, and most commands never draft.
let loaded: typeof nlpType | null = null;
function nlp(text: string): ReturnType<typeof nlpType> {
  loaded ??= createRequire(import.meta.url)('compromise') as typeof nlpType;
  return loaded(text);
}

/** verb: a bare verb phrase ("send the PO"); gerund/noun: can stand as a subject; quote: quote it as said. */
export type PhraseForm = 'verb' | 'gerund' | 'noun' | 'quote';

export interface Phrase {
  text: string;
  form: PhraseForm;
}

const PLACEHOLDERS = /\{\{[^}]*\}\}|\[[^\]]*\]|<[^>]*>|\{[^}]*\}|\b(?:TODO|TBD|FIXME|XXX+)\b/g;
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;
/** Words a removed placeholder can leave hanging at the end ("check with [manager]"). */
const DANGLING = /\s+(?:with|to|for|by|and|or|of|the|a|an|from|on|at|in|your|my|our|their)$/i;

/** Placeholders, emoji, shouting marks, wrapping quotes and end punctuation removed; null when nothing is left. */
export function tidyTyped(text: string | null | undefined): string | null {
  if (!text) return null;
  let cleaned = text
    .replace(PLACEHOLDERS, ' ')
    .replace(EMOJI, ' ')
    .replace(/([!?])[!?]+/g, '$1')
    .replace(/!(?=\s|$)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, '')
    .replace(/[\s.,;:!?…-]+$/, '')
    .replace(/^[\s,;:.-]+/, '')
    .trim();
  while (DANGLING.test(cleaned)) cleaned = cleaned.replace(DANGLING, '');
  return /[\p{L}\p{N}]/u.test(cleaned) ? cleaned : null;
}

/** compromise's English lexicon: word -> tag (its typings leave the model untyped). */
function lexicon(): Record<string, string | string[]> {
  nlp('');
  return (loaded!.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
}

// ---------- is it English? ----------

/** Function words of the languages reps most often type in besides English. */
const FOREIGN_WORDS = new Set(
  (
    'les des une est avec pour dans sur nous vous leur notre votre aux du le la et ' +
    'und der die das mit für nicht ein eine wir unser unsere ihre zum zur ' +
    'el los las y para con una nuestro nuestra por del ' +
    'il di della delle per nostro nostra gli ' +
    'een het van voor met onze niet ' +
    'och att för med vår och som ikke og til vores'
  ).split(/\s+/),
);

/** Another language's function words or accented words English does not know ("Intégrer le CRM"). */
export function looksForeign(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const foreign = words.filter((w) => FOREIGN_WORDS.has(w)).length;
  if (foreign > 0 && foreign >= words.length / 5) return true;
  const unknownAccented = words.filter((w) => /[^\x00-\x7f]/.test(w) && !(w in lexicon())).length;
  return unknownAccented > 0 && unknownAccented >= words.length / 3;
}

/** English enough to rephrase: compromise is confident and no foreign function words appear. */
export function looksEnglish(text: string): boolean {
  if (!/\p{L}/u.test(text) || looksForeign(text)) return false;
  return nlp(text).confidence() >= 0.55;
}

// ---------- person: the prospect's words, said back to them ----------

/** Who wrote the text's pronouns: the prospect about themselves ("I'll..."), or the rep about the prospect. */
export type Speaker = 'prospect' | 'rep';

const PROSPECT_MODALS =
  'will|would|shall|am going to|are going to|plan to|need to|have to|want to|can|could|should|must|promised ' +
  'to|agreed to';
const PROSPECT_SUBJECT = new RegExp(String.raw`^(?:i|we)(?:\s*(?:'ll|’ll|'d|’d)|\s+(?:${PROSPECT_MODALS}))?\s+`, 'i');
const OTHER_MODALS =
  'will|would|is going to|are going to|plans? to|needs? to|has to|have to|wants? to|promised to|agreed to|' +
  "said (?:they|he|she)(?:'d|’d| would)|to";
const OTHER_SUBJECT = new RegExp(
  String.raw`^(?:they|he|she|[A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+)?)(?:\s*(?:'ll|’ll|'d|’d)|\s+(?:${OTHER_MODALS}))\s+`,
  'u',
);

/** Roles and bodies inside the prospect's company: "our board" in the prospect's words is theirs. */
const OWN_ORG_WORDS = new Set([
  'board',
  'team',
  'teams',
  'cfo',
  'ceo',
  'coo',
  'cto',
  'cio',
  'cro',
  'vp',
  'vps',
  'svp',
  'evp',
  'head',
  'heads',
  'boss',
  'manager',
  'managers',
  'director',
  'directors',
  'management',
  'leadership',
  'execs',
  'executives',
  'committee',
  'department',
  'legal',
  'finance',
  'procurement',
  'budget',
  'budgets',
  'it',
  'hr',
  'colleagues',
  'partners',
  'owner',
  'owners',
  'founders?',
  'president',
  'chair',
  'council',
  'stakeholders',
  'people',
  'staff',
  'company',
  'organisation',
  'organization',
  'side',
  'end',
]);

const PROSPECT_MAP: Record<string, string> = {
  i: 'you',
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  we: 'you',
  us: 'you',
  our: 'your',
  ours: 'yours',
  ourselves: 'yourselves',
  you: 'me',
  your: 'my',
  yours: 'mine',
  yourself: 'myself',
  am: 'are',
  'i’m': 'you’re',
  "i'm": "you're",
};
const REP_MAP: Record<string, string> = {
  they: 'you',
  them: 'you',
  their: 'your',
  theirs: 'yours',
  themselves: 'yourselves',
  he: 'you',
  him: 'you',
  his: 'your',
  himself: 'yourself',
  she: 'you',
  hers: 'yours',
  herself: 'yourself',
};

/** "her boss" (possessive) or "call her" (object): possessive when a noun-like word follows directly. */
function possessiveHer(her: Term, next: Term | undefined): boolean {
  if (!next || /[,;.]/.test(her.post)) return false;
  return !['Preposition', 'Determiner', 'Conjunction', 'Date', 'Adverb'].some((tag) => next.tags.includes(tag));
}

function matchCase(original: string, replacement: string): string {
  return original.charAt(0) === original.charAt(0).toUpperCase() &&
    original !== 'I' &&
    /\p{Lu}/u.test(original.charAt(0))
    ? replacement.charAt(0).toUpperCase() + replacement.slice(1)
    : replacement;
}

interface Term {
  text: string;
  pre: string;
  post: string;
  tags: string[];
}

function termsOf(text: string): Term[] {
  const json = nlp(text).json() as Array<{ terms: Term[] }>;
  return json.flatMap((s) => s.terms);
}

function joinTerms(terms: Term[]): string {
  return terms
    .map((t) => `${t.pre}${t.text}${t.post}`)
    .join('')
    .trim();
}

/**
 * Pronouns and possessives turned toward the prospect. From the prospect: I/my/our -> you/your and
 * you -> me. From the rep: they/their/his/her -> you/your, and "our"/"my" before one of the
 * prospect's own bodies ("our board", "my manager") -> "your"; the rep's own "us"/"me" stays.
 */
export function towardProspect(text: string, speaker: Speaker, theirsAlways = false): string {
  const terms = termsOf(text);
  terms.forEach((term, i) => {
    const lower = term.text.toLowerCase();
    const next = terms[i + 1]?.text ?? '';
    let replacement: string | undefined;
    if (speaker === 'prospect') replacement = PROSPECT_MAP[lower];
    else if (lower === 'her') replacement = possessiveHer(term, terms[i + 1]) ? 'your' : 'you';
    else if ((lower === 'our' || lower === 'my') && (theirsAlways || OWN_ORG_WORDS.has(next.toLowerCase())))
      replacement = 'your';
    else replacement = REP_MAP[lower];
    // "I" typed as "i": compromise keeps it; the map covers both.
    if (replacement !== undefined) term.text = matchCase(term.text, replacement);
  });
  return joinTerms(terms);
}

// ---------- case ----------

function isEntityWord(word: string): boolean {
  const tag = lexicon()[word.toLowerCase()];
  return typeof tag === 'string' && /Person|Place|Organization|Country|City|FirstName|LastName|WeekDay|Month/.test(tag);
}

/**
 * The first word loses a capital typed out of habit ("Improve onboarding"), unless it is a name or
 * an acronym; words typed in Title Case mid-phrase lose theirs when English knows them as plain words.
 */
export function sentenceCase(text: string, keep: ReadonlySet<string> = new Set()): string {
  const words = text.split(' ');
  const titleCase = words.length > 1 && words.every((w) => !/^\p{Ll}/u.test(w));
  return words
    .map((word, i) => {
      const bare = word.replace(/[^\p{L}'’-]/gu, '');
      if (!/^\p{Lu}\p{Ll}/u.test(bare) || keep.has(bare) || isEntityWord(bare)) return word;
      if (i === 0) return word.charAt(0).toLowerCase() + word.slice(1);
      return titleCase ? word.charAt(0).toLowerCase() + word.slice(1) : word;
    })
    .join(' ')
    .replace(/\bi\b/g, 'I');
}

/** Weekday and month names typed in lower case get their capital ("by friday" -> "by Friday"). */
function capitaliseCalendar(text: string): string {
  return text.replace(
    new RegExp(
      String.raw`\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|` +
        String.raw`january|february|april|june|july|august|september|october|november|december)\b`,
      'gi',
    ),
    (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
  );
}

/** "FRIDAY" typed in capitals is shouting, not an acronym. */
function unshoutCalendar(text: string): string {
  return text.replace(/\b(MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY|EOD|ASAP)\b/g, (w) =>
    w.length <= 4 ? w : w.charAt(0) + w.slice(1).toLowerCase(),
  );
}

// ---------- length ----------

/**
 * At most maxWords words, cut where a clause ends (", so", "; ", ", and <verb>") so what is left reads
 * whole; without such a place, cut before maxWords and drop a dangling function word. Never "...".
 */
export function shortenPhrase(text: string, maxWords: number): string {
  const words = text.split(' ');
  if (words.length <= maxWords) return text;
  const terms = termsOf(text);
  let cut = -1;
  let count = 0;
  for (let i = 0; i < terms.length; i++) {
    count += 1;
    if (count > maxWords) break;
    const post = terms[i]!.post;
    const next = terms[i + 1];
    const nextStartsClause =
      next && (next.tags.includes('Verb') || /^(?:so|which|because|then|while|and|but)$/i.test(next.text));
    if (count >= 6 && (/[;:]/.test(post) || (/,/.test(post) && nextStartsClause))) {
      cut = i;
      break;
    }
  }
  let result = cut >= 0 ? joinTerms(terms.slice(0, cut + 1)) : words.slice(0, maxWords).join(' ');
  result = result.replace(/[\s,;:.-]+$/, '');
  while (DANGLING.test(result)) result = result.replace(DANGLING, '');
  return result;
}

// ---------- verbs ----------

function startsWithBareVerb(text: string): boolean {
  const terms = termsOf(`we need to ${text.charAt(0).toLowerCase()}${text.slice(1)}`);
  const first = terms[3];
  return !!first && first.tags.includes('Verb') && !first.tags.includes('Gerund') && !first.tags.includes('Modal');
}

function gerundOf(verb: string): string | null {
  const forms = (nlp(`we ${verb.toLowerCase()}`).verbs().conjugate() as Array<{ Gerund?: string }>)[0];
  return forms?.Gerund ?? null;
}

/** "improve retention and reduce costs" -> "improving retention and reducing costs". */
function toGerundPhrase(text: string): string {
  const terms = termsOf(`we need to ${text}`).slice(3);
  terms.forEach((term, i) => {
    const prev = terms[i - 1];
    const startsPart =
      i === 0 || (prev && (prev.tags.includes('Conjunction') || /[,&]/.test(prev.post) || prev.text === '&'));
    if (!startsPart || !term.tags.includes('Verb') || term.tags.includes('Gerund') || term.tags.includes('Hyphenated'))
      return;
    const gerund = gerundOf(term.text);
    if (gerund) term.text = gerund;
  });
  return joinTerms(terms);
}

/** A capitalised word at the start of a sentence slot. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------- the two slots ----------

// Tagging is the slow part of drafting and the same deal is drafted many times (every step, every
// regeneration): results are kept, a bounded number of them.
const MEMO = new Map<string, Phrase | null>();
const MEMO_LIMIT = 2000;

function memo(
  slot: string,
  text: string | null | undefined,
  options: PhraseOptions,
  compute: () => Phrase | null,
): Phrase | null {
  const key = `${slot}\u0000${options.maxWords ?? ''}\u0000${[...(options.keep ?? [])].join(' ')}\u0000${text ?? ''}`;
  if (MEMO.has(key)) return MEMO.get(key)!;
  const result = compute();
  if (MEMO.size >= MEMO_LIMIT) MEMO.delete(MEMO.keys().next().value!);
  MEMO.set(key, result);
  return result;
}

export interface PhraseOptions {
  maxWords?: number;
  /** Words to keep capitalised whatever English says (the company's and contact's names). */
  keep?: ReadonlySet<string>;
}

function prepare(text: string | null | undefined): string | null {
  const tidy = tidyTyped(text);
  if (!tidy) return null;
  return (
    unshoutCalendar(tidy)
      // Chat shorthand, so the pronoun turn sees the word ("get u the numbers" -> "get me the numbers").
      .replace(/\bu\b(?![.'’])/g, 'you')
      .replace(/\bur\b(?![.'’])/g, 'your')
      .replace(/\s+&\s+/g, ' and ')
      .replace(/\bsign off\b/gi, 'sign-off')
  );
}

/**
 * The prospect's commitment as a bare verb phrase said to them ("take this to your board by
 * Thursday"), or a noun phrase / quote when it is not a verb phrase ("the signed order form").
 */
export function commitmentPhrase(text: string | null | undefined, options: PhraseOptions = {}): Phrase | null {
  return memo('c', text, options, () => commitmentPhraseOf(text, options));
}

function commitmentPhraseOf(text: string | null | undefined, options: PhraseOptions): Phrase | null {
  let prepared = prepare(text);
  if (!prepared) return null;
  if (!looksEnglish(prepared)) return { text: shortenPhrase(prepared, options.maxWords ?? 25), form: 'quote' };
  let speaker: Speaker = 'rep';
  if (PROSPECT_SUBJECT.test(prepared)) {
    speaker = 'prospect';
    prepared = prepared.replace(PROSPECT_SUBJECT, '');
  } else if (OTHER_SUBJECT.test(prepared) && !/^(?:The|A|An|Our|My|Their)\b/.test(prepared)) {
    prepared = prepared.replace(OTHER_SUBJECT, '');
  }
  prepared = prepared.replace(/^to\s+/i, '');
  let phrase = towardProspect(prepared, speaker);
  phrase = capitaliseCalendar(sentenceCase(shortenPhrase(phrase, options.maxWords ?? 25), options.keep));
  if (!phrase) return null;
  return { text: phrase, form: startsWithBareVerb(phrase) ? 'verb' : 'noun' };
}

const GOAL_LEAD = new RegExp(
  String.raw`^(?:(?:we|they|he|she|i)\s+(?:want|wants|need|needs|would like|'d like|are looking|is looking|` +
    String.raw`hope|hopes)\s+(?:to\s+)?|(?:the\s+)?goal\s+(?:is|was)\s+(?:to\s+)?|to\s+)`,
  'i',
);

/** The prospect's goal as a phrase that can stand as a subject: "improving onboarding", "faster onboarding". */
export function goalPhrase(text: string | null | undefined, options: PhraseOptions = {}): Phrase | null {
  return memo('g', text, options, () => goalPhraseOf(text, options));
}

function goalPhraseOf(text: string | null | undefined, options: PhraseOptions): Phrase | null {
  const prepared = prepare(text);
  if (!prepared) return null;
  if (!looksEnglish(prepared)) return { text: shortenPhrase(prepared, options.maxWords ?? 16), form: 'quote' };
  const speaker: Speaker = /^(?:we|i)\b/i.test(prepared) ? 'prospect' : 'rep';
  // A goal is the prospect's own aim: its "our" is always theirs ("all of our warehouses").
  let phrase = towardProspect(prepared.replace(GOAL_LEAD, ''), speaker, true);
  phrase = sentenceCase(shortenPhrase(phrase, options.maxWords ?? 16), options.keep);
  if (!phrase) return null;
  if (startsWithBareVerb(phrase)) return { text: toGerundPhrase(phrase), form: 'gerund' };
  const first = termsOf(phrase)[0];
  if (first?.tags.includes('Gerund')) return { text: phrase, form: 'gerund' };
  // A clause ("churn is too high") does not fit a noun slot: quote it.
  const hasFiniteVerb = termsOf(phrase).some(
    (t) =>
      t.tags.includes('Verb') &&
      !t.tags.includes('Gerund') &&
      !t.tags.includes('Participle') &&
      !t.tags.includes('Infinitive'),
  );
  return { text: phrase, form: hasFiniteVerb ? 'quote' : 'noun' };
}
