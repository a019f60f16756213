// Issue 12 as a new rep meets it, through /deal, its buttons and the scan: names, dates and promises
// understood as meant; every mistake changes nothing and says how to do it right.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/console/index.js';
import { openStore } from '../../src/db/index.js';
import { activities, commitments, deals, silenceEpisodes } from '../../src/db/schema.js';

const SETUP = [
  '/deal new Blue Sky Partners contact "Dana Whitfield" value 80k stage proposal',
  '/deal new Red Rock Mining contact "Pieter van Dijk" value 1.200.000 EUR stage negotiation',
  '/deal new Al Noor Trading LLC contact "Omar Haddad" value 250k stage demo',
  '/deal new Café Lumière SARL contact "Élise Martin" value 40k stage qualified',
  '/deal new Müller & Söhne GmbH value 95k',
];

async function run(lines: string[], start = '2026-12-07T15:00:00Z') {
  const store = openStore(':memory:');
  const output = new PassThrough();
  let out = '';
  output.on('data', (c) => (out += c));
  await runConsole({
    store,
    start: new Date(start),
    teamId: 'TLOCAL',
    userId: 'UREPNOOR',
    defaultZone: 'America/New_York',
    json: false,
    input: Readable.from([...SETUP, ':mark', ...lines].map((l) => `${l}\n`)),
    output,
    errors: new PassThrough(),
    interactive: false,
  });
  const after = out.slice(out.indexOf('Unknown directive :mark'));
  const data = {
    out: after,
    deals: store.db.select().from(deals).all(),
    commitments: store.db.select().from(commitments).all(),
    activities: store.db.select().from(activities).all(),
    episodes: store.db.select().from(silenceEpisodes).all(),
  };
  store.close();
  return data;
}

const deal = (rows: Array<{ company: string }>, company: string) => rows.find((d) => d.company === company) as never;

describe('names: the start of a multi-word name is enough, in every subcommand', () => {
  it('closes, logs and records against the deal meant', async () => {
    const {
      out,
      deals: rows,
      commitments: promises,
      activities: log,
    } = await run([
      '/deal won Blue Sky',
      '/deal lost Red Rock no budget this year',
      '/deal call Al Noor left message asked about the LOI',
      '/deal commit cafe lumiere "send the signed order" by Dec 18',
      '/deal note muller & sohne plant visit in January',
    ]);
    expect(out).not.toContain('Nothing goes after the deal');
    expect(deal(rows, 'Blue Sky Partners')).toMatchObject({ state: 'won' });
    expect(deal(rows, 'Red Rock Mining')).toMatchObject({ state: 'lost', lostReason: 'no budget this year' });
    expect(log.find((a) => a.direction === 'out')).toMatchObject({
      channel: 'call',
      leftMessage: true,
      note: 'asked about the LOI',
    });
    expect(promises).toEqual([
      expect.objectContaining({ text: 'send the signed order', dueOn: '2026-12-18', status: 'open' }),
    ]);
    expect(log.some((a) => a.note === 'plant visit in January')).toBe(true);
  });

  it('an ambiguous start or a typo changes nothing and names the candidates', async () => {
    const before = await run([]);
    const {
      out,
      deals: rows,
      activities: log,
    } = await run(['/deal new Blue Nile Imports value 20k', '/deal won Blue', '/deal call Bleu Sky left message']);
    expect(out).toContain('matches more than one of your deals');
    expect(out).toContain('• Blue Sky Partners');
    expect(out).toContain('• Blue Nile Imports');
    expect(out).toContain('You have no deal called `Bleu Sky`');
    expect(rows.every((d) => d.state === 'active')).toBe(true);
    expect(log.filter((a) => a.direction === 'out')).toHaveLength(
      before.activities.filter((a) => a.direction === 'out').length,
    );
  });
});

