import { describe, expect, it } from 'vitest';
import { formatMoney, isCurrencyCode, parseMoney, readAmount } from '../../src/domain/money.js';

describe('parseMoney', () => {
  it.each([
    ['50k', 5_000_000, 'USD'],
    ['50K', 5_000_000, 'USD'],
    ['$1.2M', 120_000_000, 'USD'],
    ['12,500 EUR', 1_250_000, 'EUR'],
    ['12,500eur', 1_250_000, 'EUR'],
    ['EUR 900', 90_000, 'EUR'],
    ['eur 900', 90_000, 'EUR'],
    ['€3k', 300_000, 'EUR'],
    ['€ 3k', 300_000, 'EUR'],
    ['£2m', 200_000_000, 'GBP'],
    ['C$10', 1_000, 'CAD'],
    ['A$1.5k', 150_000, 'AUD'],
    ['1,000.50', 100_050, 'USD'],
    ['1,234,567', 123_456_700, 'USD'],
    ['5 k', 500_000, 'USD'],
    ['2mm', 200_000_000, 'USD'],
    ['1bn', 100_000_000_000, 'USD'],
    ['$5 USD', 500, 'USD'],
    ['  7k  ', 700_000, 'USD'],
    ['0', 0, 'USD'],
    ['0.29', 29, 'USD'],
  ])('reads %j as %d minor units of %s', (text, minor, currency) => {
    expect(parseMoney(text)).toEqual({ minor, currency });
  });

  it('uses the default currency only when none is written', () => {
    expect(parseMoney('50k', 'EUR')).toEqual({ minor: 5_000_000, currency: 'EUR' });
    expect(parseMoney('$50k', 'EUR')).toEqual({ minor: 5_000_000, currency: 'USD' });
    expect(parseMoney('50k GBP', 'EUR')).toEqual({ minor: 5_000_000, currency: 'GBP' });
  });

  it.each([
    'abc',
    '',
    '$',
    'k',
    '-5',
    '1e3',
    '.5',
    '5.',
    '1.2.3',
    '1,2345',
    '1.2345',
    '10 and',
    '€5 USD',
    'lots',
    '50k dollars',
    '1e20',
  ])('rejects %j', (text) => {
    expect(parseMoney(text)).toBeNull();
  });

  it('rejects absurdly large amounts', () => {
    expect(parseMoney('20000bn')).toBeNull();
    expect(parseMoney('10000bn')).toEqual({ minor: 1e15, currency: 'USD' });
  });
});

describe('isCurrencyCode', () => {
  it('accepts three-letter codes in any case but not common short words', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(true);
    expect(isCurrencyCode('and')).toBe(false);
    expect(isCurrencyCode('VIA')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('E1R')).toBe(false);
  });
});

describe('formatMoney', () => {
  it.each([
    [5_000_000, 'USD', '$50,000'],
    [120_050, 'EUR', '€1,200.50'],
    [99, 'GBP', '£0.99'],
    [0, 'USD', '$0'],
    [120_000_000, 'USD', '$1,200,000'],
  ])('formats %d %s as %j', (minor, currency, expected) => {
    expect(formatMoney(minor, currency)).toBe(expected);
  });

  it('defaults to USD', () => {
    expect(formatMoney(250_000)).toBe('$2,500');
  });

  it('writes codes without a symbol as a prefix', () => {
    expect(formatMoney(1_250_000, 'CHF')?.replace(/\u00a0/g, ' ')).toBe('CHF 12,500');
  });

  it('returns null for no amount', () => {
    expect(formatMoney(null)).toBeNull();
    expect(formatMoney(undefined, 'EUR')).toBeNull();
  });

  it('round-trips what parseMoney reads', () => {
    for (const text of ['50k', '$1.2M', '12,500 EUR', 'EUR 900', '€3k', '1,000.50']) {
      const money = parseMoney(text)!;
      expect(parseMoney(formatMoney(money.minor, money.currency)!.replace(/\u00a0/g, ' '))).toEqual(money);
    }
  });
});

