// `/deal` commands: parse, resolve the deal among the rep's own, apply in one transaction, render.
// Shared by the Slack listener and the local console.
import { tooLong, TEXT_LIMITS, type LimitedField } from '../domain/limits.js';
import type { Tx } from '../db/index.js';
import {
  activitiesOfDeal,
  commitmentsOfDeal,
  companyKey,
  dealsOfOwner,
  episodesOfDeal,
  getOwnDeal,
  NOT_YOUR_DEAL,
} from '../db/deals.js';
import { pendingTouches, type DealRow } from '../db/schema.js';
import { formatDay, localDate } from '../domain/dates.js';
import {
  parseDealCommand,
  parseForecast,
  parseStage,
  resolveDealRef,
  USAGE,
  type DealCommand,
} from '../domain/grammar.js';
import { formatMoney, readAmount, type AmountFailure } from '../domain/money.js';
import { context, esc, excerpt, type Block, type BotMessage, type ModalView } from '../slack/blocks.js';
import { capturePreview } from '../coach/preview.js';
import { keptQuestion } from '../slack/views/promises.js';
import {
  assumedCurrencyNote,
  whoseCurrency,
  confirmation,
  dealListMessage,
  dealModal,
  dealNotFound,
  editDealButton,
  dealStatusMessage,
  errorMessage,
  helpMessage,
  NOTE_SHOWN,
  type ViewContext,
} from '../slack/views/deal.js';
import type { Messenger } from '../slack/messenger.js';
import { firedTouchWarning, revivalModal } from '../slack/views/revival.js';
import type { Actor, AppContext } from './context.js';
import { defaultDraftKind, sendDraftCard } from './drafts.js';
import { roiFromExpected } from '../domain/roi.js';
import { inviteMessage, runTeamCommand } from './teams.js';
import { dealCurrency, teamCurrency } from './team-settings.js';
import { importHelpMessage } from '../slack/views/import.js';
import {
  addNote,
  assertCanDraft,
  closeDeal,
  createDeal as createDealEvent,
  DealEventRefused,
  editDeal,
  cancelCommitment,
  keepCommitment,
  recordCommitment,
  recordReply,
  recordSnooze,
  recordTouch,
  reopenDeal,
  type DealEdits,
} from './deal-events.js';
import { CLOSED_STATES, DRAFT_KIND_NAMES } from '../domain/vocabulary.js';

export type CommandOutcome =
  | {
      type: 'message';
      message: BotMessage;
      changed: boolean;
      /** A form to open alongside the reply (e.g. "what did they say?"). */
      modal?: ModalView;
      /** Slower work to run after the ack (e.g. drafting); its result goes to the rep's DMs. */
      after?: (messenger: Messenger) => Promise<void>;
    }
  | { type: 'modal'; view: ModalView };

const reply = (message: BotMessage, changed = false): CommandOutcome => ({ type: 'message', message, changed });

/** Caps on free text a rep types: the table lives in src/domain/limits.ts. */
export { TEXT_LIMITS };

/** The first free-text field over its cap, as a message for the rep; null when all fit. */
function overLongField(command: DealCommand): string | null {
  const fields: Array<[string, LimitedField, string | null | undefined]> = [
    ['A note', 'note', 'note' in command ? command.note : command.type === 'note' ? command.text : null],
    ['A goal', 'goal', 'goal' in command ? command.goal : null],
    ['A reason', 'reason', 'reason' in command ? command.reason : null],
    ['A commitment', 'commitment', command.type === 'commit' ? command.what : null],
    ['The contact name', 'contact', command.type === 'contact' ? command.contactName : null],
    ['How to greet them', 'contact', command.type === 'contact' || command.type === 'new' ? command.greetAs : null],
  ];
  for (const [label, key, value] of fields) {
    const problem = tooLong(label, key, value);
    if (problem) return problem;
  }
  return null;
}

