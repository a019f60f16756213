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
    '50k bitcoins',
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
    ['2,5 Mio', 250_000_000, 'USD'],
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

describe('readAmount: amounts as reps type them', () => {
  it.each([
    // Scales, in English, German, French and Indian usage, any case, with or without a dot or a space.
    ['1,2 Mio', 'EUR', 120_000_000, 'EUR'],
    ['1.2 million', 'USD', 120_000_000, 'USD'],
    ['1,2 Mio. EUR', 'USD', 120_000_000, 'EUR'],
    ['2 Mio €', 'USD', 200_000_000, 'EUR'],
    ['EUR 1,5 Mio.', 'USD', 150_000_000, 'EUR'],
    ['1.5m', 'GBP', 150_000_000, 'GBP'],
    ['2.4mn', 'USD', 240_000_000, 'USD'],
    ['3MM', 'USD', 300_000_000, 'USD'],
    ['3 Mrd', 'CHF', 300_000_000_000, 'CHF'],
    ['1.1bn', 'USD', 110_000_000_000, 'USD'],
    ['2 Md€', 'USD', 200_000_000_000, 'EUR'],
    ['45 Tsd', 'EUR', 4_500_000, 'EUR'],
    ['45 Tsd. €', 'USD', 4_500_000, 'EUR'],
    ['45 TEUR', 'USD', 4_500_000, 'EUR'],
    ['120 T€', 'USD', 12_000_000, 'EUR'],
    ['45 thousand', 'SEK', 4_500_000, 'SEK'],
    ['12 lakh', 'INR', 120_000_000, 'INR'],
    ['1.5 crore', 'INR', 1_500_000_000, 'INR'],
    ['2.5 cr ₹', 'USD', 2_500_000_000, 'INR'],
    // Signs glued to a scale, codes in lower case.
    ['45k€', 'USD', 4_500_000, 'EUR'],
    ['45 k€', 'USD', 4_500_000, 'EUR'],
    ['45keur', 'USD', 4_500_000, 'EUR'],
    ['1.2M€', 'USD', 120_000_000, 'EUR'],
    ['80k chf', 'USD', 8_000_000, 'CHF'],
    ['sek 450k', 'USD', 45_000_000, 'SEK'],
    // Swiss, Brazilian, Indian, Japanese and Nordic formats.
    ["CHF 85'000", 'USD', 8_500_000, 'CHF'],
    ["Fr. 85'000.–", 'USD', 8_500_000, 'CHF'],
    ['85’000 CHF', 'USD', 8_500_000, 'CHF'],
    ['R$ 300.000,00', 'USD', 30_000_000, 'BRL'],
    ['r$ 300.000', 'USD', 30_000_000, 'BRL'],
    ['₹12,50,000', 'USD', 125_000_000, 'INR'],
    ['₹1,25,00,000.50', 'USD', 1_250_000_050, 'INR'],
    ['Rs. 4,50,000', 'USD', 45_000_000, 'INR'],
    ['¥4,500,000', 'USD', 450_000_000, 'JPY'],
    ['JPY 4,500,000', 'EUR', 450_000_000, 'JPY'],
    ['£1,250,000', 'USD', 125_000_000, 'GBP'],
    ['45.000 kr', 'DKK', 4_500_000, 'DKK'],
    ['kr 450 000', 'NOK', 45_000_000, 'NOK'],
    ['350 000 SEK', 'USD', 35_000_000, 'SEK'],
    ['DKK 1.250.000,00', 'USD', 125_000_000, 'DKK'],
    // German "no cents" dash: the comma is the decimal, so the dot groups thousands.
    ['12.500,- €', 'USD', 1_250_000, 'EUR'],
    ['12.500,-', 'EUR', 1_250_000, 'EUR'],
    // Words for currencies.
    ['45k euros', 'USD', 4_500_000, 'EUR'],
    ['1.2 million dollars', 'USD', 120_000_000, 'USD'],
    ['300k reais', 'USD', 30_000_000, 'BRL'],
  ])('reads %j (default %s)', (text, defaultCurrency, minor, currency) => {
    expect(readAmount(text, defaultCurrency)).toMatchObject({ ok: true, money: { minor, currency } });
  });

  it('reads a sign several currencies share as the team currency when it is one of them', () => {
    expect(readAmount('$45k', 'CAD')).toEqual({
      ok: true,
      money: { minor: 4_500_000, currency: 'CAD' },
      currencyGiven: true,
      sharedSymbol: '$',
    });
    expect(readAmount('45.000 kr', 'NOK')).toMatchObject({ ok: true, money: { currency: 'NOK' }, sharedSymbol: 'kr' });
    expect(readAmount('¥300k', 'CNY')).toMatchObject({ ok: true, money: { currency: 'CNY' } });
    // Elsewhere it is the first of them, as before; a code written with it decides.
    expect(readAmount('$45k', 'EUR')).toEqual({
      ok: true,
      money: { minor: 4_500_000, currency: 'USD' },
      currencyGiven: true,
    });
    expect(readAmount('$5k AUD', 'EUR')).toMatchObject({ ok: true, money: { currency: 'AUD' } });
    expect(readAmount('$5k EUR', 'EUR')).toMatchObject({ ok: false, reason: 'currency' });
  });

  it('asks back a lone separator before three digits on any deal unless a written currency settles it', () => {
    // Bare: "12.500" is asked on every deal, whatever its currency; "12,500" where the currency writes commas
    // as decimals (EUR, BRL, DKK, ...).
    for (const [text, currency] of [
      ['12.500', 'EUR'],
      ['12.500', 'USD'],
      ['1.500', 'CHF'],
      ['1.500', 'JPY'],
      ['12,500', 'EUR'],
      ['300,000', 'BRL'],
      ['45,000', 'DKK'],
    ] as const) {
      expect(readAmount(text, currency), `${text} on ${currency}`).toMatchObject({ ok: false, reason: 'ambiguous' });
    }
    // Where the currency writes commas for thousands, a bare comma is thousands.
    expect(readAmount('12,500', 'USD')).toMatchObject({ ok: true, money: { minor: 1_250_000 } });
    expect(readAmount('85,000', 'CHF')).toMatchObject({ ok: true, money: { minor: 8_500_000, currency: 'CHF' } });
    expect(readAmount('12,500', 'INR')).toMatchObject({ ok: true, money: { minor: 1_250_000 } });
    // A written currency that groups with a dot settles it; a written one settles a comma.
    expect(readAmount('12.500 EUR', 'USD')).toMatchObject({ ok: true, money: { minor: 1_250_000, currency: 'EUR' } });
    expect(readAmount('12,500 EUR', 'EUR')).toMatchObject({ ok: true, money: { minor: 1_250_000 } });
    expect(readAmount('12.500 USD', 'USD')).toMatchObject({ ok: false, reason: 'ambiguous' });
    // Several groups, or both separators, read one way only.
    expect(readAmount('1.250.000', 'EUR')).toMatchObject({ ok: true, money: { minor: 125_000_000 } });
    expect(readAmount('12.500,00', 'USD')).toMatchObject({ ok: true, money: { minor: 1_250_000 } });
    expect(readAmount('12,500.00', 'EUR')).toMatchObject({ ok: true, money: { minor: 1_250_000 } });
  });

  it('asks back with both readings, in the currency, and a form of each that reads one way', () => {
    const result = readAmount('12.500', 'EUR');
    expect(result).toEqual({
      ok: false,
      reason: 'ambiguous',
      error: '`12.500` could mean €12,500 or €12.50. Write `12500` for €12,500, or `12.50` for €12.50.',
      readings: [
        { minor: 1_250_000, currency: 'EUR' },
        { minor: 1_250, currency: 'EUR' },
      ],
      forms: ['12500', '12.50'],
    });
    for (const form of (result as { forms: string[] }).forms) expect(readAmount(form, 'EUR').ok).toBe(true);
    const comma = readAmount('300,000', 'BRL');
    expect(comma).toMatchObject({ forms: ['300000', '300,00'] });
    if (!comma.ok) expect(comma.error).toContain('R$300,000 or R$300');
    // A written currency stays in the forms, so they read in it whatever the default.
    expect(readAmount('$12.500', 'EUR')).toMatchObject({ forms: ['12500 USD', '12.50 USD'] });
  });

  it('refuses what reads two ways or not at all, saying how to write it', () => {
    const mil = readAmount('300 mil', 'BRL');
    expect(mil).toMatchObject({ ok: false });
    if (!mil.ok) expect(mil.error).toMatch(/thousand.*million.*300k/);
    expect(readAmount('45 bitcoins')).toMatchObject({ ok: false, error: expect.stringContaining('`bitcoins`') });
    expect(readAmount('1,2 Mio k')).toMatchObject({ ok: false });
    expect(readAmount('€5 CHF')).toMatchObject({ ok: false, reason: 'currency' });
    expect(readAmount('12.500,50.00')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(readAmount('12,5,00')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('reads back every amount formatMoney shows, in every currency Intl knows', () => {
    for (const currency of Intl.supportedValuesOf('currency')) {
      for (const minor of [99, 1_250_050, 4_500_000_00, 123_456_789]) {
        const shown = formatMoney(minor, currency)!.replace(/\u00a0/g, ' ');
        expect(readAmount(shown, 'USD'), `${shown} (${currency})`).toMatchObject({
          ok: true,
          money: { minor, currency },
        });
      }
    }
  });
});

describe('sums per currency', () => {
  it('shows each currency on its own, the team currency first, never converted and never "$0"', async () => {
    const { formatTotals, formatChanges, addMoney } = await import('../../src/domain/money.js');
    const sums = {};
    addMoney(sums, 'EUR', 2_000_000);
    addMoney(sums, 'BRL', 30_000_000);
    addMoney(sums, 'CHF', 8_500_000);
    addMoney(sums, 'EUR', null);
    expect(formatTotals(sums, 'EUR')?.replace(/\u00a0/g, ' ')).toBe('€20,000 + R$300,000 + CHF 85,000');
    expect(formatTotals(sums, 'CHF')?.replace(/\u00a0/g, ' ')).toBe('CHF 85,000 + R$300,000 + €20,000');
    expect(formatTotals({})).toBeNull();
    expect(formatChanges({ EUR: 2_000_000, CHF: -500_000, BRL: 0 }, 'EUR')?.replace(/\u00a0/g, ' ')).toBe(
      '+€20,000, −CHF 5,000',
    );
    expect(formatChanges({ EUR: 0 })).toBeNull();
  });
});

describe('/deal new reads the amounts reps type, in the team currency', () => {
  const parse = async (text: string, defaultCurrency?: string) => {
    const { parseDealCommand } = await import('../../src/domain/grammar.js');
    return parseDealCommand(text, { now: new Date('2026-12-07T12:00:00Z'), zone: 'UTC', defaultCurrency });
  };

  it.each([
    ['value 1,2 Mio. EUR stage proposal', 'USD', 120_000_000, 'EUR', '1,2 Mio. EUR'],
    ['value 2 Mio € forecast commit', 'USD', 200_000_000, 'EUR', '2 Mio €'],
    ['value 1.2 million', 'GBP', 120_000_000, 'GBP', '1.2 million'],
    ['value R$ 300.000,00 contact "Ana Lima"', 'USD', 30_000_000, 'BRL', 'R$ 300.000,00'],
    ["value CHF 85'000", 'EUR', 8_500_000, 'CHF', "CHF 85'000"],
    ['value ₹12,50,000', 'USD', 125_000_000, 'INR', '₹12,50,000'],
    ['value 12 lakh', 'INR', 120_000_000, 'INR', '12 lakh'],
    ['value ¥4,500,000', 'USD', 450_000_000, 'JPY', '¥4,500,000'],
    ['value 45k€', 'USD', 4_500_000, 'EUR', '45k€'],
    ['value 45k', 'EUR', 4_500_000, 'EUR', '45k'],
    ['value 45k', undefined, 4_500_000, 'USD', '45k'],
    ['value 450 000 kr stage demo', 'SEK', 45_000_000, 'SEK', '450 000 kr'],
    ['value 45 TEUR', 'USD', 4_500_000, 'EUR', '45 TEUR'],
  ])('new Nordlicht Logistik GmbH %s (team %s)', async (options, team, minor, currency, typed) => {
    const parsed = await parse(`new Nordlicht Logistik GmbH ${options}`, team);
    expect(parsed).toMatchObject({ ok: true, command: { type: 'new', value: { minor, currency } }, amountText: typed });
  });

  it('asks back an ambiguous amount with both readings, and refuses an unclear scale by name', async () => {
    const eur = await parse('new Kaffeerösterei Müller value 12.500 stage demo', 'EUR');
    expect(eur).toMatchObject({ ok: false, error: expect.stringContaining('€12,500 or €12.50') });
    const comma = await parse('new Kaffeerösterei Müller value 12,500', 'EUR');
    expect(comma).toMatchObject({ ok: false, error: expect.stringContaining('€12,500 or €12.50') });
    const usd = await parse('new Acme value 1.500', 'USD');
    expect(usd).toMatchObject({ ok: false, error: expect.stringContaining('$1,500 or $1.50') });
    const mil = await parse('new Construtora Paulista value 300 mil', 'BRL');
    expect(mil).toMatchObject({ ok: false, error: expect.stringContaining('`mil`') });
  });

  it('leaves a draft’s bare yearly value to be read in the deal’s currency', async () => {
    const parsed = await parse('draft Acme roi 12.500', 'EUR');
    expect(parsed).toMatchObject({
      ok: true,
      command: { type: 'draft', kind: 'roi', yearlyValue: null },
      amountText: '12.500',
    });
    expect(await parse('draft Acme roi lots', 'EUR')).toMatchObject({ ok: false });
  });
});
