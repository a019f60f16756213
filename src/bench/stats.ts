// Summaries of repeated measurements: median and spread (min, max), p99 when there are enough samples.

export interface Figure {
  /** Dotted name, stable across runs so that two reports can be compared: "command.list.ack". */
  name: string;
  /** What was measured, in words. */
  label: string;
  unit: 'ms' | 'MB' | 'rows/s' | 's' | 'count';
  median: number;
  min: number;
  max: number;
  /** Only when there are at least 100 samples (otherwise it would just be the max). */
  p99?: number;
  runs: number;
  note?: string;
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Rounds to a precision that suits the magnitude: 0.123 ms, 12.3 ms, 1234 ms. */
export function tidy(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  return abs >= 1000 ? Math.round(value) : abs >= 10 ? round(value, 1) : abs >= 1 ? round(value, 2) : round(value, 3);
}

export function summarize(
  name: string,
  label: string,
  unit: Figure['unit'],
  samples: readonly number[],
  note?: string,
): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const figure: Figure = {
    name,
    label,
    unit,
    median: tidy(median(sorted)),
    min: tidy(sorted[0] ?? Number.NaN),
    max: tidy(sorted.at(-1) ?? Number.NaN),
    runs: sorted.length,
  };
  if (sorted.length >= 100) figure.p99 = tidy(quantile(sorted, 0.99));
  if (note) figure.note = note;
  return figure;
}

/** Milliseconds since `start` (a performance.now() reading). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Times `fn` once, in ms. */
export function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: since(start), value };
}

/** A small, fast, seedable PRNG (mulberry32): the same seed seeds the same pipeline. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
