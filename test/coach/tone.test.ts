import { describe, expect, it } from 'vitest';
import { checkTone, type DraftText } from '../../src/coach/tone.js';
import type { DraftKind } from '../../src/domain/vocabulary.js';
import { vpDeal } from './scenarios.js';

const rules = (kind: DraftKind, text: DraftText, facts = vpDeal()) =>
  checkTone(kind, text, facts).problems.map((p) => p.rule);

const GOOD_ACCOUNTABILITY = [
  'Hi Dana,',
  "When we last spoke, you told me you would present the proposal to the VP of Sales by Friday. I haven't heard back since, so I wanted to ask plainly: what happened?",
  'If something changed or a concern came up, I would rather hear it straight, even if the answer is no.',
  'Best regards,\nSam Rivera',
].join('\n\n');

const GOOD_FIRE = [
  'Hi Dana,',
  "I've tried to reach you several times and haven't heard back, so I'll assume this isn't a priority for Acme Logistics right now. I'm taking you off my list and won't call again.",
  'I still think improving retention and reducing hiring costs is worth pursuing. If things change, the door is open: just reply to this email. Thank you for your time.',
  'Kind regards,\nSam Rivera',
].join('\n\n');

const GOOD_CHECKIN =
  'Hi Dana,\n\nIs improving retention still a priority for Acme Logistics, or have things moved on? A one-line reply is plenty.\n\nThanks,\nSam Rivera';

/** Pads a body to a comfortable length with neutral words, keeping its first and last lines. */
const padded = (sentence: string) =>
  `Hi Dana,\n\n${sentence} When we last spoke you told me you would present the proposal to the VP of Sales by Friday, so what happened? If something changed, a short reply telling me where things stand is all I need.\n\nThanks,\nSam Rivera`;

describe('checkTone: good drafts pass', () => {
  it('accepts a plain accountability email, fire email and check-in', () => {
    expect(
      checkTone('accountability', { subject: 'What happened?', body: GOOD_ACCOUNTABILITY, voicemail: null }, vpDeal()),
    ).toEqual({ ok: true, problems: [] });
    expect(checkTone('fire', { subject: 'Stepping back for now', body: GOOD_FIRE, voicemail: null }, vpDeal())).toEqual(
      { ok: true, problems: [] },
    );
    expect(checkTone('checkin', { subject: 'Quick question', body: GOOD_CHECKIN, voicemail: null }, vpDeal())).toEqual({
      ok: true,
      problems: [],
    });
  });

  it("accepts common acronyms, the deal's amounts and dates, and one exclamation mark", () => {
    const body = padded('Thanks again for the CRM and ROI questions on Friday, November 20 about the $50k SaaS plan!');
    expect(rules('accountability', { subject: 'Hi', body })).toEqual([]);
  });

  it('works without facts (the CLI check)', () => {
    expect(checkTone('fire', { body: GOOD_FIRE }).ok).toBe(true);
  });
});

describe('checkTone: antagonism, sarcasm, guilt and self-pity are flagged', () => {
  const cases: Array<[string, string]> = [
    ['As per my last email, what happened?', 'antagonism'],
    ['Per my previous email, what happened?', 'antagonism'],
    ["I guess you're not interested anymore?", 'antagonism'],
    ['Just bumping this to the top of your inbox.', 'antagonism'],
    ['Clearly you have other priorities.', 'antagonism'],
    ['You never replied to my calls.', 'antagonism'],
    ["I'm sure you're very busy.", 'sarcasm'],
    ['Are you still alive over there?', 'sarcasm'],
    ['I must have offended you somehow.', 'guilt-trip'],
    ['Did I do something wrong?', 'guilt-trip'],
    ['After all the time I put into this proposal.', 'guilt-trip'],
    ["I'm really disappointed that nobody called.", 'guilt-trip'],
    ['Sorry to bother you again.', 'self-pity'],
    ["I know I'm probably being a pest.", 'self-pity'],
  ];
  it.each(cases)('%s -> %s', (sentence, rule) => {
    expect(rules('accountability', { subject: 'Hello', body: padded(sentence) })).toContain(rule);
  });
});

