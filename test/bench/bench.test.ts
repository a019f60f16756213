// The benchmark harness at a tiny size: every part runs once, and the report has the shape a
// later run is compared with. No timing is asserted: this machine's speed is not under test.
import { describe, expect, it } from 'vitest';
import { runBench, type RunCounts } from '../../src/bench/index.js';
import { renderText, type BenchReport } from '../../src/bench/report.js';
import { median, quantile, summarize } from '../../src/bench/stats.js';

const ONCE: RunCounts = {
  commandSamples: 1,
  commandWarmup: 0,
  bareSamples: 1,
  scanWarm: 1,
  scanCold: 1,
  floor: 1,
  digest: 1,
  scaleWarm: 1,
  burst: 4,
  concurrency: 2,
};

describe('summaries', () => {
  it('takes the median, the spread and, with enough samples, the p99', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    const few = summarize('x', 'x', 'ms', [5, 1, 3]);
    expect(few).toMatchObject({ median: 3, min: 1, max: 5, runs: 3 });
    expect(few.p99).toBeUndefined();
    const many = summarize(
      'y',
      'y',
      'ms',
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(many.p99).toBe(198);
  });
});

describe('dealcoach bench at a tiny size', () => {
  it('seeds a pipeline, measures every part once and reports figures, ratios and limits', async () => {
    const lines: string[] = [];
    const report: BenchReport = await runBench({
      deals: 500,
      scale: [200, 500],
      at: new Date('2026-09-01T15:00:00Z'),
      runs: ONCE,
      importRows: 50,
      memory: true,
      scanAfterSeconds: 4,
      keep: false,
      log: (line) => lines.push(line),
    });
    // It is one JSON document.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report).toMatchObject({ tool: 'dealcoach bench', reportVersion: 1, at: '2026-09-01T15:00:00.000Z' });
    expect(report.pipeline.deals).toBe(500);
    expect(report.pipeline.states.silent).toBeGreaterThan(0);
    expect(report.pipeline.rows.activities).toBeGreaterThan(2_000);
    expect(lines.length).toBeGreaterThan(5);

    for (const figure of report.figures) {
      expect(typeof figure.name).toBe('string');
      expect(['ms', 'MB', 'rows/s', 's', 'count']).toContain(figure.unit);
      expect(Number.isFinite(figure.median)).toBe(true);
      expect(figure.min).toBeLessThanOrEqual(figure.median);
      expect(figure.max).toBeGreaterThanOrEqual(figure.median);
      expect(figure.runs).toBeGreaterThanOrEqual(1);
    }
    const names = report.figures.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'seed',
        'scan.floor',
        'scan.warm',
        'scan.cold',
        'scan.first',
        'scan.steady',
        'scan.steady-floor',
        'scan.reconcile',
        'scan.warm.transaction',
        'scan.warm.loop',
        'scan.first.transaction',
        'scan.first.loop',
        'scan.worker',
        'scan.worker.loop',
        'command.new',
        'command.call',
        'command.reply',
        'command.status',
        'command.list',
        'command.bare',
        'command.all',
        'seed.200',
        'scan.warm.200',
        'bot.start',
      ]),
    );
    // The digest and the import are hooks into other issues: measured, or skipped with a reason.
    for (const hook of [
      ['digest', 'digest.largest-team'],
      ['import', 'import.csv'],
    ] as const) {
      const skipped = report.skipped.find((s) => s.name === hook[0]);
      if (skipped) expect(skipped.reason).not.toBe('');
      else expect(names).toContain(hook[1]);
    }
    // The import's process reports its event-loop delay and its longest write transaction.
    if (names.includes('import.csv'))
      expect(names).toEqual(expect.arrayContaining(['import.csv.loop-delay', 'import.csv.longest-transaction']));

    // Every ratio is computed from its two figures and checked against its target.
    const byName = new Map(report.figures.map((f) => [f.name, f]));
    const ratioNames = report.ratios.map((r) => r.name);
    expect(ratioNames).toEqual(
      expect.arrayContaining([
        'command.list.vs-bare',
        'command.all.vs-bare',
        'scan.warm.vs-floor',
        'scan.cold.vs-floor',
        'scan.steady.vs-floor',
        'scale.scan.200-500',
      ]),
    );
    for (const ratio of report.ratios) {
      expect(ratio.met).toBe(ratio.value <= ratio.target);
      const top = byName.get(ratio.numerator);
      const bottom = byName.get(ratio.denominator);
      if (top && bottom) expect(Math.abs(ratio.value / (top.median / bottom.median) - 1)).toBeLessThan(0.01);
    }
    expect(report.ratios.find((r) => r.name === 'command.list.vs-bare')!.target).toBe(1.5);
    expect(report.ratios.find((r) => r.name === 'scan.warm.vs-floor')!.target).toBe(3);
    for (const l of report.limits) expect(l.met).toBe(l.value < l.target);
    // p99 limits need 100 samples; one run gives the max only.
    expect(report.limits.map((l) => l.name)).toEqual(
      expect.arrayContaining(['command.all.max', 'scan.first.transaction.250', 'scan.warm.loop.100']),
    );

    expect(report.scale.map((s) => s.deals)).toEqual([200, 500]);
    for (const point of report.scale) expect(point.candidates).toBeGreaterThan(0);
    expect(report.sections.map((s) => s.name)).toEqual(expect.arrayContaining(['seed', 'scan', 'commands', 'memory']));

    const text = renderText(report);
    expect(text).toContain('command.list / command.bare');
    expect(text).toContain('scan time by pipeline size');
  }, 180_000);
});
