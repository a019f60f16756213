// CSV import, in two passes that never hold the event loop or the write lock for long.
//
// The check reads the whole file (csv-read.ts: bounded pieces, a turn of the event loop between them),
// resolves every owner (which may ask Slack), and works out what each row would do against the database
// as the earlier rows of the same file would leave it: a deal a row creates, moves or renames is found by
// the rows after it ("same deal as line N"). It writes nothing, so a dry run's report is the check's, and
// a file with rejected rows imports nothing unless skipInvalid.
//
// The write applies the rows that passed, in file order, in short store.write transactions (about
// CHUNK_MS of work each, the event loop turning between them). Each row is worked out again against the
// database inside its transaction: a row whose deal changed since the check (another rep created the
// same company meanwhile, or renamed the deal) is left out and listed. If a transaction cannot be had
// (another process held the lock past the gate's wait) the import stops there and the report says how
// many rows are saved; the import is idempotent, so sending the same file again finishes it.
import { companyKey, getDeal, type DealSqlRow } from '../db/deals.js';
import { closeDeal, createDealId, reopenDeal } from './deal-events.js';
import type { Readable } from 'node:stream';
import { IANAZone } from 'luxon';
import type { Store } from '../db/index.js';
import { DatabaseBusyError } from '../db/write.js';
import { cleanText } from '../domain/text.js';
import { OPEN_STATES, type DealState } from '../domain/vocabulary.js';
import {
  mapHeader,
  parseOwnerRef,
  readRow,
  type ColumnOverride,
  type HeaderMapping,
  type ImportField,
  type ImportRow,
  type OwnerRef,
} from '../domain/import-mapping.js';
import { CsvBytesDecoder, csvRecordBatches, EncodingProblem, Pacer, type TextEncodingName } from './csv-read.js';

export { sniffDelimiter } from './csv-read.js';

/** Synchronous work between two turns of the event loop (reading, checking, between transactions). */
export const IMPORT_SLICE_MS = 15;
/** Work inside one write transaction: rows are applied until this much time has gone (at least one row). */
export const IMPORT_CHUNK_MS = 25;
const CHUNK_MAX_ROWS = 2000;

export interface ImportOptions {
  /** The Slack workspace the deals belong to. null: each row's team_id column says (a full restore). */
  teamId: string | null;
  /** With no teamId: the workspace of rows whose team_id column is empty or missing. */
  defaultTeamId?: string | null;
  /** With neither: the workspaces to offer when the file names none. */
  knownWorkspaces?: string[];
  /** Owner for rows without one: a Slack user id (or an email / name of a known user). */
  defaultOwner?: string | null;
  /** When set (a rep importing), every row must belong to this user. */
  restrictToOwner?: string | null;
  /** When set (a manager importing), every row's old and new owner must be one of these people. */
  allowedOwners?: ReadonlySet<string> | null;
  dryRun?: boolean;
  /** Import the valid rows even when some are rejected. */
  skipInvalid?: boolean;
  /** `--map column=field` overrides. */
  map?: ColumnOverride[];
  /** Zone for dates written without an offset (default UTC). */
  zone?: string;
  now?: Date;
  /** Who imports, for the timeline and the audit log (default: each deal's owner / "cli"). */
  actorId?: string;
  /** The file name, for notes and the report. */
  source?: string;
  /** Field delimiter; detected from the header line (comma, semicolon or tab) when not given. */
  delimiter?: string;
  defaultCurrency?: string;
  /** Asked for an owner email no user row of the team has (the Slack app asks users.lookupByEmail). */
  lookupEmail?: (teamId: string, email: string) => Promise<string | null>;
  /** How many rejected rows to list in full (all are counted). Default 1000. */
  maxRejectsListed?: number;
  /** Kept up to date while the import runs, for a caller that tells the importer how far it is. */
  progress?: ImportProgress;
  /** Work per write transaction (default IMPORT_CHUNK_MS). */
  chunkMs?: number;
  /** How long each write transaction waits for another process's write lock (default: the write gate's). */
  writeWaitMs?: number;
}

export interface ImportProgress {
  phase: 'checking' | 'writing' | 'done';
  /** Data rows read and checked. */
  rowsChecked: number;
  /** Rows the write pass has finished (saved, found unchanged, or left out). */
  rowsWritten: number;
  /** Rows the write pass has to do (those that passed the check). */
  rowsToWrite: number;
}

export interface ImportReject {
  /** The line in the file where the row starts; the header is line 1. */
  line: number;
  company: string | null;
  reason: string;
}

export interface ImportReport {
  source: string | null;
  teamId: string | null;
  dryRun: boolean;
  /** True when the write pass ran to its end: every row that passed the check is saved (or listed as left out). */
  committed: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** New deals (saved; in a dry run or a refused file: would be). */
  imported: number;
  /** Existing deals changed (matched by external id, else by company + owner). */
  updated: number;
  /** Existing deals the row matched with nothing new. */
  unchanged: number;
  /** Empty rows, and rows a CRM marks deleted. */
  skipped: number;
  rejected: number;
  rejects: ImportReject[];
  /** Rejected rows counted but not listed (beyond maxRejectsListed). */
  rejectsNotListed: number;
  /** Rows left out at write time because their deal changed in dealcoach after the check (counted in rejected). */
  changedMeanwhile: number;
  columns: Array<{ column: string; field: ImportField | null }>;
  /** Stages read by approximation, so the importer can check them. */
  stageGuesses: Array<{ from: string; to: string; rows: number }>;
  notes: string[];
  /** A problem with the whole file (not CSV, no company column, unknown --map column): nothing imported. */
  error: string | null;
  /** How the bytes were read (null when the file could not be read). */
  encoding: TextEncodingName | null;
  /** Rows that passed the check: what the write pass has to do. */
  rowsToWrite: number;
  /** Rows the write pass finished and saved (including rows found unchanged and rows left out). */
  rowsWritten: number;
  /** Why the write pass stopped before its end, with rowsWritten rows saved; null when it did not. */
  interrupted: string | null;
  /** Write transactions, and the longest one's work in ms. */
  transactions: number;
  longestTransactionMs: number;
  ms: number;
}

