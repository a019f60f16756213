// Seeds a fresh SQLite file with a realistic pipeline for the benchmark: one Slack workspace,
// sales teams with their own zones, holidays, thresholds and cadences, reps owning ~50 deals each
// (some more, some fewer), ~10 activities per deal, and a mix of states and silences as of `at`:
// deals silent past their threshold with an unanswered touch, open and broken commitments, open
// episodes at every cadence step, snoozed, nurtured, fired, won and lost deals.
//
// Everything goes in with prepared statements in one transaction; the same seed gives the same data.
import { statSync } from 'node:fs';
import { openStore } from '../db/index.js';
import { calendarFor, type HolidaySettings } from '../domain/calendar.js';
import {
  DEFAULT_CADENCE,
  DEFAULT_THRESHOLDS,
  episodeDay,
  type CadenceStep,
  type EpisodeSteps,
} from '../domain/silence.js';
import type { Stage } from '../domain/vocabulary.js';
import { prng } from './stats.js';

export interface SeedOptions {
  /** The SQLite file to create (it must not hold data yet). */
  path: string;
  deals: number;
  /** Default: one rep per 50 deals. */
  reps?: number;
  /** Default: one sales team per 20 reps. */
  teams?: number;
  /** Mean activities per deal (default 10; 1 keeps very large seeds fast). */
  activitiesPerDeal?: number;
  /** The instant the pipeline is "as of": silences, due dates and episodes are relative to it. */
  at: Date;
  seed?: number;
  workspace?: string;
}

