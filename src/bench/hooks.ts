// Hooks for figures whose features land in other issues: each is measured when its module is
// there, and skipped with a note when it is not.
//   digest: src/jobs/digest.ts exporting buildDigest(store, workspace, team, { at, defaultZone })
//   import: src/bench/import-bench.ts exporting benchImport(rows)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { openStore } from '../db/index.js';
import { salesTeams } from '../db/schema.js';
import { summarize, type Figure } from './stats.js';

export interface HookResult {
  figures: Figure[];
  notes: string[];
  skipped: Array<{ name: string; reason: string }>;
}

/** Imports a sibling module by a computed name, so that the type checker does not require it. */
async function optionalModule(relative: string): Promise<Record<string, unknown> | null> {
  // From the sources the sibling is .ts; compiled (dist/) it is the .js itself.
  const compiled = import.meta.url.endsWith('.js');
  const source = fileURLToPath(new URL(compiled ? relative : relative.replace(/\.js$/, '.ts'), import.meta.url));
  if (!existsSync(source)) return null;
  const specifier: string = relative;
  return (await import(specifier)) as Record<string, unknown>;
}

/** buildDigest for the team with the most members, `runs` times. */
export async function benchDigest(options: {
  dbPath: string;
  workspace: string;
  teamId: number;
  at: Date;
  runs: number;
}): Promise<HookResult> {
  const result: HookResult = { figures: [], notes: [], skipped: [] };
  let module: Record<string, unknown> | null;
  try {
    module = await optionalModule('../jobs/digest.js');
  } catch (error) {
    result.skipped.push({ name: 'digest', reason: `src/jobs/digest.ts did not load: ${(error as Error).message}` });
    return result;
  }
  const buildDigest = module?.buildDigest;
  if (typeof buildDigest !== 'function') {
    result.skipped.push({ name: 'digest', reason: 'src/jobs/digest.ts does not export buildDigest yet' });
    return result;
  }
  const store = openStore(`file:${options.dbPath}`);
  try {
    const row = store.db.select().from(salesTeams).where(eq(salesTeams.id, options.teamId)).get();
    if (!row) throw new Error(`no sales team ${options.teamId}`);
    const samples: number[] = [];
    let summary = '';
    for (let i = 0; i < options.runs + 1; i++) {
      const started = performance.now();
      const data = (buildDigest as (...args: unknown[]) => unknown)(store, options.workspace, row, {
        at: options.at,
        defaultZone: 'UTC',
      }) as {
        totals?: { stuckDeals?: number };
        reps?: unknown[];
      };
      const ms = performance.now() - started;
      if (i > 0) samples.push(ms);
      summary = `${data?.totals?.stuckDeals ?? '?'} stuck deals over ${data?.reps?.length ?? '?'} reps`;
    }
    const deals = store.sqlite
      .prepare(
        'SELECT count(*) FROM deals d JOIN users u ON u.team_id = d.team_id AND u.slack_id = d.owner_id WHERE ' +
          'u.sales_team_id = ?',
      )
      .pluck()
      .get(options.teamId);
    result.figures.push(
      summarize(
        'digest.largest-team',
        `buildDigest for the largest team (${row.name})`,
        'ms',
        samples,
        `${deals} deals; ${summary}; warm (one untimed run first)`,
      ),
    );
  } catch (error) {
    result.skipped.push({ name: 'digest', reason: `buildDigest failed: ${(error as Error).message}` });
  } finally {
    store.close();
  }
  return result;
}

/** benchImport(rows) from src/bench/import-bench.ts, once. */
export async function benchImportHook(rows: number): Promise<HookResult> {
  const result: HookResult = { figures: [], notes: [], skipped: [] };
  let module: Record<string, unknown> | null;
  try {
    module = await optionalModule('./import-bench.js');
  } catch (error) {
    result.skipped.push({
      name: 'import',
      reason: `src/bench/import-bench.ts did not load: ${(error as Error).message}`,
    });
    return result;
  }
  const benchImport = module?.benchImport;
  if (typeof benchImport !== 'function') {
    result.skipped.push({
      name: 'import',
      reason: module
        ? 'src/bench/import-bench.ts does not export benchImport'
        : 'src/bench/import-bench.ts is not there yet (another issue)',
    });
    return result;
  }
  try {
    const started = performance.now();
    const value = await (benchImport as (rows: number) => Promise<unknown>)(rows);
    const wallMs = performance.now() - started;
    // benchImport reports { ms, rowsPerSecond, peakRssMb } (the import itself, without writing the CSV);
    // anything else it returns is kept as a note.
    const own = (value ?? {}) as {
      ms?: unknown;
      rowsPerSecond?: unknown;
      peakRssMb?: unknown;
      loopMaxMs?: unknown;
      loopP99Ms?: unknown;
      longestTransactionMs?: unknown;
      transactions?: unknown;
    };
    const known = typeof own.ms === 'number';
    result.figures.push(
      summarize(
        'import.csv',
        `import of ${rows.toLocaleString('en-US')} CSV rows (HubSpot export shape) into a fresh database`,
        'ms',
        [known ? (own.ms as number) : wallMs],
        known
          ? `${Math.round(wallMs)} ms with writing the CSV file first`
          : 'wall time of benchImport, writing the CSV file included',
      ),
    );
    if (typeof own.rowsPerSecond === 'number')
      result.figures.push(summarize('import.csv.throughput', 'import throughput', 'rows/s', [own.rowsPerSecond]));
    if (typeof own.peakRssMb === 'number') {
      result.figures.push(
        summarize(
          'import.csv.rss',
          'peak RSS of `dealcoach import` (its own process, as `npm run import` starts it)',
          'MB',
          [own.peakRssMb],
        ),
      );
    }
    if (typeof own.loopMaxMs === 'number') {
      const p99 = typeof own.loopP99Ms === 'number' ? `; p99 ${own.loopP99Ms} ms` : '';
      result.figures.push(
        summarize(
          'import.csv.loop-delay',
          "the import process's longest event-loop delay while the import ran (p100; monitorEventLoopDelay, 10 ms)",
          'ms',
          [own.loopMaxMs],
          `a 10 ms timer's longest interval, so a block of N ms reads N to N+10${p99}`,
        ),
      );
      if (typeof own.loopP99Ms === 'number')
        result.figures.push(
          summarize('import.csv.loop-delay.p99', "the import process's event-loop delay, p99", 'ms', [own.loopP99Ms]),
        );
    }
    if (typeof own.longestTransactionMs === 'number')
      result.figures.push(
        summarize(
          'import.csv.longest-transaction',
          "the import's longest write transaction (its work between BEGIN and COMMIT)",
          'ms',
          [own.longestTransactionMs],
          typeof own.transactions === 'number' ? `${own.transactions} transactions` : undefined,
        ),
      );
    if (!known && value !== undefined) result.notes.push(`benchImport returned ${JSON.stringify(value).slice(0, 300)}`);
  } catch (error) {
    result.skipped.push({ name: 'import', reason: `benchImport failed: ${(error as Error).message}` });
  }
  return result;
}
