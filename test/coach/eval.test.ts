import { describe, expect, it } from 'vitest';
import { checkDraft, evalDeals, formatEval, runEval } from './eval.js';
import { vpDeal } from './scenarios.js';

describe('offline drafter evaluation (METHOD.md rules, checked independently of the tone guard)', () => {
  it('drafts every kind for 48 varied deals: at least 95% pass every rule, all pass the guard', () => {
    const deals = evalDeals();
    expect(deals.length).toBeGreaterThanOrEqual(40);
    const result = runEval();
    console.log(formatEval(result, 2));
    expect(result.drafts).toBeGreaterThanOrEqual(400);
    expect(result.duplicateBodies).toBe(0);
    expect(result.rate).toBeGreaterThanOrEqual(0.95);
    // The offline draft is the floor under every model draft: the guard must pass every one.
    expect(result.guardFailures.map((f) => `${f.label}: ${f.rules.join(', ')}`)).toEqual([]);
    expect(result.guardRate).toBe(1);
  });

  it('the checks catch the seams the old drafter left', () => {
    const facts = vpDeal({
      company: 'Acme Logistics, Inc.',
      touches: [],
      lastReplyDate: null,
      commitment: null,
      prospectGoal: 'Improve onboarding',
    });
    const body =
      "Hi Dana,\n\nYou said Improve onboarding mattered to Acme Logistics, Inc. I've tried several times since we last spoke....\n\nThanks,\nSam Rivera";
    const rules = checkDraft({
      kind: 'fire',
      facts,
      subject: 'Acme Logistics, Inc: closing the loop',
      body,
      voicemail: null,
    }).map((f) => f.rule);
    for (const rule of [
      'seam-capital',
      'invented-attempts',
      'invented-conversation',
      'seam-punctuation',
      'legal-suffix-subject',
      'fire-firm',
      'fire-door',
      'seam-bare-verb',
    ]) {
      expect(rules, rule).toContain(rule);
    }
  });
});
