// `dealcoach draft <deal> --kind <kind>`: a draft for one deal, from the model or offline.
import { configOrExplain, defineCommand, parseAt, printJson } from '../cli.js';
import { formatDraftJson, KIND_WORDS, parseDraftKind } from '../coach/cli.js';
import { createDrafterFromConfig } from '../coach/from-config.js';
import { DRAFT_TONES, type Draft, type DraftTone } from '../coach/types.js';
import { openStore } from '../db/index.js';
import { systemClock } from '../domain/clock.js';
import { assertCanDraft, DealEventRefused } from '../services/deal-events.js';
import { buildDraftFacts } from '../services/draft-facts.js';
import { findDealOrExplain } from './find-deal.js';

const USAGE = [
  'Usage: dealcoach draft <company or #id> --kind <kind> [--offline] [--json] [--voicemail] [--tone <tone>]',
  '                       [--workspace <T…>] [--owner <U…>] [--at <ISO time>]',
  '',
  `  --kind <kind>        ${KIND_WORDS}   (as /deal draft; checkin, fire, revival too)`,
  '  --offline            the offline drafter even when OPENAI_API_KEY is set',
  '  --json               the draft as one JSON document',
  '  --voicemail          add a voicemail script',
  `  --tone <tone>        ${DRAFT_TONES.join(' | ')}`,
  '  --workspace <T…>     look for the deal in that Slack workspace only (--team <T…> is still read so)',
  "  --owner <U…>         look among that rep's deals only",
  '  --at <ISO time>      draft as of that moment (default now; no offset: in DEALCOACH_TIMEZONE)',
].join('\n');

export default defineCommand({
  name: 'draft',
  usage: USAGE,
  options: {
    kind: { type: 'string' },
    offline: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    workspace: { type: 'string' },
    owner: { type: 'string' },
    at: { type: 'string' },
    voicemail: { type: 'boolean', default: false },
    tone: { type: 'string' },
  },
  renamed: { team: 'workspace' },
  positionals: Infinity,
  async run({ values, positionals }) {
    const config = configOrExplain();
    if (!config) return 2;
    const kind = parseDraftKind(values.kind ?? '');
    if (!kind) {
      process.stderr.write(
        `--kind: "${values.kind ?? ''}" is not a kind of draft; give one of ${KIND_WORDS}.\n\n${USAGE}\n`,
      );
      return 2;
    }
    const tone = (DRAFT_TONES as readonly string[]).includes(values.tone ?? '') ? (values.tone as DraftTone) : null;
    if (values.tone && !tone) {
      process.stderr.write(`--tone: give one of ${DRAFT_TONES.join(', ')}\n`);
      return 2;
    }
    const ref = positionals.join(' ').trim();
    if (!ref) {
      process.stderr.write(`Name the deal.\n\n${USAGE}\n`);
      return 2;
    }
    const now = parseAt(values.at, systemClock.now(), config.DEALCOACH_TIMEZONE);
    if (!now) return 2;
    const store = openStore(config.DATABASE_URL);
    try {
      const deal = findDealOrExplain(store, ref, { workspace: values.workspace, owner: values.owner });
      if (!deal) return 1;
      // As in Slack: no draft for a deal that is won or lost, or after the goodbye.
      try {
        assertCanDraft(deal, kind);
      } catch (error) {
        if (!(error instanceof DealEventRefused)) throw error;
        process.stderr.write(`${error.message.replace(/`/g, '')}\n`);
        return 1;
      }
      const facts = buildDraftFacts(store.db, deal, {
        now,
        wantsVoicemail: values.voicemail,
        tone,
        defaultZone: config.DEALCOACH_TIMEZONE,
        repCompany: config.DEALCOACH_COMPANY_NAME ?? null,
      });
      const draft = await createDrafterFromConfig(config, { offline: values.offline }).draft(facts, kind);
      if (values.json) printJson(formatDraftJson(draft));
      else process.stdout.write(`${renderDraftText(draft)}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
});

function renderDraftText(draft: Draft): string {
  const lines = [`Subject: ${draft.subject}`, '', draft.body];
  if (draft.voicemail) lines.push('', `Voicemail: ${draft.voicemail}`);
  const fellBack = draft.fallbackReason ? `, fell back: ${draft.fallbackReason}` : '';
  lines.push('', `(${draft.source}, ${draft.promptVersion}${fellBack})`);
  const problems = draft.tone.problems.map((p) => `  - ${p.rule}: ${p.message}`).join('\n');
  lines.push(draft.tone.ok ? 'Tone check: ok' : `Tone check:\n${problems}`);
  return lines.join('\n');
}