/** Runs one `/deal ...` line for the actor and returns what to show them. */
export async function runDealCommand(ctx: AppContext, actor: Actor, text: string): Promise<CommandOutcome> {
  const now = ctx.clock.now();
  const view: ViewContext = { now, zone: actor.zone };
  const db = ctx.store.db;
  const ownDeals = dealsOfOwner(db, actor.teamId, actor.userId);
  // Amounts typed without a currency are in the rep's team's (a deal's own, once it has an amount).
  const currency = teamCurrency(db, actor.teamId, actor.userId);
  const parsed = parseDealCommand(text, {
    now,
    zone: actor.zone,
    companies: ownDeals.map((d) => d.company),
    defaultCurrency: currency,
  });
  if (!parsed.ok) {
    if (parsed.unresolved) {
      const { typed, candidates, reason } = parsed.unresolved;
      const rows = candidates.flatMap((name) => ownDeals.filter((d) => d.company === name));
      return reply(dealNotFound(typed, rows, reason));
    }
    return reply(errorMessage(parsed.error, parsed.usage));
  }
  const command = parsed.command;
  const amountText = parsed.amountText ?? null;
  const tooLong = overLongField(command);
  if (tooLong) return reply(errorMessage(tooLong));

  switch (command.type) {
    case 'modal':
      return { type: 'modal', view: dealModal() };
    case 'help':
      return reply(helpMessage(command.topic));
    case 'list':
      // The rep's deals are already read (to resolve names): list the open ones without a second query.
      return reply(
        dealListMessage(
          ownDeals.filter((d) => !CLOSED_STATES.includes(d.state)),
          view,
        ),
      );
    case 'new': {
      const [message, changed] = await createDeal(ctx, actor, command, ownDeals, view, { currency, amountText });
      const preview =
        changed && command.goal ? await withCapturePreview(message, command, { goal: command.goal }) : null;
      return reply(preview ?? message, changed);
    }
    case 'team': {
      const outcome = await runTeamCommand(ctx, actor, command.command);
      const changed = command.command.type !== 'show';
      if (!outcome.invites.length) return reply(outcome.message, changed);
      return {
        type: 'message',
        message: outcome.message,
        changed,
        // Nobody joins without saying yes: each invitee gets a DM with Accept / Decline.
        after: async (messenger) => {
          for (const invite of outcome.invites) await messenger.dm(actor.teamId, invite.userId, inviteMessage(invite));
        },
      };
    }
    case 'import':
      return reply(importHelpMessage());
  }

  const resolved = resolveDealRef(command.ref, ownDeals);
  if (!resolved.ok) return reply(dealNotFound(command.ref.text, resolved.candidates, resolved.reason));
  const deal = resolved.deal;

  if (command.type === 'draft') {
    const episode = episodesOfDeal(db, actor.teamId, deal.id).at(-1);
    const openEpisode = episode && !episode.endedAt ? episode : undefined;
    const kind = command.kind ?? defaultDraftKind(db, deal, openEpisode, now);
    try {
      assertCanDraft(deal, kind);
    } catch (error) {
      if (error instanceof DealEventRefused) return reply(errorMessage(error.message));
      throw error;
    }
    // A yearly value without a currency is in the deal's own (the team's while the deal has no amount).
    const yearlyText = amountText ?? '';
    const yearlyIn = dealCurrency(deal, currency);
    const yearly = yearlyText ? readAmount(yearlyText, yearlyIn) : null;
    if (yearly && !yearly.ok) {
      const problem = amountProblem(yearly, yearlyText, yearlyIn, (form) => `/deal draft ${deal.company} roi ${form}`);
      return reply(errorMessage(problem, USAGE.draft));
    }
    const roi = yearly?.ok ? roiFromExpected(yearly.money) : null;
    const assumed = yearly?.ok
      ? assumedCurrencyNote('Yearly value to them', yearlyText, yearly, whoseCurrency(deal))
      : null;
    return {
      type: 'message',
      changed: false,
      message: confirmation(`Drafting ${withArticle(DRAFT_KIND_NAMES[kind])}`, deal, view, [
        ...(assumed ? [assumed] : []),
        'The draft card arrives in your DMs in a moment.',
      ]),
      after: async (messenger) => {
        await sendDraftCard(ctx, messenger, deal, {
          kind,
          episodeId: openEpisode?.id ?? episode?.id ?? null,
          step: 0,
          roi,
        });
      },
    };
  }

  if (command.type === 'touch' && deal.state === 'fired') {
    // Calling again after a goodbye costs credibility: nothing is logged until the rep decides.
    const pending = await ctx.store.write((tx) =>
      tx
        .insert(pendingTouches)
        .values({
          teamId: actor.teamId,
          dealId: deal.id,
          actorId: actor.userId,
          channel: command.channel,
          leftMessage: command.leftMessage,
          note: command.note,
          createdAt: now,
        })
        .returning({ id: pendingTouches.id })
        .get(),
    );
    return reply(firedTouchWarning(deal.company, deal.id, pending.id));
  }

  if (command.type === 'status') {
    return reply(
      dealStatusMessage(
        {
          deal,
          activities: activitiesOfDeal(db, actor.teamId, deal.id),
          commitments: commitmentsOfDeal(db, actor.teamId, deal.id),
          episodes: episodesOfDeal(db, actor.teamId, deal.id),
        },
        view,
      ),
    );
  }

  try {
    // The deal is read again inside the transaction: the wait for the lock may have let a scan change it.
    let revives = false;
    const result = await ctx.store.write((tx) => {
      const current = getOwnDeal(tx, actor, deal.id);
      if (!current) throw new DealEventRefused(NOT_YOUR_DEAL);
      revives = command.type === 'reply' && (current.state === 'silent' || current.state === 'fired');
      return applyDealChange(tx, actor, current, command, now, view, currency);
    });
    const typed =
      command.type === 'goal'
        ? { goal: command.goal }
        : command.type === 'commit'
          ? { commitment: command.what, dueText: formatDay(command.dueOn, now, actor.zone) }
          : null;
    return {
      type: 'message',
      message: typed ? await withCapturePreview(result, deal, typed) : result,
      changed: true,
      ...(revives ? { modal: revivalModal(deal.id, deal.company) } : {}),
    };
  } catch (error) {
    if (error instanceof DealEventRefused) return reply(errorMessage(error.message));
    throw error;
  }
}

