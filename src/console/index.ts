// The local console: the same services and views as the Slack app, no Slack.
// Reads lines from a terminal or stdin; prints every bot message as text (or JSON lines).
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Duration } from 'luxon';
import type { Store } from '../db/index.js';
import { upsertUser } from '../db/users.js';
import { formatInstant, parseInstant } from '../domain/dates.js';
import type { Drafter } from '../coach/types.js';
import { localDirectory } from './directory.js';
import { resolveActor, type Actor, type AppContext } from '../services/context.js';
import { runDealCommand } from '../services/deal-commands.js';
import { dispatchAction, dispatchSubmission } from '../services/interactions.js';
import type { BotMessage, HomeView, ModalView } from '../slack/blocks.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';
import { isActionId, isCallbackId } from '../slack/ids.js';
import { escapeChannels } from './channels.js';
import { ConsoleClock, loadClock, loadConsoleValues, saveClock, saveConsoleValue } from './clock.js';
import { renderBlocks, renderMessage, type RenderedButton } from './render.js';

/** console_state keys of the channels typed as #name: `channel:C…` -> the name. */
const CHANNEL_KEY = 'channel:';

export type Surface = 'ephemeral' | 'dm' | 'channel' | 'modal' | 'home';

export interface ConsoleOptions {
  store: Store;
  /** Where the clock starts when the database has none stored (the CLI: now). */
  start: Date;
  /** `--at`: sets the clock whatever is stored, and says so. */
  at?: Date;
  teamId: string;
  userId: string;
  defaultZone: string;
  json: boolean;
  input: Readable;
  output: Writable;
  /** Diagnostics (stderr in the CLI). */
  errors: Writable;
  interactive: boolean;
  /** Print each input line (as "> line") before its output: for transcripts. */
  echo?: boolean;
  drafter?: Drafter;
  /** DEALCOACH_COMPANY_NAME, when set. */
  repCompany?: string | null;
  extensions?: ConsoleExtension[];
}

/** Jobs run by :advance and extra directives plug in here; buttons and forms go through the interaction table. */
export interface ConsoleExtension {
  /** Runs the jobs whose schedule falls in (from, to], in order. */
  advance?(session: ConsoleSession, from: Date, to: Date): Promise<void>;
  directives?: Record<string, (session: ConsoleSession, args: string[]) => Promise<void>>;
  help?: string[];
}

interface PrintedMessage {
  ref: PostedRef | null;
  buttons: RenderedButton[];
  /** Who sees it: a user (their answers, DMs, forms, Home), or null for a channel post, which every member sees. */
  viewer: string | null;
}

export class ConsoleSession {
  readonly clock: ConsoleClock;
  readonly ctx: AppContext;
  readonly messenger: Messenger;
  actor!: Actor;
  /** The form open for each user, as in Slack: only they submit it. */
  private readonly openModals = new Map<string, ModalView>();
  /** Recent messages with buttons, newest last: `:click` looks back through the ones the current user sees. */
  private withButtons: PrintedMessage[] = [];
  private messageCounter = 0;
  /** Names of the channels typed as #name (made-up ids), kept with the database. */
  private readonly channelNames = new Map<string, string>();

  constructor(readonly options: ConsoleOptions) {
    // Kept with the database on every change, so the next run continues where this one stopped.
    this.clock = new ConsoleClock(options.start, (state) => saveClock(options.store.db, options.teamId, state));
    this.ctx = {
      store: options.store,
      clock: this.clock,
      defaultZone: options.defaultZone,
      drafter: options.drafter,
      repCompany: options.repCompany ?? null,
      directory: localDirectory(),
    };
    this.messenger = this.buildMessenger();
  }

  /** Resolves who you are and where the clock stands; returns what to say about the clock, if anything. */
  async init(): Promise<string | null> {
    const { store, teamId, at } = this.options;
    for (const { key, value } of loadConsoleValues(store.db, teamId)) {
      if (key.startsWith(CHANNEL_KEY) && typeof value === 'string') {
        this.channelNames.set(key.slice(CHANNEL_KEY.length), value);
      }
    }
    const stored = loadClock(store.db, teamId);
    if (at) this.clock.set(at);
    else if (stored) this.clock.restore(stored);
    else this.clock.set(this.options.start);
    this.actor = await resolveActor(this.ctx, teamId, this.options.userId, this.ctx.directory ?? null);
    if (at) {
      if (!stored || at.getTime() >= stored.shownMs) return `Clock set to ${this.when(at)} (--at).`;
      return (
        `Clock set to ${this.when(at)} (--at), earlier than where the last run stopped ` +
        `(${this.when(new Date(stored.shownMs))}): moving it forward runs the jobs in between again.`
      );
    }
    if (stored) return `Clock continues at ${this.when(this.clock.shown())}, where the last run stopped.`;
    return null;
  }

