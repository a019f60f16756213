// The benchmark's report: one JSON document (every figure, every ratio with its target and
// whether it is met) that a later run can be compared with, or a readable table.
import { tidy, type Figure } from './stats.js';

export interface Ratio {
  name: string;
  label: string;
  /** Figure names; the ratio is numerator / denominator of their `stat`. */
  numerator: string;
  denominator: string;
  stat: 'median';
  value: number;
  /** Met when value <= target. */
  target: number;
  met: boolean;
}

export interface Limit {
  name: string;
  label: string;
  figure: string;
  stat: 'median' | 'p99' | 'max';
  value: number;
  unit: Figure['unit'];
  /** Met when value < target. */
  target: number;
  met: boolean;
}

export interface ScalePoint {
  deals: number;
  activitiesPerDeal: number;
  seedSeconds: number;
  candidates: number;
  decisions: number;
  floorMs: number;
  /** The first scan of the seeded pipeline, warm, dry run (median). */
  scanMs: number;
  /** The scan 15 minutes after that one was committed, warm, dry run (median). */
  steadyMs: number;
  /** Deals due for that scan (what it reads). */
  steadyDue: number;
  steadyDecisions: number;
  runs: number;
}

export interface BenchReport {
  tool: 'dealcoach bench';
  /** Bumped when the report's shape changes. */
  reportVersion: 1;
  version: string;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryMB: number;
    node: string;
    platform: string;
    loadAverage: { start: number[]; end: number[] };
  };
  /** The instant the seeded pipeline is "as of", and the app's clock during the run. */
  at: string;
  pipeline: {
    deals: number;
    reps: number;
    teams: number;
    rows: Record<string, number>;
    states: Record<string, number>;
    patterns: Record<string, number>;
    largestTeam: { id: number; name: string; members: number };
    bytes: number;
  };
  figures: Figure[];
  ratios: Ratio[];
  limits: Limit[];
  scale: ScalePoint[];
  /** Wall time of each part of the run, in seconds. */
  sections: Array<{ name: string; seconds: number }>;
  notes: string[];
  skipped: Array<{ name: string; reason: string }>;
}

export function ratio(
  figures: Figure[],
  name: string,
  label: string,
  numerator: string,
  denominator: string,
  target: number,
): Ratio | null {
  const top = figures.find((f) => f.name === numerator);
  const bottom = figures.find((f) => f.name === denominator);
  if (!top || !bottom || !(bottom.median > 0)) return null;
  const value = tidy(top.median / bottom.median);
  return { name, label, numerator, denominator, stat: 'median', value, target, met: value <= target };
}

export function limit(
  figures: Figure[],
  name: string,
  label: string,
  figure: string,
  stat: Limit['stat'],
  target: number,
): Limit | null {
  const f = figures.find((x) => x.name === figure);
  const value = f?.[stat];
  if (!f || value === undefined || !Number.isFinite(value)) return null;
  return { name, label, figure, stat, value, unit: f.unit, target, met: value < target };
}

const num = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '' : String(tidy(value)));
const group = (n: number) => n.toLocaleString('en-US');

function table(header: string[], rows: string[][], rightAligned: (column: number) => boolean): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The readable report: figures, then ratios and limits against their targets, the scale, notes. */
export function renderText(report: BenchReport): string {
  const p = report.pipeline;
  const out: string[] = [];
  out.push(
    `dealcoach bench ${report.version}: ${group(p.deals)} deals, ${group(p.reps)} reps in ${group(p.teams)} teams, ` +
      `${group(p.rows.activities ?? 0)} activities, ${group(p.rows.episodes ?? 0)} silence episodes; pipeline as of ` +
      `${report.at}`,
  );
  const m = report.machine;
  out.push(
    `machine: ${m.cpus} x ${m.cpuModel}, ${group(Math.round(m.memoryMB))} MB, Node ${m.node} (${m.platform}); ` +
      `load average ${m.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} at start, ` +
      `${m.loadAverage.end.map((x) => x.toFixed(2)).join(' ')} at end; ` +
      `${tidy(report.wallSeconds)} s in all (${report.sections.map((x) => `${x.name} ${x.seconds}`).join(', ')})`,
  );
  out.push('');
  out.push(
    ...table(
      ['figure', 'median', 'min', 'max', 'p99', 'runs', 'unit', 'what'],
      report.figures.map((f) => [
        f.name,
        num(f.median),
        num(f.min),
        num(f.max),
        num(f.p99),
        String(f.runs),
        f.unit,
        f.label,
      ]),
      (i) => i >= 1 && i <= 5,
    ),
  );
  out.push('');
  out.push(
    ...table(
      ['ratio (medians)', 'value', 'target', 'met'],
      report.ratios.map((r) => [
        `${r.numerator} / ${r.denominator}`,
        num(r.value),
        `<= ${r.target}`,
        r.met ? 'yes' : 'NO',
      ]),
      (i) => i === 1,
    ),
  );
  if (report.limits.length) {
    out.push('');
    out.push(
      ...table(
        ['limit', 'value', 'target', 'met'],
        report.limits.map((l) => [
          `${l.figure} ${l.stat}`,
          `${num(l.value)} ${l.unit}`,
          `< ${l.target} ${l.unit}`,
          l.met ? 'yes' : 'NO',
        ]),
        (i) => i === 1,
      ),
    );
  }
  if (report.scale.length) {
    out.push('');
    out.push('scan time by pipeline size (warm, dry runs; medians):');
    out.push(
      ...table(
        [
          'deals',
          'activities/deal',
          'seeded in s',
          'candidates',
          'first scan: decisions',
          'ms',
          'floor ms',
          'ratio',
          'next scan: decisions',
          'ms',
        ],
        report.scale.map((s) => [
          group(s.deals),
          String(s.activitiesPerDeal),
          num(s.seedSeconds),
          group(s.candidates),
          group(s.decisions),
          num(s.scanMs),
          num(s.floorMs),
          num(s.scanMs / s.floorMs),
          group(s.steadyDecisions),
          num(s.steadyMs),
        ]),
        () => true,
      ),
    );
  }
  if (report.notes.length) {
    out.push('');
    out.push('notes:');
    for (const note of report.notes) out.push(`- ${note}`);
  }
  if (report.skipped.length) {
    out.push('');
    out.push('skipped:');
    for (const s of report.skipped) out.push(`- ${s.name}: ${s.reason}`);
  }
  return out.join('\n');
}
