// scan(at): decides, for every deal, what is due at `at`, and writes each decision down:
// episodes opened, commitments marked broken, cadence steps offered or skipped, and one DM per
// rep to the outbox under a unique key. Idempotent: a second scan at the same instant, a crash
// before delivery, or a second instance never produces a second nudge.
//
// Incremental: every deal carries when it next needs a look (deals.next_check_at: 0 after any
// transition, else the earliest instant its decision could change, see domain/next-check.ts), and
// the scan reads only the deals due by now. The full scan (`full`, `dealcoach scan --full`) reads
// every open deal, recomputes every next_check_at and counts the deals the incremental scan would
// have missed (`missed`, zero unless there is a bug); the daily reconciliation does the same without
// deciding (reconcileNextChecks).
//
// In batches: the due deals' ids and owners are read first (a read, no lock), then decided a batch
// of whole owners at a time, each batch in its own short write transaction (store.write) with the
// event loop let run in between, so no transaction holds the write lock for long and the bot's
// thread is never held by a scan for long (docs/architecture.md, "The scan"). Each batch reads its
// deals again inside its transaction and decides only those still due, so a second scan running
// at the same time finds decided deals no longer due: nothing is decided or queued twice. A rep's
// due deals are all in one batch, so their nudges are one DM, written with the decisions. A large
// plan (a backlog) is swept first in id order, settling the deals with nothing to decide.
//
// Each batch is kept lean (see docs/benchmarks.md): candidates are read with only the columns the
// rules need, the rest only for deals with a decision; statements are prepared once per connection;
// and answers about dates are remembered per calendar.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Queryable, Store, Tx } from '../db/index.js';
import { salesTeams, type SalesTeamRow } from '../db/schema.js';
import { UNANSWERED_TOUCHES_SQL } from '../db/deals.js';
import { DEAL_STATES, STAGES, type Stage } from '../domain/vocabulary.js';
import { calendarFor, type BusinessCalendar } from '../domain/calendar.js';
import { CheckInstants, nextCheckAt } from '../domain/next-check.js';
import { formatMoney } from '../domain/money.js';
import { EVERYONE } from '../domain/team-grammar.js';
import {
  dueUnansweredCommitments,
  evaluateDeal,
  stepLabel,
  type Decision,
  type EpisodeSteps,
  type RuleContext,
  type ScanCommitment,
  type ScanDeal,
  type StepProgress,
} from '../domain/silence.js';
import { settingsFrom, type RepSettings } from '../services/team-settings.js';
import { nudgeDigestMessage, type NudgeItem } from '../slack/views/nudges.js';
import { nextTurn } from './next-turn.js';

export interface ScanReport {
  teamId: string;
  dealId: number;
  company: string;
  ownerId: string;
  state: string;
  episodeId: number | null;
  step: number | null;
  action: Decision['action'];
  why: string;
}

export interface ScanResult {
  at: string;
  dryRun: boolean;
  /** Every open deal was read (the reconciling scan), not only those due. */
  full: boolean;
  /** Deals looked at. */
  candidates: number;
  /** Full scan: deals with a decision now that were not due by now (the incremental scan would have missed them). */
  missed: number;
  decisions: ScanReport[];
  /**
   * Decisions made but not in `decisions`: the scan worker's reply lists the first WORKER_LISTED_DECISIONS
   * (receiving a backlog's tens of thousands would hold the bot's thread; it logs only how many).
   */
  unlisted?: number;
  /** DMs written to the outbox by this scan. */
  queued: number;
  /** Write transactions made: one per batch (a dry run's are rolled back). */
  batches: number;
  /**
   * Due deals left for the next scan: those of a rep with more deals due than a batch holds, beyond
   * the first batch's worth (the rep still gets one DM per scan). Zero unless a rep has that many due.
   */
  deferred: number;
}

export interface ScanOptions {
  dryRun?: boolean;
  /** Read every open deal rather than those due (next_check_at <= now). */
  full?: boolean;
  teamId?: string;
  defaultZone?: string;
  /** Deals read per write transaction (default SCAN_BATCH; whole reps, see partsOf). */
  batchSize?: number;
  /** How long a batch runs before it commits, at a rep's end (default SCAN_BATCH_MS). */
  batchMs?: number;
  /** Plans of more deals than this are swept first, in id order (default SWEEP_OVER; see sweep). */
  sweepOver?: number;
  /**
   * A pause after every REST_EVERY batches, so that other connections waiting for the write lock get it
   * (default 0: none). The scan worker and the CLI, which scan beside the bot, pass SCAN_REST_MS.
   */
  restMs?: number;
}

/**
 * What the rules need of a candidate deal, and the rowid of its owner's user row (null: none).
 * Read as arrays rather than objects: tens of thousands of rows per scan, every few minutes.
 */
type CandidateRow = [
  id: number,
  userRow: number | null,
  /** An index into DEAL_STATES (the text itself if it is not one of them). */
  state: number | ScanDeal['state'],
  /** An index into STAGES (the text itself if it is not one of them). */
  stage: number | Stage,
  lastInboundAt: number | null,
  lastOutboundAt: number | null,
  lastActivityAt: number | null,
  createdAt: number,
  snoozedUntil: number | null,
  followUpOn: string | null,
  nextCheckAt: number | null,
];
const ID = 0;
const USER_ROW = 1;
const STATE = 2;
const STAGE = 3;
const LAST_INBOUND = 4;
const LAST_OUTBOUND = 5;
const LAST_ACTIVITY = 6;
const CREATED = 7;
const SNOOZED_UNTIL = 8;
const FOLLOW_UP_ON = 9;
const NEXT_CHECK = 10;

/**
 * A batch (one write transaction) reads the deals of whole reps (every due deal of a rep is in one
 * batch, so their nudges are one DM), up to this many deals, and decides them rep by rep until it
 * has run SCAN_BATCH_MS; the reps left go to the next batch. See docs/benchmarks.md for the figures.
 */
export const SCAN_BATCH = 500;

/**
 * How long a batch runs before it commits, checked at the end of each rep. Warm, on an idle machine, a
 * batch of 500 deals of the first scan takes 10-20 ms and the cap binds; in a fresh process (code not
 * yet optimised) or on a loaded machine this bound does: the write lock and the thread are held for
 * about this long plus one rep's deals, far from the 250 ms a transaction may hold the lock.
 */
