import { describe, expect, it } from 'vitest';
import { readRoiInputs, roiFromExpected, SINGLE_FIGURE_ASSUMPTIONS } from '../../src/domain/roi.js';

const roiOf = (value: string, cost: string | null = null, currency = 'USD') => {
  const read = readRoiInputs(value, cost, currency);
  if (!read.ok) throw new Error(read.error);
  return read.roi;
};

describe('readRoiInputs: the value three ways from what the rep typed', () => {
  it('takes three figures as conservative / expected / best', () => {
    expect(roiOf('60k / 100k / 150k', '40k')).toEqual({
      currency: 'USD',
      conservative: 60_000,
      moderate: 100_000,
      aggressive: 150_000,
      yearlyCost: 40_000,
      basis: 'three',
    });
    expect(roiOf('€12.500; €20.000; €31.000', null, 'USD')).toMatchObject({
      currency: 'EUR',
      moderate: 20_000,
      basis: 'three',
    });
  });

  it('takes a range: its ends are the conservative and best cases, the midpoint the expected one', () => {
    expect(roiOf('80k-150k')).toMatchObject({
      conservative: 80_000,
      moderate: 115_000,
      aggressive: 150_000,
      basis: 'range',
    });
    expect(roiOf('€80k – 150k', null, 'USD')).toMatchObject({
      currency: 'EUR',
      conservative: 80_000,
      aggressive: 150_000,
    });
    expect(roiOf('CHF 1.2M to CHF 2M', null, 'CHF')).toMatchObject({ conservative: 1_200_000, aggressive: 2_000_000 });
    expect(roiOf('150k-80k')).toMatchObject({ conservative: 80_000, aggressive: 150_000 });
  });

  it('with one figure, falls back to the documented adoption assumptions (60% and 130%)', () => {
    expect(SINGLE_FIGURE_ASSUMPTIONS).toEqual({ conservativeShare: 0.6, aggressiveShare: 1.3 });
    expect(roiOf('£120,000', '£30,000')).toEqual({
      currency: 'GBP',
      conservative: 72_000,
      moderate: 120_000,
      aggressive: 156_000,
      yearlyCost: 30_000,
      basis: 'single',
    });
    expect(roiFromExpected({ minor: 12_000_000, currency: 'EUR' })).toMatchObject({
      conservative: 72_000,
      basis: 'single',
    });
  });

  it('refuses what it cannot read, with a message for the rep', () => {
    const error = (value: string, cost: string | null = null) => {
      const read = readRoiInputs(value, cost);
      return read.ok ? null : read.error;
    };
    expect(error('150k / 100k / 60k')).toMatch(/most cautious to the best/);
    expect(error('10k / 20k')).toMatch(/three figures/);
    expect(error('€80k-£150k')).toMatch(/one currency/);
    expect(error('lots')).toMatch(/"lots"/);
    expect(error('100k', 'free')).toMatch(/^Yearly cost/);
    expect(error('  ')).toBe('No yearly value.');
  });
});
