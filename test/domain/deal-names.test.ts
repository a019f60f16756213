// The deal a /deal command names is found among the rep's own deals before the rest is read, and
// dates mean what the rep meant (issue 12).
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  foldName,
  parseDealCommand,
  USAGE,
  type DealCommand,
  type ParseContext,
} from '../../src/domain/grammar.js';

// Monday Dec 7, 10:00 in New York.
const NOW = new Date('2026-12-07T15:00:00Z');
const NY = 'America/New_York';
const COMPANIES = [
  'Blue Sky Partners',
  'Blue Nile Imports',
  'Red Rock Mining',
  'Al Noor Trading LLC',
  'Café Lumière SARL',
  'Müller & Söhne GmbH',
  'São Paulo Logística Ltda',
  'Nordic Fjord AS',
  'Nordic Fjord Labs',
  'Nordic',
];

const context = (overrides: Partial<ParseContext> = {}): ParseContext => ({
  now: NOW,
  zone: NY,
  companies: COMPANIES,
  ...overrides,
});

function command(text: string, ctx = context()): DealCommand {
  const result = parseDealCommand(text, ctx);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  return result.command;
}

function failure(text: string, ctx = context()) {
  const result = parseDealCommand(text, ctx);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got: ${JSON.stringify(result.command)}`);
  return result;
}

const ref = (text: string) => ({ text });

describe('a multi-word name, or its start, in every subcommand', () => {
  it('reads the reported cases as meant', () => {
    expect(command('won Blue Sky')).toEqual({ type: 'won', ref: ref('Blue Sky Partners') });
    expect(command('lost Blue Sky no budget')).toEqual({
      type: 'lost',
      ref: ref('Blue Sky Partners'),
      reason: 'no budget',
    });
    expect(command('call Red Rock left message')).toEqual({
      type: 'touch',
      ref: ref('Red Rock Mining'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(command('draft Red Rock checkin')).toEqual({
      type: 'draft',
      ref: ref('Red Rock Mining'),
      kind: 'checkin',
      yearlyValue: null,
    });
    expect(command('commit Al Noor "send the signed LOI" by Dec 18')).toEqual({
      type: 'commit',
      ref: ref('Al Noor Trading LLC'),
      what: 'send the signed LOI',
      dueOn: '2026-12-18',
      overdue: false,
    });
  });

  it.each([
    ['reopen Red Rock', { type: 'reopen', ref: ref('Red Rock Mining') }],
    ['status nordic fjord as', { type: 'status', ref: ref('Nordic Fjord AS') }],
    [
      'note São Paulo customs cleared in Santos',
      { type: 'note', ref: ref('São Paulo Logística Ltda'), text: 'customs cleared in Santos' },
    ],
    ['goal Müller & Söhne cut scrap by 8%', { type: 'goal', ref: ref('Müller & Söhne GmbH'), goal: 'cut scrap by 8%' }],
    ['stage Al Noor Trading proposal', { type: 'stage', ref: ref('Al Noor Trading LLC'), stage: 'proposal' }],
    ['forecast Café Lumière best case', { type: 'forecast', ref: ref('Café Lumière SARL'), forecast: 'best-case' }],
    [
      'value Red Rock Mining 1.250.000 EUR',
      { type: 'value', ref: ref('Red Rock Mining'), amountText: '1.250.000 EUR' },
    ],
    [
      'email Blue Nile sent the revised quote',
      {
        type: 'touch',
        ref: ref('Blue Nile Imports'),
        channel: 'email',
        leftMessage: null,
        note: 'sent the revised quote',
      },
    ],
    [
      'reply Al Noor via meeting they want Arabic invoices',
      {
        type: 'reply',
        ref: ref('Al Noor Trading LLC'),
        channel: 'meeting',
        note: 'they want Arabic invoices',
      },
    ],
    [
      'touch Nordic Fjord AS other LinkedIn message',
      {
        type: 'touch',
        ref: ref('Nordic Fjord AS'),
        channel: 'other',
        leftMessage: null,
        note: 'LinkedIn message',
      },
    ],
    [
      'contact São Paulo "Ana Souza" ana@saopaulolog.com.br',
      {
        type: 'contact',
        ref: ref('São Paulo Logística Ltda'),
        contactName: 'Ana Souza',
        contactEmail: 'ana@saopaulolog.com.br',
      },
    ],
    ['kept Müller', { type: 'kept', ref: ref('Müller & Söhne GmbH') }],
    ['commit Red Rock cancel', { type: 'commit_cancel', ref: ref('Red Rock Mining') }],
  ] as const)('%s', (text, expected) => {
    expect(command(text)).toEqual(expected);
  });

  it('folds accents and case both ways', () => {
    expect(command('won cafe lumiere')).toEqual({ type: 'won', ref: ref('Café Lumière SARL') });
    expect(command('won CAFÉ')).toEqual({ type: 'won', ref: ref('Café Lumière SARL') });
    expect(command('won muller & sohne')).toEqual({ type: 'won', ref: ref('Müller & Söhne GmbH') });
    expect(command('won Sao Paulo Logistica Ltda')).toEqual({ type: 'won', ref: ref('São Paulo Logística Ltda') });
    expect(foldName('  Müller   &  Söhne ')).toBe('muller & sohne');
    expect(foldName('Straße Bjørn')).toBe('strasse bjorn');
  });

  it('lets an exact name win over longer names it starts', () => {
    expect(command('call Nordic lm')).toEqual({
      type: 'touch',
      ref: ref('Nordic'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(command('call Nordic Fjord Labs lm')).toMatchObject({ ref: ref('Nordic Fjord Labs') });
  });

  it('lists the candidates of an ambiguous start, and parses nothing else', () => {
    const blue = failure('won Blue');
    expect(blue.unresolved).toEqual({
      typed: 'Blue',
      reason: 'ambiguous',
      candidates: ['Blue Sky Partners', 'Blue Nile Imports'],
    });
    expect(blue.error).toContain('matches more than one of your deals (Blue Sky Partners, Blue Nile Imports)');
    expect(failure('lost Nordic Fjord went with a competitor').unresolved).toMatchObject({
      typed: 'Nordic Fjord',
      reason: 'ambiguous',
      candidates: ['Nordic Fjord AS', 'Nordic Fjord Labs'],
    });
    expect(failure('draft "Blue" goodbye').unresolved?.reason).toBe('ambiguous');
  });

  it('suggests near misses for a typo', () => {
    expect(failure('won Bleu Sky').unresolved).toMatchObject({ reason: 'unknown', candidates: ['Blue Sky Partners'] });
    expect(failure('won Bleu Sky').error).toContain('Did you mean Blue Sky Partners?');
    expect(failure('call Red Rok left message').unresolved).toEqual({
      typed: 'Red Rok',
      reason: 'unknown',
      candidates: ['Red Rock Mining'],
    });
    expect(failure('lost Blue Sky Partnres went elsewhere').unresolved?.candidates).toEqual(['Blue Sky Partners']);
    // A word that is not a typo of the name's next word is the rest of the command.
    expect(command('lost Blue Sky pricing')).toMatchObject({ ref: ref('Blue Sky Partners'), reason: 'pricing' });
    expect(failure('note Mueller & Sohne call back').unresolved?.candidates).toContain('Müller & Söhne GmbH');
    expect(failure('call Nordik Fjord').unresolved?.candidates).toEqual(expect.arrayContaining(['Nordic Fjord AS']));
    expect(failure('status Initech').error).toContain('`/deal list` shows your deals');
    expect(editDistance('bleu', 'blue')).toBe(1);
  });

  it('accepts the name first', () => {
    expect(command('Red Rock call left message')).toEqual({
      type: 'touch',
      ref: ref('Red Rock Mining'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(command('Blue Sky won')).toEqual({ type: 'won', ref: ref('Blue Sky Partners') });
    expect(command('Al Noor commit "sign the NDA" by Dec 11')).toMatchObject({
      type: 'commit',
      ref: ref('Al Noor Trading LLC'),
    });
    expect(failure('Red Rock').error).toContain('is not a /deal subcommand');
  });

  it('still takes ids as typed', () => {
    expect(command('won #12')).toEqual({ type: 'won', ref: ref('#12') });
    expect(command('lost 12 no budget')).toEqual({ type: 'lost', ref: ref('12'), reason: 'no budget' });
  });

  it('reads a long input only as far as the longest name', () => {
    // As long as a command may be (the 4,000-character cap), parsed many times well within a blink.
    const note = 'word '.repeat(790);
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      expect(command(`note Red Rock ${note}`)).toMatchObject({ type: 'note', ref: ref('Red Rock Mining') });
    }
    expect(performance.now() - started).toBeLessThan(1000);
    // Longer than that is refused before any parsing.
    expect(failure(`note Red Rock ${'word '.repeat(20_000)}`).error).toContain('at most 4,000 characters');
  });
});

describe('names as reps type them (issue 22)', () => {
  const names = [
    "O'Brien Electrical",
    'Ça Va Café',
    'Café Central',
    '株式会社ヤマト運輸',
    'ヤマト倉庫',
    '北京字节跳动科技有限公司',
    'Nguyễn Trading Co.',
    'Müller & Söhne KG',
    '🚀 Rocket Labs',
    'Coca-Cola HBC',
    'ООО Ромашка',
    'S.A. Pereira e Filhos',
  ];
  const ctx = context({ companies: names });
  const named = (text: string) => (command(text, ctx) as { ref: { text: string } }).ref.text;

  it("ignores punctuation: obrien finds O'Brien, cocacola and coca cola find Coca-Cola", () => {
    expect(command('call obrien left message', ctx)).toEqual({
      type: 'touch',
      ref: ref("O'Brien Electrical"),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(named("won O'BRIEN")).toBe("O'Brien Electrical");
    expect(named('status o’brien')).toBe("O'Brien Electrical");
    expect(named('status cocacola')).toBe('Coca-Cola HBC');
    expect(named('status coca cola')).toBe('Coca-Cola HBC');
    expect(named('won muller sohne')).toBe('Müller & Söhne KG');
    expect(named('won nguyen')).toBe('Nguyễn Trading Co.');
  });

  it('finds a multi-word name by any of its words when only one name has it; legal forms are not needed', () => {
    expect(command('note va café bring the tasting menu', ctx)).toEqual({
      type: 'note',
      ref: ref('Ça Va Café'),
      text: 'bring the tasting menu',
    });
    expect(named('status rocket')).toBe('🚀 Rocket Labs');
    expect(named('status pereira')).toBe('S.A. Pereira e Filhos');
    expect(named('status ромашка')).toBe('ООО Ромашка');
    expect(named('status central')).toBe('Café Central');
    expect(named('won "va cafe"')).toBe('Ça Va Café');
  });

  it('lists the candidates when a word is in several names, and guesses nothing', () => {
    const cafe = failure('note cafe bring samples', ctx);
    expect(cafe.unresolved).toEqual({ typed: 'cafe', reason: 'ambiguous', candidates: ['Ça Va Café', 'Café Central'] });
    expect(failure('status ヤマト', ctx).unresolved?.candidates).toEqual(['株式会社ヤマト運輸', 'ヤマト倉庫']);
  });

  it('finds Japanese and Chinese names by any run of 2 characters or more, without the legal form', () => {
    expect(named('status ヤマト運輸')).toBe('株式会社ヤマト運輸');
    expect(named('status 運輸')).toBe('株式会社ヤマト運輸');
    expect(named('call 倉庫 留守電')).toBe('ヤマト倉庫');
    expect(command('call 運輸 left message 不在', ctx)).toMatchObject({ leftMessage: true, note: '不在' });
    expect(named('status 字节跳动')).toBe('北京字节跳动科技有限公司');
    // One character is too little to go by.
    expect(failure('status 運', ctx).unresolved?.reason).toBe('unknown');
  });

  it('does not find a name by letters inside one of its words', () => {
    expect(failure('status rien', ctx).unresolved?.reason).toBe('unknown');
    expect(failure('status ocket', ctx).unresolved?.reason).toBe('unknown');
  });
});

describe('dates as meant', () => {
  it('refuses a promise date already past, and says how to log it overdue', () => {
    const past = failure('commit Blue Sky "sign the MSA" by Dec 3');
    expect(past.error).toContain('Thu, Dec 3 is already past');
    expect(past.error).toContain('`by Dec 3 overdue`');
    expect(past.usage).toBe(USAGE.commit);
    expect(failure('commit Red Rock "send PO" by yesterday').error).toContain('already past');
    expect(failure('commit Red Rock "send PO" by 1970-01-01').error).toContain('Thu, Jan 1, 1970 is already past');
    expect(failure('commit Red Rock "send PO" by Nov 30, 2025').error).toContain('2025 is already past');
  });

  it('records a past promise as overdue when the rep says so', () => {
    expect(command('commit Blue Sky "sign the MSA" by Dec 3 overdue')).toEqual({
      type: 'commit',
      ref: ref('Blue Sky Partners'),
      what: 'sign the MSA',
      dueOn: '2026-12-03',
      overdue: true,
    });
    expect(command('commit Red Rock send PO by Friday Dec 4 (missed)')).toMatchObject({
      dueOn: '2026-12-04',
      overdue: true,
    });
    expect(failure('commit Red Rock "send PO" by Dec 18 overdue').error).toContain('not past yet');
  });

  it('takes a month and day without a year as the nearest one', () => {
    expect(command('commit Red Rock "send PO" by Jan 5')).toMatchObject({ dueOn: '2027-01-05' });
    expect(command('commit Red Rock "send PO" by Dec 7')).toMatchObject({ dueOn: '2026-12-07' });
    expect(command('commit Red Rock "send PO" by 31 December')).toMatchObject({ dueOn: '2026-12-31' });
  });

  it.each(['2026-13-01', '2026-02-30', 'Feb 30', 'April 31', '2027-06-31'])(
    'refuses the impossible date %s',
    (date) => {
      expect(failure(`commit Red Rock "send PO" by ${date}`).error).toContain('is not a real date');
      expect(failure(`snooze Red Rock ${date}`).error).toContain('is not a real date');
    },
  );

  it('refuses a promise more than two years out', () => {
    expect(failure('commit Red Rock "renew" by 2029-01-10').error).toContain('more than 2 years away');
    expect(command('commit Red Rock "renew" by 2028-12-01')).toMatchObject({ dueOn: '2028-12-01' });
  });

  it('refuses a snooze into the past or longer than two years', () => {
    expect(failure('snooze Blue Sky Dec 3').error).toContain('Thu, Dec 3 is already past');
    expect(failure('snooze Blue Sky 2025-06-01').error).toContain('Sun, Jun 1, 2025 is already past');
    expect(failure('snooze Blue Sky 99999y').error).toContain('at most 2 years');
    expect(failure('snooze Blue Sky 30 months').error).toContain('at most 2 years');
    expect(failure('snooze Blue Sky 2030-01-01').error).toContain('at most 2 years');
    expect(command('snooze Blue Sky 2y budget cycle')).toMatchObject({ type: 'snooze', reason: 'budget cycle' });
    expect(command('snooze Blue Sky Jan 4 after the holidays')).toMatchObject({
      until: new Date('2027-01-04T05:00:00Z'),
      reason: 'after the holidays',
    });
  });
});
