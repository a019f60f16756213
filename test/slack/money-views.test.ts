// Sums in the digest and on App Home, as pure views: per currency, the team's first, deals without an amount
// counted, the change since the last digest per currency, and within Slack's limits with many currencies.
import { describe, expect, it } from 'vitest';
import type { DigestData, DigestDeal } from '../../src/jobs/digest.js';
import { formatMoney } from '../../src/domain/money.js';
import { blocksTextLength, MESSAGE_TEXT_BUDGET } from '../../src/slack/blocks.js';
import { digestMessages } from '../../src/slack/views/digest.js';
import { homeView, type HomeData } from '../../src/slack/views/home.js';
import { checkMessage, checkView } from '../support/block-kit-limits.js';
import { worldDigest } from '../support/big-data.js';

const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');

function deal(id: number, company: string, minor: number | null, currency: string, forecast = 'commit'): DigestDeal {
  return {
    dealId: id,
    company,
    ownerId: 'U0JONAS',
    valueMinor: minor,
    currency,
    valueText: formatMoney(minor, currency),
    stage: 'proposal',
    forecast,
    daysSilent: 12,
    threshold: 5,
    step: 'step 3 of 5',
    accountabilitySent: false,
    brokenCommitment: null,
    escalatedDays: null,
  };
}

function digest(deals: DigestDeal[], extra: Partial<DigestData> = {}): DigestData {
  const sums: Record<string, number> = {};
  for (const d of deals) if (d.valueMinor !== null) sums[d.currency] = (sums[d.currency] ?? 0) + d.valueMinor;
  return {
    workspace: 'T1',
    team: { id: 2, name: 'Vertrieb DACH', currency: 'EUR' },
    at: '2026-11-23T08:00:00.000Z',
    since: '2026-11-16T08:00:00.000Z',
    totals: { stuckDeals: deals.length, stuckValue: sums, forecastAtRisk: sums, escalated: 0 },
    change: null,
    reps: [{ repId: 'U0JONAS', deals, value: sums, coaching: null }],
    forecastHygiene: { deals, value: sums },
    firedSince: [],
    revivedSince: [],
    ...extra,
  };
}

const EURO_TEAM = [
  deal(1, 'Construtora Paulista', 35_000_000, 'BRL'),
  deal(2, 'Banque Cantonale du Léman', 8_500_000, 'CHF'),
  deal(3, 'Nordlicht Logistik GmbH', 120_000_000, 'EUR'),
  deal(4, 'Tavira Sun Resorts', null, 'EUR'),
];

describe('the digest sums per currency', () => {
  it('shows the team currency first, each currency on its own, and counts the deal without an amount', () => {
    const { main } = digestMessages(digest(EURO_TEAM));
    const blocks = nbsp(JSON.stringify(main.blocks));
    expect(blocks).toContain(
      '*4 stuck deals* worth *€1,200,000 + R$350,000 + CHF 85,000* (1 of them without an amount).',
    );
    expect(blocks).toContain(
      '*€1,200,000 + R$350,000 + CHF 85,000* (1 of them without an amount) should come out of the forecast.',
    );
    expect(blocks).toContain('*<@U0JONAS>*: 4 stuck deals, €1,200,000 + R$350,000 + CHF 85,000 (1 of them');
    expect(nbsp(main.text)).toBe(
      'Vertrieb DACH: 4 stuck deals worth €1,200,000 + R$350,000 + CHF 85,000 (1 of them without an amount); ' +
        '4 still in the forecast worth €1,200,000 + R$350,000 + CHF 85,000 (1 of them without an amount).',
    );
    expect(blocks).not.toMatch(/\$0\b/);
  });

  it('says "no amount recorded" when no deal has one, never "$0"', () => {
    const none = [deal(1, 'Tavira Sun Resorts', null, 'EUR'), deal(2, 'Algarve Golf Lda', null, 'EUR', 'best-case')];
    const { main } = digestMessages(digest(none));
    const blocks = JSON.stringify(main.blocks);
    expect(blocks).toContain('*2 stuck deals*, no amount recorded.');
    expect(blocks).toContain('they should come out of the forecast (no amount recorded).');
    expect(blocks).toContain('*<@U0JONAS>*: 2 stuck deals, no amount recorded');
    expect(main.text).toBe(
      'Vertrieb DACH: 2 stuck deals, no amount recorded; 2 still in the forecast, no amount recorded.',
    );
    expect(blocks + main.text).not.toMatch(/\$0|±/);
  });

  it('gives the change since the last digest per currency, only the currencies that moved', () => {
    const moved = digestMessages(
      digest(EURO_TEAM, { change: { stuckDeals: -1, stuckValue: { EUR: -4_500_000, BRL: 5_000_000, CHF: 0 } } }),
    );
    expect(nbsp(JSON.stringify(moved.main.blocks))).toContain('(−1 deal, −€45,000, +R$50,000 since the last digest).');
    const same = digestMessages(digest(EURO_TEAM, { change: { stuckDeals: 0, stuckValue: {} } }));
    expect(JSON.stringify(same.main.blocks)).toContain('(unchanged since the last digest).');
    const dealsOnly = digestMessages(digest(EURO_TEAM, { change: { stuckDeals: 2, stuckValue: {} } }));
    expect(JSON.stringify(dealsOnly.main.blocks)).toContain('(+2 deals since the last digest).');
  });

  it('stays within Slack’s limits with a dozen currencies, amounts missing on a third of the deals', () => {
    for (const [reps, perRep] of [
      [3, 5],
      [60, 40],
    ] as const) {
      const data = worldDigest(reps, perRep);
      for (const rep of data.reps) rep.deals.forEach((d, i) => i % 3 === 0 && Object.assign(d, { valueMinor: null }));
      const { main, thread } = digestMessages(data);
      for (const message of [main, ...thread]) {
        expect(checkMessage(message)).toEqual([]);
        expect(blocksTextLength(message.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
      }
      expect(JSON.stringify(main.blocks)).toContain('of them without an amount');
    }
  });
});

describe('App Home team totals', () => {
  const home = (team: HomeData['team']): string => {
    const view = homeView({
      now: new Date('2026-11-23T08:00:00Z'),
      zone: 'Europe/Berlin',
      silent: [],
      active: [],
      nurture: [],
      pendingDrafts: [],
      month: {} as never,
      monthLabel: 'This month (November 2026)',
      team,
    });
    expect(checkView(view)).toEqual([]);
    return nbsp(JSON.stringify(view.blocks));
  };
  const metrics = {
    episodesOpened: 0,
    accountabilitySent: 0,
    repliedAfterAccountability: 0,
    fireSent: 0,
    repliedAfterFire: 0,
    revived: 0,
    revivedThenWon: 0,
    averageDaysToClosure: null,
  } as never;

  it('shows the sums per currency and counts the deals without an amount; none: no "$0"', () => {
    expect(
      home({
        name: 'Vertrieb DACH',
        metrics,
        silentDeals: 3,
        silentValue: '€20,000 + R$300,000 + CHF 85,000',
        silentWithoutAmount: 1,
        reps: 4,
      }),
    ).toContain('3 silent deals worth €20,000 + R$300,000 + CHF 85,000 (1 of them without an amount)');
    const none = home({
      name: 'Vertrieb DACH',
      metrics,
      silentDeals: 2,
      silentValue: null,
      silentWithoutAmount: 2,
      reps: 4,
    });
    expect(none).toContain('2 silent deals, no amount recorded');
    expect(none).not.toMatch(/\$0/);
  });
});
