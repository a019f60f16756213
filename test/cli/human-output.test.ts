// The CLI's human output (not --json) shows days and times as people read them and emoji as characters:
// no ISO timestamps or dates, no `:emoji_codes:`. --json keeps ISO.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinSync } from '../support/cli.js';
import { testTempDir } from '../support/temp-db.js';

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const ISO_DAY = /\b\d{4}-\d\d-\d\d\b/;
const EMOJI_CODE = /(^|\s):[a-z][a-z0-9_+-]*:(\s|$)/m;

describe('human output of the CLI', () => {
  it('scan, digest and the console print human days and times, and --json keeps ISO', () => {
    const dir = testTempDir('dealcoach-human-');
    const env = { DATABASE_URL: `file:${join(dir, 'x.db')}` };
    const seeded = runBinSync(['console', '--at', '2026-11-23T09:00:00Z'], {
      input: [
        ':as ULOCALREP manager',
        '/deal new Société Générale Assurances value 12.500 EUR stage proposal',
        '/deal call Société left message about the pilot in Lyon',
        '/deal new Kaffeerösterei Müller & Söhne KG stage negotiation',
        '/deal reply Kaffeerösterei liked the offer',
        '/deal commit Kaffeerösterei "send the signed order form" by Nov 25',
        ':advance 2w',
      ].join('\n'),
      env,
      cwd: dir,
    });
    expect(seeded.code).toBe(0);
    const scan = runBinSync(['scan', '--at', '2026-12-08T10:00:00Z'], { env, cwd: dir });
    const digest = runBinSync(['digest', '--at', '2026-12-08T10:00:00Z'], { env, cwd: dir });
    for (const output of [seeded.stdout, scan.stdout, digest.stdout]) {
      expect(output).not.toMatch(ISO_TIME);
      expect(output).not.toMatch(EMOJI_CODE);
    }
    expect(scan.stdout).toContain('Scan at Tue, Dec 8 10:00 (UTC)');
    expect(scan.stdout).toMatch(/: [1-9]\d* decisions?, /);
    expect(scan.stdout).not.toMatch(ISO_DAY);
    expect(digest.stdout).toContain('Société Générale Assurances');
    const json = runBinSync(['scan', '--at', '2026-12-08T10:00:00Z', '--json', '--dry-run'], { env, cwd: dir });
    expect(JSON.parse(json.stdout).at).toBe('2026-12-08T10:00:00.000Z');
  });
});
