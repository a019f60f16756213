// Amounts as reps and CRMs write them, read by one reader for commands, forms and the CSV import:
// 50k, $1.2M, 12,500 EUR, 50.000 EUR, 1.234.567,89 EUR, €1.234, 12 500 €, EUR 900, CHF 85'000,
// 1,2 Mio. EUR, 1.2 million, 3 Mrd, 45 TEUR, 45k€, R$ 300.000,00, ₹12,50,000, 12 lakh, 12.500,- €.
// Stored in minor units (cents). A lone separator before exactly three digits ("12.500", "12,500")
// can mean thousands or a decimal: it is settled only by a written currency that groups that way
// (or a "12.500,-"); otherwise it is asked back with both readings, never guessed.

export interface Money {
  minor: number;
  currency: string;
}

/** Sums per currency (minor units): amounts in different currencies are never added up. */
export type MoneyByCurrency = Record<string, number>;

export type AmountFailure = {
  ok: false;
  error: string;
  reason: 'ambiguous' | 'currency' | 'negative' | 'too_large' | 'invalid';
  /** For 'ambiguous': the thousands reading and the decimal one, and a form of each that reads one way only. */
  readings?: [Money, Money];
  forms?: [string, string];
};

export type AmountResult =
  | {
      ok: true;
      money: Money;
      /** A currency was written (a code, a symbol or a word); false when the default was used. */
      currencyGiven: boolean;
      /** A sign several currencies share ($, kr, ¥, Rs) that was read as the default currency. */
      sharedSymbol?: string;
    }
  | AmountFailure;

// ISO 4217 codes as the runtime knows them (Intl), not a pattern: "ABC" is no currency.
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

/** True when a word is an ISO 4217 currency code (EUR, usd). */
export function isCurrencyCode(word: string): boolean {
  return /^[A-Za-z]{3}$/.test(word) && ISO_CODES.has(word.toUpperCase());
}

/**
 * Signs and words shared by several currencies: read as the default currency when it is one of them
 * (a Canadian team's "$45k" is CAD), else as the first.
 */
const SHARED: Record<string, string[]> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
  '¥': ['JPY', 'CNY'],
  rs: ['INR', 'PKR', 'LKR', 'NPR'],
  pesos: ['MXN', 'ARS', 'CLP', 'COP', 'UYU', 'PHP'],
};

/** Signs and words that name a currency, in lower case; a value in SHARED is resolved against the default. */
const SIGNS: Record<string, string> = {
  us$: 'USD',
  ca$: 'CAD',
  au$: 'AUD',
  nz$: 'NZD',
  hk$: 'HKD',
  mx$: 'MXN',
  nt$: 'TWD',
  ec$: 'XCD',
  'cn¥': 'CNY',
  r$: 'BRL',
  c$: 'CAD',
  a$: 'AUD',
  s$: 'SGD',
  $: '$',
  '€': 'EUR',
  '£': 'GBP',
  '¥': '¥',
  '￥': '¥',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
  '₱': 'PHP',
  '₫': 'VND',
  '฿': 'THB',
  '₦': 'NGN',
  '₴': 'UAH',
  zł: 'PLN',
  kr: 'kr',
  'kr.': 'kr',
  kč: 'CZK',
  ft: 'HUF',
  lei: 'RON',
  'fr.': 'CHF',
  fr: 'CHF',
  'sfr.': 'CHF',
  rs: 'rs',
  'rs.': 'rs',
  // The rest of what Intl shows (formatMoney), so that every amount shown reads back.
  fcfa: 'XAF',
  cfpf: 'XPF',
  'cg.': 'XCG',
  // Words, after the number: "45k euros", "1.2 million dollars".
  euro: 'EUR',
  euros: 'EUR',
  dollar: '$',
  dollars: '$',
  pound: 'GBP',
  pounds: 'GBP',
  franc: 'CHF',
  francs: 'CHF',
  franken: 'CHF',
  yen: 'JPY',
  yuan: 'CNY',
  rmb: 'CNY',
  rupee: 'rs',
  rupees: 'rs',
  real: 'BRL',
  reais: 'BRL',
  krona: 'kr',
  kronor: 'kr',
  krone: 'kr',
  kroner: 'kr',
  peso: 'pesos',
  pesos: 'pesos',
  rand: 'ZAR',
};