export const SCAN_BATCH_MS = 40;

/**
 * Another connection waiting for the write lock tries again after a pause (src/db/write.ts: at most
 * 50 ms), and between two batches the lock is free for only an instant: a scan beside the bot (its
 * worker, the CLI) rests this long after every REST_EVERY batches, so that every writer waiting gets
 * the lock within about REST_EVERY batches (~160 ms) and the rest.
 */
export const SCAN_REST_MS = 60;
export const REST_EVERY = 4;

/** Plans of more deals than this are swept first (see sweep): the backlog's first scan, not the 15-minute ones. */
export const SWEEP_OVER = 4 * SCAN_BATCH;

/**
 * Open deals per transaction of the daily reconciliation (reconcileNextChecks): no decisions are
 * written, so a deal costs a third of a scanned one.
 */
export const RECONCILE_BATCH = 1_000;

/** What a decision shows of its deal: read only for deals that have one. */
interface DealDetails {
  team_id: string;
  owner_id: string;
  company: string;
  contact_name: string | null;
  value_minor: number | null;
  currency: string;
}

interface UserRow {
  team_id: string;
  timezone: string | null;
  work_start: string | null;
  work_end: string | null;
  sales_team_id: number | null;
}

/** An open episode; its steps are parsed only if the rules look at them (not outside working hours). */
class OpenEpisode {
  private parsed: EpisodeSteps | undefined;
  constructor(
    readonly id: number,
    readonly startedOn: string,
    readonly reason: string,
    private readonly stepsJson: string | null,
    readonly commitmentId: number | null,
  ) {}

  get steps(): EpisodeSteps {
    this.parsed ??= (this.stepsJson === null ? null : (JSON.parse(this.stepsJson) as EpisodeSteps | null)) ?? {};
    return this.parsed;
  }
}

const NOT_STARTED: StepProgress = { offers: 0, lastOfferedOn: null, done: false, skipped: false };

class DryRun extends Error {}

/**
 * `CASE column WHEN 'a' THEN 0 WHEN 'b' THEN 1 ... ELSE column END`: numbers cross into JavaScript faster than
 * strings.
 */