/**
 * The reply with how the goal or promise just saved will read in a draft, and any likely typos; under
 * a goal, an Edit button opens the deal's form with it filled in.
 */
async function withCapturePreview(
  message: BotMessage,
  deal: { company: string; contactName: string | null; id?: number },
  typed: Parameters<typeof capturePreview>[1],
): Promise<BotMessage> {
  const lines = await capturePreview(deal, typed);
  if (lines.length === 0) return message;
  const edit = 'goal' in typed && deal.id !== undefined ? [editDealButton(deal.id)] : [];
  return { ...message, blocks: [...message.blocks, context(...lines.map(esc)), ...edit] };
}

/** "an accountability email", "a check-in email". */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

type ChangeCommand = Exclude<
  DealCommand,
  { type: 'modal' | 'help' | 'list' | 'new' | 'status' | 'draft' | 'team' | 'import' }
>;

async function createDeal(
  ctx: AppContext,
  actor: Actor,
  command: Extract<DealCommand, { type: 'new' }>,
  ownDeals: DealRow[],
  view: ViewContext,
  amount: { currency: string; amountText: string | null },
): Promise<[BotMessage, boolean]> {
  const { currency, amountText } = amount;
  const existing = ownDeals.find((d) => d.companyKey === companyKey(command.company));
  if (existing) {
    return [
      errorMessage(
        `You already have a deal with ${command.company} (#${existing.id}). Update it with /deal stage, value, ` +
          `forecast or contact.`,
        `/deal status ${existing.company}`,
      ),
      false,
    ];
  }
  const deal = await ctx.store.write((tx) =>
    createDealEvent(
      tx,
      actor.userId,
      {
        teamId: actor.teamId,
        ownerId: actor.userId,
        company: command.company,
        contactName: command.contactName,
        contactEmail: command.contactEmail,
        greetAs: command.greetAs ?? null,
        valueMinor: command.value?.minor ?? null,
        currency: command.value?.currency ?? currency,
        stage: command.stage,
        forecast: command.forecast,
        prospectGoal: command.goal,
      },
      view.now,
    ),
  );
  const next = 'Log touches with `/deal call|email|meeting`, replies with `/deal reply`, promises with `/deal commit`.';
  const read = amountText ? readAmount(amountText, currency) : null;
  const assumed = read?.ok && amountText ? assumedCurrencyNote('Amount', amountText, read, "your team's") : null;
  const greet = deal.greetAs ? [`Drafts will greet them as “${esc(deal.greetAs)}”.`] : [];
  return [confirmation('Deal added', deal, view, [...(assumed ? [assumed] : []), ...greet, next]), true];
}

