// The manager digest (METHOD.md section 6): which deals are stuck, with whom, for how long, what
// was tried, what money is at stake, and which silent deals are still counted in the forecast.
// buildDigest is a read; queueDueDigests writes each schedule slot's digest to the outbox once.
import type { DigestPayload } from './outbox-payloads.js';
import { and, desc, eq, inArray, like, lt, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Queryable, Store } from '../db/index.js';
import {
  commitments,
  deals,
  outbox,
  salesTeams,
  silenceEpisodes,
  type DealRow,
  type OutboxRow,
  type SalesTeamRow,
} from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { addMoney, currencyOrder, formatMoney, type MoneyByCurrency } from '../domain/money.js';
import { businessDaysSilent, episodeDay, silenceRule, type ScanDeal } from '../domain/silence.js';
import { EVERYONE, type DigestSchedule } from '../domain/team-grammar.js';
import { everyoneTeam, membersOf } from '../services/teams.js';
import { settingsFrom } from '../services/team-settings.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';
import { lookupSince, outboxMetadata } from './delivery.js';
import { digestMessages } from '../slack/views/digest.js';
import { nextTurn } from './next-turn.js';

/** Sums per currency in minor units: amounts in different currencies are never added up or converted. */
export type Money = MoneyByCurrency;

export interface DigestDeal {
  dealId: number;
  company: string;
  ownerId: string;
  valueMinor: number | null;
  currency: string;
  valueText: string | null;
  stage: string;
  forecast: string;
  daysSilent: number;
  threshold: number;
  /** e.g. "step 3 of 5", or "cadence finished"; null before the scan opened an episode. */
  step: string | null;
  accountabilitySent: boolean;
  brokenCommitment: string | null;
  /** The rep has not acted on a due step for this many business days (past the team's limit). */
  escalatedDays: number | null;
}

export interface DigestRep {
  repId: string;
  deals: DigestDeal[];
  value: Money;
  coaching: string | null;
}

export interface DigestEvent {
  dealId: number;
  company: string;
  ownerId: string;
  at: string;
  reason?: string | null;
}

export interface DigestData {
  workspace: string;
  /** currency: the team's (`/deal team currency`; absent: USD), shown first in every sum. */
  team: { id: number | null; name: string; currency?: string };
  at: string;
  /** When the previous digest of this team was made, if any. */
  since: string | null;
  /** Sums per currency; deals without an amount are counted apart (absent: none): never summed as $0. */
  totals: {
    stuckDeals: number;
    stuckValue: Money;
    stuckWithoutAmount?: number;
    forecastAtRisk: Money;
    atRiskWithoutAmount?: number;
    escalated: number;
  };
  /** Since the previous digest: the change in stuck deals, and in their sum per currency (currencies that moved). */
  change: { stuckDeals: number; stuckValue: Money } | null;
  reps: DigestRep[];
  forecastHygiene: { deals: DigestDeal[]; value: Money };
  firedSince: DigestEvent[];
  revivedSince: DigestEvent[];
}

const add = addMoney;

/**
 * Biggest first within each currency (the team's first, then by code), deals without an amount last:
 * amounts in different currencies are not ranked against each other without exchange rates.
 */
function byAmount(first: string): (a: DigestDeal, b: DigestDeal) => number {
  return (a, b) => {
    if ((a.valueMinor === null) !== (b.valueMinor === null)) return a.valueMinor === null ? 1 : -1;
    if (a.currency !== b.currency) return currencyOrder([a.currency, b.currency], first)[0] === a.currency ? -1 : 1;
    return (b.valueMinor ?? 0) - (a.valueMinor ?? 0);
  };
}

function teamKey(team: Pick<SalesTeamRow, 'id'> | null): string {
  return team ? String(team.id) : 'everyone';
}

