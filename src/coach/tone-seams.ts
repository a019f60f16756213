// Template seams and slot grammar: what a filled-in template looks like when a slot came out wrong.
// Each check looks at one part of a draft (subject, body or voicemail) and knows the deal's names,
// so "Müller & Söhne GmbH" or "The Hague" are not mistaken for seams.
import type { ToneProblem } from './types.js';

export const PLACEHOLDER = new RegExp(
  [
    String.raw`\[[^\]\n]{1,40}\]|\{\{[^}\n]*\}\}|\{[A-Za-z_ .]{1,30}\}|<[A-Za-z_ ]{1,30}>|\$\{[^}\n]*\}`,
    String.raw`\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX+\b|lorem ipsum|\bINSERT [A-Z][A-Z ]+\b|\bundefined\b|\bNaN\b`,
  ].join('|'),
  'gi',
);

/** Words that start sentences: written with a capital after a lower-case word, a slot kept its capital. */
const SENTENCE_STARTERS = new Set(
  (
    'the a an your our my we this that these those it its if when since please thanks thank is are was do does did ' +
    'can could would will should let here there what any some every all and but or so for to in on at with of by ' +
    'from as they he she you hi hello dear best kind regards improving reducing cutting increasing'
  ).split(' '),
);
/** Legal forms a company name ends with. */
const LEGAL_SUFFIX = '(?:GmbH|AG|AS|ASA|AB|SA|SARL|SAS|Ltd|Ltda|LLC|LLP|Inc|Corp|PLC|BV|NV|KK|Oy|SpA|Srl|Pty|Co)';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each known name with a neutral token so its capitals, dots and "!" are not read as seams. */
export function maskNames(text: string, names: readonly string[]): string {
  let masked = text;
  for (const name of [...names].filter((n) => n.trim().length > 1).sort((a, b) => b.length - a.length)) {
    masked = masked.split(name).join('Namex');
  }
  return masked;
}

export function placeholderProblems(part: string): ToneProblem[] {
  const found = part.match(PLACEHOLDER) ?? [];
  return found.length === 0
    ? []
    : [
        {
          rule: 'placeholder',
          message:
            `Unfilled placeholder: ${[...new Set(found)].slice(0, 3).join(', ')}. Put the real detail in or ` +
            `cut it.`,
        },
      ];
}

const SLOT_WORDS = 'about|regarding|re|for|on|at|with|to|of|from|by|in|into|the|a|an|your|our|my|hi|hello|dear|and|or';
const EMPTY_SLOT = new RegExp(String.raw`\b(?:${SLOT_WORDS})\s+[,.;:!?](?!\.)|\(\s*\)|""|“\s*”`, 'giu');
const PUNCTUATION_SEAMS: Array<{ pattern: RegExp; what: string }> = [
  // Not ".,": "K.K., the" is an abbreviation's dot followed by a comma.
  { pattern: /[,;:]\s*,|;\s*;|,\s*\.(?!\.)/g, what: 'doubled punctuation' },
  { pattern: /[?!]\s?[.,;:](?!\.)/g, what: 'a sentence that ends twice' },
  { pattern: /\.{4,}/g, what: 'four or more dots' },
  { pattern: /(?<!\.)\.\.(?!\.)|(?<![.\s])\.\s+\.(?!\.)/g, what: 'a doubled period' },
  { pattern: /[\p{L}\p{N}](?:\.{3}|…)\s+\p{Ll}/gu, what: 'a phrase cut off mid-sentence' },
  { pattern: /\p{L}\s+[,.](?=\s|$)/gu, what: 'a space before the punctuation' },
];

export function punctuationProblems(part: string, names: readonly string[]): ToneProblem[] {
  const text = maskNames(
    part,
    names.filter((n) => /[!?]$/.test(n)),
  );
  const problems: ToneProblem[] = [];
  const slot = text.match(EMPTY_SLOT);
  if (slot) {
    const message = `A slot came out empty: "${slot[0].trim()}". Fill it in or rewrite the sentence.`;
    problems.push({ rule: 'empty-slot', message });
  }
  for (const { pattern, what } of PUNCTUATION_SEAMS) {
    const match = text.match(pattern);
    if (!match) continue;
    if (what === 'a space before the punctuation' && slot) continue;
    const message = `Template seam, ${what}: "${match[0].trim()}". Read it once aloud and fix it.`;
    problems.push({ rule: 'punctuation', message });
    break;
  }
  return problems;
}

/**
 * "you told me The next step": a capitalised sentence-starter after a lower-case word, followed by a
 * lower-case word (so "The Hague" and "Your Honour"-style names pass). Known names are masked first.
 */
export function strayCapitalProblems(part: string, names: readonly string[]): ToneProblem[] {
  const text = maskNames(part, names);
  const pattern = /(?<![\p{L}'’])(\p{Ll}[\p{L}'’-]*)[ \t]+(\p{Lu}\p{Ll}*)(?=[ \t]+(\S))/gu;
  for (const match of text.matchAll(pattern)) {
    const word = match[2]!;
    const next = match[3]!;
    if (!SENTENCE_STARTERS.has(word.toLowerCase())) continue;
    if (/^\p{Lu}/u.test(next)) continue;
    return [
      {
        rule: 'stray-capital',
        message:
          `"${match[1]} ${word} ${next}": a capital letter mid-sentence, where a slot was pasted in. ` +
          `Use a lower-case "${word.toLowerCase()}".`,
      },
    ];
  }
  return [];
}

