// The App Home board: the rep's deals by state (silent first), pending drafts, nurture dates,
// and this month's numbers; managers also see their team's totals. Pure.
import { plural } from '../../domain/silence.js';
import type { DealRow } from '../../db/schema.js';
import { formatDay } from '../../domain/dates.js';
import { rate, type CoachMetrics } from '../../services/metrics.js';
import {
  capBlocks,
  context,
  divider,
  esc,
  fields,
  header,
  LIMITS,
  section,
  type Block,
  type HomeView,
} from '../blocks.js';
import { dealLine } from './deal.js';

export interface HomeDeal {
  deal: DealRow;
  daysSilent: number;
  /** e.g. "step 3 of 5: Email: ask what happened", for silent deals. */
  dueStep: string | null;
}

export interface HomeData {
  now: Date;
  zone: string;
  silent: HomeDeal[];
  active: HomeDeal[];
  nurture: HomeDeal[];
  pendingDrafts: Array<{ id: number; company: string; kind: string; subject: string }>;
  month: CoachMetrics;
  monthLabel: string;
  /**
   * silentValue: the silent deals' amounts, one per currency ("€20,000 + CHF 85,000"); null when none has one.
   * silentWithoutAmount: how many have no amount (counted, never shown as $0).
   */
  team: {
    name: string;
    metrics: CoachMetrics;
    silentDeals: number;
    silentValue: string | null;
    silentWithoutAmount?: number;
    reps: number;
  } | null;
}

function metricFields(m: CoachMetrics): Block {
  return fields([
    `*Silences opened*\n${m.episodesOpened}`,
    `*Accountability sent*\n${m.accountabilitySent} (${rate(m.repliedAfterAccountability, m.accountabilitySent)}` +
      ` replied)`,
    `*Goodbyes sent*\n${m.fireSent} (${rate(m.repliedAfterFire, m.fireSent)} replied)`,
    `*Came back*\n${m.revived} (${m.revivedThenWon} won since)`,
    `*Silence to closure*\n${m.averageDaysToClosure === null ? '–' : `${m.averageDaysToClosure} days on average`}`,
  ]);
}

function list(title: string, items: HomeDeal[], line: (d: HomeDeal) => string, empty: string, max = 15): Block[] {
  const shown = items.slice(0, max);
  const text = shown.length ? shown.map(line).join('\n') : empty;
  const blocks = [section(`*${title}* (${items.length})\n${text}`)];
  if (items.length > shown.length)
    blocks.push(context(`…and ${items.length - shown.length} more: \`/deal list\` shows them all.`));
  return blocks;
}

/** " worth €20,000 + CHF 85,000", "… (2 of them without an amount)", ", no amount recorded": never "$0". */
function silentWorth(team: NonNullable<HomeData['team']>): string {
  const without = team.silentWithoutAmount ?? 0;
  if (!team.silentValue) return team.silentDeals ? ', no amount recorded' : '';
  return ` worth ${team.silentValue}${without ? ` (${without} of them without an amount)` : ''}`;
}

export function homeView(data: HomeData): HomeView {
  const blocks: Block[] = [
    header('Your deals, coached'),
    context("Silence is measured from the prospect's last reply. `/deal help` lists every command."),
  ];
  blocks.push(
    ...list(
      'Silent',
      data.silent,
      (d) =>
        `• ${dealLine(d.deal)} · ${plural(d.daysSilent, 'business day')} silent` +
        `${d.dueStep ? ` · ${esc(d.dueStep)}` : ''}`,
      'No silent deals. :tada:',
    ),
  );
  if (data.pendingDrafts.length) {
    blocks.push(
      section(
        `*Drafts waiting for you* (${data.pendingDrafts.length})\n${data.pendingDrafts
          .slice(0, 10)
          .map((d) => `• ${esc(d.company)}: ${d.kind}, “${esc(d.subject)}” (in your DMs)`)
          .join('\n')}`,
      ),
    );
  }
  blocks.push(
    ...list('Active', data.active, (d) => `• ${dealLine(d.deal)}`, 'No active deals. Add one with `/deal new`.'),
  );
  blocks.push(
    ...list(
      'Nurture',
      data.nurture,
      (d) =>
        `• ${dealLine(d.deal)}` +
        `${d.deal.followUpOn ? ` · call back ${formatDay(d.deal.followUpOn, data.now, data.zone)}` : ''}`,
      'Nothing in nurture.',
    ),
  );
  blocks.push(divider(), section(`*${data.monthLabel}*`), metricFields(data.month));
  if (data.team) {
    blocks.push(
      divider(),
      section(
        `*Team: ${esc(data.team.name)}* · ${data.team.reps} reps · ${data.team.silentDeals} silent deals` +
          silentWorth(data.team),
      ),
      metricFields(data.team.metrics),
    );
  }
  return { type: 'home', blocks: capBlocks(blocks, LIMITS.viewBlocks, 'deals') };
}
