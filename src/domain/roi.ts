// The value three ways (METHOD.md 5) from what the rep typed: three figures, a range, or one figure.
// Pure: amounts are read by money.ts's readAmount, the one amount reader.
import { readAmount, type Money } from './money.js';

/** Yearly figures in the currency's major units, as DraftFacts.roi carries them. */
export interface RoiInputs {
  currency: string;
  conservative: number;
  moderate: number;
  aggressive: number;
  yearlyCost: number | null;
  /**
   * Where the three figures came from: 'three' the rep gave all three, 'range' low and high of a range
   * (moderate the midpoint), 'single' one expected figure and the documented assumptions below.
   */
  basis: 'three' | 'range' | 'single';
}

/**
 * With only the expected yearly value, the other two cases are adoption assumptions, stated in the
 * draft so the prospect can test them: conservative, 60% of the gain is realised (partial adoption,
 * slower ramp-up); aggressive, 130% (full adoption and the same gain in one adjacent team or site).
 */
export const SINGLE_FIGURE_ASSUMPTIONS = { conservativeShare: 0.6, aggressiveShare: 1.3 } as const;

/** currencyGiven: a currency was written with the figures (else they are in the default one). */
export type RoiRead = { ok: true; roi: RoiInputs; currencyGiven: boolean } | { ok: false; error: string };

const THREE_SEPARATOR = /\s*[/|;]\s*/;
// A dash or "to" between two amounts; a leading minus is refused by readAmount as negative.
const RANGE_SEPARATOR = /\s*(?:[–—]|\bto\b|(?<=\S)\s*-\s*(?=\S))\s*/i;

const major = (money: Money): number => Math.round(money.minor / 100);

function readAll(
  parts: string[],
  defaultCurrency: string,
): { ok: true; money: Money[]; currencyGiven: boolean } | { ok: false; error: string } {
  const money: Money[] = [];
  let currencyGiven = false;
  for (const part of parts) {
    const read = readAmount(part, defaultCurrency);
    if (!read.ok) return { ok: false, error: `"${part}": ${read.error}` };
    money.push(read.money);
    currencyGiven ||= read.currencyGiven;
  }
  // "€80k-150k": a currency written once counts for every figure.
  const currencies = new Set(money.map((m) => m.currency));
  if (currencies.size > 1) {
    const written = money.find((m) => m.currency !== defaultCurrency)?.currency;
    if (currencies.size === 2 && written && currencies.has(defaultCurrency)) {
      return { ok: true, money: money.map((m) => ({ ...m, currency: written })), currencyGiven };
    }
    return { ok: false, error: 'Write every figure in one currency.' };
  }
  return { ok: true, money, currencyGiven };
}

/**
 * Reads the yearly value the rep gave: "60k / 100k / 150k" (conservative / expected / best), a range
 * "80k-150k", or one expected figure "120k"; and an optional yearly cost.
 */
export function readRoiInputs(
  valueText: string,
  costText: string | null | undefined,
  defaultCurrency = 'USD',
): RoiRead {
  const text = valueText.trim();
  if (!text) return { ok: false, error: 'No yearly value.' };
  const three = text.split(THREE_SEPARATOR).filter((p) => p !== '');
  const range = three.length === 1 ? text.split(RANGE_SEPARATOR).filter((p) => p !== '') : [];
  const parts = three.length > 1 ? three : range.length > 1 ? range : [text];
  if (parts.length > 3 || (three.length > 1 && three.length !== 3) || range.length > 2) {
    return { ok: false, error: 'Give one figure, a range (80k-150k) or three figures (60k / 100k / 150k).' };
  }
  const read = readAll(parts, defaultCurrency);
  if (!read.ok) return read;
  const values = read.money.map(major);
  const currency = read.money[0]!.currency;
  let cost: number | null = null;
  if (costText?.trim()) {
    const costRead = readAmount(costText, currency);
    if (!costRead.ok) return { ok: false, error: `Yearly cost: ${costRead.error}` };
    // Set against the value, so in its currency: nothing is converted with an invented rate.
    if (costRead.money.currency !== currency)
      return { ok: false, error: `Yearly cost: write it in ${currency}, the currency of the value.` };
    cost = major(costRead.money);
  }
  if (values.length === 3) {
    const [conservative, moderate, aggressive] = values as [number, number, number];
    if (!(conservative <= moderate && moderate <= aggressive)) {
      return {
        ok: false,
        error: 'Three figures go from the most cautious to the best case: conservative / expected / best.',
      };
    }
    const roi: RoiInputs = { currency, conservative, moderate, aggressive, yearlyCost: cost, basis: 'three' };
    return { ok: true, roi, currencyGiven: read.currencyGiven };
  }
  if (values.length === 2) {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const roi = { currency, conservative: low, moderate: Math.round((low + high) / 2), aggressive: high };
    return { ok: true, roi: { ...roi, yearlyCost: cost, basis: 'range' }, currencyGiven: read.currencyGiven };
  }
  return { ok: true, roi: singleFigureRoi(currency, values[0]!, cost), currencyGiven: read.currencyGiven };
}

function singleFigureRoi(currency: string, expected: number, yearlyCost: number | null): RoiInputs {
  return {
    currency,
    conservative: Math.round(expected * SINGLE_FIGURE_ASSUMPTIONS.conservativeShare),
    moderate: expected,
    aggressive: Math.round(expected * SINGLE_FIGURE_ASSUMPTIONS.aggressiveShare),
    yearlyCost,
    basis: 'single',
  };
}

/** One expected yearly value already read (e.g. `/deal draft Acme roi 120k`), with the documented assumptions. */
export function roiFromExpected(yearly: Money, cost: Money | null = null): RoiInputs {
  return singleFigureRoi(yearly.currency, major(yearly), cost ? major(cost) : null);
}
