// Runs the tone guard over labelled cases and measures how often it agrees with the coach's labels.
import { checkTone } from '../../src/coach/tone.js';
import { factsFor, type ToneCase } from './tone-cases-deals.js';

export interface CaseOutcome {
  id: string;
  expected: string[];
  got: string[];
  agrees: boolean;
}

export interface Agreement {
  cases: number;
  agreed: number;
  /** Percent of cases where the guard does what the coach expects. */
  agreementPct: number;
  goodCases: number;
  goodFlagged: number;
  /** Percent of fine-to-send notes the guard rejects. */
  goodFlaggedPct: number;
  misses: CaseOutcome[];
}

/** Agreement: a good note passes clean; a bad note raises (at least) the rule the coach named. */
export function outcomeOf(c: ToneCase): CaseOutcome {
  const text = { subject: c.subject ?? null, body: c.body, voicemail: c.voicemail ?? null };
  const tone = checkTone(c.kind, text, factsFor(c.deal, c.kind));
  const got = tone.problems.map((p) => p.rule);
  const expected = c.expect === null ? [] : [c.expect].flat();
  const agrees = expected.length === 0 ? got.length === 0 : expected.some((rule) => got.includes(rule));
  return { id: c.id, expected, got, agrees };
}

export function agreementOf(cases: readonly ToneCase[]): Agreement {
  const outcomes = cases.map(outcomeOf);
  const good = outcomes.filter((o) => o.expected.length === 0);
  const agreed = outcomes.filter((o) => o.agrees).length;
  const goodFlagged = good.filter((o) => o.got.length > 0).length;
  const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);
  return {
    cases: outcomes.length,
    agreed,
    agreementPct: pct(agreed, outcomes.length),
    goodCases: good.length,
    goodFlagged,
    goodFlaggedPct: pct(goodFlagged, good.length),
    misses: outcomes.filter((o) => !o.agrees),
  };
}

export function formatAgreement(label: string, a: Agreement): string {
  const misses = a.misses.map(
    (m) => `  - ${m.id}: expected ${m.expected.join('|') || 'none'}, got ${m.got.join(', ') || 'none'}`,
  );
  return [
    `${label}: agreement ${a.agreementPct}% (${a.agreed}/${a.cases}), ` +
      `good notes flagged ${a.goodFlaggedPct}% (${a.goodFlagged}/${a.goodCases})`,
    ...misses,
  ].join('\n');
}
