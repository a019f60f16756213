// The offline drafter's evaluation: every kind drafted for a spread of realistic deals, each draft
// checked against METHOD.md's rules by checks written here, and separately by the tone guard (the two
// were written apart, so each checks the other). `npm run eval` prints the report; eval.test.ts
// asserts both pass rates.
import { composeOffline } from '../../src/coach/offline.js';
import { checkTone } from '../../src/coach/tone.js';
import { findAmounts, amountIsKnown, significantWords, stem, wordsOf, countWords } from '../../src/coach/evidence.js';
import type { DraftFacts, DraftKind, DraftTone, DraftTouch } from '../../src/coach/types.js';

// ---------- deals ----------

interface Person {
  contact: string | null;
  greetAs?: string | null;
  expectGreeting: string | null;
}

const COMPANIES = [
  'Acme Logistics, Inc.',
  'Müller & Söhne GmbH',
  'AT&T Inc.',
  'Yahoo!',
  'Initech B.V.',
  'Nordlicht AS',
  'Tietoevry Oyj',
  'Fjord Analytics AB',
  'Kraków Tech Sp. z o.o.',
  'Aussie Widgets Pty Ltd',
  'Rossi Macchine S.p.A.',
  'Boulangerie Dupont SARL',
  'Sakura Denki K.K.',
  'Banco Sabadell, S.A.',
  'Vista Retail PLC',
  'IKEA',
  'Globex Corporation',
  'Helvetia Pharma AG',
  'Telefónica Digital S.L.',
  'Brightwave Health LLC',
  'Van der Berg Logistiek N.V.',
  'Kowalski & Nowak',
];
const PEOPLE: Person[] = [
  { contact: 'Dana Whitfield', expectGreeting: 'Dana' },
  { contact: 'Herr Klaus Müller', expectGreeting: 'Klaus' },
  { contact: 'Frau Dr. Anna Schmidt', expectGreeting: 'Anna' },
  { contact: 'Mme Claire Dubois', expectGreeting: 'Claire' },
  { contact: 'Sr. Juan Carlos Pérez', expectGreeting: 'Juan Carlos' },
  { contact: 'Sra. María José García', expectGreeting: 'María José' },
  { contact: 'Jean-Luc Picard', expectGreeting: 'Jean-Luc' },
  { contact: 'dott. marco rossi', expectGreeting: 'Marco' },
  { contact: 'Tanaka Hiroshi', greetAs: 'Tanaka-san', expectGreeting: 'Tanaka-san' },
  { contact: 'NAGY Anna', expectGreeting: 'Anna' },
  { contact: null, expectGreeting: null },
  { contact: 'Dr. Priya Natarajan', expectGreeting: 'Priya' },
  { contact: 'Ing. Pavel Novák', expectGreeting: 'Pavel' },
  { contact: "siobhan o'brien", expectGreeting: 'Siobhan' },
  { contact: 'Herr Brandt', expectGreeting: 'Herr Brandt' },
];
const GOALS: Array<string | null> = [
  'Improve onboarding',
  'reduce churn.',
  'cut hiring costs & time-to-hire',
  null,
  'improving retention and reducing hiring costs',
  'a single view of every shipment across all of our European warehouses, so the operations team can stop reconciling spreadsheets by hand every Monday morning before the weekly review',
  'GDPR-compliant reporting!!',
  'Intégrer les équipes commerciales',
  'faster month-end close 🚀',
  'we want to reduce churn in the SMB segment',
  'Improve Onboarding Speed',
  null,
];
const COMMITMENTS: Array<string | null> = [
  "they'll send the PO by friday",
  'get sign off from their CFO',
  'present to our board',
  "I'll get you an answer",
  null,
  "I'll take this to my board for sign-off",
  'send the PO by FRIDAY!!',
  '"get legal to review the MSA by Dec 3."',
  null,
  'walk the finance team, the head of operations and the two regional directors through the pricing options, collect their questions in one document, and come back with a decision on the pilot scope and start date',
  'check with [manager] TODO',
  'Dana will sign the order form',
  'présenter la proposition au comité',
  "She'll get her boss to approve the budget 👍",
];
const REPS: Array<{ name: string | null; company: string | null }> = [
  { name: 'Sam Rivera', company: 'Brightlane' },
  { name: null, company: null },
  { name: 'Léa Fournier', company: 'Orbis Software' },
  { name: 'Lee', company: null },
  { name: 'Jürgen Baumann', company: 'Datawerk' },
];
const STAGES = ['prospecting', 'qualified', 'demo', 'proposal', 'negotiation', 'verbal'];
const VALUES: Array<string | null> = ['$50,000', '€12.500', null, '1,200,000 CHF', '£8,000'];
const REVIVALS: Array<NonNullable<DraftFacts['revival']>> = [
  { reason: 'Back on track', said: 'Sorry for the silence, we are ready to move.' },
  { reason: 'Side-tracked: call me in a few months', said: 'Call me in March.' },
  { reason: 'Stuck in internal approvals', said: 'Still waiting on the board.' },
  { reason: 'Staying with their current solution', said: 'We will stick with spreadsheets for now.' },
  { reason: 'Signed with a competitor', said: null },
  { reason: 'Objection: ROI', said: 'The VPs doubted the ROI!!' },
  { reason: 'Objection: price', said: 'Too expensive for this year.' },
  { reason: 'Objection: timing', said: 'Not before Q3.' },
];
const ROIS: Array<DraftFacts['roi']> = [
  { currency: 'USD', conservative: 40_000, moderate: 70_000, aggressive: 100_000, yearlyCost: 20_000 },
  null,
  { currency: 'EUR', conservative: 12_000, moderate: 30_000, aggressive: 55_000, yearlyCost: null },
  { currency: 'USD', conservative: 5_000, moderate: 9_000, aggressive: 12_000, yearlyCost: 20_000 },
];
const TONES: Array<DraftTone> = ['firmer', 'warmer', 'shorter'];

