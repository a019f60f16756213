// CSV import: reads the file through csv-parse and resolves every owner first (which may ask Slack),
// then writes all rows in one short synchronous transaction (prepared statements on the hot path):
// no await, no download and no Slack call runs while the write lock is held, so other reps' writes
// never wait on a slow file and an in-memory database's other writes never share the transaction.
// A file with rejected rows imports nothing unless skipInvalid; a dry run rolls everything back,
// so its report is exactly what the real import would do.
import { companyKey, getDeal, type DealSqlRow } from '../db/deals.js';
import { closeDeal, createDealId, reopenDeal } from './deal-events.js';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { IANAZone } from 'luxon';
import type { Store } from '../db/index.js';
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
  /** True when the changes were written. */
  committed: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  /** New deals. */
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
  columns: Array<{ column: string; field: ImportField | null }>;
  /** Stages read by approximation, so the importer can check them. */
  stageGuesses: Array<{ from: string; to: string; rows: number }>;
  notes: string[];
  /** A problem with the whole file (not CSV, no company column, unknown --map column): nothing imported. */
  error: string | null;
  ms: number;
}

/** The deals row as SQLite returns it. */
type DealSql = DealSqlRow;

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
/** Thrown to roll phase 2 back (a dry run, or rejected rows without skipInvalid). */
class NotKept extends Error {}

function noWorkspaceProblem(options: ImportOptions): string {
  const known = options.knownWorkspaces ?? [];
  const choice = known.length ? ` (the database has ${known.join(', ')})` : '';
  return `No workspace for these rows: give --workspace <T…>${choice}, or a team_id column`;
}

/** Imports deals from a CSV stream. Never throws for bad data: the report says what happened. */
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
    columns: [],
    stageGuesses: [],
    notes: [],
    error: null,
    ms: 0,
    ...over,
  };
}