/** Words that follow the number only ("45k euros"); signs and codes may stand before it too ("R$ 300", "Fr. 85"). */
const AFTER_ONLY = new Set(
  (
    'euro euros dollar dollars pound pounds franc francs franken yen yuan rupee rupees real reais ' +
    'krona kronor krone kroner peso pesos rand'
  ).split(' '),
);

/** Currencies whose home formats group thousands with a dot: "50.000 EUR" is fifty thousand. */
const DOT_GROUPING = new Set([
  'EUR',
  'DKK',
  'NOK',
  'SEK',
  'ISK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'BGN',
  'RSD',
  'TRY',
  'BRL',
  'ARS',
  'CLP',
  'COP',
  'PYG',
  'UYU',
  'IDR',
  'VND',
]);

/** Words for thousands, millions and billions as reps write them (English, German, French, Indian), lower case. */
const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  thousands: 1e3,
  tsd: 1e3,
  tausend: 1e3,
  lakh: 1e5,
  lakhs: 1e5,
  lac: 1e5,
  lacs: 1e5,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  mio: 1e6,
  mill: 1e6,
  million: 1e6,
  millions: 1e6,
  millionen: 1e6,
  crore: 1e7,
  crores: 1e7,
  cr: 1e7,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  billions: 1e9,
  mrd: 1e9,
  md: 1e9,
  mds: 1e9,
  milliard: 1e9,
  milliards: 1e9,
  milliarde: 1e9,
  milliarden: 1e9,
};

/** Scale words that mean different things to different readers: refused with the forms that cannot be misread. */
const UNCLEAR_SCALES: Record<string, string> = {
  mil: '`mil` is a thousand in Spanish and Portuguese but a million in English shorthand: write 300k or 1.2M.',
  t: '`T` is a thousand to some and a trillion to others: write 45k (or 45 TEUR for thousands of euros).',
};

const MAX_AMOUNT = 1e13;

const HOW = 'Write an amount like 50k, $1.2M, 12,500 EUR, 12.500,00 EUR or 1,2 Mio. EUR.';

function invalid(error: string, reason: AmountFailure['reason'] = 'invalid'): AmountFailure {
  return { ok: false, error, reason };
}

/** What a run of letters and signs around a number names: a currency, a scale, both ("k€", "TEUR"), or nothing. */
interface Chunk {
  /** An ISO code, or a key of SHARED to resolve against the default. */
  currency?: string;
  scale?: number;
  unclear?: string;
}

const withoutDot = (word: string) => (word.endsWith('.') && word.length > 1 ? word.slice(0, -1) : word);

function currencyWord(word: string, position: 'before' | 'after'): string | undefined {
  const lower = word.toLowerCase();
  if (position === 'before' && AFTER_ONLY.has(lower)) return undefined;
  if (isCurrencyCode(word)) return word.toUpperCase();
  return SIGNS[lower] ?? SIGNS[withoutDot(lower)];
}

function scaleWord(word: string): number | undefined {
  const lower = word.toLowerCase();
  return SCALES[lower] ?? SCALES[withoutDot(lower)];
}

function readChunk(word: string, position: 'before' | 'after'): Chunk | null {
  const currency = currencyWord(word, position);
  if (currency) return { currency };
  if (position === 'before') return null;
  const scale = scaleWord(word);
  if (scale) return { scale };
  const unclear = UNCLEAR_SCALES[withoutDot(word.toLowerCase())];
  if (unclear) return { unclear };
  // Thousands of a currency, as German accounts write them: "45 TEUR", "45 T€", "120 TCHF".
  const thousands = word.match(/^T(.+)$/i);
  if (thousands) {
    const code = currencyWord(thousands[1]!, 'after');
    if (code && !SHARED[code] && (isCurrencyCode(thousands[1]!) || thousands[1] === '€')) {
      return { currency: code, scale: 1e3 };
    }
  }
  // A scale glued to a currency: "k€", "M€", "Mio€", "kusd".
  for (let i = 1; i < word.length; i++) {
    const scale = scaleWord(word.slice(0, i));
    const code = currencyWord(word.slice(i), 'after');
    if (scale && code) return { currency: code, scale };
  }
  return null;
}