/** The deals row as SQLite returns it. */
type DealSql = DealSqlRow;
/** What matching needs of a deal; during the check, also a deal an earlier row of the file creates or moves. */
type DealRef = Pick<DealSql, 'id' | 'team_id' | 'owner_id' | 'company' | 'company_key' | 'external_id'>;
/** A deal found for a row: `row` is null for one the check has only planned (never updated by a second row). */
type Found = { ref: DealRef; row: DealSql | null };

interface Lookup {
  byExternal(teamId: string, externalId: string): Found[];
  byCompany(teamId: string, ownerId: string, key: string): Found | undefined;
}

type Transition = 'won' | 'lost' | 'reopen' | null;
type Plan =
  | { kind: 'insert'; teamId: string; ownerId: string; key: string }
  | {
      kind: 'update';
      teamId: string;
      deal: DealSql;
      next: DealSql;
      changed: string[];
      transition: Transition;
      nextStepNote: string | null;
      commitment: boolean;
    }
  | { kind: 'unchanged'; teamId: string; deal: DealSql };

const WRITABLE = [
  'owner_id',
  'company',
  'company_key',
  'contact_name',
  'contact_email',
  'greet_as',
  'value_minor',
  'currency',
  'stage',
  'forecast',
  'state',
  'prospect_goal',
  'external_id',
  'last_inbound_at',
  'last_outbound_at',
  'last_activity_at',
  'snoozed_until',
  'follow_up_on',
  'closed_at',
  'lost_reason',
  'created_at',
  'updated_at',
] as const;

class RowRejected extends Error {}
class FileProblem extends Error {}

/** Thrown by an input stream to stop an import with a message for the importer (e.g. too large). */
export class UploadProblem extends Error {}

function noWorkspaceProblem(options: ImportOptions): string {
  const known = options.knownWorkspaces ?? [];
  const choice = known.length ? ` (the database has ${known.join(', ')})` : '';
  return `No workspace for these rows: give --workspace <T…>${choice}, or a team_id column`;
}

/** A report with nothing counted yet: the start of every import, and a base for the report view's tests. */
export function emptyImportReport(over: Partial<ImportReport> = {}): ImportReport {
  return {
    source: null,
    teamId: null,
    dryRun: false,
    committed: false,
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: 0,
    rejects: [],
    rejectsNotListed: 0,
    changedMeanwhile: 0,
    columns: [],
    stageGuesses: [],
    notes: [],
    error: null,
    encoding: null,
    rowsToWrite: 0,
    rowsWritten: 0,
    interrupted: null,
    transactions: 0,
    longestTransactionMs: 0,
    ms: 0,
    ...over,
  };
}

/**
 * Imports deals from a CSV stream. Never throws for bad data: the report says what happened. It throws
 * only for a fault before anything was written; once the write pass has begun, a fault stops it and the
 * report says what is saved (`interrupted`).
 */
export async function importCsv(store: Store, input: Readable, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const report = emptyImportReport({
    source: options.source ?? null,
    teamId: options.teamId ?? options.defaultTeamId ?? null,
    dryRun: Boolean(options.dryRun),
  });
  if (store.sqlite.inTransaction) throw new Error('importCsv runs its own transactions: call it outside one');
  const zone = options.zone ?? 'UTC';
  if (!IANAZone.isValidZone(zone)) {
    input.destroy();
    report.error = `"${zone}" is not an IANA time zone such as Europe/Berlin or America/New_York`;
    return report;
  }
  const run = new CsvImport(store, options, report, zone);
  try {
    await run.check(input);
  } catch (error) {
    input.destroy();
    if (error instanceof FileProblem || error instanceof EncodingProblem || error instanceof UploadProblem) {
      report.error = error.message;
    } else if (isCsvError(error)) report.error = `The file is not valid CSV: ${(error as Error).message}`;
    else throw error;
  }
  if (report.error) {
    report.imported = report.updated = report.unchanged = 0;
  } else if (!report.dryRun && (report.rejected === 0 || options.skipInvalid)) {
    await run.write();
  }
  if (run.progress) run.progress.phase = 'done';
  // Owners are checked before the rows are written: list the rejects in file order all the same.
  report.rejects.sort((a, b) => a.line - b.line);
  report.ms = Math.round(performance.now() - started);
  return report;
}