export async function importCsv(store: Store, input: Readable, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const zone = options.zone ?? 'UTC';
  const maxListed = options.maxRejectsListed ?? 1000;
  const report = emptyImportReport({
    source: options.source ?? null,
    teamId: options.teamId ?? options.defaultTeamId ?? null,
    dryRun: Boolean(options.dryRun),
  });
  const db = store.sqlite;
  if (db.inTransaction) throw new Error('importCsv runs its own transaction: call it outside one');
  if (!IANAZone.isValidZone(zone)) {
    input.destroy();
    report.error = `"${zone}" is not an IANA time zone such as Europe/Berlin or America/New_York`;
    return report;
  }

  const sql = prepare(store);
  const ownerCache = new Map<string, string | null>();
  const discovered: Array<{ teamId: string; userId: string; email: string }> = [];
  const defaultOwnerOf = new Map<string, string | null>();
  const knownUsers = new Set<string>();
  const seen = new Map<number, number>();
  const guesses = new Map<string, { to: string; rows: number }>();
  let deleted = 0;
  const nowMs = now.getTime();
  const source = options.source ?? 'a CSV file';

  const reject = (line: number, company: string | null, reason: string) => {
    report.rejected++;
    if (report.rejects.length < maxListed) report.rejects.push({ line, company, reason });
    else report.rejectsNotListed++;
  };

  const ownerSync = (teamId: string, ref: OwnerRef): string | null | undefined => {
    if (ref.kind === 'slack') return ref.id;
    const cacheKey = `${teamId}\u0000${ref.kind}\u0000${ref.kind === 'email' ? ref.email : ref.name.toLowerCase()}`;
    if (ownerCache.has(cacheKey)) return ownerCache.get(cacheKey)!;
    const rows = (
      ref.kind === 'email' ? sql.userByEmail.all(teamId, ref.email) : sql.userByName.all(teamId, ref.name.toLowerCase())
    ) as Array<{ slack_id: string }>;
    if (rows.length === 1) {
      ownerCache.set(cacheKey, rows[0]!.slack_id);
      return rows[0]!.slack_id;
    }
    if (ref.kind === 'email' && rows.length === 0 && options.lookupEmail) return undefined;
    ownerCache.set(cacheKey, null);
    return null;
  };
  const resolveOwner = async (teamId: string, ref: OwnerRef): Promise<string | null> => {
    const known = ownerSync(teamId, ref);
    if (known !== undefined) return known;
    const email = (ref as { email: string }).email;
    let found: string | null = null;
    try {
      found = await options.lookupEmail!(teamId, email);
    } catch {
      found = null;
    }
    // Written inside the transaction (phase 2), with the rows.
    if (found) discovered.push({ teamId, userId: found, email });
    ownerCache.set(`${teamId}\u0000email\u0000${email}`, found);
    return found;
  };
  const ownerProblem = (ref: OwnerRef): string =>
    ref.kind === 'email'
      ? `owner "${ref.email}" is not the email of anyone dealcoach knows in this workspace (use their Slack id, U…, ` +
        `or have them use /deal once)`
      : ref.kind === 'name'
        ? `owner "${ref.name}" is not a Slack id, an email, or the name of exactly one user dealcoach knows in this ` +
          `workspace`
        : `owner "${ref.id}" is not a Slack user id`;

  let defaultOwnerRef: OwnerRef | null = null;
  if (options.defaultOwner) {
    defaultOwnerRef = parseOwnerRef(options.defaultOwner);
    if (!defaultOwnerRef) throw new Error('defaultOwner is empty');
  }

  const rowTeam = (row: ImportRow): string => {
    const teamId = options.teamId ?? (row.teamId || options.defaultTeamId);
    if (!teamId) throw new RowRejected('no team_id (give --workspace, or a team_id column)');
    if (options.teamId && row.teamId && row.teamId !== options.teamId) {
      throw new RowRejected(`team_id ${row.teamId} is another workspace (importing into ${options.teamId})`);
    }
    return teamId;
  };
  /** Phase 1 (no transaction): every owner the row may need, asked of Slack when unknown. */
  const resolveOwners = async (row: ImportRow): Promise<void> => {
    const teamId = rowTeam(row);
    if (row.owner) await resolveOwner(teamId, row.owner);
    if (defaultOwnerRef && !defaultOwnerOf.has(teamId))
      defaultOwnerOf.set(teamId, await resolveOwner(teamId, defaultOwnerRef));
  };
  const cachedOwner = (teamId: string, ref: OwnerRef): string | null => ownerSync(teamId, ref) ?? null;

  /** Phase 2 (inside the transaction): synchronous, from what phase 1 resolved. */
  const applyRow = (line: number, row: ImportRow): void => {
    const company = row.company!;
    const teamId = rowTeam(row);
    let ownerId: string | null = null;
    if (row.owner) {
      ownerId = cachedOwner(teamId, row.owner);
      if (!ownerId) throw new RowRejected(ownerProblem(row.owner));
    }
    const key = companyKey(company);
    let existing: DealSql | undefined;
    if (row.externalId) {
      const matches = sql.byExternal.all(teamId, row.externalId) as DealSql[];
      if (matches.length > 1)
        throw new RowRejected(
          `external id ${row.externalId} matches ${matches.length} deals already (#` +
            `${matches.map((m) => m.id).join(', #')})`,
        );
      existing = matches[0];
    }
    let defaultOwnerId: string | null = null;
    if (!ownerId && !existing && defaultOwnerRef) {
      defaultOwnerId = defaultOwnerOf.get(teamId) ?? null;
      if (!defaultOwnerId) throw new FileProblem(`--owner: ${ownerProblem(defaultOwnerRef)}`);
    }
    const targetOwner = ownerId ?? existing?.owner_id ?? defaultOwnerId;
    if (!targetOwner) throw new RowRejected('no owner: fill the Owner column, or give a default owner (--owner)');
    if (!existing) {
      existing = sql.byCompany.get(teamId, targetOwner, key) as DealSql | undefined;
      if (existing && row.externalId && existing.external_id && existing.external_id !== row.externalId) {
        throw new RowRejected(
          `${targetOwner} already has the deal ${existing.company} (#${existing.id}, external id ` +
            `${existing.external_id}); dealcoach keeps one deal per company per rep`,
        );
      }
    }
    if (options.restrictToOwner) {
      const other =
        targetOwner !== options.restrictToOwner
          ? targetOwner
          : existing && existing.owner_id !== options.restrictToOwner
            ? existing.owner_id
            : null;
      if (other) throw new RowRejected(`the deal belongs to ${other}: only a manager can import deals for other reps`);
    }
    if (options.allowedOwners) {
      const outside = [existing?.owner_id, targetOwner].find((owner) => owner && !options.allowedOwners!.has(owner));
      if (outside)
        throw new RowRejected(
          `the deal belongs to ${outside}, who is not in your team: a manager imports only their team's deals`,
        );
    }
    if (existing) {
      const earlier = seen.get(existing.id);
      if (earlier !== undefined)
        throw new RowRejected(
          `same deal as line ${earlier} (${existing.company}, owner ${existing.owner_id}): one row per deal`,
        );
      updateDeal(teamId, existing, row, targetOwner, key);
      seen.set(existing.id, line);
    } else {
      const id = insertDeal(teamId, row, targetOwner);
      seen.set(id, line);
    }
    if (row.stageGuess) {
      const g = guesses.get(row.stageGuess.from);
      if (g) g.rows++;
      else if (guesses.size < 100) guesses.set(row.stageGuess.from, { to: row.stageGuess.to, rows: 1 });
    }
  };

  const ensureUser = (teamId: string, userId: string) => {
    const k = `${teamId}\u0000${userId}`;
    if (knownUsers.has(k)) return;
    sql.insertUser.run(teamId, userId, nowMs);
    knownUsers.add(k);
  };

  const insertDeal = (teamId: string, row: ImportRow, ownerId: string): number => {
    ensureUser(teamId, ownerId);
    const state: DealState = row.state === 'silent' ? 'active' : (row.state ?? 'active');
    const closed = state === 'won' || state === 'lost';
    const actor = options.actorId ?? ownerId;
    const id = createDealId(
      store.db,
      actor,
      {
        teamId,
        ownerId,
        company: row.company!,
        contactName: row.contactName,
        contactEmail: row.contactEmail,
        greetAs: row.greetAs,
        valueMinor: row.value?.minor ?? null,
        currency: row.value?.currency ?? options.defaultCurrency ?? 'USD',
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
    report.imported++;
    return id;
  };

  const updateDeal = (teamId: string, deal: DealSql, row: ImportRow, ownerId: string, key: string): void => {
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
      const clash = sql.byCompany.get(teamId, next.owner_id, next.company_key) as DealSql | undefined;
      if (clash && clash.id !== deal.id) {
        throw new RowRejected(
          `${next.owner_id} already has a deal with ${clash.company} (#${clash.id}): dealcoach keeps one deal per ` +
            `company per rep`,
        );
      }
      ensureUser(teamId, next.owner_id);
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

    // State changes go through the deal transitions (after the field update below), so a close
    // retires drafts, ends the episode and cancels promises exactly as /deal won|lost does.
    let transition: 'won' | 'lost' | 'reopen' | null = null;
    if ((row.state === 'won' || row.state === 'lost') && row.state !== deal.state) {
      transition = row.state;
      if (!changed.includes('state')) changed.push('state');
    } else if (row.state && OPEN_STATES.includes(row.state) && (deal.state === 'won' || deal.state === 'lost')) {
      // Reopened in the CRM. Open states themselves (silent, fired, nurture) stay dealcoach's call.
      transition = 'reopen';
      if (!changed.includes('state')) changed.push('state');
    }

    const actor = options.actorId ?? next.owner_id;
    if (row.nextStep && !sql.noteExists.get(deal.id, nextStepNote(row.nextStep))) {
      sql.insertActivity.run(teamId, deal.id, actor, 'note', nextStepNote(row.nextStep), nowMs);
      changed.push('next step');
    }
    const isClosed =
      transition === 'won' ||
      transition === 'lost' ||
      (transition === null && (deal.state === 'won' || deal.state === 'lost'));
    if (
      row.commitment &&
      !isClosed &&
      !sql.openCommitmentExists.get(deal.id, row.commitment.text, row.commitment.dueOn)
    ) {
      sql.insertCommitment.run(teamId, deal.id, row.commitment.text, row.commitment.dueOn, nowMs);
      changed.push('commitment');
    }
    if (changed.length === 0) {
      report.unchanged++;
      return;
    }
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
    sql.insertActivity.run(teamId, deal.id, actor, 'update', `updated from ${source}: ${changed.join(', ')}`, nowMs);
    report.updated++;
  };

  let mapping: HeaderMapping | null = null;
  let nextLine = 1;
  // The rows that passed phase 1, kept as their CSV fields in one JSON string each and read again in
  // phase 2 (readRow is pure): a parsed row holds ~20 objects, and 100,000 of them were most of the
  // import's memory.
  const accepted: Array<{ line: number; fields: string }> = [];
  const readOptions = { zone, now, defaultCurrency: options.defaultCurrency };
  try {
    const { stream, delimiter } = await withDelimiter(input, options.delimiter);
    // Loaded on the first import: the bot's start-up does not pay for the CSV parser.
    const { parse } = await import('csv-parse');
    const parser = parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
    stream.on('error', (error) => parser.destroy(error));
    stream.pipe(parser);
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine = line + 1 + lineBreaks(record);
      if (!mapping) {
        if (record.every((c) => c.trim() === '')) continue; // blank lines before the header
        const mapped = mapHeader(
          record.map((c) => c.trim()),
          options.map ?? [],
        );
        if ('error' in mapped) throw new FileProblem(mapped.error);
        mapping = mapped;
        report.columns = mapped.columns.map((c) => ({ column: c.header, field: c.field }));
        report.notes.push(...mapped.notes);
        if (!mapped.byField.owner && !options.defaultOwner) {
          throw new FileProblem(
            'No owner column (Owner, Deal owner, Opportunity Owner, owner_id) and no default owner: give --owner ' +
              '<slack-user-id>',
          );
        }
        const noWorkspace = !options.teamId && !options.defaultTeamId && !mapped.byField.teamId;
        if (noWorkspace) throw new FileProblem(noWorkspaceProblem(options));
        continue;
      }
      report.rows++;
      const read = readRow(record, mapping, readOptions);
      if (read.kind === 'empty') {
        report.skipped++;
        continue;
      }
      if (read.kind === 'deleted') {
        report.skipped++;
        deleted++;
        continue;
      }
      if (read.kind === 'invalid') {
        reject(line, firstCompany(record, mapping), read.reasons.join('; '));
        continue;
      }
      try {
        await resolveOwners(read.row);
        accepted.push({ line, fields: JSON.stringify(record) });
      } catch (error) {
        if (!(error instanceof RowRejected)) throw error;
        reject(line, read.row.company, error.message);
      }
    }
    if (!mapping) throw new FileProblem('The file is empty: it needs a header line and at least one row.');
    const header = mapping;
    // Phase 2: one transaction, through the write gate (it waits for another connection's lock on a timer).
    const written = await store
      .write((): boolean => {
        for (const user of discovered) {
          sql.insertUser.run(user.teamId, user.userId, nowMs);
          sql.setUserEmail.run(user.email, user.teamId, user.userId);
        }
        for (let i = 0; i < accepted.length; i++) {
          const { line, fields } = accepted[i]!;
          accepted[i] = undefined as never; // let each row go once written
          const read = readRow(JSON.parse(fields) as string[], header, readOptions);
          if (read.kind !== 'row') throw new Error(`line ${line} read differently the second time`);
          const row = read.row;
          try {
            applyRow(line, row);
          } catch (error) {
            if (!(error instanceof RowRejected)) throw error;
            reject(line, row.company, error.message);
          }
        }
        if (deleted)
          report.notes.push(
            `${deleted} ${deleted === 1 ? 'row' : 'rows'} marked deleted in the CRM ${deleted === 1 ? 'was' : 'were'}` +
              ` skipped.`,
          );
        report.stageGuesses = [...guesses].map(([from, g]) => ({ from, to: g.to, rows: g.rows }));
        const keep = !report.dryRun && (report.rejected === 0 || Boolean(options.skipInvalid));
        if (keep) {
          sql.audit.run(
            options.teamId ?? 'all',
            options.actorId ?? 'cli',
            'csv_import',
            options.source ?? null,
            JSON.stringify({
              rows: report.rows,
              imported: report.imported,
              updated: report.updated,
              unchanged: report.unchanged,
              skipped: report.skipped,
              rejected: report.rejected,
            }),
            nowMs,
          );
          return true;
        }
        throw new NotKept();
      })
      .catch((error: unknown) => {
        if (error instanceof NotKept) return false;
        throw error;
      });
    report.committed = written;
  } catch (error) {
    input.destroy();
    if (error instanceof FileProblem) report.error = error.message;
    else if (isCsvError(error)) report.error = `The file is not valid CSV: ${(error as Error).message}`;
    else if (error instanceof UploadProblem) report.error = error.message;
    else throw error;
  }
  if (report.error) {
    report.imported = report.updated = report.unchanged = 0;
  }
  // Owners are checked before the rows are written: list the rejects in file order all the same.
  report.rejects.sort((a, b) => a.line - b.line);
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** Thrown by an input stream to stop an import with a message for the importer (e.g. too large). */
export class UploadProblem extends Error {}

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

/**
 * Reads the start of the stream to pick the delimiter (the most frequent of , ; and tab in the
 * header line, outside quotes), then hands back a stream that replays what was read.
 */
async function withDelimiter(
  input: Readable,
  given: string | undefined,
): Promise<{ stream: Readable; delimiter: string }> {
  if (given) return { stream: input, delimiter: given };
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Array<Buffer | string> = [];
  let text = '';
  let decoder: StringDecoder | null = null;
  while (!/[\r\n]/.test(text) && text.length < 65_536) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    if (typeof next.value === 'string') text += next.value;
    else text += (decoder ??= new StringDecoder('utf8')).write(next.value);
  }
  const delimiter = sniffDelimiter(text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[0] ?? '');
  async function* replay() {
    for (const chunk of head) yield chunk;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const stream = Readable.from(replay(), { objectMode: false });
  return { stream, delimiter };
}

export function sniffDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}
