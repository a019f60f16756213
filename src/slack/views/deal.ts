// Block Kit for /deal replies: pure functions of plain rows, the clock and the rep's zone.
import type { ActivityRow, CommitmentRow, DealRow, EpisodeRow } from '../../db/schema.js';
import { isClosed, revivalReasonLabel, STAGES } from '../../domain/vocabulary.js';
import { promiseButtons, promiseLine } from './promises.js';
import { ACTION_IDS, CALLBACK_IDS } from '../ids.js';
import { DateTime } from 'luxon';
import { calendarDaysBetween, formatDay, formatInstant, localDate } from '../../domain/dates.js';
import { USAGE } from '../../domain/grammar.js';
import { TEAM_USAGE } from '../../domain/team-grammar.js';
import { formatMoney, type AmountResult } from '../../domain/money.js';
import {
  actions,
  clip,
  context,
  divider,
  esc,
  excerpt,
  fields,
  header,
  message,
  modal,
  section,
  selectInput,
  textInput,
  type Block,
  type BotMessage,
  type ModalView,
} from '../blocks.js';

/** How much of a name, note or promise one line shows; `/deal status <id>` shows the name whole. */
export const NOTE_SHOWN = 280;
export const COMPANY_SHOWN = 100;
const CONTACT_SHOWN = 60;
import { TEXT_LIMITS } from '../../domain/limits.js';

export interface ViewContext {
  now: Date;
  zone: string;
}

const STATE_LABEL: Record<DealRow['state'], string> = {
  active: 'active',
  silent: ':zipper_mouth_face: silent',
  fired: ':wave: fired (goodbye sent)',
  nurture: ':seedling: nurture',
  won: ':trophy: won',
  lost: ':x: lost',
};

export function dealValue(deal: Pick<DealRow, 'valueMinor' | 'currency'>): string {
  return formatMoney(deal.valueMinor, deal.currency) ?? 'no value';
}

/** "Nordlicht's": whose currency a bare amount about a deal is read in (its own once it has an amount). */
export function whoseCurrency(deal: Pick<DealRow, 'company' | 'valueMinor'>): string {
  return deal.valueMinor !== null ? `${clip(deal.company, 60)}'s` : "your team's";
}

/** The line under figures typed without a currency: "Yearly value to them: in EUR (your team's currency; …)". */
export function assumedCurrencyLine(label: string, typed: string, currency: string, whose: string): string {
  const other = currency === 'USD' ? 'EUR' : 'USD';
  return `${label}: in ${currency} (${esc(whose)} currency; write \`${esc(typed.trim())} ${other}\` for another)`;
}

/**
 * Under an amount typed without a currency, which one it was read in and how to write another:
 * "Amount: €45,000 (your team's currency; write `45k USD` for another)". Null when the rep wrote one.
 * `whose` names the currency's owner: "your team's", "Nordlicht's".
 */
export function assumedCurrencyNote(
  label: string,
  typed: string,
  read: Extract<AmountResult, { ok: true }>,
  whose: string,
): string | null {
  if (read.currencyGiven && !read.sharedSymbol) return null;
  const { minor, currency } = read.money;
  const other = currency === 'USD' ? 'EUR' : 'USD';
  const how = read.sharedSymbol
    ? `${esc(read.sharedSymbol)} read as ${esc(whose)} currency, ${currency}; write ${other} or another code ` +
      `for another`
    : `${esc(whose)} currency; write \`${esc(typed.trim())} ${other}\` for another`;
  return `${label}: ${formatMoney(minor, currency)} (${how})`;
}

/** Days since the prospect last replied; for a prospect who never replied, since the deal was created. */
export function daysSinceReply(deal: Pick<DealRow, 'lastInboundAt' | 'createdAt'>, { now, zone }: ViewContext): number {
  return calendarDaysBetween(deal.lastInboundAt ?? deal.createdAt, now, zone);
}

function silenceText(deal: DealRow, view: ViewContext): string {
  const days = daysSinceReply(deal, view);
  const unit = days === 1 ? 'day' : 'days';
  return deal.lastInboundAt ? `${days} ${unit} since they last replied` : `no reply yet (${days} ${unit} on the list)`;
}

