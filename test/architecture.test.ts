// The layers of docs/architecture.md, checked on the source: a pure domain, vocabulary owned by it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const importsOf = (file: string) =>
  [...readFileSync(join(SRC, file), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'([^']+)'/g)].map(
    (m) => m[1]!,
  );

describe('layers', () => {
  it('src/domain imports nothing from db/, slack/, services/ or jobs/', () => {
    const offenders = sources('domain').flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^\.\.\/(?:db|slack|services|jobs|coach|console|commands)\//.test(spec))
        .map((spec) => `${file} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the vocabulary lives in the domain: the schema imports it and defines no word lists of its own', () => {
    const schema = readFileSync(join(SRC, 'db/schema.ts'), 'utf8');
    expect(schema).toContain("from '../domain/vocabulary.js'");
    expect(schema).not.toMatch(/enum:\s*\[/);
    expect(schema).not.toMatch(/export const [A-Z_]+ = \[/);
  });

  it('deal rows are written only by the deal transitions (and the scan, the import fast path, the bench seed)', () => {
    const writers = sources('.').filter((file) =>
      /\.(insert|update)\(deals\)/.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(writers.sort()).toEqual(['services/deal-events.ts']);
  });
});

describe('layout', () => {
  it('no line over 120 characters in src', () => {
    const offenders = sources('.').flatMap((file) =>
      readFileSync(join(SRC, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => ([...line].length > 120 ? [`src/${file}:${index + 1} (${[...line].length})`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
