// `dealcoach check-tone`: the tone rules over a text read from stdin.
import { defineCommand, printJson } from '../cli.js';
import { parseDraftKind, runCheckTone } from '../coach/cli.js';
import { DRAFT_KINDS } from '../coach/types.js';

const USAGE = [
  'Usage: dealcoach check-tone --kind <kind> [--json] < draft.txt',
  '',
  `  --kind <kind>        ${DRAFT_KINDS.join(' | ')}`,
  '  --json               the result as one JSON document',
  '',
  'Exit 0 when the text passes, 1 when it has problems.',
].join('\n');

export default defineCommand({
  name: 'check-tone',
  usage: USAGE,
  options: { kind: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run({ values }) {
    const kind = parseDraftKind(values.kind ?? '');
    if (!kind) {
      process.stderr.write(`--kind: give one of ${DRAFT_KINDS.join(', ')}.\n\n${USAGE}\n`);
      return 2;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const result = runCheckTone(kind, Buffer.concat(chunks).toString('utf8'));
    if (values.json) printJson(result);
    else process.stdout.write(`${result.ok ? 'ok' : problemLines(result.problems)}\n`);
    return result.ok ? 0 : 1;
  },
});

function problemLines(problems: Array<{ rule: string; message: string }>): string {
  return problems.map((p) => `${p.rule}: ${p.message}`).join('\n');
}
