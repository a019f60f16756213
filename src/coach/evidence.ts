// What a deal "holds": the words, amounts, dates and names that appear in its facts.
// The tone guard uses this to flag invented facts; the offline drafter and the prompts use the
// same money and date helpers so that what they write is always something the guard accepts.
import type { DraftFacts } from './types.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

// ---------- words ----------

/** Lower-cased words (letters/digits, inner apostrophes and hyphens kept). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there they this to too us was we were what when ' +
    "which who will with would you your yours i'll i'd we'll we'd you'd you'll it's get got make sure just also " +
    'about after before over up out back next all any some our'
  ).split(/\s+/),
);

/** Words of a commitment or goal worth finding again in a draft (skip glue words). */
export function significantWords(text: string): string[] {
  const acronyms = new Set((text.match(/\b[A-Z]{2,}\b/g) ?? []).map((w) => w.toLowerCase()));
  const seen = new Set<string>();
  for (const word of wordsOf(text)) {
    const keep = acronyms.has(word) || (word.length >= 3 && !STOPWORDS.has(word));
    if (keep) seen.add(word);
  }
  return [...seen];
}

/** A crude stem so "presenting" finds "present" and "proposals" finds "proposal". */
export function stem(word: string): string {
  const w = word.toLowerCase().replace(/['’]s$/, '');
  return w.length > 5 ? w.slice(0, 5) : w;
}

// ---------- money ----------

const CURRENCY_CODES = 'USD|EUR|GBP|CHF|CAD|AUD|NZD|JPY|INR|SEK|NOK|DKK|PLN|CZK|SGD|HKD|ZAR|BRL|MXN';
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?`;
const SCALE = String.raw`(?:\s?(k|m|mm|bn|b|thousand|million|billion)\b)?`;
const PREFIXED = new RegExp(String.raw`(?:[$€£¥₹]|\b(?:${CURRENCY_CODES})\s?)\s?${NUMBER}${SCALE}`, 'gi');
const SUFFIXED = new RegExp(
  String.raw`\b${NUMBER}${SCALE}\s?(?:${CURRENCY_CODES}|dollars|euros|pounds|francs)\b`,
  'gi',
);
const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

export interface FoundAmount {
  text: string;
  value: number;
}

function amountFrom(whole: string, fraction: string | undefined, scale: string | undefined): number {
  const base = Number(`${whole.replace(/,/g, '')}.${fraction ?? '0'}`);
  return base * (scale ? (SCALES[scale.toLowerCase()] ?? 1) : 1);
}

/** Money amounts written with a currency sign or code: "$50,000", "€3k", "12,500 EUR", "USD 1.2 million". */
export function findAmounts(text: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  const covered: Array<[number, number]> = [];
  for (const pattern of [PREFIXED, SUFFIXED]) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (covered.some(([s, e]) => start < e && end > s)) continue;
      covered.push([start, end]);
      found.push({ text: match[0].trim(), value: amountFrom(match[1]!, match[2], match[3]) });
    }
  }
  return found;
}

/** Known when within 3% of a figure the deal holds: lets "$1.2M" stand for $1,234,000 but not $2M. */
export function amountIsKnown(value: number, known: readonly number[]): boolean {
  return known.some((k) => Math.abs(value - k) <= Math.max(1, 0.03 * Math.max(Math.abs(k), Math.abs(value))));
}

/** "$40,000" for ("USD", 40000); falls back to "40,000 XYZ" when the code is not one Intl knows. */
export function formatAmount(value: number, currency: string): string {
  const rounded = Math.round(value);
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    }).format(rounded);
  } catch {
    return `${rounded.toLocaleString('en-US')} ${currency}`;
  }
}

export interface RoiFigures {
  currency: string;
  yearly: { conservative: number; moderate: number; aggressive: number };
  threeYear: { conservative: number; moderate: number; aggressive: number };
  yearlyCost: number | null;
  threeYearCost: number | null;
  /** Three-year gain minus three-year cost, per scenario; null without a cost. */
  threeYearNet: { conservative: number; moderate: number; aggressive: number } | null;
}

/** The derived three-year figures, computed here so neither the model nor the offline drafter does arithmetic. */
export function roiFigures(roi: NonNullable<DraftFacts['roi']>): RoiFigures {
  const yearly = { conservative: roi.conservative, moderate: roi.moderate, aggressive: roi.aggressive };
  const threeYear = {
    conservative: yearly.conservative * 3,
    moderate: yearly.moderate * 3,
    aggressive: yearly.aggressive * 3,
  };
  const threeYearCost = roi.yearlyCost === null ? null : roi.yearlyCost * 3;
  const threeYearNet =
    threeYearCost === null
      ? null
      : {
          conservative: threeYear.conservative - threeYearCost,
          moderate: threeYear.moderate - threeYearCost,
          aggressive: threeYear.aggressive - threeYearCost,
        };
  return { currency: roi.currency, yearly, threeYear, yearlyCost: roi.yearlyCost, threeYearCost, threeYearNet };
}

function roiNumbers(roi: NonNullable<DraftFacts['roi']>): number[] {
  const f = roiFigures(roi);
  const numbers = [...Object.values(f.yearly), ...Object.values(f.threeYear)];
  if (f.yearlyCost !== null) numbers.push(f.yearlyCost, f.threeYearCost!);
  if (f.threeYearNet) {
    numbers.push(...Object.values(f.threeYearNet));
    numbers.push(...Object.values(f.threeYearNet).map((net) => net / 3));
  }
  return numbers;
}

// ---------- dates ----------

function isoParts(iso: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!match) return null;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** "friday" for "2026-11-20" (calendar arithmetic only: no clock involved). */
export function weekdayOfIso(iso: string): string | null {
  const parts = isoParts(iso);
  if (!parts) return null;
  return WEEKDAYS[new Date(Date.UTC(parts.y, parts.m - 1, parts.d)).getUTCDay()] ?? null;
}

/** "11-20" for "2026-11-20": month and day, the part of a date people write. */
export function monthDayOfIso(iso: string): string | null {
  const parts = isoParts(iso);
  return parts ? `${parts.m}-${parts.d}` : null;
}

const MONTH_PATTERN =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|' +
  'Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const MONTH_DAY = new RegExp(String.raw`\b${MONTH_PATTERN}\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b`, 'g');
const DAY_MONTH = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_PATTERN}\b`, 'g');
const WEEKDAY_PATTERN = /\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/gi;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

function monthIndex(name: string): number {
  const lower = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(lower)) + 1;
}

