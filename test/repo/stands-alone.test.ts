// The suite runs from a plain clone: nothing under src/ or test/ may reach outside the repository
// for Slack fixtures (they live in test/fixtures/slack). Built from parts so this file does not match itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUTSIDE = [['..', 'shared'].join('/'), ['shared', 'fixtures'].join('/'), ['..', 'shared'].join('\\')];
const FIXTURES = [
  'block_actions_payloads.json',
  'view_submission_payload.json',
  'app_home_opened_event.json',
  'slack_signing_test_vector.json',
  'block_kit_limits.json',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the suite stands alone', () => {
  it('no file under src/ or test/ reaches outside the repository for fixtures', () => {
    const files = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'test'))];
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return text
        .split('\n')
        .flatMap((line, i) =>
          OUTSIDE.some((p) => line.includes(p)) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
        );
    });
    expect(offenders).toEqual([]);
  });

  it('carries the Slack fixtures the suite reads, each with its source note', () => {
    for (const name of FIXTURES) {
      const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/slack', name), 'utf8'));
      expect(fixture._source ?? fixture._sources, name).toBeTruthy();
    }
  });
});
