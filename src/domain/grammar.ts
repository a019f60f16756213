// The `/deal` grammar: text as a rep types it -> a typed command, or a specific error with the right form.
// Pure: the clock, the rep's zone and the names of the rep's deals are passed in.
import { CHANNELS, FORECASTS, STAGES, type Channel, type DraftKind, type Forecast, type Stage } from './vocabulary.js';
import { DateTime } from 'luxon';
import { impossibleDate, parseLeadingDate, parseLeadingDuration, inZone, localDate } from './dates.js';
import { isAmountWord, readAmount, type Money } from './money.js';
import { parseTeamCommand, type TeamCommand } from './team-grammar.js';
import { TEXT_LIMITS } from './limits.js';
import {
  editDistance,
  findName,
  foldName,
  leadingName,
  nameWords,
  nearMisses,
  nextWordAfter,
  typoTolerance,
} from './deal-names.js';

export interface DealRef {
  /**
   * The deal named: the full company name of the rep's deal it matched, or what the rep typed
   * (a quoted name, or an id like 12 or #12) for resolveDealRef to settle.
   */
  text: string;
}

export type SettableField = 'stage' | 'value' | 'forecast' | 'contact' | 'goal';

export type DealCommand =
  | { type: 'help'; topic: string | null }
  | { type: 'list' }
  | { type: 'modal' }
  | {
      type: 'new';
      company: string;
      contactName: string | null;
      contactEmail: string | null;
      value: Money | null;
      stage: Stage | null;
      forecast: Forecast | null;
      goal: string | null;
      /** `greet "Frau Sæther"`: how drafts greet them, as in the form. */
      greetAs?: string | null;
    }
  | { type: 'touch'; ref: DealRef; channel: Channel; leftMessage: boolean | null; note: string | null }
  | { type: 'reply'; ref: DealRef; channel: Channel | null; note: string | null }
  | { type: 'commit'; ref: DealRef; what: string; dueOn: string; overdue: boolean }
  | { type: 'commit_cancel'; ref: DealRef }
  | { type: 'kept'; ref: DealRef }
  | { type: 'stage'; ref: DealRef; stage: Stage }
  | { type: 'value'; ref: DealRef; amountText: string }
  | { type: 'forecast'; ref: DealRef; forecast: Forecast }
  | {
      type: 'contact';
      ref: DealRef;
      contactName: string | null;
      contactEmail: string | null;
      /** `greet "Dr. Müller"`: how drafts greet them; undefined when not given. */
      greetAs?: string;
    }
  | { type: 'goal'; ref: DealRef; goal: string }
  | { type: 'won'; ref: DealRef }
  | { type: 'reopen'; ref: DealRef }
  | { type: 'lost'; ref: DealRef; reason: string | null }
  | { type: 'snooze'; ref: DealRef; until: Date; reason: string | null }
  | { type: 'note'; ref: DealRef; text: string }
  | { type: 'status'; ref: DealRef }
  | {
      type: 'draft';
      ref: DealRef;
      kind: DraftKind | null;
      /** Read in the default currency; null when only the deal's currency can settle it (ParseResult.amountText). */
      yearlyValue: Money | null;
    }
  | { type: 'team'; command: TeamCommand }
  | { type: 'import' };

/** The words a rep may type for each kind of draft (the internal ids are accepted too). */
export const DRAFT_KIND_WORDS: Record<string, DraftKind> = {
  accountability: 'accountability',
  'check-in': 'checkin',
  checkin: 'checkin',
  'check in': 'checkin',
  goodbye: 'fire',
  'goodbye-for-now': 'fire',
  fire: 'fire',
  'next-step': 'revival',
  'next step': 'revival',
  revival: 'revival',
  roi: 'roi',
};
/** The kinds as the usage and errors name them. */
const DRAFT_KIND_CHOICES = 'accountability, check-in, goodbye, next-step or roi';

/** A deal reference that names none (or several) of the rep's deals: the command is not parsed further. */
export interface UnresolvedRef {
  typed: string;
  reason: 'unknown' | 'ambiguous';
  /** Company names: the deals it could mean, or near misses ("did you mean"). */
  candidates: string[];
}

export type ParseResult =
  | {
      ok: true;
      command: DealCommand;
      /**
       * The amount as typed in `new` (value) or `draft` (yearly value): the caller says which currency a bare
       * one was read in, and reads a draft's in the deal's own currency once the deal is known.
       */
      amountText?: string;
    }
  | { ok: false; error: string; usage: string; unresolved?: UnresolvedRef };

export interface ParseContext {
  now: Date;
  /** The rep's IANA time zone. */
  zone: string;
  /** Company names of the rep's deals, so multi-word names need no quotes. */
  companies?: readonly string[];
  /** The currency of amounts typed without one: the rep's team's (USD when it has none). */
  defaultCurrency?: string;
}