export interface FoundDate {
  text: string;
  /** "11-20" */
  key: string;
}

/** "November 20", "Nov. 20th", "20 November" as month-day keys. */
export function findMonthDays(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const match of text.matchAll(MONTH_DAY)) {
    const day = Number(match[2]);
    if (day >= 1 && day <= 31) found.push({ text: match[0], key: `${monthIndex(match[1]!)}-${day}` });
  }
  for (const match of text.matchAll(DAY_MONTH)) {
    const day = Number(match[1]);
    if (day >= 1 && day <= 31) found.push({ text: match[0], key: `${monthIndex(match[2]!)}-${day}` });
  }
  return found;
}

export function findWeekdays(text: string): string[] {
  return [...text.matchAll(WEEKDAY_PATTERN)].map((m) => m[0].toLowerCase());
}

export function findIsoDates(text: string): string[] {
  return text.match(ISO_DATE) ?? [];
}

// ---------- the evidence a deal holds ----------

export interface Evidence {
  /** Every word in the facts, lower-cased. */
  words: Set<string>;
  /** Words written in capitals in the quoted facts (an all-caps company name is not shouting). */
  capitalWords: Set<string>;
  amounts: number[];
  weekdays: Set<string>;
  monthDays: Set<string>;
  isoDates: Set<string>;
}

/** All free text a deal holds, in one list. */
export function factStrings(facts: DraftFacts): string[] {
  const strings: Array<string | null | undefined> = [
    facts.company,
    facts.contactName,
    facts.contactEmail,
    facts.stage,
    facts.valueText,
    facts.prospectGoal,
    facts.repName,
    facts.repCompany,
    facts.greetAs,
    facts.commitment?.text,
    facts.commitment?.dueText,
    ...facts.notes,
    ...facts.touches.map((t) => t.note),
    facts.revival?.reason,
    facts.revival?.said,
  ];
  return strings.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
}

function factIsoDates(facts: DraftFacts): string[] {
  const dates = [facts.commitment?.dueDate, facts.lastReplyDate, ...facts.touches.map((t) => t.date)];
  return dates.filter((d): d is string => typeof d === 'string' && isoParts(d) !== null);
}

/**
 * The fields a draft quotes back (names, the commitment, the goal). Capitals written there are the
 * deal's own ("IKEA", "send the PO"); capitals in notes are not, so a note cannot excuse shouting.
 */
function quotableText(facts: DraftFacts): string {
  return [
    facts.company,
    facts.contactName,
    facts.greetAs,
    facts.repName,
    facts.repCompany,
    facts.valueText,
    facts.prospectGoal,
    facts.commitment?.text,
    facts.commitment?.dueText,
  ]
    .filter((s): s is string => typeof s === 'string')
    .join('\n');
}

export function collectEvidence(facts: DraftFacts): Evidence {
  const strings = factStrings(facts);
  const joined = strings.join('\n');
  const isoDates = factIsoDates(facts);

  const amounts = findAmounts(joined).map((a) => a.value);
  if (facts.valueText) {
    // A value stored as a bare number ("50000") still counts as the deal's value.
    const bare = /^\s*([\d,]+(?:\.\d+)?)\s*$/.exec(facts.valueText);
    if (bare) amounts.push(Number(bare[1]!.replace(/,/g, '')));
  }
  if (facts.roi) amounts.push(...roiNumbers(facts.roi));

  const weekdays = new Set<string>(findWeekdays(joined));
  const monthDays = new Set<string>(findMonthDays(joined).map((d) => d.key));
  for (const iso of [...isoDates, ...findIsoDates(joined)]) {
    const weekday = weekdayOfIso(iso);
    const monthDay = monthDayOfIso(iso);
    if (weekday) weekdays.add(weekday);
    if (monthDay) monthDays.add(monthDay);
  }

  return {
    words: new Set(wordsOf(joined)),
    capitalWords: new Set(quotableText(facts).match(/\b[A-Z][A-Z0-9]{2,}\b/g) ?? []),
    amounts,
    weekdays,
    monthDays,
    isoDates: new Set([...isoDates, ...findIsoDates(joined)]),
  };
}
