// Pure helpers for CSV import: which column means which field (with aliases for the common CRM
// exports), and how a cell becomes a stage, an amount, a date, an owner or a contact. No I/O;
// time and zone are parameters.
import { DateTime, IANAZone } from 'luxon';
import { FORECASTS, STAGES, type DealState, type Forecast, type Stage } from './vocabulary.js';
import { parseStage } from './grammar.js';
import { formatMoney, isCurrencyCode, readAmount, type Money } from './money.js';
import { cleanText } from './text.js';
import { TEXT_LIMITS, type LimitedField } from './limits.js';

// ---------------------------------------------------------------------------------------------
// Fields and column aliases
// ---------------------------------------------------------------------------------------------

export const IMPORT_FIELDS = [
  'externalId',
  'teamId',
  'owner',
  'company',
  'dealName',
  'contactName',
  'contactEmail',
  'greetAs',
  'value',
  'currency',
  'stage',
  'forecast',
  'state',
  'goal',
  'nextStep',
  'lostReason',
  'lastReplyAt',
  'lastTouchAt',
  'lastActivityAt',
  'createdAt',
  'closeDate',
  'snoozedUntil',
  'followUpOn',
  'commitment',
  'commitmentDue',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * Header names each field is recognised by (any case, spaces/punctuation ignored, an optional
 * "Deal - " prefix as in Pipedrive exports). One column per field: see mapHeader for two.
 */
export const COLUMN_ALIASES: Record<ImportField, readonly string[]> = {
  externalId: ['external_id', 'Record ID', 'Deal ID', 'Opportunity ID', 'id', 'External ID', 'CRM ID'],
  teamId: ['team_id', 'Team ID', 'Workspace ID'],
  owner: [
    'owner_id',
    'Owner',
    'Deal owner',
    'Opportunity Owner',
    'Owner ID',
    'Owner email',
    'Owner name',
    'Assigned to',
    'Sales rep',
    'Rep',
  ],
  company: [
    'company',
    'Company name',
    'Associated Company',
    'Organization',
    'Organisation',
    'Organization name',
    'Account Name',
    'Account',
  ],
  dealName: ['Deal Name', 'Title', 'Opportunity Name', 'Deal', 'Opportunity', 'Name'],
  contactName: [
    'contact_name',
    'Contact',
    'Associated Contact',
    'Person',
    'Contact person',
    'Primary contact',
    'Person name',
  ],
  contactEmail: ['contact_email', 'Email', 'Person email', 'Person - Email', 'Associated Contact Email'],
  // Not "Salutation": in CRMs that is the honorific alone ("Dr."), which is no greeting.
  greetAs: ['greet_as', 'Greet as', 'Greeting name'],
  value: ['value', 'Amount', 'Deal value', 'Deal amount', 'Opportunity amount', 'Amount in company currency'],
  currency: ['currency', 'Currency code', 'Deal currency code', 'Opportunity currency', 'Amount currency'],
  stage: ['stage', 'Deal Stage', 'Pipeline stage', 'Sales stage'],
  forecast: ['forecast', 'Forecast category', 'Forecast'],
  state: ['state', 'Status', 'Deal status'],
  goal: ['goal', 'Prospect goal', 'prospect_goal'],
  nextStep: ['Next Step', 'next_step'],
  lostReason: ['lost_reason', 'Lost reason', 'Closed lost reason', 'Loss reason'],
  lastReplyAt: [
    'last_reply_at',
    'Last reply',
    'Last reply date',
    'Last replied',
    'Last response',
    'Last inbound',
    'last_inbound_at',
    'Last email received',
    'Last reply received',
  ],
  lastTouchAt: [
    'last_touch_at',
    'Last contacted',
    'Last touch',
    'Last outbound',
    'last_outbound_at',
    'Last email sent',
    'Last outreach',
  ],
  lastActivityAt: ['last_activity_at', 'Last Activity Date', 'Last activity date', 'Last Activity', 'Last activity'],
  createdAt: [
    'created_at',
    'Create Date',
    'Created Date',
    'Created',
    'Deal created',
    'Deal created on',
    'Add time',
    'Created on',
  ],
  closeDate: ['closed_at', 'Close Date', 'Closed date', 'Expected close date', 'Won time', 'Lost time', 'Close time'],
  snoozedUntil: ['snoozed_until', 'Snoozed until'],
  followUpOn: ['follow_up_on', 'Follow up on', 'Follow-up date'],
  commitment: ['open_commitment', 'Commitment', 'Open commitment'],
  commitmentDue: ['open_commitment_due', 'Commitment due', 'Open commitment due'],
};

/**
 * Aliases read only when the file has no other column for their field: another record's copy of the
 * fact in a CRM export (Pipedrive's "Organization - Name" and "Person - Name" beside "Deal - Organization"
 * and "Deal - Contact person"), or the same fact in other terms (HubSpot's "Amount in company currency"
 * beside "Amount", the deal's own currency; "Expected close date" beside the actual won or lost time).
 */
const FALLBACK_ALIASES: Partial<Record<ImportField, readonly string[]>> = {
  value: ['Amount in company currency'],
  company: ['Organization name'],
  contactName: ['Person name'],
  closeDate: ['Expected close date'],
};

/** Fields whose columns take turns, one filled per row: Pipedrive's "Won time" for won deals, "Lost time" for lost. */
const TURN_TAKING: ReadonlySet<ImportField> = new Set<ImportField>(['closeDate']);

/** Each field in words, for messages about columns. */
export const FIELD_WORDS: Record<ImportField, string> = {
  externalId: 'external id',
  teamId: 'workspace id',
  owner: 'owner',
  company: 'company',
  dealName: 'deal name',
  contactName: 'contact',
  contactEmail: "contact's email",
  greetAs: 'greeting name',
  value: 'amount',
  currency: 'currency',
  stage: 'stage',
  forecast: 'forecast category',
  state: 'status',
  goal: "prospect's goal",
  nextStep: 'next step',
  lostReason: 'lost reason',
  lastReplyAt: 'last reply date',
  lastTouchAt: 'last touch date',
  lastActivityAt: 'last activity date',
  createdAt: 'created date',
  closeDate: 'close date',
  snoozedUntil: 'snoozed-until date',
  followUpOn: 'follow-up date',
  commitment: 'open commitment',
  commitmentDue: "commitment's due date",
};

/** Columns of dealcoach's own export that are facts about the past, read-only on import. */
export const EXPORT_ONLY_COLUMNS = [
  'dealcoach_id',
  'updated_at',
  'activities',
  'last_episode_started_at',
  'last_episode_reason',
  'last_episode_steps_done',
  'last_episode_fired_at',
  'last_episode_ended_at',
  'last_episode_outcome',
] as const;

/** "Deal Stage", "deal_stage", "DEAL-STAGE" -> "dealstage". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const ALIAS_INDEX = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  ALIAS_INDEX.set(headerKey(field), field);
  for (const alias of COLUMN_ALIASES[field]) ALIAS_INDEX.set(headerKey(alias), field);
}
const IGNORED = new Set<string>(EXPORT_ONLY_COLUMNS.map(headerKey));

/** The alias a header matched (as a key), or null (unknown columns are ignored). */
function aliasKeyOf(header: string): string | null {
  const key = headerKey(header);
  if (ALIAS_INDEX.has(key)) return key;
  if (IGNORED.has(key)) return null;
  // Pipedrive: "Deal - Title", "Deal - Value", "Deal - Owner" ...
  const prefixed = header.trim().match(/^(?:deal|opportunity)\s*[-:–]\s*(.+)$/i);
  if (prefixed && ALIAS_INDEX.has(headerKey(prefixed[1]!))) return headerKey(prefixed[1]!);
  return null;
}

/** The field a header means, or null (unknown columns are ignored). */
export function fieldForHeader(header: string): ImportField | null {
  const key = aliasKeyOf(header);
  return key === null ? null : ALIAS_INDEX.get(key)!;
}

const FALLBACK_KEYS = new Set(Object.values(FALLBACK_ALIASES).flatMap((aliases) => aliases.map(headerKey)));

/** Spreadsheet column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** "Record ID", "record_id", "externalId", "external-id" -> the field, or null. */
export function parseFieldName(name: string): ImportField | 'ignore' | null {
  const key = headerKey(name);
  if (key === 'ignore' || key === 'skip' || key === 'none' || name.trim() === '-') return 'ignore';
  return ((IMPORT_FIELDS as readonly string[]).find((f) => headerKey(f) === key) as ImportField | undefined) ?? null;
}

export interface ColumnOverride {
  column: string;
  field: ImportField | 'ignore';
}

/** Parses a `--map column=field` value. */
export function parseMapOption(text: string): ColumnOverride | { error: string } {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1)
    return { error: `--map "${text}": write it as column=field, e.g. --map "Deal Name=company"` };
  const column = text.slice(0, at).trim();
  const field = parseFieldName(text.slice(at + 1));
  if (!field)
    return {
      error:
        `--map "${text}": "${text.slice(at + 1).trim()}" is not a field; fields are ${IMPORT_FIELDS.join(', ')}` +
        ` (or ignore)`,
    };
  return { column, field };
}

