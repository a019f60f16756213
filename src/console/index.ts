// The local console: the same services and views as the Slack app, no Slack.
// Reads lines from a terminal or stdin; prints every bot message as text (or JSON lines).
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Duration } from 'luxon';
import type { Store } from '../db/index.js';
import { upsertUser } from '../db/users.js';
import { ManualClock } from '../domain/clock.js';
import type { Drafter } from '../coach/types.js';
import { resolveActor, type Actor, type AppContext } from '../services/context.js';
import { runDealCommand } from '../services/deal-commands.js';
import { dispatchAction, dispatchSubmission } from '../services/interactions.js';
import type { BotMessage, HomeView, ModalView } from '../slack/blocks.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';
import { isActionId, isCallbackId } from '../slack/ids.js';
import { renderBlocks, renderMessage, type RenderedButton } from './render.js';

export type Surface = 'ephemeral' | 'dm' | 'channel' | 'modal' | 'home';

export interface ConsoleOptions {
  store: Store;
  start: Date;
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
}

export class ConsoleSession {
  readonly clock: ManualClock;
  readonly ctx: AppContext;
  readonly messenger: Messenger;
  actor!: Actor;
  openModal: ModalView | null = null;
  /** Recent messages with buttons, newest last: `:click <label>` looks back through them. */
  private withButtons: PrintedMessage[] = [];
  private messageCounter = 0;

  constructor(readonly options: ConsoleOptions) {
    this.clock = new ManualClock(options.start);
    this.ctx = {
      store: options.store,
      clock: this.clock,
      defaultZone: options.defaultZone,
      drafter: options.drafter,
      repCompany: options.repCompany ?? null,
    };
    this.messenger = this.buildMessenger();
  }

  async init(): Promise<void> {
    this.actor = await resolveActor(this.ctx, this.options.teamId, this.options.userId, null);
  }

  /** Prints one bot message on a surface; remembers its buttons for :click. */
  show(to: string, surface: Surface, message: BotMessage, ref: PostedRef | null = null): void {
    const rendered = renderMessage(message);
    this.remember({ ref, buttons: rendered.buttons });
    if (this.options.json) {
      this.options.output.write(`${JSON.stringify({ to, surface, text: message.text, blocks: message.blocks })}\n`);
      return;
    }
    this.options.output.write(`\n[${surface} → ${to}]\n${rendered.text}\n`);
  }

  showView(to: string, surface: 'modal' | 'home', view: ModalView | HomeView): void {
    const rendered = renderBlocks(view.blocks as BotMessage['blocks']);
    this.remember({ ref: null, buttons: rendered.buttons });
    const title = view.type === 'modal' ? view.title.text : 'Home';
    if (this.options.json) {
      this.options.output.write(`${JSON.stringify({ to, surface, text: title, blocks: view.blocks })}\n`);
      return;
    }
    const hint = surface === 'modal' ? '\n(:submit key=value ... to save; keys are the field names above)' : '';
    this.options.output.write(`\n[${surface} → ${to}] ${title}\n${rendered.text}${hint}\n`);
  }

