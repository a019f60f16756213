// Wiring of feature modules into the CLI, the console and the bot, kept in one place.
import { configOrExplain, parse, parseAt, printJson, type Command } from './cli.js';
import type { Config } from './config.js';
import type { ConsoleExtension, ConsoleSession } from './console/index.js';
import { and, eq } from 'drizzle-orm';
import { benchCommand } from './bench/index.js';
import { exportCommand, importCommand } from './commands/import-export.js';
import { createDrafter, formatDraftJson, runCheckTone } from './coach/index.js';
import { parseDraftKind } from './coach/cli.js';
import { type Draft, type Drafter } from './coach/types.js';
import { DRAFT_KINDS, DRAFT_TONES, type DraftTone } from './domain/vocabulary.js';
import { WebClient } from '@slack/web-api';
import { renderMessage } from './console/render.js';
import type { Store } from './db/index.js';
import { deals, outbox, type SalesTeamRow } from './db/schema.js';
import { EVERYONE } from './domain/team-grammar.js';
import { deliverOutbox } from './jobs/delivery.js';
import { buildDigest, digestSender } from './jobs/digest.js';
import { everyoneTeam, teamOf, teamsOfWorkspace } from './services/teams.js';
import { digestMessages } from './slack/views/digest.js';
import { webMessenger } from './slack/web-messenger.js';
import { resolveDealRef } from './domain/grammar.js';
import { buildDraftFacts } from './services/draft-facts.js';
import { openStore } from './db/index.js';
import { systemClock } from './domain/clock.js';
import { deliverAll, runJobsBetween, scanAndDeliverJob, type Job, type JobContext } from './jobs/scheduler.js';
import { scan, type ScanResult } from './jobs/scan.js';
import { publishHome } from './services/home.js';

/** The model when OPENAI_API_KEY is set (offline drafter as its floor), else the offline drafter. */
export function createDrafterFromConfig(config: Config, options: { offline?: boolean } = {}): Drafter {
  const log = (level: string) => (message: string) => process.stderr.write(`${level}: ${message}\n`);
  return createDrafter({
    openai: config.OPENAI_API_KEY && !options.offline ? { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL ?? null, model: config.OPENAI_MODEL } : null,
    logger: { warn: log('warn'), error: log('error'), ...(config.LOG_LEVEL === 'debug' ? { info: log('info') } : {}) },
  });
}

async function draftCommand(args: string[]): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const { values, positionals } = parse(args, {
    kind: { type: 'string' },
    offline: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    team: { type: 'string' },
    owner: { type: 'string' },
    at: { type: 'string' },
    voicemail: { type: 'boolean', default: false },
    tone: { type: 'string' },
  });
  const kind = parseDraftKind(values.kind ?? '');
  if (!kind) {
    process.stderr.write(`--kind: give one of ${DRAFT_KINDS.join(', ')}. Usage: dealcoach draft <deal> --kind <kind> [--offline] [--json]\n`);
    return 2;
  }
  const tone = values.tone ? (DRAFT_TONES as readonly string[]).includes(values.tone) ? (values.tone as DraftTone) : null : null;
  if (values.tone && !tone) {
    process.stderr.write(`--tone: give one of ${DRAFT_TONES.join(', ')}\n`);
    return 2;
  }
  const ref = positionals.join(' ').trim();
  if (!ref) {
    process.stderr.write('Name the deal: dealcoach draft <company or id> --kind <kind>\n');
    return 2;
  }
  const now = parseAt(values.at, systemClock.now());
  if (!now) return 2;
  const store = openStore(config.DATABASE_URL);
  try {
    const conditions = [values.team ? eq(deals.teamId, values.team) : undefined, values.owner ? eq(deals.ownerId, values.owner) : undefined].filter(Boolean);
    const candidates = store.db.select().from(deals).where(and(...conditions)).all();
    const resolved = resolveDealRef({ text: ref }, candidates);
    if (!resolved.ok) {
      const list = resolved.candidates.map((d) => `  #${d.id} ${d.company} (owner ${d.ownerId}, team ${d.teamId})`).join('\n');
      process.stderr.write(`${resolved.reason === 'ambiguous' ? `"${ref}" matches several deals; give the id or --team/--owner:` : `No deal "${ref}".${list ? ' Did you mean:' : ''}`}\n${list}\n`);
      return 1;
    }
    const facts = buildDraftFacts(store.db, resolved.deal, { now, wantsVoicemail: values.voicemail, tone, defaultZone: config.DEALCOACH_TIMEZONE });
    const draft = await createDrafterFromConfig(config, { offline: values.offline }).draft(facts, kind);
    if (values.json) printJson(formatDraftJson(draft));
    else process.stdout.write(`${renderDraftText(draft)}\n`);
    return 0;
  } finally {
    store.close();
  }
}