/** A rep carrying many silent deals hears the method's kind words; one who let go hears thanks. */
function coachingLine(repId: string, stuck: DigestDeal[], firedCount: number): string | null {
  if (stuck.length >= 5) {
    const finished = stuck.filter((d) => d.step === 'cadence finished').length;
    return (
      `<@${repId}> is carrying ${stuck.length} silent deals. Persistence is good, and so is letting go` +
      `${finished ? `: ${finished} ha${finished === 1 ? 's' : 've'} been through the whole cadence` : ''}. ` +
      `A polite goodbye frees time for live leads; you can always make more money, you can never reclaim your time.`
    );
  }
  if (firedCount > 0)
    return (
      `<@${repId}> let go of ${firedCount} silent deal${firedCount === 1 ? '' : 's'} since the last digest: ` +
      `time back for live leads. Worth a thank-you.`
    );
  return null;
}

export interface DigestOptions {
  at: Date;
  defaultZone: string;
}

/** Builds the digest of a team (null: everyone in no team) as plain data. */
export function buildDigest(
  store: Store,
  workspace: string,
  team: SalesTeamRow | null,
  options: DigestOptions,
): DigestData {
  const db = store.db;
  const now = options.at.getTime();
  const members = membersOf(db, team, workspace);
  const memberIds = members.map((m) => m.slackId);
  // Everyone's scheduled digests are keyed by its row's id, those asked for by hand by "everyone": both count.
  const everyoneRow = team ? undefined : everyoneTeam(db, workspace);
  const keys = [teamKey(team), ...(everyoneRow ? [teamKey(everyoneRow)] : [])];
  const previous = db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.teamId, workspace),
        eq(outbox.kind, 'digest'),
        or(...keys.map((key) => like(outbox.key, `digest:${key}:%`))),
        lt(outbox.createdAt, options.at),
      ),
    )
    .orderBy(desc(outbox.createdAt))
    .get();
  const prevTotals = previous ? (previous.payload as DigestPayload).totals : undefined;
  const since = previous ? previous.createdAt : null;

  const teamDeals: DealRow[] = memberIds.length
    ? db
        .select()
        .from(deals)
        .where(and(eq(deals.teamId, workspace), inArray(deals.ownerId, memberIds)))
        .all()
    : [];
  const ids = teamDeals.map((d) => d.id);
  const episodes = ids.length
    ? db.select().from(silenceEpisodes).where(inArray(silenceEpisodes.dealId, ids)).all()
    : [];
  const openCommitments = ids.length ? db.select().from(commitments).where(inArray(commitments.dealId, ids)).all() : [];
  const byId = new Map(teamDeals.map((d) => [d.id, d]));
  // Grouped once: looking them up per deal keeps the digest linear in the team's deals.
  const openEpisodeOf = new Map(episodes.filter((e) => !e.endedAt).map((e) => [e.dealId, e]));
  const commitmentsOf = new Map<number, typeof openCommitments>();
  for (const c of openCommitments) commitmentsOf.set(c.dealId, [...(commitmentsOf.get(c.dealId) ?? []), c]);
  const userById = new Map(members.map((m) => [m.slackId, m]));

  const stuckByRep = new Map<string, DigestDeal[]>();
  const hygiene: DigestDeal[] = [];
  // The counts of deals without an amount are set when there are any.
  const totals: DigestData['totals'] = { stuckDeals: 0, stuckValue: {}, forecastAtRisk: {}, escalated: 0 };
  const teamCurrency = (team ?? everyoneRow)?.currency ?? null;
  const currency = teamCurrency ?? 'USD';
  for (const deal of teamDeals) {
    if (deal.state !== 'active' && deal.state !== 'silent') continue;
    const settings = settingsFrom(userById.get(deal.ownerId), team ?? undefined, options.defaultZone);
    const calendar = calendarFor(settings.calendar);
    const episode = openEpisodeOf.get(deal.id);
    const dealCommitments = commitmentsOf.get(deal.id) ?? [];
    const scanDeal: ScanDeal = {
      id: deal.id,
      state: deal.state,
      stage: deal.stage,
      lastInboundAt: deal.lastInboundAt?.getTime() ?? null,
      lastOutboundAt: deal.lastOutboundAt?.getTime() ?? null,
      lastActivityAt: deal.lastActivityAt?.getTime() ?? null,
      createdAt: deal.createdAt.getTime(),
      snoozedUntil: deal.snoozedUntil?.getTime() ?? null,
      followUpOn: deal.followUpOn,
      openCommitments: dealCommitments
        .filter((c) => c.status === 'open')
        .map((c) => ({ id: c.id, text: c.text, dueOn: c.dueOn, madeAt: c.madeAt.getTime() })),
      episode: null,
    };
    const rules = { now, calendar, thresholds: settings.thresholds, cadence: settings.cadence };
    const stuck = deal.state === 'silent' || silenceRule(scanDeal, rules) !== null;
    if (!stuck) continue;
    let step: string | null = null;
    let escalatedDays: number | null = null;
    if (episode) {
      const steps = episode.steps ?? {};
      const day = episodeDay(episode.startedOn, rules);
      const open = settings.cadence.filter((s) => !steps[s.step]?.done && !steps[s.step]?.skipped);
      const due = open.filter((s) => s.day <= day);
      step = open.length ? `step ${(due.at(-1) ?? open[0]!).step} of ${settings.cadence.length}` : 'cadence finished';
      // Not acted on: due steps waiting since the rep's last touch (or the start of the silence).
      const lastAction = Math.max(episode.startedAt.getTime(), deal.lastOutboundAt?.getTime() ?? 0);
      const idle = calendar.businessDaysBetween(lastAction, now);
      if (due.length > 0 && idle >= settings.escalationDays) escalatedDays = idle;
    }
    const broken = dealCommitments.filter((c) => c.status === 'broken').at(-1) ?? null;
    const item: DigestDeal = {
      dealId: deal.id,
      company: deal.company,
      ownerId: deal.ownerId,
      valueMinor: deal.valueMinor,
      currency: deal.currency,
      valueText: formatMoney(deal.valueMinor, deal.currency),
      stage: deal.stage,
      forecast: deal.forecast,
      daysSilent: businessDaysSilent(scanDeal, rules),
      threshold: settings.thresholds[deal.stage],
      step,
      accountabilitySent: Boolean(episode?.accountabilityAt),
      brokenCommitment: broken?.text ?? null,
      escalatedDays,
    };
    stuckByRep.set(deal.ownerId, [...(stuckByRep.get(deal.ownerId) ?? []), item]);
    totals.stuckDeals++;
    add(totals.stuckValue, deal.currency, deal.valueMinor);
    if (deal.valueMinor === null) totals.stuckWithoutAmount = (totals.stuckWithoutAmount ?? 0) + 1;
    if (escalatedDays !== null) totals.escalated++;
    if ((deal.forecast === 'commit' || deal.forecast === 'best-case') && item.daysSilent >= item.threshold) {
      hygiene.push(item);
      add(totals.forecastAtRisk, deal.currency, deal.valueMinor);
      if (deal.valueMinor === null) totals.atRiskWithoutAmount = (totals.atRiskWithoutAmount ?? 0) + 1;
    }
  }

  const sinceMs = since?.getTime() ?? now - 7 * 86_400_000;
  const event = (dealId: number, at: Date, reason?: string | null): DigestEvent => {
    const deal = byId.get(dealId)!;
    return {
      dealId,
      company: deal.company,
      ownerId: deal.ownerId,
      at: at.toISOString(),
      ...(reason !== undefined ? { reason } : {}),
    };
  };
  const firedSince = episodes
    .filter((e) => e.firedAt && e.firedAt.getTime() > sinceMs && e.firedAt.getTime() <= now)
    .map((e) => event(e.dealId, e.firedAt!));
  const revivedSince = episodes
    .filter((e) => e.revivedAt && e.revivedAt.getTime() > sinceMs && e.revivedAt.getTime() <= now)
    .map((e) => event(e.dealId, e.revivedAt!, e.revivalReason));

  const reps: DigestRep[] = [...stuckByRep.entries()]
    .map(([repId, list]) => {
      const value: Money = {};
      for (const d of list) add(value, d.currency, d.valueMinor);
      const sorted = list.sort((a, b) => b.daysSilent - a.daysSilent || byAmount(currency)(a, b));
      return {
        repId,
        deals: sorted,
        value,
        coaching: coachingLine(repId, sorted, firedSince.filter((f) => f.ownerId === repId).length),
      };
    })
    .sort((a, b) => b.deals.length - a.deals.length || a.repId.localeCompare(b.repId));
  // Reps with no stuck deals but a goodbye to praise still get their line.
  for (const fired of firedSince) {
    if (!reps.some((r) => r.repId === fired.ownerId)) {
      reps.push({
        repId: fired.ownerId,
        deals: [],
        value: {},
        coaching: coachingLine(fired.ownerId, [], firedSince.filter((f) => f.ownerId === fired.ownerId).length),
      });
    }
  }
  // Per currency, the currencies that moved: a currency's sum is set against its own sum last time, nothing else.
  const change = prevTotals
    ? {
        stuckDeals: totals.stuckDeals - prevTotals.stuckDeals,
        stuckValue: Object.fromEntries(
          [...new Set([...Object.keys(totals.stuckValue), ...Object.keys(prevTotals.stuckValue)])]
            .map((c) => [c, (totals.stuckValue[c] ?? 0) - (prevTotals.stuckValue[c] ?? 0)] as const)
            .filter(([, delta]) => delta !== 0),
        ),
      }
    : null;
  return {
    workspace,
    team: { id: team?.id ?? null, name: team?.name ?? EVERYONE, ...(teamCurrency ? { currency: teamCurrency } : {}) },
    at: options.at.toISOString(),
    since: since?.toISOString() ?? null,
    totals,
    change,
    reps,
    forecastHygiene: {
      deals: hygiene.sort(byAmount(currency)),
      value: totals.forecastAtRisk,
    },
    firedSince,
    revivedSince,
  };
}