  /** A simulated instant as the rep reads it, in their zone: "Mon, Nov 23 09:15". */
  when(at: Date): string {
    return formatInstant(at, at, this.actor?.zone ?? this.options.defaultZone);
  }

  /** Prints one bot message on a surface; remembers its buttons for :click. */
  show(to: string, surface: Surface, message: BotMessage, ref: PostedRef | null = null): void {
    const rendered = renderMessage(message, { channelNames: this.channelNames });
    // A DM is its user's (its channel is D-<user>); an answer, a form or a Home is the user's it is shown to.
    const viewer = surface === 'channel' ? null : ref?.channel.startsWith('D-') ? ref.channel.slice(2) : to;
    this.remember({ ref, buttons: rendered.buttons, viewer });
    if (this.options.json) {
      this.options.output.write(`${JSON.stringify({ to, surface, text: message.text, blocks: message.blocks })}\n`);
      return;
    }
    this.options.output.write(`\n[${surface} → ${this.channelName(to)}]\n${rendered.text}\n`);
  }

  showView(to: string, surface: 'modal' | 'home', view: ModalView | HomeView): void {
    const rendered = renderBlocks(view.blocks as BotMessage['blocks'], 1, { channelNames: this.channelNames });
    this.remember({ ref: null, buttons: rendered.buttons, viewer: to });
    const title = view.type === 'modal' ? view.title.text : 'Home';
    if (this.options.json) {
      this.options.output.write(`${JSON.stringify({ to, surface, text: title, blocks: view.blocks })}\n`);
      return;
    }
    const hint = surface === 'modal' ? '\n(:submit key=value ... to save; keys are the field names above)' : '';
    this.options.output.write(`\n[${surface} → ${to}] ${title}\n${rendered.text}${hint}\n`);
  }

  /** "C5F2… (thread)" -> "#sales (thread)" for a channel typed as #sales. */
  private channelName(to: string): string {
    return to.replace(/^[CG][A-Z0-9]+/, (id) => (this.channelNames.has(id) ? `#${this.channelNames.get(id)}` : id));
  }

  private remember(printed: PrintedMessage): void {
    if (printed.buttons.length === 0) return;
    // An updated message replaces the one it updates.
    if (printed.ref)
      this.withButtons = this.withButtons.filter(
        (m) => !(m.ref && m.ref.channel === printed.ref!.channel && m.ref.ts === printed.ref!.ts),
      );
    this.withButtons = [...this.withButtons, printed].slice(-100);
  }

  /** The messages with buttons the current user sees, newest last: what `:click` presses. */
  private visibleButtons(): PrintedMessage[] {
    return this.withButtons.filter((m) => m.viewer === null || m.viewer === this.actor.userId);
  }

  note(text: string): void {
    // Console's own remarks: stderr in --json mode so stdout stays one JSON object per line.
    (this.options.json ? this.options.errors : this.options.output).write(`${text}\n`);
  }

  private buildMessenger(): Messenger {
    const nextRef = (channel: string): PostedRef => ({
      channel,
      ts: `${this.clock.now().getTime() / 1000}.${String(++this.messageCounter).padStart(6, '0')}`,
    });
    return {
      dm: async (_team, userId, message) => {
        const ref = nextRef(`D-${userId}`);
        this.show(userId, 'dm', message, ref);
        return ref;
      },
      post: async (_team, channel, message, threadTs) => {
        const ref = nextRef(channel);
        this.show(threadTs ? `${channel} (thread)` : channel, 'channel', message, ref);
        return ref;
      },
      update: async (_team, ref, message) => {
        this.show(`${ref.channel} (updated)`, ref.channel.startsWith('D-') ? 'dm' : 'channel', message, ref);
      },
      openModal: async (_team, _trigger, view) => {
        this.openModals.set(this.actor.userId, view);
        this.showView(this.actor.userId, 'modal', view);
      },
      publishHome: async (_team, userId, view) => {
        this.showView(userId, 'home', view);
      },
    };
  }