/**
 * An amount about a deal that could not be read, with the command to type for each reading when it is
 * ambiguous ("/deal value Nordlicht 12500"), so nothing is guessed.
 */
function amountProblem(
  read: AmountFailure,
  typed: string,
  currency: string,
  commandFor: (form: string) => string,
): string {
  if (read.reason === 'ambiguous' && read.readings && read.forms) {
    const [a, b] = read.readings.map((m) => formatMoney(m.minor, m.currency)!);
    return (
      `\`${typed.trim()}\` could mean ${a} or ${b}: which one? For ${a}, \`${commandFor(read.forms[0])}\`; ` +
      `for ${b}, \`${commandFor(read.forms[1])}\`.`
    );
  }
  return `${read.error} (Amounts without a currency are read in ${currency}.)`;
}

function applyDealChange(
  tx: Tx,
  actor: Actor,
  deal: DealRow,
  command: ChangeCommand,
  now: Date,
  view: ViewContext,
  currency: string,
): BotMessage {
  const by = actor.userId;
  const extra: string[] = [];
  const extraBlocks: Block[] = [];
  let title: string;
  let updated: DealRow;

  switch (command.type) {
    case 'touch': {
      const input = { channel: command.channel, leftMessage: command.leftMessage, note: command.note };
      const touch = recordTouch(tx, by, deal, input, now);
      updated = touch.deal;
      const how =
        command.channel === 'call' && command.leftMessage !== null
          ? command.leftMessage
            ? 'call, left a message'
            : 'call, no message'
          : command.channel;
      title = `Logged ${how}`;
      if (touch.completed) extra.push(`That completes step ${touch.completed.step} of the cadence.`);
      if (touch.snoozeCancelled) extra.push('Its snooze is cancelled: the deal is live again.');
      break;
    }
    case 'reply': {
      const result = recordReply(tx, by, deal, { channel: command.channel, note: command.note }, now);
      updated = result.deal;
      if (result.revived) {
        extra.push('The silence is over: the cadence is reset. Suggest a concrete next step and get it confirmed.');
      }
      if (result.snoozeCancelled) extra.push('Its snooze is cancelled: the deal is live again.');
      title = 'Logged their reply';
      // Their answer may be the promise itself: ask, rather than leave it open (or broken) by default.
      const promises = commitmentsOfDeal(tx, deal.teamId, deal.id, ['open', 'broken']);
      const ask = promises.find((c) => c.status === 'open') ?? promises.filter((c) => c.status === 'broken').at(-1);
      if (ask) extraBlocks.push(...keptQuestion(deal.id, ask, view));
      break;
    }
    case 'commit': {
      const input = { text: command.what, dueOn: command.dueOn, zone: actor.zone };
      const logged = recordCommitment(tx, by, deal, input, now);
      updated = logged.deal;
      const what = excerpt(logged.commitment.text, NOTE_SHOWN);
      title = 'Logged their commitment';
      const due = formatDay(command.dueOn, now, actor.zone);
      extra.push(
        command.overdue
          ? `“${what}” was due ${due} and is overdue: I'll help you ask what happened.`
          : `“${what}” by ${due}. If the date passes without a word, I'll help you ask what happened.`,
      );
      extra.push(
        `When they deliver, \`/deal kept ${esc(deal.company)}\`; ` +
          `if it no longer stands, \`/deal commit ${esc(deal.company)} cancel\`.`,
      );
      break;
    }
    case 'kept':
    case 'commit_cancel': {
      const result = command.type === 'kept' ? keepCommitment(tx, by, deal, now) : cancelCommitment(tx, by, deal, now);
      updated = result.deal;
      title = command.type === 'kept' ? 'Promise kept' : 'Promise cancelled';
      const due = formatDay(result.commitment.dueOn, now, actor.zone);
      extra.push(
        command.type === 'kept'
          ? `“${excerpt(result.commitment.text, NOTE_SHOWN)}” (due ${due}) is kept: no reminder will follow it.`
          : `“${excerpt(result.commitment.text, NOTE_SHOWN)}” (due ${due}) is cancelled: no reminder will follow it.`,
      );
      break;
    }
    case 'stage':
    case 'forecast': {
      const before = deal[command.type];
      const after = command.type === 'stage' ? command.stage : command.forecast;
      const edits: DealEdits = command.type === 'stage' ? { stage: command.stage } : { forecast: command.forecast };
      updated = editDeal(tx, by, deal, edits, now, `${command.type}: ${before} → ${after}`);
      title = `${command.type === 'stage' ? 'Stage' : 'Forecast'} set to ${after}`;
      break;
    }
    case 'value': {
      // No currency written: the amount is in the deal's own currency (the team's while it has no amount).
      const valueIn = dealCurrency(deal, currency);
      const read = readAmount(command.amountText, valueIn);
      if (!read.ok) {
        const forms = (form: string) => `/deal value ${deal.company} ${form}`;
        throw new DealEventRefused(amountProblem(read, command.amountText, valueIn, forms));
      }
      const value = read.money;
      const before = formatMoney(deal.valueMinor, deal.currency) ?? 'none';
      const after = formatMoney(value.minor, value.currency)!;
      const edits = { valueMinor: value.minor, currency: value.currency };
      updated = editDeal(tx, by, deal, edits, now, `value: ${before} → ${after}`);
      title = `Value set to ${after}`;
      const assumed = assumedCurrencyNote('Amount', command.amountText, read, whoseCurrency(deal));
      if (assumed) extra.push(assumed);
      break;
    }
    case 'contact': {
      const edits: DealEdits = {};
      if (command.contactName) edits.contactName = command.contactName;
      if (command.contactEmail) edits.contactEmail = command.contactEmail;
      if (command.greetAs) edits.greetAs = command.greetAs;
      const greet = command.greetAs ? `greet as ${command.greetAs}` : null;
      const note = `contact: ${[command.contactName, command.contactEmail, greet].filter(Boolean).join(', ')}`;
      updated = editDeal(tx, by, deal, edits, now, note);
      title = command.contactName || command.contactEmail ? 'Contact updated' : 'Greeting set';
      if (command.greetAs) extra.push(`Drafts will greet them as “${esc(command.greetAs)}”.`);
      break;
    }
    case 'goal': {
      updated = editDeal(tx, by, deal, { prospectGoal: command.goal }, now, `goal: ${command.goal}`);
      title = 'Their goal is noted';
      break;
    }
    case 'won':
    case 'lost': {
      const reason = command.type === 'lost' ? command.reason : null;
      updated = closeDeal(tx, by, deal, command.type, reason, now);
      title = command.type === 'won' ? 'Won! :tada:' : 'Marked lost';
      extra.push(
        command.type === 'won'
          ? 'Nice work. No more reminders for this deal.'
          : 'Closure is a result too: your time goes to live leads now.',
      );
      break;
    }
    case 'reopen': {
      updated = reopenDeal(tx, by, deal, now);
      title = 'Reopened';
      extra.push('It is back in the pipeline (forecast: pipeline unless you set one). The silence clock runs again.');
      break;
    }
    case 'snooze': {
      const until = formatDay(localDate(command.until, actor.zone), now, actor.zone);
      updated = recordSnooze(tx, by, deal, command.until, command.reason, now, localDate(command.until, actor.zone));
      title = 'Snoozed';
      extra.push(`No reminders until ${until}. Logging outreach or their reply cancels the snooze.`);
      break;
    }
    case 'note': {
      updated = addNote(tx, by, deal, command.text, now);
      title = 'Note added';
      break;
    }
  }
  const message = confirmation(title, updated, view, extra);
  return extraBlocks.length ? { ...message, blocks: [...message.blocks, ...extraBlocks] } : message;
}

