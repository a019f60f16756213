// Likely misspellings in what the rep typed (a goal, a promise), to hint at when it is captured: never
// a rewrite, the rep decides. Hunspell's English dictionary (dictionary-en) through nspell. Building it
// takes about half a second of CPU and 34 MB, so it is built in a worker thread (spelling-worker.ts),
// started on first use and let go when idle: the bot's event loop never waits on it. Words that are
// probably names, products or codes are left alone: anything with a capital, a digit or a symbol, very
// short words, the deal's own names, and text that is not English at all.
import type NSpell from 'nspell';
import { looksForeign } from './phrasing.js';

export interface Typo {
  word: string;
  /** Hunspell's best guess, e.g. "quarterly" for "quaterly". */
  suggestion: string;
}

let speller: Promise<NSpell | null> | null = null;

/** The checker, or null when the dictionary cannot be loaded (hints are a nicety, never an error). */
export function loadSpeller(): Promise<NSpell | null> {
  speller ??= Promise.all([import('nspell'), import('dictionary-en')])
    .then(([nspell, dictionary]) =>
      nspell.default({ aff: Buffer.from(dictionary.default.aff), dic: Buffer.from(dictionary.default.dic) }),
    )
    .catch(() => null);
  return speller;
}

/** Words of business English the Hunspell list lacks; without them every other goal would get a hint. */
const TRADE_WORDS = [
  'onboarding',
  'offboarding',
  'upsell',
  'upsells',
  'signoff',
  'roadmap',
  'workflow',
  'redline',
  'redlined',
  'redlines',
  'redlining',
];

/**
 * Edit distance where swapping two neighbours or leaving a letter out costs less than a wrong letter: the
 * commonest typing slips ("thier" is "their", not "thief"; "buget" is "budget", not "beget").
 */
function typingDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      // A letter left out (the guess has one more) is a likelier slip than a wrong one: 0.8.
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 0.8, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 0.5);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Hunspell's guesses, nearest by typing distance first (its own order breaks ties). */
function bestGuess(word: string, guesses: string[]): string | undefined {
  return guesses
    .map((guess, order) => ({ guess, order, distance: typingDistance(word, guess.toLowerCase()) }))
    .sort((x, y) => x.distance - y.distance || x.order - y.order)[0]?.guess;
}

const MAX_HINTS = 3;

/** Whether `text` could have English typos at all (letters, and not another language): checked before asking. */
export function mayHaveTypos(text: string | null | undefined): text is string {
  // Another language is not misspelt English. (looksEnglish is too strict here: typos are exactly what
  // lowers its confidence.)
  return Boolean(text && /\p{L}/u.test(text) && !looksForeign(text));
}

/** At most three likely typos in `text`, in order; `names` (company, contact) are never flagged. */
export function findTypos(spell: NSpell, text: string, names: readonly string[] = []): Typo[] {
  if (!mayHaveTypos(text)) return [];
  const own = new Set(names.flatMap((name) => name.toLowerCase().split(/[^\p{L}'’-]+/u)).concat(TRADE_WORDS));
  const found: Typo[] = [];
  const seen = new Set<string>();
  // Words separated by anything but letters, apostrophes and hyphens; a token with a digit or symbol
  // glued to it ("v2", "Q3", "x@y") is skipped whole.
  for (const token of text.split(/[\s,.;:!?()"“”«»/]+/)) {
    const word = token.replace(/^['’-]+|['’-]+$/g, '').replace(/['’]s$/, '');
    if (word.length < 3 || !/^\p{Ll}[\p{Ll}'’-]*$/u.test(word) || own.has(word) || seen.has(word)) continue;
    seen.add(word);
    const parts = word.split('-').filter(Boolean);
    if (parts.every((part) => spell.correct(part.replace(/’/g, "'")))) continue;
    const suggestion = bestGuess(word, spell.suggest(word));
    // No guess: more likely jargon than a typo. A capital only ("friday"): not a spelling problem.
    if (!suggestion || suggestion.toLowerCase() === word) continue;
    found.push({ word, suggestion });
    if (found.length === MAX_HINTS) break;
  }
  return found;
}

/** "Possible typos: “quaterly” (quarterly?)." or null. */
export function typoHint(typos: readonly Typo[]): string | null {
  if (typos.length === 0) return null;
  const listed = typos.map((t) => `“${t.word}” (${t.suggestion}?)`).join(', ');
  return `Possible typo${typos.length > 1 ? 's' : ''}: ${listed}. It is kept as you typed it.`;
}