/** The currencies a sign or word may name: one ("€", "R$", "CHF"), several ("$", "kr"), or none. */
export function currenciesOfSign(word: string): string[] {
  const named = currencyWord(word, 'after') ?? currencyWord(word, 'before');
  return named ? (SHARED[named] ?? [named]) : [];
}

/** True when a word can be part of an amount ("12.500", "Mio.", "EUR", "k€", "R$"): the grammar reads runs of them. */
export function isAmountWord(word: string): boolean {
  if (/\d/.test(word)) return true;
  return readChunk(word, 'after') !== null || readChunk(word, 'before') !== null;
}

/** Reads an amount, or says exactly what is wrong with it and how to write it. */
export function readAmount(input: string, defaultCurrency = 'USD'): AmountResult {
  const shown = input.trim();
  let text = input
    .replace(/[\u00A0\u202F\u2009\u2007]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^F CFA(?= ?\d)/i, 'XOF');
  if (!text) return invalid(`No amount. ${HOW}`);
  if (/^[-−–]|^\(.*\)$/.test(text)) return invalid('An amount cannot be negative.', 'negative');

  const written: string[] = [];
  let multiplier = 1;
  // "12.500,- €" and "85.–": a dash for the cents says which separator is the decimal one.
  let decimalHint: '.' | ',' | null = null;
  text = text.replace(/(\d)([.,])[-–—]{1,2}(?=\s|$|[^\d\s])/u, (_, digit: string, sep: '.' | ',') => {
    decimalHint = sep;
    return digit;
  });

  // Before the number: a code or a sign ("EUR 900", "R$ 300.000", "Fr. 85", "US$3,200").
  const before = text.match(/^([^\d\s.,]+\.?)\s?(?=\d)(.*)$/u);
  if (before) {
    const chunk = readChunk(before[1]!, 'before');
    if (!chunk) return unknownWord(before[1]!);
    written.push(chunk.currency!);
    text = before[2]!.trim();
  }
  // After the number: a currency, then a scale before it ("1,2 Mio. EUR", "2 Mio €", "45k€", "45 TEUR").
  for (let round = 0; round < 2; round++) {
    const after = text.match(/^(.*?)\s?([^\d\s.,][^\d\s]*)$/u);
    if (!after || !/\d/.test(after[1]!)) break;
    const chunk = readChunk(after[2]!, 'after');
    if (!chunk) return unknownWord(after[2]!);
    if (chunk.unclear) return invalid(chunk.unclear, 'invalid');
    // A second currency after the number is no scale: what is left does not read, and says so.
    if (chunk.currency && round > 0) break;
    if (chunk.currency) written.push(chunk.currency);
    if (chunk.scale) multiplier = chunk.scale;
    text = after[1]!.trim();
    if (chunk.scale) break;
  }
  const resolved = resolveCurrency(written, defaultCurrency, shown);
  if ('error' in resolved) return resolved;
  const { currency, sharedSymbol } = resolved;
  const currencyGiven = written.length > 0;
  const number = readNumber(text, {
    currency: currency ?? defaultCurrency,
    currencyGiven,
    hasMultiplier: multiplier !== 1,
    decimalHint,
  });
  const inCurrency = currency ?? defaultCurrency;
  if (typeof number === 'object' && number !== null) {
    return ambiguous(shown, number, inCurrency, currencyGiven);
  }
  if (number === null) return invalid(`\`${shown}\` is not an amount. ${HOW}`);
  const amount = number * multiplier;
  if (!Number.isFinite(amount) || amount > MAX_AMOUNT)
    return invalid(`\`${shown}\` is too large for a deal.`, 'too_large');
  return {
    ok: true,
    money: { minor: Math.round(amount * 100), currency: inCurrency },
    currencyGiven,
    ...(sharedSymbol ? { sharedSymbol } : {}),
  };
}

