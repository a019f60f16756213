import { describe, expect, it } from 'vitest';
import {
  fieldForHeader,
  mapHeader,
  normaliseStage,
  parseAmount,
  parseContact,
  parseImportDate,
  parseImportForecast,
  parseMapOption,
  parseOwnerRef,
  readRow,
} from '../../src/domain/import-mapping.js';

const iso = (text: string, zone = 'UTC') => parseImportDate(text, zone)?.at.toISOString() ?? null;
const day = (text: string, zone = 'UTC') => parseImportDate(text, zone)?.date ?? null;

describe('dates', () => {
  it('reads ISO dates and times, with or without an offset', () => {
    expect(iso('2026-11-03')).toBe('2026-11-03T00:00:00.000Z');
    expect(iso('2026-11-03 14:00')).toBe('2026-11-03T14:00:00.000Z');
    expect(iso('2026-11-03T14:00:05')).toBe('2026-11-03T14:00:05.000Z');
    expect(iso('2026-11-03T14:00:00.123Z')).toBe('2026-11-03T14:00:00.123Z');
    expect(iso('2026-11-03T14:00:00+01:00')).toBe('2026-11-03T13:00:00.000Z');
    expect(iso('2026-11-03 14:00', 'America/New_York')).toBe('2026-11-03T19:00:00.000Z');
    expect(day('2026-11-03', 'America/New_York')).toBe('2026-11-03');
    expect(iso('2026-07-01 09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(iso('2026-11-03', 'Europe/Berlin')).toBe('2026-11-02T23:00:00.000Z');
    expect(day('2026-11-03T23:30:00-05:00', 'UTC')).toBe('2026-11-04');
    expect(parseImportDate('2026-11-03', 'Not/AZone')).toBeNull();
  });

  it('reads slash dates as US month/day unless the first number is over 12', () => {
    expect(day('11/03/2026')).toBe('2026-11-03');
    expect(day('11/3/2026')).toBe('2026-11-03');
    expect(day('13/11/2026')).toBe('2026-11-13');
    expect(day('03/11/2026')).toBe('2026-03-11');
    expect(iso('11/3/2026 2:30 PM')).toBe('2026-11-03T14:30:00.000Z');
    expect(day('11/03/26')).toBe('2026-11-03');
  });

  it('reads dotted European dates, year-first slash dates, month names and Excel serials', () => {
    expect(day('03.11.2026')).toBe('2026-11-03');
    expect(iso('03.11.2026 09:30')).toBe('2026-11-03T09:30:00.000Z');
    expect(day('2026/11/03')).toBe('2026-11-03');
    expect(day('Nov 3, 2026')).toBe('2026-11-03');
    expect(day('November 3, 2026')).toBe('2026-11-03');
    expect(day('3 Nov 2026')).toBe('2026-11-03');
    expect(day('03-Nov-26')).toBe('2026-11-03');
    expect(day('Tue, Nov 3, 2026')).toBe('2026-11-03');
    expect(iso('Nov 3, 2026, 2:00 PM')).toBe('2026-11-03T14:00:00.000Z');
    expect(day('46329')).toBe('2026-11-03');
  });

  it('refuses what is not a date', () => {
    for (const bad of [
      '31.02.2026',
      '2026-13-01',
      '13/13/2026',
      'next week',
      'Nov 31, 2026',
      '12',
      'soon',
      '2026-11-03 25:00',
    ]) {
      expect(parseImportDate(bad, 'UTC'), bad).toBeNull();
    }
  });
});

describe('amounts', () => {
  const amount = (text: string, currency = 'USD') => {
    const result = parseAmount(text, currency);
    return result.ok ? `${result.money.minor} ${result.money.currency}` : `error: ${result.error}`;
  };
  it('reads the forms reps and CRMs write', () => {
    expect(amount('50000')).toBe('5000000 USD');
    expect(amount('$50,000')).toBe('5000000 USD');
    expect(amount('$25,000.00')).toBe('2500000 USD');
    expect(amount('50k')).toBe('5000000 USD');
    expect(amount('1.2M')).toBe('120000000 USD');
    expect(amount('12,500 EUR')).toBe('1250000 EUR');
    expect(amount('EUR 900')).toBe('90000 EUR');
    expect(amount('120000.50')).toBe('12000050 USD');
    expect(amount('1,250,000')).toBe('125000000 USD');
    expect(amount('300', 'GBP')).toBe('30000 GBP');
  });
  it('reads European forms when they cannot be misread', () => {
    expect(amount('12.500,00 EUR')).toBe('1250000 EUR');
    expect(amount('€ 8.000,50')).toBe('800050 EUR');
    expect(amount('7 500,00 €')).toBe('750000 EUR');
    expect(amount('1.250.000')).toBe('125000000 USD');
    expect(amount('12,5k')).toBe('1250000 USD');
    expect(amount('99,90 EUR')).toBe('9990 EUR');
  });
  it('refuses ambiguous, negative and non-amounts', () => {
    expect(amount('12.500')).toMatch(/^error: is ambiguous/);
    expect(amount('-500')).toMatch(/negative/);
    expect(amount('(500)')).toMatch(/negative/);
    expect(amount('lots')).toMatch(/^error: is not an amount/);
    expect(amount('$5 EUR')).toMatch(/^error/);
  });
});

describe('stages', () => {
  const stage = (text: string) => {
    const r = normaliseStage(text);
    return r ? `${r.stage ?? r.state}${r.guessed ? '?' : ''}` : null;
  };
  it('maps HubSpot, Pipedrive and Salesforce default stages', () => {
    expect(stage('Appointment scheduled')).toBe('prospecting');
    expect(stage('Qualified to buy')).toBe('qualified');
    expect(stage('Presentation scheduled')).toBe('demo');
    expect(stage('Decision maker bought-in')).toBe('proposal');
    expect(stage('Contract sent')).toBe('negotiation');
    expect(stage('Closed won')).toBe('won');
    expect(stage('Closed lost')).toBe('lost');
    expect(stage('closedwon')).toBe('won');
    expect(stage('Proposal/Price Quote')).toBe('proposal');
    expect(stage('Negotiation/Review')).toBe('negotiation');
    expect(stage('Id. Decision Makers')).toBe('demo');
    expect(stage('Perception Analysis')).toBe('demo');
    expect(stage('Value Proposition')).toBe('demo');
    expect(stage('Needs Analysis')).toBe('qualified');
    expect(stage('Prospecting')).toBe('prospecting');
    expect(stage('Qualification')).toBe('qualified');
    expect(stage('Demo Scheduled')).toBe('demo');
    expect(stage('Proposal Made')).toBe('proposal');
    expect(stage('Negotiations Started')).toBe('negotiation');
    expect(stage('verbal')).toBe('verbal');
  });
  it('maps a clearly close name to the nearest stage, and says it guessed', () => {
    expect(stage('Negociation')).toBe('negotiation?');
    expect(stage('Qualifed')).toBe('qualified?');
    expect(stage('Demo done')).toBe('demo?');
    expect(stage('3 - Proposal')).toBe('proposal?');
  });
  it('rejects what is not clearly one stage', () => {
    expect(stage('Pilot phase')).toBeNull();
    expect(stage('Closed')).toBeNull();
    expect(stage('Contract signed')).toBeNull();
    expect(stage('Demo and proposal')).toBeNull();
    expect(stage('xyz')).toBeNull();
  });
  it('reads forecast categories', () => {
    expect(parseImportForecast('Best Case')).toBe('best-case');
    expect(parseImportForecast('Not forecasted')).toBe('omitted');
    expect(parseImportForecast('Commit')).toBe('commit');
    expect(parseImportForecast('maybe')).toBeNull();
  });
});

describe('columns', () => {
  it('knows the CRM headers, in any case, with Pipedrive prefixes', () => {
    expect(fieldForHeader('Record ID')).toBe('externalId');
    expect(fieldForHeader('Deal Name')).toBe('dealName');
    expect(fieldForHeader('Associated Company')).toBe('company');
    expect(fieldForHeader('Deal - Title')).toBe('dealName');
    expect(fieldForHeader('Deal - Organization')).toBe('company');
    expect(fieldForHeader('Deal - Owner')).toBe('owner');
    expect(fieldForHeader('Opportunity Owner')).toBe('owner');
    expect(fieldForHeader('Last Activity Date')).toBe('lastActivityAt');
    expect(fieldForHeader('last_reply_at')).toBe('lastReplyAt');
    expect(fieldForHeader('Last Contacted')).toBe('lastTouchAt');
    expect(fieldForHeader('Next Step')).toBe('nextStep');
    expect(fieldForHeader('OPPORTUNITY ID')).toBe('externalId');
    expect(fieldForHeader('dealcoach_id')).toBeNull();
    expect(fieldForHeader('Pipeline')).toBeNull();
  });

  it('treats the last activity as the last reply only when there is no reply column, and says so', () => {
    const a = mapHeader(['Company', 'Last Activity Date']);
    const b = mapHeader(['Company', 'Last Activity Date', 'Last reply']);
    expect('error' in a || a.activityIsReply).toBe(true);
    expect('error' in b || b.activityIsReply).toBe(false);
    expect('error' in a ? '' : a.notes.join()).toContain("read as the prospect's last reply");
  });

  it('lets --map name or ignore a column; a mapped field takes only its mapped columns', () => {
    expect(parseMapOption('Customer=company')).toEqual({ column: 'Customer', field: 'company' });
    expect(parseMapOption('Pipeline=ignore')).toEqual({ column: 'Pipeline', field: 'ignore' });
    expect(parseMapOption('Deal Name=external_id')).toEqual({ column: 'Deal Name', field: 'externalId' });
    expect(parseMapOption('oops')).toHaveProperty('error');
    expect(parseMapOption('X=nope')).toHaveProperty('error');
    const mapped = mapHeader(['Associated Company', 'Client'], [{ column: 'client', field: 'company' }]);
    expect('error' in mapped ? null : mapped.byField.company).toEqual([1]);
    expect(mapHeader(['A', 'B'], [{ column: 'C', field: 'company' }])).toHaveProperty('error');
    expect(mapHeader(['Amount', 'Stage'])).toHaveProperty('error');
  });

  describe('two columns for one field are never read silently', () => {
    const errorOf = (result: ReturnType<typeof mapHeader>) => ('error' in result ? result.error : null);
    const notesOf = (result: ReturnType<typeof mapHeader>) => ('error' in result ? [] : result.notes);

    it('the same header twice refuses the file, naming both columns', () => {
      expect(errorOf(mapHeader(['Company', 'Amount', 'Owner', 'amount']))).toBe(
        'The column "Amount" appears twice (columns B, D), so dealcoach cannot tell which one holds the amount. ' +
          'Delete or rename one of them and import the file again.',
      );
      expect(errorOf(mapHeader(['Company', 'Email', 'E-mail', 'email', 'EMAIL']))).toMatch(
        /^The column "Email" appears 4 times \(columns B, C, D, E\).*Delete or rename all but one/,
      );
      // A column dealcoach does not read may appear twice.
      expect(errorOf(mapHeader(['Company', 'Notes', 'Notes', '', '']))).toBeNull();
    });

    it('two different columns for one field refuse the file, with how to keep one', () => {
      expect(errorOf(mapHeader(['Account Name', 'Owner', 'Amount', 'Company']))).toBe(
        'Two columns could be the company: "Account Name" (column A) and "Company" (column D). Keep one: delete or ' +
          'rename the other (dealcoach import: --map "Company=ignore"), and import the file again.',
      );
      expect(errorOf(mapHeader(['Company', 'Opportunity Owner', 'Owner Email', 'Sales rep']))).toMatch(
        /^3 columns could be the owner: .*--map "Owner Email=ignore" --map "Sales rep=ignore"/,
      );
      // Chosen with --map: the other is ignored, nothing to say.
      const chosen = mapHeader(
        ['Company', 'Opportunity Owner', 'Owner Email'],
        [{ column: 'Owner Email', field: 'owner' }],
      );
      expect(errorOf(chosen)).toBeNull();
      expect('error' in chosen ? null : chosen.byField.owner).toEqual([2]);
    });

    it("a CRM's second copy of a field is not read, and the report says so", () => {
      const hubspot = mapHeader(['Deal Name', 'Amount', 'Amount in company currency', 'Deal currency code']);
      expect(errorOf(hubspot)).toBeNull();
      expect('error' in hubspot ? null : hubspot.byField.value).toEqual([1]);
      expect(notesOf(hubspot)).toContain('"Amount in company currency" is not read: "Amount" gives the amount.');
      const pipedrive = mapHeader([
        'Deal - Title',
        'Deal - Organization',
        'Organization - Name',
        'Deal - Contact person',
        'Person - Name',
      ]);
      expect(errorOf(pipedrive)).toBeNull();
      expect(notesOf(pipedrive)).toEqual(
        expect.arrayContaining([
          '"Organization - Name" is not read: "Deal - Organization" gives the company.',
          '"Person - Name" is not read: "Deal - Contact person" gives the contact.',
        ]),
      );
      // Alone, the same column is read.
      const alone = mapHeader(['Organization - Name', 'Amount in company currency']);
      expect('error' in alone ? null : [alone.byField.company, alone.byField.value]).toEqual([[0], [1]]);
    });

    it('columns that take turns (won time, lost time) and columns mapped together are read in turn, and said', () => {
      const closes = mapHeader(['Title', 'Won time', 'Lost time', 'Expected close date']);
      expect('error' in closes ? null : closes.byField.closeDate).toEqual([1, 2]);
      expect(notesOf(closes)).toEqual([
        '"Expected close date" is not read: "Won time" and "Lost time" give the close date.',
        'The close date is read from "Won time", else "Lost time": the first that has a value in the row.',
        expect.stringContaining('No company column'),
      ]);
      const mapped = mapHeader(
        ['Kunde', 'Firma', 'Betreuer'],
        [
          { column: 'Kunde', field: 'company' },
          { column: 'Firma', field: 'company' },
          { column: 'Betreuer', field: 'owner' },
        ],
      );
      expect(notesOf(mapped)).toEqual([
        '"Kunde" and "Firma" are both read as the company (--map): a row takes the first of them that has a value.',
      ]);
    });
  });

  it('reads owners and contacts', () => {
    expect(parseOwnerRef('U012ABC')).toEqual({ kind: 'slack', id: 'U012ABC' });
    expect(parseOwnerRef('<@W0ABC|rita>')).toEqual({ kind: 'slack', id: 'W0ABC' });
    expect(parseOwnerRef('Rita@Example.com')).toEqual({ kind: 'email', email: 'rita@example.com' });
    expect(parseOwnerRef('Rita  Rep')).toEqual({ kind: 'name', name: 'Rita Rep' });
    expect(parseContact('Bob Lee (bob@acme.com)')).toEqual({ name: 'Bob Lee', email: 'bob@acme.com' });
    expect(parseContact('Bob Lee <Bob@Acme.com>')).toEqual({ name: 'Bob Lee', email: 'Bob@Acme.com' });
    expect(parseContact('Ann Smith (4411); Joe (12)')).toEqual({ name: 'Ann Smith', email: null });
    expect(parseContact('bob@acme.com')).toEqual({ name: null, email: 'bob@acme.com' });
    expect(parseContact('Bob Lee (CEO)')).toEqual({ name: 'Bob Lee (CEO)', email: null });
  });

  it('reports every problem of a row at once', () => {
    const mapping = mapHeader(['Company', 'Amount', 'Stage', 'Last reply', 'Email']);
    if ('error' in mapping) throw new Error(mapping.error);
    const read = readRow(['Acme', 'lots', 'Pilot', '2099-01-01', 'nope'], mapping, {
      zone: 'UTC',
      now: new Date('2026-11-23T00:00:00Z'),
    });
    expect(read.kind).toBe('invalid');
    const reasons = read.kind === 'invalid' ? read.reasons : [];
    expect(reasons).toHaveLength(4);
    expect(reasons.join('\n')).toMatch(/Amount: "lots" is not an amount/);
    expect(reasons.join('\n')).toMatch(/Stage: "Pilot" is not a stage/);
    expect(reasons.join('\n')).toMatch(/Last reply: 2099-01-01 is in the future/);
    expect(reasons.join('\n')).toMatch(/Email: "nope" is not an email/);
  });
});
