// Realistic and extreme data for rendering views at size: long legal names, accents, emoji, long promises.
import type { DigestData, DigestDeal } from '../../src/jobs/digest.js';

const NAMES = [
  'Société Générale de Café Lumière SARL',
  'Müller & Söhne Maschinenbau GmbH & Co. KG',
  'Øresund Logistik ApS',
  'Ñandú Exportaciones S.A. de C.V.',
  'Zürcher Kantonalbank AG',
  '株式会社ネクスト・ソリューションズ',
  'Ålesund Fiskeri AS',
  'AT&T <Enterprise> Solutions',
  'Łódź Tekstylia Sp. z o.o.',
  'Crème Brûlée Bakeries Ltd 🥐',
  '“Quoted” Holdings plc',
];

/** At most `length` UTF-16 units, whole code points only: the data itself is well-formed. */
function cut(text: string, length: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > length) break;
    out += ch;
  }
  return out;
}

/** A long company name, with accents, an ampersand and an emoji pair near the cut points. */
export function longCompany(i: number, length = 480): string {
  const base = `${NAMES[i % NAMES.length]} ${i} 🚀`;
  return cut((base + ' — Division Européenne des Opérations Spéciales 🇪🇺').repeat(20), length);
}

/** A long promise in the prospect's words, with line breaks a rep might paste. */
export function longPromise(i: number, length = 2000): string {
  const base = `Présenter la proposition au comité de direction (VP Sales & CFO) avant le vendredi ${i} — “we'll sign by Q1” 🤝\n`;
  return cut(base.repeat(Math.ceil(length / base.length) + 1), length);
}

export function bigDigest(
  reps = 20,
  dealsPerRep = 10,
  opts: { nameLength?: number; promiseLength?: number } = {},
): DigestData {
  const all: DigestDeal[] = [];
  const repList = Array.from({ length: reps }, (_, r) => {
    const repId = `UREP${String(r).padStart(3, '0')}`;
    const deals: DigestDeal[] = Array.from({ length: dealsPerRep }, (_, d) => ({
      dealId: r * 100 + d,
      company: longCompany(r * 100 + d, opts.nameLength),
      ownerId: repId,
      valueMinor: 1_234_567_89 + d,
      currency: d % 2 ? 'EUR' : 'USD',
      valueText: d % 2 ? '1.234.567,89 €' : '$1,234,567.89',
      stage: 'negotiation',
      forecast: d % 3 ? 'commit' : 'best-case',
      daysSilent: 30 - d,
      threshold: 3,
      step: `step ${1 + (d % 5)} of 5`,
      accountabilitySent: d % 2 === 0,
      brokenCommitment: longPromise(d, opts.promiseLength),
      escalatedDays: d % 4 === 0 ? 9 : null,
    }));
    all.push(...deals);
    return {
      repId,
      deals,
      value: { USD: 600_000_000, EUR: 500_000_000 },
      coaching: `<@${repId}> is carrying ${dealsPerRep} silent deals. Persistence is good, and so is letting go.`,
    };
  });
  return {
    workspace: 'T1',
    team: { id: 1, name: 'Équipe Europe du Sud & Maghreb 🌍' },
    at: '2026-11-09T14:00:00.000Z',
    since: null,
    totals: {
      stuckDeals: all.length,
      stuckValue: { USD: 1e10, EUR: 1e10 },
      forecastAtRisk: { USD: 1e9 },
      escalated: 12,
    },
    change: null,
    reps: repList,
    forecastHygiene: { deals: all.filter((d) => d.forecast !== 'pipeline'), value: { USD: 1e9 } },
    firedSince: all
      .slice(0, 20)
      .map((d) => ({ dealId: d.dealId, company: d.company, ownerId: d.ownerId, at: '2026-11-05T10:00:00.000Z' })),
    revivedSince: all.slice(20, 40).map((d) => ({
      dealId: d.dealId,
      company: d.company,
      ownerId: d.ownerId,
      at: '2026-11-06T10:00:00.000Z',
      reason: 'objection_roi',
    })),
  };
}

/** Every UTF-16 problem in a JSON value: a high surrogate without its low half, or a low one alone. */
export function loneSurrogates(value: unknown): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(value);
  // JSON.stringify writes lone surrogates as \udXXX escapes (well-formed JSON.stringify, ES2019).
  for (const match of text.matchAll(/\\ud[89a-f][0-9a-f]{2}/gi)) {
    problems.push(`${match[0]} at ${match.index}: …${text.slice(Math.max(0, match.index! - 40), match.index)}`);
  }
  return problems;
}