export interface ColumnMapping {
  header: string;
  field: ImportField | null;
  /** How it was chosen. */
  via: 'alias' | 'map' | 'none';
}

export interface HeaderMapping {
  columns: ColumnMapping[];
  /** For each field, the column indexes mapped to it, in file order. */
  byField: Partial<Record<ImportField, number[]>>;
  /** Whether "Last activity" also stands for the prospect's last reply (no reply column). */
  activityIsReply: boolean;
  notes: string[];
}

/** Maps a header row; a problem (no company column, a --map naming a missing column) is fatal. */
export function mapHeader(headers: string[], overrides: ColumnOverride[] = []): HeaderMapping | { error: string } {
  const overrideByKey = new Map<string, ColumnOverride>();
  for (const o of overrides) overrideByKey.set(headerKey(o.column), o);
  const keys = headers.map(headerKey);
  for (const o of overrides) {
    if (!keys.includes(headerKey(o.column))) {
      return {
        error:
          `--map ${o.column}=${o.field}: the file has no column "${o.column}" (its columns: ` +
          `${headers.filter((h) => h.trim()).join(', ')})`,
      };
    }
  }
  const columns: ColumnMapping[] = headers.map((header) => {
    const override = overrideByKey.get(headerKey(header));
    if (override)
      return {
        header,
        field: override.field === 'ignore' ? null : override.field,
        via: override.field === 'ignore' ? 'none' : 'map',
      };
    const field = fieldForHeader(header);
    return { header, field, via: field ? 'alias' : 'none' };
  });
  // A field named by --map takes only the columns mapped to it explicitly.
  const explicit = new Set(columns.filter((c) => c.via === 'map').map((c) => c.field));
  for (const c of columns) {
    if (c.via === 'alias' && explicit.has(c.field)) Object.assign(c, { field: null, via: 'none' });
  }
  const notes: string[] = [];
  const several = severalColumns(columns, notes);
  if (several) return { error: several };
  const byField: Partial<Record<ImportField, number[]>> = {};
  columns.forEach((c, i) => {
    if (c.field) (byField[c.field] ??= []).push(i);
  });
  if (!byField.company && !byField.dealName) {
    return {
      error:
        `No company column: name one of ` +
        `${[...COLUMN_ALIASES.company.slice(1, 5), ...COLUMN_ALIASES.dealName.slice(0, 3)]
          .map((a) => `"${a}"`)
          .join(', ')}` +
        `, or use --map "<column>=company"`,
    };
  }
  const activityIsReply = Boolean(byField.lastActivityAt) && !byField.lastReplyAt;
  if (activityIsReply) {
    const names = byField.lastActivityAt!.map((i) => `"${headers[i]}"`).join(', ');
    notes.push(
      `The file has no last-reply column, so ${names} is read as the prospect's last reply (the silence clock counts ` +
        `from it).`,
    );
  }
  if (!byField.company && byField.dealName) {
    notes.push(
      `No company column: the deal name (${byField.dealName.map((i) => `"${headers[i]}"`).join(', ')}) is used as ` +
        `the company.`,
    );
  }
  return { columns, byField, activityIsReply, notes };
}

