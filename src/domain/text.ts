// Text as people type it. Pure.

/**
 * Characters nobody means to store: C0 controls but tab and line breaks, DEL, C1 controls (NEL becomes a
 * line break below), the soft hyphen, the Mongolian vowel separator, zero-width space, word joiner and
 * invisible operators, bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: they make
 * text render in another order than it is stored), deprecated format characters, the byte order mark,
 * Hangul fillers (blank "letters"), interlinear annotations and invisible musical format characters.
 * The left-to-right and right-to-left marks (U+200E, U+200F, U+061C) stay: they reorder nothing but
 * the punctuation next to them, and bidi text needs them.
 */
const ALWAYS_STRIPPED = new RegExp(
  '[\\0-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\u00AD\\u180E\\u200B\\u202A-\\u202E\\u2060-\\u2064' +
    '\\u2066-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\u{1D173}-\\u{1D17A}]',
  'gu',
);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Anything cleanText may change; most text has none of it and is returned as it is. */
const SUSPECT = new RegExp(
  '[\\0-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u00AD\\u180E\\u200B-\\u200D\\u202A-\\u202E\\u2060-\\u206F\\u3164' +
    '\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB\\uDB40]|\\uD834[\\uDD73-\\uDD7A]|' +
    LONE_SURROGATE.source,
);
/** Tag characters spell subdivision flags after 🏴 (Scotland's, Wales'); anywhere else they are invisible text. */
const TAGS = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|[\u{E0000}-\u{E007F}]+/gu;
const JOINERS = /[\u200C\u200D]/gu;
/** Scripts whose letters take another form with a zero-width (non-)joiner: Persian, Arabic, the Indic scripts. */
const JOINING_SCRIPTS = [
  'Arabic',
  'Syriac',
  'Nko',
  'Mandaic',
  'Mongolian',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Tibetan',
  'Myanmar',
  'Khmer',
];
const JOINING_SCRIPT = new RegExp(`[${JOINING_SCRIPTS.map((s) => `\\p{Script_Extensions=${s}}`).join('')}]`, 'u');
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** What may come before the joiner of an emoji sequence: the emoji, its skin tone, or its emoji style. */
const EMOJI_BEFORE_JOINER = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/u;
const VARIATION_SELECTORS = /\p{Variation_Selector}+/gu;
/** What a variation selector may follow: a visible character (an emoji, a CJK ideograph, a digit of a keycap). */
const SELECTABLE = /[\p{L}\p{N}\p{S}\p{P}\p{M}]/u;

/** The code point that ends just before `offset` in `text`, or '' at the start. */
function before(text: string, offset: number): string {
  if (offset === 0) return '';
  const low = text.charCodeAt(offset - 1);
  return low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? text.slice(offset - 2, offset) : text[offset - 1]!;
}

/** The code point that starts at `offset` in `text`, or ''. */
function at(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/**
 * Text from outside (a command, a form, a CSV cell, a stored row being shown) without invisible characters
 * that would make it read or render otherwise than it is stored: controls, zero-width characters, bidi
 * overrides and isolates, stray tags and variation selectors, unpaired surrogates. Tab and line breaks stay.
 * A zero-width joiner or non-joiner stays where it shapes what is shown: inside an emoji sequence (👩‍💻)
 * and between letters of a script that uses it (Persian می‌خواهم, Hindi क्‍ष, Sinhala ශ්‍රී).
 */
export function cleanText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text
    .replace(LONE_SURROGATE, '')
    .replace(/\x85/g, '\n')
    .replace(ALWAYS_STRIPPED, '')
    .replace(TAGS, (run) => (run.startsWith('\u{1F3F4}') ? run : ''))
    .replace(JOINERS, (joiner, offset: number, whole: string) => {
      const previous = before(whole, offset);
      const next = at(whole, offset + 1);
      if (!previous || !next) return '';
      if (JOINING_SCRIPT.test(previous) && JOINING_SCRIPT.test(next)) return joiner;
      return joiner === '\u200D' && EMOJI_BEFORE_JOINER.test(previous) && PICTOGRAPH.test(next) ? joiner : '';
    })
    .replace(VARIATION_SELECTORS, (run, offset: number, whole: string) => {
      const previous = before(whole, offset);
      return previous && SELECTABLE.test(previous) ? at(run, 0) : '';
    });
}

/** One-line fields (company, contact, a promise, a team name): line breaks and tabs become single spaces. */
export function oneLine(text: string): string {
  return cleanText(text)
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim();
}
