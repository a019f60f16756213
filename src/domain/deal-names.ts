// Company names as reps type them: punctuation and accents ignored (obrien finds O'Brien, cafe finds Café), any
// case, any word of a multi-word name (cafe finds Ça Va Café when no other name has that word), any script.
// Pure: no I/O.
//
// Names are compared as "squashed" words: folded (case, accents, ß -> ss, ø -> o ...), apostrophes and dots
// dropped inside a word (O'Brien -> obrien, S.A. -> sa), every other punctuation mark a word break (Müller &
// Söhne -> muller sohne, Coca-Cola -> coca cola). What a rep types matches a name when, from the start of one
// of its words, the typed words run along the name: every typed word but the last ends where a word of the
// name ends, the last may stop inside one (the start of a word is enough). Scripts written without spaces
// (Japanese, Chinese, Thai, ...) have no words to start from: there, any run of at least 2 characters of the
// name matches (ヤマト or 運輸 finds 株式会社ヤマト運輸). Legal forms (GmbH, S.A., 株式会社) are never
// needed: any other word of the name finds it.

/** Scripts written without spaces between words. */
const UNSPACED = new RegExp(
  `[${['Han', 'Hiragana', 'Katakana', 'Thai', 'Lao', 'Khmer', 'Myanmar'].map((s) => `\\p{Script=${s}}`).join('')}]`,
  'u',
);

/** Optional marks dropped when folding: Latin, Greek and Cyrillic accents; Arabic and Hebrew points. */
const OPTIONAL_MARKS =
  /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670\u0591-\u05c7]/g;

/** A run of unspaced characters shorter than this finds a name only when it is the whole name. */
export const MIN_UNSPACED_RUN = 2;

/** Letters folded to what people type on a plain keyboard. */
const LETTERS: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Case, accents and width folded, as compared; spacing and punctuation kept. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(OPTIONAL_MARKS, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[ßøæœłđðþı]/g, (c) => LETTERS[c] ?? c)
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

/** A name as compared: accents folded (cafe = Café, muller = Müller), any case, one space between words. */
export function foldName(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim();
}

