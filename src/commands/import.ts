// `dealcoach import <file.csv | ->`: a pipeline from CSV. Data to stdout, logs to stderr; with
// --json exactly one JSON document on stdout.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { configOrExplain, defineCommand, printJson } from '../cli.js';
import { openStore, type Store } from '../db/index.js';
import { parseMapOption, type ColumnOverride } from '../domain/import-mapping.js';
import { isCurrencyCode } from '../domain/money.js';
import { importCsv, type ImportOptions, type ImportReport } from '../services/csv-import.js';
import { LOCAL_WORKSPACE, workspacesIn } from './workspace.js';

const USAGE = [
  'Usage: dealcoach import <file.csv | -> [--owner <U…>] [--workspace <T…>] [--dry-run] [--skip-invalid]',
  '                        [--map "column=field" ...] [--zone <IANA zone>] [--delimiter ";"] [--currency EUR] [--json]',
  '',
  "  --owner <U…>         owner of rows that name none (a Slack user id, or a known user's email or name)",
  '  --workspace <T…>     the Slack workspace (--team <T…> is still read so). Default: the only one in the',
  `                       database, or ${LOCAL_WORKSPACE} (the console's) in a fresh one; a team_id column wins`,
  '  --dry-run            check everything, write nothing',
  '  --skip-invalid       import the valid rows even when some are rejected',
  '  --map "column=field" read a column as a field, or `ignore` it (repeatable)',
  '  --zone <IANA zone>   zone of dates written without an offset (default DEALCOACH_TIMEZONE)',
  '  --delimiter ";"      , ; tab or | (default: detected)',
  '  --currency EUR       currency of amounts that name none (default USD)',
  '  --json               the report as one JSON document',
].join('\n');

export default defineCommand({
  name: 'import',
  usage: USAGE,
  options: {
    owner: { type: 'string' },
    workspace: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'skip-invalid': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    map: { type: 'string', multiple: true },
    zone: { type: 'string' },
    delimiter: { type: 'string' },
    currency: { type: 'string' },
  },
  renamed: { team: 'workspace' },
  positionals: 1,
  async run({ values, positionals }) {
    const config = configOrExplain();
    if (!config) return 2;
    const file = positionals[0];
    if (!file) {
      process.stderr.write(`Name the CSV file to import (- reads stdin).\n\n${USAGE}\n`);
      return 2;
    }
    if (file !== '-' && (!existsSync(file) || !statSync(file).isFile())) {
      process.stderr.write(`No file ${file}\n\n${USAGE}\n`);
      return 2;
    }
    const map: ColumnOverride[] = [];
    for (const text of values.map ?? []) {
      const parsed = parseMapOption(text);
      if ('error' in parsed) {
        process.stderr.write(`${parsed.error}\n`);
        return 2;
      }
      map.push(parsed);
    }
    if (values.delimiter !== undefined && ![',', ';', '\t', '\\t', 'tab', '|'].includes(values.delimiter)) {
      process.stderr.write('--delimiter: give , or ; or tab or |\n');
      return 2;
    }
    if (values.currency !== undefined && !isCurrencyCode(values.currency)) {
      process.stderr.write(`--currency: "${values.currency}" is not an ISO 4217 code; give one like EUR, GBP or CHF\n`);
      return 2;
    }
    const delimiter = values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter;
    const store = openStore(config.DATABASE_URL);
    try {
      const input: Readable = file === '-' ? process.stdin : createReadStream(file);
      // How long the event loop waited at worst while the import ran (in the bot, other reps' requests
      // wait that long): in the --json document, as `eventLoopDelay`.
      const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      loop.enable();
      const report = await importCsv(store, input, {
        ...workspaceOptions(store, values.workspace),
        defaultOwner: values.owner ?? null,
        dryRun: values['dry-run'],
        skipInvalid: values['skip-invalid'],
        map,
        zone: values.zone ?? config.DEALCOACH_TIMEZONE,
        delimiter,
        defaultCurrency: values.currency?.toUpperCase(),
        source: file === '-' ? 'stdin' : file.split(/[\\/]/).pop(),
        actorId: 'cli',
      });
      loop.disable();
      const toMs = (ns: number) => Math.round(ns / 1e5) / 10;
      // The time between two ticks of a 10 ms timer: a loop blocked for 50 ms reads 50 to 60 ms.
      const eventLoopDelay = {
        maxMs: toMs(loop.max),
        p99Ms: toMs(loop.percentile(99)),
        resolutionMs: LOOP_RESOLUTION_MS,
      };
      if (values.json) printJson({ ...report, eventLoopDelay });
      else process.stdout.write(`${describeImport(report)}\n`);
      if (report.committed || report.rowsWritten > 0) process.stderr.write(`Database at ${store.location} updated.\n`);
      return report.error || (!report.committed && !(report.dryRun && report.rejected === 0)) ? 1 : 0;
    } finally {
      store.close();
    }
  },
});