/** One line about a deal: *Acme* · $50,000 · proposal · Bob Lee */
export function dealLine(deal: DealRow): string {
  const parts = [`*${excerpt(deal.company, COMPANY_SHOWN)}*`, dealValue(deal), deal.stage];
  if (deal.contactName) parts.push(excerpt(deal.contactName, CONTACT_SHOWN));
  return parts.join(' · ');
}

export function confirmation(title: string, deal: DealRow, view: ViewContext, extra: string[] = []): BotMessage {
  const lines = [`:white_check_mark: ${title}`, `${dealLine(deal)} · #${deal.id}`, ...extra];
  return message(`${title}: ${deal.company}`, [
    section(lines.join('\n')),
    context(`State: ${STATE_LABEL[deal.state]} · ${silenceText(deal, view)}`),
  ]);
}

/** Error text: plain strings (escaped) and people, shown as mentions only for well-formed user ids. */
export type ErrorText = string | Array<string | { user: string }>;

const USER_ID = /^[UW][A-Z0-9]+$/;

/** Text with real mentions in it: user text is escaped, a Slack user id becomes a mention. */
export function partsToMrkdwn(error: ErrorText): string {
  const parts = typeof error === 'string' ? [error] : error;
  return parts
    .map((p) => (typeof p === 'string' ? esc(p) : USER_ID.test(p.user) ? `<@${p.user}>` : esc(p.user)))
    .join('');
}

export function partsToText(error: ErrorText): string {
  const parts = typeof error === 'string' ? [error] : error;
  return parts.map((p) => (typeof p === 'string' ? p : `@${p.user}`)).join('');
}

/** An error that already says nothing changed: errorMessage does not say it twice. */
const SAYS_NOTHING_CHANGED =
  /\bnothing (?:was |has been |is )?(?:changed|saved|added|logged|recorded)\b|\bchanges? nothing\b/i;

export function errorMessage(error: ErrorText, usage?: string): BotMessage {
  const asMrkdwn = partsToMrkdwn(error);
  const asText = partsToText(error);
  const lines = [`:warning: ${asMrkdwn}`];
  if (usage) lines.push(`Right form: \`${esc(usage)}\``);
  lines.push(`${SAYS_NOTHING_CHANGED.test(asText) ? '' : 'Nothing was changed. '}\`/deal help\` lists every command.`);
  return message(`${asText}${usage ? ` Right form: ${usage}` : ''}`, [section(lines.join('\n'))]);
}

const NO_CANDIDATES = ' `/deal list` shows your deals; `/deal new &lt;company&gt;` adds one.';

export function dealNotFound(refText: string, candidates: DealRow[], reason: 'unknown' | 'ambiguous'): BotMessage {
  const intro =
    reason === 'ambiguous'
      ? `\`${esc(refText)}\` matches more than one of your deals. Say which, by more of the name or by id:`
      : `You have no deal called \`${esc(refText)}\`.` + `${candidates.length ? ' Did you mean:' : NO_CANDIDATES}`;
  const list = candidates.slice(0, 10).map((d) => `• ${dealLine(d)} (id ${d.id})`);
  return message(`${reason === 'ambiguous' ? 'Which deal?' : 'No such deal'}: ${refText}`, [
    section([`:mag: ${intro}`, ...list, 'Nothing was changed.'].join('\n')),
  ]);
}

