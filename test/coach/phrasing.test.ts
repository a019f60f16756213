import { describe, expect, it } from 'vitest';
import {
  commitmentPhrase,
  goalPhrase,
  looksEnglish,
  shortenPhrase,
  tidyTyped,
  towardProspect,
} from '../../src/coach/phrasing.js';
import { greetingFor, shortCompanyName } from '../../src/coach/names.js';

describe('phrasing: commitments typed the way reps type them', () => {
  const cases: Array<[string, string, string]> = [
    ["they'll send the PO by friday", 'send the PO by Friday', 'verb'],
    ['get sign off from their CFO', 'get sign-off from your CFO', 'verb'],
    ['present to our board', 'present to your board', 'verb'],
    ["I'll get you an answer", 'get me an answer', 'verb'],
    ["I'll take this to my board for sign-off", 'take this to your board for sign-off', 'verb'],
    ['send the PO by FRIDAY!!', 'send the PO by Friday', 'verb'],
    ['"get legal to review the MSA by Dec 3."', 'get legal to review the MSA by Dec 3', 'verb'],
    ['Dana will sign the order form', 'sign the order form', 'verb'],
    ["She'll get her boss to approve the budget 👍", 'get your boss to approve the budget', 'verb'],
    ['We will present to our VPs', 'present to your VPs', 'verb'],
    ['Review the contract with legal.', 'review the contract with legal', 'verb'],
    ['the signed order form back to us', 'the signed order form back to us', 'noun'],
    ['check with [manager] TODO', 'check', 'verb'],
  ];
  for (const [typed, expected, form] of cases) {
    it(`"${typed}"`, () => expect(commitmentPhrase(typed)).toEqual({ text: expected, form }));
  }

  it('keeps non-English text as a quote and cuts long text at a clause, never with "..."', () => {
    expect(commitmentPhrase('présenter la proposition au comité')?.form).toBe('quote');
    const long = commitmentPhrase(
      'walk the finance team, the head of operations and the two regional directors through the pricing options, collect their questions in one document, and come back with a decision on the pilot scope and start date',
    );
    expect(long?.text).toBe(
      'walk the finance team, the head of operations and the two regional directors through the pricing options',
    );
    const rambling = commitmentPhrase(`send ${'the numbers and the plan '.repeat(20)}`, { maxWords: 22 })!;
    expect(rambling.text.split(' ').length).toBeLessThanOrEqual(22);
    expect(rambling.text).not.toMatch(/\.\.\.|…|\b(?:and|the)$/);
    expect(commitmentPhrase('   ')).toBeNull();
    expect(commitmentPhrase('[TBD]')).toBeNull();
  });
});

describe('phrasing: goals as the phrase a slot needs', () => {
  const cases: Array<[string, string, string]> = [
    ['Improve onboarding', 'improving onboarding', 'gerund'],
    ['reduce churn.', 'reducing churn', 'gerund'],
    ['cut hiring costs & time-to-hire', 'cutting hiring costs and time-to-hire', 'gerund'],
    ['improve retention and reduce hiring costs', 'improving retention and reducing hiring costs', 'gerund'],
    ['improving retention and reducing hiring costs', 'improving retention and reducing hiring costs', 'gerund'],
    ['we want to reduce churn in the SMB segment', 'reducing churn in the SMB segment', 'gerund'],
    ['Improve Onboarding Speed', 'improving onboarding speed', 'gerund'],
    ['GDPR-compliant reporting!!', 'GDPR-compliant reporting', 'noun'],
    ['faster month-end close 🚀', 'faster month-end close', 'noun'],
    ['Salesforce migration', 'Salesforce migration', 'noun'],
    ['churn is too high', 'churn is too high', 'quote'],
    ['Intégrer les équipes', 'Intégrer les équipes', 'quote'],
  ];
  for (const [typed, expected, form] of cases) {
    it(`"${typed}"`, () => expect(goalPhrase(typed)).toEqual({ text: expected, form }));
  }

  it('turns the prospect\'s "our" into "your" and shortens a 300-character goal at a clause', () => {
    const goal = goalPhrase(
      'a single view of every shipment across all of our European warehouses, so the operations team can stop reconciling spreadsheets by hand every Monday morning before the weekly review',
    );
    expect(goal).toEqual({
      text: 'a single view of every shipment across all of your European warehouses',
      form: 'noun',
    });
  });
});