/**
 * Two columns for one field are never read silently. The same header twice cannot be told apart: the
 * file is refused. A fallback alias beside another column for its field is not read (said in the notes);
 * columns that take turns (won time, lost time) are read in turn (said too); so are columns the importer
 * mapped to one field with --map. Any other two columns for one field refuse the file, naming both and
 * how to keep one. Returns the refusal, or null (after adjusting `columns` and adding to `notes`).
 */
function severalColumns(columns: ColumnMapping[], notes: string[]): string | null {
  const named = (i: number) => `"${columns[i]!.header}" (column ${columnLetter(i)})`;
  const byKey = new Map<string, number[]>();
  columns.forEach((c, i) => {
    if (c.field) byKey.set(headerKey(c.header), [...(byKey.get(headerKey(c.header)) ?? []), i]);
  });
  for (const indexes of byKey.values()) {
    if (indexes.length < 2) continue;
    const first = columns[indexes[0]!]!;
    return (
      `The column "${first.header}" appears ${indexes.length === 2 ? 'twice' : `${indexes.length} times`} ` +
      `(columns ${indexes.map(columnLetter).join(', ')}), so dealcoach cannot tell which one holds the ` +
      `${FIELD_WORDS[first.field!]}. Delete or rename ${indexes.length === 2 ? 'one of them' : 'all but one'} ` +
      `and import the file again.`
    );
  }
  const byField = new Map<ImportField, number[]>();
  columns.forEach((c, i) => {
    if (c.field) byField.set(c.field, [...(byField.get(c.field) ?? []), i]);
  });
  for (const [field, indexes] of byField) {
    if (indexes.length < 2) continue;
    const words = FIELD_WORDS[field];
    if (indexes.every((i) => columns[i]!.via === 'map')) {
      notes.push(
        `${indexes.map((i) => `"${columns[i]!.header}"`).join(' and ')} are ${indexes.length === 2 ? 'both' : 'all'} ` +
          `read as the ${words} (--map): a ` +
          `row takes the first of them that has a value.`,
      );
      continue;
    }
    const fallback = indexes.filter((i) => FALLBACK_KEYS.has(aliasKeyOf(columns[i]!.header) ?? ''));
    let left = indexes.filter((i) => !fallback.includes(i));
    if (left.length && fallback.length) {
      for (const i of fallback) Object.assign(columns[i]!, { field: null, via: 'none' });
      const names = (list: number[]) => list.map((i) => `"${columns[i]!.header}"`).join(' and ');
      notes.push(
        `${names(fallback)} ${fallback.length === 1 ? 'is' : 'are'} not read: ${names(left)} ` +
          `${left.length === 1 ? 'gives' : 'give'} the ${words}.`,
      );
    } else left = indexes;
    if (left.length < 2) continue;
    if (TURN_TAKING.has(field)) {
      notes.push(
        `The ${words} is read from ${left.map((i) => `"${columns[i]!.header}"`).join(', else ')}: the first that has ` +
          `a value in the row.`,
      );
      continue;
    }
    const others = left.slice(1).map((i) => `--map "${columns[i]!.header}=ignore"`);
    return (
      `${left.length === 2 ? 'Two' : `${left.length}`} columns could be the ${words}: ` +
      `${left.map(named).join(' and ')}. Keep one: delete or rename the other${left.length > 2 ? 's' : ''} ` +
      `(dealcoach import: ${others.join(' ')}), and import the file again.`
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Stages, states, forecast
// ---------------------------------------------------------------------------------------------

export type StageReading = { stage: Stage | null; state: 'won' | 'lost' | null; guessed: boolean };

const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** CRM stage names (HubSpot, Pipedrive and Salesforce defaults, and common words) -> dealcoach. */
const CRM_STAGES: Record<string, Stage | 'won' | 'lost'> = {};
const stageTable: Array<[Stage | 'won' | 'lost', string[]]> = [
  [
    'prospecting',
    [
      'prospecting',
      'prospect',
      'lead',
      'lead in',
      'new',
      'new lead',
      'appointment scheduled',
      'appointmentscheduled',
      'cold',
      'outreach',
    ],
  ],
  [
    'qualified',
    [
      'qualified',
      'qualification',
      'qualify',
      'qualified to buy',
      'qualifiedtobuy',
      'discovery',
      'needs analysis',
      'contact made',
      'sql',
      'qualifying',
    ],
  ],
  [
    'demo',
    [
      'demo',
      'demonstration',
      'demo scheduled',
      'presentation',
      'presentation scheduled',
      'presentationscheduled',
      'value proposition',
      'id. decision makers',
      'id decision makers',
      'perception analysis',
      'evaluation',
      'solution',
    ],
  ],
  [
    'proposal',
    [
      'proposal',
      'quote',
      'proposal made',
      'proposal sent',
      'proposal/price quote',
      'price quote',
      'decision maker bought-in',
      'decisionmakerboughtin',
      'decision maker bought in',
    ],
  ],
  [
    'negotiation',
    [
      'negotiation',
      'negotiating',
      'negotiations started',
      'negotiation/review',
      'contract',
      'contract sent',
      'contractsent',
      'review',
    ],
  ],
  ['verbal', ['verbal', 'verbal yes', 'verbal-yes', 'verbal commit', 'commit', 'verbal agreement']],
  ['won', ['closed won', 'closedwon', 'won', 'closed/won', 'closed - won', 'deal won']],
  ['lost', ['closed lost', 'closedlost', 'lost', 'closed/lost', 'closed - lost', 'deal lost', 'dead']],
];
for (const [target, names] of stageTable) for (const name of names) CRM_STAGES[key(name)] = target;

const STAGE_WORDS: Array<[RegExp, Stage]> = [
  [/\bprospect/, 'prospecting'],
  [/\blead\b/, 'prospecting'],
  [/\bqualif/, 'qualified'],
  [/\bdiscovery\b/, 'qualified'],
  [/\bdemo/, 'demo'],
  [/\bpresentation\b/, 'demo'],
  [/\bproposal/, 'proposal'],
  [/\bquote\b/, 'proposal'],
  [/\bnegotiat/, 'negotiation'],
  [/\bcontract\b/, 'negotiation'],
  [/\bverbal\b/, 'verbal'],
];
const CLOSING_WORDS = /\b(won|lost|closed?|signed|dead|lose|cancel+ed|churn)/;

function reading(target: Stage | 'won' | 'lost', guessed: boolean): StageReading {
  return target === 'won' || target === 'lost'
    ? { stage: null, state: target, guessed }
    : { stage: target, state: null, guessed };
}

/**
 * A stage cell -> dealcoach's stage (or won/lost). Exact names and CRM defaults first; then a
 * near spelling (one or two letters off) or a name holding exactly one stage word ("Demo done",
 * "3 - Proposal") when that is clear; else null.
 */
export function normaliseStage(text: string): StageReading | null {
  const own = parseStage(text.trim());
  if (own) return { stage: own, state: null, guessed: false };
  const k = key(text);
  if (!k) return null;
  const exact = CRM_STAGES[k];
  if (exact) return reading(exact, false);
  // A near spelling: unique best match within a small edit distance.
  const allowed = k.length >= 8 ? 2 : k.length >= 5 ? 1 : 0;
  if (allowed > 0) {
    let best = Infinity;
    let targets = new Set<string>();
    for (const [name, target] of Object.entries(CRM_STAGES)) {
      if (Math.abs(name.length - k.length) > allowed) continue;
      const d = editDistance(k, name, allowed);
      if (d < best) {
        best = d;
        targets = new Set([target]);
      } else if (d === best) targets.add(target);
    }
    if (best <= allowed && targets.size === 1) return reading([...targets][0] as Stage | 'won' | 'lost', true);
  }
  // One stage word, and nothing that sounds like a closed deal.
  const words = text.toLowerCase();
  if (CLOSING_WORDS.test(words)) return null;
  const found = new Set(STAGE_WORDS.filter(([re]) => re.test(words)).map(([, stage]) => stage));
  if (found.size === 1) return { stage: [...found][0]!, state: null, guessed: true };
  return null;
}

/** Levenshtein distance, giving up (returning max + 1) once it exceeds max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** A state/status cell: dealcoach's states, Pipedrive's open/won/lost/deleted, "Closed won". */
export function parseImportState(text: string): DealState | 'deleted' | null {
  const k = key(text);
  const table: Record<string, DealState | 'deleted'> = {
    active: 'active',
    open: 'active',
    inprogress: 'active',
    silent: 'silent',
    fired: 'fired',
    nurture: 'nurture',
    won: 'won',
    closedwon: 'won',
    lost: 'lost',
    closedlost: 'lost',
    deleted: 'deleted',
  };
  return table[k] ?? null;
}

/** A forecast category: pipeline, best case, commit, omitted (HubSpot "Not forecasted", Salesforce "Closed"). */
export function parseImportForecast(text: string): Forecast | null {
  const k = key(text);
  const table: Record<string, Forecast> = {
    pipeline: 'pipeline',
    bestcase: 'best-case',
    best: 'best-case',
    upside: 'best-case',
    commit: 'commit',
    closed: 'commit',
    closedwon: 'commit',
    mostlikely: 'commit',
    omitted: 'omitted',
    omit: 'omitted',
    notforecasted: 'omitted',
    closedlost: 'omitted',
  };
  return table[k] ?? ((FORECASTS as readonly string[]).includes(k) ? (k as Forecast) : null);
}

// ---------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------

export type AmountResult = { ok: true; money: Money; currencyGiven: boolean } | { ok: false; error: string };

/** An amount cell, read by the one amount reader (domain/money.ts) the commands and forms use too. */
export function parseAmount(input: string, defaultCurrency = 'USD'): AmountResult {
  const result = readAmount(input, defaultCurrency);
  if (result.ok) return result;
  // The report reads "<column>: "<cell>" <problem>", so the cell is not repeated here.
  const problem = {
    ambiguous: result.forms
      ? `is ambiguous: it could mean ${result.readings!.map((m) => formatMoney(m.minor, m.currency)).join(' or ')}; ` +
        `write ${result.forms[0]} or ${result.forms[1]} (a lone dot or comma before three digits can mean either)`
      : 'is ambiguous',
    negative: 'is negative',
    too_large: 'is too large',
    currency: `has a currency dealcoach does not know (${result.error.replace(/^`[^`]*` /, '')})`,
    invalid: 'is not an amount (write 50000, $50,000, 50k or 12.500,00 EUR)',
  }[result.reason];
  return { ok: false, error: problem };
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

export interface ImportDate {
  /** The instant: the given time, or the start of that day in the zone. */
  at: Date;
  /** The calendar date in the zone. */
  date: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const TIME =
  String.raw`(?:[T ,]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?)?` +
  String.raw`\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`, 'i');
const YMD_SLASH = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`, 'i');
const SLASH = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})${TIME}$`, 'i');
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})${TIME}$`, 'i');
const MONTH_FIRST = new RegExp(
  String.raw`^(?:[a-z]{3,9}\.?,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`,
  'i',
);
const DAY_FIRST = new RegExp(
  String.raw`^(?:[a-z]{3,9}\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})${TIME}$`,
  'i',
);
const FAST_ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The accepted forms, for messages and the README. */
export const DATE_FORMS =
  '2026-11-03, 2026-11-03 14:00, 2026/11/03, 11/03/2026 (US month first), 03.11.2026, Nov 3, 2026 or 3 Nov 2026';