  private remember(printed: PrintedMessage): void {
    if (printed.buttons.length === 0) return;
    // An updated message replaces the one it updates.
    if (printed.ref)
      this.withButtons = this.withButtons.filter(
        (m) => !(m.ref && m.ref.channel === printed.ref!.channel && m.ref.ts === printed.ref!.ts),
      );
    this.withButtons = [...this.withButtons, printed].slice(-30);
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
        this.openModal = view;
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
        this.note(`It is ${this.clock.now().toISOString()} (${this.actor.userId} reads it in ${this.actor.zone}).`);
        return;
    }
    for (const extension of this.options.extensions ?? []) {
      const handler = extension.directives?.[directive!];
      if (handler) return handler(this, args);
    }
    this.note(`Unknown directive :${directive}. :help lists them.`);
  }

  private async runSlash(text: string): Promise<void> {
    const outcome = await runDealCommand(this.ctx, this.actor, text);
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
    this.actor = await resolveActor(this.ctx, this.options.teamId, userId, null);
    if (role === 'manager' || role === 'rep') {
      upsertUser(this.ctx.store.db, this.options.teamId, userId, { role }, this.clock.now());
      this.actor = { ...this.actor, role };
    }
    this.note(`You are now ${userId} (${this.actor.role}, ${this.actor.zone}).`);
  }

  private async moveTo(text: string): Promise<void> {
    const to = new Date(text);
    if (!text || Number.isNaN(to.getTime())) {
      this.note('Usage: :at <ISO time>, e.g. :at 2026-11-23T09:00:00Z');
      return;
    }
    const from = this.clock.now();
    if (to > from) return this.runAdvance(from, to);
    this.clock.set(to);
    this.note(`Clock set to ${to.toISOString()}.`);
  }

  private async advance(text: string): Promise<void> {
    const match = text.trim().match(/^(\d+)\s*(m|min|h|d|w)$/i);
    if (!match) {
      this.note('Usage: :advance <duration>, e.g. :advance 2h, :advance 3d, :advance 1w');
      return;
    }
    const unit = { m: 'minutes', min: 'minutes', h: 'hours', d: 'days', w: 'weeks' }[match[2]!.toLowerCase()]!;
    const ms = Duration.fromObject({ [unit]: Number(match[1]) }).toMillis();
    const from = this.clock.now();
    await this.runAdvance(from, new Date(from.getTime() + ms));
  }

  private async runAdvance(from: Date, to: Date): Promise<void> {
    for (const extension of this.options.extensions ?? []) {
      if (extension.advance) await extension.advance(this, from, to);
    }
    this.clock.set(to);
    this.note(`Clock moved to ${to.toISOString()}.`);
  }

  private async click(which: string): Promise<void> {
    const last = this.withButtons.at(-1);
    if (!last) {
      this.note('No message with buttons yet.');
      return;
    }
    const wanted = which.trim().toLowerCase();
    let found: { message: PrintedMessage; button: RenderedButton } | undefined;
    if (/^\d+$/.test(wanted)) {
      const button = last.buttons.find((b) => b.number === Number(wanted));
      if (button) found = { message: last, button };
    } else {
      // Like scrolling up in Slack: the newest message that has a button with this label.
      for (const message of [...this.withButtons].reverse()) {
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
      this.note(
        `No button "${which}". Buttons of the latest message: ` +
          `${last.buttons.map((b) => `[${b.number}] ${b.label}`).join(' ')}`,
      );
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
      this.note('No modal is open. `/deal` alone opens one.');
      return;
    }
    const values = parseKeyValues(text);
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
    this.openModal = null;
    if (outcome.message) await this.messenger.dm(this.actor.teamId, this.actor.userId, outcome.message);
    if (outcome.after) await outcome.after(this.messenger);
  }

  helpText(): string {
    return [
      'Type /deal commands as in Slack (/deal help lists them), or a directive:',
      '  :as <user-id> [manager]   act as another user',
      '  :at <ISO time>            set the clock (moving forward runs due jobs)',
      '  :advance <2h|3d|1w>       move the clock forward, running jobs due in between',
      '  :click <n|label>          press button n of the latest message, or the newest button with that label',
      '  :submit key=value ...     submit the open form (quote values with spaces: contact="Bob Lee")',
      '  :now                      show the simulated time',
      ...(this.options.extensions ?? []).flatMap((e) => e.help ?? []),
      '  :quit                     leave',
    ].join('\n');
  }
}

/** `company=Acme contact="Bob Lee"` -> { company: 'Acme', contact: 'Bob Lee' } */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /([\w-]+)=(?:"([^"]*)"|(\S*))/g;
  for (const match of text.matchAll(pattern)) out[match[1]!] = match[2] ?? match[3] ?? '';
  return out;
}

/** Runs the console until :quit or end of input. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const session = new ConsoleSession(options);
  await session.init();
  if (options.interactive) {
    session.note(
      `dealcoach console: you are ${session.actor.userId} in ${options.teamId} (${session.actor.zone}), data in ` +
        `${options.store.location}. :help for directives.`,
    );
  }
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
