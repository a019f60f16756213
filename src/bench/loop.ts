// What a scan costs the rest of the process (issue 21): the delay of this thread's event loop while
// it runs (monitorEventLoopDelay), and how long each of its write transactions held the write lock.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Store } from '../db/index.js';
import { tidy, type Figure } from './stats.js';

/** The event-loop delay seen by a 10 ms timer, in ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  /** p100: the longest the loop was held (less the resolution), the figure that matters. */
  max: number;
  min: number;
  samples: number;
}

const RESOLUTION_MS = 10;
const tick = () => new Promise((resolve) => setTimeout(resolve, RESOLUTION_MS + 5));

/** Runs `fn`, recording this thread's event-loop delay meanwhile. */
export async function withLoopDelay<T>(fn: () => Promise<T>): Promise<{ value: T; delay: LoopDelay }> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  try {
    // The histogram counts from its first tick, and a block is recorded when the next tick comes.
    await tick();
    const value = await fn();
    await tick();
    const ms = (ns: number) => tidy(ns / 1e6);
    const delay = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      min: ms(histogram.min),
      samples: histogram.count,
    };
    return { value, delay };
  } finally {
    histogram.disable();
  }
}

/** Merges delays recorded over several runs (the worst of each). */
export function worstDelay(delays: LoopDelay[]): LoopDelay {
  const worst = (pick: (d: LoopDelay) => number) => Math.max(...delays.map(pick));
  return {
    p50: worst((d) => d.p50),
    p99: worst((d) => d.p99),
    max: worst((d) => d.max),
    min: Math.min(...delays.map((d) => d.min)),
    samples: delays.reduce((n, d) => n + d.samples, 0),
  };
}

export function delayFigure(name: string, label: string, delay: LoopDelay, note?: string): Figure {
  return {
    name,
    label,
    unit: 'ms',
    median: delay.p50,
    min: delay.min,
    max: delay.max,
    p99: delay.p99,
    runs: delay.samples,
    ...(note ? { note } : {}),
  };
}

/**
 * The store with its writes timed: how long each held the write lock, from inside BEGIN IMMEDIATE to
 * its COMMIT (or a dry run's ROLLBACK), in ms.
 */
export function timedWrites(store: Store): { store: Store; durations: number[] } {
  const durations: number[] = [];
  const timed: Store = {
    ...store,
    write: (fn, options) => {
      let started = 0;
      return store
        .write((tx) => {
          started = performance.now();
          return fn(tx);
        }, options)
        .finally(() => {
          if (started) durations.push(performance.now() - started);
        });
    },
  };
  return { store: timed, durations };
}