/** The right form of every subcommand, shown with errors and in help. */
export const USAGE: Record<string, string> = {
  new:
    '/deal new <company> [contact "<name>"] [email <addr>] [value <amount>] [stage <stage>] [forecast ' +
    'pipeline|best-case|commit] [goal "<what they want>"] [greet "<how drafts greet them>"]',
  call: '/deal call <deal> [left message|no message] [note]',
  email: '/deal email <deal> [note]',
  voicemail: '/deal voicemail <deal> [note]',
  meeting: '/deal meeting <deal> [note]',
  touch: `/deal touch <deal> <${CHANNELS.join('|')}> [note]`,
  reply: '/deal reply <deal> [via <channel>] [note]',
  commit: '/deal commit <deal> "<what they promised>" by <date> [overdue]   (or /deal commit <deal> cancel)',
  kept: '/deal kept <deal>   (they did what they promised)',
  stage: `/deal stage <deal> <${STAGES.join('|')}>`,
  value: '/deal value <deal> <amount>   (50k, $1.2M, 12,500 EUR, 1,2 Mio. EUR)',
  forecast: '/deal forecast <deal> <pipeline|best-case|commit>',
  contact: '/deal contact <deal> ["<name>"] [<email>] [greet "<how to greet them>"]',
  goal: '/deal goal <deal> <what the prospect wants to gain, in their words>',
  won: '/deal won <deal>',
  lost: '/deal lost <deal> [reason]',
  reopen: '/deal reopen <deal>   (back in the pipeline on purpose: after won, lost or a goodbye)',
  snooze: '/deal snooze <deal> <until date | duration> [reason]   (e.g. "monday", "Dec 3", "2w"; at most 2 years)',
  note: '/deal note <deal> <text>',
  status: '/deal status <deal>',
  draft: '/deal draft <deal> [accountability|check-in|goodbye|next-step|roi] [yearly value, for roi]',
  list: '/deal list',
  help: '/deal help [subcommand]',
  import: '/deal import   (then send the CSV file to dealcoach in a DM)',
  team:
    '/deal team [create|add|remove|channel|schedule|threshold|cadence|holidays|escalation|currency] ...' +
    '   (managers)',
};

export const SUBCOMMANDS = Object.keys(USAGE);

interface Token {
  text: string;
  quoted: boolean;
  /** Offset just past this token in the normalised input. */
  end: number;
  start: number;
}

/** Slack turns straight quotes into curly ones on many keyboards; treat them alike. */
function normaliseQuotes(text: string): string {
  return text.replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"').replace(/[\u2018\u2019]/g, "'");
}

export function tokenize(input: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i++;
      continue;
    }
    const start = i;
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close === -1) return { error: 'A quote is not closed: add the closing " after the text.' };
      tokens.push({ text: input.slice(i + 1, close), quoted: true, start, end: close + 1 });
      i = close + 1;
      continue;
    }
    while (i < input.length && !/\s/.test(input[i]!)) i++;
    tokens.push({ text: input.slice(start, i), quoted: false, start, end: i });
  }
  return tokens;
}

const fail = (sub: string, error: string): ParseResult => ({ ok: false, error, usage: USAGE[sub] ?? USAGE.help! });
const ok = (command: DealCommand): ParseResult => ({ ok: true, command });
const lower = (t: Token | undefined) => (t && !t.quoted ? t.text.toLowerCase() : undefined);
/** A keyword as typed with punctuation after it ("message," "email:"): the word alone. */
const bare = (t: Token | undefined) => lower(t)?.replace(/[,.;:!]+$/, '');
/** A note starting with the punctuation that followed a keyword ("left message - asked ..."): the note alone. */
const noteAfterKeyword = (note: string | null) => note?.replace(/^[-–—:,;.]+\s*/, '') || null;

function restText(input: string, tokens: Token[], from: number): string | null {
  const first = tokens[from];
  if (!first) return null;
  const text = input.slice(first.start).trim();
  // A note typed entirely in quotes loses its quotes; anything else stays as typed.
  if (tokens.length === from + 1 && first.quoted) return first.text.trim() || null;
  return text || null;
}

const STAGE_ALIASES: Record<string, Stage> = {
  prospect: 'prospecting',
  prospecting: 'prospecting',
  lead: 'prospecting',
  qualified: 'qualified',
  qualification: 'qualified',
  discovery: 'qualified',
  demo: 'demo',
  demonstration: 'demo',
  proposal: 'proposal',
  quote: 'proposal',
  negotiation: 'negotiation',
  negotiating: 'negotiation',
  contract: 'negotiation',
  verbal: 'verbal',
  'verbal-yes': 'verbal',
  commit: 'verbal',
};

export function parseStage(word: string): Stage | null {
  return STAGE_ALIASES[word.toLowerCase().replace(/\s+/g, '-')] ?? null;
}

export function parseForecast(word: string): Forecast | null {
  const key = word.toLowerCase().replace(/[\s_]+/g, '-');
  if (key === 'bestcase' || key === 'best') return 'best-case';
  return (FORECASTS as readonly string[]).includes(key) && key !== 'omitted' ? (key as Forecast) : null;
}

