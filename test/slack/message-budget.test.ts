// Every view at realistic and extreme sizes: Slack's per-block limits, the total text budget of a
// message (msg_blocks_too_long) and well-formed UTF-16 (a clip never leaves half an emoji).
import { describe, expect, it } from 'vitest';
import type { ActivityRow, CommitmentRow, DealRow } from '../../src/db/schema.js';
import {
  blocksTextLength,
  clip,
  esc,
  excerpt,
  fromSlack,
  MESSAGE_TEXT_BUDGET,
  splitBlocks,
  section,
  type BotMessage,
} from '../../src/slack/blocks.js';
import { USAGE } from '../../src/domain/grammar.js';
import { cardNotUpdated } from '../../src/services/drafts.js';
import {
  COMPANY_SHOWN,
  confirmation,
  dealListMessage,
  dealNotFound,
  dealStatusMessage,
  errorMessage,
  helpMessage,
} from '../../src/slack/views/deal.js';
import { digestMessages } from '../../src/slack/views/digest.js';
import {
  approvedCardMessage,
  closedCardMessage,
  draftCardMessage,
  type DraftCardData,
} from '../../src/slack/views/draft-card.js';
import { importReportMessage } from '../../src/slack/views/import.js';
import { callScriptMessage, nudgeDigestMessage, type NudgeItem } from '../../src/slack/views/nudges.js';
import { firedTouchWarning } from '../../src/slack/views/revival.js';
import { checkMessage } from '../support/block-kit-limits.js';
import { blocksText, BLOCKS_TEXT_LIMIT } from '../support/fake-slack.js';
import {
  bigDigest,
  CURRENCIES,
  longCompany,
  longPromise,
  loneSurrogates,
  worldCompany,
  worldDigest,
} from '../support/big-data.js';
import { formatMoney } from '../../src/domain/money.js';
import { dealRow } from '../support/rows.js';

const now = new Date('2026-11-23T15:00:00Z');
const view = { now, zone: 'Europe/Paris' };

function deal(overrides: Partial<DealRow> = {}): DealRow {
  return dealRow({
    id: 7,
    company: 'Café Lumière SARL',
    companyKey: 'cafe lumiere sarl',
    contactName: 'Zoë Ærøskøbing',
    contactEmail: 'zoe@lumiere.fr',
    valueMinor: 1_250_000,
    currency: 'EUR',
    stage: 'negotiation',
    forecast: 'commit',
    state: 'silent',
    prospectGoal: 'réduire les coûts de recrutement',
    lastInboundAt: new Date('2026-11-03T15:00:00Z'),
    updatedAt: now,
    ...overrides,
  });
}

/** Everything a message must satisfy before it is sent. */
function expectSendable(message: BotMessage, label: string) {
  expect(checkMessage(message), label).toEqual([]);
  expect(blocksTextLength(message.blocks), `${label}: text budget`).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
  // The fake Slack's own count agrees with the app's.
  expect(blocksText(message.blocks), label).toBe(blocksTextLength(message.blocks));
  expect(loneSurrogates(message), `${label}: UTF-16`).toEqual([]);
}

function nudgeItems(
  count: number,
  promiseLength: number,
  nameLength: number,
  name: (i: number, length: number) => string = longCompany,
): NudgeItem[] {
  return Array.from({ length: count }, (_, i) => ({
    dealId: i + 1,
    episodeId: i + 1,
    company: name(i, nameLength),
    contactName: 'Jürgen Müller-Lüdenscheidt',
    valueText: formatMoney(98_765_432_109 + i, CURRENCIES[i % CURRENCIES.length]),
    stage: 'proposal',
    daysSilent: 20 - i,
    step: 2,
    totalSteps: 5,
    stepKind: 'message' as const,
    label: 'Email: ask what happened',
    offer: 1 as const,
    why: `silent ${20 - i} business days after “${longPromise(i, 400)}”`,
    commitment: longPromise(i, promiseLength),
  }));
}