function unknownWord(word: string): AmountFailure {
  if (/^[A-Za-z]{3}$/.test(word)) {
    return invalid(
      `\`${word}\` is not a currency code: use an ISO code like EUR, USD or GBP, or a symbol like €.`,
      'currency',
    );
  }
  return invalid(`\`${word}\` is not a currency or a scale I know. ${HOW}`);
}

/** One currency from what was written: two that differ are refused; a shared sign takes the default when it can. */
function resolveCurrency(
  written: string[],
  defaultCurrency: string,
  shown: string,
): { currency: string | null; sharedSymbol?: string } | AmountFailure {
  const codes = [...new Set(written.filter((c) => !SHARED[c]))];
  const signs = [...new Set(written.filter((c) => SHARED[c]))];
  if (codes.length > 1) return twoCurrencies(shown, codes[0]!, codes[1]!);
  let currency = codes[0] ?? null;
  let sharedSymbol: string | undefined;
  for (const sign of signs) {
    const candidates = SHARED[sign]!;
    if (currency) {
      if (!candidates.includes(currency)) return twoCurrencies(shown, candidates[0]!, currency);
      continue;
    }
    currency = candidates.includes(defaultCurrency) ? defaultCurrency : candidates[0]!;
    if (currency !== candidates[0]) sharedSymbol = sign;
  }
  return { currency, ...(sharedSymbol ? { sharedSymbol } : {}) };
}

function twoCurrencies(shown: string, a: string, b: string): AmountFailure {
  return invalid(`\`${shown}\` names two currencies (${a} and ${b}).`, 'currency');
}

interface Split {
  whole: string;
  fraction: string;
  separator: '.' | ',';
}

function ambiguous(shown: string, split: Split, currency: string, currencyGiven: boolean): AmountFailure {
  const { whole, fraction, separator } = split;
  const thousands: Money = { minor: Number(whole + fraction) * 100, currency };
  const decimal: Money = { minor: Math.round(Number(`${whole}.${fraction}`) * 100), currency };
  const code = currencyGiven ? ` ${currency}` : '';
  const forms: [string, string] = [`${whole}${fraction}${code}`, `${whole}${separator}${fraction.slice(0, 2)}${code}`];
  const [a, b] = [formatMoney(thousands.minor, currency)!, formatMoney(decimal.minor, currency)!];
  return {
    ok: false,
    reason: 'ambiguous',
    error: `\`${shown}\` could mean ${a} or ${b}. Write \`${forms[0]}\` for ${a}, or \`${forms[1]}\` for ${b}.`,
    readings: [thousands, decimal],
    forms,
  };
}

/** The amount, or null when it is not one (callers that show their own error). */
export function parseMoney(input: string, defaultCurrency = 'USD'): Money | null {
  const result = readAmount(input, defaultCurrency);
  return result.ok ? result.money : null;
}

interface NumberContext {
  currency: string;
  currencyGiven: boolean;
  hasMultiplier: boolean;
  decimalHint: '.' | ',' | null;
}

/**
 * "12,500.50", "12.500,50", "1.250.000", "12 500", "1'000", "12,50,000", "1,5" -> a number; a lone
 * separator before exactly three digits that nothing settles -> the split, to ask back; else null.
 */