export function parseChannel(word: string): Channel | null {
  const key = word.toLowerCase();
  if (key === 'phone') return 'call';
  if (key === 'vm') return 'voicemail';
  if (key === 'mail') return 'email';
  if (key === 'linkedin' || key === 'sms' || key === 'text') return 'other';
  return (CHANNELS as readonly string[]).includes(key) ? (key as Channel) : null;
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Slack wraps emails it recognises as <mailto:a@b.c|a@b.c>. */
function unwrapSlackEmail(text: string): string {
  const match = text.match(/^<mailto:([^|>]+)(?:\|[^>]*)?>$/);
  return match ? match[1]! : text;
}

// Name matching lives in deal-names.ts; these two stay importable from here.
export { editDistance, foldName };

type NameMatch =
  | { kind: 'match'; ref: DealRef; next: number }
  | { kind: 'none' }
  | ({ kind: 'unresolved' } & UnresolvedRef);

/**
 * The deal a command names, found among the rep's own deals before the rest is read (deal-names.ts:
 * punctuation, accents and case ignored, any word of a name, any script): the longest run of leading words
 * that finds one or more of their company names wins; of several, the one those words spell whole, else
 * the candidates are listed. A quoted name or an id is taken as typed. Linear in the input: only as many
 * words are read as the longest name could take.
 */
function matchDealName(tokens: Token[], from: number, companies: readonly string[] | undefined): NameMatch {
  const first = tokens[from];
  if (!first) return { kind: 'none' };
  if (first.quoted) {
    const typed = first.text.trim();
    if (!typed) return { kind: 'none' };
    if (!companies) return { kind: 'match', ref: { text: typed }, next: from + 1 };
    const found = findName(typed, companies);
    if (found.ok) return { kind: 'match', ref: { text: found.name }, next: from + 1 };
    return { kind: 'unresolved', typed, reason: found.reason, candidates: found.candidates };
  }
  if (/^#\d+$/.test(first.text) || !companies) return { kind: 'match', ref: { text: first.text }, next: from + 1 };

  const longest = Math.max(0, ...companies.map((c) => c.length));
  const words: string[] = [];
  let read = 0;
  for (let i = from; i < tokens.length && !tokens[i]!.quoted && read <= longest; i++) {
    words.push(tokens[i]!.text);
    read += tokens[i]!.text.length + 1;
  }
  const found = leadingName(words, companies);
  if (/^\d+$/.test(first.text) && found.taken <= 1) return { kind: 'match', ref: { text: first.text }, next: from + 1 };
  if (found.taken === 0) {
    const near = nearMisses(words, companies);
    const typed = words.slice(0, near.words).join(' ');
    return { kind: 'unresolved', typed, reason: 'unknown', candidates: near.names };
  }
  const next = from + found.taken;
  const typed = words.slice(0, found.taken).join(' ');
  const name = found.whole.length === 1 ? found.whole[0]! : found.names.length === 1 ? found.names[0]! : null;
  if (!name) return { kind: 'unresolved', typed, reason: 'ambiguous', candidates: found.names };
  // "Red Rok left message": the word after a name's start is a typo of the name's next word.
  const nextWord = nextWordAfter(name, found.ends.get(name)!);
  const following = tokens[next];
  if (nextWord && following && !following.quoted) {
    const typedWord = nameWords(following.text).join('');
    const allowed = Math.min(typoTolerance(nextWord.length), Math.floor(nextWord.length / 2));
    if (typedWord && editDistance(typedWord, nextWord) <= allowed) {
      return { kind: 'unresolved', typed: `${typed} ${following.text}`, reason: 'unknown', candidates: [name] };
    }
  }
  return { kind: 'match', ref: { text: name }, next };
}

/** The refusal for a name that is not (or not only) one of the rep's deals. */
function unresolvedFailure(sub: string, problem: UnresolvedRef): ParseResult {
  const error =
    problem.reason === 'ambiguous'
      ? `\`${problem.typed}\` matches more than one of your deals (${problem.candidates.join(', ')}): say which.`
      : `You have no deal called \`${problem.typed}\`.` +
        (problem.candidates.length
          ? ` Did you mean ${problem.candidates.join(' or ')}?`
          : ' `/deal list` shows your deals.');
  const unresolved = { typed: problem.typed, reason: problem.reason, candidates: problem.candidates };
  return { ok: false, error, usage: USAGE[sub] ?? USAGE.help!, unresolved };
}

/** Splits `new` arguments: company words run until the first option keyword. */
const NEW_KEYWORDS = new Set(['contact', 'email', 'value', 'stage', 'forecast', 'goal', 'greet']);

function parseNew(tokens: Token[], defaultCurrency?: string): ParseResult {
  let i = 1;
  const companyWords: string[] = [];
  while (i < tokens.length && !(NEW_KEYWORDS.has(lower(tokens[i]) ?? '') && companyWords.length > 0)) {
    companyWords.push(tokens[i]!.text);
    i++;
  }
  const company = companyWords.join(' ').trim();
  if (!company) return fail('new', 'Name the company first, e.g. `/deal new Acme contact "Bob Lee" value 50k`.');
  if (company.length > 120) return fail('new', 'That company name is longer than 120 characters.');
  const command: Extract<DealCommand, { type: 'new' }> = {
    type: 'new',
    company,
    contactName: null,
    contactEmail: null,
    value: null,
    stage: null,
    forecast: null,
    goal: null,
  };
  const seen = new Set<string>();
  let amountText: string | undefined;
  while (i < tokens.length) {
    const keyword = lower(tokens[i]) ?? '';
    const valueToken = tokens[i + 1];
    if (!NEW_KEYWORDS.has(keyword)) return fail('new', `\`${tokens[i]!.text}\` is not an option of /deal new.`);
    if (seen.has(keyword)) return fail('new', `\`${keyword}\` is given twice.`);
    seen.add(keyword);
    if (!valueToken || NEW_KEYWORDS.has(lower(valueToken) ?? ''))
      return fail('new', `\`${keyword}\` needs a value after it.`);
    i += 2;
    switch (keyword) {
      case 'contact': {
        // An unquoted contact takes words up to the next keyword.
        const words = [valueToken.text];
        while (!valueToken.quoted && i < tokens.length && !NEW_KEYWORDS.has(lower(tokens[i]) ?? ''))
          words.push(tokens[i++]!.text);
        command.contactName = words.join(' ').trim() || null;
        break;
      }
      case 'email': {
        const email = unwrapSlackEmail(valueToken.text);
        if (!EMAIL.test(email))
          return fail('new', `\`${valueToken.text}\` is not an email address (like bob@acme.com).`);
        command.contactEmail = email;
        break;
      }
      case 'value': {
        // An amount may span a few words ("12 500 €", "EUR 900", "1,2 Mio. EUR", "R$ 300.000,00"): take the
        // longest run of amount-like words (digits, signs, codes, scales) that reads as one amount.
        const words = [valueToken.text];
        for (let j = i; j < Math.min(tokens.length, i + 3); j++) {
          const word = tokens[j]!;
          if (word.quoted || NEW_KEYWORDS.has(word.text.toLowerCase())) break;
          if (!isAmountWord(word.text)) break;
          words.push(word.text);
        }
        // A shorter run is taken only by leaving out trailing numbers; a currency or scale word the rep wrote
        // ("300 mil") is part of the amount, so its problem is the one to say.
        let taken = words.length;
        while (taken > 1 && !readAmount(words.slice(0, taken).join(' '), defaultCurrency).ok) taken--;
        const left = words.slice(taken);
        if (!readAmount(words.slice(0, taken).join(' '), defaultCurrency).ok || left.some((w) => !/\d/.test(w)))
          taken = words.length;
        const text = words.slice(0, taken).join(' ');
        i += taken - 1;
        const amount = readAmount(text, defaultCurrency);
        if (!amount.ok) return fail('new', amount.error);
        command.value = amount.money;
        amountText = text;
        break;
      }
      case 'stage': {
        const stage = parseStage(valueToken.text);
        if (!stage) return fail('new', `\`${valueToken.text}\` is not a stage. Use one of: ${STAGES.join(', ')}.`);
        command.stage = stage;
        break;
      }
      case 'forecast': {
        const forecast = parseForecast(valueToken.text);
        if (!forecast)
          return fail('new', `\`${valueToken.text}\` is not a forecast category. Use pipeline, best-case or commit.`);
        command.forecast = forecast;
        break;
      }
      case 'goal': {
        const words = [valueToken.text];
        while (!valueToken.quoted && i < tokens.length && !NEW_KEYWORDS.has(lower(tokens[i]) ?? ''))
          words.push(tokens[i++]!.text);
        command.goal = words.join(' ').trim() || null;
        break;
      }
      case 'greet': {
        const words = [valueToken.text];
        while (!valueToken.quoted && i < tokens.length && !NEW_KEYWORDS.has(lower(tokens[i]) ?? ''))
          words.push(tokens[i++]!.text);
        const greetAs = words.join(' ').trim();
        if (!/\p{L}/u.test(greetAs)) {
          return fail('new', 'Say how drafts should greet them, e.g. `greet "Dr. Müller"` or `greet Tanaka-san`.');
        }
        command.greetAs = greetAs;
        break;
      }
      default:
        return fail('new', `\`${tokens[i - 2]!.text}\` is not an option of /deal new.`);
    }
  }
  return { ok: true, command, ...(amountText ? { amountText } : {}) };
}

/** Subcommands that take no deal: they never follow a deal's name. */
const NOT_ABOUT_A_DEAL = new Set(['help', 'list', 'import', 'new', 'team']);

/** "/deal Acme call ..." (name first) is read as "/deal call Acme ...": the word after the name is a subcommand. */
function nameFirst(input: string, tokens: Token[], companies: readonly string[] | undefined): string | null {
  if (!companies?.length) return null;
  const named = matchDealName(tokens, 0, companies);
  if (named.kind !== 'match') return null;
  const subToken = tokens[named.next];
  const sub = lower(subToken);
  if (!subToken || !sub || !USAGE[sub] || NOT_ABOUT_A_DEAL.has(sub)) return null;
  const typed = input.slice(tokens[0]!.start, tokens[named.next - 1]!.end);
  const name = named.ref.text.includes('"') ? typed : `"${named.ref.text}"`;
  return `${sub} ${name} ${input.slice(subToken.end)}`.trim();
}

/** Parses the text after `/deal`. */
/** The longest `/deal` line read at all; checked before any parsing. */
export const MAX_COMMAND_CHARS = TEXT_LIMITS.command;

export function parseDealCommand(rawInput: string, context: ParseContext): ParseResult {
  if (rawInput.length > MAX_COMMAND_CHARS) {
    return fail(
      'help',
      `A /deal command is at most ${MAX_COMMAND_CHARS.toLocaleString('en-US')} characters; yours has ` +
        `${rawInput.length.toLocaleString('en-US')}.`,
    );
  }
  const input = normaliseQuotes(rawInput).trim();
  if (!input) return ok({ type: 'modal' });
  const tokenized = tokenize(input);
  if ('error' in tokenized) {
    const first = input.split(/\s+/)[0]!.toLowerCase();
    const typed = first === 'add' ? 'new' : first;
    return fail(USAGE[typed] ? typed : 'help', tokenized.error);
  }
  const tokens = tokenized;
  const sub = lower(tokens[0]) ?? '';

  if (sub === 'help' || sub === '?') {
    const topic = lower(tokens[1]) ?? null;
    return ok({ type: 'help', topic: topic && USAGE[topic] ? topic : null });
  }
  if (sub === 'list' || sub === 'ls') return ok({ type: 'list' });
  if (sub === 'import') return ok({ type: 'import' });
  if (sub === 'new' || sub === 'add') return parseNew(tokens, context.defaultCurrency);
  if (sub === 'team') {
    const team = parseTeamCommand(input.slice(tokens[0]!.end));
    return team.ok ? ok({ type: 'team', command: team.command }) : { ok: false, error: team.error, usage: team.usage };
  }
  if (!USAGE[sub] || NOT_ABOUT_A_DEAL.has(sub)) {
    const reordered = nameFirst(input, tokens, context.companies);
    if (reordered) return parseDealCommand(reordered, context);
    return fail('help', `\`${tokens[0]!.text}\` is not a /deal subcommand. Try one of: ${SUBCOMMANDS.join(', ')}.`);
  }

  const taken = matchDealName(tokens, 1, context.companies);
  if (taken.kind === 'none') return fail(sub, `Name the deal: a company name (or any word of it) or a deal id.`);
  if (taken.kind === 'unresolved') return unresolvedFailure(sub, taken);
  const { ref } = taken;
  let i = taken.next;
  const rest = () => restText(input, tokens, i);

  switch (sub) {
    case 'call': {
      let leftMessage: boolean | null = null;
      const a = bare(tokens[i]);
      // "left message", "left a message", "no msg", "lm", with or without a comma after them.
      const article = lower(tokens[i + 1]) === 'a' ? 1 : 0;
      const b = bare(tokens[i + 1 + article]);
      if ((a === 'left' || a === 'no') && (b === 'message' || b === 'msg' || b === 'vm' || b === 'voicemail')) {
        leftMessage = a === 'left';
        i += 2 + article;
      } else if (a === 'lm') {
        leftMessage = true;
        i += 1;
      }
      return ok({ type: 'touch', ref, channel: 'call', leftMessage, note: noteAfterKeyword(rest()) });
    }
    case 'email':
    case 'voicemail':
    case 'meeting':
      return ok({
        type: 'touch',
        ref,
        channel: sub as Channel,
        leftMessage: sub === 'voicemail' ? true : null,
        note: rest(),
      });
    case 'touch': {
      const channelToken = tokens[i];
      const channel = channelToken ? parseChannel(bare(channelToken) ?? channelToken.text) : null;
      if (!channel) {
        return fail(
          'touch',
          channelToken
            ? `\`${channelToken.text}\` is not a channel. Use one of: ${CHANNELS.join(', ')}.`
            : 'Say how you reached out: call, voicemail, email, meeting or other.',
        );
      }
      i++;
      const note = noteAfterKeyword(rest());
      return ok({ type: 'touch', ref, channel, leftMessage: channel === 'voicemail' ? true : null, note });
    }
    case 'reply': {
      let channel: Channel | null = null;
      if (lower(tokens[i]) === 'via') {
        const channelToken = tokens[i + 1];
        channel = channelToken ? parseChannel(bare(channelToken) ?? channelToken.text) : null;
        if (!channel)
          return fail(
            'reply',
            `${channelToken ? `\`${channelToken.text}\` is not a channel. ` : ''}After \`via\`, name a channel: ` +
              `${CHANNELS.join(', ')}.`,
          );
        i += 2;
      }
      return ok({ type: 'reply', ref, channel, note: channel ? noteAfterKeyword(rest()) : rest() });
    }
    case 'commit': {
      if (!tokens[i]) return fail('commit', 'Say what the prospect promised and by when.');
      if (tokens.length === i + 1 && lower(tokens[i]) === 'cancel') return ok({ type: 'commit_cancel', ref });
      // The last `by` outside quotes splits what from when: "pay by card" in quotes is no date. Without a
      // `by`, the date is what follows the quoted promise ("in 2 weeks", "on friday"), or the words at the end
      // that read as a date ("send the PO in 2 weeks").
      let byAt = -1;
      for (let j = tokens.length - 1; j >= i && byAt === -1; j--) if (lower(tokens[j]) === 'by') byAt = j;
      const split =
        byAt !== -1 ? { at: byAt, when: input.slice(tokens[byAt]!.end).trim() } : dateAtEnd(input, tokens, i, context);
      if (!split) {
        return fail('commit', 'Add the date they promised it by, e.g. `by friday`, `by Dec 3` or `in 2 weeks`.');
      }
      let whenText = split.when;
      if (!whenText)
        return fail('commit', 'Add the date they promised it by, e.g. `by friday`, `by Dec 3` or `in 2 weeks`.');
      const whatTokens = tokens.slice(i, split.at);
      const what =
        whatTokens.length === 1 && whatTokens[0]!.quoted
          ? whatTokens[0]!.text.trim()
          : whatTokens.length
            ? input.slice(whatTokens[0]!.start, tokens[split.at]!.start).trim()
            : '';
      if (!what) return fail('commit', 'Say what the prospect promised, in quotes.');
      // "by Dec 3 overdue": the rep logs a promise that has already passed, on purpose.
      const overdueWord = whenText.match(OVERDUE_WORD);
      if (overdueWord) whenText = whenText.slice(0, overdueWord.index).trim();
      const dateError = readPromiseDate(whenText, Boolean(overdueWord), context);
      if (typeof dateError === 'string') return fail('commit', dateError);
      return ok({ type: 'commit', ref, what, dueOn: dateError.date, overdue: Boolean(overdueWord) });
    }
    case 'kept':
      if (tokens.length > i) {
        return fail('kept', 'Nothing goes after the deal: `/deal kept <deal>` marks their open promise kept.');
      }
      return ok({ type: 'kept', ref });
    case 'stage': {
      const stage = tokens[i]
        ? parseStage(
            tokens
              .slice(i)
              .map((t) => t.text)
              .join('-'),
          )
        : null;
      if (!stage) {
        const typed = tokens
          .slice(i)
          .map((t) => t.text)
          .join(' ');
        return fail(
          'stage',
          `${typed ? `\`${typed}\` is not a stage. ` : ''}Give one of these stages: ${STAGES.join(', ')}.`,
        );
      }
      return ok({ type: 'stage', ref, stage });
    }
    case 'value': {
      const text = rest();
      if (!text) return fail('value', 'Give the new amount, like 50k, $1.2M or 12,500 EUR.');
      // Read against the deal's own currency once the deal is known: a bare "50.000" keeps it.
      // Only the deal's currency can settle "50.000", so an ambiguous reading is left to that step.
      const amount = readAmount(text, context.defaultCurrency);
      if (!amount.ok && amount.reason !== 'ambiguous') return fail('value', amount.error);
      return ok({ type: 'value', ref, amountText: text });
    }
    case 'forecast': {
      const forecast = tokens[i]
        ? parseForecast(
            tokens
              .slice(i)
              .map((t) => t.text)
              .join('-'),
          )
        : null;
      if (!forecast) {
        const typed = tokens
          .slice(i)
          .map((t) => t.text)
          .join(' ');
        return fail(
          'forecast',
          `${typed ? `\`${typed}\` is not a forecast category. ` : ''}Give pipeline, best-case or commit.`,
        );
      }
      return ok({ type: 'forecast', ref, forecast });
    }
    case 'contact': {
      let parts = tokens.slice(i);
      // `greet "Dr. Müller"`: everything after the keyword is how drafts greet them.
      const greetAt = parts.findIndex((t) => !t.quoted && t.text.toLowerCase() === 'greet');
      let greetAs: string | undefined;
      if (greetAt !== -1) {
        greetAs = parts
          .slice(greetAt + 1)
          .map((t) => t.text)
          .join(' ')
          .trim();
        if (!/\p{L}/u.test(greetAs)) {
          return fail('contact', 'Say how drafts should greet them, e.g. `greet "Dr. Müller"` or `greet Tanaka-san`.');
        }
        parts = parts.slice(0, greetAt);
        if (parts.length === 0) return ok({ type: 'contact', ref, contactName: null, contactEmail: null, greetAs });
      }
      if (parts.length === 0) return fail('contact', "Give the contact's name, email, or both.");
      const emails = parts.filter((t) => EMAIL.test(unwrapSlackEmail(t.text)));
      if (emails.length > 1) return fail('contact', 'Give one email address.');
      const nameWords = parts.filter((t) => !emails.includes(t)).map((t) => t.text);
      const email = emails[0] ? unwrapSlackEmail(emails[0].text) : null;
      if (nameWords.some((w) => w.includes('@')))
        return fail(
          'contact',
          `\`${nameWords.find((w) => w.includes('@'))}\` is not an email address (like bob@acme.com).`,
        );
      const contactName = nameWords.join(' ').trim() || null;
      return ok({ type: 'contact', ref, contactName, contactEmail: email, ...(greetAs ? { greetAs } : {}) });
    }
    case 'goal': {
      const goal = rest();
      if (!goal) return fail('goal', 'Say what the prospect wants to gain, in their words.');
      return ok({ type: 'goal', ref, goal });
    }
    case 'won':
      if (tokens.length > i) return fail('won', 'Nothing goes after the deal: use `/deal note` to add details.');
      return ok({ type: 'won', ref });
    case 'reopen':
      if (tokens.length > i) return fail('reopen', 'Nothing goes after the deal: use `/deal note` to add details.');
      return ok({ type: 'reopen', ref });
    case 'lost':
      return ok({ type: 'lost', ref, reason: rest() });
    case 'snooze': {
      const text = rest();
      if (!text) return fail('snooze', 'Say until when: a date (monday, Dec 3) or a duration (3d, 2w, 1 month).');
      const impossible = impossibleDate(text.replace(/^until\s+/i, ''));
      if (impossible) return fail('snooze', `${impossible} Snooze until a real date, like Dec 3 or 2w.`);
      const duration = parseLeadingDuration(text);
      let until: Date;
      let consumed: number;
      if (duration) {
        until = inZone(context.now, context.zone).plus(duration.duration).toJSDate();
        consumed = duration.consumed;
      } else {
        const when = parseLeadingDate(text.replace(/^until\s+/i, ''), context.now, context.zone);
        if (!when)
          return fail('snooze', `\`${text}\` does not start with a date or a duration. Try monday, Dec 3, 3d or 2w.`);
        const dateText = text.replace(/^until\s+/i, '');
        consumed = when.consumed + (text.length - dateText.length);
        let day = DateTime.fromISO(when.date, { zone: context.zone }).startOf('day');
        // "snooze until friday" said on a Friday means next Friday, not "already past".
        if (day.toMillis() <= context.now.getTime() && /^(mon|tue|wed|thu|fri|sat|sun)/i.test(dateText))
          day = day.plus({ weeks: 1 });
        until = day.toJSDate();
      }
      if (until.getTime() <= context.now.getTime()) {
        const day = describeDay(localDate(until, context.zone), context);
        return fail('snooze', `${day} is already past: snooze until a future date.`);
      }
      const latest = inZone(context.now, context.zone).plus({ years: MAX_YEARS_AHEAD });
      if (Number.isNaN(until.getTime()) || until.getTime() > latest.toMillis()) {
        const limit = latest.toFormat('LLL d, yyyy');
        return fail(
          'snooze',
          `A snooze lasts at most ${MAX_YEARS_AHEAD} years (until ${limit}). ` +
            'For a prospect who asked to be called much later, mark the deal lost and reopen it then.',
        );
      }
      const reason =
        text
          .slice(consumed)
          .trim()
          .replace(/^[-:]\s*/, '') || null;
      return ok({ type: 'snooze', ref, until, reason });
    }
    case 'note': {
      const text = rest();
      if (!text) return fail('note', 'Write the note after the deal name.');
      return ok({ type: 'note', ref, text });
    }
    case 'status':
      return ok({ type: 'status', ref });
    case 'draft': {
      const kindWord = lower(tokens[i]);
      let kind: DraftKind | null = null;
      if (kindWord) {
        // Two-word kinds ("check in", "next step") are read as one.
        const twoWords = `${kindWord} ${lower(tokens[i + 1]) ?? ''}`;
        kind = DRAFT_KIND_WORDS[twoWords] ?? DRAFT_KIND_WORDS[kindWord] ?? null;
        if (!kind) {
          return fail('draft', `\`${tokens[i]!.text}\` is not a kind of draft. Use one of: ${DRAFT_KIND_CHOICES}.`);
        }
        i += DRAFT_KIND_WORDS[twoWords] ? 2 : 1;
      }
      const valueText = rest();
      const yearly = valueText ? readAmount(valueText, context.defaultCurrency) : null;
      const yearlyValue = yearly?.ok ? yearly.money : null;
      // As for /deal value: a figure only the deal's own currency can settle ("12.500") is read once it is known.
      const readable = yearly?.ok || (yearly && yearly.reason === 'ambiguous');
      if (valueText && (kind !== 'roi' || !readable)) {
        const problem = yearly && !yearly.ok ? yearly.error : `\`${valueText}\` is not an amount.`;
        return fail(
          'draft',
          kind === 'roi'
            ? `${problem} Give the yearly value to them, like 120k.`
            : 'Only an ROI draft takes a value after it.',
        );
      }
      if (kind === 'roi' && !valueText)
        return fail(
          'draft',
          'An ROI draft needs the yearly value to them (moderate case), e.g. `/deal draft Acme roi 120k`.',
        );
      const draft: DealCommand = { type: 'draft', ref, kind, yearlyValue };
      return { ok: true, command: draft, ...(valueText ? { amountText: valueText } : {}) };
    }
    default:
      return fail('help', `\`${tokens[0]!.text}\` is not a /deal subcommand.`);
  }
}

/** `overdue` (or `missed`) after a promise's date: the rep logs a promise already past, on purpose. */
const OVERDUE_WORD = /[\s,(]+(?:already\s+)?(?:overdue|missed)\)?[.!]*$/i;
/** Words before a promise's date other than `by`: "on friday", "before Dec 3", "due next week". */
const DATE_CONNECTOR = /^(?:on|before|until|till|til|due(?:\s+(?:on|by))?|within)\s+/i;

/**
 * Where a promise given without `by` has its date: everything after a quoted promise ("in 2 weeks", "on
 * friday"), or else the longest run of words at the end that reads whole as a date ("send the PO next
 * week"). The token the date starts at and its text; null when there is none.
 */
function dateAtEnd(
  input: string,
  tokens: Token[],
  from: number,
  context: ParseContext,
): { at: number; when: string } | null {
  const textFrom = (j: number) => input.slice(tokens[j]!.start).trim().replace(DATE_CONNECTOR, '');
  if (tokens[from]?.quoted) return tokens[from + 1] ? { at: from + 1, when: textFrom(from + 1) } : null;
  for (let j = from + 1; j < tokens.length; j++) {
    if (tokens[j]!.quoted) continue;
    const when = textFrom(j);
    const date = when.replace(OVERDUE_WORD, '').replace(/[.!]+$/, '');
    const read = date ? parseLeadingDate(date, context.now, context.zone) : null;
    if (!read || read.consumed < date.length) continue;
    // "decide in March": a connector before the date goes with it, not with the promise.
    const before = j - 1 > from ? lower(tokens[j - 1]) : undefined;
    return before && /^(?:in|on|before|until|till|due|within|around)$/.test(before)
      ? { at: j - 1, when }
      : { at: j, when };
  }
  return null;
}

/** A promise or snooze lies at most this far ahead. */
export const MAX_YEARS_AHEAD = 2;

/** "Thu, Dec 3" (with its year when not this one). */
function describeDay(isoDate: string, context: ParseContext): string {
  const day = DateTime.fromISO(isoDate, { zone: context.zone });
  return day.toFormat(day.year === inZone(context.now, context.zone).year ? 'ccc, LLL d' : 'ccc, LLL d, yyyy');
}

/** The due date of a promise: a real date, not past unless the rep says `overdue`, at most two years out. */
function readPromiseDate(whenText: string, overdue: boolean, context: ParseContext): { date: string } | string {
  const impossible = impossibleDate(whenText);
  if (impossible) return `${impossible} Give the date they promised, like Dec 3 or 2026-12-03.`;
  const when = parseLeadingDate(whenText, context.now, context.zone);
  if (!when || when.consumed < whenText.replace(/[.!]+$/, '').length) {
    return `\`${whenText}\` is not a date I understand. Try friday, next tuesday, Dec 3, in 2 weeks or 2026-12-03.`;
  }
  const today = localDate(context.now, context.zone);
  const day = describeDay(when.date, context);
  if (when.date < today && !overdue) {
    return (
      `${day} is already past. If they promised it for then and missed it, add \`overdue\` ` +
      `(\`by ${whenText} overdue\`); if they promised a new date, give that one.`
    );
  }
  if (when.date >= today && overdue) {
    return `${day} is not past yet, so the promise is not overdue: leave out \`overdue\`.`;
  }
  const latest = inZone(context.now, context.zone).plus({ years: MAX_YEARS_AHEAD }).toISODate()!;
  if (when.date > latest) return `${day} is more than ${MAX_YEARS_AHEAD} years away: log a promise with a nearer date.`;
  return { date: when.date };
}

export type ResolveResult<T> = { ok: true; deal: T } | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: T[] };