describe('checkTone: shouting and exclamation piles', () => {
  it('flags all-caps words that are not trade acronyms', () => {
    const result = checkTone('checkin', { subject: 'Hello', body: padded('PLEASE call me back URGENTLY.') }, vpDeal());
    expect(result.problems.find((p) => p.rule === 'shouting')?.message).toContain('PLEASE');
  });
  it("does not flag ROI, CRM, SaaS, VP, CEO, USD or the company's own capitals", () => {
    const facts = vpDeal({ company: 'IKEA' });
    expect(
      rules(
        'checkin',
        { subject: 'Hello', body: padded('Our ROI, CRM, SaaS, VP, CEO and USD figures for IKEA.') },
        facts,
      ),
    ).not.toContain('shouting');
  });
  it('flags !! and more than one ! in total', () => {
    expect(rules('checkin', { subject: 'Hello', body: padded('Great news!!') })).toContain('exclamation');
    expect(rules('checkin', { subject: 'Hi!', body: padded('Great news!') })).toContain('exclamation');
    expect(rules('checkin', { subject: 'Hi', body: padded('Great news!') })).not.toContain('exclamation');
  });
});

describe('checkTone: placeholders', () => {
  it.each(['[Name]', '{{company}}', '<company>', 'TODO', 'XXX', '[Insert date]'])('flags %s', (placeholder) => {
    expect(rules('checkin', { subject: 'Hello', body: padded(`Hi ${placeholder}, quick question.`) })).toContain(
      'placeholder',
    );
  });
  it('flags a placeholder in the subject or voicemail too', () => {
    expect(rules('checkin', { subject: 'For [Name]', body: GOOD_CHECKIN })).toContain('placeholder');
    expect(
      rules('checkin', { subject: 'Hi', body: GOOD_CHECKIN, voicemail: 'Hi {{first_name}}, call me back.' }),
    ).toContain('placeholder');
  });
});

describe('checkTone: length', () => {
  const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');

  it('flags overlong emails per kind', () => {
    expect(rules('accountability', { subject: 'Hi', body: `${GOOD_ACCOUNTABILITY}\n\n${words(120)}` })).toContain(
      'too-long',
    );
    expect(rules('fire', { subject: 'Hi', body: `${GOOD_FIRE}\n\n${words(60)}` })).toContain('too-long');
    expect(rules('roi', { subject: 'Hi', body: words(181) }, null as never)).toContain('too-long');
    expect(checkTone('roi', { body: words(175) }).problems.map((p) => p.rule)).not.toContain('too-long');
  });
  it('flags an empty or truncated body', () => {
    expect(rules('fire', { subject: 'Hi', body: '' })).toContain('empty');
    expect(rules('accountability', { subject: 'Hi', body: 'What happened?' })).toContain('too-short');
  });
  it('flags a voicemail over about 30 seconds', () => {
    expect(rules('checkin', { subject: 'Hi', body: GOOD_CHECKIN, voicemail: `Hi Dana, ${words(80)}` })).toContain(
      'voicemail-too-long',
    );
  });
  it('flags a missing voicemail when the step is a call', () => {
    expect(
      rules('checkin', { subject: 'Hi', body: GOOD_CHECKIN, voicemail: null }, vpDeal({ wantsVoicemail: true })),
    ).toContain('voicemail-missing');
  });
  it('flags an overlong subject', () => {
    expect(rules('checkin', { subject: words(20), body: GOOD_CHECKIN })).toContain('subject-too-long');
  });
});

