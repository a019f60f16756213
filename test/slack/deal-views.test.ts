import { describe, expect, it } from 'vitest';
import type { ActivityRow, DealRow } from '../../src/db/schema.js';
import {
  dealListMessage,
  dealModal,
  dealNotFound,
  dealStatusMessage,
  errorMessage,
  helpMessage,
} from '../../src/slack/views/deal.js';
import { checkMessage, checkView } from '../support/block-kit-limits.js';
import { dealRow } from '../support/rows.js';

const now = new Date('2026-11-23T15:00:00Z');
const view = { now, zone: 'America/New_York' };

function deal(overrides: Partial<DealRow> = {}): DealRow {
  return dealRow({
    contactName: 'Bob Lee',
    contactEmail: 'bob@acme.com',
    valueMinor: 5_000_000,
    stage: 'proposal',
    forecast: 'commit',
    lastInboundAt: new Date('2026-11-13T15:00:00Z'),
    updatedAt: now,
    ...overrides,
  });
}

describe('deal views', () => {
  it('lists deals longest-silent first with value, stage and days since the last reply', () => {
    const message = dealListMessage(
      [
        deal({ id: 1, company: 'Recent', lastInboundAt: new Date('2026-11-22T15:00:00Z') }),
        deal({ id: 2, company: 'Quiet', lastInboundAt: new Date('2026-11-03T15:00:00Z') }),
      ],
      view,
    );
    expect(message.text.indexOf('Quiet')).toBeLessThan(message.text.indexOf('Recent'));
    expect(message.text).toContain('20 days since they last replied');
    expect(message.text).toContain('$50,000');
    expect(checkMessage(message)).toEqual([]);
  });

  it('stays within Slack limits for a rep with 500 deals and long names, and says how many are not shown', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      deal({ id: i + 1, company: `Company ${i} ${'x'.repeat(100)}`, contactName: 'y'.repeat(200) }),
    );
    const message = dealListMessage(many, view);
    // Per-block limits only: the list is over Slack's total (the total is checked below).
    expect(checkMessage(message, { total: false })).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('and 460 more');
  });

  // Known product gap: 40 long deal lines carry ~14,600 characters in all, and Slack answers
  // msg_blocks_too_long. Passes while the gap is there; drop `.fails` once the list is cut by text too.
  it('keeps a long deal list under the 11,300-character total Slack has refused', () => {
    const names = ['Zürcher Kantonalbank Immobilien- und Vermögensverwaltung AG', 'Société Générale d’Équipement SAS'];
    const contactName = `María José Fernández-Villaverde ${'y'.repeat(150)}`;
    const company = (i: number) => `${names[i % 2]} ${i} ${'·'.repeat(60)}`;
    const many = Array.from({ length: 500 }, (_, i) => deal({ id: i + 1, company: company(i), contactName }));
    expect(checkMessage(dealListMessage(many, view))).toEqual([]);
  });

  it('escapes what users typed so it cannot inject mrkdwn links or mentions', () => {
    const message = dealListMessage([deal({ company: '<!channel> & <https://evil.example|click>' })], view);
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt; &amp;');
  });

  it("shows status with the timeline in the rep's zone, within limits even with a long history", () => {
    const activities: ActivityRow[] = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      teamId: 'T1',
      dealId: 1,
      actorId: 'U1',
      direction: i % 2 ? 'out' : 'in',
      channel: 'call',
      leftMessage: true,
      note: 'n'.repeat(300),
      at: new Date(Date.UTC(2026, 9, 1 + i, 14)),
    }));
    const message = dealStatusMessage({ deal: deal(), activities, commitments: [], episodes: [] }, view);
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('last 15 of 60');
    expect(JSON.stringify(message.blocks)).toContain('times in America/New_York');
  });

  it('shows rows written before the timeline spoke in words as days and words too; a typed note stays as typed', () => {
    const row = (id: number, direction: ActivityRow['direction'], note: string): ActivityRow => ({
      id,
      teamId: 'T1',
      dealId: 1,
      actorId: 'U1',
      direction,
      channel: null,
      leftMessage: null,
      note,
      at: new Date(Date.UTC(2026, 10, 2, 14)),
    });
    const activities = [
      row(1, 'note', 'they committed: “send PO” by 2026-11-04'),
      row(2, 'update', 'updated from the form: greetAs, valueMinor, contactName'),
      row(3, 'update', 'snoozed until 2027-01-08: after the holidays'),
      row(4, 'note', 'PO number 2026-11-04-A as typed'),
    ];
    const text = JSON.stringify(dealStatusMessage({ deal: deal(), activities, commitments: [], episodes: [] }, view));
    expect(text).toContain('they committed: “send PO” by Wed, Nov 4');
    expect(text).toContain('updated from the form: greet as, value, contact');
    expect(text).toContain('snoozed until Fri, Jan 8, 2027: after the holidays');
    expect(text).toContain('PO number 2026-11-04-A as typed');
  });

  it('renders help, errors, not-found and the modal within limits', () => {
    expect(checkMessage(helpMessage(null))).toEqual([]);
    expect(checkMessage(helpMessage('commit'))).toEqual([]);
    expect(checkMessage(errorMessage('`x` is not an amount.', '/deal value <deal> <amount>'))).toEqual([]);
    // An error that already says nothing changed does not say it twice.
    const once = errorMessage('A team keeps its manager. Nothing was changed.');
    expect(JSON.stringify(once).match(/Nothing was changed/g)).toHaveLength(2); // the blocks and the text, once each
    expect(JSON.stringify(errorMessage('Give the date.')).match(/Nothing was changed/g)).toHaveLength(1);
    expect(checkMessage(dealNotFound('ac', [deal(), deal({ id: 2, company: 'Acme West' })], 'ambiguous'))).toEqual([]);
    expect(checkView(dealModal({ company: 'Acme', stage: 'demo' }))).toEqual([]);
  });

  it('the checker itself catches violations', () => {
    const bad = {
      text: 'x',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        ...Array.from({ length: 50 }, () => ({ type: 'divider' })),
      ],
    };
    const problems = checkMessage(bad);
    expect(problems.some((p) => p.includes('151 characters > 150'))).toBe(true);
    expect(problems.some((p) => p.includes('51 blocks > 50'))).toBe(true);
  });
});

describe('usage lines in mrkdwn', () => {
  it('escape angle brackets so Slack does not read <deal> as a link', () => {
    const blocks = JSON.stringify([
      ...helpMessage(null).blocks,
      ...errorMessage('x', '/deal value <deal> <amount>').blocks,
      ...dealListMessage([], { now, zone: 'UTC' }).blocks,
    ]);
    expect(blocks).not.toMatch(/<(deal|amount|company|stage)/);
    expect(blocks).toContain('&lt;deal&gt;');
  });
});
