// Metrics that prove the method, computed from stored facts: did accountability and goodbye
// messages get answers, did revived deals close, and how long did silences last?
import type { Store } from '../db/index.js';

export interface CoachMetrics {
  episodesOpened: number;
  accountabilitySent: number;
  repliedAfterAccountability: number;
  fireSent: number;
  repliedAfterFire: number;
  revived: number;
  revivedThenWon: number;
  /** Silence to closure (a reply, a goodbye, or a loss), in days; null when none closed. */
  averageDaysToClosure: number | null;
  closedEpisodes: number;
}

export interface MetricsScope {
  teamId: string;
  /** Only these reps' deals; all of the workspace when absent. */
  ownerIds?: string[];
  since: Date;
  until: Date;
}

const DAY_MS = 86_400_000;

export function coachMetrics(store: Store, scope: MetricsScope): CoachMetrics {
  const owners = scope.ownerIds;
  const ownerFilter = owners ? `AND d.owner_id IN (${owners.map((_, i) => `@o${i}`).join(',') || "''"})` : '';
  const params: Record<string, string | number> = {
    since: scope.since.getTime(),
    until: scope.until.getTime(),
    team: scope.teamId,
  };
  owners?.forEach((owner, i) => (params[`o${i}`] = owner));
  const row = store.sqlite
    .prepare(
      `SELECT
         sum(e.started_at >= @since AND e.started_at < @until) AS opened,
         sum(e.accountability_at >= @since AND e.accountability_at < @until) AS accountability,
         sum(e.accountability_at >= @since AND e.accountability_at < @until AND e.revived_at >= e.accountability_at) ` +
        `AS after_accountability,
         sum(e.fired_at >= @since AND e.fired_at < @until) AS fired,
         sum(e.fired_at >= @since AND e.fired_at < @until AND e.revived_at >= e.fired_at) AS after_fire,
         sum(e.revived_at >= @since AND e.revived_at < @until) AS revived,
         sum(e.revived_at >= @since AND e.revived_at < @until AND d.state = 'won') AS revived_won,
         sum(e.ended_at >= @since AND e.ended_at < @until AND e.outcome IN ('replied', 'fired', 'lost')) AS closed,
         avg(CASE WHEN e.ended_at >= @since AND e.ended_at < @until AND e.outcome IN ('replied', 'fired', 'lost') ` +
        `THEN e.ended_at - e.started_at END) AS avg_ms
       FROM silence_episodes e JOIN deals d ON d.id = e.deal_id
       WHERE d.team_id = @team ${ownerFilter}`,
    )
    .get(params) as Record<string, number | null>;
  const n = (v: number | null) => v ?? 0;
  return {
    episodesOpened: n(row.opened),
    accountabilitySent: n(row.accountability),
    repliedAfterAccountability: n(row.after_accountability),
    fireSent: n(row.fired),
    repliedAfterFire: n(row.after_fire),
    revived: n(row.revived),
    revivedThenWon: n(row.revived_won),
    averageDaysToClosure:
      row.avg_ms === null || row.avg_ms === undefined ? null : Math.round((row.avg_ms / DAY_MS) * 10) / 10,
    closedEpisodes: n(row.closed),
  };
}

export function rate(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
}