class CsvImport {
  private readonly sql: ReturnType<typeof prepare>;
  private readonly now: Date;
  private readonly nowMs: number;
  private readonly source: string;
  private readonly pacer = new Pacer(IMPORT_SLICE_MS);
  readonly progress: ImportProgress | undefined;
  private readonly ownerCache = new Map<string, string | null>();
  private readonly discovered: Array<{ teamId: string; userId: string; email: string }> = [];
  private readonly defaultOwnerOf = new Map<string, string | null>();
  private readonly defaultOwnerRef: OwnerRef | null = null;
  private readonly knownUsers = new Set<string>();
  private readonly guesses = new Map<string, { to: string; rows: number }>();
  private mapping: HeaderMapping | null = null;
  private readonly readOptions: { zone: string; now: Date; defaultCurrency?: string };
  // The rows that passed the check: their line, their CSV fields (read again by the write pass: readRow
  // is pure, and a parsed row holds ~20 objects) and the deal the check matched (0: a new deal).
  private readonly lines: number[] = [];
  private readonly fields = new RowArena();
  private readonly targets: number[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: ImportOptions,
    private readonly report: ImportReport,
    zone: string,
  ) {
    this.sql = prepare(store);
    this.now = options.now ?? new Date();
    this.nowMs = this.now.getTime();
    this.source = options.source ?? 'a CSV file';
    this.progress = options.progress;
    this.readOptions = { zone, now: this.now, defaultCurrency: options.defaultCurrency };
    if (options.defaultOwner) {
      this.defaultOwnerRef = parseOwnerRef(options.defaultOwner);
      if (!this.defaultOwnerRef) throw new Error('defaultOwner is empty');
    }
  }

  private reject(line: number, company: string | null, reason: string): void {
    const report = this.report;
    report.rejected++;
    if (report.rejects.length < (this.options.maxRejectsListed ?? 1000)) report.rejects.push({ line, company, reason });
    else report.rejectsNotListed++;
  }

  // ---------------------------------------------------------------------------------------------
  // The check: reads every row and works out what it would do; writes nothing.
  // ---------------------------------------------------------------------------------------------

  async check(input: Readable): Promise<void> {
    const { report, options } = this;
    const decoder = new CsvBytesDecoder();
    const overlay = new CheckOverlay(this.sql, (index) => this.plannedDeal(index));
    const seen = new Map<number, number>();
    let deleted = 0;
    let nextLine = 1;
    if (this.progress) Object.assign(this.progress, { phase: 'checking', rowsChecked: 0 });
    for await (const batch of csvRecordBatches(input, decoder, options.delimiter)) {
      for (const record of batch) {
        if (this.pacer.due()) await this.pacer.pause();
        const line = nextLine;
        nextLine = line + 1 + lineBreaks(record);
        if (!this.mapping) {
          if (record.every((c) => c.trim() === '')) continue; // blank lines before the header
          this.readHeader(record);
          continue;
        }
        report.rows++;
        if (this.progress) this.progress.rowsChecked = report.rows;
        const read = readRow(record, this.mapping, this.readOptions);
        if (read.kind === 'empty' || read.kind === 'deleted') {
          report.skipped++;
          if (read.kind === 'deleted') deleted++;
          continue;
        }
        if (read.kind === 'invalid') {
          this.reject(line, firstCompany(record, this.mapping), read.reasons.join('; '));
          continue;
        }
        const row = read.row;
        try {
          await this.resolveOwners(row);
          const plan = this.plan(line, row, overlay, seen);
          overlay.record(plan, row.externalId, this.lines.length, line, seen);
          this.count(plan);
          this.lines.push(line);
          this.fields.push(record);
          this.targets.push(plan.kind === 'insert' ? 0 : plan.deal.id);
          if (row.stageGuess) {
            const g = this.guesses.get(row.stageGuess.from);
            if (g) g.rows++;
            else if (this.guesses.size < 100) this.guesses.set(row.stageGuess.from, { to: row.stageGuess.to, rows: 1 });
          }
        } catch (error) {
          if (!(error instanceof RowRejected)) throw error;
          this.reject(line, row.company, error.message);
        }
      }
    }
    if (!this.mapping) throw new FileProblem('The file is empty: it needs a header line and at least one row.');
    report.encoding = decoder.encoding ?? 'utf-8';
    if (decoder.note) report.notes.unshift(decoder.note);
    if (deleted)
      report.notes.push(
        `${deleted} ${deleted === 1 ? 'row' : 'rows'} marked deleted in the CRM ${deleted === 1 ? 'was' : 'were'}` +
          ` skipped.`,
      );
    report.stageGuesses = [...this.guesses].map(([from, g]) => ({ from, to: g.to, rows: g.rows }));
    report.rowsToWrite = this.lines.length;
  }

  private readHeader(record: string[]): void {
    const { options, report } = this;
    const mapped = mapHeader(
      record.map((c) => cleanText(c).trim()),
      options.map ?? [],
    );
    if ('error' in mapped) throw new FileProblem(mapped.error);
    this.mapping = mapped;
    report.columns = mapped.columns.map((c) => ({ column: c.header, field: c.field }));
    report.notes.push(...mapped.notes);
    if (!mapped.byField.owner && !options.defaultOwner) {
      throw new FileProblem(
        'No owner column (Owner, Deal owner, Opportunity Owner, owner_id) and no default owner: give --owner ' +
          '<slack-user-id>',
      );
    }
    if (!options.teamId && !options.defaultTeamId && !mapped.byField.teamId) {
      throw new FileProblem(noWorkspaceProblem(options));
    }
  }

  /** The deal the check's row `index` creates, for messages about a later row that meets it. */
  private plannedDeal(index: number): DealRef {
    const read = readRow(this.fields.get(index), this.mapping!, this.readOptions);
    if (read.kind !== 'row') throw new Error(`line ${this.lines[index]} read differently the second time`);
    const row = read.row;
    const teamId = this.rowTeam(row);
    const ownerId = (row.owner && this.ownerSync(teamId, row.owner)) || this.defaultOwnerOf.get(teamId) || '?';
    return {
      id: -this.lines[index]!,
      team_id: teamId,
      owner_id: ownerId,
      company: row.company!,
      company_key: companyKey(row.company!),
      external_id: row.externalId ?? null,
    };
  }