describe('checkTone: the fire message', () => {
  it('must say the rep is stepping back', () => {
    const body = GOOD_FIRE.replace("I'm taking you off my list and won't call again.", 'Let me know what you think.');
    expect(rules('fire', { subject: 'Hi', body })).toContain('fire-not-firm');
  });
  it('must leave the door open', () => {
    const body = GOOD_FIRE.replace('If things change, the door is open: just reply to this email.', 'Goodbye.');
    expect(rules('fire', { subject: 'Hi', body })).toContain('fire-no-door');
  });
  it.each([
    "I'll call you next week.",
    "I'll follow up in a month.",
    "I'll try again after the holidays.",
    'Talk soon.',
  ])('must not promise another follow-up: %s', (promise) => {
    expect(
      rules('fire', {
        subject: 'Hi',
        body: GOOD_FIRE.replace('Thank you for your time.', `Thank you for your time. ${promise}`),
      }),
    ).toContain('fire-follow-up');
  });
  it('checks the voicemail script too', () => {
    expect(
      rules('fire', {
        subject: 'Hi',
        body: GOOD_FIRE,
        voicemail: "Hi Dana, it's Sam. Give me a call back when you can.",
      }),
    ).toEqual(expect.arrayContaining(['fire-not-firm', 'fire-no-door']));
  });
  it('flags re-selling', () => {
    expect(
      rules('fire', {
        subject: 'Hi',
        body: GOOD_FIRE.replace('Thank you for your time.', 'I attached our new brochure. Thank you for your time.'),
      }),
    ).toContain('resell');
  });
});

describe('checkTone: the accountability message', () => {
  it('must refer to the commitment', () => {
    const body =
      "Hi Dana,\n\nI wanted to check where things stand on your side. I haven't heard back in a while, so I wanted to ask plainly: what happened? Any answer helps, even a no.\n\nThanks,\nSam Rivera";
    expect(rules('accountability', { subject: 'Hi', body })).toContain('accountability-no-commitment');
    expect(rules('accountability', { subject: 'Hi', body }, vpDeal({ commitment: null }))).not.toContain(
      'accountability-no-commitment',
    );
  });
  it("accepts a paraphrase that keeps the commitment's key words", () => {
    const body = GOOD_ACCOUNTABILITY.replace(
      'present the proposal to the VP of Sales by Friday',
      'take our proposal to your VP of Sales',
    );
    expect(rules('accountability', { subject: 'Hi', body })).not.toContain('accountability-no-commitment');
  });
  it('must ask a question', () => {
    expect(
      rules('accountability', {
        subject: 'Hi',
        body: GOOD_ACCOUNTABILITY.replace('what happened?', 'please tell me what happened.'),
      }),
    ).toContain('accountability-no-question');
  });
  it('must not re-sell', () => {
    expect(
      rules('accountability', {
        subject: 'Hi',
        body: GOOD_ACCOUNTABILITY.replace('Best regards', 'I attached a new case study and our deck.\n\nBest regards'),
      }),
    ).toContain('resell');
  });
});

describe('checkTone: facts the deal does not hold', () => {
  it('flags an amount that is not the deal value', () => {
    const result = checkTone(
      'checkin',
      { subject: 'Hi', body: padded('The $75,000 package is still open.') },
      vpDeal(),
    );
    expect(result.problems.find((p) => p.rule === 'unknown-amount')?.message).toContain('$75,000');
    expect(rules('checkin', { subject: 'Hi', body: padded('The $50,000 plan is still open.') })).not.toContain(
      'unknown-amount',
    );
    expect(rules('checkin', { subject: 'Hi', body: padded('The $50k plan is still open.') })).not.toContain(
      'unknown-amount',
    );
  });
  it('accepts the ROI figures and their three-year totals, and nothing else', () => {
    const facts = vpDeal({
      roi: { currency: 'USD', conservative: 40000, moderate: 70000, aggressive: 100000, yearlyCost: 20000 },
    });
    const ok =
      'Hi Dana,\n\nHere is the value three ways over three years: conservative $40,000 a year ($120,000 over three years), moderate $70,000 ($210,000), aggressive $100,000 ($300,000). Against a cost of $20,000 a year, even the conservative case is $60,000 ahead. Could we book 30 minutes to go through the assumptions?\n\nBest regards,\nSam Rivera';
    expect(rules('roi', { subject: 'Three scenarios', body: ok }, facts)).toEqual([]);
    expect(rules('roi', { subject: 'Three scenarios', body: ok.replace('$300,000', '$450,000') }, facts)).toContain(
      'unknown-amount',
    );
  });
  it('flags a weekday or date the deal does not hold', () => {
    // The deal's touches fall on Monday to Friday of one week; a deal with no touches holds no weekday but its due date's.
    const quiet = vpDeal({ touches: [], lastReplyDate: null });
    expect(rules('checkin', { subject: 'Hi', body: padded('Does Tuesday work for a call?') }, quiet)).toContain(
      'unknown-date',
    );
    expect(rules('checkin', { subject: 'Hi', body: padded('Does Friday work for a call?') }, quiet)).not.toContain(
      'unknown-date',
    );
    expect(rules('checkin', { subject: 'Hi', body: padded('Shall we meet on December 3?') })).toContain('unknown-date');
    expect(rules('checkin', { subject: 'Hi', body: padded('You mentioned November 20 as the date.') })).not.toContain(
      'unknown-date',
    );
  });
  it('flags a person the deal does not hold', () => {
    expect(rules('checkin', { subject: 'Hi', body: GOOD_CHECKIN.replace('Hi Dana', 'Hi John') })).toContain(
      'unknown-name',
    );
    expect(rules('checkin', { subject: 'Hi', body: padded('I also spoke with Maria Gonzalez about it.') })).toContain(
      'unknown-name',
    );
    expect(rules('checkin', { subject: 'Hi', body: GOOD_CHECKIN.replace('Sam Rivera', 'Alex Morgan') })).toContain(
      'unknown-name',
    );
    expect(
      rules(
        'checkin',
        { subject: 'Hi', body: GOOD_CHECKIN },
        vpDeal({ contactName: null, contactEmail: null, notes: [] }),
      ),
    ).toContain('unknown-name');
  });
  it("is conservative: names, amounts and dates from the rep's notes count as the deal's", () => {
    const facts = vpDeal({ notes: ['Call John Miller in procurement; budget is $30k; board meets Tuesday'] });
    expect(
      rules(
        'checkin',
        { subject: 'Hi', body: padded('John Miller mentioned $30k and the Tuesday board meeting.') },
        facts,
      ),
    ).toEqual([]);
  });
});