function asIndex(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} ELSE ${column} END`;
}

const fromIndex = <T extends string>(values: readonly T[], value: number | T): T =>
  typeof value === 'number' ? values[value]! : value;

const OPEN = `state IN ('active', 'silent', 'nurture')`;

/** The columns of a CandidateRow. */
const CANDIDATE_COLUMNS = `d.id, u.rowid AS user_row, ${asIndex('d.state', DEAL_STATES)} AS state,
  ${asIndex('d.stage', STAGES)} AS stage, d.last_inbound_at, d.last_outbound_at, d.last_activity_at, d.created_at,
  d.snoozed_until, d.follow_up_on, d.next_check_at`;

/**
 * The plan of an incremental scan, in chunks in the next_check_at index's order: the id, workspace and
 * owner of the deals due whose next check is @checkAt, after @after (`same`), or after @checkAt (`later`).
 */
function planDueQuery(teamFilter: boolean, same: boolean): string {
  return `SELECT next_check_at, id, team_id, owner_id FROM deals INDEXED BY deals_next_check
    WHERE ${same ? 'next_check_at = @checkAt AND id > @after' : 'next_check_at > @checkAt AND next_check_at <= @now'}
      ${teamFilter ? 'AND team_id = @team' : ''}
    ORDER BY next_check_at, id LIMIT @limit`;
}

/** The plan of a full scan, in chunks in id order: the id, workspace and owner of the open deals after @after. */
function planOpenQuery(teamFilter: boolean): string {
  return `SELECT id, team_id, owner_id FROM deals
    WHERE ${OPEN} AND id > @after ${teamFilter ? 'AND team_id = @team' : ''} ORDER BY id LIMIT @limit`;
}

/**
 * A batch's deals (@ids, a JSON array, in the plan's order), read again inside its transaction: those
 * still due by @now (still open when `full`). A deal another scan decided meanwhile is no longer due.
 */
function batchQuery(full: boolean): string {
  return `SELECT ${CANDIDATE_COLUMNS}
    FROM json_each(@ids) j CROSS JOIN deals d ON d.id = j.value
    LEFT JOIN users u ON u.team_id = d.team_id AND u.slack_id = d.owner_id
    WHERE d.${full ? OPEN : 'next_check_at <= @now'}
    ORDER BY j.key`;
}

/** The reconciliation's batches: the open deals after @after, in id order, @limit at a time. */
function openRangeQuery(teamFilter: boolean): string {
  return `SELECT ${CANDIDATE_COLUMNS}
    FROM deals d LEFT JOIN users u ON u.team_id = d.team_id AND u.slack_id = d.owner_id
    WHERE d.${OPEN} AND d.id > @after ${teamFilter ? 'AND d.team_id = @team' : ''}
    ORDER BY d.id LIMIT @limit`;
}

/**
 * The one indexed query the incremental scan cannot do without, the bench's floor: the deals due by
 * @now, whole rows, from the next_check_at index. (Their ids alone come from the index without
 * touching the table, a hundredth of the cost: no scan that reads a deal can be measured against that.)
 */
export const DUE_DEALS_QUERY = 'SELECT * FROM deals INDEXED BY deals_next_check WHERE next_check_at <= @now';

/** How many deals are due by @now (the index alone): small scans stay in the bot's thread. */
export const DUE_COUNT_QUERY = 'SELECT count(*) FROM deals INDEXED BY deals_next_check WHERE next_check_at <= @now';

/** What one scan carries from batch to batch. */
interface ScanRun {
  store: Store;
  sql: ScanStatements;
  now: number;
  options: ScanOptions;
  result: ScanResult;
  /** Per-scan views of the shared calendars (they depend on the calendar alone, not on any row). */
  viewsByCalendar: Map<BusinessCalendar, Pick<RepRules, 'calendar' | 'instants'>>;
  /**
   * Dry run: the last episode id a batch inserted before it was rolled back. The next batch's
   * episodes carry on after it, so a dry run reports the ids a real scan would give.
   */
  lastEpisodeId: number | null;
  /** While sweeping: the deals with a decision, by rep, left for the rep batches. */
  swept: Map<string, number[]> | null;
  /** Candidates and misses are counted when a deal is first judged (a swept deal is judged again). */
  counted: boolean;
}

function startRun(store: Store, at: Date, options: ScanOptions): ScanRun {
  return {
    store,
    sql: statementsFor(store.sqlite),
    now: at.getTime(),
    options,
    result: {
      at: at.toISOString(),
      dryRun: Boolean(options.dryRun),
      full: Boolean(options.full),
      candidates: 0,
      missed: 0,
      decisions: [],
      queued: 0,
      batches: 0,
      deferred: 0,
    },
    viewsByCalendar: new Map(),
    lastEpisodeId: null,
    swept: null,
    counted: false,
  };
}

/** Runs `fn` in one write transaction; a dry run's is rolled back. */
async function inTransaction(run: ScanRun, fn: (tx: Tx) => void): Promise<void> {
  try {
    // IMMEDIATE (store.write): a second instance's batch waits for this one and then sees what it decided.
    await run.store.write((tx) => {
      if (run.options.dryRun && run.lastEpisodeId !== null) {
        const seq = run.lastEpisodeId;
        if (run.sql.raiseEpisodeSequence.run(seq).changes === 0) run.sql.insertEpisodeSequence.run(seq);
      }
      fn(tx);
      if (run.options.dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  run.result.batches++;
}

export async function scan(store: Store, at: Date, options: ScanOptions = {}): Promise<ScanResult> {
  const run = startRun(store, at, options);
  const size = options.batchSize ?? SCAN_BATCH;
  const budgetMs = options.batchMs ?? SCAN_BATCH_MS;
  const plan = await readPlan(run);
  const between = pacer(options.restMs ?? 0);
  if (plan.size > 0) await warmCalendars(run, plan.keys());
  let planned = 0;
  for (const ids of plan.values()) planned += ids.length;
  const byRep = planned > (options.sweepOver ?? SWEEP_OVER) ? await sweep(run, plan, size, between) : plan;
  const parts = partsOf(byRep, size, Boolean(options.full), run.result);
  await nextTurn();
  for (let next = 0; next < parts.length; ) {
    const batch = takeBatch(parts, next, size);
    let done = 0;
    await inTransaction(run, (tx) => {
      done = runBatch(run, tx, batch, budgetMs).done;
    });
    next += done;
    if (next < parts.length) await between();
  }
  // Reported in deal order, as one transaction would have decided them (the writes went rep by rep).
  run.result.decisions.sort((a, b) => a.dealId - b.dealId);
  return run.result;
}

/**
 * A large plan is swept first, in id order, `size` deals a transaction: the deals without a decision
 * (most of a backlog) get their next check, the others are left, still due, for the rep batches, which
 * judge them again. Batches of whole reps hold deals spread over the whole table, so each rewrote ~1,000
 * pages (the deals and their next_check_at index) that the next batches rewrote again: the first scan
 * of the seeded backlog wrote ~900 MB of WAL. Swept in id order, each page is written about once.
 */
async function sweep(
  run: ScanRun,
  plan: Map<string, number[]>,
  size: number,
  between: () => Promise<void>,
): Promise<Map<string, number[]>> {
  const ids = [...plan.values()].flat().sort((a, b) => a - b);
  run.swept = new Map();
  for (let from = 0; from < ids.length; from += size) {
    const part: Part = { rep: null, ids: ids.slice(from, from + size), sweep: true };
    await inTransaction(run, (tx) => {
      runBatch(run, tx, { parts: [part] }, Number.POSITIVE_INFINITY);
    });
    await between();
  }
  const decided = run.swept;
  run.swept = null;
  run.counted = true;
  return decided;
}

/** What runs between two batches: the event loop's turn, and every REST_EVERY batches a rest of `restMs`. */
function pacer(restMs: number): () => Promise<void> {
  let batches = 0;
  return () =>
    restMs > 0 && ++batches % REST_EVERY === 0 ? new Promise((resolve) => setTimeout(resolve, restMs)) : nextTurn();
}

/** Rows the plan reads per query: a few milliseconds each, with the event loop let run in between. */
const PLAN_CHUNK = 5_000;

/**
 * Reads the plan: the ids of the deals due (every open one when `full`), by rep ("workspace|owner"),
 * outside any transaction (a read: WAL never makes it wait), a chunk at a time in index order.
 */
async function readPlan(run: ScanRun): Promise<Map<string, number[]>> {
  const { sql, options, now } = run;
  const byRep = new Map<string, number[]>();
  const team = options.teamId ? { team: options.teamId } : {};
  const t = options.teamId ? 1 : 0;
  const add = (id: number, teamId: string, ownerId: string) => {
    const rep = `${teamId}|${ownerId}`;
    let ids = byRep.get(rep);
    if (!ids) byRep.set(rep, (ids = []));
    ids.push(id);
  };
  if (options.full) {
    for (let after = 0; ; await nextTurn()) {
      const rows = sql.planOpen[t].all({ after, limit: PLAN_CHUNK, ...team }) as Array<[number, string, string]>;
      for (const [id, teamId, ownerId] of rows) add(id, teamId, ownerId);
      if (rows.length < PLAN_CHUNK) return byRep;
      after = rows.at(-1)![0];
    }
  }
  // In the index's order, (next_check_at, id): the rest of one next_check_at first, then the next ones.
  let checkAt = -1;
  let after = 0;
  for (let first = true; ; first = false, await nextTurn()) {
    type PlanRow = [checkAt: number, id: number, teamId: string, ownerId: string];
    let rows = first ? [] : (sql.planSame[t].all({ checkAt, after, limit: PLAN_CHUNK, ...team }) as PlanRow[]);
    if (rows.length < PLAN_CHUNK) {
      const limit = PLAN_CHUNK - rows.length;
      rows = rows.concat(sql.planLater[t].all({ checkAt, now, limit, ...team }) as PlanRow[]);
    }
    for (const [, id, teamId, ownerId] of rows) add(id, teamId, ownerId);
    if (rows.length < PLAN_CHUNK) return byRep;
    [checkAt, after] = rows.at(-1)!;
  }
}

/** A rep's deals, decided in one transaction so that their nudges are one DM; `rep` null: only reconciled. */
interface Part {
  rep: string | null;
  ids: number[];
  /** Swept: deals without a decision get their next check; those with one are left for the rep batches. */
  sweep?: true;
}

/** Parts read and decided in one transaction. */
interface Batch {
  parts: Part[];
}

/**
 * The plan as parts, rep by rep (in workspace and owner order, each rep's deals in id order). A rep
 * with more deals than a batch holds gets a part of their first `size` deals; the incremental scan
 * leaves the rest due for the next scan (`deferred`: one DM per rep per scan, and no transaction
 * grows with one rep's backlog), the full scan reconciles them (their next check worked out, made due
 * if they have a decision now).
 */
function partsOf(byRep: Map<string, number[]>, size: number, full: boolean, result: ScanResult): Part[] {
  const parts: Part[] = [];
  for (const rep of [...byRep.keys()].sort()) {
    const ids = byRep.get(rep)!.sort((a, b) => a - b);
    parts.push({ rep, ids: ids.length > size ? ids.slice(0, size) : ids });
    if (ids.length <= size) continue;
    if (!full) result.deferred += ids.length - size;
    else for (let i = size; i < ids.length; i += size) parts.push({ rep: null, ids: ids.slice(i, i + size) });
  }
  return parts;
}

/** Whole parts from `from`, at most `size` deals (at least one part). */
function takeBatch(parts: Part[], from: number, size: number): Batch {
  const batch: Batch = { parts: [] };
  let deals = 0;
  for (let i = from; i < parts.length; i++) {
    const n = parts[i]!.ids.length;
    if (batch.parts.length > 0 && deals + n > size) break;
    batch.parts.push(parts[i]!);
    deals += n;
  }
  return batch;
}

/** The scan's statements, prepared once per connection: building SQL per write dominated large scans. */
interface ScanStatements {
  /** Each indexed by team filter. */
  planSame: [Database.Statement, Database.Statement];
  planLater: [Database.Statement, Database.Statement];
  planOpen: [Database.Statement, Database.Statement];
  /** Indexed by `full`. */
  batch: [Database.Statement, Database.Statement];
  /** Indexed by team filter. */
  openRange: [Database.Statement, Database.Statement];
  /** A dry run's batch: episode ids carry on from the batch before, rolled back (see scan()). */
  raiseEpisodeSequence: Database.Statement;
  insertEpisodeSequence: Database.Statement;
  details: Database.Statement;
  batchDetails: Database.Statement;
  batchUsers: Database.Statement;
  userSettings: Database.Statement;
  repSettings: Database.Statement;
  openEpisodes: Database.Statement;
  openCommitments: Database.Statement;
  insertEpisode: Database.Statement;
  breakCommitment: Database.Statement;
  followUpDone: Database.Statement;
  unansweredTouches: Database.Statement;
  setEpisodeSteps: Database.Statement;
  setNextCheck: Database.Statement;
  setStateAndNextCheck: Database.Statement;
  insertOutbox: Database.Statement;
}

const statementCache = new WeakMap<Database.Database, ScanStatements>();

function statementsFor(sqlite: Database.Database): ScanStatements {
  let statements = statementCache.get(sqlite);
  if (!statements) {
    statements = {
      planSame: [
        sqlite.prepare(planDueQuery(false, true)).raw(true),
        sqlite.prepare(planDueQuery(true, true)).raw(true),
      ],
      planLater: [
        sqlite.prepare(planDueQuery(false, false)).raw(true),
        sqlite.prepare(planDueQuery(true, false)).raw(true),
      ],
      planOpen: [sqlite.prepare(planOpenQuery(false)).raw(true), sqlite.prepare(planOpenQuery(true)).raw(true)],
      batch: [sqlite.prepare(batchQuery(false)).raw(true), sqlite.prepare(batchQuery(true)).raw(true)],
      openRange: [sqlite.prepare(openRangeQuery(false)).raw(true), sqlite.prepare(openRangeQuery(true)).raw(true)],
      raiseEpisodeSequence: sqlite.prepare(
        `UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'silence_episodes'`,
      ),
      insertEpisodeSequence: sqlite.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('silence_episodes', ?)`),
      details: sqlite.prepare(
        'SELECT team_id, owner_id, company, contact_name, value_minor, currency FROM deals WHERE id = ?',
      ),
      batchDetails: sqlite.prepare(
        'SELECT id, team_id, owner_id, company, contact_name, value_minor, currency FROM deals ' +
          'WHERE id IN (SELECT value FROM json_each(?))',
      ),
      userSettings: sqlite.prepare('SELECT DISTINCT team_id, timezone, work_start, work_end, sales_team_id FROM users'),
      // The settings of the reps of a plan (a JSON array of [workspace, owner]).
      repSettings: sqlite.prepare(
        'SELECT DISTINCT u.team_id, u.timezone, u.work_start, u.work_end, u.sales_team_id FROM json_each(?) j CROSS ' +
          "JOIN users u ON u.team_id = json_extract(j.value, '$[0]') AND u.slack_id = json_extract(j.value, '$[1]')",
      ),
      batchUsers: sqlite.prepare(
        'SELECT rowid AS row, team_id, timezone, work_start, work_end, sales_team_id FROM users ' +
          'WHERE rowid IN (SELECT value FROM json_each(?))',
      ),
      unansweredTouches: sqlite.prepare(UNANSWERED_TOUCHES_SQL),
      // Open episodes, with the commitment each was opened for (the DM reminds the rep of it), of a
      // batch's deals (a JSON array of ids, looked up one by one in the index: the due deals of an
      // incremental scan are spread over the whole table, so an id range would read most of it).
      openEpisodes: sqlite.prepare(
        `SELECT e.id, e.deal_id, e.started_on, e.reason, e.steps, e.commitment_id, c.deal_id AS commitment_deal_id, ` +
          `c.text AS commitment_text
         FROM silence_episodes e LEFT JOIN commitments c ON c.id = e.commitment_id
         WHERE e.deal_id IN (SELECT value FROM json_each(?)) AND e.ended_at IS NULL ORDER BY e.id`,
      ),
      openCommitments: sqlite.prepare(
        `SELECT id, deal_id, text, due_on, made_at FROM commitments ` +
          `WHERE deal_id IN (SELECT value FROM json_each(?)) AND status = 'open' ORDER BY id`,
      ),
      insertEpisode: sqlite.prepare(
        `INSERT INTO silence_episodes (team_id, deal_id, reason, commitment_id, started_at, started_on, steps_done, ` +
          `steps)
         VALUES (?, ?, ?, ?, ?, ?, 0, '{}') RETURNING id`,
      ),
      breakCommitment: sqlite.prepare(`UPDATE commitments SET status = 'broken', resolved_at = ? WHERE id = ?`),
      followUpDone: sqlite.prepare(`UPDATE deals SET state = 'active', follow_up_on = NULL WHERE id = ?`),
      setEpisodeSteps: sqlite.prepare('UPDATE silence_episodes SET steps = ? WHERE id = ?'),
      setNextCheck: sqlite.prepare('UPDATE deals SET next_check_at = ? WHERE id = ?'),
      setStateAndNextCheck: sqlite.prepare('UPDATE deals SET state = ?, next_check_at = ? WHERE id = ?'),
      insertOutbox: sqlite.prepare(
        `INSERT INTO outbox (team_id, key, kind, recipient, payload, status, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
      ),
    };
    statementCache.set(sqlite, statements);
  }
  return statements;
}

interface OutboxInsert {
  teamId: string;
  key: string;
  kind: string;
  recipient: string;
  payload: unknown;
}

/** A rep's rules and their calendar (a per-scan view of the shared one). */
interface RepRules {
  settings: RepSettings;
  calendar: BusinessCalendar;
  /** Where the calendar's answers change after now: for working out each deal's next check. */
  instants: CheckInstants;
}

interface Teams {
  byId: Map<number, SalesTeamRow>;
  /** People in no team follow their workspace's "Everyone" settings. */
  everyone: Map<string, SalesTeamRow>;
}

function readTeams(db: Queryable): Teams {
  const teams = db.select().from(salesTeams).all();
  return {
    byId: new Map(teams.map((t) => [t.id, t])),
    everyone: new Map(teams.filter((t) => t.name === EVERYONE).map((t) => [t.teamId, t])),
  };
}

/** A rep's settings: their user row's zone and hours (none: their team's zone), their team's rules. */
function repSettings(
  user: Omit<UserRow, 'team_id'> | undefined,
  teamId: string,
  teams: Teams,
  defaultZone = 'UTC',
): RepSettings {
  const timezone = user?.timezone ?? null;
  return settingsFrom(
    timezone ? { timezone, workStart: user!.work_start ?? '09:00', workEnd: user!.work_end ?? '17:30' } : undefined,
    user?.sales_team_id ? teams.byId.get(user.sales_team_id) : teams.everyone.get(teamId),
    defaultZone,
  );
}

/** How far back from now a calendar is built before the batches ask (and further, in them, as needed). */
const WARM_BACK_MS = 366 * 86_400_000;
/** The UTC day for which each calendar was last built ahead of a scan. */
const warmedOn = new WeakMap<BusinessCalendar, number>();
/** The reps ("workspace|owner") whose calendars were built ahead today (the 15-minute scans meet the same ones). */
const repsWarmed = { day: Number.NaN, reps: new Set<string>() };

/**
 * Builds, outside any transaction, the calendars the batches will ask about (those of `reps`, every
 * rep's when not given), a year back. In a fresh process (the scan worker, a restarted bot) a zone's
 * first calendar and a country's public holidays take tens of milliseconds, which would otherwise be
 * spent in a batch, holding the write lock. One calendar at a time, with the event loop let run in
 * between; a calendar built today is not built again.
 */
async function warmCalendars(run: ScanRun, reps?: Iterable<string>): Promise<void> {
  const { store, sql, now, options } = run;
  const today = Math.floor(now / 86_400_000);
  if (repsWarmed.day !== today) Object.assign(repsWarmed, { day: today, reps: new Set() });
  const cold = reps ? [...reps].filter((rep) => !repsWarmed.reps.has(rep)) : null;
  if (cold?.length === 0) return;
  const teams = readTeams(store.db);
  const users = (
    cold ? sql.repSettings.all(JSON.stringify(cold.map((rep) => rep.split('|')))) : sql.userSettings.all()
  ) as UserRow[];
  const settings = users.map((user) => repSettings(user, user.team_id, teams, options.defaultZone));
  // Deals whose owner has no user row: their workspace's "Everyone" settings, or none.
  for (const teamId of teams.everyone.keys()) settings.push(repSettings(undefined, teamId, teams, options.defaultZone));
  settings.push(repSettings(undefined, '', teams, options.defaultZone));
  for (const { calendar: calendarSettings } of settings) {
    const calendar = calendarFor(calendarSettings);
    if (warmedOn.get(calendar) === today) continue;
    warmedOn.set(calendar, today);
    calendar.businessDaysBetween(now - WARM_BACK_MS, now);
    await nextTurn();
  }
  for (const rep of cold ?? []) repsWarmed.reps.add(rep);
}

/** A deal as the rules see it now, and what they decide. */
interface Judged {
  row: CandidateRow;
  deal: ScanDeal;
  decisions: Decision[];
  episode: OpenEpisode | null;
  rules: RepRules;
  ruleContext: RuleContext;
}

/** The open deals after `afterId`, `limit` of them in id order: a batch of the reconciliation. */
interface OpenRange {
  afterId: number;
  limit: number;
}

/**
 * One batch, inside its transaction: its deals read again, then judged and what is decided written a
 * part at a time, each rep's nudges queued as one DM with their draft cards after it. After each part,
 * once the batch has run `budgetMs`, it stops and commits: the parts left (their deals untouched) go
 * to the next batch. Settings (teams, owners) are read in the transaction: a change committed between
 * two batches is seen by the next. Returns how many parts were done (at least one) and the rows read.
 */
function runBatch(
  run: ScanRun,
  tx: Tx,
  source: Batch | OpenRange,
  budgetMs: number,
): { done: number; rows: CandidateRow[] } {
  // The budget is how long this thread and the write lock are held: time spent, not the scan's clock.
  const started = performance.now();
  const { sql, now, options, result, viewsByCalendar } = run;
  const teams = readTeams(tx);
  const parts: Part[] = 'parts' in source ? source.parts : [{ rep: null, ids: [] }];

  // Rules per owner (their user row), shared by everyone with the same settings.
  const rulesBySettings = new Map<string, RepRules>();
  const rulesByUser = new Map<number, RepRules>();
  // Owners' user rows, read a batch at a time (one query, not one per owner).
  const usersByRow = new Map<number, UserRow>();
  const readUsers = (rows: CandidateRow[]) => {
    const wanted = new Set<number>();
    for (const row of rows) {
      const userRow = row[USER_ROW];
      if (userRow !== null && !rulesByUser.has(userRow) && !usersByRow.has(userRow)) wanted.add(userRow);
    }
    if (wanted.size === 0) return;
    for (const user of sql.batchUsers.all(JSON.stringify([...wanted])) as Array<UserRow & { row: number }>) {
      usersByRow.set(user.row, user);
    }
  };
  const rulesOf = (row: CandidateRow): RepRules => {
    const userRow = row[USER_ROW];
    let rules = userRow === null ? undefined : rulesByUser.get(userRow);
    if (rules) return rules;
    let user: UserRow | undefined;
    let teamId: string;
    if (userRow === null) {
      teamId = (sql.details.get(row[ID]) as DealDetails).team_id;
    } else {
      user = usersByRow.get(userRow)!; // read for the batch by readUsers
      teamId = user.team_id;
    }
    const key =
      `${teamId}|${user?.timezone ?? null}|${user?.work_start ?? null}|${user?.work_end ?? null}|` +
      `${user?.sales_team_id ?? null}`;
    rules = rulesBySettings.get(key);
    if (!rules) {
      const settings = repSettings(user, teamId, teams, options.defaultZone);
      const shared = calendarFor(settings.calendar);
      let views = viewsByCalendar.get(shared);
      if (!views) {
        views = { calendar: scanView(shared, now), instants: new CheckInstants(shared, settings.calendar, now) };
        viewsByCalendar.set(shared, views);
      }
      rules = { settings, ...views };
      rulesBySettings.set(key, rules);
    }
    if (userRow !== null) rulesByUser.set(userRow, rules);
    return rules;
  };

  const nudgesByRep = new Map<string, NudgeItem[]>();
  // Each rep's draft cards are queued after the DM that announces them, so they arrive in that order.
  const draftCards: OutboxInsert[] = [];
  const commitmentsByDeal = new Map<number, ScanCommitment[]>();
  const episodesByDeal = new Map<number, OpenEpisode>();
  // The text of every commitment an open episode was opened for, or that may break now.
  const commitmentText = new Map<number, string>();

  const rows = (
    'parts' in source
      ? sql.batch[options.full ? 1 : 0].all({ now, ids: JSON.stringify(source.parts.flatMap((p) => p.ids)) })
      : sql.openRange[options.teamId ? 1 : 0].all({
          after: source.afterId,
          limit: source.limit,
          ...(options.teamId ? { team: options.teamId } : {}),
        })
  ) as CandidateRow[];
  // The rows of each part (they come in the parts' order).
  const rowsOf: CandidateRow[][] = parts.map(() => []);
  if ('parts' in source) {
    const partOf = new Map<number, number>();
    source.parts.forEach((part, p) => {
      for (const id of part.ids) partOf.set(id, p);
    });
    for (const row of rows) rowsOf[partOf.get(row[ID])!]!.push(row);
  } else rowsOf[0] = rows;
  // The rules for every deal first (a few microseconds each), and what the DMs show of those with a
  // decision in one query; then, part by part, the writes and each deal's next check, until the budget.
  const judged = new Map<CandidateRow, Judged>();
  const detailsById = new Map<number, DealDetails>();
  if (rows.length > 0) {
    readUsers(rows);
    readOpen(rows);
    coverCalendars(rows, rulesOf, now);
    for (const row of rows) judged.set(row, judge(row));
    const decided = rows.filter((row) => judged.get(row)!.decisions.length > 0).map((row) => row[ID]);
    if (decided.length > 0) {
      for (const d of sql.batchDetails.all(JSON.stringify(decided)) as Array<DealDetails & { id: number }>) {
        detailsById.set(d.id, d);
      }
    }
  }
  let done = 0;
  while (done < parts.length) {
    const partRows = rowsOf[done]!;
    const part = parts[done]!;
    done++;
    if (!run.counted) result.candidates += partRows.length;
    if (partRows.length === 0) continue;
    decidePart(partRows, part);
    queueMessages();
    if (performance.now() - started >= budgetMs) break;
  }
  return { done, rows };

  /** Open commitments and open episodes of the batch's deals. */
  function readOpen(rows: CandidateRow[]): void {
    const candidateIds = new Set(rows.map((r) => r[ID]));
    const batchIds = JSON.stringify(rows.map((r) => r[ID]));
    type OpenCommitmentRow = { id: number; deal_id: number; text: string; due_on: string; made_at: number };
    for (const c of sql.openCommitments.all(batchIds) as OpenCommitmentRow[]) {
      if (!candidateIds.has(c.deal_id)) continue;
      commitmentText.set(c.id, c.text);
      const list = commitmentsByDeal.get(c.deal_id) ?? [];
      list.push({ id: c.id, text: c.text, dueOn: c.due_on, madeAt: c.made_at });
      commitmentsByDeal.set(c.deal_id, list);
    }
    type OpenEpisodeRow = {
      id: number;
      deal_id: number;
      started_on: string;
      reason: string;
      steps: string | null;
      commitment_id: number | null;
      commitment_deal_id: number | null;
      commitment_text: string | null;
    };
    for (const e of sql.openEpisodes.all(batchIds) as OpenEpisodeRow[]) {
      if (!candidateIds.has(e.deal_id)) continue;
      if (e.commitment_id !== null && e.commitment_deal_id !== null && candidateIds.has(e.commitment_deal_id)) {
        commitmentText.set(e.commitment_id, e.commitment_text!);
      }
      episodesByDeal.set(e.deal_id, new OpenEpisode(e.id, e.started_on, e.reason, e.steps, e.commitment_id));
    }
  }

  /**
   * Judges a part's deals and writes what is decided. `rep`: the part's rep ("workspace|owner"), whose
   * nudges it queues; null: reconciling only (nothing decided, missed deals made due).
   */
  /** What the rules decide for a deal now. */
  function judge(row: CandidateRow): Judged {
    const rules = rulesOf(row);
    const { settings, calendar } = rules;
    const dealId = row[ID];
    const episode = episodesByDeal.get(dealId) ?? null;
    const deal: ScanDeal = {
      id: dealId,
      state: fromIndex(DEAL_STATES, row[STATE]),
      stage: fromIndex(STAGES, row[STAGE]),
      lastInboundAt: row[LAST_INBOUND],
      lastOutboundAt: row[LAST_OUTBOUND],
      lastActivityAt: row[LAST_ACTIVITY],
      createdAt: row[CREATED],
      snoozedUntil: row[SNOOZED_UNTIL],
      followUpOn: row[FOLLOW_UP_ON],
      openCommitments: commitmentsByDeal.get(dealId) ?? [],
      episode,
    };
    const ruleContext: RuleContext = { now, calendar, thresholds: settings.thresholds, cadence: settings.cadence };
    return { row, deal, decisions: evaluateDeal(deal, ruleContext), episode, rules, ruleContext };
  }

  /**
   * Writes a part's judgements: each deal's next check, or its decisions. `rep`: the part's rep
   * ("workspace|owner"), whose nudges it queues; null: reconciling only (nothing decided, missed deals
   * made due).
   */
  function decidePart(rows: CandidateRow[], { rep, sweep }: Part): void {
    const decided: Judged[] = [];
    for (const row of rows) {
      const judgement = judged.get(row)!;
      const { deal, decisions, ruleContext, rules } = judgement;
      const dealId = row[ID];
      if (decisions.length === 0) {
        storeNextCheck(row, nextCheckAt(deal, ruleContext, rules.instants));
        continue;
      }
      const wasDue = row[NEXT_CHECK] !== null && row[NEXT_CHECK] <= now;
      if (options.full && !wasDue && !run.counted) result.missed++;
      if (sweep) {
        const { team_id, owner_id } = detailsById.get(dealId)!;
        const key = `${team_id}|${owner_id}`;
        const ids = run.swept!.get(key);
        if (ids) ids.push(dealId);
        else run.swept!.set(key, [dealId]);
        continue;
      }
      if (rep === null) {
        // The next incremental scan decides it, with everything a decision needs.
        if (!wasDue) sql.setNextCheck.run(0, dealId);
        continue;
      }
      decided.push(judgement);
    }
    for (const { row, deal, decisions, episode, rules, ruleContext } of decided) {
      const { settings, calendar, instants } = rules;
      const dealId = row[ID];
      const details = detailsById.get(dealId)!;
      const repKey = `${details.team_id}|${details.owner_id}`;
      if (repKey !== rep) {
        // Given to another rep since the plan was read, whose DM is another part's: left for the next scan.
        if (row[NEXT_CHECK] === null || row[NEXT_CHECK] > now) sql.setNextCheck.run(0, dealId);
        continue;
      }
      let episodeId = episode?.id ?? null;
      let steps: EpisodeSteps = { ...(episode?.steps ?? {}) };
      let state = deal.state;
      const todayLocal = calendar.dateOf(now);
      let brokenCommitment = episode?.commitmentId ? (commitmentText.get(episode.commitmentId) ?? null) : null;
      // Only a promise that is due (or past due) and unanswered makes the email an accountability one.
      const duePromises = dueUnansweredCommitments(deal.openCommitments, deal.lastInboundAt, todayLocal);
      const hasCommitment = () => brokenCommitment !== null || duePromises.length > 0;
      for (const decision of decisions) {
        switch (decision.action) {
          case 'open_episode': {
            const brokenId = decision.brokenCommitmentIds[0] ?? null;
            const inserted = sql.insertEpisode.get(
              details.team_id,
              dealId,
              decision.reason,
              brokenId,
              now,
              todayLocal,
            ) as {
              id: number;
            };
            episodeId = inserted.id;
            if (options.dryRun) run.lastEpisodeId = inserted.id;
            steps = {};
            state = 'silent'; // written with the next check below: one UPDATE of the deal
            brokenCommitment = brokenId === null ? null : (commitmentText.get(brokenId) ?? null);
            for (const id of decision.brokenCommitmentIds) sql.breakCommitment.run(now, id);
            break;
          }
          case 'nudge': {
            const before: StepProgress = steps[decision.step.step] ?? NOT_STARTED;
            steps[decision.step.step] = { ...before, offers: before.offers + 1, lastOfferedOn: todayLocal };
            const items = nudgesByRep.get(repKey) ?? [];
            items.push({
              dealId: dealId,
              episodeId: episodeId!,
              company: details.company,
              contactName: details.contact_name,
              valueText: formatMoney(details.value_minor, details.currency),
              stage: deal.stage,
              daysSilent: decision.daysSilent,
              step: decision.step.step,
              totalSteps: settings.cadence.length,
              stepKind: decision.step.kind,
              channel: decision.step.channel,
              label: stepLabel(decision.step, hasCommitment()),
              offer: decision.offer,
              why: decision.why,
              commitment: brokenCommitment ?? duePromises[0]?.text ?? null,
              ...(decision.step.kind === 'fire'
                ? { unansweredTouches: (sql.unansweredTouches.get(dealId, deal.lastInboundAt ?? 0) as { n: number }).n }
                : {}),
            });
            nudgesByRep.set(repKey, items);
            if (decision.offer === 1 && (decision.step.kind === 'message' || decision.step.kind === 'fire')) {
              // The message itself is drafted at delivery time (a model call has no place in this transaction).
              const kind = decision.step.kind === 'fire' ? 'fire' : hasCommitment() ? 'accountability' : 'checkin';
              draftCards.push({
                teamId: details.team_id,
                key: `draft:${dealId}:${episodeId}:${decision.step.step}`,
                kind: 'draft_card',
                recipient: details.owner_id,
                payload: {
                  dealId,
                  episodeId,
                  step: decision.step.step,
                  kind,
                  voicemail: decision.step.channel !== 'email',
                },
              });
            }
            break;
          }
          case 'skip_step': {
            const before: StepProgress = steps[decision.step.step] ?? NOT_STARTED;
            steps[decision.step.step] = { ...before, skipped: true };
            break;
          }
          case 'follow_up': {
            state = 'active';
            sql.followUpDone.run(dealId);
            const items = nudgesByRep.get(repKey) ?? [];
            items.push({
              dealId,
              episodeId: 0,
              company: details.company,
              contactName: details.contact_name,
              valueText: formatMoney(details.value_minor, details.currency),
              stage: deal.stage,
              daysSilent: 0,
              step: 0,
              totalSteps: settings.cadence.length,
              stepKind: 'follow_up',
              channel: 'call',
              label: 'Call them back: they asked you to',
              offer: 1,
              why: decision.why,
              commitment: null,
            });
            nudgesByRep.set(repKey, items);
            break;
          }
        }
        result.decisions.push({
          teamId: details.team_id,
          dealId: dealId,
          company: details.company,
          ownerId: details.owner_id,
          state,
          episodeId,
          step: 'step' in decision ? decision.step.step : null,
          action: decision.action,
          why: decision.why,
        });
      }
      if (episodeId && decisions.some((d) => d.action === 'nudge' || d.action === 'skip_step')) {
        sql.setEpisodeSteps.run(JSON.stringify(steps), episodeId);
      }
      // The deal as this scan left it, as the next scan will read it.
      const opened = decisions.find((d) => d.action === 'open_episode');
      const after: ScanDeal = {
        ...deal,
        state,
        followUpOn: decisions.some((d) => d.action === 'follow_up') ? null : deal.followUpOn,
        openCommitments: opened
          ? deal.openCommitments.filter((c) => !opened.brokenCommitmentIds.includes(c.id))
          : deal.openCommitments,
        episode:
          episodeId === null
            ? null
            : {
                id: episodeId,
                startedOn: episode?.startedOn ?? todayLocal,
                reason: episode?.reason ?? opened!.reason,
                steps,
              },
      };
      const next = nextCheckAt(after, ruleContext, instants);
      if (opened) sql.setStateAndNextCheck.run(state, next, dealId);
      else storeNextCheck(row, next);
    }
  }

  function storeNextCheck(row: CandidateRow, next: number | null): void {
    if (next !== row[NEXT_CHECK]) sql.setNextCheck.run(next, row[ID]);
  }

  function queue(row: OutboxInsert): number {
    return sql.insertOutbox.get(row.teamId, row.key, row.kind, row.recipient, JSON.stringify(row.payload), now, now)
      ? 1
      : 0;
  }

  /** The part's rep's nudges as one DM, then the draft cards it announces. */
  function queueMessages(): void {
    for (const [repKey, items] of nudgesByRep) {
      const [teamId, ownerId] = repKey.split('|') as [string, string];
      // The key names every (deal, episode, step, offer) in the DM: the same decisions can never be queued twice.
      const decisionKeys = items.map((i) => `${i.dealId}:${i.episodeId}:${i.step}:${i.offer}`).sort();
      const key = `nudges:${ownerId}:${createHash('sha256').update(decisionKeys.join(',')).digest('hex').slice(0, 32)}`;
      const message = nudgeDigestMessage(items);
      result.queued += queue({
        teamId,
        key,
        kind: 'nudges',
        recipient: ownerId,
        payload: { ...message, decisions: decisionKeys },
      });
    }
    for (const card of draftCards) result.queued += queue(card);
    nudgesByRep.clear();
    draftCards.length = 0;
  }
}

/**
 * One scan's view of a calendar: the same answers, remembered per date. Every deal of the people
 * sharing a calendar asks about the same few dates (today, the day an episode started, a due date),
 * and each fresh answer about a date parses it in a time zone, which dominated scans with many
 * silent deals. Every call goes to the shared calendar itself (never with the view as `this`).
 */
function scanView(calendar: BusinessCalendar, now: number): BusinessCalendar {
  const businessDates = new Map<string, boolean>();
  const daysSinceDate = new Map<string, number>();
  // Asked lazily: the view exists before coverCalendars has extended the calendar.
  let today: string | undefined;
  let workingNow: boolean | undefined;
  const ms = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());
  const overrides: Partial<BusinessCalendar> = {
    dateOf: (at) => (ms(at) === now ? (today ??= calendar.dateOf(now)) : calendar.dateOf(at)),
    isBusinessDay: (at) => calendar.isBusinessDay(at),
    isWorkingTime: (at) => (ms(at) === now ? (workingNow ??= calendar.isWorkingTime(now)) : calendar.isWorkingTime(at)),
    businessDaysBetween: (from, to) => calendar.businessDaysBetween(from, to),
    isBusinessDate: (isoDate) => {
      let answer = businessDates.get(isoDate);
      if (answer === undefined) {
        answer = calendar.isBusinessDate(isoDate);
        businessDates.set(isoDate, answer);
      }
      return answer;
    },
    businessDaysSinceDate: (isoDate, to) => {
      if (ms(to) !== now) return calendar.businessDaysSinceDate(isoDate, to);
      let days = daysSinceDate.get(isoDate);
      if (days === undefined) {
        days = calendar.businessDaysSinceDate(isoDate, now);
        daysSinceDate.set(isoDate, days);
      }
      return days;
    },
  };
  return Object.assign(Object.create(calendar) as BusinessCalendar, overrides);
}

/**
 * Extends each calendar once to the earliest instant this scan will ask it about (the last reply,
 * or the creation of a deal never answered). A calendar grows its table on demand, so deals met in
 * an unlucky order would otherwise rebuild it again and again on a process's first scan.
 */
function coverCalendars(rows: CandidateRow[], rulesOf: (row: CandidateRow) => RepRules, now: number): void {
  const earliest = new Map<BusinessCalendar, number>();
  for (const row of rows) {
    if (fromIndex(DEAL_STATES, row[STATE]) === 'nurture') continue;
    const { calendar } = rulesOf(row);
    const from = row[LAST_INBOUND] ?? row[CREATED];
    if (from < (earliest.get(calendar) ?? now)) earliest.set(calendar, from);
  }
  for (const [calendar, min] of earliest) calendar.businessDaysBetween(min, now);
}

/**
 * The daily reconciliation, a batch at a time: each batch of open deals (in id order) is read, judged
 * and corrected in its own short write transaction, and the event loop runs between batches, so other
 * connections (the bot answering Slack while its worker reconciles) write in between.
 * Deals found missed are made due: the next incremental scan decides them. Returns how many.
 */
export async function reconcileNextChecks(
  store: Store,
  at: Date,
  options: Pick<ScanOptions, 'defaultZone' | 'teamId' | 'batchSize' | 'restMs'> = {},
): Promise<{ candidates: number; missed: number }> {
  const run = startRun(store, at, { ...options, full: true });
  const limit = options.batchSize ?? RECONCILE_BATCH;
  const between = pacer(options.restMs ?? 0);
  await warmCalendars(run);
  let afterId = 0;
  for (;;) {
    let rows: CandidateRow[] = [];
    await inTransaction(run, (tx) => {
      rows = runBatch(run, tx, { afterId, limit }, Number.POSITIVE_INFINITY).rows;
    });
    if (rows.length < limit) return { candidates: run.result.candidates, missed: run.result.missed };
    afterId = rows.at(-1)![ID];
    await between();
  }
}