function renderDraftText(draft: Draft): string {
  const lines = [`Subject: ${draft.subject}`, '', draft.body];
  if (draft.voicemail) lines.push('', `Voicemail: ${draft.voicemail}`);
  lines.push('', `(${draft.source}, ${draft.promptVersion}${draft.fallbackReason ? `, fell back: ${draft.fallbackReason}` : ''})`);
  lines.push(draft.tone.ok ? 'Tone check: ok' : `Tone check:\n${draft.tone.problems.map((p) => `  - ${p.rule}: ${p.message}`).join('\n')}`);
  return lines.join('\n');
}

async function checkToneCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { kind: { type: 'string' }, json: { type: 'boolean', default: false } });
  const kind = parseDraftKind(values.kind ?? '');
  if (!kind) {
    process.stderr.write(`--kind: give one of ${DRAFT_KINDS.join(', ')}. Usage: dealcoach check-tone --kind <kind> [--json] < draft.txt\n`);
    return 2;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const result = runCheckTone(kind, Buffer.concat(chunks).toString('utf8'));
  if (values.json) printJson(result);
  else process.stdout.write(result.ok ? 'ok\n' : `${result.problems.map((p) => `${p.rule}: ${p.message}`).join('\n')}\n`);
  return result.ok ? 0 : 1;
}

/** The scheduled jobs, for the bot and the console alike. */
export function scheduledJobs(config: Config, jobContext: JobContext): Job[] {
  return [scanAndDeliverJob(jobContext, config.DEALCOACH_SCAN_CRON)];
}

function describeScan(result: ScanResult): string {
  if (result.decisions.length === 0) return `Scan at ${result.at}: nothing due (${result.candidates} deals looked at).`;
  const lines = result.decisions.map((d) => `  #${d.dealId} ${d.company} (${d.ownerId}, ${d.state}) ${d.action}${d.step ? ` step ${d.step}` : ''}: ${d.why}`);
  return [`Scan at ${result.at}${result.dryRun ? ' (dry run: nothing written)' : ''}: ${result.decisions.length} decisions, ${result.queued} DMs queued.`, ...lines].join('\n');
}

export function consoleExtensions(config: Config): ConsoleExtension[] {
  const jobsFor = (session: ConsoleSession) =>
    scheduledJobs(config, { app: session.ctx, messenger: session.messenger, log: (line) => session.note(line) });
  return [
    {
      async advance(session, from, to) {
        await runJobsBetween(jobsFor(session), from, to, (at) => session.clock.set(at));
      },
      directives: {
        async digest(session) {
          const team = teamOf(session.ctx.store.db, session.actor.teamId, session.actor.userId) ?? null;
          const data = buildDigest(session.ctx.store, session.actor.teamId, team && team.name !== EVERYONE ? team : null, { at: session.clock.now(), defaultZone: session.ctx.defaultZone });
          const { main, thread } = digestMessages(data);
          const channel = team?.digestChannel ?? '#digest';
          session.show(channel, 'channel', main);
          for (const reply of thread) session.show(`${channel} (thread)`, 'channel', reply);
        },
        async home(session) {
          await publishHome(session.ctx, session.messenger, session.actor);
        },
        async scan(session) {
          const at = session.clock.now();
          const result = scan(session.ctx.store, at, { defaultZone: session.ctx.defaultZone });
          session.note(describeScan(result));
          await deliverAll({ app: session.ctx, messenger: session.messenger }, at);
        },
      },
      help: [
        '  :scan                     run the silence scan and deliver its messages now',
        '  :digest                   build and show your team\'s digest now',
        '  :home                     show your App Home board',
      ],
    },
  ];
}

async function scanCommand(args: string[]): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const { values } = parse(args, {
    at: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    team: { type: 'string' },
  });
  const at = parseAt(values.at, systemClock.now());
  if (!at) return 2;
  const store = openStore(config.DATABASE_URL);
  try {
    const result = scan(store, at, { dryRun: values['dry-run'], teamId: values.team, defaultZone: config.DEALCOACH_TIMEZONE });
    if (values.json) printJson(result);
    else process.stdout.write(`${describeScan(result)}\n`);
    if (!values['dry-run'] && result.queued > 0) process.stderr.write('Queued DMs are delivered by the running bot (dealcoach start).\n');
    return 0;
  } finally {
    store.close();
  }
}

