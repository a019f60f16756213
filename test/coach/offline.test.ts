import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/coach/evidence.js';
import {
  callScriptOffline,
  cleanFact,
  composeOffline,
  createOfflineDrafter,
  draftOffline,
  firstNameOf,
  phrasingIndex,
  revivalReasonOf,
  stableHash,
} from '../../src/coach/offline.js';
import { checkTone, VOICEMAIL_MAX_WORDS } from '../../src/coach/tone.js';
import { DRAFT_KINDS, DRAFT_TONES, type DraftKind } from '../../src/domain/vocabulary.js';
import { scenarios, vpDeal } from './scenarios.js';

const LEFTOVERS = /\[[^\]]*\]|\{\{|\}\}|<[a-z_ ]+>|\bTODO\b|\bXXX\b|\bundefined\b|\bnull\b|\bNaN\b|\$\{/;

describe('offline drafter: done-when example', () => {
  const deal = vpDeal();

  it('accountability: mentions the commitment in their words, asks what happened, passes the guard', () => {
    const draft = draftOffline(deal, 'accountability');
    expect(draft.body).toContain("you'd present the proposal to the VP of Sales by Friday");
    expect(draft.body.toLowerCase()).toContain('what happened?');
    expect(draft.body).not.toMatch(/brochure|deck|attached|case study/i);
    expect(draft.tone).toEqual({ ok: true, problems: [] });
    expect(draft.source).toBe('offline');
    expect(draft.promptVersion).toBe('offline-accountability@2');
    expect(draft.usage).toBeNull();
    expect(draft.body.trimEnd().endsWith('Sam Rivera')).toBe(true);
  });

  it('fire: short, firm, courteous, names their goal, door open, no further follow-up', () => {
    const draft = draftOffline(deal, 'fire');
    expect(draft.tone).toEqual({ ok: true, problems: [] });
    expect(countWords(draft.body)).toBeLessThanOrEqual(120);
    expect(draft.body).toMatch(/taking you off my list|stepping back|won't reach out again/i);
    expect(draft.body).toMatch(/won't (call|be calling|reach out) again/i);
    expect(draft.body.toLowerCase()).toContain('improving retention and reducing hiring costs');
    expect(draft.body).toMatch(
      /if (things|anything|priorities) (change|changes|shift)|door is open|reach me|reply here/i,
    );
    expect(draft.body).toMatch(/thank|appreciate/i);
    expect(draft.body).not.toMatch(/I'll (call|follow up|try)/i);
  });

  it('every kind, with a voicemail, passes for the done-when deal', () => {
    for (const kind of DRAFT_KINDS) {
      const draft = draftOffline(
        {
          ...deal,
          wantsVoicemail: true,
          revival: { reason: 'roi', said: null },
          roi: { currency: 'USD', conservative: 40000, moderate: 70000, aggressive: 100000, yearlyCost: 20000 },
        },
        kind,
      );
      expect(draft.tone.problems, kind).toEqual([]);
      expect(draft.voicemail, kind).toBeTruthy();
      expect(countWords(draft.voicemail!)).toBeLessThanOrEqual(VOICEMAIL_MAX_WORDS);
    }
  });
});

describe('offline drafter: evaluation over many deals', () => {
  const all = scenarios();

  // The offline draft is the floor under every model draft: every one of them passes the guard, every tone.
  it(`covers ${all.length} scenarios x ${DRAFT_KINDS.length} kinds x every tone, all passing the tone guard`, () => {
    const failures: string[] = [];
    for (const { name, facts } of all) {
      for (const kind of DRAFT_KINDS) {
        for (const tone of [null, ...DRAFT_TONES]) {
          const draft = draftOffline({ ...facts, tone }, kind);
          if (draft.tone.problems.length === 0) continue;
          failures.push(
            `${name} ${kind} tone=${tone ?? '-'}: ${JSON.stringify(draft.tone.problems)}\n` +
              `${draft.subject}\n${draft.body}\nVM: ${draft.voicemail}`,
          );
        }
      }
    }
    expect(failures.slice(0, 5).join('\n\n')).toBe('');
  });

  it('never leaves placeholders or empty values, honours voicemail and signs with the rep', () => {
    for (const { name, facts } of all) {
      for (const kind of DRAFT_KINDS) {
        const draft = draftOffline(facts, kind);
        const text = [draft.subject, draft.body, draft.voicemail ?? ''].join('\n');
        expect(text, `${name} ${kind}`).not.toMatch(LEFTOVERS);
        expect(draft.subject.trim().length, `${name} ${kind}`).toBeGreaterThan(0);
        expect(draft.voicemail !== null, `${name} ${kind}`).toBe(facts.wantsVoicemail);
        if (facts.repName) expect(draft.body.trimEnd().endsWith(facts.repName), `${name} ${kind}`).toBe(true);
        if (facts.contactName === null) expect(draft.body.startsWith('Hello,'), `${name} ${kind}`).toBe(true);
      }
    }
  });

  it('refers to the commitment whenever there is one', () => {
    for (const { name, facts } of all.filter((s) => s.facts.commitment)) {
      const draft = draftOffline(facts, 'accountability');
      expect(
        draft.tone.problems.map((p) => p.rule),
        name,
      ).not.toContain('accountability-no-commitment');
      expect(draft.body, name).toContain('?');
    }
  });

  it('states the ROI figures three ways over three years when the deal has them', () => {
    const draft = draftOffline(
      vpDeal({ roi: { currency: 'USD', conservative: 40000, moderate: 70000, aggressive: 100000, yearlyCost: 20000 } }),
      'roi',
    );
    expect(draft.body).toContain('Conservative: $40,000 a year, $120,000 over three years');
    expect(draft.body).toContain('Moderate: $70,000 a year, $210,000 over three years');
    expect(draft.body).toContain('Aggressive: $100,000 a year, $300,000 over three years');
    expect(draft.body).toContain('even the conservative case comes out $60,000 ahead');
    expect(draft.tone.ok).toBe(true);
  });

  it('does not claim the conservative case pays when it does not', () => {
    const draft = draftOffline(
      vpDeal({ roi: { currency: 'USD', conservative: 5000, moderate: 9000, aggressive: 30000, yearlyCost: 20000 } }),
      'roi',
    );
    expect(draft.body).not.toContain('even the conservative case');
    expect(draft.body).toContain('The yearly cost is $20,000 ($60,000 over three years).');
    expect(draft.tone.ok).toBe(true);
  });
});

describe('offline drafter: phrasing choice', () => {
  it('is stable for the same deal and step', () => {
    for (const kind of DRAFT_KINDS) {
      expect(composeOffline(vpDeal(), kind)).toEqual(composeOffline(vpDeal(), kind));
    }
    expect(stableHash('42:5:fire')).toBe(stableHash('42:5:fire'));
  });

  it('has at least three phrasings per kind, chosen by deal and step', () => {
    for (const kind of DRAFT_KINDS) {
      const bodies = new Set<string>();
      const indexes = new Set<number>();
      for (let dealId = 1; dealId <= 30; dealId++) {
        const facts = vpDeal({ dealId, revival: { reason: 'approval', said: null } });
        indexes.add(phrasingIndex(facts, kind));
        bodies.add(composeOffline(facts, kind).body);
      }
      expect(indexes.size, kind).toBe(3);
      expect(bodies.size, kind).toBeGreaterThanOrEqual(3);
    }
  });

  it('changes with the step for the same deal', () => {
    const steps = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((step) => phrasingIndex({ dealId: 42, step }, 'fire')));
    expect(steps.size).toBeGreaterThan(1);
  });
});

describe('offline drafter: tone instructions', () => {
  const kinds: DraftKind[] = [...DRAFT_KINDS];

  it('shorter is shorter, firmer is firmer, warmer is warmer, and all still pass', () => {
    for (const kind of kinds) {
      const base = vpDeal({
        roi: { currency: 'USD', conservative: 40000, moderate: 70000, aggressive: 100000, yearlyCost: 20000 },
        revival: { reason: 'approvals', said: null },
      });
      const plain = draftOffline(base, kind);
      const shorter = draftOffline({ ...base, tone: 'shorter' }, kind);
      expect(countWords(shorter.body), kind).toBeLessThan(countWords(plain.body));
      for (const tone of DRAFT_TONES) {
        const draft = draftOffline({ ...base, tone }, kind);
        expect(draft.tone.problems, `${kind} ${tone}`).toEqual([]);
      }
    }
    expect(draftOffline(vpDeal({ tone: 'firmer' }), 'fire').body).toContain('This is my last message');
    expect(draftOffline(vpDeal({ tone: 'warmer' }), 'fire').body).toContain('No hard feelings');
    expect(countWords(draftOffline(vpDeal({ tone: 'warmer' }), 'fire').body)).toBeLessThanOrEqual(
      countWords(draftOffline(vpDeal(), 'fire').body),
    );
    expect(draftOffline(vpDeal({ tone: 'firmer' }), 'accountability').body).toContain('no longer a priority');
    expect(draftOffline(vpDeal({ tone: 'warmer' }), 'accountability').body).toContain('I hope things are going well');
  });
});

describe('offline drafter: helpers', () => {
  it('cleans rep-typed text without inventing anything', () => {
    expect(cleanFact('  send the PO by FRIDAY!! ')).toBe('send the PO by FRIDAY');
    expect(cleanFact('check with [manager] TODO')).toBe('check');
    expect(cleanFact('"get legal to review."')).toBe('get legal to review');
    expect(cleanFact('   ')).toBeNull();
    expect(cleanFact('one two three four', 2)).toBe('one two');
  });

  it('finds a first name, skipping honorifics', () => {
    expect(firstNameOf('Dr. Priya Natarajan')).toBe('Priya');
    expect(firstNameOf('Dana Whitfield')).toBe('Dana');
    expect(firstNameOf(null)).toBeNull();
    expect(firstNameOf('dana@acme.example')).toBeNull();
  });

  it('turns a commitment in the first person into "you"', () => {
    const draft = draftOffline(
      vpDeal({
        commitment: {
          text: "I'll take this to my board for sign-off",
          dueDate: '2026-12-03',
          dueText: 'Thursday, December 3',
          broken: true,
        },
      }),
      'accountability',
    );
    expect(draft.body).toContain("you'd take this to your board for sign-off by Thursday, December 3");
    expect(draft.tone.ok).toBe(true);
  });

  it('recognises the kinds of reasons prospects give when they come back', () => {
    expect(revivalReasonOf('ROI doubts')).toBe('roi');
    expect(revivalReasonOf('signed with a competitor')).toBe('competitor');
    expect(revivalReasonOf('Leaning towards a competitor, not signed yet')).toBe('comparing');
    expect(revivalReasonOf('Signed with a competitor')).toBe('competitor');
    expect(revivalReasonOf('staying with current vendor')).toBe('current');
    expect(revivalReasonOf('stuck in approvals')).toBe('approval');
    expect(revivalReasonOf('call me in a few months')).toBe('later');
    expect(revivalReasonOf('Side-tracked: call me in a few months')).toBe('later');
    expect(revivalReasonOf('Objection: timing')).toBe('timing');
    expect(revivalReasonOf('Objection: price')).toBe('price');
    expect(revivalReasonOf('Objection: ROI')).toBe('roi');
    expect(revivalReasonOf('Back on track')).toBe('back');
    expect(revivalReasonOf(null)).toBe('general');
  });

  it('the offline Drafter resolves the same draft as draftOffline', async () => {
    const drafter = createOfflineDrafter();
    expect(await drafter.draft(vpDeal(), 'fire')).toEqual(draftOffline(vpDeal(), 'fire'));
  });

  it('the guard agrees with the drafter about its own output', () => {
    const text = composeOffline(vpDeal(), 'checkin');
    expect(checkTone('checkin', text, vpDeal()).ok).toBe(true);
  });
});

describe('offline drafter: revival by reason', () => {
  const revive = (reason: string, said: string | null = null) =>
    draftOffline(vpDeal({ revival: { reason, said } }), 'revival').body;

  it('a timing objection does not go down the ROI path', () => {
    const body = revive('Objection: timing', 'Not before Q3.');
    expect(body).not.toMatch(/three ways|conservative|ROI/i);
    expect(body).toContain('Q3');
  });

  it('"call me in a few months" confirms the date instead of asking to book now', () => {
    const body = revive('Side-tracked: call me in a few months', 'Call me in March.');
    expect(body).not.toMatch(/book that now/i);
    expect(body).toContain('March');
    expect(body).toMatch(/right person to speak to then\?/);
  });

  it('competitor and current solution get a gracious close with the door open, no booking', () => {
    for (const reason of ['Signed with a competitor', 'Staying with their current solution']) {
      const body = revive(reason);
      expect(body, reason).toMatch(/reply here/);
      expect(body, reason).not.toMatch(/invite|30 minutes/);
      expect(body, reason).toContain('thank');
    }
  });

  it('approvals offer what the approver needs; back on track proposes a time', () => {
    expect(revive('Stuck in internal approvals')).toMatch(/summary .* for them/);
    expect(revive('Back on track')).toMatch(/this week|next week/);
  });
});

describe('offline drafter: voicemail and names', () => {
  it('the voicemail always says who is calling, and stays between 40 and 75 words', () => {
    for (const repName of ['Sam Rivera', null]) {
      for (const kind of DRAFT_KINDS) {
        const vm = draftOffline(
          vpDeal({
            repName,
            repCompany: 'Brightlane',
            wantsVoicemail: true,
            revival: { reason: 'Back on track', said: null },
          }),
          kind,
        ).voicemail!;
        expect(vm, kind).toMatch(
          repName ? /this is Sam Rivera from Brightlane/ : /this is \(say your name\) from Brightlane/,
        );
        expect(countWords(vm), `${kind}: ${vm}`).toBeGreaterThanOrEqual(40);
        expect(countWords(vm), kind).toBeLessThanOrEqual(75);
      }
    }
  });

  it('uses the short company name, greets past honorifics and honours "greet as"', () => {
    const draft = draftOffline(
      vpDeal({ company: 'Müller & Söhne GmbH', contactName: 'Herr Klaus Müller' }),
      'accountability',
    );
    expect(draft.body.startsWith('Hi Klaus,') || draft.body.startsWith('Hello Klaus,')).toBe(true);
    expect(`${draft.subject}\n${draft.body}`).not.toContain('GmbH');
    const tanaka = draftOffline(vpDeal({ contactName: 'Tanaka Hiroshi', greetAs: 'Tanaka-san' }), 'fire');
    expect(tanaka.body).toMatch(/^(Hi|Hello) Tanaka-san,/);
  });

  it('claims attempts and past conversations only when the history holds them', () => {
    const bare = vpDeal({ touches: [], lastReplyDate: null, commitment: null });
    const body = draftOffline(bare, 'fire').body;
    expect(body).not.toMatch(/times|since we last spoke|results we discussed/);
    expect(draftOffline(vpDeal(), 'fire').body).toMatch(/four times/);
  });

  it('gives two deals of one rep different bodies', () => {
    const bodies = new Set(
      Array.from({ length: 30 }, (_, i) => composeOffline(vpDeal({ dealId: 100 + i }), 'fire').body),
    );
    expect(bodies.size).toBe(30);
  });
});

describe('regeneration inputs', () => {
  it('re-reads the revival reason, what they said and the ROI inputs from the revival note', async () => {
    const { revivalInputsOf } = await import('../../src/services/revival.js');
    const notes = [
      'something else',
      'they came back: Objection: ROI: the VPs doubted: the ROI (ROI inputs: €120k a year, cost 40k a year)',
    ];
    const inputs = revivalInputsOf('objection_roi', notes)!;
    expect(inputs.revival).toEqual({ reason: 'Objection: ROI', said: 'the VPs doubted: the ROI' });
    expect(inputs.roi).toMatchObject({ moderate: 120_000, yearlyCost: 40_000 });
    expect(revivalInputsOf('objection_timing', ['they came back: Objection: timing'])).toEqual({
      revival: { reason: 'Objection: timing', said: null },
      roi: null,
    });
    expect(revivalInputsOf(null, notes)).toBeNull();
    // The episode's stored figures win over the note; an old note is read with the same reader as the form.
    const stored = {
      currency: 'EUR',
      conservative: 80_000,
      moderate: 115_000,
      aggressive: 150_000,
      yearlyCost: null,
      basis: 'range' as const,
    };
    expect(revivalInputsOf('objection_roi', notes, stored)!.roi).toEqual(stored);
    expect(inputs.roi).toMatchObject({ conservative: 72_000, aggressive: 156_000, basis: 'single' });
  });
});

describe('offline call script', () => {
  it('says who is calling, reminds them of the commitment, asks what happened; the voicemail is the guarded one', () => {
    for (const { name, facts } of scenarios()) {
      const script = callScriptOffline(facts, true);
      expect(script.kind, name).toBe(facts.commitment ? 'accountability' : 'checkin');
      expect(script.ifTheyAnswer, name).toMatch(/^(?:Hi .+, it's|Hello, it's) /);
      if (facts.commitment) expect(script.ifTheyAnswer, name).toContain('what happened?');
      expect(script.ifTheyAnswer, name).not.toMatch(LEFTOVERS);
      const email = draftOffline({ ...facts, wantsVoicemail: true, tone: null }, script.kind);
      expect(script.voicemail, name).toBe(email.voicemail);
      expect(email.tone.problems, name).toEqual([]);
    }
  });

  it('leaves no voicemail on a call-only step, and names the rep and their company when known', () => {
    const script = callScriptOffline(vpDeal({ repCompany: 'Brightlane' }), false);
    expect(script.voicemail).toBeNull();
    expect(script.ifTheyAnswer).toContain("it's Sam Rivera from Brightlane");
    expect(script.ifTheyAnswer).toContain("you'd present the proposal to the VP of Sales by Friday");
    const nameless = callScriptOffline(vpDeal({ repName: null, commitment: null }), true);
    expect(nameless.ifTheyAnswer).toContain("it's (say your name)");
    expect(nameless.ifTheyAnswer).toContain('where do things stand');
  });
});
