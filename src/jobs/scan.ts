// scan(at): decides, for every deal, what is due at `at`, and writes each decision down:
// episodes opened, commitments marked broken, cadence steps offered or skipped, and one DM per
// rep to the outbox under a unique key. Idempotent: a second scan at the same instant, a crash
// before delivery, or a second instance never produces a second nudge.
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Store, Tx } from '../db/index.js';
import { commitments, deals, outbox, salesTeams, silenceEpisodes, type SalesTeamRow, type Stage } from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { formatMoney } from '../domain/money.js';
import { EVERYONE } from '../domain/team-grammar.js';
import { evaluateDeal, stepLabel, type Decision, type EpisodeSteps, type ScanCommitment, type ScanDeal, type StepProgress } from '../domain/silence.js';
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
  candidates: number;
  decisions: ScanReport[];
  /** DMs written to the outbox by this scan. */
  queued: number;
}

export interface ScanOptions {
  dryRun?: boolean;
  teamId?: string;
  defaultZone?: string;
}

interface CandidateRow {
  id: number;
  team_id: string;
  owner_id: string;
  company: string;
  contact_name: string | null;
  state: ScanDeal['state'];
  stage: Stage;
  value_minor: number | null;
  currency: string;
  last_inbound_at: number | null;
  last_outbound_at: number | null;
  last_activity_at: number | null;
  created_at: number;
  snoozed_until: number | null;
  follow_up_on: string | null;
  timezone: string | null;
  work_start: string | null;
  work_end: string | null;
  sales_team_id: number | null;
}

const DAY_MS = 86_400_000;

class DryRun extends Error {}

/**
 * Deals that could have something due: open, not snoozed, and either already silent, waiting for
 * a follow-up date, holding an open commitment, or with an unanswered touch and no reply for at
 * least the smallest threshold in calendar days (a business-day threshold is never shorter).
 */
function candidateQuery(teamFilter: boolean): string {
  return `
    SELECT d.id, d.team_id, d.owner_id, d.company, d.contact_name, d.state, d.stage, d.value_minor, d.currency,
           d.last_inbound_at, d.last_outbound_at, d.last_activity_at, d.created_at, d.snoozed_until, d.follow_up_on,
           u.timezone, u.work_start, u.work_end, u.sales_team_id
    FROM deals d
    LEFT JOIN users u ON u.team_id = d.team_id AND u.slack_id = d.owner_id
    WHERE d.state IN ('active', 'silent', 'nurture')
      ${teamFilter ? 'AND d.team_id = @team' : ''}
      AND (d.snoozed_until IS NULL OR d.snoozed_until <= @now)
      AND (
        d.state IN ('silent', 'nurture')
        OR (d.last_outbound_at > coalesce(d.last_inbound_at, 0) AND coalesce(d.last_inbound_at, d.created_at) <= @silentBefore)
        OR EXISTS (SELECT 1 FROM commitments c WHERE c.deal_id = d.id AND c.status = 'open' AND c.due_on < @today)
      )`;
}

function minimumThreshold(teams: SalesTeamRow[]): number {
  const values = [3, ...teams.flatMap((t) => Object.values((t.thresholds as Record<string, number> | null) ?? {}))];
  return Math.max(0, Math.min(...values));
}

