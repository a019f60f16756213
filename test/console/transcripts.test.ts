// Every console transcript the documentation shows is replayed here and compared line for line,
// so the docs cannot drift from what the console prints. A transcript is a fenced block right
// after a marker comment:
//   <!-- transcript -->                    the block's own "> /deal ..." and "> :..." lines are the input
//   <!-- transcript: docs/episode.txt -->  that script is the input (the block shows its echo)
// The console runs as `npm run console -- --echo` would: offline drafter, default settings, the
// zone DEALCOACH_TIMEZONE defaults to (UTC), the clock starting at the script's first `:at`.
// After a deliberate change to what the console prints: UPDATE_TRANSCRIPTS=1 npx vitest run <this file>
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOfflineDrafter } from '../../src/coach/offline.js';
import { loadConfig } from '../../src/config.js';
import { runConsole } from '../../src/console/index.js';
import { openStore } from '../../src/db/index.js';
import { consoleExtensions } from '../../src/console/extensions.js';

const ROOT = new URL('../../', import.meta.url);
const DOC_FILES = [
  'README.md',
  ...readdirSync(new URL('docs/', ROOT))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** When a transcript does not set the clock itself (a Monday afternoon in Europe). */
const DEFAULT_START = '2026-11-23T14:00:00Z';
const MARKER = /^<!--\s*transcript(?::\s*(\S+))?\s*-->$/;
/** What the console prints for a bot message: a transcript in any fenced block shows one. */
const CONSOLE_OUTPUT = /^\[(ephemeral|dm|channel|modal|home) → /m;
const INPUT_LINE = /^> ((?:\/deal|:).*)$/;

interface FencedBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The marker comment's script path, '' for a marker without one, null without a marker. */
  script: string | null;
  body: string;
  /** Offsets of the body in the file, for UPDATE_TRANSCRIPTS. */
  bodyStart: number;
  bodyEnd: number;
}

/** Fenced blocks (``` or ~~~, any length) with the marker comment on the line before, if any. */
function fencedBlocks(file: string, markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  const offsets: number[] = [];
  lines.reduce((offset, line) => {
    offsets.push(offset);
    return offset + line.length + 1;
  }, 0);
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^(`{3,}|~{3,})/);
    if (!open) continue;
    const fence = open[1]!;
    let close = i + 1;
    const closes = (line: string) => {
      const bare = line.trimEnd();
      return bare.length >= fence.length && bare === fence[0]!.repeat(bare.length);
    };
    while (close < lines.length && !closes(lines[close]!)) close++;
    const marker = i > 0 ? lines[i - 1]!.trim().match(MARKER) : null;
    blocks.push({
      file,
      line: i + 1,
      script: marker ? (marker[1] ?? '') : null,
      body: lines.slice(i + 1, close).join('\n'),
      bodyStart: offsets[i + 1] ?? markdown.length,
      bodyEnd: close < lines.length ? Math.max(offsets[close]! - 1, offsets[i + 1]!) : markdown.length,
    });
    i = close;
  }
  return blocks;
}

const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const allBlocks = DOC_FILES.flatMap((file) => fencedBlocks(file, read(file)));
const transcripts = allBlocks.filter((b) => b.script !== null);

/** Trailing spaces are not the console's point (and editors strip them); everything else must match. */
const normalise = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();

async function replay(script: string): Promise<string> {
  const firstAt = script
    .split('\n')
    .map((l) => l.trim().match(/^:at\s+(\S+)/))
    .find(Boolean);
  const store = openStore(':memory:');
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk) => (out += chunk));
  try {
    await runConsole({
      store,
      start: new Date(firstAt?.[1] ?? DEFAULT_START),
      teamId: 'TLOCAL',
      userId: 'ULOCALREP',
      defaultZone: 'UTC',
      json: false,
      echo: true,
      interactive: false,
      input: Readable.from(script.split('\n').map((l) => `${l}\n`)),
      output,
      errors: new PassThrough(),
      drafter: createOfflineDrafter(),
      extensions: consoleExtensions(loadConfig({})),
    });
  } finally {
    store.close();
  }
  return out;
}

function scriptOf(block: FencedBlock): string {
  if (block.script) return read(block.script);
  const inputs = block.body.split('\n').map((l) => l.match(INPUT_LINE)?.[1]);
  return inputs.filter((l): l is string => l !== undefined).join('\n');
}

describe('console transcripts in the docs', () => {
  it('finds the transcripts (the episode among them)', () => {
    expect(transcripts.map((t) => t.script)).toContain('docs/episode.txt');
    expect(transcripts.length).toBeGreaterThanOrEqual(3);
  });

  it('leaves no console output in the docs unchecked: every such block carries the transcript marker', () => {
    const unchecked = allBlocks.filter((b) => b.script === null && CONSOLE_OUTPUT.test(b.body));
    expect(unchecked.map((b) => `${b.file}:${b.line}`)).toEqual([]);
  });

  for (const block of transcripts) {
    const title = `${block.file}:${block.line} is what the console prints${block.script ? ` for ${block.script}` : ''}`;
    it(title, async () => {
      const script = scriptOf(block);
      expect(script.trim(), 'a transcript needs input lines ("> /deal ..." or "> :directive")').not.toBe('');
      const actual = normalise(await replay(script));
      if (process.env.UPDATE_TRANSCRIPTS && actual !== normalise(block.body)) return rewrite(block, actual);
      expect(actual).toBe(normalise(block.body));
    });
  }
});

/** UPDATE_TRANSCRIPTS: puts the console's output in place of the block's body (found again by its rank in the file). */
function rewrite(block: FencedBlock, actual: string): void {
  const rank = transcripts.filter((t) => t.file === block.file).indexOf(block);
  const text = read(block.file);
  const current = fencedBlocks(block.file, text).filter((b) => b.script !== null)[rank];
  if (!current || current.script !== block.script) throw new Error(`${block.file}: its transcripts changed meanwhile`);
  const updated = `${text.slice(0, current.bodyStart)}${actual}${text.slice(current.bodyEnd)}`;
  writeFileSync(new URL(block.file, ROOT), updated);
}
