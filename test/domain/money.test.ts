import { describe, expect, it } from 'vitest';
import { formatMoney, isCurrencyCode, parseMoney } from '../../src/domain/money.js';

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
    'abc', '', '$', 'k', '-5', '1e3', '.5', '5.', '1.2.3', '12,50', '1,2345', '10 and', '€5 USD', 'lots', '50k dollars', '1e20',
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