/**
 * A date cell, read in `zone` when it carries no offset. Slash dates are US month/day unless the
 * first number is over 12 (then day/month); dotted dates are day.month.year; 4-digit years first
 * are year/month/day. A 5-digit number is an Excel serial day. Returns null when not a date.
 */
export function parseImportDate(input: string, zone: string): ImportDate | null {
  const text = input.trim();
  if (!text) return null;
  if (FAST_ISO_INSTANT.test(text)) {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) return null;
    return { at, date: zonedDate(at, zone) };
  }
  let m: RegExpMatchArray | null;
  let parts: { year: number; month: number; day: number } | null = null;
  let time: string[] = [];
  if ((m = text.match(ISO)) || (m = text.match(YMD_SLASH))) {
    parts = { year: +m[1]!, month: +m[2]!, day: +m[3]! };
    time = m.slice(4);
  } else if ((m = text.match(SLASH))) {
    const a = +m[1]!;
    const b = +m[2]!;
    parts = a > 12 ? { year: year(m[3]!), month: b, day: a } : { year: year(m[3]!), month: a, day: b };
    time = m.slice(4);
  } else if ((m = text.match(DOTTED))) {
    parts = { year: year(m[3]!), month: +m[2]!, day: +m[1]! };
    time = m.slice(4);
  } else if ((m = text.match(MONTH_FIRST)) && MONTHS[m[1]!.toLowerCase()]) {
    parts = { year: +m[3]!, month: MONTHS[m[1]!.toLowerCase()]!, day: +m[2]! };
    time = m.slice(4);
  } else if ((m = text.match(DAY_FIRST)) && MONTHS[m[2]!.toLowerCase()]) {
    parts = { year: year(m[3]!), month: MONTHS[m[2]!.toLowerCase()]!, day: +m[1]! };
    time = m.slice(4);
  } else if (/^\d{5}(?:\.\d+)?$/.test(text)) {
    const serial = Number(text);
    if (serial < 25569 || serial > 73051) return null; // 1970 .. 2100
    const days = Math.floor(serial);
    const base = DateTime.fromObject({ year: 1899, month: 12, day: 30 }, { zone }).plus({ days });
    const withTime = base.plus({ milliseconds: Math.round((serial - days) * 86_400_000) });
    return withTime.isValid ? { at: withTime.toJSDate(), date: base.toISODate()! } : null;
  }
  if (!parts) return null;
  const [h, min, sec, frac, ampm, offset] = time;
  let hour = h ? +h : 0;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const minute = min ? +min : 0;
  const second = sec ? +sec : 0;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millisecond = frac ? Math.min(Math.round(Number(`0.${frac}`) * 1000), 999) : 0;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, hour, minute, second, millisecond);
  const check = new Date(wall);
  if (
    Number.isNaN(wall) ||
    check.getUTCFullYear() !== parts.year ||
    check.getUTCMonth() !== parts.month - 1 ||
    check.getUTCDate() !== parts.day
  )
    return null;
  const date =
    `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-` +
    `${String(parts.day).padStart(2, '0')}`;
  if (offset) {
    const minutes = /^(z|utc|gmt)$/i.test(offset) ? 0 : offsetMinutes(offset);
    const at = new Date(wall - minutes * 60_000);
    return { at, date: h ? zonedDate(at, zone) : date };
  }
  const at = wallToInstant(wall, zone);
  return at === null ? null : { at: new Date(at), date };
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