/** How late a digest may still go out after its slot (the bot was down, say). */
const GRACE_MS = 6 * 60 * 60 * 1000;

/** The latest schedule slot at or before `at`, in the team's zone; null when none is due. */
export function dueSlot(
  schedule: DigestSchedule,
  zone: string,
  at: Date,
  isBusinessDate: (iso: string) => boolean,
): DateTime | null {
  const local = DateTime.fromJSDate(at, { zone });
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  let slot = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (schedule.frequency === 'weekly') {
    slot = slot.minus({ days: (slot.weekday - (schedule.weekday ?? 1) + 7) % 7 });
  }
  if (slot > local) slot = slot.minus({ days: schedule.frequency === 'weekly' ? 7 : 1 });
  if (local.toMillis() - slot.toMillis() > GRACE_MS) return null;
  if (schedule.skipDaysOff && !isBusinessDate(slot.toISODate()!)) return null;
  return slot;
}

export interface QueuedDigest {
  team: string;
  slot: string;
  channel: string;
}

/**
 * Writes each team's digest for its current slot to the outbox, once per slot. Each digest is built
 * first (a read) and then queued in a short write of its own, with the event loop let run between
 * teams: building a large team's digest takes tens of milliseconds, which no transaction waits for.
 * Two instances may both build one; its key lets one row in.
 */