export function dealListMessage(deals: DealRow[], view: ViewContext, limit = 40): BotMessage {
  if (deals.length === 0) {
    return message('You have no open deals.', [
      section('You have no open deals yet. Add one with `/deal new Acme contact "Bob Lee" value 50k stage proposal`.'),
    ]);
  }
  const sorted = [...deals].sort(
    (a, b) => (a.lastInboundAt ?? a.createdAt).getTime() - (b.lastInboundAt ?? b.createdAt).getTime() || a.id - b.id,
  );
  const shown = sorted.slice(0, limit);
  const lines = shown.map((d) => {
    const flags = d.state === 'active' ? '' : ` · ${STATE_LABEL[d.state]}`;
    const snooze =
      d.snoozedUntil && d.snoozedUntil > view.now
        ? ` · :zzz: until ${formatDay(localDate(d.snoozedUntil, view.zone), view.now, view.zone)}`
        : '';
    return `• ${dealLine(d)} · ${d.forecast} · ${silenceText(d, view)}${flags}${snooze}`;
  });
  const blocks: Block[] = [header(`Your open deals (${deals.length})`)];
  // Sections hold 3000 characters: split the list over several.
  let chunk: string[] = [];
  for (const line of lines) {
    if ([...chunk, line].join('\n').length > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  if (deals.length > shown.length)
    blocks.push(context(`…and ${deals.length - shown.length} more. Longest-silent first.`));
  else blocks.push(context('Longest-silent first. `/deal status &lt;deal&gt;` shows one in full.'));
  const text =
    `Your open deals (${deals.length}):\n` +
    `${shown.map((d) => `${d.company} (${dealValue(d)}, ${d.stage}, ${silenceText(d, view)})`).join('\n')}`;
  return message(text, blocks);
}

/** Field names as older rows of "updated from the form: …" stored them, in the words people use. */
const FIELD_WORDS: Record<string, string> = {
  contactName: 'contact',
  contactEmail: 'email',
  greetAs: 'greet as',
  valueMinor: 'value',
  prospectGoal: 'goal',
};

/**
 * A note the app wrote (a change, a promise logged), as people read it: its dates (stored as YYYY-MM-DD) as
 * days ("Wed, Nov 4", with the year when it is another), field names as words. Notes a rep typed stay as typed.
 */
function readableNote(a: ActivityRow, view: ViewContext): string | null {
  if (!a.note) return null;
  const written = a.direction === 'update' || (a.direction === 'note' && a.note.startsWith('they committed: '));
  if (!written) return a.note;
  let note = a.note.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) =>
    DateTime.fromISO(iso).isValid ? formatDay(iso, view.now, view.zone) : iso,
  );
  if (note.startsWith('updated from the form: ')) {
    note = note.replace(/\b(contactName|contactEmail|greetAs|valueMinor|prospectGoal)\b/g, (f) => FIELD_WORDS[f] ?? f);
  }
  return note;
}

function activityLine(a: ActivityRow, view: ViewContext): string {
  const when = formatInstant(a.at, view.now, view.zone);
  const text = readableNote(a, view);
  const note = text ? `: ${excerpt(text, NOTE_SHOWN)}` : '';
  switch (a.direction) {
    case 'out': {
      const message =
        a.channel === 'call' && a.leftMessage !== null ? (a.leftMessage ? ', left a message' : ', no message') : '';
      return `${when} · :outbox_tray: ${a.channel}${message}${note}`;
    }
    case 'in':
      return `${when} · :inbox_tray: they replied${a.channel ? ` (${a.channel})` : ''}${note}`;
    case 'note':
      return `${when} · :memo: note${note}`;
    default:
      return `${when} · :pencil2:${note}`;
  }
}

export interface StatusData {
  deal: DealRow;
  activities: ActivityRow[];
  commitments: CommitmentRow[];
  episodes: EpisodeRow[];
}

