// Command latency: signed `/deal` commands over real HTTP to the real Bolt app (buildApp, HTTP
// receiver, Web API pointed at a local fake Slack), from request to ack, for reps who own ~50
// deals; and the same requests to a bare Bolt app whose handler only acks: the floor.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { buildApp } from '../app.js';
import { createDrafter } from '../coach/index.js';
import { loadConfig } from '../config.js';
import { openStore, type Store } from '../db/index.js';
import type { Clock } from '../domain/clock.js';
import type { AppContext } from '../services/context.js';
import { BenchSlack } from './fake-slack.js';
import { BENCH_SIGNING_SECRET, SignedPoster, slashCommandBody } from './http.js';
import { summarize, type Figure } from './stats.js';

export const COMMAND_KINDS = ['new', 'call', 'reply', 'status', 'list'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** Commands that change a deal also refresh the rep's App Home after the ack. */
const CHANGES: Record<CommandKind, boolean> = { new: true, call: true, reply: true, status: false, list: false };

export interface BenchRep {
  id: string;
  deals: number;
  /** Companies of the rep's open deals (active, silent or nurture). */
  companies: string[];
}

/** The `limit` reps whose number of deals is closest to `around`, with their open deals' companies. */
export function repsWithDeals(store: Store, workspace: string, around = 50, limit = 100): BenchRep[] {
  const owners = store.sqlite
    .prepare(
      `SELECT owner_id AS id, count(*) AS deals FROM deals WHERE team_id = ? GROUP BY owner_id ORDER BY abs(count(*) ` +
        `- ?), owner_id LIMIT ?`,
    )
    .all(workspace, around, limit) as Array<{ id: string; deals: number }>;
  // By owner only (the owner index), then the state: with `state IN (...)` in the query, SQLite
  // prefers the (team_id, state) index and reads every open deal of the workspace per rep.
  const deals = store.sqlite.prepare('SELECT company, state FROM deals WHERE team_id = ? AND owner_id = ? ORDER BY id');
  const open = new Set(['active', 'silent', 'nurture']);
  return owners
    .map((o) => {
      const rows = deals.all(workspace, o.id) as Array<{ company: string; state: string }>;
      return { id: o.id, deals: o.deals, companies: rows.filter((r) => open.has(r.state)).map((r) => r.company) };
    })
    .filter((r) => r.companies.length > 0);
}

export interface CommandBenchOptions {
  dbPath: string;
  workspace: string;
  /** The simulated "now" the app's clock starts at (the seeded pipeline is as of then). */
  at: Date;
  /** Timed samples per command kind (after `warmup` untimed ones). */
  samples: number;
  warmup: number;
  /** Timed samples of the bare app. */
  bareSamples: number;
  log: (line: string) => void;
}

export interface CommandBenchResult {
  figures: Figure[];
  /** Every sample, in ms, by kind ("bare" for the floor). */
  samples: Record<CommandKind | 'bare', number[]>;
  /** The reps who sent the commands (chosen before any command added deals). */
  reps: BenchRep[];
  averageDeals: number;
  notes: string[];
}

async function startHttpApp(app: App): Promise<{ poster: SignedPoster; stop: () => Promise<void> }> {
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const poster = new SignedPoster(new URL(`http://127.0.0.1:${port}/slack/events`));
  return {
    poster,
    async stop() {
      poster.close();
      await app.stop();
    },
  };
}

export async function benchCommands(options: CommandBenchOptions): Promise<CommandBenchResult> {
  const fake = await new BenchSlack().start();
  const store = openStore(`file:${options.dbPath}`);
  // The app's clock runs from the seeded "now", at the wall clock's pace.
  const started = Date.now();
  const clock: Clock = { now: () => new Date(options.at.getTime() + (Date.now() - started)) };
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'error',
    DEALCOACH_TIMEZONE: 'UTC',
  });
  const ctx: AppContext = { store, clock, defaultZone: config.DEALCOACH_TIMEZONE, drafter: createDrafter({}) };
  // One command at a time, each waited for until its App Home refresh has arrived: no refreshes to group.
  const real = await startHttpApp(buildApp(config, ctx, undefined, { homeRefreshDelayMs: 0 }).app);

  // The floor: the same Bolt, the same receiver and signature check, a handler that only acks.
  const bareApp = new App({
    token: config.SLACK_BOT_TOKEN,
    signingSecret: BENCH_SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  bareApp.command('/deal', async ({ ack }) => {
    await ack();
  });
  const bare = await startHttpApp(bareApp);

  const notes: string[] = [];
  const reps = repsWithDeals(store, options.workspace);
  if (reps.length === 0) throw new Error('no rep owns an open deal in the seeded pipeline');
  const samples: Record<CommandKind | 'bare', number[]> = {
    new: [],
    call: [],
    reply: [],
    status: [],
    list: [],
    bare: [],
  };
  const failures: Record<string, number> = {};
  let homeTimeouts = 0;
  let sequence = 0;

  const textFor = (kind: CommandKind, rep: BenchRep, round: number): string => {
    const company = rep.companies[round % rep.companies.length]!;
    switch (kind) {
      case 'new':
        return `new Benchmark ${round} Co contact "Ann Lee" value 25k stage demo`;
      case 'call':
        return `call ${company} left message asked about the pilot`;
      case 'reply':
        return `reply ${company} via email they want a new quote`;
      case 'status':
        return `status ${company}`;
      case 'list':
        return 'list';
    }
  };
  const send = async (poster: SignedPoster, rep: BenchRep, text: string) => {
    const body = slashCommandBody({
      text,
      user: rep.id,
      team: options.workspace,
      responseUrl: fake.responseUrl(`r${++sequence}`),
    });
    return poster.post(body);
  };

  const total = options.warmup + Math.max(options.samples, Math.ceil(options.bareSamples / COMMAND_KINDS.length));
  const barePerRound = Math.max(1, Math.round(options.bareSamples / Math.max(1, options.samples)));
  // Rounds interleave the kinds and the floor, so that a busy moment on the machine hits them alike.
  for (let round = 0; round < total; round++) {
    const timed = round >= options.warmup;
    const rep = reps[round % reps.length]!;
    if (round < options.warmup + options.samples) {
      for (const kind of COMMAND_KINDS) {
        const before = fake.publishesOf(rep.id);
        const response = await send(real.poster, rep, textFor(kind, rep, round));
        const ok = response.status === 200 && response.body.includes('"response_type"');
        if (!ok) failures[kind] = (failures[kind] ?? 0) + 1;
        else if (timed) samples[kind].push(response.ms);
        // Let the work after the ack (App Home refresh) finish before the next request is timed.
        if (ok && CHANGES[kind] && !(await fake.waitForPublish(rep.id, before, 5_000))) homeTimeouts++;
      }
    }
    if (timed && samples.bare.length < options.bareSamples) {
      for (let i = 0; i < barePerRound && samples.bare.length < options.bareSamples; i++) {
        const response = await send(bare.poster, rep, 'list');
        if (response.status === 200) samples.bare.push(response.ms);
        else failures.bare = (failures.bare ?? 0) + 1;
      }
    }
    if ((round + 1) % 50 === 0) options.log(`  commands: round ${round + 1}/${total}`);
  }

  await real.stop();
  await bare.stop();
  await fake.stop();
  store.close();

  for (const [kind, count] of Object.entries(failures))
    notes.push(`${count} ${kind} command(s) were not answered in the ack body and were left out`);
  if (homeTimeouts)
    notes.push(`${homeTimeouts} App Home refresh(es) after a command did not reach the fake Slack within 5 s`);
  const averageDeals = reps.reduce((sum, r) => sum + r.deals, 0) / reps.length;
  const figures: Figure[] = [
    ...COMMAND_KINDS.map((kind) =>
      summarize(`command.${kind}`, `/deal ${kind}: signed request to ack, real app`, 'ms', samples[kind]),
    ),
    summarize(
      'command.bare',
      '/deal: signed request to ack, bare Bolt app that only acks (the floor)',
      'ms',
      samples.bare,
    ),
    summarize(
      'command.all',
      '/deal new|call|reply|status|list together, real app',
      'ms',
      COMMAND_KINDS.flatMap((k) => samples[k]),
    ),
  ];
  return { figures, samples, reps, averageDeals, notes };
}