export async function queueDueDigests(store: Store, at: Date, defaultZone: string): Promise<QueuedDigest[]> {
  const queued: QueuedDigest[] = [];
  const teams = store.db
    .select()
    .from(salesTeams)
    .all()
    .filter((t) => t.digestChannel && t.digestSchedule);
  for (const team of teams) {
    const zone = team.timezone ?? defaultZone;
    const calendar = calendarFor({ zone, workStart: '00:00', workEnd: '23:59', holidays: team.holidays ?? null });
    const slot = dueSlot(team.digestSchedule!, zone, at, (iso) => calendar.isBusinessDate(iso));
    if (!slot) continue;
    const key = `digest:${teamKey(team)}:${slot.toISO({ suppressMilliseconds: true })}`;
    // Cheap check first: building a digest for a slot already queued is wasted work.
    if (
      store.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.teamId, team.teamId), eq(outbox.key, key)))
        .get()
    )
      continue;
    const data = buildDigest(store, team.teamId, team.name === EVERYONE ? null : team, { at, defaultZone });
    const row = digestOutboxRow({ key, channel: team.digestChannel!, data, at });
    if (await store.write((tx) => insertDigestRow(tx, row))) {
      queued.push({ team: team.name, slot: slot.toISO()!, channel: team.digestChannel! });
    }
    await nextTurn();
  }
  return queued;
}