  private count(plan: Plan): void {
    if (plan.kind === 'insert') this.report.imported++;
    else if (plan.kind === 'update') this.report.updated++;
    else this.report.unchanged++;
  }

  // ---------------------------------------------------------------------------------------------
  // Owners: resolved during the check (Slack may be asked), read from the cache afterwards.
  // ---------------------------------------------------------------------------------------------

  private ownerSync(teamId: string, ref: OwnerRef): string | null | undefined {
    if (ref.kind === 'slack') return ref.id;
    const cacheKey = `${teamId}\u0000${ref.kind}\u0000${ref.kind === 'email' ? ref.email : ref.name.toLowerCase()}`;
    if (this.ownerCache.has(cacheKey)) return this.ownerCache.get(cacheKey)!;
    const rows = (
      ref.kind === 'email'
        ? this.sql.userByEmail.all(teamId, ref.email)
        : this.sql.userByName.all(teamId, ref.name.toLowerCase())
    ) as Array<{ slack_id: string }>;
    if (rows.length === 1) {
      this.ownerCache.set(cacheKey, rows[0]!.slack_id);
      return rows[0]!.slack_id;
    }
    if (ref.kind === 'email' && rows.length === 0 && this.options.lookupEmail) return undefined;
    this.ownerCache.set(cacheKey, null);
    return null;
  }

  private async resolveOwner(teamId: string, ref: OwnerRef): Promise<string | null> {
    const known = this.ownerSync(teamId, ref);
    if (known !== undefined) return known;
    const email = (ref as { email: string }).email;
    let found: string | null = null;
    try {
      found = await this.options.lookupEmail!(teamId, email);
    } catch {
      found = null;
    }
    // Written with the first rows.
    if (found) this.discovered.push({ teamId, userId: found, email });
    this.ownerCache.set(`${teamId}\u0000email\u0000${email}`, found);
    return found;
  }

  /** Every owner the row may need, asked of Slack when unknown. */
  private async resolveOwners(row: ImportRow): Promise<void> {
    const teamId = this.rowTeam(row);
    if (row.owner && this.ownerSync(teamId, row.owner) === undefined) await this.resolveOwner(teamId, row.owner);
    if (this.defaultOwnerRef && !this.defaultOwnerOf.has(teamId))
      this.defaultOwnerOf.set(teamId, await this.resolveOwner(teamId, this.defaultOwnerRef));
  }

  private ownerProblem(ref: OwnerRef): string {
    return ref.kind === 'email'
      ? `owner "${ref.email}" is not the email of anyone dealcoach knows in this workspace (use their Slack id, U…, ` +
          `or have them use /deal once)`
      : ref.kind === 'name'
        ? `owner "${ref.name}" is not a Slack id, an email, or the name of exactly one user dealcoach knows in this ` +
          `workspace`
        : `owner "${ref.id}" is not a Slack user id`;
  }

  private rowTeam(row: ImportRow): string {
    const { options } = this;
    const teamId = options.teamId ?? (row.teamId || options.defaultTeamId);
    if (!teamId) throw new RowRejected('no team_id (give --workspace, or a team_id column)');
    if (options.teamId && row.teamId && row.teamId !== options.teamId) {
      throw new RowRejected(`team_id ${row.teamId} is another workspace (importing into ${options.teamId})`);
    }
    return teamId;
  }

  // ---------------------------------------------------------------------------------------------
  // What a row does: worked out by the check (against the database and the file's earlier rows) and
  // again by the write pass (against the database, inside the row's transaction). Reads only.
  // ---------------------------------------------------------------------------------------------

  private plan(line: number, row: ImportRow, lookup: Lookup, seen: ReadonlyMap<number, number>): Plan {
    const { options } = this;
    const company = row.company!;
    const teamId = this.rowTeam(row);
    let ownerId: string | null = null;
    if (row.owner) {
      ownerId = this.ownerSync(teamId, row.owner) ?? null;
      if (!ownerId) throw new RowRejected(this.ownerProblem(row.owner));
    }
    const key = companyKey(company);
    let existing: Found | undefined;
    if (row.externalId) {
      const matches = lookup.byExternal(teamId, row.externalId);
      if (matches.length > 1)
        throw new RowRejected(
          `external id ${row.externalId} matches ${matches.length} deals already (#` +
            `${matches.map((m) => m.ref.id).join(', #')})`,
        );
      existing = matches[0];
    }
    let defaultOwnerId: string | null = null;
    if (!ownerId && !existing && this.defaultOwnerRef) {
      defaultOwnerId = this.defaultOwnerOf.get(teamId) ?? null;
      if (!defaultOwnerId) throw new FileProblem(`--owner: ${this.ownerProblem(this.defaultOwnerRef)}`);
    }
    const targetOwner = ownerId ?? existing?.ref.owner_id ?? defaultOwnerId;
    if (!targetOwner) throw new RowRejected('no owner: fill the Owner column, or give a default owner (--owner)');
    if (!existing) {
      existing = lookup.byCompany(teamId, targetOwner, key);
      const other = existing?.ref.external_id;
      if (existing && row.externalId && other && other !== row.externalId) {
        throw new RowRejected(
          `${targetOwner} already has the deal ${existing.ref.company} (${dealNumber(existing.ref)}, external id ` +
            `${other}); dealcoach keeps one deal per company per rep`,
        );
      }
    }
    const current = existing?.ref;
    if (options.restrictToOwner) {
      const other =
        targetOwner !== options.restrictToOwner
          ? targetOwner
          : current && current.owner_id !== options.restrictToOwner
            ? current.owner_id
            : null;
      if (other) throw new RowRejected(`the deal belongs to ${other}: only a manager can import deals for other reps`);
    }
    if (options.allowedOwners) {
      const outside = [current?.owner_id, targetOwner].find((owner) => owner && !options.allowedOwners!.has(owner));
      if (outside)
        throw new RowRejected(
          `the deal belongs to ${outside}, who is not in your team: a manager imports only their team's deals`,
        );
    }
    if (!existing) return { kind: 'insert', teamId, ownerId: targetOwner, key };
    // A deal an earlier row creates has minus that row's line for an id.
    const earlier = existing.ref.id < 0 ? -existing.ref.id : seen.get(existing.ref.id);
    if (earlier !== undefined)
      throw new RowRejected(
        `same deal as line ${earlier} (${existing.ref.company}, owner ${existing.ref.owner_id}): one row per deal`,
      );
    // Only a deal no earlier row touched gets here, and that one is the database's row.
    if (!existing.row) throw new Error(`line ${line}: a planned deal was matched twice`);
    return this.planUpdate(teamId, existing.row, row, targetOwner, key, lookup);
  }