export function dealStatusMessage(
  { deal, activities, commitments, episodes }: StatusData,
  view: ViewContext,
): BotMessage {
  const blocks: Block[] = [header(`${deal.company} (#${deal.id})`)];
  blocks.push(
    fields([
      `*Value*\n${dealValue(deal)}`,
      `*Stage*\n${deal.stage}`,
      `*Forecast*\n${deal.forecast}` +
        `${deal.state === 'fired' && deal.forecastBeforeFire ? ` (was ${deal.forecastBeforeFire})` : ''}`,
      `*State*\n${STATE_LABEL[deal.state]}`,
      `*Contact*\n${deal.contactName ? esc(deal.contactName) : '—'}` +
        `${deal.contactEmail ? `\n${esc(deal.contactEmail)}` : ''}` +
        `${deal.greetAs ? `\nGreet as “${esc(deal.greetAs)}”` : ''}`,
      `*Silence*\n${silenceText(deal, view)}`,
    ]),
  );
  const facts: string[] = [];
  if (deal.prospectGoal) facts.push(`*What they want:* ${esc(deal.prospectGoal)}`);
  if (deal.snoozedUntil && deal.snoozedUntil > view.now) {
    facts.push(
      `*Snoozed* until ${formatInstant(deal.snoozedUntil, view.now, view.zone)}` +
        `${deal.snoozeReason ? `: ${esc(deal.snoozeReason)}` : ''}`,
    );
  }
  if (deal.followUpOn) facts.push(`*Follow up on* ${formatDay(deal.followUpOn, view.now, view.zone)}`);
  if (deal.lostReason) facts.push(`*Lost because:* ${esc(deal.lostReason)}`);
  if (facts.length) blocks.push(section(facts.join('\n')));

  const open = commitments.filter((c) => c.status === 'open');
  const past = commitments.filter((c) => c.status !== 'open');
  if (open.length || past.length) {
    const lines = [...open, ...past].map((c) => promiseLine(c, view));
    blocks.push(section(`*Commitments*\n${lines.join('\n')}`));
    if (!isClosed(deal.state)) blocks.push(...promiseButtons(deal.id, [...open, ...past]));
  }

  if (episodes.length) {
    const lines = episodes.map((e, index) => {
      const started = formatDay(localDate(e.startedAt, view.zone), view.now, view.zone);
      const how = e.endedAt
        ? `ended ${formatDay(localDate(e.endedAt, view.zone), view.now, view.zone)}: ${e.outcome ?? 'closed'}` +
          `${e.outcomeReason ? ` (${esc(e.outcomeReason)})` : ''}`
        : 'open';
      const cause = e.reason === 'broken_commitment' ? 'broken commitment' : 'no reply';
      const marks = [e.accountabilityAt ? 'accountability sent' : null, e.firedAt ? 'goodbye sent' : null]
        .filter(Boolean)
        .join(', ');
      const back = e.revivedAt
        ? ` · came back ${formatDay(localDate(e.revivedAt, view.zone), view.now, view.zone)}` +
          `${e.revivalReason ? ` (${revivalReasonLabel(e.revivalReason)})` : ''}`
        : '';
      return (
        `${index + 1}. ${started} · ${cause} · ${e.stepsDone} step${e.stepsDone === 1 ? '' : 's'} done` +
        `${marks ? ` · ${marks}` : ''} · ${how}${back}`
      );
    });
    blocks.push(section(`*Silence episodes*\n${lines.join('\n')}`));
  }

  blocks.push(divider());
  const recent = activities.slice(-15);
  const timeline = recent.map((a) => activityLine(a, view));
  blocks.push(
    section(
      `*Timeline*${activities.length > recent.length ? ` (last ${recent.length} of ${activities.length})` : ''}\n` +
        `${timeline.length ? timeline.join('\n') : 'Nothing logged yet.'}`,
    ),
  );
  blocks.push(context(`Created ${formatInstant(deal.createdAt, view.now, view.zone)} · times in ${view.zone}`));
  const text = `${deal.company}: ${dealValue(deal)}, ${deal.stage}, ${deal.state}, ${silenceText(deal, view)}`;
  return message(text, blocks);
}

const HELP_INTRO =
  'dealcoach watches for prospects who go silent after showing interest and coaches you through a short cadence: ' +
  'first hold them accountable, then a polite goodbye-for-now. Log what happens with `/deal`:';

const EXAMPLES = [
  '`/deal new Acme contact "Bob Lee" email bob@acme.com value 50k stage proposal forecast commit`',
  '`/deal call Acme left message asked about the VP review`',
  '`/deal reply Acme via email they want a new quote`',
  '`/deal commit Acme "present the proposal to the VP of Sales" by friday`',
  '`/deal snooze Acme 2w on holiday`',
  '`/deal status Acme`',
];