/** The outbox key of a digest asked for by hand (`dealcoach digest --post`) at `at`. */
export function manualDigestKey(team: Pick<SalesTeamRow, 'id'> | null, at: Date): string {
  return `digest:${teamKey(team)}:manual:${at.toISOString()}`;
}

interface DigestToQueue {
  key: string;
  channel: string;
  data: DigestData;
  at: Date;
}

/** A digest's outbox row, its messages rendered (no I/O: done before the write that inserts it). */
function digestOutboxRow({ key, channel, data, at }: DigestToQueue) {
  const messages = digestMessages(data);
  const payload: DigestPayload = { ...messages.main, thread: messages.thread, totals: data.totals };
  return {
    teamId: data.workspace,
    key,
    kind: 'digest' as const,
    recipient: channel,
    payload,
    nextAttemptAt: at,
    createdAt: at,
  };
}

/** Inserts a digest's row; false when a row with that key is already there. */
function insertDigestRow(db: Queryable, row: ReturnType<typeof digestOutboxRow>): boolean {
  return db.insert(outbox).values(row).onConflictDoNothing().returning({ id: outbox.id }).all().length > 0;
}

/** Writes one digest to the outbox for its channel; false when a row with that key is already there. */
export function queueDigest(db: Queryable, digest: DigestToQueue): boolean {
  return insertDigestRow(db, digestOutboxRow(digest));
}

/** The outbox key a digest's thread reply carries as metadata (the digest row's key and the reply's place). */
export const digestReplyKey = (digestKey: string, index: number) => `${digestKey}#reply${index + 1}`;

/**
 * Posts a digest, then its full list as replies in the digest's thread. The main message's ts and each
 * reply are recorded as they go out, so a retry sends only the replies still missing. Each reply carries
 * its own key as metadata: after an attempt cut short (a crash, a timeout) the one reply whose outcome is
 * unknown is looked up in the thread before it is posted, so none is posted twice. `alreadyPosted` is the
 * main message found in the channel after a crash before its ts was recorded: the replies follow it.
 */
export function digestSender(messenger: Messenger, store: Store) {
  type DigestRow = Pick<
    OutboxRow,
    'id' | 'teamId' | 'key' | 'recipient' | 'payload' | 'slackChannel' | 'slackTs' | 'attempts' | 'createdAt'
  >;
  return async (row: DigestRow, via = messenger, alreadyPosted?: PostedRef): Promise<PostedRef> => {
    const payload = row.payload as DigestPayload;
    const recorded = row.slackChannel && row.slackTs ? { channel: row.slackChannel, ts: row.slackTs } : null;
    let ref = recorded ?? alreadyPosted ?? null;
    if (!ref) ref = await via.post(row.teamId, row.recipient, { text: payload.text, blocks: payload.blocks });
    if (!recorded) {
      await store.write((tx) =>
        tx.update(outbox).set({ slackChannel: ref.channel, slackTs: ref.ts }).where(eq(outbox.id, row.id)).run(),
      );
    }
    const thread = payload.thread ?? [];
    const recordReplies = async (sent: number) => {
      const progress: DigestPayload = { ...payload, threadSent: sent };
      await store.write((tx) => tx.update(outbox).set({ payload: progress }).where(eq(outbox.id, row.id)).run());
    };
    let next = payload.threadSent ?? 0;
    if (row.attempts > 0 && next < thread.length && via.findOutboxPost) {
      const key = digestReplyKey(row.key, next);
      if (await via.findOutboxPost(row.teamId, ref.channel, key, lookupSince(row), ref.ts)) await recordReplies(++next);
    }
    for (; next < thread.length; next++) {
      const reply = { ...thread[next]!, metadata: outboxMetadata(digestReplyKey(row.key, next)) };
      await via.post(row.teamId, ref.channel, reply, ref.ts);
      await recordReplies(next + 1);
    }
    return ref;
  };
}