/** The words of a name or of typed text, squashed: letters and digits only. */
export function nameWords(text: string): string[] {
  return foldText(text)
    .replace(/['`´.\u00b7]/g, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** A name split for matching: its squashed words, their concatenation, and where each word starts and ends. */
interface IndexedName {
  name: string;
  /** The squashed words run together. */
  full: string;
  starts: Set<number>;
  ends: Set<number>;
  /** The squashed words, for near misses. */
  words: string[];
}

function indexName(name: string): IndexedName {
  const words = nameWords(name);
  const starts = new Set<number>();
  const ends = new Set<number>();
  let full = '';
  for (const word of words) {
    starts.add(full.length);
    full += word;
    ends.add(full.length);
  }
  return { name, full, starts, ends, words };
}

const indexes = new WeakMap<readonly string[], IndexedName[]>();

/** The names indexed once per list (a command is parsed against the same list more than once). */
function indexed(names: readonly string[]): IndexedName[] {
  let index = indexes.get(names);
  if (!index) {
    index = names.map(indexName);
    indexes.set(names, index);
  }
  return index;
}

const isUnspaced = (char: string | undefined) => char !== undefined && UNSPACED.test(char);
const charCount = (text: string) => [...text].length;

/** How a run of typed words matches one name. */
export interface WordsMatch {
  /** How many of the typed words it takes (0: none). */
  taken: number;
  /** The typed words are the whole name. */
  whole: boolean;
  /** Where in the name the match ends, and whether a word of the name ends there. */
  end: number;
  atWordEnd: boolean;
}

const NO_MATCH: WordsMatch = { taken: 0, whole: false, end: 0, atWordEnd: false };

/**
 * How many of the typed words (each already squashed: one entry per typed token, '' for a token of
 * punctuation only, such as "&") run along the name from one of its positions; the longest run wins.
 */
function matchWords(typed: readonly string[], name: IndexedName): WordsMatch {
  const first = typed.findIndex((t) => t !== '');
  if (first === -1 || !name.full) return NO_MATCH;
  const lead = typed[first]!;
  const unspacedLead = isUnspaced(lead[0]);
  let best = NO_MATCH;
  for (let p = name.full.indexOf(lead); p !== -1; p = name.full.indexOf(lead, p + 1)) {
    const atWordStart = name.starts.has(p);
    // From a word's start; inside a name one letter is too little to go by. Unspaced script: from anywhere,
    // at least MIN_UNSPACED_RUN characters (or the whole name).
    const allowed = unspacedLead
      ? (atWordStart || isUnspaced(name.full[p - 1])) && (charCount(lead) >= MIN_UNSPACED_RUN || lead === name.full)
      : atWordStart && (p === 0 || charCount(lead) >= 2);
    if (!allowed) continue;
    let offset = p;
    let taken = 0;
    for (let i = first; i < typed.length; i++) {
      const word = typed[i]!;
      if (word === '') continue;
      if (!name.full.startsWith(word, offset)) break;
      offset += word.length;
      taken = i + 1;
      // A word that stops inside a word of the name ends the run, unless both sides are unspaced script.
      if (!name.ends.has(offset) && !(isUnspaced(name.full[offset - 1]) && isUnspaced(name.full[offset]))) break;
    }
    const match = {
      taken,
      whole: p === 0 && offset === name.full.length,
      end: offset,
      atWordEnd: name.ends.has(offset),
    };
    if (match.taken > best.taken || (match.taken === best.taken && match.whole && !best.whole)) best = match;
  }
  return best;
}

/** The names a run of typed words finds, and how many words that takes. */
export interface LeadingName {
  /** Typed words taken (0: no name found). */
  taken: number;
  /** The names found with that many words, in the order given. */
  names: string[];
  /** Of those, the ones the typed words spell whole. */
  whole: string[];
  /** Per name found: where the match stopped, to read the name's next word. */
  ends: Map<string, WordsMatch>;
}

/**
 * The names that the leading typed words find: the longest run of words wins ("Nordic Fjord Labs" over
 * "Nordic" for "nordic fjord labs lm"); `typed` has one entry per typed token, in order.
 */
export function leadingName(typed: readonly string[], names: readonly string[]): LeadingName {
  const squashed = typed.map((t) => nameWords(t).join(''));
  let taken = 0;
  let found: Array<{ name: string; match: WordsMatch }> = [];
  for (const name of indexed(names)) {
    const match = matchWords(squashed, name);
    if (match.taken === 0) continue;
    if (match.taken > taken) {
      taken = match.taken;
      found = [{ name: name.name, match }];
    } else if (match.taken === taken) found.push({ name: name.name, match });
  }
  return {
    taken,
    names: found.map((f) => f.name),
    whole: found.filter((f) => f.match.whole).map((f) => f.name),
    ends: new Map(found.map((f) => [f.name, f.match])),
  };
}

/** The word of the name that follows a match, or null when the match ended inside a word or at the end. */
export function nextWordAfter(name: string, match: WordsMatch): string | null {
  if (!match.atWordEnd) return null;
  const index = indexName(name);
  let offset = 0;
  for (const word of index.words) {
    if (offset === match.end) return word;
    offset += word.length;
  }
  return null;
}

/** The one name a whole text finds: spelled whole, else the only one it finds; else the candidates. */
export function findName(
  text: string,
  names: readonly string[],
): { ok: true; name: string } | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: string[] } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const typedAll = nameWords(text).join('');
  if (!typedAll) return { ok: false, reason: 'unknown', candidates: [] };
  // Exactly as typed (any case), then as compared (punctuation and accents ignored).
  const asTyped = names.filter((n) => foldName(n) === foldName(text));
  if (asTyped.length === 1) return { ok: true, name: asTyped[0]! };
  const found = leadingName(words, names);
  // Every word typed must be part of the name (trailing punctuation aside).
  let last = words.length;
  while (last > 0 && nameWords(words[last - 1]!).length === 0) last--;
  const all = found.taken === last ? found : { taken: 0, names: [], whole: [] };
  if (all.whole.length === 1) return { ok: true, name: all.whole[0]! };
  if (all.names.length === 1) return { ok: true, name: all.names[0]! };
  if (all.names.length > 1) return { ok: false, reason: 'ambiguous', candidates: all.names };
  return { ok: false, reason: 'unknown', candidates: nearMisses(words, names).names };
}

/** Edit distance with adjacent transpositions ("Bleu" -> "Blue" is one edit). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** How many typos a name of that length may carry and still be suggested. */
export const typoTolerance = (length: number) => (length <= 4 ? 1 : length <= 10 ? 2 : 3);

/**
 * Names within a few typos of what was typed. Each name is compared, from each of its words, with as many
 * words as it has left (or were typed); the names that explain the most typed words win ("Bleu Sky" is Blue
 * Sky Partners, not Blue Nile Imports). `words` are the typed tokens; returns how many of them were used.
 */
export function nearMisses(words: readonly string[], names: readonly string[]): { names: string[]; words: number } {
  const typed = words.map((w) => nameWords(w).join('')).filter(Boolean);
  const scored: Array<{ name: string; words: number; distance: number }> = [];
  if (typed.length) {
    for (const name of indexed(names)) {
      let best: { words: number; distance: number } | null = null;
      for (let start = 0; start < name.words.length; start++) {
        for (let k = Math.min(name.words.length - start, typed.length); k >= 1; k--) {
          const head = name.words.slice(start, start + k).join(' ');
          const distance = editDistance(typed.slice(0, k).join(' '), head);
          if (distance > typoTolerance(head.length)) continue;
          // From the name's start any length is a near miss; from another word, only a word or more of 4+ letters.
          if (start > 0 && head.length < 4) continue;
          if (!best || k > best.words || (k === best.words && distance < best.distance)) best = { words: k, distance };
          break;
        }
      }
      if (best) scored.push({ name: name.name, ...best });
    }
  }
  const most = Math.max(0, ...scored.map((s) => s.words));
  const best = scored.filter((s) => s.words === most).sort((a, b) => a.distance - b.distance);
  // Typed tokens used: as many as the squashed words explained (tokens of punctuation only count along).
  let used = 0;
  let counted = 0;
  for (const word of words) {
    if (counted >= Math.max(1, most)) break;
    used++;
    if (nameWords(word).join('')) counted++;
  }
  return { names: best.slice(0, 5).map((s) => s.name), words: Math.max(1, used) };
}