const zones = new Map<string, IANAZone | null>();

/**
 * A wall-clock time (as if UTC) in a zone -> the instant; the zone's offset is looked up and checked once more, as
 * luxon does.
 */
function wallToInstant(wall: number, zone: string): number | null {
  if (zone === 'UTC' || zone === 'Etc/UTC') return wall;
  let z = zones.get(zone);
  if (z === undefined) {
    z = IANAZone.isValidZone(zone) ? IANAZone.create(zone) : null;
    zones.set(zone, z);
  }
  if (!z) return null;
  const first = z.offset(wall);
  let at = wall - first * 60_000;
  const second = z.offset(at);
  if (second !== first) at = wall - second * 60_000;
  return at;
}

function zonedDate(at: Date, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return at.toISOString().slice(0, 10);
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);
}

function year(text: string): number {
  const n = Number(text);
  return text.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

// ---------------------------------------------------------------------------------------------
// Owners and contacts
// ---------------------------------------------------------------------------------------------

export type OwnerRef =
  | { kind: 'slack'; id: string }
  | { kind: 'email'; email: string }
  | { kind: 'name'; name: string };

const EMAIL = /^[^\s@<>"(),;]+@[^\s@<>"(),;]+\.[^\s@<>"(),;]+$/;

export function isEmail(text: string): boolean {
  return EMAIL.test(text);
}

/** "U012ABC", "<@U012ABC>", "rita@acme.com", "Rita Rep" -> what to look the owner up by. */
export function parseOwnerRef(input: string): OwnerRef | null {
  const text = input.trim();
  if (!text) return null;
  const mention = text.match(/^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/);
  if (mention) return { kind: 'slack', id: mention[1]! };
  if (/^[UW][A-Z0-9]+$/.test(text)) return { kind: 'slack', id: text };
  if (isEmail(text)) return { kind: 'email', email: text.toLowerCase() };
  return { kind: 'name', name: text.replace(/\s+/g, ' ') };
}

/**
 * A contact cell: "Bob Lee", "Bob Lee <bob@acme.com>", "Bob Lee (bob@acme.com)", "bob@acme.com",
 * HubSpot's "Bob Lee (1234567)"; several contacts separated by ";" -> the first.
 */
export function parseContact(input: string): { name: string | null; email: string | null } {
  const first = input.split(';')[0]!.replace(/\s+/g, ' ').trim();
  if (!first) return { name: null, email: null };
  if (isEmail(first)) return { name: null, email: first };
  const wrapped = first.match(/^(.*?)\s*[<(]\s*([^>)]*?)\s*[>)]$/);
  if (wrapped) {
    const name = wrapped[1]!.trim() || null;
    const inner = wrapped[2]!;
    if (isEmail(inner)) return { name, email: inner };
    if (/^\d+$/.test(inner)) return { name, email: null };
  }
  return { name: first, email: null };
}

export const STAGE_LIST = `${STAGES.join(', ')}, closed won or closed lost`;

// ---------------------------------------------------------------------------------------------
// One row
// ---------------------------------------------------------------------------------------------

/** A row read and checked, before the database is asked anything (owners, matching deals). */
export interface ImportRow {
  externalId: string | null;
  teamId: string | null;
  owner: OwnerRef | null;
  company: string | null;
  contactName: string | null;
  contactEmail: string | null;
  /** How drafts greet the contact ("Dr. Müller"). */
  greetAs: string | null;
  value: Money | null;
  stage: Stage | null;
  /** Set when the stage was read by approximation ("Demo done" -> demo). */
  stageGuess: { from: string; to: string } | null;
  state: DealState | null;
  forecast: Forecast | null;
  goal: string | null;
  nextStep: string | null;
  lostReason: string | null;
  lastInboundAt: Date | null;
  lastOutboundAt: Date | null;
  lastActivityAt: Date | null;
  createdAt: Date | null;
  closedAt: Date | null;
  snoozedUntil: Date | null;
  followUpOn: string | null;
  commitment: { text: string; dueOn: string } | null;
}

export type RowReading =
  | { kind: 'empty' }
  | { kind: 'deleted' }
  | { kind: 'invalid'; reasons: string[] }
  | { kind: 'row'; row: ImportRow };

export interface ReadOptions {
  /** Zone for dates without an offset. */
  zone: string;
  now: Date;
  defaultCurrency?: string;
}

/** Each CSV field's cap: the same as /deal and the forms (src/domain/limits.ts). */
const CSV_CAPS: Partial<Record<ImportField, LimitedField>> = {
  company: 'company',
  dealName: 'company',
  contactName: 'contact',
  contactEmail: 'email',
  greetAs: 'contact',
  goal: 'goal',
  nextStep: 'nextStep',
  lostReason: 'reason',
  commitment: 'commitment',
};
const capOf = (field: ImportField): number => TEXT_LIMITS[CSV_CAPS[field] ?? 'cell'];
const FUTURE_SLACK_MS = 36 * 3_600_000;

/** Reads one data row with the header's mapping. Every problem of the row is reported at once. */
export function readRow(cells: readonly string[], mapping: HeaderMapping, options: ReadOptions): RowReading {
  if (cells.every((c) => c.trim() === '')) return { kind: 'empty' };
  const reasons: string[] = [];
  const width = mapping.columns.length;
  if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
    reasons.push(`has ${cells.length} cells but the header has ${width} columns (a comma inside a value needs quotes)`);
  }
  const get = (field: ImportField): { value: string; header: string } | null => {
    for (const i of mapping.byField[field] ?? []) {
      // dealcoach's export puts an apostrophe before text a spreadsheet would run as a formula.
      // Invisible characters (controls, zero-width, bidi overrides) never reach a stored field (text.ts).
      const value = cleanText(cells[i] ?? '')
        .trim()
        .replace(/^'(?=[=+\-@])/, '');
      if (value) return { value, header: mapping.columns[i]!.header };
    }
    return null;
  };
  const text = (field: ImportField): string | null => {
    const cell = get(field);
    if (!cell) return null;
    const cap = capOf(field);
    if (cell.value.length > cap) {
      reasons.push(
        `${cell.header}: ${cell.value.length.toLocaleString('en-US')} characters, at most ` +
          `${cap.toLocaleString('en-US')}`,
      );
      return null;
    }
    return cell.value;
  };
  const date = (field: ImportField, past: boolean): ImportDate | null => {
    const cell = get(field);
    if (!cell) return null;
    const parsed = parseImportDate(cell.value, options.zone);
    if (!parsed) {
      reasons.push(`${cell.header}: "${cell.value}" is not a date (write ${DATE_FORMS})`);
      return null;
    }
    if (past && parsed.at.getTime() > options.now.getTime() + FUTURE_SLACK_MS) {
      reasons.push(`${cell.header}: ${cell.value} is in the future`);
      return null;
    }
    return parsed;
  };

  const companyCell = get('company') ?? get('dealName');
  const company = companyCell ? companyCell.value.replace(/\s+/g, ' ') : null;
  if (!company)
    reasons.push(
      `no company (` +
        `${[...(mapping.byField.company ?? []), ...(mapping.byField.dealName ?? [])]
          .map((i) => mapping.columns[i]!.header)
          .join(' / ')} is empty)`,
    );
  else if (company.length > capOf('company')) {
    reasons.push(
      `${companyCell!.header}: ${company.length.toLocaleString('en-US')} characters, at most ${capOf('company')}`,
    );
  }

  const overCap = (field: ImportField, cell: { value: string; header: string } | null): boolean => {
    if (!cell || cell.value.length <= capOf(field)) return false;
    reasons.push(`${cell.header}: ${cell.value.length.toLocaleString('en-US')} characters, at most ${capOf(field)}`);
    return true;
  };
  const contactCell = get('contactName');
  const contact =
    contactCell && !overCap('contactName', contactCell) ? parseContact(contactCell.value) : { name: null, email: null };
  const emailCell = get('contactEmail');
  let contactEmail = contact.email;
  if (emailCell && !overCap('contactEmail', emailCell)) {
    if (isEmail(emailCell.value)) contactEmail = emailCell.value;
    else reasons.push(`${emailCell.header}: "${emailCell.value}" is not an email address`);
  }

  let value: Money | null = null;
  const currencyCell = get('currency');
  const currency = currencyCell?.value.toUpperCase() ?? null;
  if (currencyCell && !isCurrencyCode(currency!))
    reasons.push(`${currencyCell.header}: "${currencyCell.value}" is not a currency code such as USD or EUR`);
  const valueCell = get('value');
  if (valueCell) {
    const amount = parseAmount(valueCell.value, currency ?? options.defaultCurrency ?? 'USD');
    if (!amount.ok) reasons.push(`${valueCell.header}: "${valueCell.value}" ${amount.error}`);
    else if (amount.currencyGiven && currency && amount.money.currency !== currency) {
      reasons.push(
        `${valueCell.header}: "${valueCell.value}" is in ${amount.money.currency} but ${currencyCell!.header} says ` +
          `${currency}`,
      );
    } else value = amount.money;
  }

  let stage: Stage | null = null;
  let stageGuess: ImportRow['stageGuess'] = null;
  let state: DealState | null = null;
  const stageCell = get('stage');
  if (stageCell) {
    const read = normaliseStage(stageCell.value);
    if (!read) reasons.push(`${stageCell.header}: "${stageCell.value}" is not a stage dealcoach knows (${STAGE_LIST})`);
    else {
      stage = read.stage;
      state = read.state;
      if (read.guessed) stageGuess = { from: stageCell.value, to: read.stage ?? `closed ${read.state}` };
    }
  }
  const stateCell = get('state');
  if (stateCell) {
    const read = parseImportState(stateCell.value);
    if (read === 'deleted') return { kind: 'deleted' };
    if (!read)
      reasons.push(
        `${stateCell.header}: "${stateCell.value}" is not a state (active, nurture, fired, won, lost; or open)`,
      );
    else if (!(read === 'active' && state)) state = read;
  }
  const forecastCell = get('forecast');
  let forecast: Forecast | null = null;
  if (forecastCell) {
    forecast = parseImportForecast(forecastCell.value);
    if (!forecast)
      reasons.push(
        `${forecastCell.header}: "${forecastCell.value}" is not a forecast category (pipeline, best case, commit, ` +
          `omitted)`,
      );
  }

  const ownerCell = get('owner');
  const owner = ownerCell ? parseOwnerRef(ownerCell.value) : null;

  const lastReply = date('lastReplyAt', true);
  const lastTouch = date('lastTouchAt', true);
  const lastActivity = date('lastActivityAt', true);
  const created = date('createdAt', true);
  const closed = date('closeDate', false);
  const snoozed = date('snoozedUntil', false);
  const followUp = date('followUpOn', false);
  const lastInboundAt = lastReply?.at ?? (mapping.activityIsReply ? (lastActivity?.at ?? null) : null);
  const lastOutboundAt = lastTouch?.at ?? null;
  const activityTimes = [lastActivity?.at, lastInboundAt, lastOutboundAt].filter((d): d is Date => Boolean(d));
  const lastActivityAt = activityTimes.length ? new Date(Math.max(...activityTimes.map((d) => d.getTime()))) : null;

  const commitmentText = text('commitment');
  const commitmentDue = date('commitmentDue', false);
  let commitment: ImportRow['commitment'] = null;
  if (
    commitmentText &&
    !commitmentDue &&
    !reasons.some((r) => r.startsWith(get('commitmentDue')?.header ?? '\u0000'))
  ) {
    reasons.push(`${get('commitment')!.header}: a commitment needs its due date (${COLUMN_ALIASES.commitmentDue[0]})`);
  } else if (commitmentText && commitmentDue) commitment = { text: commitmentText, dueOn: commitmentDue.date };

  const row: ImportRow = {
    externalId: text('externalId'),
    teamId: text('teamId'),
    owner,
    company,
    contactName: contact.name,
    contactEmail,
    greetAs: text('greetAs'),
    value,
    stage,
    stageGuess,
    state,
    forecast,
    goal: text('goal'),
    nextStep: text('nextStep'),
    lostReason: text('lostReason'),
    lastInboundAt,
    lastOutboundAt,
    lastActivityAt,
    createdAt: created?.at ?? null,
    closedAt: closed?.at ?? null,
    snoozedUntil: snoozed?.at ?? null,
    followUpOn: followUp?.date ?? null,
    commitment,
  };
  return reasons.length ? { kind: 'invalid', reasons } : { kind: 'row', row };
}