function draftData(bodyLength: number, company: (i: number, length: number) => string = longCompany): DraftCardData {
  return {
    draft: {
      id: 42,
      kind: 'accountability',
      subject: `Re: ${company(3, 200)}`,
      body: longPromise(1, bodyLength),
      voicemail: longPromise(2, 1500),
      source: 'offline',
      promptVersion: 'accountability-v3',
      status: 'pending',
      toneProblems: Array.from(
        { length: 8 },
        (_, i) => ({ rule: 'no-guilt', message: `Phrase ${i}: “${longPromise(i, 200)}”` }) as never,
      ),
    },
    company: company(3, 480),
    dealLine: `*${esc(company(3, 100))}* · ${formatMoney(98_765_432_109, 'INR')} · proposal`,
    why: longPromise(5, 1200),
    contactEmail: 'zoe@lumiere.fr',
  };
}

describe('the message budget helpers', () => {
  it('counts every text object as Slack does: sections, fields, context, buttons, options', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: 'abc' }, fields: [{ type: 'mrkdwn', text: 'de' }] },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'fgh' },
          { type: 'image', image_url: 'https://x.test/a.png', alt_text: 'ignored' },
        ],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, value: 'not text', action_id: 'a' }],
      },
      {
        type: 'input',
        label: { type: 'plain_text', text: 'L' },
        element: { type: 'static_select', options: [{ text: { type: 'plain_text', text: 'opt' }, value: 'v' }] },
      },
    ];
    expect(blocksTextLength(blocks)).toBe(3 + 2 + 3 + 2 + 1 + 3);
  });

  it('clips without cutting an emoji or an escaped entity in half', () => {
    for (let max = 2; max < 40; max++) {
      const clipped = clip('Crème 🥐🇪🇺 AT&amp;T 🚀🚀🚀 Zoë 👩‍👩‍👧 fin', max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect(loneSurrogates(clipped)).toEqual([]);
      expect(clipped).not.toMatch(/&a?m?p?…|&l?t?…|&g?t?…/);
    }
  });

  it('splits blocks into groups each under the budget and the block count', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => section(`${i} ${'é'.repeat(2500)}`));
    const groups = splitBlocks(blocks);
    expect(groups.flat()).toHaveLength(120);
    for (const group of groups) {
      expect(blocksTextLength(group)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      expect(group.length).toBeLessThanOrEqual(50);
    }
  });

  it("decodes what Slack escapes and leaves Slack's own tokens for the grammar", () => {
    expect(fromSlack('new AT&amp;T value 5k')).toBe('new AT&T value 5k');
    expect(fromSlack('note 3 &lt; 5 &amp;&amp; 7 &gt; 2 &amp;lt;b&amp;gt;')).toBe('note 3 < 5 && 7 > 2 &lt;b&gt;');
    expect(fromSlack('team add <@U012AB|rita> channel <#C01|east-sales> <mailto:a@b.fr|a@b.fr>')).toBe(
      'team add <@U012AB|rita> channel <#C01|east-sales> <mailto:a@b.fr|a@b.fr>',
    );
    expect(esc(fromSlack('AT&amp;T'))).toBe('AT&amp;T');
  });

  it('drops invisible characters on the way in and again when showing text stored before', () => {
    expect(fromSlack('new Acme\u0000\u202Egpj.exe &amp; 👩\u200D💻')).toBe('new Acmegpj.exe & 👩\u200D💻');
    expect(esc('Invoice\u202Efdp.exe & Co\u200B')).toBe('Invoicefdp.exe &amp; Co');
  });
});