function touchesFor(i: number): { touches: DraftTouch[]; lastReplyDate: string | null } {
  switch (i % 4) {
    case 0:
      return { touches: [], lastReplyDate: null };
    case 1:
      return {
        touches: [
          { date: '2026-11-12', direction: 'in', channel: 'meeting', leftMessage: null, note: 'Proposal walkthrough' },
          { date: '2026-11-23', direction: 'out', channel: 'call', leftMessage: true, note: null },
          { date: '2026-11-24', direction: 'out', channel: 'call', leftMessage: false, note: null },
          { date: '2026-11-25', direction: 'out', channel: 'email', leftMessage: null, note: null },
          { date: '2026-11-27', direction: 'out', channel: 'call', leftMessage: true, note: null },
        ],
        lastReplyDate: '2026-11-12',
      };
    case 2:
      return {
        touches: [
          { date: '2026-11-02', direction: 'out', channel: 'call', leftMessage: true, note: 'Left VM with assistant' },
        ],
        lastReplyDate: null,
      };
    default:
      return {
        touches: [
          { date: '2026-11-16', direction: 'in', channel: 'email', leftMessage: null, note: 'Looks good, will review' },
          { date: '2026-11-19', direction: 'out', channel: 'email', leftMessage: null, note: null },
        ],
        lastReplyDate: '2026-11-16',
      };
  }
}

export interface EvalDeal {
  facts: DraftFacts;
  person: Person;
}

const at = <T>(list: readonly T[], i: number, stride: number): T => list[(i * stride) % list.length]!;

