// `dealcoach bench [--json] [--deals N]`: seeds a fresh temporary SQLite database with a realistic
// pipeline and measures what a rep and the bot feel: command latency over real HTTP against a
// bare Bolt app, the silence scan against selecting the deals due, how the scan grows with the
// pipeline, the largest team's digest, a CSV import, and the bot's peak memory.
// Progress goes to stderr; the report (a table, or one JSON document with --json) to stdout.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, platform, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { printJson } from '../cli.js';
import { IANAZone } from 'luxon';
import { parseInstant } from '../domain/dates.js';
import { benchCommands } from './commands.js';
import { benchDigest, benchImportHook } from './hooks.js';
import { bareBoltRss, benchMemory } from './memory.js';
import { limit, ratio, renderText, type BenchReport, type Limit, type Ratio, type ScalePoint } from './report.js';
import { benchScan } from './scan-bench.js';
import { seedPipeline, type SeedSummary } from './seed.js';
import { summarize, tidy, type Figure } from './stats.js';

export interface RunCounts {
  /** Timed samples per /deal command kind, after `commandWarmup` untimed ones. */
  commandSamples: number;
  commandWarmup: number;
  /** Timed samples of the bare Bolt app. */
  bareSamples: number;
  scanWarm: number;
  scanCold: number;
  floor: number;
  digest: number;
  /** Warm runs per scan at the other pipeline sizes. */
  scaleWarm: number;
  /** Commands in the burst sent to the bot, and how many in flight at once. */
  burst: number;
  concurrency: number;
}

export const DEFAULT_RUNS: RunCounts = {
  commandSamples: 200,
  commandWarmup: 20,
  bareSamples: 600,
  scanWarm: 5,
  scanCold: 3,
  floor: 9,
  digest: 5,
  scaleWarm: 3,
  burst: 300,
  concurrency: 10,
};

export interface BenchOptions {
  /** The main pipeline: commands, scan, digest and memory run against it. */
  deals: number;
  /** Pipeline sizes for the scan's growth (the main size is measured once, with the rest). */
  scale: number[];
  /** The instant the pipeline is "as of". */
  at: Date;
  runs: RunCounts;
  /** CSV rows for the import hook (0: skip it). */
  importRows: number;
  memory: boolean;
  /** Seconds after the bot is spawned at which it scans, in the memory run (after the burst). */
  scanAfterSeconds: number;
  /** Keep the temporary databases (their folder is printed). */
  keep: boolean;
  log: (line: string) => void;
}

const DAY_MS = 86_400_000;

/** The latest Tuesday 15:00 UTC at or before `now`: a working afternoon in Europe, morning in the Americas. */
export function defaultAt(now = new Date()): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 15));
  while (at.getUTCDay() !== 2 || at.getTime() > now.getTime()) at.setTime(at.getTime() - DAY_MS);
  return at;
}

function packageVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string })
        .version ?? 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