describe('phrasing: helpers', () => {
  it('tidies what reps type', () => {
    expect(tidyTyped('  send the PO!!! ')).toBe('send the PO');
    expect(tidyTyped('«réduire le churn»')).toBe('réduire le churn');
    expect(tidyTyped('🚀🚀')).toBeNull();
  });
  it('turns person toward the prospect', () => {
    expect(towardProspect('send me their budget', 'rep')).toBe('send me your budget');
    expect(towardProspect('I will call you', 'prospect')).toBe('you will call me');
  });
  it('tells English from other languages', () => {
    expect(looksEnglish('reduce churn in the SMB segment')).toBe(true);
    expect(looksEnglish('Intégrer les équipes commerciales')).toBe(false);
    expect(looksEnglish('Kosten senken und die Einarbeitung verbessern')).toBe(false);
  });
  it('shortens without an ellipsis', () => {
    expect(shortenPhrase('one two three four five six seven', 4)).toBe('one two three four');
  });
});

describe('names', () => {
  const companies: Array<[string, string]> = [
    ['Acme Logistics, Inc.', 'Acme Logistics'],
    ['Müller & Söhne GmbH', 'Müller & Söhne'],
    ['AT&T Inc.', 'AT&T'],
    ['Yahoo!', 'Yahoo!'],
    ['Initech B.V', 'Initech'],
    ['Nordlicht AS', 'Nordlicht'],
    ['Tietoevry Oyj', 'Tietoevry'],
    ['Fjord AB', 'Fjord'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'Grupo Bimbo'],
    ['Kraków Tech Sp. z o.o.', 'Kraków Tech'],
    ['Aussie Widgets Pty Ltd', 'Aussie Widgets'],
    ['Rossi S.p.A.', 'Rossi'],
    ['Dupont SARL', 'Dupont'],
    ['Siemens AG', 'Siemens'],
    ['Sakura Denki K.K.', 'Sakura Denki'],
    ['Banco Sabadell, S.A.', 'Banco Sabadell'],
    ['Telefónica S.L.', 'Telefónica'],
    ['Vista PLC', 'Vista'],
    ['Brightwave LLC', 'Brightwave'],
    ['Van der Berg N.V.', 'Van der Berg'],
    ['Widgets Co., Ltd.', 'Widgets'],
    ['Peter Müller GmbH & Co. KG', 'Peter Müller'],
    ['IKEA', 'IKEA'],
    ['Casa', 'Casa'],
    ['Nordisk A/S', 'Nordisk'],
  ];
  for (const [legal, short] of companies) it(`company "${legal}"`, () => expect(shortCompanyName(legal)).toBe(short));

  const people: Array<[string, string | null, string | null]> = [
    ['Herr Klaus Müller', null, 'Klaus'],
    ['Herr Müller', null, 'Herr Müller'],
    ['Frau Dr. Anna Schmidt', null, 'Anna'],
    ['Mme Claire Dubois', null, 'Claire'],
    ['M. Dupont', null, 'M. Dupont'],
    ['Sr. Juan Carlos Pérez', null, 'Juan Carlos'],
    ['Sra. María José García', null, 'María José'],
    ['Dott. Marco Rossi', null, 'Marco'],
    ['Ing. Pavel Novák', null, 'Pavel'],
    ['jean-luc', null, 'Jean-Luc'],
    ['Ana María López-Ruiz', null, 'Ana María'],
    ['TANAKA Hiroshi', null, 'Hiroshi'],
    ['Whitfield, Dana', null, 'Dana'],
    ['dana whitfield', null, 'Dana'],
    ['Tanaka Hiroshi', 'Tanaka-san', 'Tanaka-san'],
    ['dana@acme.example', null, null],
  ];
  for (const [typed, greetAs, expected] of people) {
    it(`greets "${typed}"${greetAs ? ` (greet as ${greetAs})` : ''}`, () =>
      expect(greetingFor(typed, greetAs)?.name ?? null).toBe(expected));
  }
});