/** "a accountability", "A update", "an proposal". English only: a word with letters like ç or ã is skipped. */
export function articleProblems(part: string): ToneProblem[] {
  const pattern = /(^|[.!?:]\s+|\n\s*|[ \t(])(a|A|an|An)[ \t]+([\p{L}\d][\p{L}\d'’-]*)/gu;
  for (const match of part.matchAll(pattern)) {
    const [, before, article, word] = match as unknown as [string, string, string, string];
    // "Plan A or B": a capital A mid-sentence is a label, not an article.
    if (article === 'A' && before === ' ') continue;
    if (/[^\x00-\x7F]/.test(word)) continue;
    const wantsAn = startsWithVowelSound(word);
    if (wantsAn === null) continue;
    const isAn = article.toLowerCase() === 'an';
    if (wantsAn !== isAn) {
      const fixed = `${wantsAn ? (article === 'A' ? 'An' : 'an') : article === 'An' ? 'A' : 'a'} ${word}`;
      const message = `"${article} ${word}" should read "${fixed}": the slot changed but its article did not.`;
      return [{ rule: 'article', message }];
    }
  }
  return [];
}

/** True for "an", false for "a", null when unsure (numbers, symbols). */
function startsWithVowelSound(word: string): boolean | null {
  if (/^\d/.test(word)) return /^(?:8|11(?!\d)|18(?!\d))/.test(word) ? true : /^\d/.test(word) ? false : null;
  const lower = word.toLowerCase();
  // Acronyms are said letter by letter: "an MBA", "an SDR", "a CRM".
  if (/^[A-Z]{2,}s?$/.test(word) && !/^(?:[A-Z][a-z]+)$/.test(word)) return 'AEFHILMNORSX'.includes(word[0]!);
  if (/^(?:one|once|uni|use|usu|uti|eu|ewe|ura|uro|ubi|uk|u-|ufo)/.test(lower)) return false;
  if (/^(?:hour|honest|honou?r|heir)/.test(lower)) return true;
  return /^[aeiou]/.test(lower);
}

/** "the the", "GmbH GmbH": a word doubled where two slots met. */
export function repeatedWordProblems(part: string): ToneProblem[] {
  const match = /(?<![\p{L}'’])(\p{L}+)[ \t]+\1(?![\p{L}'’])/iu.exec(part);
  if (!match || /^(?:that|had)$/i.test(match[1]!)) return [];
  return [{ rule: 'repeated-word', message: `"${match[0]}": a word written twice. Keep one.` }];
}

/**
 * The deal's legal name pasted twice, twice in one sentence, or written without its dot ("Inc" for
 * "Inc.") or with its legal suffix doubled.
 */
export function companyNameProblems(part: string, company: string | null): ToneProblem[] {
  const name = company?.trim();
  if (!name) return [];
  const escaped = escapeRegExp(name);
  const problem = (what: string): ToneProblem[] => [
    { rule: 'company-name', message: `${what} Write "${name}" once, exactly as the deal has it.` },
  ];
  if (new RegExp(String.raw`${escaped}[\s,]*${escaped}`, 'u').test(part)) {
    return problem(`"${name}" is pasted twice in a row.`);
  }
  const suffix = new RegExp(String.raw`\b(${LEGAL_SUFFIX})\.?[ \t]+\1\b`, 'u').exec(part);
  if (suffix) return problem(`The legal form is doubled ("${suffix[0]}").`);
  // Masked first, so the dots inside "Sakura Denki K.K." do not end a sentence.
  for (const sentence of part
    .split(name)
    .join('\u0000')
    .split(/(?<=[.!?])\s+(?=\p{Lu})|\n+/u)) {
    if (sentence.split('\u0000').length > 2) return problem(`"${name}" appears twice in one sentence.`);
  }
  const mentions = part.split(name).length - 1;
  const legal = new RegExp(String.raw`\b${LEGAL_SUFFIX}\.?$`, 'u').test(name);
  if ((legal && mentions >= 2) || mentions >= 3) {
    return [
      {
        rule: 'company-name',
        message:
          `"${name}" is written ${mentions} times; say it once and then "you" or "your team", as a person ` + `would.`,
      },
    ];
  }
  if (name.endsWith('.')) {
    const bare = name.slice(0, -1);
    const withoutDot = new RegExp(String.raw`${escapeRegExp(bare)}(?![.\p{L}])`, 'u').exec(part);
    if (withoutDot) return problem(`"${bare}" lost the dot of its legal form.`);
  }
  return [];
}

const PREPOSITIONS = 'across|of|for|in|on|at|to|with|from|by|about|over|per|between|among|into|through';
/** Plurals that take a singular verb, and singular nouns that end in s. */
const SINGULAR_S = /(?:ss|us|is|ics|news|series|species|means|status|sales|ops|gas|yes)$/i;

/**
 * "the terms isn't a priority": a plural slot before a singular verb. Not after a preposition: in
 * "cutting waste across the bakeries is", the bakeries are not the subject.
 */
export function agreementProblems(part: string): ToneProblem[] {
  const pattern = new RegExp(
    String.raw`(?<!\b(?:${PREPOSITIONS})[ \t]+)\b(?:the|these|those|your|our|my|their)[ \t]+(?:\p{Ll}+[ \t]+)?` +
      String.raw`(\p{Ll}{3,}s)[ \t]+(is|isn't|is not|was|wasn't|has|hasn't|remains)\b`,
    'gu',
  );
  for (const match of part.matchAll(pattern)) {
    if (SINGULAR_S.test(match[1]!)) continue;
    const message = `"${match[0]}": a plural with a singular verb, where a slot was filled in. Rephrase it.`;
    return [{ rule: 'agreement', message }];
  }
  return [];
}
