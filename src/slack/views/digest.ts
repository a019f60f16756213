// The manager digest as Block Kit: a main message within Slack's limits (50 blocks, 3000
// characters a section) and, when lists are cut, the full list as replies in its thread. Pure.
import { plural } from '../../domain/silence.js';
import { DateTime } from 'luxon';
import type { DigestData, DigestDeal, Money } from '../../jobs/digest.js';
import { formatChanges, formatTotals } from '../../domain/money.js';
import { revivalReasonLabel } from '../../domain/vocabulary.js';
import {
  blocksTextLength,
  context,
  divider,
  excerpt,
  header,
  LIMITS,
  message,
  MESSAGE_TEXT_BUDGET,
  section,
  splitBlocks,
  type Block,
  type BotMessage,
} from '../blocks.js';
import { COMPANY_SHOWN } from './deal.js';

const DEALS_PER_REP = 5;
const MAX_REPS = 12;
const HYGIENE_SHOWN = 10;
const SECTION_BUDGET = 2900;
const THREAD_BLOCKS = 45;
/** A broken promise is quoted this far in a digest line; `/deal status` shows it whole. */
const PROMISE_SHOWN = 160;
const company = (name: string) => excerpt(name, COMPANY_SHOWN);

/**
 * What a list of deals is worth, per currency side by side, never converted: "€20,000 + CHF 85,000",
 * "€20,000 + CHF 85,000 (1 of them without an amount)", "no amount recorded". Never "$0" for money that is not
 * dollars.
 */
function worth(value: Money, deals: readonly DigestDeal[], first: string | undefined, bold = ''): string {
  const sums = formatTotals(value, first);
  const without = deals.filter((d) => d.valueMinor === null).length;
  if (!sums) return 'no amount recorded';
  return `${bold}${sums}${bold}${without ? ` (${without} of them without an amount)` : ''}`;
}

/** Since the last digest: "+2 deals, +€20,000, −CHF 5,000", each currency against its own sum last time. */
function changeSince(change: NonNullable<DigestData['change']>, first: string | undefined): string {
  const deals = change.stuckDeals
    ? `${change.stuckDeals > 0 ? '+' : '−'}${plural(Math.abs(change.stuckDeals), 'deal')}`
    : null;
  const parts = [deals, formatChanges(change.stuckValue, first)].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')} since the last digest)` : ' (unchanged since the last digest)';
}

export function dealDigestLine(d: DigestDeal): string {
  const marks = [
    d.step,
    d.accountabilitySent ? ':email: accountability sent' : null,
    d.brokenCommitment ? `:broken_heart: broke “${excerpt(d.brokenCommitment, PROMISE_SHOWN)}”` : null,
    d.escalatedDays !== null
      ? `:rotating_light: a step due, no touch for ${plural(d.escalatedDays, 'business day')}`
      : null,
  ].filter(Boolean);
  return (
    `• *${company(d.company)}* · ${d.valueText ?? 'no value'} · ${d.stage} · ` +
    `${plural(d.daysSilent, 'business day')} silent${marks.length ? ` · ${marks.join(' · ')}` : ''}`
  );
}

/** Splits lines into sections that each stay under Slack's 3000 characters. */
function sections(title: string, lines: string[]): Block[] {
  const blocks: Block[] = [];
  let chunk = title;
  for (const line of lines) {
    if (`${chunk}\n${line}`.length > SECTION_BUDGET) {
      blocks.push(section(chunk));
      chunk = line;
    } else {
      chunk = `${chunk}\n${line}`;
    }
  }
  blocks.push(section(chunk));
  return blocks;
}

export interface DigestMessages {
  main: BotMessage;
  /** The full list, posted as replies in the main message's thread (empty when nothing was cut). */
  thread: BotMessage[];
}