export interface SeedSummary {
  path: string;
  workspace: string;
  at: string;
  seconds: number;
  bytes: number;
  rows: {
    salesTeams: number;
    users: number;
    deals: number;
    activities: number;
    commitments: number;
    episodes: number;
    drafts: number;
    outbox: number;
  };
  /** Deals by state. */
  states: Record<string, number>;
  /** Deals by the pattern that generated them (what the scan should find). */
  patterns: Record<string, number>;
  /** The team with the most members: the digest's worst case. */
  largestTeam: { id: number; name: string; members: number };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const ZONES: Array<{ zone: string; holidays: HolidaySettings | null; weight: number }> = [
  { zone: 'America/New_York', holidays: { country: 'US' }, weight: 22 },
  { zone: 'America/Chicago', holidays: { country: 'US' }, weight: 12 },
  { zone: 'America/Denver', holidays: { country: 'US' }, weight: 5 },
  { zone: 'America/Los_Angeles', holidays: { country: 'US', region: 'CA' }, weight: 14 },
  { zone: 'America/Sao_Paulo', holidays: { country: 'BR' }, weight: 4 },
  { zone: 'Europe/London', holidays: { country: 'GB' }, weight: 10 },
  { zone: 'Europe/Berlin', holidays: { country: 'DE', region: 'BY' }, weight: 9 },
  { zone: 'Europe/Paris', holidays: { country: 'FR' }, weight: 6 },
  { zone: 'Asia/Kolkata', holidays: { country: 'IN' }, weight: 7 },
  { zone: 'Asia/Singapore', holidays: { country: 'SG' }, weight: 4 },
  { zone: 'Asia/Tokyo', holidays: { country: 'JP' }, weight: 4 },
  { zone: 'Australia/Sydney', holidays: { country: 'AU', region: 'NSW' }, weight: 3 },
];

const STAGE_WEIGHTS: Array<[Stage, number]> = [
  ['prospecting', 26],
  ['qualified', 22],
  ['demo', 18],
  ['proposal', 16],
  ['negotiation', 11],
  ['verbal', 7],
];

const WORDS_A = [
  'Blue',
  'North',
  'Silver',
  'Bright',
  'Iron',
  'Summit',
  'Cedar',
  'Harbor',
  'Atlas',
  'Nova',
  'Granite',
  'Maple',
  'Red',
  'Golden',
  'Pioneer',
  'Lake',
];
const WORDS_B = [
  'Logistics',
  'Health',
  'Systems',
  'Foods',
  'Robotics',
  'Capital',
  'Labs',
  'Energy',
  'Media',
  'Retail',
  'Analytics',
  'Freight',
  'Dental',
  'Software',
  'Partners',
  'Works',
];
const FIRST = [
  'Ana',
  'Bob',
  'Chen',
  'Dara',
  'Eli',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jo',
  'Kemi',
  'Luis',
  'Mia',
  'Noor',
  'Omar',
  'Pia',
];
const LAST = ['Lee', 'Novak', 'Okafor', 'Silva', 'Brandt', 'Ito', 'Khan', 'Moreau', 'Patel', 'Rossi', 'Smith', 'Weber'];
const NOTES = [
  'asked for pricing tiers',
  'sent the deck',
  'left a voicemail about the pilot',
  'they need sign-off from finance',
  'demo went well, wants a trial',
  'intro to the VP',
  'sent case study',
  'follow-up on security review',
  'talked budget for Q3',
  'renewal timing',
  'shared the proposal',
  'asked about integrations',
];
const COMMITMENTS = [
  'send the signed order form',
  'present the proposal to the VP of Sales',
  'share the security questionnaire',
  'book the technical review',
  'confirm the budget',
  'introduce us to procurement',
];
const LOST_REASONS = ['went with a competitor', 'no budget this year', 'project cancelled', 'price', 'timing'];
const REVIVAL_REASONS = [
  'back_on_track',
  'current_solution',
  'competitor',
  'side_tracked',
  'internal_approvals',
  'objection_roi',
  'objection_price',
  'objection_timing',
];

const CUSTOM_CADENCE: CadenceStep[] = [
  { step: 1, day: 1, channel: 'call', leaveMessage: true, kind: 'touch' },
  { step: 2, day: 2, channel: 'email', kind: 'touch' },
  { step: 3, day: 3, channel: 'call', leaveMessage: false, kind: 'touch' },
  { step: 4, day: 4, channel: 'email', kind: 'message' },
  { step: 5, day: 6, channel: 'call', leaveMessage: true, kind: 'touch' },
  { step: 6, day: 8, channel: 'email', kind: 'fire' },
];

/** Cumulative weights, for picking by a uniform draw with a binary search. */
function picker<T>(items: readonly T[], weight: (item: T, index: number) => number): (r: number) => T {
  const cumulative: number[] = [];
  let total = 0;
  items.forEach((item, index) => {
    total += weight(item, index);
    cumulative.push(total);
  });
  return (r: number) => {
    const target = r * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface TeamSeed {
  id: number;
  name: string;
  managerId: string;
  zone: string;
  holidays: HolidaySettings | null;
  thresholds: Partial<Record<Stage, number>> | null;
  cadence: CadenceStep[] | null;
  members: number;
}

interface RepSeed {
  id: string;
  team: TeamSeed;
  zone: string;
  workStart: string;
  workEnd: string;
}

export function seedPipeline(options: SeedOptions): SeedSummary {
  const started = performance.now();
  const random = prng(options.seed ?? 20_260_901);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;

  const workspace = options.workspace ?? 'TBENCH0001';
  const dealCount = options.deals;
  const repCount = Math.max(1, options.reps ?? Math.round(dealCount / 50));
  const teamCount = Math.max(1, Math.min(repCount, options.teams ?? Math.round(repCount / 20)));
  const meanActivities = Math.max(1, options.activitiesPerDeal ?? 10);
  const at = options.at.getTime();

  // The schema comes from the real migrations; then the bulk load runs without a journal.
  const store = openStore(`file:${options.path}`);
  const sqlite = store.sqlite;
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('foreign_keys = OFF');

  const insertTeam = sqlite.prepare(
    `INSERT INTO sales_teams (id, team_id, name, manager_id, digest_channel, digest_schedule, timezone, thresholds, ` +
      `cadence, holidays, escalation_days, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertUser = sqlite.prepare(
    `INSERT INTO users (team_id, slack_id, role, name, email, timezone, timezone_source, work_start, work_end, ` +
      `sales_team_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'slack', ?, ?, ?, ?)`,
  );
  const insertDeal = sqlite.prepare(
    `INSERT INTO deals (id, team_id, owner_id, company, company_key, contact_name, contact_email, value_minor, ` +
      `currency, stage, forecast,
       forecast_before_fire, state, prospect_goal, external_id, last_inbound_at, last_outbound_at, last_activity_at, ` +
      `snoozed_until, snooze_reason,
       follow_up_on, closed_at, lost_reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertActivity = sqlite.prepare(
    'INSERT INTO activities (team_id, deal_id, actor_id, direction, channel, left_message, note, at) VALUES (?, ?, ' +
      '?, ?, ?, ?, ?, ?)',
  );
  const insertCommitment = sqlite.prepare(
    'INSERT INTO commitments (id, team_id, deal_id, text, due_on, status, made_at, resolved_at) VALUES (?, ?, ?, ?, ' +
      '?, ?, ?, ?)',
  );
  const insertEpisode = sqlite.prepare(
    `INSERT INTO silence_episodes (id, team_id, deal_id, reason, commitment_id, started_at, started_on, steps_done, ` +
      `steps, accountability_at,
       fired_at, ended_at, outcome, outcome_reason, revived_at, revival_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertDraft = sqlite.prepare(
    `INSERT INTO drafts (team_id, deal_id, episode_id, step, kind, subject, body, voicemail, status, source, ` +
      `prompt_version, tone_ok, created_at, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'offline', 'offline-v1', 1, ?, ?)`,
  );
  const insertOutbox = sqlite.prepare(
    `INSERT INTO outbox (team_id, key, kind, recipient, payload, status, attempts, next_attempt_at, created_at, ` +
      `sent_at, slack_channel, slack_ts)
     VALUES (?, ?, ?, ?, ?, 'sent', 1, ?, ?, ?, ?, ?)`,
  );

  const rows = { salesTeams: 0, users: 0, deals: 0, activities: 0, commitments: 0, episodes: 0, drafts: 0, outbox: 0 };
  const states: Record<string, number> = {};
  const patterns: Record<string, number> = {};
  const count = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);

  const load = sqlite.transaction(() => {
    // Teams: sizes follow a long tail (a few big teams, many small ones).
    const pickZone = picker(ZONES, (z) => z.weight);
    const teams: TeamSeed[] = [];
    for (let t = 0; t < teamCount; t++) {
      const home = pickZone(random());
      const team: TeamSeed = {
        id: t + 1,
        name: `Team ${pad(t + 1, 4)}`,
        managerId: `UM${pad(t + 1, 6)}`,
        zone: home.zone,
        holidays: chance(0.7) ? home.holidays : null,
        thresholds: chance(0.3) ? { proposal: 4, negotiation: 2, verbal: 2 } : null,
        cadence: chance(0.1) ? CUSTOM_CADENCE : null,
        members: 0,
      };
      teams.push(team);
      const schedule = chance(0.7)
        ? { frequency: 'weekly', weekday: 1, time: '09:00', skipDaysOff: true }
        : { frequency: 'daily', time: '08:30', skipDaysOff: true };
      insertTeam.run(
        team.id,
        workspace,
        team.name,
        team.managerId,
        `C${pad(t + 1, 8)}`,
        JSON.stringify(schedule),
        team.zone,
        team.thresholds ? JSON.stringify(team.thresholds) : null,
        team.cadence ? JSON.stringify(team.cadence) : null,
        team.holidays ? JSON.stringify(team.holidays) : null,
        chance(0.5) ? 3 : null,
        at - 400 * DAY,
      );
      insertUser.run(
        workspace,
        team.managerId,
        'manager',
        `Manager ${t + 1}`,
        `manager${t + 1}@example.com`,
        team.zone,
        '09:00',
        '17:30',
        team.id,
        at - 400 * DAY,
      );
      rows.salesTeams++;
      rows.users++;
    }
    const pickTeam = picker(teams, (_t, i) => 1 / (1 + i / 20));

    // Reps: most in their team's zone and usual hours; some elsewhere or on other hours.
    const reps: RepSeed[] = [];
    for (let r = 0; r < repCount; r++) {
      const team = r < teams.length ? teams[r]! : pickTeam(random());
      team.members++;
      const zone = chance(0.85) ? team.zone : pickZone(random()).zone;
      const hours = random();
      const [workStart, workEnd] =
        hours < 0.8 ? ['09:00', '17:30'] : hours < 0.95 ? ['08:00', '17:00'] : ['10:00', '18:30'];
      const rep: RepSeed = { id: `UR${pad(r + 1, 6)}`, team, zone, workStart, workEnd };
      reps.push(rep);
      insertUser.run(
        workspace,
        rep.id,
        'rep',
        `Rep ${r + 1}`,
        `rep${r + 1}@example.com`,
        zone,
        workStart,
        workEnd,
        team.id,
        at - 400 * DAY,
      );
      rows.users++;
    }
    // Deal owners: each rep carries between ~0.4x and ~1.6x the average book.
    const pickRep = picker(reps, () => between(0.4, 1.6));
    const pickStage = picker(STAGE_WEIGHTS, ([, w]) => w);

    let episodeId = 0;
    let commitmentId = 0;
    for (let id = 1; id <= dealCount; id++) {
      const rep = pickRep(random());
      const team = rep.team;
      const calendar = calendarFor({
        zone: rep.zone,
        workStart: rep.workStart,
        workEnd: rep.workEnd,
        holidays: team.holidays,
      });
      const cadence = team.cadence ?? DEFAULT_CADENCE;
      const stage = pickStage(random())[0];
      const threshold = { ...DEFAULT_THRESHOLDS, ...(team.thresholds ?? {}) }[stage];
      // Business days to calendar days, with the weekend in between, plus a margin.
      const thresholdMs = (Math.ceil(threshold * 1.4) + 1) * DAY;
      const company = `${pick(WORDS_A)} ${pick(WORDS_B)} ${id}`;
      const contact = `${pick(FIRST)} ${pick(LAST)}`;
      const currency = chance(0.85) ? 'USD' : chance(0.6) ? 'EUR' : 'GBP';
      const value = chance(0.9) ? int(50, 5000) * 10_000 : null;
      let forecast = pick(['pipeline', 'pipeline', 'best-case', 'commit']);
      let forecastBeforeFire: string | null = null;
      const createdAt = Math.round(at - between(5, 540) * DAY);

      let state = 'active';
      let pattern: string;
      let lastIn: number | null = null;
      let lastOut: number | null = null;
      let snoozedUntil: number | null = null;
      let snoozeReason: string | null = null;
      let followUpOn: string | null = null;
      let closedAt: number | null = null;
      let lostReason: string | null = null;
      // Instants are whole milliseconds, as the app stores them.
      const clamp = (ms: number) => Math.round(Math.max(createdAt + HOUR, Math.min(at - HOUR, ms)));

      const s = random();
      if (s < 0.55) {
        state = 'active';
        const p = random();
        if (p < 0.42) {
          pattern = 'active:fresh';
          lastIn = clamp(at - between(0.1, 2) * DAY);
          lastOut = chance(0.5) ? clamp(lastIn - between(0.5, 3) * DAY) : clamp(lastIn + between(0.05, 0.09) * DAY);
        } else if (p < 0.67) {
          pattern = 'active:waiting';
          lastIn = clamp(at - between(2, 4) * DAY);
          lastOut = clamp(lastIn + between(0.1, 1) * DAY);
        } else if (p < 0.82) {
          pattern = 'active:silent-past-threshold';
          lastIn = clamp(at - thresholdMs - between(0, 30) * DAY);
          lastOut = clamp(at - between(0.5, 3) * DAY);
        } else if (p < 0.9) {
          pattern = 'active:open-commitment';
          lastIn = clamp(at - between(2, 15) * DAY);
          lastOut = clamp(lastIn - between(0.5, 3) * DAY);
          const due = calendar.dateOf(at + Math.round(between(-8, 10)) * DAY);
          insertCommitment.run(++commitmentId, workspace, id, pick(COMMITMENTS), due, 'open', lastIn, null);
          rows.commitments++;
          if (due < calendar.dateOf(at)) pattern = 'active:overdue-commitment';
        } else if (p < 0.95) {
          pattern = 'active:snoozed';
          lastIn = clamp(at - between(5, 30) * DAY);
          lastOut = clamp(at - between(1, 4) * DAY);
          snoozedUntil = Math.round(at + between(1, 14) * DAY);
          snoozeReason = 'on holiday';
        } else {
          pattern = 'active:never-replied';
          lastOut = clamp(createdAt + between(0.1, 3) * DAY);
        }
        // Some deals came back from an earlier silence.
        if (chance(0.15) && lastIn !== null && lastIn - createdAt > 20 * DAY) {
          const episodeStart = Math.round(lastIn - between(8, 18) * DAY);
          insertEpisode.run(
            ++episodeId,
            workspace,
            id,
            'no_reply',
            null,
            episodeStart,
            calendar.dateOf(episodeStart),
            2,
            JSON.stringify({}),
            null,
            null,
            lastIn,
            'replied',
            null,
            lastIn,
            pick(REVIVAL_REASONS),
          );
          rows.episodes++;
        }
      } else if (s < 0.67) {
        state = 'silent';
        pattern = 'silent:open-episode';
        const started = Math.round(at - between(0, 10) * DAY);
        lastIn = clamp(started - thresholdMs - between(0, 20) * DAY);
        lastOut = clamp(started + between(-3, 0) * DAY);
        if (lastOut < lastIn) lastOut = clamp(lastIn + DAY);
        const startedOn = calendar.dateOf(started);
        const day = episodeDay(startedOn, { now: at, calendar });
        const today = calendar.dateOf(at);
        const yesterday = calendar.dateOf(at - DAY);
        const steps: EpisodeSteps = {};
        let done = 0;
        let accountabilityAt: number | null = null;
        for (const step of cadence) {
          if (step.day >= day) break;
          const r = random();
          if (r < 0.55) {
            steps[step.step] = {
              offers: 1,
              lastOfferedOn: yesterday < today ? yesterday : null,
              done: true,
              skipped: false,
            };
            done++;
            if (step.kind === 'message' && !accountabilityAt) accountabilityAt = Math.round(at - between(1, 3) * DAY);
            if (step.kind !== 'fire') lastOut = clamp(Math.max(lastOut, at - between(1, 3) * DAY));
          } else if (r < 0.65) {
            steps[step.step] = { offers: 2, lastOfferedOn: yesterday, done: false, skipped: true };
          } else {
            steps[step.step] = { offers: 1, lastOfferedOn: yesterday, done: false, skipped: false };
          }
        }
        let reason = 'no_reply';
        let brokenId: number | null = null;
        if (chance(0.15)) {
          reason = 'broken_commitment';
          brokenId = ++commitmentId;
          insertCommitment.run(
            brokenId,
            workspace,
            id,
            pick(COMMITMENTS),
            calendar.dateOf(started - 2 * DAY),
            'broken',
            lastIn,
            started,
          );
          rows.commitments++;
        }
        const episode = ++episodeId;
        insertEpisode.run(
          episode,
          workspace,
          id,
          reason,
          brokenId,
          started,
          startedOn,
          done,
          JSON.stringify(steps),
          accountabilityAt,
          null,
          null,
          null,
          null,
          null,
          null,
        );
        rows.episodes++;
        if (accountabilityAt || chance(0.3)) {
          const kind = reason === 'broken_commitment' ? 'accountability' : 'checkin';
          insertDraft.run(
            workspace,
            id,
            episode,
            3,
            kind,
            `About ${company}`,
            `Hi ${contact.split(' ')[0]}, quick question about where things stand.`,
            null,
            accountabilityAt ? 'approved' : 'pending',
            started,
            accountabilityAt,
          );
          rows.drafts++;
        }
      } else if (s < 0.7) {
        state = 'nurture';
        pattern = 'nurture';
        lastIn = clamp(at - between(10, 60) * DAY);
        lastOut = clamp(lastIn + between(0.1, 2) * DAY);
        followUpOn = calendar.dateOf(at + Math.round(between(-5, 30)) * DAY);
        if (followUpOn <= calendar.dateOf(at)) pattern = 'nurture:follow-up-due';
      } else if (s < 0.75) {
        state = 'fired';
        pattern = 'fired';
        forecastBeforeFire = forecast;
        forecast = 'omitted';
        const firedAt = clamp(at - between(1, 90) * DAY);
        lastIn = clamp(firedAt - between(15, 40) * DAY);
        lastOut = firedAt;
        const started = clamp(firedAt - between(7, 12) * DAY);
        insertEpisode.run(
          ++episodeId,
          workspace,
          id,
          'no_reply',
          null,
          started,
          calendar.dateOf(started),
          cadence.length - 1,
          JSON.stringify({}),
          clamp(firedAt - 3 * DAY),
          firedAt,
          firedAt,
          'fired',
          null,
          null,
          null,
        );
        rows.episodes++;
      } else {
        state = s < 0.87 ? 'won' : 'lost';
        pattern = state;
        closedAt = clamp(at - between(1, 200) * DAY);
        lastIn = clamp(closedAt - between(0, 5) * DAY);
        lastOut = clamp(lastIn - between(0.5, 4) * DAY);
        if (state === 'lost') lostReason = pick(LOST_REASONS);
        if (chance(0.2)) {
          const started = clamp(closedAt - between(10, 25) * DAY);
          insertEpisode.run(
            ++episodeId,
            workspace,
            id,
            'no_reply',
            null,
            started,
            calendar.dateOf(started),
            2,
            JSON.stringify({}),
            null,
            null,
            closedAt,
            state,
            null,
            null,
            null,
          );
          rows.episodes++;
        }
        if (state === 'won' && chance(0.3)) {
          insertCommitment.run(
            ++commitmentId,
            workspace,
            id,
            pick(COMMITMENTS),
            calendar.dateOf(closedAt - 3 * DAY),
            'kept',
            closedAt - 10 * DAY,
            closedAt - 3 * DAY,
          );
          rows.commitments++;
        }
      }
      count(states, state);
      count(patterns, pattern);

      // The timeline: created, then activities up to the last touch and the last reply.
      const n = meanActivities <= 1 ? 1 : Math.max(1, Math.round(between(0.5, 1.5) * meanActivities));
      insertActivity.run(workspace, id, rep.id, 'update', null, null, 'deal created', createdAt);
      let lastActivity = createdAt;
      let written = 1;
      if (n > 1 && lastIn !== null) {
        insertActivity.run(workspace, id, rep.id, 'in', pick(['email', 'call', 'meeting']), null, pick(NOTES), lastIn);
        lastActivity = Math.max(lastActivity, lastIn);
        written++;
      }
      if (n > 2 && lastOut !== null) {
        const channel = pick(['call', 'email', 'call', 'voicemail']);
        insertActivity.run(
          workspace,
          id,
          rep.id,
          'out',
          channel,
          channel === 'call' ? (chance(0.5) ? 1 : 0) : null,
          pick(NOTES),
          lastOut,
        );
        lastActivity = Math.max(lastActivity, lastOut);
        written++;
      }
      const historyEnd = Math.min(lastIn ?? at, lastOut ?? at);
      for (; written < n; written++) {
        const when = Math.round(between(createdAt, Math.max(createdAt, historyEnd)));
        const d = random();
        const direction = d < 0.45 ? 'out' : d < 0.65 ? 'in' : d < 0.85 ? 'note' : 'update';
        const channel =
          direction === 'out' || direction === 'in' ? pick(['call', 'email', 'meeting', 'voicemail']) : null;
        insertActivity.run(workspace, id, rep.id, direction, channel, channel === 'call' ? 0 : null, pick(NOTES), when);
        lastActivity = Math.max(lastActivity, when);
      }
      rows.activities += n;
      if (lastIn !== null) lastActivity = Math.max(lastActivity, lastIn);
      if (lastOut !== null) lastActivity = Math.max(lastActivity, lastOut);
      if (closedAt !== null) lastActivity = Math.max(lastActivity, closedAt);

      insertDeal.run(
        id,
        workspace,
        rep.id,
        company,
        company.toLowerCase(),
        contact,
        `${contact.split(' ')[0]!.toLowerCase()}@${company.split(' ')[0]!.toLowerCase()}.example`,
        value,
        currency,
        stage,
        forecast,
        forecastBeforeFire,
        state,
        chance(0.3) ? 'cut onboarding time in half' : null,
        chance(0.2) ? `crm-${id}` : null,
        lastIn,
        lastOut,
        lastActivity,
        snoozedUntil,
        snoozeReason,
        followUpOn,
        closedAt,
        lostReason,
        createdAt,
        lastActivity,
      );
      rows.deals++;
    }

    // Some history in the outbox: a few nudge DMs per rep, and last week's digests.
    for (const rep of reps) {
      for (let k = 1; k <= 3; k++) {
        const when = at - k * DAY;
        insertOutbox.run(
          workspace,
          `nudges:${rep.id}:seed${k}`,
          'nudges',
          rep.id,
          JSON.stringify({ text: 'Deals to move today', blocks: [] }),
          when,
          when,
          when,
          `D${rep.id.slice(1)}`,
          `${when / 1000}.000100`,
        );
        rows.outbox++;
      }
    }
    for (const team of teams) {
      const when = at - 7 * DAY;
      const payload = {
        text: `Stuck deals in ${team.name}`,
        blocks: [],
        totals: { stuckDeals: 10, stuckValue: { USD: 1_000_000 }, forecastAtRisk: {}, escalated: 0 },
      };
      insertOutbox.run(
        workspace,
        `digest:${team.id}:${new Date(when).toISOString()}`,
        'digest',
        `C${pad(team.id, 8)}`,
        JSON.stringify(payload),
        when,
        when,
        when,
        `C${pad(team.id, 8)}`,
        `${when / 1000}.000200`,
      );
      rows.outbox++;
    }
    return teams;
  });

  const teams = load();
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  store.close();
  const largest = teams.reduce((a, b) => (b.members > a.members ? b : a));
  return {
    path: options.path,
    workspace,
    at: options.at.toISOString(),
    seconds: (performance.now() - started) / 1000,
    bytes: statSync(options.path).size,
    rows,
    states,
    patterns,
    largestTeam: { id: largest.id, name: largest.name, members: largest.members + 1 },
  };
}
