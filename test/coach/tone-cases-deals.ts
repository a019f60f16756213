// Deals the labelled tone cases are written against: varied industries, non-English and legal
// company names, so the name, amount and date checks see what a real rep's pipeline holds.
import type { DraftFacts, DraftKind } from '../../src/coach/types.js';
import { vpDeal } from './scenarios.js';

interface DealProfile {
  company: string;
  contactName: string;
  repName: string;
  prospectGoal: string;
  commitment: string;
  valueText: string | null;
  roi?: DraftFacts['roi'];
}

export const DEALS = {
  mueller: {
    company: 'Müller & Söhne GmbH',
    contactName: 'Jürgen Weiß',
    repName: 'Sam Rivera',
    valueText: '€48,000',
    prospectGoal: 'cutting scrap on the press line',
    commitment: 'take the proposal to the works council by Friday',
  },
  fjord: {
    company: 'Nordic Fjord AS',
    contactName: 'Ingrid Solberg',
    repName: 'Lena Park',
    valueText: 'NOK 350,000',
    prospectGoal: 'faster vessel turnaround in Bergen',
    commitment: 'get the CFO to sign off on the pilot',
  },
  cafe: {
    company: 'Café Lumière SARL',
    contactName: 'Camille Dubois',
    repName: 'Théo Martin',
    valueText: '€6,900',
    prospectGoal: 'filling the terrace on weekday evenings',
    commitment: 'send back the signed order form',
  },
  alnoor: {
    company: 'Al Noor Trading LLC',
    contactName: 'Fatima Al-Sayed',
    repName: 'Omar Haddad',
    valueText: '$27,500',
    prospectGoal: 'tracking container costs per shipment',
    commitment: 'present the quote to your partners',
  },
  acme: {
    company: 'Acme Holdings GmbH',
    contactName: 'Dana Whitfield',
    repName: 'Sam Rivera',
    valueText: '$50,000',
    prospectGoal: 'improving retention and reducing hiring costs',
    commitment: 'present the proposal to the VP of Sales by Friday',
    roi: { currency: 'USD', conservative: 40_000, moderate: 70_000, aggressive: 100_000, yearlyCost: 20_000 },
  },
  initech: {
    company: 'Initech Systems Inc.',
    contactName: 'Peter Gibbons',
    repName: 'Joanna Kowalski',
    valueText: '$72,000',
    prospectGoal: 'clearing the support ticket backlog',
    commitment: 'book the security review with your IT team',
  },
  sakura: {
    company: 'Sakura Denki K.K.',
    contactName: 'Yuki Tanaka',
    repName: 'Sam Rivera',
    valueText: '¥4,800,000',
    prospectGoal: 'shorter onboarding for new store staff',
    commitment: 'share the pilot results with head office',
  },
  scunthorpe: {
    company: 'Scunthorpe Steel Fabrications Ltd',
    contactName: 'Gareth Hughes',
    repName: 'Lena ' + 'Park',
    valueText: '£18,000',
    prospectGoal: 'a weld quality assessment on every batch',
    commitment: 'run the trial with the second shift',
  },
  obyrne: {
    company: "O'Connor & Byrne Solicitors",
    contactName: "Siobhán O'Connor",
    repName: 'Aoife ' + 'Kelly',
    valueText: '€22,000',
    prospectGoal: 'billing hours without the Friday spreadsheet',
    commitment: 'talk to the partners about moving to the new billing system',
  },
  patel: {
    company: 'Patel Textiles Pvt. Ltd.',
    contactName: 'Priya Natarajan',
    repName: 'Arjun Mehta',
    valueText: '$64,000',
    prospectGoal: 'fewer late deliveries to your European buyers',
    commitment: 'confirm the order quantities with your plant head',
  },
  padaria: {
    company: 'Padaria São Jorge Ltda',
    contactName: 'João Pereira',
    repName: 'Marta Silva',
    valueText: null,
    prospectGoal: 'cutting waste across the twelve bakeries',
    commitment: 'get approval from the regional directors',
    roi: { currency: 'EUR', conservative: 12_000, moderate: 30_000, aggressive: 55_000, yearlyCost: null },
  },
} satisfies Record<string, DealProfile>;

export type DealKey = keyof typeof DEALS;

export interface ToneCase {
  id: string;
  kind: DraftKind;
  deal: DealKey;
  subject?: string;
  body: string;
  voicemail?: string;
  /** The rule a coach expects the guard to raise (any of a list), or null for a note that is fine to send. */
  expect: string | string[] | null;
  reason: string;
}

/** The deal's facts as the drafting layer would pass them: the touches of vpDeal (Monday to Friday). */
export function factsFor(key: DealKey, kind: DraftKind): DraftFacts {
  const deal: DealProfile = DEALS[key];
  return vpDeal({
    company: deal.company,
    contactName: deal.contactName,
    contactEmail: null,
    repName: deal.repName,
    valueText: deal.valueText,
    prospectGoal: deal.prospectGoal,
    commitment: { text: deal.commitment, dueDate: '2026-11-20', dueText: 'Friday, November 20', broken: true },
    notes: [],
    roi: kind === 'roi' ? (deal.roi ?? null) : null,
    revival:
      kind === 'revival'
        ? { reason: 'apologised, was travelling', said: 'Sorry, it has been a hectic ' + 'month.' }
        : null,
  });
}

/** Greeting, paragraphs and sign-off, the way reps write an email. */
export const letter = (greeting: string, paragraphs: string[], signOff: string): string =>
  [greeting, ...paragraphs, signOff].join('\n\n');