export function digestMessages(data: DigestData): DigestMessages {
  const when = DateTime.fromISO(data.at).toUTC().toFormat('ccc d LLL yyyy');
  const { totals } = data;
  const first = data.team.currency ?? 'USD';
  const stuck = data.reps.flatMap((r) => r.deals);
  const change = data.change ? changeSince(data.change, first) : '';
  const stuckWorth = (bold: string) =>
    formatTotals(totals.stuckValue, first)
      ? ` worth ${worth(totals.stuckValue, stuck, first, bold)}`
      : ', no amount recorded';
  const headline =
    totals.stuckDeals === 0
      ? ":sunny: No stuck deals: every prospect who showed interest has answered within their stage's threshold."
      : `:hourglass: *${plural(totals.stuckDeals, 'stuck deal')}*${stuckWorth('*')}${change}.`;
  const blocks: Block[] = [header(`Stuck deals: ${data.team.name}, ${when}`), section(headline)];
  let cut = false;

  const hygiene = data.forecastHygiene;
  if (hygiene.deals.length) {
    const shown = hygiene.deals.slice(0, HYGIENE_SHOWN);
    cut ||= shown.length < hygiene.deals.length;
    blocks.push(
      ...sections(
        `:chart_with_downwards_trend: *Forecast hygiene:* ${hygiene.deals.length} silent deal` +
          `${hygiene.deals.length === 1 ? '' : 's'} past threshold still in commit or best-case: ` +
          (formatTotals(hygiene.value, first)
            ? `${worth(hygiene.value, hygiene.deals, first, '*')} should come out of the forecast.`
            : `${hygiene.deals.length === 1 ? 'it' : 'they'} should come out of the forecast (no amount recorded).`),
        [
          ...shown.map(
            (d) =>
              `• *${company(d.company)}* (<@${d.ownerId}>) · ${d.valueText ?? 'no value'} · ${d.forecast} · ` +
              `${plural(d.daysSilent, 'business day')} silent`,
          ),
          ...(shown.length < hygiene.deals.length
            ? [`…and ${hygiene.deals.length - shown.length} more in the thread.`]
            : []),
        ],
      ),
    );
  }

  const reps = data.reps.slice(0, MAX_REPS);
  cut ||= reps.length < data.reps.length;
  for (const rep of reps) {
    blocks.push(divider());
    const shown = rep.deals.slice(0, DEALS_PER_REP);
    cut ||= shown.length < rep.deals.length;
    // A rep with no stuck deal is here for their coaching line (a goodbye to praise): say so, not a bare name.
    const title = rep.deals.length
      ? `*<@${rep.repId}>*: ${rep.deals.length} stuck deal${rep.deals.length === 1 ? '' : 's'}, ` +
        `${worth(rep.value, rep.deals, first)}`
      : `*<@${rep.repId}>*: no stuck deals`;
    blocks.push(
      ...sections(title, [
        ...shown.map(dealDigestLine),
        ...(shown.length < rep.deals.length ? [`…and ${rep.deals.length - shown.length} more in the thread.`] : []),
      ]),
    );
    if (rep.coaching) blocks.push(context(`:bulb: ${rep.coaching}`));
  }
  if (reps.length < data.reps.length)
    blocks.push(context(`…and ${data.reps.length - reps.length} more reps in the thread.`));

  const events = [
    ...data.firedSince.map((e) => `• :wave: *${company(e.company)}* (<@${e.ownerId}>): goodbye sent`),
    ...data.revivedSince.map(
      (e) =>
        `• :seedling: *${company(e.company)}* (<@${e.ownerId}>): came back` +
        `${e.reason ? ` (${revivalReasonLabel(e.reason)})` : ''}`,
    ),
  ];
  if (events.length) {
    blocks.push(divider(), ...sections(`*Since the last digest*`, events.slice(0, 15)));
    cut ||= events.length > 15;
  }
  if (totals.escalated)
    blocks.push(
      context(
        `:rotating_light: ${totals.escalated} deal${totals.escalated === 1 ? ' has' : 's have'} a cadence step ` +
          `due and no touch for the team's limit (\`/deal team escalation\`) or longer.`,
      ),
    );
  if (cut) blocks.push(context(':thread: The full list is in the thread below.'));

  // Keep the main message within 50 blocks and the text budget whatever the data: the thread has everything.
  const main = fitMain(blocks);
  const stuckSum = totals.stuckDeals ? stuckWorth('') : '';
  const hygieneSum = hygiene.deals.length
    ? formatTotals(hygiene.value, first)
      ? ` worth ${worth(hygiene.value, hygiene.deals, first)}`
      : ', no amount recorded'
    : '';
  const text =
    `${data.team.name}: ${plural(totals.stuckDeals, 'stuck deal')}${stuckSum}; ` +
    `${hygiene.deals.length} still in the forecast${hygieneSum}.`;
  return { main: message(text, main), thread: cut || main !== blocks ? fullList(data) : [] };
}

const CUT_NOTE = ':thread: The full list is in the thread below: this digest was cut to fit Slack.';

/** The blocks as they are when they fit; else the first ones that fit, and a note pointing at the thread. */
function fitMain(blocks: Block[]): Block[] {
  if (blocks.length <= LIMITS.messageBlocks && blocksTextLength(blocks) <= MESSAGE_TEXT_BUDGET) return blocks;
  const note = context(CUT_NOTE);
  const kept = splitBlocks(blocks, MESSAGE_TEXT_BUDGET - blocksTextLength(note), LIMITS.messageBlocks - 1)[0]!;
  // A divider left last would separate nothing.
  while (kept.length > 1 && kept.at(-1)!.type === 'divider') kept.pop();
  return [...kept, note];
}

/** Every stuck deal, rep by rep, in as many messages as Slack's limits need. */
function fullList(data: DigestData): BotMessage[] {
  const lines: string[] = [];
  for (const rep of data.reps) {
    if (!rep.deals.length) continue;
    lines.push(
      `*<@${rep.repId}>*: ${rep.deals.length} stuck, ${worth(rep.value, rep.deals, data.team.currency ?? 'USD')}`,
    );
    lines.push(...rep.deals.map(dealDigestLine));
  }
  if (data.forecastHygiene.deals.length) {
    const hygiene = data.forecastHygiene;
    lines.push(`*Forecast hygiene*: ${worth(hygiene.value, hygiene.deals, data.team.currency ?? 'USD')}`);
    lines.push(
      ...data.forecastHygiene.deals.map(
        (d) => `• *${company(d.company)}* (<@${d.ownerId}>) · ${d.valueText ?? 'no value'} · ${d.forecast}`,
      ),
    );
  }
  const parts = splitBlocks(
    sections(`*Full list* (${data.totals.stuckDeals} stuck deals)`, lines),
    MESSAGE_TEXT_BUDGET,
    THREAD_BLOCKS,
  );
  return parts.map((blocks, index) => message(`Full list, part ${index + 1} of ${parts.length}`, blocks));
}