  async handleLine(rawLine: string): Promise<'quit' | void> {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    this.clock.nextCommand();
    if (line.startsWith('/deal')) return this.runSlash(line.slice('/deal'.length));
    if (!line.startsWith(':')) {
      this.note(`Type a slash command like /deal list, or a directive (:help lists them).`);
      return;
    }
    const [directive, ...args] = line.slice(1).split(/\s+/);
    switch (directive) {
      case 'quit':
      case 'q':
      case 'exit':
        return 'quit';
      case 'help':
        this.note(this.helpText());
        return;
      case 'as':
        return this.switchUser(args);
      case 'at':
        return this.moveTo(args.join(' '));
      case 'advance':
        return this.advance(args.join(' '));
      case 'click':
        return this.click(args.join(' '));
      case 'submit':
        return this.submit(line.slice(':submit'.length));
      case 'now':
        this.note(`It is ${this.when(this.clock.shown())} (${this.actor.userId} reads it in ${this.actor.zone}).`);
        return;
    }
    for (const extension of this.options.extensions ?? []) {
      const handler = extension.directives?.[directive!];
      if (handler) return handler(this, args);
    }
    this.note(`Unknown directive :${directive}. :help lists them.`);
  }

  private async runSlash(text: string): Promise<void> {
    // As Slack sends it with "escape channels" on: #sales -> <#C…|sales>.
    const escaped = escapeChannels(text, (id, name) => {
      if (this.channelNames.get(id) === name) return;
      this.channelNames.set(id, name);
      saveConsoleValue(this.ctx.store.db, this.options.teamId, `${CHANNEL_KEY}${id}`, name, this.clock.shown());
    });
    const outcome = await runDealCommand(this.ctx, this.actor, escaped);
    if (outcome.type === 'modal') {
      await this.messenger.openModal(this.actor.teamId, 'console', outcome.view);
      return;
    }
    this.show(this.actor.userId, 'ephemeral', outcome.message);
    if (outcome.modal) await this.messenger.openModal(this.actor.teamId, 'console', outcome.modal);
    if (outcome.after) await outcome.after(this.messenger);
  }

  private async switchUser(args: string[]): Promise<void> {
    const [userId, role] = args;
    if (!userId || !/^[UW][A-Z0-9]+$/.test(userId)) {
      this.note('Usage: :as <user-id> [manager]   (Slack user ids look like U012ABC)');
      return;
    }
    this.actor = await resolveActor(this.ctx, this.options.teamId, userId, this.ctx.directory ?? null);
    if (role === 'manager' || role === 'rep') {
      upsertUser(this.ctx.store.db, this.options.teamId, userId, { role }, this.clock.now());
      this.actor = { ...this.actor, role };
    }
    this.note(`You are now ${userId} (${this.actor.role}, ${this.actor.zone}).`);
  }

  private async moveTo(text: string): Promise<void> {
    // Without an offset, the time is read in your zone (DEALCOACH_TIMEZONE for the console's user), as --at is.
    const to = parseInstant(text, this.actor.zone);
    if (!to) {
      this.note(`Usage: :at <ISO time>, e.g. :at 2026-11-23T09:00 (in ${this.actor.zone}) or :at 2026-11-23T09:00:00Z`);
      return;
    }
    const from = this.clock.shown();
    if (to > from) return this.runAdvance(from, to);
    this.clock.set(to);
    this.note(`Clock set to ${this.when(to)}.`);
  }

  private async advance(text: string): Promise<void> {
    const match = text.trim().match(/^(\d+)\s*(m|min|h|d|w)$/i);
    if (!match) {
      this.note('Usage: :advance <duration>, e.g. :advance 2h, :advance 3d, :advance 1w');
      return;
    }
    const unit = { m: 'minutes', min: 'minutes', h: 'hours', d: 'days', w: 'weeks' }[match[2]!.toLowerCase()]!;
    const ms = Duration.fromObject({ [unit]: Number(match[1]) }).toMillis();
    const from = this.clock.shown();
    await this.runAdvance(from, new Date(from.getTime() + ms));
  }

