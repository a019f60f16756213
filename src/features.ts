// Wiring of feature modules into the CLI, the console and the bot, kept in one place.
import { configOrExplain, parse, parseAt, printJson, type Command } from './cli.js';
import type { Config } from './config.js';
import type { ConsoleExtension, ConsoleSession } from './console/index.js';
import type { Drafter } from './coach/types.js';
import { openStore } from './db/index.js';
import { systemClock } from './domain/clock.js';
import { deliverOutbox } from './jobs/delivery.js';
import { runJobsBetween, scanAndDeliverJob, type Job, type JobContext } from './jobs/scheduler.js';
import { scan, type ScanResult } from './jobs/scan.js';
import { handleNudgeAction, isNudgeAction } from './services/nudge-actions.js';

export function createDrafterFromConfig(_config: Config): Drafter | undefined {
  return undefined;
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
    scheduledJobs(config, { store: session.ctx.store, messenger: session.messenger, defaultZone: session.ctx.defaultZone, log: (line) => session.note(line) });
  return [
    {
      async advance(session, from, to) {
        await runJobsBetween(jobsFor(session), from, to, (at) => session.clock.set(at));
      },
      directives: {
        async scan(session) {
          const at = session.clock.now();
          const result = scan(session.ctx.store, at, { defaultZone: session.ctx.defaultZone });
          session.note(describeScan(result));
          await deliverOutbox(session.ctx.store, session.messenger, at);
        },
      },
      async click(session, button) {
        if (!isNudgeAction(button.actionId)) return false;
        const reply = await handleNudgeAction(session.ctx, session.actor, button.actionId, button.value);
        session.show(session.actor.userId, 'ephemeral', reply);
        return true;
      },
      help: ['  :scan                     run the silence scan and deliver its messages now'],
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

export function featureCommands(): Record<string, Command> {
  return {
    scan: { summary: 'run one silence scan: [--at <ISO>] [--dry-run] [--json] [--team <id>]', run: scanCommand },
  };
}
