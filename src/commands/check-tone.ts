// `dealcoach check-tone`: the tone rules over a text read from stdin; with --deal, also the facts
// check (amounts, dates and names the deal's history does not hold).
import { configOrExplain, defineCommand, parseAt, printJson } from '../cli.js';
import { KIND_WORDS, parseDraftKind, runCheckTone } from '../coach/cli.js';
import type { DraftFacts } from '../coach/types.js';
import { openStore } from '../db/index.js';
import { systemClock } from '../domain/clock.js';
import { buildDraftFacts } from '../services/draft-facts.js';
import { findDealOrExplain } from './find-deal.js';

const USAGE = [
  'Usage: dealcoach check-tone --kind <kind> [--deal <company or #id>] [--json] < draft.txt',
  '',
  `  --kind <kind>        ${KIND_WORDS}   (as /deal draft; checkin, fire, revival too)`,
  "  --deal <deal>        check against that deal's history too: invented amounts, dates and names",
  '  --workspace <T…>     look for the deal in that Slack workspace only',
  "  --owner <U…>         look among that rep's deals only",
  '  --at <ISO time>      the deal as of that moment (default now; no offset: in DEALCOACH_TIMEZONE)',
  '  --json               the result as one JSON document',
  '',
  'Exit 0 when the text passes, 1 when it has problems.',
].join('\n');

export default defineCommand({
  name: 'check-tone',
  usage: USAGE,
  options: {
    kind: { type: 'string' },
    deal: { type: 'string' },
    workspace: { type: 'string' },
    owner: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ values }) {
    const kind = parseDraftKind(values.kind ?? '');
    if (!kind) {
      process.stderr.write(
        `--kind: "${values.kind ?? ''}" is not a kind of draft; give one of ${KIND_WORDS}.\n\n${USAGE}\n`,
      );
      return 2;
    }
    let facts: DraftFacts | null = null;
    if (values.deal !== undefined) {
      const ref = values.deal.trim();
      if (!ref) {
        process.stderr.write(`--deal: name the deal.\n\n${USAGE}\n`);
        return 2;
      }
      const config = configOrExplain();
      if (!config) return 2;
      const now = parseAt(values.at, systemClock.now(), config.DEALCOACH_TIMEZONE);
      if (!now) return 2;
      const store = openStore(config.DATABASE_URL);
      try {
        const deal = findDealOrExplain(store, ref, { workspace: values.workspace, owner: values.owner });
        if (!deal) return 1;
        facts = buildDraftFacts(store.db, deal, {
          now,
          defaultZone: config.DEALCOACH_TIMEZONE,
          repCompany: config.DEALCOACH_COMPANY_NAME ?? null,
        });
      } finally {
        store.close();
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const result = runCheckTone(kind, Buffer.concat(chunks).toString('utf8'), facts);
    if (values.json) printJson(result);
    else process.stdout.write(`${result.ok ? 'ok' : problemLines(result.problems)}\n`);
    return result.ok ? 0 : 1;
  },
});

function problemLines(problems: Array<{ rule: string; message: string }>): string {
  return problems.map((p) => `${p.rule}: ${p.message}`).join('\n');
}