/** 48 deals, spread over the dimensions with co-prime strides. */
export function evalDeals(count = 48): EvalDeal[] {
  const deals: EvalDeal[] = [];
  for (let i = 0; i < count; i++) {
    const person = at(PEOPLE, i, 7);
    const rep = at(REPS, i, 3);
    const history = touchesFor(i);
    const commitmentText = at(COMMITMENTS, i, 5);
    const facts: DraftFacts = {
      dealId: 500 + i * 7,
      company: at(COMPANIES, i, 5),
      contactName: person.contact,
      contactEmail: person.contact ? 'contact@example.com' : null,
      greetAs: person.greetAs ?? null,
      stage: at(STAGES, i, 5),
      valueText: at(VALUES, i, 3),
      prospectGoal: at(GOALS, i, 5),
      repName: rep.name,
      repCompany: rep.company,
      commitment: commitmentText
        ? { text: commitmentText, dueDate: '2026-11-20', dueText: 'Friday, November 20', broken: i % 3 !== 0 }
        : null,
      notes: i % 2 ? ['Budget is tight; CFO is new.'] : [],
      ...history,
      daysSilent: 3 + (i % 30),
      step: i % 6,
      wantsVoicemail: i % 2 === 0,
      revival: at(REVIVALS, i, 3),
      roi: at(ROIS, i, 3),
      tone: null,
    };
    deals.push({ facts, person });
  }
  return deals;
}

// ---------- rules ----------

export interface Finding {
  rule: string;
  detail: string;
}

const KIND_WORDS: Record<DraftKind, { min: number; max: number }> = {
  accountability: { min: 50, max: 125 },
  checkin: { min: 15, max: 110 },
  fire: { min: 25, max: 90 },
  revival: { min: 30, max: 150 },
  roi: { min: 40, max: 180 },
};
const VOICEMAIL_WORDS = { min: 40, max: 75 };
const SUBJECT_MAX = 60;