export function helpMessage(topic: string | null): BotMessage {
  if (topic) {
    // The team's forms are many: `/deal help team` lists each.
    const forms = topic === 'team' ? Object.values(TEAM_USAGE) : [USAGE[topic]!];
    return message(`/deal ${topic}: ${forms.join('\n')}`, [
      section(forms.map((form) => `\`${esc(form)}\``).join('\n')),
      context(
        topic === 'team'
          ? "Only a team's manager changes it; workspace admins name managers and add people to any team."
          : '`&lt;deal&gt;` is a company name (or any word of it) or a deal id. Dates are read in your time zone.',
      ),
    ]);
  }
  const reference = Object.values(USAGE)
    .map((u) => `\`${esc(u)}\``)
    .join('\n');
  return message(`/deal help\n${Object.values(USAGE).join('\n')}`, [
    section(HELP_INTRO),
    section(reference),
    section(`*Examples*\n${EXAMPLES.join('\n')}`),
    context('`&lt;deal&gt;` is a company name (or any word of it) or a deal id. `/deal` alone opens a form.'),
  ]);
}

const DEAL_MODAL_CALLBACK = CALLBACK_IDS.dealForm;

export interface DealModalPrefill {
  company?: string;
  contactName?: string | null;
  contactEmail?: string | null;
  greetAs?: string | null;
  value?: string | null;
  stage?: string | null;
  forecast?: string | null;
  goal?: string | null;
}

/** Under a preview of what was just typed: opens the deal's form, filled in (dealEditModal). */
export function editDealButton(dealId: number): Block {
  return actions([{ text: 'Edit', actionId: ACTION_IDS.dealEdit, value: String(dealId) }], `edit-deal-${dealId}`);
}

/** The deal's form filled in with what the deal holds: saving it updates the deal (same company). */
export function dealEditModal(deal: DealRow): ModalView {
  return dealModal({
    company: deal.company,
    contactName: deal.contactName,
    contactEmail: deal.contactEmail,
    greetAs: deal.greetAs,
    value: formatMoney(deal.valueMinor, deal.currency),
    stage: deal.stage,
    forecast: deal.forecast,
    goal: deal.prospectGoal,
  });
}

/** `/deal` alone: create a deal, or update one when the company matches one of yours. */
export function dealModal(prefill: DealModalPrefill = {}): ModalView {
  return modal({
    callbackId: DEAL_MODAL_CALLBACK,
    title: 'Deal',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      section('Add a deal, or update one of yours by its company name.'),
      textInput('company', 'Company', {
        initial: prefill.company,
        placeholder: 'Acme Corp',
        optional: false,
        maxLength: TEXT_LIMITS.company,
      }),
      textInput('contact', 'Contact name', {
        initial: prefill.contactName,
        placeholder: 'Bob Lee',
        maxLength: TEXT_LIMITS.contact,
      }),
      textInput('email', 'Contact email', {
        initial: prefill.contactEmail,
        placeholder: 'bob@acme.com',
        maxLength: TEXT_LIMITS.email,
      }),
      textInput('greet', 'Greet them as', {
        initial: prefill.greetAs,
        placeholder: 'Dr. Müller, Tanaka-san, Bob',
        maxLength: TEXT_LIMITS.contact,
      }),
      textInput('value', 'Value', { initial: prefill.value, placeholder: '50k, $1.2M or 12,500 EUR', maxLength: 500 }),
      selectInput(
        'stage',
        'Stage',
        STAGES.map((v) => [v, v] as const),
        { initial: prefill.stage },
      ),
      selectInput(
        'forecast',
        'Forecast',
        (['pipeline', 'best-case', 'commit'] as const).map((v) => [v, v] as const),
        { initial: prefill.forecast },
      ),
      textInput('goal', 'What they want to gain', {
        initial: prefill.goal,
        placeholder: 'improving retention and reducing hiring costs',
        multiline: true,
        maxLength: TEXT_LIMITS.goal,
      }),
    ],
  });
}