  private planUpdate(
    teamId: string,
    deal: DealSql,
    row: ImportRow,
    ownerId: string,
    key: string,
    lookup: Lookup,
  ): Plan {
    const next: DealSql = { ...deal };
    const changed: string[] = [];
    const set = <K extends keyof DealSql>(column: K, value: DealSql[K] | null | undefined, label: string) => {
      if (value === null || value === undefined || value === deal[column]) return;
      next[column] = value as DealSql[K];
      if (!changed.includes(label)) changed.push(label);
    };
    set('company', row.company, 'company');
    set('company_key', key, 'company');
    set('owner_id', ownerId, 'owner');
    if (next.owner_id !== deal.owner_id || next.company_key !== deal.company_key) {
      const clash = lookup.byCompany(teamId, next.owner_id, next.company_key);
      if (clash && clash.ref.id !== deal.id) {
        throw new RowRejected(
          `${next.owner_id} already has a deal with ${clash.ref.company} (${dealNumber(clash.ref)}): dealcoach ` +
            `keeps one deal per company per rep`,
        );
      }
    }
    set('contact_name', row.contactName, 'contact');
    set('contact_email', row.contactEmail, 'contact');
    set('greet_as', row.greetAs, 'greet as');
    if (row.value) {
      set('value_minor', row.value.minor, 'value');
      set('currency', row.value.currency, 'value');
    }
    set('stage', row.stage, 'stage');
    set('forecast', row.forecast, 'forecast');
    set('prospect_goal', row.goal, 'goal');
    set('lost_reason', row.lostReason, 'lost reason');
    if (!deal.external_id) set('external_id', row.externalId, 'external id');
    // The silence clock only moves forward: an older file never hides a newer reply or touch.
    set('last_inbound_at', later(deal.last_inbound_at, row.lastInboundAt), 'last reply');
    set('last_outbound_at', later(deal.last_outbound_at, row.lastOutboundAt), 'last touch');
    set('last_activity_at', later(deal.last_activity_at, row.lastActivityAt), 'last activity');
    if (row.createdAt && row.createdAt.getTime() < deal.created_at)
      set('created_at', row.createdAt.getTime(), 'created');
    set('snoozed_until', ms(row.snoozedUntil), 'snoozed until');
    set('follow_up_on', row.followUpOn, 'follow-up date');

    // State changes go through the deal transitions (after the field update), so a close retires
    // drafts, ends the episode and cancels promises exactly as /deal won|lost does.
    let transition: Transition = null;
    if ((row.state === 'won' || row.state === 'lost') && row.state !== deal.state) {
      transition = row.state;
      if (!changed.includes('state')) changed.push('state');
    } else if (row.state && OPEN_STATES.includes(row.state) && (deal.state === 'won' || deal.state === 'lost')) {
      // Reopened in the CRM. Open states themselves (silent, fired, nurture) stay dealcoach's call.
      transition = 'reopen';
      if (!changed.includes('state')) changed.push('state');
    }
    let nextStep: string | null = null;
    if (row.nextStep && !this.sql.noteExists.get(deal.id, nextStepNote(row.nextStep))) {
      nextStep = nextStepNote(row.nextStep);
      changed.push('next step');
    }
    const isClosed =
      transition === 'won' ||
      transition === 'lost' ||
      (transition === null && (deal.state === 'won' || deal.state === 'lost'));
    const commitment = Boolean(
      row.commitment &&
        !isClosed &&
        !this.sql.openCommitmentExists.get(deal.id, row.commitment.text, row.commitment.dueOn),
    );
    if (commitment) changed.push('commitment');
    if (changed.length === 0) return { kind: 'unchanged', teamId, deal };
    return { kind: 'update', teamId, deal, next, changed, transition, nextStepNote: nextStep, commitment };
  }

  // ---------------------------------------------------------------------------------------------
  // The write: the rows that passed the check, in short transactions.
  // ---------------------------------------------------------------------------------------------

