// Amounts as reps and CRMs write them, read by one reader for commands, forms and the CSV import:
// 50k, $1.2M, 12,500 EUR, 50.000 EUR, 1.234.567,89 EUR, €1.234, 12 500 €, EUR 900, CHF 1'000.
// Stored in minor units (cents). A lone dot before exactly three digits ("12.500") means thousands
// only where the currency writes it so (EUR and others); otherwise it is ambiguous and asked back.

export interface Money {
  minor: number;
  currency: string;
}

export type AmountResult =
  | { ok: true; money: Money; currencyGiven: boolean }
  | { ok: false; error: string; reason: 'ambiguous' | 'currency' | 'negative' | 'too_large' | 'invalid' };

// ISO 4217 codes as the runtime knows them (Intl), not a pattern: "ABC" is no currency.
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

/** True when a word is an ISO 4217 currency code (EUR, usd). */
export function isCurrencyCode(word: string): boolean {
  return /^[A-Za-z]{3}$/.test(word) && ISO_CODES.has(word.toUpperCase());
}

// Longest first, so "US$" wins over "$".
const PREFIX_SYMBOLS: Array<[string, string]> = (
  [
    ['US$', 'USD'],
    ['CA$', 'CAD'],
    ['AU$', 'AUD'],
    ['NZ$', 'NZD'],
    ['HK$', 'HKD'],
    ['R$', 'BRL'],
    ['C$', 'CAD'],
    ['A$', 'AUD'],
    ['S$', 'SGD'],
    ['$', 'USD'],
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['¥', 'JPY'],
    ['₹', 'INR'],
    ['₩', 'KRW'],
    ['₽', 'RUB'],
    ['₺', 'TRY'],
    ['₪', 'ILS'],
    ['₱', 'PHP'],
    ['₫', 'VND'],
    ['฿', 'THB'],
    ['zł', 'PLN'],
    ['kr', 'SEK'],
    ['Fr.', 'CHF'],
  ] as Array<[string, string]>
).sort((a, b) => b[0].length - a[0].length);

const SUFFIX_SYMBOLS: Array<[string, string]> = (
  [
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['$', 'USD'],
    ['¥', 'JPY'],
    ['₹', 'INR'],
    ['₽', 'RUB'],
    ['₺', 'TRY'],
    ['₫', 'VND'],
    ['zł', 'PLN'],
    ['kr', 'SEK'],
    ['Kč', 'CZK'],
    ['Ft', 'HUF'],
    ['lei', 'RON'],
    ['Fr.', 'CHF'],
    ['fr', 'CHF'],
  ] as Array<[string, string]>
).sort((a, b) => b[0].length - a[0].length);

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

const MULTIPLIERS: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, mn: 1e6, b: 1e9, bn: 1e9 };
const MAX_AMOUNT = 1e13;

const HOW = 'Write an amount like 50k, $1.2M, 12,500 EUR or 12.500,00 EUR.';

function invalid(error: string, reason: Extract<AmountResult, { ok: false }>['reason'] = 'invalid'): AmountResult {
  return { ok: false, error, reason };
}

