import { describe, expect, it } from 'vitest';
import { agreementOf, formatAgreement } from './tone-agreement.js';
import { HOLDOUT_CASES } from './tone-cases-holdout.js';
import { TONE_CASES } from './tone-cases.js';

describe("tone guard against a coach's labels", () => {
  const all = [...TONE_CASES, ...HOLDOUT_CASES];

  it('holds at least 150 labelled cases, a third of them held out, with unique ids', () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(HOLDOUT_CASES.length).toBeGreaterThanOrEqual(Math.floor(all.length / 3) - 2);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) expect(c.reason.length, c.id).toBeGreaterThan(5);
  });

  it('agrees with the coach on at least 90% and flags at most 5% of the good notes', () => {
    const overall = agreementOf(all);
    const tuning = agreementOf(TONE_CASES);
    const heldOut = agreementOf(HOLDOUT_CASES);
    // Printed so the figures show in `npm test` output; the held-out line is the honest one.
    console.log(
      [
        formatAgreement('tone cases, all', overall),
        formatAgreement('tone cases, tuning set', tuning),
        formatAgreement('tone cases, held out (never tuned on)', heldOut),
      ].join('\n'),
    );
    expect(overall.agreementPct).toBeGreaterThanOrEqual(90);
    expect(overall.goodFlaggedPct).toBeLessThanOrEqual(5);
    expect(heldOut.agreementPct).toBeGreaterThanOrEqual(85);
  });
});
