// Import benchmark: N HubSpot-shaped rows written to a temp CSV, imported into a fresh temp database.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliMeasured } from './memory.js';

const HEADER =
  'Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company,Associated Contact,Last Activity ' +
  'Date,Create Date,Forecast category,Pipeline';
const STAGES = [
  'Appointment scheduled',
  'Qualified to buy',
  'Presentation scheduled',
  'Decision maker bought-in',
  'Contract sent',
  'Closed won',
  'Closed lost',
];
const FORECASTS = ['Pipeline', 'Best case', 'Commit', 'Not forecasted'];

/** Writes `rows` HubSpot-shaped rows (quoted commas included) to `path`, honouring back-pressure. */
export async function writeHubspotCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\uFEFF${HEADER}\r\n`);
  const day = 86_400_000;
  const base = Date.UTC(2026, 9, 1);
  for (let i = 1; i <= rows; i++) {
    const created = new Date(base - (i % 300) * day).toISOString().slice(0, 10);
    const activity = new Date(base + (i % 50) * day + (i % 600) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    const close = new Date(base + (60 + (i % 90)) * day).toISOString().slice(0, 10);
    const line =
      `${100000 + i},Deal ${i},${STAGES[i % STAGES.length]},${1000 + (i % 997) * 50},${close},U` +
      `${String(i % 50).padStart(4, '0')}BENCH,"Company ${i}, Inc.",Contact ${i} (contact${i}@example.com),` +
      `${activity},${created},${FORECASTS[i % FORECASTS.length]},Sales Pipeline\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  const finished = once(out, 'finish');
  out.end();
  await finished;
}

export interface ImportBenchResult {
  ms: number;
  rowsPerSecond: number;
  peakRssMb: number;
  /** The event loop's delay in that process while the import ran (monitorEventLoopDelay, 10 ms resolution). */
  loopMaxMs: number | null;
  loopP99Ms: number | null;
  /** The import's longest write transaction (the work inside it), and how many there were. */
  longestTransactionMs: number | null;
  transactions: number | null;
}

/**
 * Imports N generated rows into a fresh temporary database with `dealcoach import`, in its own
 * process started as `npm run import` starts it: time, throughput, that process's peak RSS (the
 * figure an admin's import costs, not this benchmark's own memory), its event loop's delay while the
 * import ran (what the bot's other requests would wait), and its longest write transaction.
 */
export async function benchImport(rows: number): Promise<ImportBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dealcoach-bench-'));
  try {
    const csv = join(dir, 'hubspot.csv');
    await writeHubspotCsv(csv, rows);
    const env = { PATH: process.env.PATH, DATABASE_URL: `file:${join(dir, 'bench.db')}`, DEALCOACH_TIMEZONE: 'UTC' };
    const run = await runCliMeasured('import', ['import', csv, '--workspace', 'TBENCH', '--json'], env);
    let report: {
      committed?: boolean;
      imported?: number;
      ms?: number;
      transactions?: number;
      longestTransactionMs?: number;
      eventLoopDelay?: { maxMs?: number; p99Ms?: number };
    } = {};
    try {
      report = JSON.parse(run.stdout) as typeof report;
    } catch {
      // reported below
    }
    if (run.code !== 0 || !report.committed || report.imported !== rows) {
      throw new Error(
        `benchmark import did not import every row (exit ${run.code}): ` +
          `${run.stdout.slice(0, 300)} ${run.stderr.trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    const ms = report.ms ?? 0;
    return {
      ms: Math.round(ms),
      rowsPerSecond: Math.round(rows / (ms / 1000)),
      peakRssMb: Math.round((run.peakMB ?? 0) * 10) / 10,
      loopMaxMs: report.eventLoopDelay?.maxMs ?? null,
      loopP99Ms: report.eventLoopDelay?.p99Ms ?? null,
      longestTransactionMs: report.longestTransactionMs ?? null,
      transactions: report.transactions ?? null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
