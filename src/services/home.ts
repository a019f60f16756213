// Gathers the App Home board for a rep (and their team's totals for a manager) and publishes it.
import { and, count, eq, inArray, sum } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { openDealsOfOwner } from '../db/deals.js';
import { deals, drafts, silenceEpisodes, users } from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { formatTotals } from '../domain/money.js';
import { businessDaysSilent, episodeDay, stepLabel } from '../domain/silence.js';
import type { Messenger } from '../slack/messenger.js';
import { homeView, type HomeData, type HomeDeal } from '../slack/views/home.js';
import type { Actor, AppContext } from './context.js';
import { coachMetrics } from './metrics.js';
import { settingsForOwner, teamCurrency } from './team-settings.js';
import { managedTeam, visibleOwners } from './teams.js';

export function homeData(ctx: AppContext, actor: Actor): HomeData {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const settings = settingsForOwner(db, actor.teamId, actor.userId, ctx.defaultZone);
  const calendar = calendarFor(settings.calendar);
  const mine = openDealsOfOwner(db, actor.teamId, actor.userId);
  const episodes = mine.length
    ? db
        .select()
        .from(silenceEpisodes)
        .where(
          inArray(
            silenceEpisodes.dealId,
            mine.map((d) => d.id),
          ),
        )
        .all()
        .filter((e) => !e.endedAt)
    : [];
  const openEpisode = new Map(episodes.map((e) => [e.dealId, e]));
  const toHome = (deal: (typeof mine)[number]): HomeDeal => {
    const episode = openEpisode.get(deal.id);
    let dueStep: string | null = null;
    if (episode) {
      const day = episodeDay(episode.startedOn, { now: now.getTime(), calendar });
      const steps = episode.steps ?? {};
      const open = settings.cadence.filter((s) => !steps[s.step]?.done && !steps[s.step]?.skipped);
      // Today's step when one is due (an older one may still be open for its second offer), else the next.
      const next = open.filter((s) => s.day <= day).at(-1) ?? open[0];
      dueStep = next
        ? `step ${next.step} of ${settings.cadence.length}${next.day <= day ? '' : ' (later)'}: ` +
          `${stepLabel(next, episode.reason === 'broken_commitment')}`
        : 'cadence finished';
    }
    return {
      deal,
      daysSilent: businessDaysSilent(
        { lastInboundAt: deal.lastInboundAt?.getTime() ?? null, createdAt: deal.createdAt.getTime() },
        { now: now.getTime(), calendar },
      ),
      dueStep,
    };
  };
  const byState = (state: string) => mine.filter((d) => d.state === state).map(toHome);
  const pending = mine.length
    ? db
        .select()
        .from(drafts)
        .where(
          and(
            eq(drafts.teamId, actor.teamId),
            eq(drafts.status, 'pending'),
            inArray(
              drafts.dealId,
              mine.map((d) => d.id),
            ),
          ),
        )
        .all()
    : [];
  const company = new Map(mine.map((d) => [d.id, d.company]));
  const monthStart = DateTime.fromJSDate(now, { zone: actor.zone }).startOf('month');
  const since = monthStart.toJSDate();
  // Inclusive of this instant: what just happened counts.
  const until = new Date(now.getTime() + 1);
  let team: HomeData['team'] = null;
  // Totals only over what the viewer may see: an admin the workspace, a manager their team.
  const scope = visibleOwners(db, actor.teamId, actor.userId);
  if (scope === 'all' || scope.size > 1) {
    const ownerIds = scope === 'all' ? null : [...scope];
    // Counted and summed by SQL, per currency: at 100,000 deals, reading the silent rows took ~100 ms.
    const inScope = ownerIds ? inArray(deals.ownerId, ownerIds) : undefined;
    const reps =
      scope === 'all'
        ? (db.select({ n: count() }).from(users).where(eq(users.teamId, actor.teamId)).get()?.n ?? 0)
        : scope.size;
    // count(value_minor) counts the deals with an amount: the others are counted apart, never summed as $0.
    const silent = db
      .select({
        currency: deals.currency,
        deals: count(),
        valued: count(deals.valueMinor),
        minor: sum(deals.valueMinor).mapWith(Number),
      })
      .from(deals)
      .where(and(eq(deals.teamId, actor.teamId), eq(deals.state, 'silent'), inScope))
      .groupBy(deals.currency)
      .all();
    const sums = Object.fromEntries(silent.filter((row) => row.valued > 0).map((row) => [row.currency, row.minor]));
    const managed = managedTeam(db, actor.teamId, actor.userId);
    team = {
      name: scope === 'all' ? 'whole workspace' : (managed?.name ?? 'your team'),
      metrics: coachMetrics(ctx.store, { teamId: actor.teamId, ...(ownerIds ? { ownerIds } : {}), since, until }),
      silentDeals: silent.reduce((total, row) => total + row.deals, 0),
      // Each currency on its own, the team's first: amounts in different currencies are never added up.
      silentValue: formatTotals(sums, managed?.currency ?? teamCurrency(db, actor.teamId, actor.userId)),
      silentWithoutAmount: silent.reduce((total, row) => total + row.deals - row.valued, 0),
      reps,
    };
  }
  return {
    now,
    zone: actor.zone,
    silent: byState('silent').sort((a, b) => b.daysSilent - a.daysSilent),
    active: byState('active'),
    nurture: byState('nurture'),
    pendingDrafts: pending.map((d) => ({
      id: d.id,
      company: company.get(d.dealId) ?? '',
      kind: d.kind,
      subject: d.subject,
    })),
    month: coachMetrics(ctx.store, { teamId: actor.teamId, ownerIds: [actor.userId], since, until }),
    monthLabel: `This month (${monthStart.toFormat('LLLL yyyy')})`,
    team,
  };
}

export async function publishHome(ctx: AppContext, messenger: Messenger, actor: Actor): Promise<void> {
  await messenger.publishHome(actor.teamId, actor.userId, homeView(homeData(ctx, actor)));
}