describe('every view at realistic and extreme sizes', () => {
  it('the digest of 20 reps x 10 silent deals with long names and promises: main and thread each under budget', () => {
    for (const [reps, perRep, nameLength, promiseLength] of [
      [3, 2, 30, 60],
      [14, 7, 120, 400],
      [20, 10, 480, 2000],
      [60, 25, 480, 3000],
    ] as const) {
      const data = bigDigest(reps, perRep, { nameLength, promiseLength });
      const { main, thread } = digestMessages(data);
      expectSendable(main, `digest main ${reps}x${perRep}`);
      thread.forEach((reply, i) => expectSendable(reply, `digest reply ${i + 1} of ${reps}x${perRep}`));
      // Every stuck deal is listed once in the thread (or in the main message when nothing was cut).
      const listed = [main, ...thread].map((m) => JSON.stringify(m.blocks)).join('');
      for (const rep of data.reps)
        for (const d of rep.deals) expect(listed).toContain(`${d.daysSilent} business days silent`);
      if (reps * perRep > 20) expect(thread.length).toBeGreaterThan(1);
    }
  });

  it('the nudge DM with long names and 3,000-character promises', () => {
    for (const [count, promise, name] of [
      [1, 80, 20],
      [10, 3000, 480],
      [25, 3000, 480],
    ] as const) {
      const message = nudgeDigestMessage(nudgeItems(count, promise, name));
      expectSendable(message, `nudges ${count}`);
      expect(message.blocks.filter((b) => b.type === 'actions')).toHaveLength(Math.min(count, 10));
      if (promise > 1000) expect(JSON.stringify(message.blocks)).toContain('/deal status &lt;deal&gt;');
    }
  });

  it('status, list, errors and not-found with 3,000-character notes', () => {
    const activities: ActivityRow[] = Array.from({ length: 40 }, (_, i) => ({
      id: i + 1,
      teamId: 'T1',
      dealId: 7,
      actorId: 'U1',
      direction: i % 2 ? 'out' : 'note',
      channel: 'email',
      leftMessage: null,
      note: longPromise(i, 3000),
      at: new Date(Date.UTC(2026, 9, 1 + i, 14)),
    }));
    const commitments: CommitmentRow[] = Array.from(
      { length: 6 },
      (_, i) =>
        ({
          id: i + 1,
          teamId: 'T1',
          dealId: 7,
          text: longPromise(i, 3000),
          dueOn: '2026-11-20',
          status: i % 2 ? 'broken' : 'open',
          madeAt: now,
        }) as CommitmentRow,
    );
    const big = deal({
      company: longCompany(1, 500),
      contactName: longCompany(2, 500),
      prospectGoal: longPromise(3, 3000),
      lostReason: longPromise(4, 3000),
    });
    expectSendable(dealStatusMessage({ deal: big, activities, commitments, episodes: [] }, view), 'status');
    expectSendable(
      dealListMessage(
        Array.from({ length: 300 }, (_, i) => deal({ id: i, company: longCompany(i, 500) })),
        view,
      ),
      'list',
    );
    expectSendable(
      errorMessage(`You already have a deal with ${longCompany(1, 3000)}.`, '/deal new <company>'),
      'error',
    );
    expectSendable(
      dealNotFound(
        longCompany(1, 3000),
        Array.from({ length: 10 }, (_, i) => deal({ id: i, company: longCompany(i, 500) })),
        'ambiguous',
      ),
      'not found',
    );
  });

  it('draft cards (pending, approved, closed) and the fired-touch warning', () => {
    expectSendable(draftCardMessage(draftData(6000)), 'draft card');
    expectSendable(approvedCardMessage(draftData(6000), 'Copy it into your mail app.'), 'approved card');
    expectSendable(closedCardMessage(draftData(6000), 'Discarded'), 'closed card');
    const warning = firedTouchWarning(longCompany(5, 500), 7, 123456);
    expectSendable(warning, 'fired warning');
    const values = JSON.stringify(warning.blocks).match(/"value":"[^"]*"/g) ?? [];
    expect(values.every((v) => v.length < 40)).toBe(true);
  });

  it('the import report with many long rejected rows', () => {
    const rejects = Array.from({ length: 500 }, (_, i) => ({
      line: i + 2,
      company: longCompany(i, 300),
      reason: longPromise(i, 1000),
    }));
    const report = {
      source: 'hubspot',
      teamId: 'T1',
      dryRun: false,
      committed: false,
      rows: 900,
      imported: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      rejected: 500,
      rejects,
      rejectsNotListed: 0,
      columns: [],
      stageGuesses: Array.from({ length: 40 }, (_, i) => ({ from: longCompany(i, 200), to: 'proposal', rows: i })),
      notes: Array.from({ length: 8 }, (_, i) => longPromise(i, 2500)),
      error: null,
    };
    const built = importReportMessage(report as never, { fileName: `${longCompany(1, 300)}.csv` });
    expectSendable(built, 'import report');
    // What is cut to fit is the notes; the count of rows not listed stays.
    expect(JSON.stringify(built.blocks)).toMatch(/…and \d+ more rows with problems not shown/);
  });
});