  private async runAdvance(from: Date, to: Date): Promise<void> {
    for (const extension of this.options.extensions ?? []) {
      if (extension.advance) await extension.advance(this, from, to);
    }
    this.clock.set(to);
    this.note(`Clock moved to ${this.when(to)}.`);
  }

  /** The form open for the current user, if any. */
  get openModal(): ModalView | null {
    return this.openModals.get(this.actor.userId) ?? null;
  }

  private async click(which: string): Promise<void> {
    // Like Slack: only the messages this user sees, never the buttons of another user's answer or DM.
    const mine = this.visibleButtons();
    const last = mine.at(-1);
    const wanted = which.trim().toLowerCase();
    if (!wanted) {
      const buttons = last ? `Buttons of your latest message: ${buttonList(last)}` : 'No message has buttons yet.';
      this.note(`Usage: :click <n|label>, e.g. :click 1 or :click Done (a prefix is enough). ${buttons}`);
      return;
    }
    if (!last) {
      this.note(`No message with buttons yet for ${this.actor.userId} (only their own messages can be pressed).`);
      return;
    }
    let found: { message: PrintedMessage; button: RenderedButton } | undefined;
    if (/^\d+$/.test(wanted)) {
      const button = last.buttons.find((b) => b.number === Number(wanted));
      if (button) found = { message: last, button };
    } else {
      // Like scrolling up in Slack: the newest message that has a button with this label.
      for (const message of [...mine].reverse()) {
        const button =
          message.buttons.find((b) => b.label.toLowerCase() === wanted) ??
          message.buttons.find((b) => b.label.toLowerCase().startsWith(wanted));
        if (button) {
          found = { message, button };
          break;
        }
      }
    }
    if (!found) {
      this.note(`No button "${which}" in your messages. Buttons of your latest message: ${buttonList(last)}`);
      return;
    }
    const { button } = found;
    if (button.url) {
      this.note(`That button opens ${button.url}`);
      return;
    }
    if (!isActionId(button.actionId)) {
      this.note(`Nothing handles "${button.label}" here.`);
      return;
    }
    const result = await dispatchAction(this.ctx, this.messenger, this.actor, button.actionId, button.value);
    if (result.message) this.show(this.actor.userId, 'ephemeral', result.message);
    if (result.modal) await this.messenger.openModal(this.actor.teamId, 'console', result.modal);
  }