/** Reads an amount, or says exactly what is wrong with it and how to write it. */
export function readAmount(
  input: string,
  defaultCurrency = 'USD',
  options: {
    /** The default is the deal's own currency, so it settles "50.000" as much as a written one. */
    defaultIsKnown?: boolean;
  } = {},
): AmountResult {
  let text = input
    .replace(/[\u00A0\u202F\u2009]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  if (!text) return invalid(`No amount. ${HOW}`);
  if (/^[-−]|^\(.*\)$/.test(text)) return invalid('An amount cannot be negative.', 'negative');
  let currency: string | null = null;
  const setCurrency = (code: string): AmountResult | null => {
    if (currency && currency !== code)
      return invalid(`\`${input.trim()}\` names two currencies (${currency} and ${code}).`, 'currency');
    currency = code;
    return null;
  };
  // An ISO code before or after the number ("EUR 900", "12,500eur").
  const codeBefore = text.match(/^([A-Za-z]{3}) ?(?=[\d.,$€£¥₹])(.+)$/);
  const codeAfter = text.match(/^(.*\d[kKmMbBnN]*\.?) ?([A-Za-z]{3})$/);
  const word = codeBefore?.[1] ?? codeAfter?.[2];
  if (word && !/^(?:mm|bn|mn)$/i.test(word)) {
    if (!isCurrencyCode(word)) {
      return invalid(
        `\`${word}\` is not a currency code: use an ISO code like EUR, USD or GBP, or a symbol like €.`,
        'currency',
      );
    }
    setCurrency(word.toUpperCase());
    text = (codeBefore ? codeBefore[2]! : codeAfter![1]!).trim();
  }
  for (const [symbol, code] of PREFIX_SYMBOLS) {
    if (text.startsWith(symbol) && /[\d.,]/.test(text.slice(symbol.length).trim()[0] ?? '')) {
      const clash = setCurrency(code);
      if (clash) return clash;
      text = text.slice(symbol.length).trim();
      break;
    }
  }
  for (const [symbol, code] of SUFFIX_SYMBOLS) {
    if (
      text.toLowerCase().endsWith(symbol.toLowerCase()) &&
      /\d[kKmMbBnN]*\.? ?$/.test(text.slice(0, -symbol.length))
    ) {
      const clash = setCurrency(code);
      if (clash) return clash;
      text = text.slice(0, -symbol.length).trim();
      break;
    }
  }
  const multiplierMatch = text.match(/^(.*\d) ?(k|mm|mn|m|bn|b)$/i);
  const multiplier = multiplierMatch ? MULTIPLIERS[multiplierMatch[2]!.toLowerCase()]! : 1;
  if (multiplierMatch) text = multiplierMatch[1]!;
  const settled = currency !== null || Boolean(options.defaultIsKnown);
  const number = readNumber(text, currency ?? defaultCurrency, settled, multiplier !== 1);
  if (number === 'ambiguous') {
    const [whole, fraction] = text.split('.') as [string, string];
    return invalid(
      `\`${input.trim()}\` is ambiguous: it could be ${whole}${fraction} or ${whole}.` +
        `${fraction.replace(/0+$/, '') || '0'}. ` +
        `Write ${whole}${fraction} or ${whole},${fraction} for thousands, ${whole}.${fraction.slice(0, 2)}` +
        ` for a decimal, ` +
        `or add the currency (${text} EUR).`,
      'ambiguous',
    );
  }
  if (number === null) return invalid(`\`${input.trim()}\` is not an amount. ${HOW}`);
  const amount = number * multiplier;
  if (!Number.isFinite(amount) || amount > MAX_AMOUNT)
    return invalid(`\`${input.trim()}\` is too large for a deal.`, 'too_large');
  return {
    ok: true,
    money: { minor: Math.round(amount * 100), currency: currency ?? defaultCurrency },
    currencyGiven: currency !== null,
  };
}

/** The amount, or null when it is not one (callers that show their own error). */
export function parseMoney(input: string, defaultCurrency = 'USD'): Money | null {
  const result = readAmount(input, defaultCurrency);
  return result.ok ? result.money : null;
}

/**
 * "12,500.50", "12.500,50", "1.250.000", "12 500", "1'000", "1,5" -> a number. A single dot before
 * exactly three digits is thousands only for a dot-grouping currency that was written; else ambiguous.
 */
function readNumber(
  raw: string,
  currency: string,
  currencyGiven: boolean,
  hasMultiplier: boolean,
): number | null | 'ambiguous' {
  // Spaces and apostrophes group thousands only between digits ("12 500", "1'000'000").
  const text = raw.replace(/(?<=\d)[ '’](?=\d{3}(?!\d))/g, '');
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text) || /[.,]{2}/.test(text)) return null;
  if (/^\d+$/.test(text)) return Number(text);
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const [whole, fraction, ...more] = text.split(decimal);
    if (more.length || !/^\d{1,2}$/.test(fraction ?? '')) return null;
    if (!new RegExp(`^\\d{1,3}(?:\\${group}\\d{3})+$`).test(whole!)) return null;
    return Number(`${whole!.split(group).join('')}.${fraction}`);
  }
  const sep = lastDot >= 0 ? '.' : ',';
  const parts = text.split(sep);
  if (parts.length > 2) {
    // Several separators of one kind: thousands groups ("1.234.567", "1,234,567").
    if (!/^\d{1,3}$/.test(parts[0]!) || !parts.slice(1).every((p) => p.length === 3)) return null;
    return Number(parts.join(''));
  }
  const [whole, fraction] = parts as [string, string];
  if (fraction.length === 3 && !hasMultiplier) {
    if (sep === ',') return whole === '0' ? Number(`0.${fraction}`) : Number(whole + fraction);
    if (whole === '0') return Number(`0.${fraction}`);
    return currencyGiven && DOT_GROUPING.has(currency) ? Number(whole + fraction) : 'ambiguous';
  }
  // Cents have two digits; more only before a multiplier ("1.125M").
  if (fraction.length > 2 && !hasMultiplier) return null;
  return Number(`${whole}.${fraction}`);
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
