// scan(at): decides, for every deal, what is due at `at`, and writes each decision down:
// episodes opened, commitments marked broken, cadence steps offered or skipped, and one DM per
// rep to the outbox under a unique key. Idempotent: a second scan at the same instant, a crash
// before delivery, or a second instance never produces a second nudge.
//
// Incremental: every deal carries when it next needs a look (deals.next_check_at: 0 after any
// transition, else the earliest instant its decision could change, see domain/next-check.ts), and
// the scan reads only the deals due by now, in batches by id. The full scan (`full`, daily and
// `dealcoach scan --full`) reads every open deal, recomputes every next_check_at and counts the
// deals the incremental scan would have missed (`missed`, zero unless there is a bug).
//
// It runs inside one write transaction, so it is kept lean (see docs/benchmarks.md): candidates are
// read with only the columns the rules need, the rest only for deals with a decision; statements
// are prepared once per connection; and answers about dates are remembered per calendar.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Store, Tx } from '../db/index.js';
import { salesTeams } from '../db/schema.js';
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
  /** DMs written to the outbox by this scan. */
  queued: number;
  /** The last deal id read (a batched reconciliation goes on after it). */
  lastId?: number;
}

export interface ScanOptions {
  dryRun?: boolean;
  /** Read every open deal rather than those due (next_check_at <= now). */
  full?: boolean;
  teamId?: string;
  defaultZone?: string;
  /**
   * Reconciling only (with `full`): decide nothing; a deal that has a decision now was missed and is
   * made due (next_check_at 0), every other one gets its next check worked out again.
   */
  reconcileOnly?: boolean;
  /** Start after this deal id, and read at most `batches` batches (default: all). */
  afterId?: number;
  batches?: number;
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

/** Deals read, and their episodes and commitments, per round: the scan's memory does not grow with the pipeline. */
const BATCH = 2_000;

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

/** The due deals (every open one when `full`) after @after, in id order, @limit at a time. */
function candidateQuery(teamFilter: boolean, full: boolean): string {
  // Due deals come from the next_check_at index; sorting the few due ones by id keeps batches and DMs in id order.
  const due = full ? `d.state IN ('active', 'silent', 'nurture')` : 'd.next_check_at <= @now';
  return `
    SELECT d.id, u.rowid AS user_row, ${asIndex('d.state', DEAL_STATES)} AS state,
           ${asIndex('d.stage', STAGES)} AS stage,
           d.last_inbound_at, d.last_outbound_at, d.last_activity_at, d.created_at, d.snoozed_until, d.follow_up_on,
           d.next_check_at
    FROM deals d ${full ? '' : 'INDEXED BY deals_next_check'}
    LEFT JOIN users u ON u.team_id = d.team_id AND u.slack_id = d.owner_id
    WHERE ${due} AND d.id > @after ${teamFilter ? 'AND d.team_id = @team' : ''}
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

export async function scan(store: Store, at: Date, options: ScanOptions = {}): Promise<ScanResult> {
  const result: ScanResult = {
    at: at.toISOString(),
    dryRun: Boolean(options.dryRun),
    full: Boolean(options.full),
    candidates: 0,
    missed: 0,
    decisions: [],
    queued: 0,
  };
  try {
    // IMMEDIATE (store.write): a second instance waits here and then sees everything this scan decided.
    await store.write((tx) => {
      runScan(store, tx, at, options, result);
      if (options.dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return result;
}

/** The scan's statements, prepared once per connection: building SQL per write dominated large scans. */
interface ScanStatements {
  /** Indexed by `full` then by team filter. */
  candidates: [[Database.Statement, Database.Statement], [Database.Statement, Database.Statement]];
  details: Database.Statement;
  batchDetails: Database.Statement;
  batchUsers: Database.Statement;
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
      candidates: [
        [sqlite.prepare(candidateQuery(false, false)).raw(true), sqlite.prepare(candidateQuery(true, false)).raw(true)],
        [sqlite.prepare(candidateQuery(false, true)).raw(true), sqlite.prepare(candidateQuery(true, true)).raw(true)],
      ],
      details: sqlite.prepare(
        'SELECT team_id, owner_id, company, contact_name, value_minor, currency FROM deals WHERE id = ?',
      ),
      batchDetails: sqlite.prepare(
        'SELECT id, team_id, owner_id, company, contact_name, value_minor, currency FROM deals ' +
          'WHERE id IN (SELECT value FROM json_each(?))',
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

function runScan(store: Store, tx: Tx, at: Date, options: ScanOptions, result: ScanResult): void {
  const now = at.getTime();
  const teams = tx.select().from(salesTeams).all();
  const teamsById = new Map(teams.map((t) => [t.id, t]));
  // People in no team follow their workspace's "Everyone" settings.
  const everyoneByWorkspace = new Map(teams.filter((t) => t.name === EVERYONE).map((t) => [t.teamId, t]));
  const sql = statementsFor(store.sqlite);
  const candidates = sql.candidates[options.full ? 1 : 0][options.teamId ? 1 : 0];
  const parameters = {
    now,
    after: options.afterId ?? 0,
    limit: BATCH,
    ...(options.teamId ? { team: options.teamId } : {}),
  };
  let batchesLeft = options.batches ?? Number.POSITIVE_INFINITY;

  // Rules per owner (their user row), shared by everyone with the same settings.
  const rulesBySettings = new Map<string, RepRules>();
  const viewsByCalendar = new Map<BusinessCalendar, Pick<RepRules, 'calendar' | 'instants'>>();
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
    const timezone = user?.timezone ?? null;
    const key =
      `${teamId}|${timezone}|${user?.work_start ?? null}|${user?.work_end ?? null}|` + `${user?.sales_team_id ?? null}`;
    rules = rulesBySettings.get(key);
    if (!rules) {
      const settings = settingsFrom(
        timezone ? { timezone, workStart: user!.work_start ?? '09:00', workEnd: user!.work_end ?? '17:30' } : undefined,
        user?.sales_team_id ? teamsById.get(user.sales_team_id) : everyoneByWorkspace.get(teamId),
        options.defaultZone ?? 'UTC',
      );
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
  // Draft cards are queued after the DMs that announce them, so they arrive in that order.
  const draftCards: OutboxInsert[] = [];

  for (; batchesLeft > 0; batchesLeft--) {
    const rows = candidates.all(parameters) as CandidateRow[];
    if (rows.length === 0) break;
    parameters.after = rows.at(-1)![ID];
    result.lastId = parameters.after;
    result.candidates += rows.length;
    readUsers(rows);
    coverCalendars(rows, rulesOf, now);
    decideBatch(rows);
  }

  function decideBatch(rows: CandidateRow[]): void {
    // Open commitments and open episodes of the batch.
    const candidateIds = new Set(rows.map((r) => r[ID]));
    const batchIds = JSON.stringify(rows.map((r) => r[ID]));
    const commitmentsByDeal = new Map<number, ScanCommitment[]>();
    const episodesByDeal = new Map<number, OpenEpisode>();
    // The text of every commitment an open episode was opened for, or that may break now.
    const commitmentText = new Map<number, string>();
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

    // First the rules for every deal; then, for the few with a decision, what the DMs show of them
    // (one query for the batch) and the writes.
    type Decided = {
      row: CandidateRow;
      deal: ScanDeal;
      decisions: Decision[];
      episode: OpenEpisode | null;
      rules: RepRules;
      ruleContext: RuleContext;
    };
    const decided: Decided[] = [];
    for (const row of rows) {
      const rules = rulesOf(row);
      const { settings, calendar, instants } = rules;
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
      const decisions = evaluateDeal(deal, ruleContext);
      if (decisions.length === 0) {
        storeNextCheck(row, nextCheckAt(deal, ruleContext, instants));
        continue;
      }
      const wasDue = row[NEXT_CHECK] !== null && row[NEXT_CHECK] <= now;
      if (options.full && !wasDue) result.missed++;
      if (options.reconcileOnly) {
        // The next incremental scan decides it, with everything a decision needs.
        if (!wasDue) sql.setNextCheck.run(0, dealId);
        continue;
      }
      decided.push({ row, deal, decisions, episode, rules, ruleContext });
    }
    if (decided.length === 0) return;
    const detailsById = new Map<number, DealDetails>();
    const ids = JSON.stringify(decided.map((d) => d.row[ID]));
    for (const d of sql.batchDetails.all(ids) as Array<DealDetails & { id: number }>) detailsById.set(d.id, d);

    for (const { row, deal, decisions, episode, rules, ruleContext } of decided) {
      const { settings, calendar, instants } = rules;
      const dealId = row[ID];
      const details = detailsById.get(dealId)!;
      const repKey = `${details.team_id}|${details.owner_id}`;
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

  const queue = (row: OutboxInsert) =>
    sql.insertOutbox.get(row.teamId, row.key, row.kind, row.recipient, JSON.stringify(row.payload), now, now) ? 1 : 0;
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
 * The daily reconciliation, a batch at a time: each batch of open deals is read, judged and
 * corrected in its own short write transaction, and the event loop runs between batches, so other
 * connections (the bot answering Slack while its worker reconciles) write in between.
 * Deals found missed are made due: the next incremental scan decides them. Returns how many.
 */
export async function reconcileNextChecks(
  store: Store,
  at: Date,
  options: Pick<ScanOptions, 'defaultZone' | 'teamId'> = {},
): Promise<{ candidates: number; missed: number }> {
  let afterId = 0;
  const total = { candidates: 0, missed: 0 };
  for (;;) {
    const batch = await scan(store, at, { ...options, full: true, reconcileOnly: true, afterId, batches: 1 });
    total.candidates += batch.candidates;
    total.missed += batch.missed;
    if (batch.lastId === undefined) return total;
    afterId = batch.lastId;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