const ANTAGONISM =
  /\bper my (?:last|previous)\b|\bas I (?:already )?(?:said|mentioned)\b|\bignor(?:ed|ing) (?:me|my)\b|\bstill alive\b|\bsorry to (?:bother|chase)\b|\bI guess you(?:'re| are) not\b|\byou never\b|\bdisappointed\b|\byou promised\b/i;
const RESELL = /\b(?:brochures?|decks?|slides?|case stud(?:y|ies)|white ?papers?|attached|new features?)\b/i;
const FIRM_STOP =
  /\b(?:won't|will not) (?:call|be calling|reach out|follow up|chase|contact)\b|\btak(?:e|ing) you off my list\b|\bclos(?:e|ing) (?:this|it|the file) (?:out|on my side)\b|\bstop(?:ping)? (?:calling|following up|reaching out)\b/i;
const DOOR_OPEN =
  /\bif (?:things|anything|priorities|the timing) (?:change|changes|shift|shifts)\b|\bdoor (?:is|stays|remains) open\b|\breply (?:here|to this)\b|\bjust reply\b|\breach me\b|\byou know where to (?:find|reach) me\b|\bwhenever (?:you're|you are|the time is) (?:ready|right)\b/i;
const ASKS_WHAT_HAPPENED = /\bwhat happened\b|\bwhat changed\b|\bwhere (?:do )?things stand\b/i;
const ATTEMPT_CLAIMS =
  /\b(?:several|a few|a couple of|many|three|four|five|six|seven|eight|nine|ten|\d+) times\b|\btried (?:repeatedly|several|you several)\b|\breached out (?:several|a few|repeatedly)\b|\bmy (?:calls|emails|messages)\b/i;
const LAST_SPOKE =
  /\bsince we (?:last )?(?:spoke|talked)\b|\b(?:when|last time) we (?:last )?(?:spoke|talked)\b|\bwe last (?:spoke|talked)\b|\bour last (?:call|conversation|meeting)\b/i;
const RESULTS_DISCUSSED = /\bthe (?:results|numbers|value) we (?:discussed|talked about)\b/i;
const VOWEL_A = /\ba (?!one\b|one-|uni|use|user|usual|euro|eu\b)[aeiouAEIOU]\w*/;
const CALENDAR =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Q[1-4])$/;
const LEGAL_FORM_WORDS =
  /(?:^|[\s,])(?:Inc|LLC|Ltd|GmbH|AG|S\.A|SARL|S\.p\.A|B\.V|N\.V|AS|AB|Oyj?|K\.K|Pty|PLC|S\.L|Sp\. z o\.o|Corp|Corporation)\.?(?=$|[\s,.;:!?'’])/;

function outboundSinceReply(facts: DraftFacts): number {
  const since = facts.lastReplyDate ?? '';
  return facts.touches.filter((t) => t.direction === 'out' && t.date > since).length;
}

function hasSpoken(facts: DraftFacts): boolean {
  // A commitment is something they said to the rep: a conversation did happen.
  return facts.lastReplyDate !== null || facts.commitment !== null || facts.touches.some((t) => t.direction === 'in');
}

/** Capitalised words the deal itself writes that way: names, and words typed capitalised mid-phrase. */
function allowedCapitals(facts: DraftFacts): Set<string> {
  const allowed = new Set<string>(['I', 'VP', 'VPs', 'CFO', 'PO', 'MSA', 'ROI']);
  const names = [facts.company, facts.contactName, facts.repName, facts.repCompany, facts.greetAs];
  for (const text of names) {
    for (const w of (text ?? '').split(/[\s,]+/)) {
      allowed.add(w.replace(/[^\p{L}\p{N}&'’!-]/gu, ''));
      allowed.add(w.replace(/[^\p{L}\p{N}&'’-]/gu, ''));
      // Names typed in lower case are greeted with capitals ("siobhan" -> "Siobhan").
      allowed.add(w.charAt(0).toUpperCase() + w.slice(1));
    }
  }
  for (const text of [facts.prospectGoal, facts.commitment?.text, facts.commitment?.dueText, facts.revival?.said]) {
    const words = (text ?? '').split(/\s+/);
    words.forEach((w, i) => {
      if (i > 0 || /^\p{Lu}{2,}/u.test(w)) allowed.add(w.replace(/[^\p{L}\p{N}-]/gu, ''));
    });
  }
  return allowed;
}

/** A capital after a lower-case word inside a sentence: "you said Improve onboarding". */
function midSentenceCapitals(text: string, allowed: Set<string>): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.split(/\s+/).filter(Boolean);
    for (let i = 1; i < tokens.length; i++) {
      const prev = tokens[i - 1]!;
      const bare = tokens[i]!.replace(/^["'“‘(]+|[^\p{L}\p{N}'’-]+$/gu, '');
      if (/[.!?:]["'”’)]*$/.test(prev) || !/^\p{Lu}/u.test(bare)) continue;
      if (prev === '-' || /^(?:Dear|Hi|Hello)$/.test(prev)) continue;
      if (
        allowed.has(bare) ||
        /^I(?:['’]\w+)?$/.test(bare) ||
        CALENDAR.test(bare) ||
        /^\p{Lu}{2,}/u.test(bare) ||
        /^(?:Mr|Mrs|Ms|Dr|Herr|Frau|Mme|M)\.?$/.test(bare)
      )
        continue;
      if ([...allowed].some((a) => a.length > 2 && bare.startsWith(a))) continue;
      found.push(bare);
    }
  }
  return found;
}

function shareOfWordsFound(source: string, text: string): number {
  const wanted = significantWords(source.replace(/-/g, ' ')).filter((w) => /^[\p{L}]/u.test(w));
  if (wanted.length === 0) return 1;
  const have = new Set(wordsOf(text.replace(/-/g, ' ')).map(stem));
  return wanted.filter((w) => have.has(stem(w))).length / wanted.length;
}

function countOccurrences(text: string, needle: string): number {
  if (!needle) return 0;
  return text.split(needle).length - 1;
}

export interface DraftUnderTest {
  kind: DraftKind;
  facts: DraftFacts;
  subject: string;
  body: string;
  voicemail: string | null;
  /** For fire drafts: the default-tone body, to check "warmer is never longer". */
  defaultBody?: string;
}

/** Every rule one draft breaks. */
export function checkDraft(d: DraftUnderTest, person?: Person): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, detail: string) => findings.push({ rule, detail });
  const { facts, kind, body, subject } = d;
  const all = [subject, body, d.voicemail ?? ''].join('\n');
  const words = countWords(body);
  const limits = KIND_WORDS[kind];
  if (words < limits.min || words > limits.max) add('length', `${words} words, want ${limits.min}-${limits.max}`);
  if (subject.length > SUBJECT_MAX || subject.trim() === '')
    add('subject', `${subject.length} characters: "${subject}"`);
  if (kind === 'fire' && facts.tone === 'warmer' && d.defaultBody && words > countWords(d.defaultBody))
    add('warmer-longer', `${words} > ${countWords(d.defaultBody)}`);

  if (d.voicemail !== null) {
    const spoken = countWords(d.voicemail);
    if (spoken < VOICEMAIL_WORDS.min || spoken > VOICEMAIL_WORDS.max) add('voicemail-length', `${spoken} words`);
    const repFirst = facts.repName?.split(' ')[0];
    const identifies = repFirst ? d.voicemail.includes(repFirst) : /\(say your name/i.test(d.voicemail);
    if (!identifies) add('voicemail-who', d.voicemail.slice(0, 80));
    if (/\.\.\.|…/.test(d.voicemail)) add('voicemail-cut', 'an ellipsis read aloud');
  }
  if (facts.wantsVoicemail !== (d.voicemail !== null))
    add('voicemail-missing', 'voicemail wanted but not given (or the reverse)');

  if (ANTAGONISM.test(all)) add('antagonism', all.match(ANTAGONISM)![0]);
  if ((kind === 'accountability' || kind === 'fire' || kind === 'checkin') && RESELL.test(all))
    add('resell', all.match(RESELL)![0]);

  // The method's parts.
  if (kind === 'accountability') {
    if (!ASKS_WHAT_HAPPENED.test(body)) add('asks-what-happened', 'no plain question');
    const commitment = facts.commitment?.text.replace(/\[[^\]]*\]|\bTODO\b|[^\p{L}\p{N}\s'-]/gu, ' ');
    if (commitment && shareOfWordsFound(commitment, body) < 0.5) add('commitment-cited', facts.commitment!.text);
  }
  if (kind === 'fire') {
    if (!FIRM_STOP.test(body)) add('fire-firm', 'no clear stop');
    if (!DOOR_OPEN.test(body)) add('fire-door', 'door not left open');
    if (facts.prospectGoal && shareOfWordsFound(facts.prospectGoal.split(/,/)[0]!, body) < 0.4)
      add('fire-value', facts.prospectGoal);
    if (/\bI(?:'ll| will) (?:call|follow up|try again|check in)\b/i.test(body))
      add('fire-follow-up', 'promises another follow-up');
  }
  if (kind === 'revival' && facts.revival) {
    const reason = facts.revival.reason.toLowerCase();
    if (/timing|side-tracked|call me/.test(reason) && /\bthree ways\b|\bROI\b|conservative/i.test(body))
      add('revival-path', 'timing went down the ROI path');
    if (/call me/.test(reason) && /can we book that now/i.test(body))
      add('revival-path', 'asks to book now after "call me later"');
    if (/competitor|current/.test(reason) && !DOOR_OPEN.test(body)) add('revival-gracious', 'no open door after a no');
    if (
      /back on track/.test(reason) &&
      !/\b(?:this|next) week\b|\bMonday|Tuesday|Wednesday|Thursday|Friday\b|\bin the next (?:few|two) (?:days|weeks)\b/.test(
        body,
      )
    )
      add('revival-time', 'no time offered');
  }

  // Honest facts.
  if (outboundSinceReply(facts) < 2 && ATTEMPT_CLAIMS.test(all))
    add('invented-attempts', all.match(ATTEMPT_CLAIMS)![0]);
  if (!hasSpoken(facts) && LAST_SPOKE.test(all)) add('invented-conversation', all.match(LAST_SPOKE)![0]);
  if (RESULTS_DISCUSSED.test(all)) add('invented-results', all.match(RESULTS_DISCUSSED)![0]);
  const knownAmounts = [...findAmounts([facts.valueText ?? '', ...facts.notes].join(' ')).map((a) => a.value)];
  if (facts.roi) {
    const r = facts.roi;
    for (const n of [r.conservative, r.moderate, r.aggressive]) knownAmounts.push(n, n * 3);
    if (r.yearlyCost !== null) {
      knownAmounts.push(r.yearlyCost, r.yearlyCost * 3);
      for (const n of [r.conservative, r.moderate, r.aggressive]) knownAmounts.push(n * 3 - r.yearlyCost * 3);
    }
  }
  for (const amount of findAmounts(all))
    if (!amountIsKnown(amount.value, knownAmounts)) add('invented-amount', amount.text);

  // Template seams.
  const capitals = midSentenceCapitals(all, allowedCapitals(facts));
  if (capitals.length) add('seam-capital', capitals.join(', '));
  // A company whose name ends in "!" ("Yahoo!") may be followed by a comma or a colon.
  const withoutNames = all.split(facts.company.trim()).join('Company');
  if (/(?<![.])[.,;:!?]\s*[.,;:?](?![.])|\.{2,}|…/.test(withoutNames.replace(/\b(?:[A-Za-z]\.){2,}/g, '')))
    add('seam-punctuation', (all.match(/[.,;:!?]\s*[.,;:?]|\.{2,}|…/) ?? [''])[0]);
  if (/\s[,.;:?!]/.test(all.replace(/\n/g, ' ').replace(/ - /g, ' '))) add('seam-space', 'space before punctuation');
  const doubled = /\b(\w+) \1\b/i.exec(all);
  if (doubled && doubled[0].split(' ')[0] === doubled[0].split(' ')[1]) add('seam-doubled-word', doubled[0]);
  if (/\bundefined\b|\bnull\b|\bNaN\b|\[|\]|\{|\}|\bTODO\b/.test(all))
    add('seam-leftover', 'placeholder or empty value');
  if (VOWEL_A.test(all)) add('seam-a-vowel', all.match(VOWEL_A)![0]);
  if (/\byou would you\b|\byou'd you\b|\byour your\b|\bto to\b|\byou (?:was|am)\b|\bI are\b|\bwe you\b/i.test(all))
    add('seam-person', 'broken person');
  if (/\b(?:their|our) (?:CFO|board|boss|VPs?|manager|team)\b/i.test(all))
    add('seam-possessive', all.match(/\b(?:their|our) \w+/i)![0]);
  if (/\byou said (?:improve|reduce|cut|get|send|present|take)\b/i.test(all))
    add('seam-bare-verb', 'bare verb after "you said"');
  if (/\b(?:about|on) your plans\b|\bthe demo isn't\b/i.test(all))
    add('seam-stage-topic', 'a stage word in a topic slot');

  // Names.
  const legal = facts.company.trim();
  const legalForm = LEGAL_FORM_WORDS.exec(legal);
  if (legalForm && LEGAL_FORM_WORDS.test(subject)) add('legal-suffix-subject', subject);
  if (legalForm && countOccurrences(all, legal.replace(/\.$/, '')) > 1) add('legal-name-repeated', legal);
  if (legalForm && countOccurrences(body, legal.replace(/\.$/, '')) > 0 && countOccurrences(body, legal) === 0)
    add('legal-name-cut', 'final dot stripped');
  const short = legalForm ? legal.slice(0, legalForm.index).replace(/[\s,]+$/, '') : legal;
  if (countOccurrences(body, short) > 3) add('name-repeated', `${short} x${countOccurrences(body, short)}`);
  if (person) {
    const firstLine = body.split('\n')[0] ?? '';
    if (person.expectGreeting && !firstLine.includes(person.expectGreeting))
      add('greeting', `${firstLine} (want ${person.expectGreeting})`);
    if (!person.expectGreeting && /^Hi \p{L}/u.test(firstLine)) add('greeting', firstLine);
  }
  const lastLines = body.trimEnd().split('\n').slice(-2);
  if (facts.repName && !lastLines.some((line) => line.trim() === facts.repName))
    add('sign-off', 'not signed with the rep');
  if (facts.repName && facts.repCompany && !lastLines.includes(facts.repCompany))
    add('sign-off', 'no company under the name');
  return findings;
}

export interface EvalResult {
  drafts: number;
  passed: number;
  rate: number;
  /** Drafts the tone guard (src/coach/tone.ts) passes, given the deal's facts. */
  guardPassed: number;
  guardRate: number;
  guardByRule: Record<string, number>;
  guardFailures: Array<{ label: string; rules: string[]; text: string }>;
  byRule: Record<string, number>;
  failures: Array<{ label: string; findings: Finding[]; text: string }>;
  duplicateBodies: number;
}

const KINDS: DraftKind[] = ['accountability', 'checkin', 'fire', 'revival', 'roi'];

/** Drafts every kind, plain and with one regeneration tone, for every deal, and checks each. */
export function runEval(compose = composeOffline, deals = evalDeals()): EvalResult {
  const failures: EvalResult['failures'] = [];
  const byRule: Record<string, number> = {};
  let total = 0;
  let passed = 0;
  let guardPassed = 0;
  const guardByRule: Record<string, number> = {};
  const guardFailures: EvalResult['guardFailures'] = [];
  const bodiesByRep = new Map<string, Set<string>>();
  let duplicateBodies = 0;
  deals.forEach(({ facts, person }, i) => {
    for (const kind of KINDS) {
      const plain = compose({ ...facts, tone: null }, kind);
      for (const tone of [null, TONES[(i + KINDS.indexOf(kind)) % TONES.length]!]) {
        const withTone = { ...facts, tone };
        const text = tone === null ? plain : compose(withTone, kind);
        const findings = checkDraft({ kind, facts: withTone, ...text, defaultBody: plain.body }, person);
        if (tone === null) {
          const key = `${facts.repName ?? '-'}:${kind}`;
          const seen = bodiesByRep.get(key) ?? new Set<string>();
          const normalised = text.body.replace(/^.*\n/, '');
          if (seen.has(normalised))
            findings.push({ rule: 'same-text', detail: 'another deal of this rep got the same body' });
          seen.add(normalised);
          bodiesByRep.set(key, seen);
          if (findings.some((f) => f.rule === 'same-text')) duplicateBodies += 1;
        }
        total += 1;
        const label = `deal ${facts.dealId} ${kind} tone=${tone ?? '-'}`;
        const guard = checkTone(kind, text, withTone);
        if (guard.ok) guardPassed += 1;
        else {
          const rules = guard.problems.map((p) => p.rule);
          for (const rule of rules) guardByRule[rule] = (guardByRule[rule] ?? 0) + 1;
          guardFailures.push({ label, rules, text: `${text.subject}\n${text.body}\nVM: ${text.voicemail}` });
        }
        if (findings.length === 0) passed += 1;
        else {
          for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
          failures.push({ label, findings, text: `${text.subject}\n${text.body}\nVM: ${text.voicemail}` });
        }
      }
    }
  });
  return {
    drafts: total,
    passed,
    rate: passed / total,
    byRule,
    failures,
    duplicateBodies,
    guardPassed,
    guardRate: guardPassed / total,
    guardByRule,
    guardFailures,
  };
}

export function formatEval(result: EvalResult, examples = 3): string {
  const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
  const lines = [
    `offline drafter eval, ${result.drafts} drafts: eval rules pass ${pct(result.rate)} (${result.passed}), ` +
      `guard passes ${pct(result.guardRate)} (${result.guardPassed})`,
  ];
  for (const [rule, count] of Object.entries(result.byRule).sort((a, b) => b[1] - a[1]))
    lines.push(`  ${rule}: ${count}`);
  for (const [rule, count] of Object.entries(result.guardByRule).sort((a, b) => b[1] - a[1])) {
    lines.push(`  guard ${rule}: ${count}`);
  }
  for (const failure of result.guardFailures.slice(0, examples)) {
    lines.push('', `${failure.label}: guard ${failure.rules.join(', ')}`, failure.text);
  }
  for (const failure of result.failures.slice(0, examples)) {
    lines.push(
      '',
      `${failure.label}: ${failure.findings.map((f) => `${f.rule} (${f.detail})`).join('; ')}`,
      failure.text,
    );
  }
  return lines.join('\n');
}
