// `dealcoach bench`: the benchmark harness (src/bench).
import { defineCommand } from '../cli.js';

export default defineCommand({
  name: 'bench',
  usage: [
    'Usage: dealcoach bench [--json] [--deals N] [--scale N,N,N|none] [--at <ISO>] [--import-rows N]',
    '                       [--no-memory] [--quick] [--keep]',
    '',
    'Seeds a temporary database and measures command latency, the scan, the digest, an import and memory.',
    'Progress goes to stderr; the report (a table, or one JSON document with --json) to stdout.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', default: false },
    deals: { type: 'string' },
    scale: { type: 'string' },
    at: { type: 'string' },
    'import-rows': { type: 'string' },
    'no-memory': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
  async run({ values }) {
    const bench = await import('../bench/index.js');
    return bench.benchCommand(values);
  },
});
