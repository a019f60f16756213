// `dealcoach import <file.csv>` and `dealcoach export`: data to stdout, logs to stderr; with
// --json exactly one JSON document on stdout.
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { configOrExplain, parse, printJson } from '../cli.js';
import { openStore, type Store } from '../db/index.js';
import { parseMapOption, type ColumnOverride } from '../domain/import-mapping.js';
import { exportDeals } from '../services/csv-export.js';
import { importCsv, type ImportReport } from '../services/csv-import.js';

const IMPORT_USAGE =
  'Usage: dealcoach import <file.csv | -> [--owner <slack-user-id>] [--team <id>] [--dry-run] [--skip-invalid] [--map "column=field" ...] [--zone <IANA zone>] [--delimiter ";"] [--json]';
const EXPORT_USAGE = 'Usage: dealcoach export [--format csv|json] [--team <id>] [--out <file>]';

export async function importCommand(args: string[]): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const { values, positionals } = parse(args, {
    owner: { type: 'string' },
    team: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'skip-invalid': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    map: { type: 'string', multiple: true },
    zone: { type: 'string' },
    delimiter: { type: 'string' },
    currency: { type: 'string' },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(`${file ? 'Give one file.' : 'Name the CSV file to import.'}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  if (file !== '-' && (!existsSync(file) || !statSync(file).isFile())) {
    process.stderr.write(`No file ${file}\n${IMPORT_USAGE}\n`);
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
  const delimiter = values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter;
  const zone = values.zone ?? config.DEALCOACH_TIMEZONE;
  const store = openStore(config.DATABASE_URL);
  try {
    const teamId = values.team ?? singleTeam(store);
    const input: Readable = file === '-' ? process.stdin : createReadStream(file);
    const report = await importCsv(store, input, {
      teamId,
      defaultOwner: values.owner ?? null,
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
      map,
      zone,
      delimiter,
      defaultCurrency: values.currency?.toUpperCase(),
      source: file === '-' ? 'stdin' : file.split(/[\\/]/).pop(),
      actorId: 'cli',
    });
    if (values.json) printJson(report);
    else process.stdout.write(`${describeImport(report)}\n`);
    if (report.committed) process.stderr.write(`Database at ${store.location} updated.\n`);
    return report.error || (!report.committed && !(report.dryRun && report.rejected === 0)) ? 1 : 0;
  } finally {
    store.close();
  }
}

/** The team to import into when --team is not given: the only one the database knows, else per row. */
function singleTeam(store: Store): string | null {
  const teams = store.sqlite.prepare('SELECT team_id FROM users UNION SELECT team_id FROM deals LIMIT 2').all() as Array<{ team_id: string }>;
  return teams.length === 1 ? teams[0]!.team_id : null;
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
  if (report.dryRun) lines.push(`Dry run of ${report.source ?? 'the file'}: nothing was written. ${report.rows} rows: ${counts}.`);
  else if (report.committed) lines.push(`Imported ${report.source ?? 'the file'}: ${report.rows} rows: ${counts}.`);
  else lines.push(`Nothing imported from ${report.source ?? 'the file'}: ${report.rejected} ${report.rejected === 1 ? 'row has' : 'rows have'} problems. Fix them, or import the rest with --skip-invalid. (${counts})`);
  if (report.committed && report.rejected > 0) lines.push(`The ${report.rejected} rejected ${report.rejected === 1 ? 'row was' : 'rows were'} left out:`);
  for (const r of report.rejects) lines.push(`  line ${r.line}${r.company ? ` (${r.company})` : ''}: ${r.reason}`);
  if (report.rejectsNotListed) lines.push(`  …and ${report.rejectsNotListed} more rejected rows`);
  for (const g of report.stageGuesses) lines.push(`Stage "${g.from}" read as ${g.to} (${g.rows} ${g.rows === 1 ? 'row' : 'rows'}).`);
  lines.push(...report.notes);
  const used = report.columns.filter((c) => c.field).map((c) => `${c.column} → ${c.field}`);
  const ignored = report.columns.filter((c) => !c.field && c.column).map((c) => c.column);
  if (used.length) lines.push(`Columns: ${used.join(', ')}.`);
  if (ignored.length) lines.push(`Ignored columns: ${ignored.join(', ')}.`);
  return lines.join('\n');
}

export async function exportCommand(args: string[]): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    json: { type: 'boolean', default: false },
    team: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length) {
    process.stderr.write(`Unexpected "${positionals.join(' ')}".\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const format = values.json ? 'json' : (values.format ?? 'csv');
  if (format !== 'csv' && format !== 'json') {
    process.stderr.write(`--format: give csv or json\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const store = openStore(config.DATABASE_URL);
  try {
    const output = values.out ? createWriteStream(values.out) : process.stdout;
    const { deals } = await exportDeals(store, { format, teamId: values.team ?? null, output, end: Boolean(values.out) });
    process.stderr.write(`Exported ${deals} ${deals === 1 ? 'deal' : 'deals'}${values.out ? ` to ${values.out}` : ''}.\n`);
    return 0;
  } finally {
    store.close();
  }
}
