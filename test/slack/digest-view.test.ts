// The digest's words (issue 22): a rep with no stuck deal is said so, not shown as a bare name; escalations and
// revivals read as people say them.
import { describe, expect, it } from 'vitest';
import type { DigestData } from '../../src/jobs/digest.js';
import { digestMessages } from '../../src/slack/views/digest.js';
import { checkMessage } from '../support/block-kit-limits.js';

const data: DigestData = {
  workspace: 'T1',
  team: { id: 1, name: 'Équipe Sud' },
  at: '2026-11-30T08:00:00.000Z',
  since: '2026-11-23T08:00:00.000Z',
  totals: { stuckDeals: 1, stuckValue: { EUR: 4_500_000 }, forecastAtRisk: {}, escalated: 1 },
  change: null,
  reps: [
    {
      repId: 'U0VERA',
      value: { EUR: 4_500_000 },
      coaching: null,
      deals: [
        {
          dealId: 7,
          company: 'Müller & Söhne KG',
          ownerId: 'U0VERA',
          valueMinor: 4_500_000,
          currency: 'EUR',
          valueText: '€45,000',
          stage: 'negotiation',
          forecast: 'pipeline',
          daysSilent: 6,
          threshold: 3,
          step: 'step 4 of 5',
          accountabilitySent: true,
          brokenCommitment: null,
          escalatedDays: 4,
        },
      ],
    },
    {
      repId: 'U0OTTO',
      deals: [],
      value: {},
      coaching: '<@U0OTTO> let go of 1 silent deal since the last digest: time back for live leads.',
    },
  ],
  forecastHygiene: { deals: [], value: {} },
  firedSince: [{ dealId: 9, company: 'Ça Va Café', ownerId: 'U0OTTO', at: '2026-11-26T10:00:00.000Z' }],
  revivedSince: [
    {
      dealId: 3,
      company: '株式会社ヤマト運輸',
      ownerId: 'U0VERA',
      at: '2026-11-27T10:00:00.000Z',
      reason: 'considering_competitor',
    },
  ],
};

describe('the digest, in words', () => {
  it('says a rep with no stuck deal has none, and names escalations and revivals as people read them', () => {
    const { main } = digestMessages(data);
    expect(checkMessage(main)).toEqual([]);
    const texts = main.blocks.map((b) => JSON.stringify(b));
    expect(texts.some((t) => t.includes('*<@U0OTTO>*: no stuck deals'))).toBe(true);
    expect(texts.some((t) => /"\*<@U0OTTO>\*"/.test(t))).toBe(false);
    const all = texts.join('\n');
    expect(all).toContain('a step due, no touch for 4 business days');
    expect(all).toContain('1 deal has a cadence step due and no touch for the team');
    expect(all).toContain('came back (Leaning towards a competitor, not signed yet)');
    expect(all).not.toContain('considering_competitor');
  });
});