function readNumber(raw: string, context: NumberContext): number | Split | null {
  // Spaces and apostrophes group thousands only between digits ("12 500", "1'000'000").
  const text = raw.replace(/(?<=\d)[ '’](?=\d{3}(?!\d))/g, '');
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text) || /[.,]{2}/.test(text)) return null;
  if (/^\d+$/.test(text)) return Number(text);
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    if (context.decimalHint && context.decimalHint !== decimal) return null;
    const [whole, fraction, ...more] = text.split(decimal);
    if (more.length || !/^\d{1,2}$/.test(fraction ?? '')) return null;
    if (!groupedWhole(whole!, group)) return null;
    return Number(`${whole!.split(group).join('')}.${fraction}`);
  }
  const sep = lastDot >= 0 ? '.' : ',';
  const parts = text.split(sep);
  if (parts.length > 2) {
    // Several separators of one kind: thousands groups ("1.234.567", "1,234,567", Indian "12,50,000").
    if (context.decimalHint === sep || !groupedWhole(text, sep)) return null;
    return Number(parts.join(''));
  }
  const [whole, fraction] = parts as [string, string];
  if (fraction.length === 3 && !context.hasMultiplier) {
    if (whole === '0') return Number(`0.${fraction}`);
    if (context.decimalHint) return context.decimalHint === sep ? null : Number(whole + fraction);
    // Only a written currency settles it: with a comma (nobody writes money to three decimals), or with a dot
    // where that currency groups thousands so. A bare one is asked back on every deal, whatever its currency.
    if (context.currencyGiven && (sep === ',' || DOT_GROUPING.has(context.currency))) return Number(whole + fraction);
    if (!context.currencyGiven && sep === ',' && !DOT_GROUPING.has(context.currency)) return Number(whole + fraction);
    return { whole, fraction, separator: sep };
  }
  if (context.decimalHint && context.decimalHint !== sep) return null;
  // Cents have two digits; more only before a multiplier ("1.125M").
  if (fraction.length > 2 && !context.hasMultiplier) return null;
  return Number(`${whole}.${fraction}`);
}

/** "1,234,567" or the Indian "12,34,567" (lakh and crore groups of two before the last three). */
function groupedWhole(whole: string, group: string): boolean {
  if (!whole.includes(group)) return /^\d+$/.test(whole);
  const g = `\\${group}`;
  return (
    new RegExp(`^\\d{1,3}(?:${g}\\d{3})+$`).test(whole) || (group === ',' && /^\d{1,2}(?:,\d{2})+,\d{3}$/.test(whole))
  );
}

// Building an Intl.NumberFormat costs far more than using one: keep one per currency and precision.
const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string, digits: number): Intl.NumberFormat | null {
  const key = `${currency}:${digits}`;
  if (!formatters.has(key)) {
    let formatter: Intl.NumberFormat | null;
    try {
      formatter = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: 2,
      });
    } catch {
      formatter = null; // not an ISO currency Intl knows
    }
    formatters.set(key, formatter);
  }
  return formatters.get(key)!;
}

/** "$50,000", "€1,200.50", "CHF 12,500". */
export function formatMoney(minor: number | null | undefined, currency = 'USD'): string | null {
  if (minor === null || minor === undefined) return null;
  const amount = minor / 100;
  const formatter = formatterFor(currency, Number.isInteger(amount) ? 0 : 2);
  return formatter
    ? formatter.format(amount)
    : `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;
}

/**
 * The currencies of a sum in a stable order: the team's own first, then by code. Amounts in different
 * currencies cannot be ranked without exchange rates, and none is invented.
 */
export function currencyOrder(currencies: Iterable<string>, first?: string | null): string[] {
  return [...new Set(currencies)].sort((a, b) => (a === first ? -1 : b === first ? 1 : a.localeCompare(b)));
}

/**
 * Sums per currency side by side ("€20,000 + R$300,000 + CHF 85,000"), never converted; null when the
 * sum holds no amount at all (the caller says so: never "$0" for money that is not dollars).
 */
export function formatTotals(sums: MoneyByCurrency, first?: string | null): string | null {
  const parts = currencyOrder(Object.keys(sums), first).map((c) => formatMoney(sums[c]!, c)!);
  return parts.length ? parts.join(' + ') : null;
}

/** A change per currency ("+€20,000, −CHF 5,000"); null when no currency changed. */
export function formatChanges(changes: MoneyByCurrency, first?: string | null): string | null {
  const parts = currencyOrder(
    Object.keys(changes).filter((c) => changes[c] !== 0),
    first,
  ).map((c) => `${changes[c]! > 0 ? '+' : '−'}${formatMoney(Math.abs(changes[c]!), c)}`);
  return parts.length ? parts.join(', ') : null;
}

/** Adds an amount to a sum per currency; a deal without an amount adds nothing (it is counted apart). */
export function addMoney(sums: MoneyByCurrency, currency: string, minor: number | null | undefined): void {
  if (minor === null || minor === undefined) return;
  sums[currency] = (sums[currency] ?? 0) + minor;
}