describe('checkTone: negation-aware cues and variants', () => {
  it.each([
    ['Per my last 3 emails, what happened?', 'antagonism'],
    ['As per my previous two voicemails, what happened?', 'antagonism'],
    ['As I have already said, what happened?', 'antagonism'],
    ["I guess you're far too busy to reply.", 'sarcasm'],
    ['Hello?? Anyone there?', 'sarcasm'],
    ['After all I did for you, I expected more.', 'guilt-trip'],
    ["I've wasted weeks on this.", 'self-pity'],
    ["Reply this week or I'll escalate this to your boss.", 'threat'],
    ['We will have to cancel the reserved slots.', 'threat'],
    ['This is your last chance: the discount ends Friday.', 'pressure'],
    ['Note that the price goes up next month.', 'pressure'],
    ['This delay is stupid.', 'insult'],
    ['This whole process has been bullshit.', 'insult'],
  ])('%s -> %s', (sentence, rule) => {
    expect(rules('accountability', { subject: 'Hello', body: padded(sentence) })).toContain(rule);
  });

  it('a negation in the same clause cancels re-selling and urgency', () => {
    expect(
      rules('accountability', {
        subject: 'Hi',
        body: padded("I won't send you more material or another " + 'brochure.'),
      }),
    ).not.toContain('resell');
    expect(
      rules('accountability', { subject: 'Hi', body: padded('I have attached our new ' + 'brochure.') }),
    ).toContain('resell');
    expect(
      rules('checkin', { subject: 'Hi', body: padded('There is no rush and no last chance ' + 'here.') }),
    ).not.toContain('pressure');
  });

  it('a negated stopping cue is not firm; "not going to chase you" is', () => {
    const notFirm = GOOD_FIRE.replace(
      "I'm taking you off my list and won't call again.",
      "I'm not taking you off " + 'my list yet.',
    );
    expect(rules('fire', { subject: 'Hi', body: notFirm })).toContain('fire-not-firm');
    const firm = GOOD_FIRE.replace(
      "I'm taking you off my list and won't call again.",
      "I'm not going to chase you " + 'any further.',
    );
    expect(rules('fire', { subject: 'Hi', body: firm })).toEqual([]);
  });

  it('does not flag Scunthorpe, assessment, class or a surname like Dickson', () => {
    const facts = vpDeal({ contactName: 'Dana Dickson' });
    const body = padded('The Scunthorpe plant asked for a first-class assessment of every batch, Ms Dickson.');
    expect(rules('accountability', { subject: 'Hi', body }, facts)).not.toContain('insult');
  });

  it('explains a problem in words a rep understands', () => {
    const body = GOOD_FIRE.replace(
      'Thank you for your time.',
      'Last chance: the discount ends soon. Thank you for ' + 'your time.',
    );
    const problem = checkTone('fire', { subject: 'Hi', body }, vpDeal()).problems.find((p) => p.rule === 'pressure');
    expect(problem?.message).toBe('This reads as pressure: "last chance". The goodbye works because it is calm.');
  });
});