describe('readAmount: one reader for commands, forms and the import', () => {
  it.each([
    ['50.000 EUR', 5_000_000, 'EUR'],
    ['50.000,00 EUR', 5_000_000, 'EUR'],
    ['12.500,00 EUR', 1_250_000, 'EUR'],
    ['1.234.567,89 EUR', 123_456_789, 'EUR'],
    ['€1.234', 123_400, 'EUR'],
    ['12 500 €', 1_250_000, 'EUR'],
    ['12\u00a0500,50\u00a0€', 1_250_050, 'EUR'],
    ['12,50 €', 1_250, 'EUR'],
    ['1,5k', 150_000, 'USD'],
    ['1.250.000', 125_000_000, 'USD'],
    ["CHF 1'000'000", 100_000_000, 'CHF'],
    ['R$ 2.500', 250_000, 'BRL'],
    ['45.000 kr', 4_500_000, 'SEK'],
    ['US$ 3,200', 320_000, 'USD'],
    ['JPY 1,200,000', 120_000_000, 'JPY'],
    ['2,5 Mio', null, null],
  ])('reads %j', (text, minor, currency) => {
    const result = readAmount(text.replace(/\\u00a0/g, '\u00a0'));
    if (minor === null) expect(result.ok).toBe(false);
    else expect(result).toMatchObject({ ok: true, money: { minor, currency } });
  });

  it('asks back for a lone dot before three digits when the currency does not settle it', () => {
    for (const text of ['12.500', '$12.500', '12.500 USD', '£1.250']) {
      const result = readAmount(text);
      expect(result, text).toMatchObject({ ok: false, reason: 'ambiguous' });
      if (!result.ok) expect(result.error).toMatch(/12500|1250|without the dot/);
    }
  });

  it('refuses words that are not ISO 4217 currencies, naming the word', () => {
    const result = readAmount('50000 abc');
    expect(result).toMatchObject({ ok: false, reason: 'currency' });
    if (!result.ok) expect(result.error).toContain('`abc`');
    expect(readAmount('50000 XYZ').ok).toBe(false);
    expect(readAmount('50000 nok')).toMatchObject({ ok: true, money: { currency: 'NOK' } });
  });

  it('refuses two currencies, negatives and absurd sizes with a reason', () => {
    expect(readAmount('€5 USD')).toMatchObject({ ok: false, reason: 'currency' });
    expect(readAmount('-5k')).toMatchObject({ ok: false, reason: 'negative' });
    expect(readAmount('(500)')).toMatchObject({ ok: false, reason: 'negative' });
    expect(readAmount('20000bn')).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('uses the default currency when none is written', () => {
    expect(readAmount('50.000', 'EUR')).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(readAmount('50k', 'EUR')).toEqual({
      ok: true,
      money: { minor: 5_000_000, currency: 'EUR' },
      currencyGiven: false,
    });
  });
});

describe('amounts read the same on every surface', () => {
  const texts = [
    '50k',
    '$1.2M',
    '12,500 EUR',
    '50.000 EUR',
    '12.500,00 EUR',
    '1.234.567,89 EUR',
    '€1.234',
    '12 500 €',
    'EUR 900',
    "CHF 1'000",
  ];

  it('the /deal grammar, the import and the reader agree', async () => {
    const { parseAmount } = await import('../../src/domain/import-mapping.js');
    const { parseDealCommand } = await import('../../src/domain/grammar.js');
    for (const text of texts) {
      const read = readAmount(text);
      expect(read.ok, text).toBe(true);
      expect(parseAmount(text), text).toMatchObject({ ok: true, money: read.ok ? read.money : null });
      const parsed = parseDealCommand(`new Kobayashi Seisakusho value ${text}`, {
        now: new Date('2026-12-07T12:00:00Z'),
        zone: 'UTC',
      });
      expect(parsed.ok && parsed.command.type === 'new' ? parsed.command.value : null, text).toEqual(
        read.ok ? read.money : null,
      );
    }
  });
});