  private async submit(text: string): Promise<void> {
    const view = this.openModal;
    if (!view) {
      this.note(`No form is open for ${this.actor.userId}. \`/deal\` alone opens one.`);
      return;
    }
    const fields = formFields(view);
    const typed = parseKeyValues(text);
    const unknown = Object.keys(typed).filter((key) => !fields.has(key));
    if (unknown.length) {
      this.note(
        `This form has no field ${unknown.map((k) => `\`${k}\``).join(', ')} (nothing saved). ` +
          `Its fields: ${[...fields.keys()].join(', ')}.`,
      );
      return;
    }
    // A menu is answered with one of the labels it shows (or the start of one), as it is picked in Slack.
    for (const [key, options] of formChoices(view)) {
      if (typed[key] === undefined) continue;
      const chosen = chooseOption(typed[key], options);
      if (typeof chosen !== 'string') {
        this.note(`${chosen.problem} (nothing saved). Its choices: ${options.map((o) => o.label).join(' | ')}.`);
        return;
      }
      typed[key] = chosen;
    }
    // As in Slack, a field left alone is submitted with the value the form showed.
    const prefilled = Object.fromEntries([...fields].filter(([, value]) => value !== null));
    const values = { ...prefilled, ...typed };
    const callbackId = view.callback_id ?? '';
    if (!isCallbackId(callbackId)) {
      this.note('Nothing handles this form here.');
      return;
    }
    const meta = view.private_metadata ?? '';
    const outcome = await dispatchSubmission(this.ctx, this.messenger, this.actor, callbackId, meta, values);
    if (!outcome.ok) {
      const errors = Object.entries(outcome.errors).map(([k, v]) => `  ${k}: ${v}`);
      this.note(`The form has errors (nothing saved):\n${errors.join('\n')}`);
      return;
    }
    this.openModals.delete(this.actor.userId);
    if (outcome.message) await this.messenger.dm(this.actor.teamId, this.actor.userId, outcome.message);
    if (outcome.after) await outcome.after(this.messenger);
  }

  helpText(): string {
    return [
      'Type /deal commands as in Slack (/deal help lists them), or a directive:',
      '  :as <user-id> [manager]   act as another user',
      '  :at <ISO time>            set the clock (moving forward runs due jobs)',
      '  :advance <2h|3d|1w>       move the clock forward, running jobs due in between',
      '  :click <n|label>          press button n of your latest message, or your newest button with that label',
      '  :submit key=value ...     submit the open form (quote values with spaces: contact="Bob Lee"; \\n is a',
      '                            line break); fields left out keep the value the form shows',
      '  :now                      show the simulated time',
      ...(this.options.extensions ?? []).flatMap((e) => e.help ?? []),
      '  :quit                     leave',
    ].join('\n');
  }
}

const buttonList = (message: PrintedMessage) => message.buttons.map((b) => `[${b.number}] ${b.label}`).join(' ');

/** A form's field names (its input blocks) with the value each shows before anything is typed, or null. */
export function formFields(view: ModalView): Map<string, string | null> {
  const fields = new Map<string, string | null>();
  for (const block of view.blocks as Array<Record<string, any>>) {
    if (block.type !== 'input' || !block.block_id) continue;
    const element = block.element ?? {};
    fields.set(block.block_id, element.initial_value ?? element.initial_option?.value ?? element.initial_date ?? null);
  }
  return fields;
}

/** A form's menus (static selects): per field, the options as Slack shows them (label) and sends them (value). */
export function formChoices(view: ModalView): Map<string, Array<{ value: string; label: string }>> {
  const choices = new Map<string, Array<{ value: string; label: string }>>();
  for (const block of view.blocks as Array<Record<string, any>>) {
    const element = block.element ?? {};
    if (block.type !== 'input' || !block.block_id || element.type !== 'static_select') continue;
    choices.set(
      block.block_id,
      (element.options ?? []).map((o: any) => ({ value: String(o.value), label: String(o.text?.text ?? o.value) })),
    );
  }
  return choices;
}

/**
 * The option a typed answer picks: its label in any case (the whole label, or the start of only one), or its
 * value as sent to the app (older scripts typed those); else why not.
 */
export function chooseOption(
  typed: string,
  options: Array<{ value: string; label: string }>,
): string | { problem: string } {
  const key = typed.trim().toLowerCase();
  const whole = options.find((o) => o.label.toLowerCase() === key) ?? options.find((o) => o.value === typed.trim());
  if (whole) return whole.value;
  const starting = key ? options.filter((o) => o.label.toLowerCase().startsWith(key)) : [];
  if (starting.length === 1) return starting[0]!.value;
  if (starting.length > 1)
    return { problem: `\`${typed}\` starts more than one choice (${starting.map((o) => o.label).join(' | ')})` };
  return { problem: `\`${typed}\` is not one of the choices` };
}

/**
 * `company=Acme contact="Bob Lee"` -> { company: 'Acme', contact: 'Bob Lee' }. In values `\n` is a line
 * break, `\"` a quote and `\\` a backslash, so a multi-line body can be typed on one line.
 */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
  for (const match of text.matchAll(pattern)) out[match[1]!] = unescapeValue(match[2] ?? match[3] ?? '');
  return out;
}

const unescapeValue = (value: string) =>
  value.replace(/\\([n"\\])/g, (_all, char: string) => (char === 'n' ? '\n' : char));

/** Runs the console until :quit or end of input. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const session = new ConsoleSession(options);
  const clockRemark = await session.init();
  if (options.interactive) {
    session.note(
      `dealcoach console: you are ${session.actor.userId} in ${options.teamId} (${session.actor.zone}), data in ` +
        `${options.store.location}. :help for directives.`,
    );
  }
  if (clockRemark) session.note(clockRemark);
  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => options.interactive && options.output.write('dealcoach> ');
  prompt();
  for await (const line of lines) {
    if (options.echo && line.trim() && !line.trim().startsWith('#') && !options.json)
      options.output.write(`\n> ${line.trim()}\n`);
    try {
      if ((await session.handleLine(line)) === 'quit') break;
    } catch (error) {
      session.note(`Error: ${(error as Error).message}`);
    }
    prompt();
  }
  lines.close();
}