/** The workspace a command is about: the one given, or the only one in the database. */
function pickWorkspace(store: Store, given: string | undefined): string | null {
  if (given) return given;
  const rows = store.sqlite.prepare('SELECT team_id FROM users UNION SELECT team_id FROM deals').all() as Array<{ team_id: string }>;
  if (rows.length === 1) return rows[0]!.team_id;
  process.stderr.write(rows.length === 0 ? 'The database has no workspace yet: add deals first (npm run console).\n' : `Several workspaces are in the database; pick one with --workspace: ${rows.map((r) => r.team_id).join(', ')}\n`);
  return null;
}

async function digestCommand(args: string[]): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const { values } = parse(args, {
    team: { type: 'string' },
    workspace: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean', default: false },
    post: { type: 'boolean', default: false },
    channel: { type: 'string' },
  });
  const at = parseAt(values.at, systemClock.now());
  if (!at) return 2;
  const store = openStore(config.DATABASE_URL);
  try {
    const workspace = pickWorkspace(store, values.workspace);
    if (!workspace) return 2;
    let team: SalesTeamRow | null = null;
    if (values.team && values.team.toLowerCase() !== EVERYONE.toLowerCase()) {
      const wanted = values.team.toLowerCase();
      team = teamsOfWorkspace(store.db, workspace).find((t) => String(t.id) === wanted || t.name.toLowerCase() === wanted) ?? null;
      if (!team) {
        process.stderr.write(`No team "${values.team}" in ${workspace}. Teams: ${[EVERYONE, ...teamsOfWorkspace(store.db, workspace).filter((t) => t.name !== EVERYONE).map((t) => `${t.name} (${t.id})`)].join(', ')}\n`);
        return 2;
      }
    }
    const data = buildDigest(store, workspace, team, { at, defaultZone: config.DEALCOACH_TIMEZONE });
    const messages = digestMessages(data);
    if (values.json) printJson(data);
    else process.stdout.write(`${[messages.main, ...messages.thread].map((m) => renderMessage(m).text).join('\n\n(thread)\n')}\n`);
    if (!values.post) return 0;
    const channel = values.channel ?? team?.digestChannel ?? (team ? null : everyoneTeam(store.db, workspace)?.digestChannel) ?? null;
    if (!channel) {
      process.stderr.write('--post: no channel. Give --channel C0123 or set one with /deal team channel #channel.\n');
      return 2;
    }
    if (!config.SLACK_BOT_TOKEN) {
      process.stderr.write('--post needs SLACK_BOT_TOKEN (see .env.example).\n');
      return 2;
    }
    const key = `digest:${team ? team.id : 'everyone'}:manual:${at.toISOString()}`;
    store.db.insert(outbox).values({ teamId: workspace, key, kind: 'digest', recipient: channel, payload: { ...messages.main, thread: messages.thread, totals: data.totals }, nextAttemptAt: at, createdAt: at }).onConflictDoNothing().run();
    const client = new WebClient(config.SLACK_BOT_TOKEN, { ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const messenger = webMessenger(client);
    const result = await deliverOutbox(store, messenger, at, { senders: { digest: digestSender(messenger) } });
    const row = store.db.select().from(outbox).where(eq(outbox.key, key)).get();
    process.stderr.write(row?.status === 'sent' ? `Posted to ${channel}.\n` : `Not posted yet (${row?.lastError ?? 'pending'}); the running bot retries it.\n`);
    return row?.status === 'failed' || result.failed ? 1 : 0;
  } finally {
    store.close();
  }
}

export function featureCommands(): Record<string, Command> {
  return {
    scan: { summary: 'run one silence scan: [--at <ISO>] [--dry-run] [--json] [--team <id>]', run: scanCommand },
    draft: { summary: 'draft a message for a deal: <deal> --kind accountability|checkin|fire|revival|roi [--offline] [--json] [--voicemail] [--tone firmer|warmer|shorter]', run: draftCommand },
    import: { summary: 'import deals from a CSV file: <file.csv|-> [--owner <user-id>] [--team <id>] [--dry-run] [--skip-invalid] [--map column=field] [--json]', run: importCommand },
    export: { summary: 'export every deal: [--format csv|json] [--team <id>] [--out <file>]', run: exportCommand },
    digest: { summary: 'build a manager digest: [--team <id|name>] [--workspace <id>] [--at <ISO>] [--json] [--post [--channel <id>]]', run: digestCommand },
    bench: { summary: 'benchmark on a seeded pipeline: [--json] [--deals N] [--scale N,N,N|none] [--quick] [--no-memory]', run: benchCommand },
    'check-tone': { summary: 'check a draft read from stdin: --kind <kind> [--json] (exit 1 when it has problems)', run: checkToneCommand },
  };
}
