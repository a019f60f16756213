// `dealcoach import` and `dealcoach export` as a user runs them, against a real database file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeImport } from '../../src/commands/import.js';
import { emptyImportReport } from '../../src/services/csv-import.js';
import { runBin } from '../support/cli.js';
import { fileTempDir } from '../support/temp-db.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const dir = fileTempDir('dealcoach-import-');

const run = (db: string, args: string[], input = '') =>
  runBin(args, { cwd: ROOT, env: { DATABASE_URL: `file:${join(dir, db)}`, DEALCOACH_TIMEZONE: 'UTC' }, input });

describe('dealcoach import / export', { timeout: 60_000 }, () => {
  it('imports with --json (one JSON document on stdout, logs on stderr), then exports and re-imports the export', async () => {
    // A fresh database knows no user by email: that row is rejected and nothing is imported.
    // The old spelling of the workspace still works.
    const blocked = await run('a.db', ['import', join(FIXTURES, 'hubspot-deals.csv'), '--team', 'T1', '--json']);
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout)).toMatchObject({
      committed: false,
      rejected: 1,
      rejects: [{ line: 3, company: 'Globex' }],
    });
    const first = await run('a.db', [
      'import',
      join(FIXTURES, 'hubspot-deals.csv'),
      '--workspace',
      'T1',
      '--json',
      '--skip-invalid',
    ]);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({
      committed: true,
      imported: 6,
      skipped: 2,
      rejected: 1,
      source: 'hubspot-deals.csv',
    });
    expect(first.stderr).toContain('updated');

    const out = join(dir, 'export.csv');
    const exported = await run('a.db', ['export', '--out', out]);
    expect(exported).toMatchObject({ code: 0, stdout: '' });
    expect(exported.stderr).toContain('Exported 6 deals');
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n').filter(Boolean)).toHaveLength(7);

    // A fresh database: no --workspace, so each row's team_id column says.
    const restored = await run('b.db', ['import', out, '--json']);
    expect(JSON.parse(restored.stdout)).toMatchObject({ committed: true, imported: 6, rejected: 0 });
    const json = await run('b.db', ['export', '--format', 'json', '--workspace', 'T1']);
    expect(JSON.parse(json.stdout)).toMatchObject({ teamId: 'T1', count: 6 });
  });

  it('all or nothing: exit 1 and the rejected lines; --skip-invalid imports the rest; --dry-run writes nothing', async () => {
    const file = join(FIXTURES, 'spreadsheet-eu.csv');
    const blocked = await run('c.db', ['import', file, '--workspace', 'T1', '--owner', 'U0REP9']);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('Nothing imported from spreadsheet-eu.csv: 4 rows have problems');
    expect(blocked.stdout).toContain('  line 6 (Gamma AG): Value: "1.500" is ambiguous');
    const dry = await run('c.db', [
      'import',
      file,
      '--workspace',
      'T1',
      '--owner',
      'U0REP9',
      '--skip-invalid',
      '--dry-run',
      '--json',
    ]);
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, committed: false, imported: 3 });
    const partial = await run('c.db', ['import', file, '--workspace', 'T1', '--owner', 'U0REP9', '--skip-invalid']);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toMatch(
      /^Imported spreadsheet-eu.csv: 9 rows: 3 new, 0 updated, 0 unchanged, 2 skipped \(empty\), 4 rejected\./,
    );
    expect(partial.stdout).toContain('Stage "Negociation" read as negotiation (1 row).');
  });

  it('--map from stdin, and clear usage errors', async () => {
    const csv = 'Client,Rep,Where\nAcme,U1,Berlin\n';
    const mapped = await run(
      'd.db',
      ['import', '-', '--workspace', 'T1', '--map', 'Client=company', '--map', 'Rep=owner', '--json'],
      csv,
    );
    expect(JSON.parse(mapped.stdout)).toMatchObject({
      imported: 1,
      transactions: 1,
      longestTransactionMs: expect.any(Number),
      encoding: 'utf-8',
      // How long the event loop waited at worst while the import ran.
      eventLoopDelay: { maxMs: expect.any(Number), p99Ms: expect.any(Number), resolutionMs: 10 },
      columns: [
        { column: 'Client', field: 'company' },
        { column: 'Rep', field: 'owner' },
        { column: 'Where', field: null },
      ],
    });
    expect((await run('d.db', ['import'])).code).toBe(2);
    expect((await run('d.db', ['import', join(dir, 'missing.csv')])).stderr).toContain('No file');
    const badMap = await run('d.db', ['import', '-', '--map', 'Client=nope']);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toContain('"nope" is not a field');
    writeFileSync(join(dir, 'nocompany.csv'), 'Amount\n5\n');
    const fatal = await run('d.db', ['import', join(dir, 'nocompany.csv'), '--owner', 'U1', '--json']);
    expect(fatal.code).toBe(1);
    expect(JSON.parse(fatal.stdout).error).toMatch(/^No company column/);
    expect((await run('d.db', ['export', '--format', 'xml'])).code).toBe(2);
  });
});

describe('the terminal report', () => {
  it('says what is saved, what is not and how to finish when the import stopped part-way', () => {
    const stopped = emptyImportReport({
      source: 'pipeline.csv',
      rows: 100_000,
      rowsToWrite: 99_998,
      rowsWritten: 40_000,
      imported: 39_000,
      updated: 600,
      unchanged: 400,
      interrupted: 'another process kept the database locked for 30 s',
    });
    expect(describeImport(stopped).split('\n')[0]).toBe(
      'Stopped part-way through pipeline.csv: another process kept the database locked for 30 s. 40000 of 99998 ' +
        'rows are saved (39000 new, 600 updated, 400 unchanged); the other 59998 are not. Run the same command ' +
        'again to finish: the rows already saved are matched and left unchanged.',
    );
    expect(describeImport({ ...stopped, rowsWritten: 0 }).split('\n')[0]).toBe(
      'Nothing imported from pipeline.csv: another process kept the database locked for 30 s. Run the same command ' +
        'again.',
    );
  });
});