describe(`the ${MESSAGE_TEXT_BUDGET.toLocaleString('en-US')}-character budget, with a multinational team's worst case`, () => {
  it('leaves a margin of more than 10% under the smallest total Slack has refused (11,300)', () => {
    expect(BLOCKS_TEXT_LIMIT).toBe(11_300);
    expect(MESSAGE_TEXT_BUDGET).toBeLessThanOrEqual(BLOCKS_TEXT_LIMIT * 0.9);
  });

  it('every digest message: multi-word non-Latin names, a dozen currencies in every sum, up to 60 reps x 40 deals', () => {
    let largest = 0;
    for (const [reps, perRep, promise] of [
      [1, 1, 40],
      [3, 5, 200],
      [12, 5, 500],
      [20, 10, 500],
      [60, 40, 500],
    ] as const) {
      const data = worldDigest(reps, perRep, { promiseLength: promise });
      const { main, thread } = digestMessages(data);
      expectSendable(main, `digest main ${reps}x${perRep}`);
      thread.forEach((reply, i) => expectSendable(reply, `digest reply ${i + 1} of ${reps}x${perRep}`));
      largest = Math.max(largest, blocksTextLength(main.blocks), ...thread.map((m) => blocksTextLength(m.blocks)));
      const listed = [main, ...thread].map((m) => JSON.stringify(m.blocks)).join('');
      for (const rep of data.reps)
        for (const d of rep.deals) expect(listed).toContain(`*${excerpt(d.company, COMPANY_SHOWN)}*`);
    }
    // The sums read in every currency; the worst case fills a message, so the budget is what bounds it.
    expect(JSON.stringify(digestMessages(worldDigest(3, 5)).main.blocks)).toMatch(/¥.*₹.*R\$/);
    expect(largest).toBeGreaterThan(MESSAGE_TEXT_BUDGET * 0.9);
    expect(largest).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
  });

  it('every other message the bot sends, with the same names and currencies', () => {
    const world = (i: number) =>
      deal({
        id: i + 1,
        company: worldCompany(i),
        contactName: worldCompany(i + 7, 200),
        currency: CURRENCIES[i % CURRENCIES.length]!,
        valueMinor: 98_765_432_109 + i,
        prospectGoal: longPromise(i, 500),
      });
    const deals = Array.from({ length: 300 }, (_, i) => world(i));
    const messages: Array<[string, BotMessage]> = [
      ['nudges', nudgeDigestMessage(nudgeItems(25, 500, 200, worldCompany))],
      ['list', dealListMessage(deals, view)],
      ['status', dealStatusMessage({ deal: world(1), activities: [], commitments: [], episodes: [] }, view)],
      ['not found', dealNotFound(worldCompany(1, 3000), deals.slice(0, 10), 'ambiguous')],
      ['error', errorMessage(`You already have a deal with ${worldCompany(2)}.`, '/deal new <company>')],
      ['confirmation', confirmation('Deal added', world(3), view, [longPromise(3, 500)])],
      ['draft card', draftCardMessage(draftData(5000, worldCompany))],
      ['approved card', approvedCardMessage(draftData(5000, worldCompany), 'Logged as sent.')],
      ['closed card', closedCardMessage(draftData(5000, worldCompany), 'Discarded')],
      [
        'card not updated',
        cardNotUpdated(
          'The touch is logged',
          draftCardMessage(draftData(5000, worldCompany)),
          'rate limited (Retry-After 30s)',
        ),
      ],
      ['fired warning', firedTouchWarning(worldCompany(5), 7, 123456)],
      [
        'call script',
        callScriptMessage(worldCompany(6), 'Step 2 of 12: call, leave a message', {
          kind: 'accountability',
          ifTheyAnswer: longPromise(1, 2000),
          aim: longPromise(2, 500),
          voicemail: longPromise(3, 1000),
        }),
      ],
      ['help', helpMessage(null)],
      ...Object.keys(USAGE).map((topic): [string, BotMessage] => [`help ${topic}`, helpMessage(topic)]),
    ];
    for (const [label, built] of messages) expectSendable(built, label);
  });
});