/**
 * Finds the deal a reference names among the rep's deals: an id (12 or #12), else a company name as
 * deal-names.ts reads it (exact first; then any word of a name, punctuation and accents ignored, any script).
 */
export function resolveDealRef<T extends { id: number; company: string }>(
  ref: DealRef,
  deals: readonly T[],
): ResolveResult<T> {
  const text = ref.text.trim();
  const idMatch = text.match(/^#?(\d+)$/);
  if (idMatch) {
    const byId = deals.find((d) => d.id === Number(idMatch[1]));
    if (byId) return { ok: true, deal: byId };
  }
  const exact = deals.filter((d) => d.company.trim().toLowerCase() === text.toLowerCase());
  if (exact.length === 1) return { ok: true, deal: exact[0]! };
  const names = deals.map((d) => d.company);
  const found = findName(text, names);
  const byName = (name: string) => deals.filter((d) => d.company === name);
  if (found.ok) {
    const same = byName(found.name);
    if (same.length === 1) return { ok: true, deal: same[0]! };
    return { ok: false, reason: 'ambiguous', candidates: same };
  }
  const candidates = [...new Set(found.candidates)].flatMap(byName);
  return { ok: false, reason: found.reason, candidates: candidates.slice(0, found.reason === 'unknown' ? 5 : 10) };
}
