// Amounts as reps type them: 50k, $1.2M, 12,500 EUR, €3k, EUR 900. Stored in minor units.

export interface Money {
  minor: number;
  currency: string;
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', 'C$': 'CAD', 'A$': 'AUD' };
const MULTIPLIERS: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };
const CODE = /^[A-Z]{3}$/;

/** True when a word looks like an ISO currency code (EUR, usd). */
export function isCurrencyCode(word: string): boolean {
  return CODE.test(word.toUpperCase()) && !['AND', 'THE', 'FOR', 'VIA'].includes(word.toUpperCase());
}

/** Parses "50k", "$1.2M", "12,500 EUR", "EUR 12,500", "€3k". Returns null when it is not an amount. */
export function parseMoney(input: string, defaultCurrency = 'USD'): Money | null {
  let text = input.trim().replace(/\s+/g, ' ');
  let currency: string | null = null;
  const codeBefore = text.match(/^([A-Za-z]{3}) (.+)$/);
  const codeAfter = text.match(/^(.+?) ?([A-Za-z]{3})$/);
  if (codeBefore && isCurrencyCode(codeBefore[1]!)) {
    currency = codeBefore[1]!.toUpperCase();
    text = codeBefore[2]!;
  } else if (codeAfter && isCurrencyCode(codeAfter[2]!) && /\d/.test(codeAfter[1]!)) {
    currency = codeAfter[2]!.toUpperCase();
    text = codeAfter[1]!;
  }
  for (const [symbol, code] of Object.entries(SYMBOLS).sort((a, b) => b[0].length - a[0].length)) {
    if (text.startsWith(symbol)) {
      if (currency && currency !== code) return null;
      currency = code;
      text = text.slice(symbol.length).trim();
      break;
    }
  }
  const match = text.match(/^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s?(k|m|mm|b|bn)?$/i);
  if (!match) return null;
  const whole = match[1]!.replace(/,/g, '');
  const fraction = match[2] ?? '';
  const multiplier = match[3] ? MULTIPLIERS[match[3].toLowerCase()]! : 1;
  const amount = Number(`${whole}.${fraction || '0'}`) * multiplier;
  if (!Number.isFinite(amount) || amount < 0 || amount > 1e13) return null;
  return { minor: Math.round(amount * 100), currency: currency ?? defaultCurrency };
}

/** "$50,000", "€1,200.50", "12,500 CHF". */
// Building an Intl.NumberFormat costs far more than using one: keep one per currency and precision.
const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string, digits: number): Intl.NumberFormat | null {
  const key = `${currency}:${digits}`;
  if (!formatters.has(key)) {
    let formatter: Intl.NumberFormat | null;
    try {
      formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: 2 });
    } catch {
      formatter = null; // not an ISO currency Intl knows
    }
    formatters.set(key, formatter);
  }
  return formatters.get(key)!;
}

export function formatMoney(minor: number | null | undefined, currency = 'USD'): string | null {
  if (minor === null || minor === undefined) return null;
  const amount = minor / 100;
  const formatter = formatterFor(currency, Number.isInteger(amount) ? 0 : 2);
  return formatter ? formatter.format(amount) : `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;
}