  async write(): Promise<void> {
    const { report, store } = this;
    const total = this.lines.length;
    const chunkMs = this.options.chunkMs ?? IMPORT_CHUNK_MS;
    // Counted again as the rows are saved.
    report.imported = report.updated = report.unchanged = 0;
    if (this.progress) Object.assign(this.progress, { phase: 'writing', rowsWritten: 0, rowsToWrite: total });
    const direct = directLookup(this.sql);
    const waitFor = this.options.writeWaitMs === undefined ? undefined : { waitMs: this.options.writeWaitMs };
    let next = 0;
    do {
      await this.pacer.pause();
      const counts = { imported: 0, updated: 0, unchanged: 0 };
      const leftOut: ImportReject[] = [];
      let workMs = 0;
      let end: number;
      try {
        end = await store.write((): number => {
          const started = performance.now();
          counts.imported = counts.updated = counts.unchanged = 0;
          leftOut.length = 0;
          if (next === 0) {
            for (const user of this.discovered) {
              this.sql.insertUser.run(user.teamId, user.userId, this.nowMs);
              this.sql.setUserEmail.run(user.email, user.teamId, user.userId);
            }
          }
          let i = next;
          while (i < total && (i === next || (i - next < CHUNK_MAX_ROWS && performance.now() - started < chunkMs))) {
            this.writeRow(i, direct, counts, leftOut);
            i++;
          }
          if (i === total) this.audit(counts, leftOut.length);
          workMs = performance.now() - started;
          return i;
        }, waitFor);
      } catch (error) {
        report.interrupted =
          error instanceof DatabaseBusyError
            ? `another process kept the database locked for ${Math.round(error.waitedMs / 1000)} s`
            : `an error stopped it (${(error as Error).message})`;
        return;
      }
      report.imported += counts.imported;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      for (const r of leftOut) this.reject(r.line, r.company, r.reason);
      report.changedMeanwhile += leftOut.length;
      report.transactions++;
      report.longestTransactionMs = Math.max(report.longestTransactionMs, Math.round(workMs * 10) / 10);
      next = end;
      report.rowsWritten = next;
      if (this.progress) this.progress.rowsWritten = next;
    } while (next < total);
    report.committed = true;
    if (report.changedMeanwhile)
      report.notes.push(
        `${report.changedMeanwhile} ${report.changedMeanwhile === 1 ? 'row was' : 'rows were'} left out because ` +
          `${report.changedMeanwhile === 1 ? 'its deal' : 'their deals'} changed in dealcoach while the file was ` +
          `being imported; importing the same file again applies ${report.changedMeanwhile === 1 ? 'it' : 'them'}.`,
      );
  }

  private writeRow(
    i: number,
    lookup: Lookup,
    counts: { imported: number; updated: number; unchanged: number },
    leftOut: ImportReject[],
  ): void {
    const line = this.lines[i]!;
    const read = readRow(this.fields.get(i), this.mapping!, this.readOptions);
    this.fields.release(i);
    if (read.kind !== 'row') throw new Error(`line ${line} read differently the second time`);
    const row = read.row;
    const target = this.targets[i]!;
    let plan: Plan;
    try {
      // The check found every deal the file meets twice; the write needs no list of its own.
      plan = this.plan(line, row, lookup, NONE_SEEN);
    } catch (error) {
      if (!(error instanceof RowRejected)) throw error;
      leftOut.push({ line, company: row.company, reason: `${error.message} (${CHANGED_MEANWHILE})` });
      return;
    }
    const found = plan.kind === 'insert' ? 0 : plan.deal.id;
    if (found !== target) {
      const reason =
        plan.kind !== 'insert'
          ? `while the file was being imported, ${plan.deal.company} (#${plan.deal.id}) was added to dealcoach for ` +
            `${plan.deal.owner_id}, so this row was left out; import the file again to update that deal`
          : `deal #${target} changed in dealcoach while the file was being imported (renamed, reassigned or ` +
            `removed), so this row was left out; import the file again to apply it`;
      leftOut.push({ line, company: row.company, reason });
      return;
    }
    this.apply(plan, row);
    counts[plan.kind === 'insert' ? 'imported' : plan.kind === 'update' ? 'updated' : 'unchanged']++;
  }

  private ensureUser(teamId: string, userId: string): void {
    const k = `${teamId}\u0000${userId}`;
    if (this.knownUsers.has(k)) return;
    this.sql.insertUser.run(teamId, userId, this.nowMs);
    this.knownUsers.add(k);
  }