describe('dates: past, impossible and far-off promises and snoozes', () => {
  it('refuses each, changing nothing, and says how to do it right', async () => {
    const {
      out,
      commitments: promises,
      deals: rows,
    } = await run([
      '/deal commit Blue Sky "sign the MSA" by Dec 3',
      '/deal commit Blue Sky "sign the MSA" by 2026-13-01',
      '/deal commit Blue Sky "sign the MSA" by 1970-01-01',
      '/deal commit Blue Sky "sign the MSA" by Feb 30',
      '/deal snooze Red Rock Dec 3',
      '/deal snooze Red Rock 99999y',
    ]);
    expect(out).toContain('Thu, Dec 3 is already past');
    expect(out).toContain('`by Dec 3 overdue`');
    expect(out).toContain('months go from 01 to 12');
    expect(out).toContain('Thu, Jan 1, 1970 is already past');
    expect(out).toContain('February has');
    expect(out).toContain('at most 2 years');
    expect(out.match(/Nothing was changed/g)).toHaveLength(6);
    expect(promises).toHaveLength(0);
    expect(rows.every((d) => d.snoozedUntil === null)).toBe(true);
  });

  it('records a promise already overdue when the rep says so, and refuses one before the deal existed', async () => {
    // The deals are added on Wednesday Dec 2; the rep logs the promise on Monday Dec 7.
    const { out, commitments: promises } = await run(
      [
        ':at 2026-12-07T15:00:00Z',
        '/deal commit Al Noor "send the trade licence" by Dec 3 overdue',
        '/deal commit Al Noor "send the trade licence" by Dec 1 overdue',
      ],
      '2026-12-02T15:00:00Z',
    );
    expect(out).toContain('was due Thu, Dec 3 and is overdue');
    expect(promises).toEqual([expect.objectContaining({ dueOn: '2026-12-03', status: 'open' })]);
    expect(out).toContain('Tue, Dec 1, 2026 is before Al Noor Trading LLC was added (Wed, Dec 2, 2026)');
  });

  it('shows the year of a date outside the current one', async () => {
    const { out } = await run(['/deal commit Red Rock "board approval" by Jan 12', '/deal status Red Rock']);
    expect(out).toContain('Tue, Jan 12, 2027');
    expect(out).toContain('due Tue, Jan 12, 2027');
  });
});

describe('promises: open -> kept | broken | cancelled', () => {
  it('kept and cancel by command, duplicates refused', async () => {
    const { out, commitments: promises } = await run([
      '/deal commit Blue Sky "send the security questionnaire" by Dec 18',
      '/deal commit Blue Sky "send the security questionnaire" by Dec 18',
      '/deal kept Blue Sky',
      '/deal commit Red Rock "intro to the CFO" by Dec 21',
      '/deal commit Red Rock cancel',
      '/deal kept Red Rock',
      '/deal status Blue Sky',
    ]);
    expect(out).toContain('That promise is already logged on Blue Sky Partners');
    expect(out).toContain('Promise kept');
    expect(out).toContain('Promise cancelled');
    expect(out).toContain('Red Rock Mining has no open or broken promise');
    expect(out).toContain('kept: “send the security questionnaire”');
    expect(promises.map((c) => c.status)).toEqual(['kept', 'cancelled']);
  });

  it('a reply asks whether the open promise was kept, with a button that keeps it', async () => {
    const { out, commitments: promises } = await run([
      '/deal commit Al Noor "send the signed LOI" by Dec 9',
      ':advance 1d',
      '/deal reply Al Noor via email LOI attached',
      ':click They kept it',
    ]);
    expect(out).toContain('Did they keep their promise “send the signed LOI” (due Wed, Dec 9)?');
    expect(promises).toEqual([expect.objectContaining({ status: 'kept' })]);
  });

  it('status says "due" for a promise not yet due and offers its buttons', async () => {
    const { out } = await run([
      '/deal commit Müller "confirm the pilot line" by Dec 31',
      '/deal status Müller',
      ':click Cancel the promise',
    ]);
    expect(out).toContain('“confirm the pilot line” · due Thu, Dec 31');
    expect(out).not.toContain('broken');
    expect(out).toContain('Promise cancelled');
  });
});

describe('the draft kinds by the names people use', () => {
  it('accepts goodbye, check-in and next-step, and never shows internal names', async () => {
    const { out } = await run([
      '/deal draft Red Rock check-in',
      '/deal draft Red Rock goodbye',
      '/deal draft Red Rock farewell',
    ]);
    expect(out).toContain('Drafting a check-in email');
    expect(out).toContain('Drafting a goodbye-for-now email');
    expect(out).toContain('Use one of: accountability, check-in, goodbye, next-step or roi');
    const replies = out.split('\n').filter((line) => /Drafting|Use one of/.test(line));
    expect(replies).toHaveLength(3);
    for (const line of replies) expect(line).not.toMatch(/checkin|\bfire\b|revival/);
  });
});

describe('snooze: the reply and the touch say when they cancel one', () => {
  it('says so on the touch and on the reply', async () => {
    const { out } = await run([
      '/deal snooze Blue Sky 2w budget freeze',
      '/deal call Blue Sky no message',
      '/deal snooze Red Rock 1w',
      '/deal reply Red Rock via call back next week',
      '/deal reply Red Rock again',
    ]);
    expect(out.match(/Its snooze is cancelled: the deal is live again\./g)).toHaveLength(2);
  });
});
