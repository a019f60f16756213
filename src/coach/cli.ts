// Small helpers for the `dealcoach draft` / check-tone commands: plain data in, plain data out.
import { checkTone } from './tone.js';
import { DRAFT_KIND_WORDS } from '../domain/grammar.js';
import { DRAFT_KINDS, type Draft, type DraftFacts, type DraftKind, type ToneResult } from './types.js';

/** The draft as `dealcoach draft --json` prints it: the Draft's own fields, nothing else. */
export type DraftJson = Pick<Draft, 'kind' | 'subject' | 'body' | 'voicemail' | 'source' | 'promptVersion' | 'tone'>;

/** The one JSON document `dealcoach draft --json` prints. */
export function formatDraftJson(draft: Draft): DraftJson {
  return {
    kind: draft.kind,
    subject: draft.subject,
    body: draft.body,
    voicemail: draft.voicemail,
    source: draft.source,
    promptVersion: draft.promptVersion,
    tone: { ok: draft.tone.ok, problems: draft.tone.problems.map(({ rule, message }) => ({ rule, message })) },
  };
}

/**
 * Checks a body typed or piped by a person (no subject). Without the deal's facts only the text rules
 * apply; with them, invented amounts, dates and names are caught too.
 */
export function runCheckTone(kind: DraftKind, bodyText: string, facts: DraftFacts | null = null): ToneResult {
  const { ok, problems } = checkTone(kind, { subject: null, body: bodyText, voicemail: null }, facts);
  return { ok, problems };
}

/** The kinds as /deal draft names them, for usage lines (the ids checkin, fire and revival are read too). */
export const KIND_WORDS = 'accountability | check-in | goodbye | next-step | roi';

/** The kind a person names, in the words /deal draft takes (goodbye, check-in, next-step) or the ids; else null. */
export function parseDraftKind(value: string): DraftKind | null {
  const kind = value.trim().toLowerCase().replace(/\s+/g, ' ');
  if ((DRAFT_KINDS as readonly string[]).includes(kind)) return kind as DraftKind;
  return DRAFT_KIND_WORDS[kind] ?? null;
}