const LOOP_RESOLUTION_MS = 10;

/**
 * The workspace of the import: the one given; else the only one in the database, or the console's
 * in a fresh database (said on stderr; a team_id column still wins, as in a full restore); with several,
 * the file must say (a team_id column) or the report asks for --workspace, listing them.
 */
type WorkspaceOptions = Pick<ImportOptions, 'teamId' | 'defaultTeamId' | 'knownWorkspaces'>;

function workspaceOptions(store: Store, given: string | undefined): WorkspaceOptions {
  if (given) return { teamId: given };
  const known = workspacesIn(store);
  if (known.length > 1) return { teamId: null, knownWorkspaces: known };
  const [only] = known;
  process.stderr.write(
    only
      ? `Importing into workspace ${only}, the only one in the database (give --workspace to choose another).\n`
      : `The database has no workspace yet: importing into ${LOCAL_WORKSPACE}, the console's local workspace ` +
          '(give --workspace <T…> for your Slack workspace).\n',
  );
  return { teamId: null, defaultTeamId: only ?? LOCAL_WORKSPACE };
}

/** The report as text for the terminal. */
export function describeImport(report: ImportReport): string {
  if (report.error) return `Nothing imported: ${report.error}`;
  const counts = [
    `${report.imported} new`,
    `${report.updated} updated`,
    `${report.unchanged} unchanged`,
    `${report.skipped} skipped (empty)`,
    `${report.rejected} rejected`,
  ].join(', ');
  const lines: string[] = [];
  if (report.interrupted && report.rowsWritten === 0)
    lines.push(
      `Nothing imported from ${report.source ?? 'the file'}: ${report.interrupted}. Run the same command again.`,
    );
  else if (report.interrupted) {
    const left = report.rowsToWrite - report.rowsWritten;
    lines.push(
      `Stopped part-way through ${report.source ?? 'the file'}: ${report.interrupted}. ${report.rowsWritten} of ` +
        `${report.rowsToWrite} rows are saved (${report.imported} new, ${report.updated} updated, ` +
        `${report.unchanged} unchanged); the other ${left} are not. Run the same command again to finish: the rows ` +
        `already saved are matched and left unchanged.`,
    );
  } else if (report.dryRun)
    lines.push(`Dry run of ${report.source ?? 'the file'}: nothing was written. ${report.rows} rows: ${counts}.`);
  else if (report.committed) lines.push(`Imported ${report.source ?? 'the file'}: ${report.rows} rows: ${counts}.`);
  else
    lines.push(
      `Nothing imported from ${report.source ?? 'the file'}: ${report.rejected} ` +
        `${report.rejected === 1 ? 'row has' : 'rows have'} problems. ` +
        `Fix them, or import the rest with --skip-invalid. (${counts})`,
    );
  if (report.committed && report.rejected > 0)
    lines.push(`The ${report.rejected} rejected ${report.rejected === 1 ? 'row was' : 'rows were'} left out:`);
  for (const r of report.rejects) lines.push(`  line ${r.line}${r.company ? ` (${r.company})` : ''}: ${r.reason}`);
  if (report.rejectsNotListed) lines.push(`  …and ${report.rejectsNotListed} more rejected rows`);
  for (const g of report.stageGuesses)
    lines.push(`Stage "${g.from}" read as ${g.to} (${g.rows} ${g.rows === 1 ? 'row' : 'rows'}).`);
  lines.push(...report.notes);
  const used = report.columns.filter((c) => c.field).map((c) => `${c.column} → ${c.field}`);
  const ignored = report.columns.filter((c) => !c.field && c.column).map((c) => c.column);
  if (used.length) lines.push(`Columns: ${used.join(', ')}.`);
  if (ignored.length) lines.push(`Ignored columns: ${ignored.join(', ')}.`);
  return lines.join('\n');
}