describe('checkTone: the goodbye is thankful and names their value', () => {
  it('flags a goodbye without thanks, and one that names the product instead of their goal', () => {
    expect(rules('fire', { subject: 'Hi', body: GOOD_FIRE.replace(' Thank you for your ' + 'time.', '') })).toContain(
      'fire-no-thanks',
    );
    const productOnly = GOOD_FIRE.replace(
      'I still think improving retention and reducing hiring costs is worth ' + 'pursuing.',
      'Our platform is the best.',
    );
    expect(rules('fire', { subject: 'Hi', body: productOnly })).toContain('fire-no-value');
  });
  it('accepts a short goodbye of about 30 words', () => {
    const body =
      "Hi Dana,\n\nSince I haven't heard back, I'm closing your file. If improving retention comes back " +
      'on the table, just reply. Thanks for your time.\n\nSam Rivera';
    expect(rules('fire', { subject: 'Closing your file', body })).toEqual([]);
  });
});

describe('checkTone: template seams and slot grammar', () => {
  const facts = vpDeal({ company: 'Initech Systems Inc.' });
  it.each([
    ['you told me The next step was the VP.', 'stray-capital'],
    ['Thanks,, for the call.', 'punctuation'],
    ['It was a priority for you?. I think so.', 'punctuation'],
    ['We talked about .', 'empty-slot'],
    ['Regarding , the proposal.', 'empty-slot'],
    ['This is a accountability note.', 'article'],
    ['It is the the proposal.', 'repeated-word'],
    ['I know Initech Systems Inc wants it.', 'company-name'],
    ['It is for Initech Systems Inc. Initech Systems Inc. wants it.', 'company-name'],
    ["So the terms isn't a priority.", 'agreement'],
    ['Reporting across all the European warehouses... is still open.', 'punctuation'],
  ])('%s -> %s', (sentence, rule) => {
    expect(rules('accountability', { subject: 'Hi', body: padded(sentence) }, facts)).toContain(rule);
  });
  it('passes names and abbreviations that look like seams', () => {
    const body = padded(
      'The Hague office of Initech Systems Inc. asked for an hour, a European rollout and an MBA ' +
        'intern, e.g. next year.',
    );
    expect(rules('accountability', { subject: 'Hi', body }, facts)).toEqual([]);
    const yahoo = vpDeal({ company: 'Yahoo!' });
    expect(rules('checkin', { subject: 'Hi', body: GOOD_CHECKIN }, yahoo)).not.toContain('punctuation');
  });
});

describe('checkTone: per-kind length ranges', () => {
  const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
  it("uses the coach's ranges: accountability 30-125, fire 25-90, voicemail 40-75 for the method's kinds", () => {
    expect(checkTone('accountability', { body: `${words(25)}?` }).problems.map((p) => p.rule)).toContain('too-short');
    expect(checkTone('accountability', { body: `${words(35)}?` }).problems.map((p) => p.rule)).not.toContain(
      'too-short',
    );
    expect(checkTone('accountability', { body: `${words(130)}?` }).problems.map((p) => p.rule)).toContain('too-long');
    expect(rules('fire', { subject: 'Hi', body: `${GOOD_FIRE}\n\n${words(30)}` })).toContain('too-long');
    expect(
      rules('fire', {
        subject: 'Hi',
        body: GOOD_FIRE,
        voicemail: "Hi Dana, it's Sam. Taking you off my list. " + 'Reply if things change. Thanks.',
      }),
    ).toContain('voicemail-too-short');
  });
});