export function scan(store: Store, at: Date, options: ScanOptions = {}): ScanResult {
  const result: ScanResult = { at: at.toISOString(), dryRun: Boolean(options.dryRun), candidates: 0, decisions: [], queued: 0 };
  try {
    // IMMEDIATE: a second instance waits here and then sees everything this scan decided.
    store.db.transaction((tx) => {
      runScan(store, tx, at, options, result);
      if (options.dryRun) throw new DryRun();
    }, { behavior: 'immediate' });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return result;
}

function runScan(store: Store, tx: Tx, at: Date, options: ScanOptions, result: ScanResult): void {
  const now = at.getTime();
  const teams = tx.select().from(salesTeams).all();
  const teamsById = new Map(teams.map((t) => [t.id, t]));
  // People in no team follow their workspace's "Everyone" settings.
  const everyoneByWorkspace = new Map(teams.filter((t) => t.name === EVERYONE).map((t) => [t.teamId, t]));
  // A day's slack on the coarse bound keeps it safe across time zones.
  const silentBefore = now - (minimumThreshold(teams) - 1) * DAY_MS;
  const today = new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
  const rows = store.sqlite
    .prepare(candidateQuery(Boolean(options.teamId)))
    .all({ now, silentBefore, today, ...(options.teamId ? { team: options.teamId } : {}) }) as CandidateRow[];
  result.candidates = rows.length;
  if (rows.length === 0) return;

  const ids = rows.map((r) => r.id);
  const commitmentsByDeal = new Map<number, ScanCommitment[]>();
  const episodesByDeal = new Map<number, { id: number; startedOn: string; reason: string; steps: EpisodeSteps; commitmentId: number | null }>();
  // The text of every commitment an open episode was opened for: the DM reminds the rep of it.
  const commitmentText = new Map<number, string>();
  for (const chunk of chunks(ids, 900)) {
    for (const c of tx.select().from(commitments).where(inArray(commitments.dealId, chunk)).all()) {
      commitmentText.set(c.id, c.text);
      if (c.status !== 'open') continue;
      const list = commitmentsByDeal.get(c.dealId) ?? [];
      list.push({ id: c.id, text: c.text, dueOn: c.dueOn, madeAt: c.madeAt.getTime() });
      commitmentsByDeal.set(c.dealId, list);
    }
    for (const e of tx.select().from(silenceEpisodes).where(inArray(silenceEpisodes.dealId, chunk)).all()) {
      if (e.endedAt) continue;
      episodesByDeal.set(e.dealId, { id: e.id, startedOn: e.startedOn, reason: e.reason, steps: (e.steps as EpisodeSteps | null) ?? {}, commitmentId: e.commitmentId });
    }
  }

  const settingsCache = new Map<string, RepSettings>();
  const nudgesByRep = new Map<string, NudgeItem[]>();
  // Draft cards are queued after the DMs that announce them, so they arrive in that order.
  const draftCards: Array<typeof outbox.$inferInsert> = [];

  for (const row of rows) {
    const settingsKey = `${row.team_id}|${row.timezone}|${row.work_start}|${row.work_end}|${row.sales_team_id}`;
    let settings = settingsCache.get(settingsKey);
    if (!settings) {
      settings = settingsFrom(
        row.timezone ? { timezone: row.timezone, workStart: row.work_start ?? '09:00', workEnd: row.work_end ?? '17:30' } : undefined,
        row.sales_team_id ? teamsById.get(row.sales_team_id) : everyoneByWorkspace.get(row.team_id),
        options.defaultZone ?? 'UTC',
      );
      settingsCache.set(settingsKey, settings);
    }
    const calendar = calendarFor(settings.calendar);
    const episode = episodesByDeal.get(row.id) ?? null;
    const deal: ScanDeal = {
      id: row.id,
      state: row.state,
      stage: row.stage,
      lastInboundAt: row.last_inbound_at,
      lastOutboundAt: row.last_outbound_at,
      lastActivityAt: row.last_activity_at,
      createdAt: row.created_at,
      snoozedUntil: row.snoozed_until,
      followUpOn: row.follow_up_on,
      openCommitments: commitmentsByDeal.get(row.id) ?? [],
      episode,
    };
    const decisions = evaluateDeal(deal, { now, calendar, thresholds: settings.thresholds, cadence: settings.cadence });
    if (decisions.length === 0) continue;

    let episodeId = episode?.id ?? null;
    let steps: EpisodeSteps = { ...(episode?.steps ?? {}) };
    let state = row.state;
    const todayLocal = calendar.dateOf(now);
    let brokenCommitment = episode?.commitmentId ? (commitmentText.get(episode.commitmentId) ?? null) : null;
    const hasCommitment = () => brokenCommitment !== null || deal.openCommitments.length > 0;
    for (const decision of decisions) {
      switch (decision.action) {
        case 'open_episode': {
          const inserted = tx
            .insert(silenceEpisodes)
            .values({
              teamId: row.team_id,
              dealId: row.id,
              reason: decision.reason,
              commitmentId: decision.brokenCommitmentIds[0] ?? null,
              startedAt: at,
              startedOn: todayLocal,
              steps: {},
            })
            .returning({ id: silenceEpisodes.id })
            .get();
          episodeId = inserted.id;
          steps = {};
          state = 'silent';
          tx.update(deals).set({ state: 'silent' }).where(eq(deals.id, row.id)).run();
          brokenCommitment = decision.brokenCommitmentIds.length ? (commitmentText.get(decision.brokenCommitmentIds[0]!) ?? null) : null;
          if (decision.brokenCommitmentIds.length) {
            tx.update(commitments).set({ status: 'broken', resolvedAt: at }).where(inArray(commitments.id, decision.brokenCommitmentIds)).run();
          }
          break;
        }
        case 'nudge': {
          const before: StepProgress = steps[decision.step.step] ?? { offers: 0, lastOfferedOn: null, done: false, skipped: false };
          steps[decision.step.step] = { ...before, offers: before.offers + 1, lastOfferedOn: todayLocal };
          const items = nudgesByRep.get(`${row.team_id}|${row.owner_id}`) ?? [];
          items.push({
            dealId: row.id,
            episodeId: episodeId!,
            company: row.company,
            contactName: row.contact_name,
            valueText: formatMoney(row.value_minor, row.currency),
            stage: row.stage,
            daysSilent: decision.daysSilent,
            step: decision.step.step,
            totalSteps: settings.cadence.length,
            stepKind: decision.step.kind,
            label: stepLabel(decision.step, hasCommitment()),
            offer: decision.offer,
            why: decision.why,
            commitment: brokenCommitment ?? deal.openCommitments[0]?.text ?? null,
          });
          nudgesByRep.set(`${row.team_id}|${row.owner_id}`, items);
          if (decision.offer === 1 && (decision.step.kind === 'message' || decision.step.kind === 'fire')) {
            // The message itself is drafted at delivery time (a model call has no place in this transaction).
            const kind = decision.step.kind === 'fire' ? 'fire' : hasCommitment() ? 'accountability' : 'checkin';
            draftCards.push({
              teamId: row.team_id, key: `draft:${row.id}:${episodeId}:${decision.step.step}`, kind: 'draft_card', recipient: row.owner_id,
              payload: { dealId: row.id, episodeId, step: decision.step.step, kind, voicemail: decision.step.channel !== 'email' }, nextAttemptAt: at, createdAt: at,
            });
          }
          break;
        }
        case 'skip_step': {
          const before: StepProgress = steps[decision.step.step] ?? { offers: 0, lastOfferedOn: null, done: false, skipped: false };
          steps[decision.step.step] = { ...before, skipped: true };
          break;
        }
        case 'follow_up': {
          state = 'active';
          tx.update(deals).set({ state: 'active', followUpOn: null }).where(eq(deals.id, row.id)).run();
          const items = nudgesByRep.get(`${row.team_id}|${row.owner_id}`) ?? [];
          items.push({
            dealId: row.id, episodeId: 0, company: row.company, contactName: row.contact_name, valueText: formatMoney(row.value_minor, row.currency),
            stage: row.stage, daysSilent: 0, step: 0, totalSteps: settings.cadence.length, stepKind: 'follow_up',
            label: 'Call them back: they asked you to', offer: 1, why: decision.why, commitment: null,
          });
          nudgesByRep.set(`${row.team_id}|${row.owner_id}`, items);
          break;
        }
      }
      result.decisions.push({
        teamId: row.team_id,
        dealId: row.id,
        company: row.company,
        ownerId: row.owner_id,
        state,
        episodeId,
        step: 'step' in decision ? decision.step.step : null,
        action: decision.action,
        why: decision.why,
      });
    }
    if (episodeId && decisions.some((d) => d.action === 'nudge' || d.action === 'skip_step')) {
      tx.update(silenceEpisodes).set({ steps }).where(eq(silenceEpisodes.id, episodeId)).run();
    }
  }

  for (const [repKey, items] of nudgesByRep) {
    const [teamId, ownerId] = repKey.split('|') as [string, string];
    // The key names every (deal, episode, step, offer) in the DM: the same decisions can never be queued twice.
    const decisionKeys = items.map((i) => `${i.dealId}:${i.episodeId}:${i.step}:${i.offer}`).sort();
    const key = `nudges:${ownerId}:${createHash('sha256').update(decisionKeys.join(',')).digest('hex').slice(0, 32)}`;
    const message = nudgeDigestMessage(items);
    const inserted = tx
      .insert(outbox)
      .values({ teamId, key, kind: 'nudges', recipient: ownerId, payload: { ...message, decisions: decisionKeys }, nextAttemptAt: at, createdAt: at })
      .onConflictDoNothing()
      .returning({ id: outbox.id })
      .all();
    result.queued += inserted.length;
  }
  for (const card of draftCards) {
    result.queued += tx.insert(outbox).values(card).onConflictDoNothing().returning({ id: outbox.id }).all().length;
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