  /** Writes what the plan says (inside the write pass's transaction); returns the deal's id. */
  private apply(plan: Plan, row: ImportRow): number {
    const { sql, store, now, nowMs, source } = this;
    if (plan.kind === 'unchanged') return plan.deal.id;
    const teamId = plan.teamId;
    if (plan.kind === 'insert') {
      this.ensureUser(teamId, plan.ownerId);
      const state: DealState = row.state === 'silent' ? 'active' : (row.state ?? 'active');
      const closed = state === 'won' || state === 'lost';
      const actor = this.options.actorId ?? plan.ownerId;
      const id = createDealId(
        store.db,
        actor,
        {
          teamId,
          ownerId: plan.ownerId,
          company: row.company!,
          contactName: row.contactName,
          contactEmail: row.contactEmail,
          greetAs: row.greetAs,
          valueMinor: row.value?.minor ?? null,
          currency: row.value?.currency ?? this.options.defaultCurrency ?? 'USD',
          stage: row.stage ?? (state === 'won' ? 'verbal' : 'prospecting'),
          forecast: row.forecast ?? 'pipeline',
          state,
          prospectGoal: row.goal,
          externalId: row.externalId,
          lastInboundAt: row.lastInboundAt,
          lastOutboundAt: row.lastOutboundAt,
          lastActivityAt: row.lastActivityAt,
          snoozedUntil: row.snoozedUntil,
          followUpOn: row.followUpOn,
          closedAt: row.closedAt,
          lostReason: row.lostReason,
          createdAt: new Date(Math.min(ms(row.createdAt) ?? nowMs, nowMs)),
        },
        now,
        `imported from ${source}`,
      );
      if (row.nextStep) sql.insertActivity.run(teamId, id, actor, 'note', nextStepNote(row.nextStep), nowMs);
      if (row.commitment && !closed)
        sql.insertCommitment.run(teamId, id, row.commitment.text, row.commitment.dueOn, nowMs);
      return id;
    }
    const { deal, next, transition } = plan;
    if (next.owner_id !== deal.owner_id || next.company_key !== deal.company_key)
      this.ensureUser(teamId, next.owner_id);
    const actor = this.options.actorId ?? next.owner_id;
    if (plan.nextStepNote) sql.insertActivity.run(teamId, deal.id, actor, 'note', plan.nextStepNote, nowMs);
    if (plan.commitment && row.commitment)
      sql.insertCommitment.run(teamId, deal.id, row.commitment.text, row.commitment.dueOn, nowMs);
    next.updated_at = nowMs;
    sql.updateDeal.run(next);
    if (transition) {
      const current = getDeal(store.db, teamId, deal.id)!;
      if (transition === 'reopen') reopenDeal(store.db, actor, current, now, `reopened in ${source}`);
      else
        closeDeal(store.db, actor, current, transition, row.lostReason ?? null, now, {
          closedAt: row.closedAt ?? now,
          note: `${transition} in ${source}`,
        });
    }
    sql.insertActivity.run(
      teamId,
      deal.id,
      actor,
      'update',
      `updated from ${source}: ${plan.changed.join(', ')}`,
      nowMs,
    );
    return deal.id;
  }

  /** The audit row, written with the last rows (`counts`: the last transaction's, not yet in the report). */
  private audit(counts: { imported: number; updated: number; unchanged: number }, leftOut: number): void {
    const { report, options } = this;
    this.sql.audit.run(
      options.teamId ?? 'all',
      options.actorId ?? 'cli',
      'csv_import',
      options.source ?? null,
      JSON.stringify({
        rows: report.rows,
        imported: report.imported + counts.imported,
        updated: report.updated + counts.updated,
        unchanged: report.unchanged + counts.unchanged,
        skipped: report.skipped,
        rejected: report.rejected + leftOut,
      }),
      this.nowMs,
    );
  }
}

const NONE_SEEN: ReadonlyMap<number, number> = new Map();
const CHANGED_MEANWHILE = 'the deal changed in dealcoach while the file was being imported';

/** A deal's number for messages: a deal an earlier row of the file creates (during the check) has none yet. */
function dealNumber(ref: DealRef): string {
  return ref.id > 0 ? `#${ref.id}` : `new from line ${-ref.id}`;
}

/** The write pass reads the database as it is: the file's earlier rows are in it. */
function directLookup(sql: ReturnType<typeof prepare>): Lookup {
  return {
    byExternal: (teamId, externalId) =>
      (sql.byExternal.all(teamId, externalId) as DealSql[]).map((row) => ({ ref: row, row })),
    byCompany: (teamId, ownerId, key) => {
      const row = sql.byCompany.get(teamId, ownerId, key) as DealSql | undefined;
      return row ? { ref: row, row } : undefined;
    },
  };
}

/**
 * The database as the file's earlier rows would leave it, for the check: deals they create (found by
 * company and owner, and by external id) and deals they move to another owner or company or give an
 * external id. Numbers, not objects, for the 100,000 rows of a large file: minus (1 + the row's index)
 * for a deal a row creates (its details are read again from the row when a later row meets it), the id
 * of an existing deal moved there, 0 for a place a deal moved away from.
 */
class CheckOverlay implements Lookup {
  private readonly atKey = new Map<string, number>();
  private readonly atExternal = new Map<string, number>();
  private readonly moved = new Map<number, DealRef>();

  constructor(
    private readonly sql: ReturnType<typeof prepare>,
    private readonly planned: (index: number) => DealRef,
  ) {}

  private ref(value: number): DealRef {
    return value < 0 ? this.planned(-value - 1) : this.moved.get(value)!;
  }

  byExternal(teamId: string, externalId: string): Found[] {
    const found = (this.sql.byExternal.all(teamId, externalId) as DealSql[]).map((row) => this.found(row));
    const planned = this.atExternal.get(`${teamId}\u0000${externalId}`);
    if (planned !== undefined && !found.some((f) => f.ref.id === planned))
      found.push({ ref: this.ref(planned), row: null });
    return found;
  }

  byCompany(teamId: string, ownerId: string, key: string): Found | undefined {
    const value = this.atKey.get(`${teamId}\u0000${ownerId}\u0000${key}`);
    if (value !== undefined) return value === 0 ? undefined : { ref: this.ref(value), row: null };
    const row = this.sql.byCompany.get(teamId, ownerId, key) as DealSql | undefined;
    return row ? this.found(row) : undefined;
  }

  private found(row: DealSql): Found {
    const moved = this.moved.get(row.id);
    return moved ? { ref: moved, row: null } : { ref: row, row };
  }

