// Realistic and extreme data for rendering views at size: long legal names, accents, emoji, long promises.
import type { DigestData, DigestDeal, Money } from '../../src/jobs/digest.js';
import { formatMoney } from '../../src/domain/money.js';

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

/** Long multi-word legal names in the scripts reps sell in, as their CRMs hold them. */
const WORLD_NAMES = [
  'Международная Транспортно-Логистическая Компания «Северный Ветер» ООО',
  'شركة الخليج العربي للتجارة والمقاولات والاستثمار العقاري المحدودة',
  'हिन्दुस्तान इंजीनियरिंग एंड कंस्ट्रक्शन प्राइवेट लिमिटेड',
  '北京华夏国际物流供应链管理有限公司上海分公司',
  '주식회사 한빛글로벌로지스틱스 해외사업본부',
  'Ελληνική Εταιρεία Ναυτιλιακών Μεταφορών Ανώνυμη Εταιρεία',
  'บริษัท สยามโลจิสติกส์ แอนด์ ซัพพลายเชน จำกัด (มหาชน)',
  'חברת אור־ים להנדסה ותשתיות בע״מ',
  'Türkiye Gıda Sanayi ve Ticaret Anonim Şirketi İstanbul Şubesi',
  'Công ty Cổ phần Đầu tư Phát triển Công nghệ Việt Nam',
  'پارس صنعت و بازرگانی می\u200Cخواهم سهامی خاص',
  '👩\u200D💻 Dev Collective Genossenschaft & Co. KG 🇨🇭',
];

/** A multi-word company name of `length` (200: the cap a name is stored with), in one of many scripts. */
export function worldCompany(i: number, length = 200): string {
  const base = `${WORLD_NAMES[i % WORLD_NAMES.length]} ${i}`;
  return cut(`${base} `.repeat(Math.ceil(length / base.length) + 1), length).trim();
}

/** Currencies a multinational team sells in, with amounts in the hundreds of millions (minor units). */
export const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'INR', 'BRL', 'KRW', 'SAR', 'TRY', 'IRR', 'VND'];
const bigAmount = (i: number) => 98_765_432_109 + i * 1_000_001;

/**
 * A digest as buildDigest makes it for a multinational team: multi-word non-Latin names, a dozen
 * currencies in every total (so each sum reads "$… + €… + ¥… …"), values and promises at their caps.
 */
export function worldDigest(reps = 20, dealsPerRep = 10, opts: { promiseLength?: number } = {}): DigestData {
  const add = (money: Money, currency: string, minor: number) => {
    money[currency] = (money[currency] ?? 0) + minor;
  };
  const all: DigestDeal[] = [];
  const totals = { stuckDeals: 0, stuckValue: {} as Money, forecastAtRisk: {} as Money, escalated: 0 };
  const repList = Array.from({ length: reps }, (_, r) => {
    const repId = `U0${String(r).padStart(9, '0')}`;
    const value: Money = {};
    const deals: DigestDeal[] = Array.from({ length: dealsPerRep }, (_, d) => {
      const currency = CURRENCIES[(r + d) % CURRENCIES.length]!;
      const valueMinor = bigAmount(r * 100 + d);
      add(value, currency, valueMinor);
      add(totals.stuckValue, currency, valueMinor);
      if (d % 3) add(totals.forecastAtRisk, currency, valueMinor);
      if (d % 4 === 0) totals.escalated++;
      return {
        dealId: r * 100 + d,
        company: worldCompany(r * 100 + d),
        ownerId: repId,
        valueMinor,
        currency,
        valueText: formatMoney(valueMinor, currency),
        stage: 'negotiation',
        forecast: d % 3 ? 'commit' : 'best-case',
        daysSilent: 60 - d,
        threshold: 3,
        step: d % 5 === 4 ? 'cadence finished' : `step ${1 + (d % 5)} of 12`,
        accountabilitySent: d % 2 === 0,
        brokenCommitment: longPromise(d, opts.promiseLength ?? 500),
        escalatedDays: d % 4 === 0 ? 59 : null,
      };
    });
    all.push(...deals);
    totals.stuckDeals += deals.length;
    return {
      repId,
      deals,
      value,
      coaching:
        `<@${repId}> is carrying ${dealsPerRep} silent deals. Persistence is good, and so is letting go: ` +
        `${dealsPerRep} have been through the whole cadence. A polite goodbye frees time for live leads; you can ` +
        'always make more money, you can never reclaim your time.',
    };
  });
  const change = Object.fromEntries(CURRENCIES.map((c, i) => [c, (i % 2 ? -1 : 1) * bigAmount(i)]));
  return {
    workspace: 'T1',
    team: { id: 1, name: 'Équipe Europe, Moyen-Orient, Afrique & Asie-Pacifique' },
    at: '2026-11-09T14:00:00.000Z',
    since: '2026-11-02T14:00:00.000Z',
    totals,
    change: { stuckDeals: -123, stuckValue: change },
    reps: repList,
    forecastHygiene: { deals: all.filter((d) => d.forecast !== 'pipeline'), value: totals.forecastAtRisk },
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
