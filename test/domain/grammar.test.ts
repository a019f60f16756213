import { describe, expect, it } from 'vitest';
import {
  USAGE,
  parseChannel,
  parseDealCommand,
  parseForecast,
  parseStage,
  resolveDealRef,
  tokenize,
  type DealCommand,
  type ParseContext,
} from '../../src/domain/grammar.js';

// Friday 18:30 in New York, already Saturday 08:30 in Tokyo.
const NOW = new Date('2026-11-20T23:30:00Z');
const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const COMPANIES = ['Acme', 'Acme Corp', 'Blue Sky Labs', "O'Reilly Media"];

function context(zone = NY, overrides: Partial<ParseContext> = {}): ParseContext {
  return { now: NOW, zone, companies: COMPANIES, ...overrides };
}

/** The parsed command; fails the test with the parser's error when it did not parse. */
function command(text: string, ctx: ParseContext = context()): DealCommand {
  const result = parseDealCommand(text, ctx);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  return result.command;
}

/** The parser's error and usage; fails the test when the text parsed. */
function failure(text: string, ctx: ParseContext = context()): { error: string; usage: string } {
  const result = parseDealCommand(text, ctx);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got: ${JSON.stringify(result.command)}`);
  return { error: result.error, usage: result.usage };
}

const ref = (text: string) => ({ text });
const usd = (minor: number) => ({ minor, currency: 'USD' });

describe('tokenize', () => {
  it('splits on whitespace and keeps quoted text together, with offsets', () => {
    expect(tokenize('new  Acme contact "Bob Lee" value 50k')).toEqual([
      { text: 'new', quoted: false, start: 0, end: 3 },
      { text: 'Acme', quoted: false, start: 5, end: 9 },
      { text: 'contact', quoted: false, start: 10, end: 17 },
      { text: 'Bob Lee', quoted: true, start: 18, end: 27 },
      { text: 'value', quoted: false, start: 28, end: 33 },
      { text: '50k', quoted: false, start: 34, end: 37 },
    ]);
  });

  it('keeps an empty quoted string as a token', () => {
    expect(tokenize('note ""')).toEqual([
      { text: 'note', quoted: false, start: 0, end: 4 },
      { text: '', quoted: true, start: 5, end: 7 },
    ]);
  });

  it('returns an error for an unclosed quote', () => {
    expect(tokenize('note "half')).toEqual({ error: expect.stringContaining('not closed') });
  });

  it('returns nothing for blank input', () => {
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('parseStage, parseForecast, parseChannel', () => {
  it.each([
    ['prospecting', 'prospecting'],
    ['lead', 'prospecting'],
    ['Qualified', 'qualified'],
    ['discovery', 'qualified'],
    ['demo', 'demo'],
    ['DEMO', 'demo'],
    ['proposal', 'proposal'],
    ['quote', 'proposal'],
    ['negotiation', 'negotiation'],
    ['contract', 'negotiation'],
    ['verbal', 'verbal'],
    ['verbal yes', 'verbal'],
    ['verbal-yes', 'verbal'],
  ])('stage %j is %s', (word, stage) => {
    expect(parseStage(word)).toBe(stage);
  });

  it.each(['closed', 'won', '', 'demos'])('stage %j is not a stage', (word) => {
    expect(parseStage(word)).toBeNull();
  });

  it.each([
    ['pipeline', 'pipeline'],
    ['best-case', 'best-case'],
    ['best case', 'best-case'],
    ['Best_Case', 'best-case'],
    ['bestcase', 'best-case'],
    ['best', 'best-case'],
    ['commit', 'commit'],
    ['COMMIT', 'commit'],
  ])('forecast %j is %s', (word, forecast) => {
    expect(parseForecast(word)).toBe(forecast);
  });

  it.each(['omitted', 'maybe', '', 'upside'])('forecast %j is not a category a rep can set', (word) => {
    expect(parseForecast(word)).toBeNull();
  });

  it.each([
    ['call', 'call'],
    ['phone', 'call'],
    ['voicemail', 'voicemail'],
    ['vm', 'voicemail'],
    ['email', 'email'],
    ['mail', 'email'],
    ['meeting', 'meeting'],
    ['other', 'other'],
    ['linkedin', 'other'],
    ['SMS', 'other'],
    ['text', 'other'],
  ])('channel %j is %s', (word, channel) => {
    expect(parseChannel(word)).toBe(channel);
  });

  it.each(['pigeon', '', 'fax'])('channel %j is not a channel', (word) => {
    expect(parseChannel(word)).toBeNull();
  });
});

describe('parseDealCommand: no arguments, help, list', () => {
  it('opens the modal for an empty command', () => {
    expect(command('')).toEqual({ type: 'modal' });
    expect(command('   ')).toEqual({ type: 'modal' });
  });

  it('parses help with and without a topic', () => {
    expect(command('help')).toEqual({ type: 'help', topic: null });
    expect(command('?')).toEqual({ type: 'help', topic: null });
    expect(command('help commit')).toEqual({ type: 'help', topic: 'commit' });
    expect(command('HELP Snooze')).toEqual({ type: 'help', topic: 'snooze' });
    expect(command('help nonsense')).toEqual({ type: 'help', topic: null });
  });

  it('parses list', () => {
    expect(command('list')).toEqual({ type: 'list' });
    expect(command('ls')).toEqual({ type: 'list' });
  });

  it('rejects an unknown subcommand, naming it and listing the real ones', () => {
    const { error, usage } = failure('frobnicate Acme');
    expect(error).toContain('`frobnicate` is not a /deal subcommand');
    for (const sub of ['new', 'call', 'reply', 'commit', 'snooze']) expect(error).toContain(sub);
    expect(usage).toBe(USAGE.help);
  });

  it('has a usage line for every subcommand of the grammar', () => {
    for (const sub of [
      'new',
      'call',
      'email',
      'voicemail',
      'meeting',
      'touch',
      'reply',
      'commit',
      'stage',
      'value',
      'forecast',
      'contact',
      'goal',
      'won',
      'lost',
      'snooze',
      'note',
      'status',
      'list',
      'help',
    ]) {
      expect(USAGE[sub], sub).toMatch(new RegExp(`^/deal ${sub}\\b`));
    }
  });
});

describe('parseDealCommand: new with greet, as the form has it', () => {
  it('takes greet like the form, quoted or up to the next option', () => {
    expect(command('new Nordlicht Logistik GmbH contact "Ingrid Sæther" greet "Frau Sæther" value 45k')).toMatchObject({
      type: 'new',
      company: 'Nordlicht Logistik GmbH',
      contactName: 'Ingrid Sæther',
      greetAs: 'Frau Sæther',
    });
    expect(command('new 株式会社ヤマト運輸 greet Tanaka-san stage demo')).toMatchObject({
      greetAs: 'Tanaka-san',
      stage: 'demo',
    });
    expect(failure('new Acme greet "…"').error).toContain('Say how drafts should greet them');
    expect(USAGE.new).toContain('[greet "<how drafts greet them>"]');
  });
});

describe('parseDealCommand: new', () => {
  const blank = {
    type: 'new',
    contactName: null,
    contactEmail: null,
    value: null,
    stage: null,
    forecast: null,
    goal: null,
  };

  it('needs only the company', () => {
    expect(command('new Acme')).toEqual({ ...blank, company: 'Acme' });
    expect(command('add Acme')).toEqual({ ...blank, company: 'Acme' });
  });

  it('parses every option', () => {
    expect(
      command(
        'new Blue Sky Labs contact "Bob Lee" email bob@bluesky.io value 50k stage demo forecast best-case goal "cut churn by a third"',
      ),
    ).toEqual({
      type: 'new',
      company: 'Blue Sky Labs',
      contactName: 'Bob Lee',
      contactEmail: 'bob@bluesky.io',
      value: usd(5_000_000),
      stage: 'demo',
      forecast: 'best-case',
      goal: 'cut churn by a third',
    });
  });

  it('takes options in any order', () => {
    expect(command('new Acme forecast commit stage verbal value $1.2M')).toEqual({
      ...blank,
      company: 'Acme',
      value: usd(120_000_000),
      stage: 'verbal',
      forecast: 'commit',
    });
  });

  it('runs an unquoted multi-word company name until the first option keyword', () => {
    expect(command('new Northwind Traders Ltd value 10k')).toEqual({
      ...blank,
      company: 'Northwind Traders Ltd',
      value: usd(1_000_000),
    });
    // A company whose first word is a keyword is still a company.
    expect(command('new Contact Energy value 10k')).toEqual({
      ...blank,
      company: 'Contact Energy',
      value: usd(1_000_000),
    });
  });

  it('accepts a quoted company name', () => {
    expect(command('new "Acme, Inc." value 10k')).toEqual({ ...blank, company: 'Acme, Inc.', value: usd(1_000_000) });
  });

  it('reads unquoted contact and goal up to the next keyword', () => {
    expect(command('new Acme contact Bob Lee goal cut churn by half stage demo')).toEqual({
      ...blank,
      company: 'Acme',
      contactName: 'Bob Lee',
      goal: 'cut churn by half',
      stage: 'demo',
    });
  });

  it.each([
    ['50k', usd(5_000_000)],
    ['$1.2M', usd(120_000_000)],
    ['12,500 EUR', { minor: 1_250_000, currency: 'EUR' }],
    ['EUR 900', { minor: 90_000, currency: 'EUR' }],
    ['€3k', { minor: 300_000, currency: 'EUR' }],
    ['50k usd', usd(5_000_000)],
  ])('reads the amount %j', (amount, value) => {
    expect(command(`new Acme value ${amount} stage demo`)).toEqual({ ...blank, company: 'Acme', value, stage: 'demo' });
  });

  it('treats curly quotes like straight ones', () => {
    expect(command('new “Acme, Inc.” contact “Bob Lee” goal “ship before Q3”')).toEqual({
      ...blank,
      company: 'Acme, Inc.',
      contactName: 'Bob Lee',
      goal: 'ship before Q3',
    });
  });

  it('unwraps emails Slack turned into mailto links', () => {
    expect(command('new Acme email <mailto:bob@acme.com|bob@acme.com>')).toEqual({
      ...blank,
      company: 'Acme',
      contactEmail: 'bob@acme.com',
    });
    expect(command('new Acme email <mailto:bob@acme.com>')).toEqual({
      ...blank,
      company: 'Acme',
      contactEmail: 'bob@acme.com',
    });
  });

  it('needs a company', () => {
    expect(failure('new')).toEqual({ error: expect.stringContaining('Name the company'), usage: USAGE.new });
  });

  it('rejects a bad amount', () => {
    expect(failure('new Acme value lots')).toEqual({
      error: expect.stringContaining('`lots` is not an amount'),
      usage: USAGE.new,
    });
  });

  it('rejects a bad stage', () => {
    const { error, usage } = failure('new Acme stage closed');
    expect(error).toContain('`closed` is not a stage');
    expect(error).toContain('prospecting, qualified, demo, proposal, negotiation, verbal');
    expect(usage).toBe(USAGE.new);
  });

  it('rejects a bad forecast', () => {
    expect(failure('new Acme forecast maybe')).toEqual({
      error: expect.stringContaining('`maybe` is not a forecast category'),
      usage: USAGE.new,
    });
    expect(failure('new Acme forecast omitted').error).toContain('`omitted` is not a forecast category');
  });

  it('rejects a bad email', () => {
    expect(failure('new Acme email bob')).toEqual({
      error: expect.stringContaining('`bob` is not an email address'),
      usage: USAGE.new,
    });
    expect(failure('new Acme email bob@acme').error).toContain('`bob@acme` is not an email address');
  });

  it('rejects an option given twice', () => {
    expect(failure('new Acme value 5k value 6k')).toEqual({ error: '`value` is given twice.', usage: USAGE.new });
    expect(failure('new Acme contact Bob contact Al').error).toBe('`contact` is given twice.');
  });

  it('rejects an option with no value after it', () => {
    expect(failure('new Acme value')).toEqual({ error: '`value` needs a value after it.', usage: USAGE.new });
    expect(failure('new Acme stage demo goal').error).toBe('`goal` needs a value after it.');
    // The next keyword is not the value: `stage demo` must not become the contact's name.
    expect(failure('new Acme contact stage demo').error).toBe('`contact` needs a value after it.');
    expect(failure('new Acme goal value 5k').error).toBe('`goal` needs a value after it.');
  });

  it('rejects words that are not options after the options start', () => {
    expect(failure('new Acme stage demo soon')).toEqual({
      error: '`soon` is not an option of /deal new.',
      usage: USAGE.new,
    });
    expect(failure('new Acme contact "Bob" "Lee"').error).toBe('`Lee` is not an option of /deal new.');
  });

  it('rejects an unclosed quote with the usage of the subcommand', () => {
    expect(failure('new Acme contact "Bob Lee')).toEqual({
      error: expect.stringContaining('quote is not closed'),
      usage: USAGE.new,
    });
    expect(failure('new Acme contact “Bob Lee').usage).toBe(USAGE.new);
  });
});

describe('parseDealCommand: outbound touches', () => {
  it('parses a bare call', () => {
    expect(command('call Acme')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage: null,
      note: null,
    });
  });

  it('reads left message / no message as reps type them: with a comma, a dash or an article after', () => {
    const call = (leftMessage: boolean, note: string | null) => ({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage,
      note,
    });
    expect(command('call Acme left message, asked about the pilot')).toEqual(call(true, 'asked about the pilot'));
    expect(command('call Acme left a message - asked about the pilot')).toEqual(call(true, 'asked about the pilot'));
    expect(command('call Acme no msg.')).toEqual(call(false, null));
    expect(command('call Acme lm: call back Tuesday')).toEqual(call(true, 'call back Tuesday'));
    expect(command('reply Acme via email, they want the pilot')).toMatchObject({
      channel: 'email',
      note: 'they want the pilot',
    });
    expect(command('touch Acme linkedin: sent a note')).toMatchObject({ channel: 'other', note: 'sent a note' });
  });

  it('parses left message / no message and the note after it', () => {
    expect(command('call Acme left message asked about budget')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage: true,
      note: 'asked about budget',
    });
    expect(command('call Acme no message')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage: false,
      note: null,
    });
    expect(command('call Acme lm')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(command('call Acme talked 10 min, send deck')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage: null,
      note: 'talked 10 min, send deck',
    });
  });

  it('parses email, voicemail and meeting', () => {
    expect(command('email Acme sent pricing')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'email',
      leftMessage: null,
      note: 'sent pricing',
    });
    expect(command('voicemail Acme')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'voicemail',
      leftMessage: true,
      note: null,
    });
    expect(command('meeting Acme demo went well')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'meeting',
      leftMessage: null,
      note: 'demo went well',
    });
  });

  it('parses touch with a channel and its aliases', () => {
    expect(command('touch Acme linkedin DM sent')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'other',
      leftMessage: null,
      note: 'DM sent',
    });
    expect(command('touch #12 vm')).toEqual({
      type: 'touch',
      ref: ref('#12'),
      channel: 'voicemail',
      leftMessage: true,
      note: null,
    });
    expect(command('touch 12 phone')).toEqual({
      type: 'touch',
      ref: ref('12'),
      channel: 'call',
      leftMessage: null,
      note: null,
    });
  });

  it('rejects touch without a channel or with a bad one', () => {
    expect(failure('touch Acme')).toEqual({
      error: expect.stringContaining('Say how you reached out'),
      usage: USAGE.touch,
    });
    const { error, usage } = failure('touch Acme pigeon');
    expect(error).toContain('`pigeon` is not a channel');
    expect(error).toContain('call, voicemail, email, meeting, other');
    expect(usage).toBe(USAGE.touch);
  });

  it('keeps a note that is entirely quoted without its quotes', () => {
    expect(command('email Acme “sent the deck” Tuesday')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'email',
      leftMessage: null,
      note: '"sent the deck" Tuesday',
    });
    expect(command('email Acme “sent the deck”')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'email',
      leftMessage: null,
      note: 'sent the deck',
    });
  });
});

describe('parseDealCommand: naming the deal', () => {
  it('matches multi-word company names without quotes, case-insensitively, longest first', () => {
    expect(command('call blue sky labs left message')).toEqual({
      type: 'touch',
      ref: ref('Blue Sky Labs'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(command('call Acme Corp lm')).toEqual({
      type: 'touch',
      ref: ref('Acme Corp'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
    expect(command('call Acme lm')).toEqual({
      type: 'touch',
      ref: ref('Acme'),
      channel: 'call',
      leftMessage: true,
      note: null,
    });
  });

  it('takes a quoted name, curly or straight', () => {
    expect(command('meeting "Blue Sky" demo done')).toEqual({
      type: 'touch',
      ref: ref('Blue Sky Labs'),
      channel: 'meeting',
      leftMessage: null,
      note: 'demo done',
    });
    expect(command('meeting “Blue Sky” demo done')).toEqual({
      type: 'touch',
      ref: ref('Blue Sky Labs'),
      channel: 'meeting',
      leftMessage: null,
      note: 'demo done',
    });
    // Without the rep's names (a parse with no deals known) the quoted text is taken as typed.
    expect(command('meeting "Blue Sky" demo done', context(NY, { companies: undefined }))).toMatchObject({
      ref: ref('Blue Sky'),
    });
  });

  it('turns curly apostrophes into straight ones', () => {
    expect(command('status O’Reilly Media')).toEqual({ type: 'status', ref: ref("O'Reilly Media") });
  });

  it("takes the first word as typed only when the rep's names are not known", () => {
    expect(command('call Blue Sky Labs', context(NY, { companies: undefined }))).toEqual({
      type: 'touch',
      ref: ref('Blue'),
      channel: 'call',
      leftMessage: null,
      note: 'Sky Labs',
    });
  });

  it("refuses a name that is none of the rep's deals before reading the rest", () => {
    const result = parseDealCommand('call Glob left message', context());
    expect(result).toMatchObject({ ok: false, unresolved: { typed: 'Glob', reason: 'unknown', candidates: [] } });
    expect(failure('call Blue Sky Labs', context(NY, { companies: [] })).error).toContain(
      'You have no deal called `Blue`',
    );
  });

  it('accepts ids', () => {
    expect(command('won 12')).toEqual({ type: 'won', ref: ref('12') });
    expect(command('won #12')).toEqual({ type: 'won', ref: ref('#12') });
  });

  it.each([
    'call',
    'email',
    'voicemail',
    'meeting',
    'touch',
    'reply',
    'commit',
    'stage',
    'value',
    'forecast',
    'contact',
    'goal',
    'won',
    'lost',
    'snooze',
    'note',
    'status',
    'draft',
  ])('%s without a deal names what is missing and shows its usage', (sub) => {
    expect(failure(sub)).toEqual({ error: expect.stringContaining('Name the deal'), usage: USAGE[sub] });
  });

  it('treats an empty quoted name as no deal', () => {
    for (const sub of ['call', 'won', 'note', 'snooze']) {
      expect(failure(`${sub} ""`)).toEqual({ error: expect.stringContaining('Name the deal'), usage: USAGE[sub] });
      expect(failure(`${sub} “ ” later`)).toEqual({
        error: expect.stringContaining('Name the deal'),
        usage: USAGE[sub],
      });
    }
  });
});

describe('parseDealCommand: reply', () => {
  it('parses a bare reply', () => {
    expect(command('reply Acme')).toEqual({ type: 'reply', ref: ref('Acme'), channel: null, note: null });
  });

  it('parses via <channel> and the note', () => {
    expect(command('reply Acme via email said yes to a call')).toEqual({
      type: 'reply',
      ref: ref('Acme'),
      channel: 'email',
      note: 'said yes to a call',
    });
    expect(command('reply Blue Sky Labs via phone')).toEqual({
      type: 'reply',
      ref: ref('Blue Sky Labs'),
      channel: 'call',
      note: null,
    });
  });

  it('keeps a note without via', () => {
    expect(command('reply Acme loved the demo')).toEqual({
      type: 'reply',
      ref: ref('Acme'),
      channel: null,
      note: 'loved the demo',
    });
  });

  it('rejects via without a channel or with a bad one', () => {
    expect(failure('reply Acme via')).toEqual({
      error: expect.stringContaining('After `via`, name a channel'),
      usage: USAGE.reply,
    });
    const { error, usage } = failure('reply Acme via pigeon');
    expect(error).toContain('`pigeon` is not a channel');
    expect(usage).toBe(USAGE.reply);
  });
});

describe('parseDealCommand: commit', () => {
  it('parses a quoted promise and a natural date', () => {
    expect(command('commit Acme "send the signed order form" by Dec 3')).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'send the signed order form',
      dueOn: '2026-12-03',
      overdue: false,
    });
  });

  it('accepts an unquoted promise, curly quotes and ISO dates', () => {
    expect(command('commit Acme send PO by next tuesday')).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'send PO',
      dueOn: '2026-11-24',
      overdue: false,
    });
    expect(command('commit Blue Sky Labs “intro to the CFO” by 2026-12-01')).toEqual({
      type: 'commit',
      ref: ref('Blue Sky Labs'),
      what: 'intro to the CFO',
      dueOn: '2026-12-01',
      overdue: false,
    });
    expect(command('commit Acme "review" by in 2 weeks.')).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'review',
      dueOn: '2026-12-04',
      overdue: false,
    });
  });

  it('splits on the last `by` outside the quotes', () => {
    expect(command('commit Acme "pay by card" by friday')).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'pay by card',
      dueOn: '2026-11-20',
      overdue: false,
    });
    expect(command('commit Acme decide by committee by Dec 3')).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'decide by committee',
      dueOn: '2026-12-03',
      overdue: false,
    });
  });

  it.each([
    // Friday evening in New York, Saturday morning in Tokyo.
    ['tomorrow', '2026-11-21', '2026-11-22'],
    ['friday', '2026-11-20', '2026-11-27'],
    ['saturday', '2026-11-21', '2026-11-21'],
    ['monday', '2026-11-23', '2026-11-23'],
    ['in 2 weeks', '2026-12-04', '2026-12-05'],
  ])('resolves "by %s" in the rep\'s zone: %s in New York, %s in Tokyo', (when, ny, tokyo) => {
    expect(command(`commit Acme "send PO" by ${when}`, context(NY))).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'send PO',
      dueOn: ny,
      overdue: false,
    });
    expect(command(`commit Acme "send PO" by ${when}`, context(TOKYO))).toEqual({
      type: 'commit',
      ref: ref('Acme'),
      what: 'send PO',
      dueOn: tokyo,
      overdue: false,
    });
  });

  it('rejects a commit with nothing after the deal', () => {
    expect(failure('commit Acme')).toEqual({
      error: expect.stringContaining('what the prospect promised and by when'),
      usage: USAGE.commit,
    });
  });

  it('rejects a commit without `by`', () => {
    expect(failure('commit Acme "send PO"')).toEqual({
      error: expect.stringContaining('Add the date'),
      usage: USAGE.commit,
    });
    // A `by` inside the quoted promise is not the date.
    expect(failure('commit Acme "pay by card"').error).toContain('Add the date');
    expect(failure('commit Acme "send PO" by').error).toContain('Add the date');
  });

  it('reads the date without `by`: after a quoted promise, or the words at the end that read as one', () => {
    const promise = (what: string, dueOn: string) => ({
      type: 'commit',
      ref: ref('Acme'),
      what,
      dueOn,
      overdue: false,
    });
    expect(command('commit Acme "send the PO" in 2 weeks')).toEqual(promise('send the PO', '2026-12-04'));
    expect(command('commit Acme "send the PO" on friday')).toEqual(promise('send the PO', '2026-11-20'));
    expect(command('commit Acme "send the PO" friday')).toEqual(promise('send the PO', '2026-11-20'));
    expect(command('commit Acme "send the PO" before Dec 3')).toEqual(promise('send the PO', '2026-12-03'));
    expect(command('commit Acme send the PO in 2 weeks')).toEqual(promise('send the PO', '2026-12-04'));
    expect(command('commit Acme decide in March')).toEqual(promise('decide', '2027-03-01'));
    expect(command('commit Acme ship 3 samples within 10 days')).toEqual(promise('ship 3 samples', '2026-11-30'));
    // Words that do not end in a date still need one.
    expect(failure('commit Acme review the May figures').error).toContain('Add the date');
    expect(failure('commit Acme "send the PO" someday').error).toContain('`someday` is not a date');
  });

  it('rejects a commit without the promise', () => {
    expect(failure('commit Acme by friday')).toEqual({
      error: expect.stringContaining('Say what the prospect promised'),
      usage: USAGE.commit,
    });
    expect(failure('commit Acme "" by friday').error).toContain('Say what the prospect promised');
  });

  it('rejects a date it cannot read, naming it', () => {
    expect(failure('commit Acme "send PO" by someday')).toEqual({
      error: expect.stringContaining('`someday` is not a date'),
      usage: USAGE.commit,
    });
    // A date followed by more words is not a date either.
    expect(failure('commit Acme "send PO" by friday or so').error).toContain('`friday or so` is not a date');
  });
});

describe('parseDealCommand: setting fields', () => {
  it('parses stage', () => {
    expect(command('stage Acme demo')).toEqual({ type: 'stage', ref: ref('Acme'), stage: 'demo' });
    expect(command('stage Blue Sky Labs verbal yes')).toEqual({
      type: 'stage',
      ref: ref('Blue Sky Labs'),
      stage: 'verbal',
    });
  });

  it('rejects a missing or bad stage', () => {
    expect(failure('stage Acme')).toEqual({
      error: expect.stringContaining('prospecting, qualified, demo, proposal, negotiation, verbal'),
      usage: USAGE.stage,
    });
    const { error, usage } = failure('stage Acme closed');
    expect(error).toContain('`closed` is not a stage');
    expect(usage).toBe(USAGE.stage);
  });

  it('parses value, leaving the amount to be read against the currency of the deal', () => {
    expect(command('value Acme 75k')).toEqual({ type: 'value', ref: ref('Acme'), amountText: '75k' });
    expect(command('value Acme 12,500 EUR')).toEqual({ type: 'value', ref: ref('Acme'), amountText: '12,500 EUR' });
    expect(command('value Acme EUR 900')).toEqual({ type: 'value', ref: ref('Acme'), amountText: 'EUR 900' });
    // "50.000" is settled by the deal's currency later, not refused here.
    expect(command('value Acme 50.000')).toEqual({ type: 'value', ref: ref('Acme'), amountText: '50.000' });
    expect(command('value Acme 12.500,00 EUR')).toEqual({
      type: 'value',
      ref: ref('Acme'),
      amountText: '12.500,00 EUR',
    });
  });

  it('refuses words that are not currencies', () => {
    expect(failure('value Acme 50000 abc').error).toContain('`abc` is not a currency code');
  });

  it('rejects a missing or bad amount', () => {
    expect(failure('value Acme')).toEqual({
      error: expect.stringContaining('Give the new amount'),
      usage: USAGE.value,
    });
    expect(failure('value Acme lots')).toEqual({
      error: expect.stringContaining('`lots` is not an amount'),
      usage: USAGE.value,
    });
  });

  it('parses forecast', () => {
    expect(command('forecast Acme commit')).toEqual({ type: 'forecast', ref: ref('Acme'), forecast: 'commit' });
    expect(command('forecast Acme best case')).toEqual({ type: 'forecast', ref: ref('Acme'), forecast: 'best-case' });
  });

  it('rejects a missing or bad forecast', () => {
    expect(failure('forecast Acme')).toEqual({
      error: expect.stringContaining('pipeline, best-case or commit'),
      usage: USAGE.forecast,
    });
    const { error, usage } = failure('forecast Acme maybe');
    expect(error).toContain('`maybe` is not a forecast category');
    expect(usage).toBe(USAGE.forecast);
  });

  it('parses contact with a name, an email, or both', () => {
    expect(command('contact Acme "Bob Lee" bob@acme.com')).toEqual({
      type: 'contact',
      ref: ref('Acme'),
      contactName: 'Bob Lee',
      contactEmail: 'bob@acme.com',
    });
    expect(command('contact Acme “Bob Lee” <mailto:bob@acme.com|bob@acme.com>')).toEqual({
      type: 'contact',
      ref: ref('Acme'),
      contactName: 'Bob Lee',
      contactEmail: 'bob@acme.com',
    });
    expect(command('contact Acme Bob Lee')).toEqual({
      type: 'contact',
      ref: ref('Acme'),
      contactName: 'Bob Lee',
      contactEmail: null,
    });
    expect(command('contact Acme <mailto:bob@acme.com|bob@acme.com>')).toEqual({
      type: 'contact',
      ref: ref('Acme'),
      contactName: null,
      contactEmail: 'bob@acme.com',
    });
  });

  it('parses how to greet the contact, alone or after the name and email', () => {
    expect(command('contact "Blue Sky Labs" greet "Dr. Müller"')).toEqual({
      type: 'contact',
      ref: ref('Blue Sky Labs'),
      contactName: null,
      contactEmail: null,
      greetAs: 'Dr. Müller',
    });
    expect(command('contact Acme Corp "Hiroshi Tanaka" greet Tanaka-san')).toEqual({
      type: 'contact',
      ref: ref('Acme Corp'),
      contactName: 'Hiroshi Tanaka',
      contactEmail: null,
      greetAs: 'Tanaka-san',
    });
    // A quoted "greet" is a name, not the keyword.
    expect(command('contact Acme "Greet"')).toMatchObject({ contactName: 'Greet' });
    expect(failure('contact Acme greet')).toEqual({
      error: expect.stringContaining('Say how drafts should greet them'),
      usage: USAGE.contact,
    });
  });

  it('rejects a contact with nothing, a bad email or two emails', () => {
    expect(failure('contact Acme')).toEqual({
      error: expect.stringContaining("contact's name, email, or both"),
      usage: USAGE.contact,
    });
    expect(failure('contact Acme Bob bob@')).toEqual({
      error: expect.stringContaining('`bob@` is not an email address'),
      usage: USAGE.contact,
    });
    expect(failure('contact Acme a@b.co c@d.co')).toEqual({ error: 'Give one email address.', usage: USAGE.contact });
  });

  it('parses goal', () => {
    expect(command('goal Acme cut onboarding time by 20%')).toEqual({
      type: 'goal',
      ref: ref('Acme'),
      goal: 'cut onboarding time by 20%',
    });
    expect(command('goal Acme “cut churn”')).toEqual({ type: 'goal', ref: ref('Acme'), goal: 'cut churn' });
  });

  it('rejects a goal without text', () => {
    expect(failure('goal Acme')).toEqual({
      error: expect.stringContaining('what the prospect wants to gain'),
      usage: USAGE.goal,
    });
    expect(failure('goal Acme ""').usage).toBe(USAGE.goal);
  });
});

describe('parseDealCommand: won, lost, note, status, draft', () => {
  it('parses won and rejects anything after the deal', () => {
    expect(command('won Acme Corp')).toEqual({ type: 'won', ref: ref('Acme Corp') });
    expect(failure('won Acme big win')).toEqual({
      error: expect.stringContaining('Nothing goes after the deal'),
      usage: USAGE.won,
    });
  });

  it('parses lost with and without a reason', () => {
    expect(command('lost Acme')).toEqual({ type: 'lost', ref: ref('Acme'), reason: null });
    expect(command('lost Acme went with a rival')).toEqual({
      type: 'lost',
      ref: ref('Acme'),
      reason: 'went with a rival',
    });
  });

  it('parses note and rejects an empty one', () => {
    expect(command('note Acme CFO is new, reintroduce')).toEqual({
      type: 'note',
      ref: ref('Acme'),
      text: 'CFO is new, reintroduce',
    });
    expect(command('note Blue Sky Labs "budget frozen"')).toEqual({
      type: 'note',
      ref: ref('Blue Sky Labs'),
      text: 'budget frozen',
    });
    expect(failure('note Acme')).toEqual({ error: expect.stringContaining('Write the note'), usage: USAGE.note });
    expect(failure('note Acme "  "').usage).toBe(USAGE.note);
  });

  it('parses status', () => {
    expect(command('status #7')).toEqual({ type: 'status', ref: ref('#7') });
  });

  it('parses draft', () => {
    expect(command('draft Acme')).toEqual({ type: 'draft', ref: ref('Acme'), kind: null, yearlyValue: null });
    expect(command('draft Acme checkin')).toEqual({
      type: 'draft',
      ref: ref('Acme'),
      kind: 'checkin',
      yearlyValue: null,
    });
    expect(command('draft Acme check-in')).toMatchObject({ kind: 'checkin' });
    expect(command('draft Acme check in')).toMatchObject({ kind: 'checkin', yearlyValue: null });
    expect(command('draft Acme goodbye')).toMatchObject({ kind: 'fire' });
    expect(command('draft Acme Goodbye-for-now')).toMatchObject({ kind: 'fire' });
    expect(command('draft Acme next-step')).toMatchObject({ kind: 'revival' });
    expect(command('draft Acme next step')).toMatchObject({ kind: 'revival' });
    expect(failure('draft Acme farewell').error).toContain(
      'Use one of: accountability, check-in, goodbye, next-step or roi',
    );
    expect(failure('draft Acme farewell').error).not.toMatch(/checkin|fire|revival/);
    expect(command('draft Acme roi 120k')).toEqual({
      type: 'draft',
      ref: ref('Acme'),
      kind: 'roi',
      yearlyValue: usd(12_000_000),
    });
    expect(failure('draft Acme bogus')).toEqual({
      error: expect.stringContaining('`bogus` is not a kind of draft'),
      usage: USAGE.draft,
    });
    expect(failure('draft Acme roi').error).toContain('needs the yearly value');
    expect(failure('draft Acme checkin 5k').error).toContain('Only an ROI draft takes a value');
  });

  it('reads subcommands case-insensitively', () => {
    expect(command('WON Acme')).toEqual({ type: 'won', ref: ref('Acme') });
  });
});

describe('parseDealCommand: snooze', () => {
  it('snoozes for a duration from now, keeping the reason', () => {
    expect(command('snooze Acme 2w budget freeze')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-12-04T23:30:00Z'),
      reason: 'budget freeze',
    });
    expect(command('snooze Acme 3 days')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-23T23:30:00Z'),
      reason: null,
    });
    expect(command('snooze Acme for 1 month because the audit moved')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-12-20T23:30:00Z'),
      reason: 'because the audit moved',
    });
    expect(command('snooze Acme 12h: travelling')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-21T11:30:00Z'),
      reason: 'travelling',
    });
  });

  it("adds a duration on the rep's wall clock across a daylight-saving change", () => {
    const noonBeforeFallBack = new Date('2026-10-30T16:00:00Z'); // 12:00 EDT
    expect(command('snooze Acme 1w', context(NY, { now: noonBeforeFallBack }))).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-06T17:00:00Z'),
      reason: null, // 12:00 EST
    });
  });

  it("snoozes until the start of a date in the rep's zone, keeping the reason", () => {
    expect(command('snooze Acme monday waiting on budget')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-23T05:00:00Z'),
      reason: 'waiting on budget',
    });
    expect(command('snooze Acme monday waiting on budget', context(TOKYO))).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-22T15:00:00Z'),
      reason: 'waiting on budget',
    });
    expect(command('snooze Acme until Dec 3 - travel')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-12-03T05:00:00Z'),
      reason: 'travel',
    });
    expect(command('snooze Blue Sky Labs 3 dec')).toEqual({
      type: 'snooze',
      ref: ref('Blue Sky Labs'),
      until: new Date('2026-12-03T05:00:00Z'),
      reason: null,
    });
    expect(command('snooze Acme 2027-01-04 new budget year')).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2027-01-04T05:00:00Z'),
      reason: 'new budget year',
    });
  });

  it("reads today's weekday as next week, not as the past", () => {
    // The context's now is Friday evening in New York.
    expect(command('snooze Acme friday', context(NY))).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-27T05:00:00Z'),
      reason: null,
    });
  });

  it('resolves tomorrow on each side of UTC midnight', () => {
    expect(command('snooze Acme tomorrow', context(NY))).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-21T05:00:00Z'),
      reason: null,
    });
    expect(command('snooze Acme tomorrow', context(TOKYO))).toEqual({
      type: 'snooze',
      ref: ref('Acme'),
      until: new Date('2026-11-21T15:00:00Z'),
      reason: null,
    });
  });

  it('rejects a snooze without a date', () => {
    expect(failure('snooze Acme')).toEqual({ error: expect.stringContaining('Say until when'), usage: USAGE.snooze });
    expect(failure('snooze Acme waiting on budget')).toEqual({
      error: expect.stringContaining('`waiting on budget` does not start with a date or a duration'),
      usage: USAGE.snooze,
    });
  });

  it('rejects a snooze into the past', () => {
    for (const when of ['yesterday', 'today', '2020-01-01']) {
      expect(failure(`snooze Acme ${when}`)).toEqual({
        error: expect.stringContaining('already past'),
        usage: USAGE.snooze,
      });
    }
  });
});

describe('resolveDealRef', () => {
  const deals = [
    { id: 3, company: 'Acme' },
    { id: 7, company: 'Acme Corp' },
    { id: 12, company: 'Blue Sky Labs' },
    { id: 15, company: 'Bluebird' },
    { id: 21, company: 'Globex' },
    { id: 30, company: '3M' },
  ];

  it('finds a deal by id, with or without #', () => {
    expect(resolveDealRef(ref('12'), deals)).toEqual({ ok: true, deal: deals[2] });
    expect(resolveDealRef(ref('#12'), deals)).toEqual({ ok: true, deal: deals[2] });
    expect(resolveDealRef(ref(' #21 '), deals)).toEqual({ ok: true, deal: deals[4] });
  });

  it('prefers an id over a company starting with the same digits', () => {
    expect(resolveDealRef(ref('3'), deals)).toEqual({ ok: true, deal: deals[0] });
  });

  it('falls back to company names when no deal has that id', () => {
    expect(resolveDealRef(ref('3m'), deals)).toEqual({ ok: true, deal: deals[5] });
    expect(resolveDealRef(ref('#99'), deals)).toEqual({ ok: false, reason: 'unknown', candidates: [] });
  });

  it('finds an exact name case-insensitively, even when it prefixes another', () => {
    expect(resolveDealRef(ref('acme'), deals)).toEqual({ ok: true, deal: deals[0] });
    expect(resolveDealRef(ref('ACME CORP'), deals)).toEqual({ ok: true, deal: deals[1] });
  });

  it('accepts a unique prefix', () => {
    expect(resolveDealRef(ref('glob'), deals)).toEqual({ ok: true, deal: deals[4] });
    expect(resolveDealRef(ref('acme c'), deals)).toEqual({ ok: true, deal: deals[1] });
    expect(resolveDealRef(ref('Blue S'), deals)).toEqual({ ok: true, deal: deals[2] });
  });

  it('reports an ambiguous prefix with the candidates', () => {
    expect(resolveDealRef(ref('blue'), deals)).toEqual({
      ok: false,
      reason: 'ambiguous',
      candidates: [deals[2], deals[3]],
    });
    expect(resolveDealRef(ref('Ac'), deals)).toEqual({
      ok: false,
      reason: 'ambiguous',
      candidates: [deals[0], deals[1]],
    });
  });

  it('reports two deals with the same name as ambiguous', () => {
    const twins = [
      { id: 1, company: 'Initech' },
      { id: 2, company: 'Initech' },
    ];
    expect(resolveDealRef(ref('initech'), twins)).toEqual({ ok: false, reason: 'ambiguous', candidates: twins });
  });

  it('finds a deal by any word of its name when only one has it', () => {
    expect(resolveDealRef(ref('sky'), deals)).toEqual({ ok: true, deal: deals[2] });
    expect(resolveDealRef(ref('corp'), deals)).toEqual({ ok: true, deal: deals[1] });
  });

  it('reports an unknown name, suggesting near misses', () => {
    expect(resolveDealRef(ref('initech'), deals)).toEqual({ ok: false, reason: 'unknown', candidates: [] });
    expect(resolveDealRef(ref('acne'), deals)).toMatchObject({ ok: false, reason: 'unknown' });
    expect((resolveDealRef(ref('acne'), deals) as { candidates: unknown[] }).candidates).toContain(deals[0]);
  });

  it('resolves what the parser hands it', () => {
    const parsed = command('call blue sky labs');
    expect(parsed.type === 'touch' && resolveDealRef(parsed.ref, deals)).toEqual({ ok: true, deal: deals[2] });
  });
});