  /** What the check's row `index` (at `line`) plans; an existing deal it meets goes in `seen`. */
  record(plan: Plan, externalId: string | null, index: number, line: number, seen: Map<number, number>): void {
    if (plan.kind === 'insert') {
      this.atKey.set(`${plan.teamId}\u0000${plan.ownerId}\u0000${plan.key}`, -(index + 1));
      if (externalId) this.atExternal.set(`${plan.teamId}\u0000${externalId}`, -(index + 1));
      return;
    }
    seen.set(plan.deal.id, line);
    if (plan.kind !== 'update') return;
    const { deal, next } = plan;
    const same = (c: keyof DealRef) => next[c] === deal[c];
    if (same('owner_id') && same('company') && same('company_key') && same('external_id')) return;
    this.moved.set(deal.id, {
      id: deal.id,
      team_id: deal.team_id,
      owner_id: next.owner_id,
      company: next.company,
      company_key: next.company_key,
      external_id: next.external_id,
    });
    this.atKey.set(`${deal.team_id}\u0000${deal.owner_id}\u0000${deal.company_key}`, 0);
    this.atKey.set(`${deal.team_id}\u0000${next.owner_id}\u0000${next.company_key}`, deal.id);
    if (next.external_id && next.external_id !== deal.external_id)
      this.atExternal.set(`${deal.team_id}\u0000${next.external_id}`, deal.id);
  }
}

/**
 * The rows that passed the check, as their CSV fields (one JSON text each) in 1 MiB buffers outside the
 * JavaScript heap: as 100,000 strings in the heap they made V8 grow the heap to several times their size
 * between two full collections. A buffer is let go once the write pass has read its last row.
 */
class RowArena {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks: Array<Buffer | null> = [];
  private used = RowArena.BLOCK;
  /** Per row: block index * BLOCK + offset, and length in bytes. */
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];

  push(record: string[]): void {
    const json = JSON.stringify(record);
    const length = Buffer.byteLength(json);
    if (this.used + length > (this.blocks.at(-1)?.length ?? 0)) {
      this.blocks.push(Buffer.allocUnsafeSlow(Math.max(RowArena.BLOCK, length)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    this.blocks[block]!.write(json, this.used);
    this.starts.push(block * RowArena.BLOCK + this.used);
    this.lengths.push(length);
    this.used += length;
  }

  get(index: number): string[] {
    const start = this.starts[index]!;
    const block = this.blocks[Math.floor(start / RowArena.BLOCK)]!;
    const offset = start % RowArena.BLOCK;
    return JSON.parse(block.toString('utf8', offset, offset + this.lengths[index]!)) as string[];
  }

  /** Row `index` was written: its block goes when its last row has. */
  release(index: number): void {
    const block = Math.floor(this.starts[index]! / RowArena.BLOCK);
    const next = this.starts[index + 1];
    if (next === undefined || Math.floor(next / RowArena.BLOCK) !== block) this.blocks[block] = null;
  }
}

function prepare(store: Store) {
  const db = store.sqlite;
  return {
    byExternal: db.prepare('SELECT * FROM deals WHERE team_id = ? AND external_id = ? LIMIT 3'),
    byCompany: db.prepare('SELECT * FROM deals WHERE team_id = ? AND owner_id = ? AND company_key = ?'),
    // next_check_at 0: the next scan looks at the changed deal again (as every deal transition does).
    updateDeal: db.prepare(
      `UPDATE deals SET ${WRITABLE.map((c) => `${c} = @${c}`).join(', ')}, next_check_at = 0 WHERE id = @id`,
    ),
    insertActivity: db.prepare(
      'INSERT INTO activities (team_id, deal_id, actor_id, direction, note, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    noteExists: db.prepare("SELECT 1 FROM activities WHERE deal_id = ? AND direction = 'note' AND note = ? LIMIT 1"),
    insertCommitment: db.prepare(
      "INSERT INTO commitments (team_id, deal_id, text, due_on, status, made_at) VALUES (?, ?, ?, ?, 'open', ?)",
    ),
    openCommitmentExists: db.prepare(
      "SELECT 1 FROM commitments WHERE deal_id = ? AND status = 'open' AND text = ? AND due_on = ? LIMIT 1",
    ),
    insertUser: db.prepare('INSERT OR IGNORE INTO users (team_id, slack_id, created_at) VALUES (?, ?, ?)'),
    setUserEmail: db.prepare('UPDATE users SET email = ? WHERE team_id = ? AND slack_id = ? AND email IS NULL'),
    userByEmail: db.prepare('SELECT slack_id FROM users WHERE team_id = ? AND lower(email) = ? LIMIT 2'),
    userByName: db.prepare('SELECT slack_id FROM users WHERE team_id = ? AND lower(name) = ? LIMIT 2'),
    audit: db.prepare(
      'INSERT INTO audit_events (team_id, actor_id, action, subject, details, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
}

const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);
const later = (current: number | null, incoming: Date | null): number | null =>
  incoming && (current === null || incoming.getTime() > current) ? incoming.getTime() : current;
const nextStepNote = (text: string) => `next step (imported): ${text}`;

/** Line breaks inside a record's quoted fields, so the next record's line number is right. */
function lineBreaks(record: string[]): number {
  let n = 0;
  for (const cell of record) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    n += cell.match(/\r\n|\r|\n/g)!.length;
  }
  return n;
}

function firstCompany(record: string[], mapping: HeaderMapping): string | null {
  for (const i of [...(mapping.byField.company ?? []), ...(mapping.byField.dealName ?? [])]) {
    const value = record[i]?.trim();
    if (value) return value.slice(0, 200);
  }
  return null;
}

function isCsvError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('CSV_');
}