export type ModalValues = Record<string, string | null | undefined>;
export type ModalOutcome = { ok: true; message: BotMessage } | { ok: false; errors: Record<string, string> };

/** The `/deal` modal: creates a deal, or updates the rep's deal of that company. Errors are per field. */
export async function submitDealModal(ctx: AppContext, actor: Actor, values: ModalValues): Promise<ModalOutcome> {
  const now = ctx.clock.now();
  const view: ViewContext = { now, zone: actor.zone };
  const errors: Record<string, string> = {};
  const text = (key: string) => values[key]?.trim() || null;
  const company = text('company');
  if (!company) errors.company = 'Give the company name.';
  const email = text('email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Write an email address like bob@acme.com.';
  // The same caps as /deal (src/domain/limits.ts); the form says which field and by how much.
  const capped: Array<[string, LimitedField, string]> = [
    ['company', 'company', 'The company name'],
    ['contact', 'contact', 'The contact name'],
    ['greet', 'contact', 'How to greet them'],
    ['email', 'email', 'The email address'],
    ['goal', 'goal', 'The goal'],
    ['note', 'note', 'A note'],
    ['value', 'cell', 'The value'],
  ];
  for (const [key, field, label] of capped) {
    const problem = tooLong(label, field, text(key));
    if (problem) errors[key] = problem;
  }
  const valueText = text('value');
  const key = company ? companyKey(company) : '';
  const existing = company
    ? dealsOfOwner(ctx.store.db, actor.teamId, actor.userId).find((d) => d.companyKey === key)
    : undefined;
  // Without a written currency an update keeps the deal's own; a new deal takes the team's.
  const currency = teamCurrency(ctx.store.db, actor.teamId, actor.userId);
  const amount = valueText ? readAmount(valueText, existing ? dealCurrency(existing, currency) : currency) : null;
  const value = amount?.ok ? amount.money : null;
  if (amount && !amount.ok) errors.value = amount.error;
  const stage = text('stage') ? parseStage(text('stage')!) : null;
  if (text('stage') && !stage) errors.stage = 'Pick a stage from the list.';
  const forecast = text('forecast') ? parseForecast(text('forecast')!) : null;
  if (text('forecast') && !forecast) errors.forecast = 'Pick pipeline, best-case or commit.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const assumedNote =
    amount?.ok && valueText
      ? assumedCurrencyNote('Amount', valueText, amount, existing ? whoseCurrency(existing) : "your team's")
      : null;

  try {
    const message = await ctx.store.write((tx) => {
      const current = existing ? getOwnDeal(tx, actor, existing.id) : undefined;
      if (existing && !current) throw new DealEventRefused(NOT_YOUR_DEAL);
      if (!current) {
        const row = createDealEvent(
          tx,
          actor.userId,
          {
            teamId: actor.teamId,
            ownerId: actor.userId,
            company: company!,
            contactName: text('contact'),
            contactEmail: email,
            greetAs: text('greet'),
            valueMinor: value?.minor ?? null,
            currency: value?.currency ?? currency,
            stage,
            forecast,
            prospectGoal: text('goal'),
          },
          now,
        );
        return confirmation('Deal added', row, view, assumedNote ? [assumedNote] : []);
      }
      // Only what differs from the deal, named as people name it (the timeline shows this note).
      const edits: DealEdits = {};
      const said: string[] = [];
      const contact = text('contact');
      const greet = text('greet');
      const goal = text('goal');
      if (contact && contact !== current.contactName) {
        edits.contactName = contact;
        said.push(`contact ${contact}`);
      }
      if (email && email !== current.contactEmail) {
        edits.contactEmail = email;
        said.push(`email ${email}`);
      }
      if (greet && greet !== current.greetAs) {
        edits.greetAs = greet;
        said.push(`greet as “${greet}”`);
      }
      if (value && (value.minor !== current.valueMinor || value.currency !== current.currency)) {
        Object.assign(edits, { valueMinor: value.minor, currency: value.currency });
        const before = formatMoney(current.valueMinor, current.currency) ?? 'none';
        said.push(`value ${before} → ${formatMoney(value.minor, value.currency)}`);
      }
      if (stage && stage !== current.stage) {
        edits.stage = stage;
        said.push(`stage ${current.stage} → ${stage}`);
      }
      if (forecast && forecast !== current.forecast) {
        edits.forecast = forecast;
        said.push(`forecast ${current.forecast} → ${forecast}`);
      }
      if (goal && goal !== current.prospectGoal) {
        edits.prospectGoal = goal;
        said.push(`goal: ${goal}`);
      }
      if (!said.length) return confirmation('Nothing to update: the form held what the deal has', current, view);
      const note = `updated from the form: ${said.join('; ')}`;
      const extra = assumedNote ? [assumedNote] : [];
      return confirmation('Deal updated', editDeal(tx, actor.userId, current, edits, now, note), view, extra);
    });
    return { ok: true, message };
  } catch (error) {
    if (error instanceof DealEventRefused) return { ok: false, errors: { company: error.message } };
    throw error;
  }
}