function seedFigure(name: string, seed: SeedSummary): Figure {
  const rows = Object.values(seed.rows).reduce((a, b) => a + b, 0);
  return summarize(
    name,
    `seed ${seed.rows.deals.toLocaleString('en-US')} deals (prepared statements, one transaction)`,
    's',
    [seed.seconds],
    `${rows.toLocaleString('en-US')} rows, ${Math.round(rows / seed.seconds).toLocaleString('en-US')} rows/s, ` +
      `${Math.round(seed.bytes / 1_048_576)} MB file`,
  );
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const wallStart = performance.now();
  const loadStart = loadavg();
  const { log, runs, at } = options;
  const dir = mkdtempSync(join(tmpdir(), 'dealcoach-bench-'));
  const figures: Figure[] = [];
  const notes: string[] = [];
  const skipped: BenchReport['skipped'] = [];
  const scale: ScalePoint[] = [];
  const sections: BenchReport['sections'] = [];
  let sectionStart = performance.now();
  /** Closes the current section of the run (its wall time goes in the report). */
  const section = (name: string) => {
    const seconds = tidy((performance.now() - sectionStart) / 1000);
    sections.push({ name, seconds });
    log(`  (${name}: ${seconds} s)`);
    sectionStart = performance.now();
  };

  try {
    // The main pipeline.
    const mainPath = join(dir, `pipeline-${options.deals}.db`);
    log(`seeding ${options.deals.toLocaleString('en-US')} deals in ${mainPath}`);
    const seed = seedPipeline({ path: mainPath, deals: options.deals, at });
    figures.push(seedFigure('seed', seed));
    section('seed');

    log('scan');
    const scan = await benchScan({
      dbPath: mainPath,
      at,
      warmRuns: runs.scanWarm,
      coldRuns: runs.scanCold,
      floorRuns: runs.floor,
      log,
    });
    figures.push(...scan.figures);
    notes.push(
      `scan.warm and scan.cold are dry runs (every decision made and written inside its batch's transaction, then ` +
        `rolled back) of the seeded pipeline's first scan, in batches with the event loop run in between: ` +
        `${scan.backlog.candidates} candidates, decisions ${JSON.stringify(scan.backlog.decisions)}. scan.first is ` +
        `that scan committed, in a fresh process as the bot's worker runs it; scan.restart is a restarted bot's ` +
        `first scan (fresh process, the incremental scan 15 minutes later); ` +
        `scan.steady is the dry run 15 minutes later (decisions ${JSON.stringify(scan.steady.decisions)}).`,
    );
    section('scan');
    const mainScale = (): ScalePoint => ({
      deals: options.deals,
      activitiesPerDeal: 10,
      seedSeconds: tidy(seed.seconds),
      candidates: scan.backlog.candidates,
      decisions: Object.values(scan.backlog.decisions).reduce((a, b) => a + b, 0),
      floorMs: tidy(scan.medians.floor),
      scanMs: tidy(scan.medians.warm),
      steadyMs: tidy(scan.medians.steady),
      steadyDue: scan.steady.candidates,
      steadyDecisions: Object.values(scan.steady.decisions).reduce((a, b) => a + b, 0),
      runs: runs.scanWarm,
    });

    log(`commands: ${runs.commandSamples} timed samples per kind, ${runs.bareSamples} against the bare app`);
    const commandAt = new Date(at.getTime() + 15 * 60_000);
    const commands = await benchCommands({
      dbPath: mainPath,
      workspace: seed.workspace,
      at: commandAt,
      samples: runs.commandSamples,
      warmup: runs.commandWarmup,
      bareSamples: runs.bareSamples,
      log,
    });
    figures.push(...commands.figures);
    notes.push(
      `commands: ${commands.reps.length} reps owning ${tidy(commands.averageDeals)} deals on average; one request at ` +
        `a time over a kept-alive connection, ` +
        'the next one sent once the App Home refresh that follows a change has reached the fake Slack (bot.burst has ' +
        'them concurrent)',
      ...commands.notes,
    );
    section('commands');

    log('digest');
    const digest = await benchDigest({
      dbPath: mainPath,
      workspace: seed.workspace,
      teamId: seed.largestTeam.id,
      at: commandAt,
      runs: runs.digest,
    });
    figures.push(...digest.figures);
    notes.push(...digest.notes);
    skipped.push(...digest.skipped);
    section('digest');

    if (options.importRows > 0) {
      log(`import of ${options.importRows.toLocaleString('en-US')} CSV rows`);
      const imported = await benchImportHook(options.importRows);
      figures.push(...imported.figures);
      notes.push(...imported.notes);
      skipped.push(...imported.skipped);
    } else {
      skipped.push({ name: 'import', reason: 'not asked for (--import-rows 0)' });
    }
    section('import');

    if (options.memory) {
      log('memory: the bot (node bin/dealcoach.js start) on the seeded database');
      try {
        const memory = await benchMemory({
          dbPath: mainPath,
          workspace: seed.workspace,
          reps: commands.reps,
          burst: runs.burst,
          concurrency: runs.concurrency,
          scanAfterSeconds: options.scanAfterSeconds,
          scanTimeoutMs: 60_000,
          log,
        });
        figures.push(...memory.figures);
        notes.push(...memory.notes);
        const bare = await bareBoltRss();
        if (bare !== null)
          figures.push(
            summarize('bot.rss.bare', 'a bare Bolt app (HTTP, one command): RSS once listening, the floor', 'MB', [
              bare,
            ]),
          );
      } catch (error) {
        skipped.push({ name: 'memory', reason: (error as Error).message });
      }
    } else {
      skipped.push({ name: 'memory', reason: 'not asked for (--no-memory)' });
    }
    section('memory');
    rmSync(mainPath, { force: true });
    rmSync(`${mainPath}-wal`, { force: true });
    rmSync(`${mainPath}-shm`, { force: true });

    for (const deals of [...new Set(options.scale)].sort((a, b) => a - b)) {
      if (deals === options.deals) {
        scale.push(mainScale());
        continue;
      }
      const light = deals >= 1_000_000;
      const path = join(dir, `scale-${deals}.db`);
      log(`scale: seeding ${deals.toLocaleString('en-US')} deals${light ? ' (1 activity per deal)' : ''}`);
      const scaled = seedPipeline({ path, deals, at, activitiesPerDeal: light ? 1 : 10 });
      figures.push(seedFigure(`seed.${deals}`, scaled));
      // A million-deal scan takes seconds: fewer runs there keep the whole benchmark within minutes.
      const warmRuns = light ? Math.min(2, runs.scaleWarm) : runs.scaleWarm;
      const result = await benchScan(
        { dbPath: path, at, warmRuns, coldRuns: 0, floorRuns: light ? Math.min(5, runs.floor) : runs.floor, log },
        false,
      );
      scale.push({
        deals,
        activitiesPerDeal: light ? 1 : 10,
        seedSeconds: tidy(scaled.seconds),
        candidates: result.backlog.candidates,
        decisions: Object.values(result.backlog.decisions).reduce((a, b) => a + b, 0),
        floorMs: tidy(result.medians.floor),
        scanMs: tidy(result.medians.warm),
        steadyMs: tidy(result.medians.steady),
        steadyDue: result.steady.candidates,
        steadyDecisions: Object.values(result.steady.decisions).reduce((a, b) => a + b, 0),
        runs: warmRuns,
      });
      for (const f of result.figures) {
        if (f.name === 'scan.warm' || f.name === 'scan.steady' || f.name === 'scan.floor')
          figures.push({ ...f, name: `${f.name}.${deals}` });
      }
      if (!options.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      section(`scale ${deals}`);
    }
    if (scale.some((s) => s.activitiesPerDeal === 1))
      notes.push(
        'the 1,000,000-deal pipeline has 1 activity per deal so that seeding stays fast; the scan does not read ' +
          'activities',
      );

    const ratios = computeRatios(figures, scale);
    const limits = computeLimits(figures);
    const finishedAt = new Date();
    return {
      tool: 'dealcoach bench',
      reportVersion: 1,
      version: packageVersion(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallSeconds: tidy((performance.now() - wallStart) / 1000),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryMB: totalmem() / 1_048_576,
        node: process.version,
        platform: `${platform()} ${process.arch}`,
        loadAverage: { start: loadStart.map((x) => tidy(x)), end: loadavg().map((x) => tidy(x)) },
      },
      at: at.toISOString(),
      pipeline: {
        deals: seed.rows.deals,
        reps: seed.rows.users - seed.rows.salesTeams,
        teams: seed.rows.salesTeams,
        rows: seed.rows,
        states: seed.states,
        patterns: seed.patterns,
        largestTeam: seed.largestTeam,
        bytes: seed.bytes,
      },
      figures,
      ratios,
      limits,
      scale,
      sections,
      notes,
      skipped,
    };
  } finally {
    if (options.keep) log(`databases kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function computeRatios(figures: Figure[], scale: ScalePoint[]): Ratio[] {
  const ratios: Array<Ratio | null> = [
    ...['new', 'call', 'reply', 'status', 'list'].map((kind) =>
      ratio(
        figures,
        `command.${kind}.vs-bare`,
        `/deal ${kind} against the bare Bolt app`,
        `command.${kind}`,
        'command.bare',
        1.5,
      ),
    ),
    ratio(
      figures,
      'command.all.vs-bare',
      'every /deal command against the bare Bolt app',
      'command.all',
      'command.bare',
      1.5,
    ),
    ratio(
      figures,
      'scan.warm.vs-floor',
      'the first scan, warm, against selecting the deals due (all)',
      'scan.warm',
      'scan.floor',
      3,
    ),
    ratio(
      figures,
      'scan.cold.vs-floor',
      'the first scan, cold, against selecting the deals due (all)',
      'scan.cold',
      'scan.floor',
      3,
    ),
    ratio(
      figures,
      'scan.steady.vs-floor',
      'the scan 15 minutes later, against selecting the deals due then',
      'scan.steady',
      'scan.steady-floor',
      3,
    ),
    ratio(figures, 'bot.rss.idle.vs-bare', 'the bot idle against a bare Bolt app', 'bot.rss.idle', 'bot.rss.bare', 1.5),
    ratio(
      figures,
      'bot.rss.peak.vs-bare',
      "the bot's peak against a bare Bolt app",
      'bot.rss.peak',
      'bot.rss.bare',
      2.5,
    ),
  ];
  // Growth: scan time should grow no faster than the number of deals (value = time growth / deal growth).
  for (let i = 1; i < scale.length; i++) {
    const a = scale[i - 1]!;
    const b = scale[i]!;
    for (const [key, label, pick] of [
      ['scan', 'first scan', (s: ScalePoint) => s.scanMs],
      ['steady', 'next scan', (s: ScalePoint) => s.steadyMs],
    ] as const) {
      const value = tidy(pick(b) / pick(a) / (b.deals / a.deals));
      ratios.push({
        name: `scale.${key}.${a.deals}-${b.deals}`,
        label: `${label}: growth of its time from ${a.deals} to ${b.deals} deals, divided by the growth of the deals`,
        numerator: `${key} ms at ${b.deals} / at ${a.deals}`,
        denominator: `${b.deals} / ${a.deals} deals`,
        stat: 'median',
        value,
        target: 1,
        met: value <= 1,
      });
    }
  }
  // The steady scan follows what is due, not the pipeline: from 100,000 to 1,000,000 deals it may grow 2x at most.
  const [hundredK, million] = [scale.find((s) => s.deals === 100_000), scale.find((s) => s.deals === 1_000_000)];
  if (hundredK && million) {
    const value = tidy(million.steadyMs / hundredK.steadyMs);
    ratios.push({
      name: 'scale.steady.100000-1000000.absolute',
      label: 'steady scan at 1,000,000 deals against 100,000',
      numerator: 'steady ms at 1000000',
      denominator: 'steady ms at 100000',
      stat: 'median',
      value,
      target: 2,
      met: value <= 2,
    });
    // The seeded pipelines have ten times the deals due at ten times the size: per deal due, the cost
    // should not grow with the pipeline at all.
    const perDue = tidy(million.steadyMs / million.steadyDue / (hundredK.steadyMs / hundredK.steadyDue));
    ratios.push({
      name: 'scale.steady.100000-1000000.per-due',
      label: 'steady scan per deal due, at 1,000,000 deals against 100,000',
      numerator: 'steady ms per deal due at 1000000',
      denominator: 'steady ms per deal due at 100000',
      stat: 'median',
      value: perDue,
      target: 2,
      met: perDue <= 2,
    });
  }
  return ratios.filter((r): r is Ratio => r !== null);
}

function computeLimits(figures: Figure[]): Limit[] {
  const limits: Array<Limit | null> = [
    ...['new', 'call', 'reply', 'status', 'list'].map((kind) =>
      limit(figures, `command.${kind}.p99`, `/deal ${kind} p99`, `command.${kind}`, 'p99', 50),
    ),
    limit(figures, 'command.all.max', 'slowest /deal ack (Slack gives up at 3 s)', 'command.all', 'max', 3000),
    limit(figures, 'bot.burst.max', 'slowest ack in the burst (Slack gives up at 3 s)', 'bot.burst', 'max', 3000),
    limit(
      figures,
      'bot.during-scan.max',
      'slowest ack while the bot scans (Slack gives up at 3 s)',
      'bot.during-scan',
      'max',
      3000,
    ),
    limit(
      figures,
      'scan.first.transaction.250',
      'the longest scan transaction: the first scan committed in a fresh process (target)',
      'scan.first.transaction',
      'max',
      250,
    ),
    limit(
      figures,
      'scan.warm.transaction.250',
      'the longest scan transaction: the first scan, warm (target)',
      'scan.warm.transaction',
      'max',
      250,
    ),
    limit(
      figures,
      'scan.warm.loop.100',
      'the event loop held by the first scan run in-process in batches, warm (target)',
      'scan.warm.loop',
      'max',
      100,
    ),
    limit(
      figures,
      'scan.first.loop.100',
      'the event loop held by the first scan in a fresh process, in batches (target)',
      'scan.first.loop',
      'max',
      100,
    ),
    limit(
      figures,
      'scan.worker.loop.100',
      "the bot's event loop while its worker commits the first scan (target)",
      'scan.worker.loop',
      'max',
      100,
    ),
    limit(
      figures,
      'scan.restart.1500',
      "a restarted bot's first scan at 100,000 deals (target)",
      'scan.restart',
      'median',
      1500,
    ),
    limit(figures, 'bot.rss.peak', "the bot's peak RSS", 'bot.rss.peak', 'max', 200),
    limit(figures, 'bot.rss.idle', "the bot's RSS once listening", 'bot.rss.idle', 'max', 120),
    limit(figures, 'import.csv.rss', 'peak RSS during the 100,000-row import', 'import.csv.rss', 'max', 250),
    limit(
      figures,
      'import.csv.loop-delay',
      "the import process's longest event-loop delay (p100) during the 100,000-row import",
      'import.csv.loop-delay',
      'max',
      100,
    ),
    limit(
      figures,
      'import.csv.longest-transaction',
      "the import's longest write transaction",
      'import.csv.longest-transaction',
      'max',
      250,
    ),
    limit(figures, 'bot.burst.max.500', 'slowest ack in the burst (target)', 'bot.burst', 'max', 500),
    ...['new', 'call', 'reply', 'status', 'list'].map((kind) =>
      limit(figures, `command.${kind}.p99.25`, `/deal ${kind} p99 (target)`, `command.${kind}`, 'p99', 25),
    ),
  ];
  return limits.filter((l): l is Limit => l !== null);
}

const USAGE =
  'Usage: dealcoach bench [--json] [--deals N] [--scale N,N,N|none] [--at <ISO>] [--import-rows N] [--no-memory] ' +
  '[--quick] [--keep]';

/** What `dealcoach bench` was given (src/commands/bench.ts parses it). */
export interface BenchCommandValues {
  json: boolean;
  deals?: string;
  scale?: string;
  at?: string;
  'import-rows'?: string;
  'no-memory': boolean;
  quick: boolean;
  keep: boolean;
}

/** The CLI command: `dealcoach bench [--json] [--deals N]`. */
export async function benchCommand(values: BenchCommandValues): Promise<number> {
  const count = (name: string, value: string | undefined, fallback: number, min: number): number | null => {
    if (value === undefined) return fallback;
    const n = Number(value.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name}: "${value}" is not a whole number of at least ${min}\n${USAGE}\n`);
      return null;
    }
    return n;
  };
  const deals = count('deals', values.deals, 100_000, 100);
  const importRows = count('import-rows', values['import-rows'], 100_000, 0);
  if (deals === null || importRows === null) return 2;
  let scale: number[];
  if (values.scale === 'none') scale = [];
  else if (values.scale) {
    const sizes = values.scale.split(',').map((s) => count('scale', s.trim(), 0, 100));
    if (sizes.some((s) => s === null)) return 2;
    scale = sizes as number[];
  } else scale = values.deals ? [Math.max(1_000, Math.round(deals / 10)), deals] : [10_000, 100_000, 1_000_000];
  // As everywhere in the CLI, a time without an offset is read in DEALCOACH_TIMEZONE (UTC when unset).
  const envZone = process.env.DEALCOACH_TIMEZONE?.trim();
  const zone = envZone && IANAZone.isValidZone(envZone) ? envZone : 'UTC';
  const at = values.at ? parseInstant(values.at, zone) : defaultAt();
  if (!at) {
    process.stderr.write(`--at: "${values.at}" is not an ISO time such as 2026-09-01T15:00 (in ${zone}) or …Z\n`);
    return 2;
  }
  const runs: RunCounts = values.quick
    ? {
        ...DEFAULT_RUNS,
        commandSamples: 100,
        commandWarmup: 10,
        bareSamples: 300,
        scanWarm: 3,
        scanCold: 1,
        digest: 3,
        scaleWarm: 2,
        burst: 100,
      }
    : DEFAULT_RUNS;
  const report = await runBench({
    deals,
    scale,
    at,
    runs,
    importRows,
    memory: !values['no-memory'],
    scanAfterSeconds: 12,
    keep: values.keep,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (values.json) printJson(report);
  else process.stdout.write(`${renderText(report)}\n`);
  return 0;
}
