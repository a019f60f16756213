// Memory: the bot as an admin runs it (`node bin/dealcoach.js start`, environment variables only)
// against the seeded database, its Web API pointed at a local fake Slack: a burst of signed
// commands, then a scan (and the delivery of what it queued), then its peak RSS from the kernel.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCAN_RUN_LINE } from '../jobs/scheduler.js';
import type { BenchRep } from './commands.js';
import { BenchSlack } from './fake-slack.js';
import { BENCH_SIGNING_SECRET, freePort, SignedPoster, slashCommandBody } from './http.js';
import { summarize, tidy, type Figure } from './stats.js';

const BIN = fileURLToPath(new URL('../../bin/dealcoach.js', import.meta.url));

/**
 * The node options an npm script runs the CLI with (`"start": "node --max-semi-space-size=4
 * bin/dealcoach.js start"`): the bench starts the bot and the import as `npm start` and `npm run
 * import` do, without npm's own process in the measurement.
 */
export function scriptNodeOptions(script: string): string[] {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const words = (packageJson.scripts?.[script] ?? '').split(/\s+/);
  const bin = words.indexOf('bin/dealcoach.js');
  return words[0] === 'node' && bin > 0 ? words.slice(1, bin) : [];
}

/** Runs the CLI as its npm script does, and reports its peak RSS (VmHWM) when it exits. */
export function runCliMeasured(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string; peakMB: number | null }> {
  const child = spawn(process.execPath, [...scriptNodeOptions(script), BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let peakMB: number | null = null;
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  // VmHWM is the process's own high-water mark: sampling it often enough to read it before exit suffices.
  const sampler = setInterval(() => {
    const memory = child.pid ? processMemory(child.pid) : null;
    if (memory && Number.isFinite(memory.peakMB)) peakMB = Math.max(peakMB ?? 0, memory.peakMB);
  }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ code, stdout, stderr, peakMB });
    });
  });
}

/** The newest modification time under a folder. */
function newestUnder(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Whether bin/dealcoach.js will run the compiled bot (its own rule: dist/ no older than src/). From
 * the sources it runs through tsx, whose compiler is in the bot's memory and start-up.
 */
export function botRunsCompiled(): boolean {
  const compiled = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
  const sources = fileURLToPath(new URL('../../src', import.meta.url));
  if (!existsSync(compiled)) return false;
  return !existsSync(sources) || newestUnder(sources) <= statSync(compiled).mtimeMs;
}

export interface MemoryBenchOptions {
  dbPath: string;
  workspace: string;
  reps: BenchRep[];
  /** Commands in the burst, and how many are in flight at once. */
  burst: number;
  concurrency: number;
  /**
   * Seconds after the bot is spawned at which its scheduler runs the scan (once: a cron for that second of the day).
   */
  scanAfterSeconds: number;
  /** How long to wait for the scan to report, from when it is due. */
  scanTimeoutMs: number;
  log: (line: string) => void;
}

export interface MemoryBenchResult {
  figures: Figure[];
  notes: string[];
  peakMB: number | null;
}

/** VmHWM (peak resident set) and VmRSS of a process, in MB; null where /proc is not available. */
export function processMemory(pid: number): { peakMB: number; rssMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
    return { peakMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `the bot exited (${child.exitCode}) while waiting for ${what}: ` +
          `${stderr().trim().split('\n').slice(-3).join(' ')}`,
      );
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A cron expression (with seconds) that matches `at`, local time, once a day. */
function cronAt(at: Date): string {
  return `${at.getSeconds()} ${at.getMinutes()} ${at.getHours()} * * *`;
}

export async function benchMemory(options: MemoryBenchOptions): Promise<MemoryBenchResult> {
  const notes: string[] = [];
  if (!botRunsCompiled()) {
    const warning =
      'the bot ran from the TypeScript sources (src/ is newer than dist/; run `npm run build` first): its ' +
      'memory and start-up include the tsx compiler';
    notes.push(warning);
    options.log(`  memory: ${warning}`);
  }
  const fake = await new BenchSlack().start();
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'dealcoach-bench-bot-'));
  const scanAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + options.scanAfterSeconds * 1000);
  const child = spawn(process.execPath, [...scriptNodeOptions('start'), BIN, 'start'], {
    cwd,
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_URL: `file:${options.dbPath}`,
      DEALCOACH_SCAN_CRON: cronAt(scanAt),
      ...(process.env.TZ ? { TZ: process.env.TZ } : {}),
      DEALCOACH_TIMEZONE: 'UTC',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const memory = child.pid ? processMemory(child.pid) : null;
    if (memory) samples.push(memory.rssMB);
  }, 100);
  const stop = async () => {
    clearInterval(sampler);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await fake.stop();
    rmSync(cwd, { recursive: true, force: true });
  };

  try {
    const base = `http://127.0.0.1:${port}`;
    const startedAt = performance.now();
    await waitFor(
      async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true,
      60_000,
      'the bot to listen',
      child,
      () => stderr,
    );
    const startMs = performance.now() - startedAt;
    // Idle as the floor's is read (bareBoltRss): a second after start-up, its garbage let go.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idle = processMemory(child.pid!);
    if (!idle) notes.push('peak RSS needs /proc (Linux): not measured here');
    options.log(
      `  memory: bot up in ${tidy(startMs)} ms (RSS ${idle ? tidy(idle.rssMB) : '?'} MB); burst of ${options.burst}` +
        ` commands`,
    );

    // The burst: reps at once, each sending the usual mix of commands.
    const poster = new SignedPoster(new URL(`${base}/slack/events`));
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const kinds = ['list', 'status', 'call', 'reply', 'new'];
    const worker = async () => {
      while (next < options.burst) {
        const i = next++;
        const rep = options.reps[i % options.reps.length]!;
        const company = rep.companies[i % rep.companies.length]!;
        const kind = kinds[i % kinds.length]!;
        const text =
          kind === 'list'
            ? 'list'
            : kind === 'new'
              ? `new Burst ${i} Ltd value 10k`
              : kind === 'call'
                ? `call ${company} no message`
                : kind === 'reply'
                  ? `reply ${company} ok`
                  : `status ${company}`;
        const response = await poster.post(
          slashCommandBody({ text, user: rep.id, team: options.workspace, responseUrl: fake.responseUrl(`b${i}`) }),
        );
        if (response.status === 200) latencies.push(response.ms);
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    poster.close();
    if (failed) notes.push(`${failed} burst command(s) failed`);
    const afterBurst = processMemory(child.pid!);

    // The scan, due at a second chosen at spawn time. Until it reports, one command at a time
    // keeps arriving: the ones that land while it runs wait for it (it holds the event loop).
    if (Date.now() > scanAt.getTime()) notes.push('the burst ran into the scan: raise scanAfterSeconds');
    options.log(
      `  memory: waiting for the bot's scan (due ${scanAt.toISOString()}), sending a command every 100 ms meanwhile`,
    );
    const scanLine = SCAN_RUN_LINE;
    const probe = new SignedPoster(new URL(`${base}/slack/events`));
    const during: number[] = [];
    let probes = 0;
    let scanReported = false;
    const deadline = scanAt.getTime() + options.scanTimeoutMs;
    while (Date.now() < deadline && child.exitCode === null) {
      if (scanLine.test(stderr)) {
        scanReported = true;
        break;
      }
      const rep = options.reps[probes % options.reps.length]!;
      const response = await probe.post(
        slashCommandBody({
          text: 'list',
          user: rep.id,
          team: options.workspace,
          responseUrl: fake.responseUrl(`p${++probes}`),
        }),
      );
      // Only the commands sent from the moment the scan is due count.
      if (Date.now() - response.ms >= scanAt.getTime() - 50 && response.status === 200) during.push(response.ms);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    probe.close();
    if (scanReported) {
      const match = stderr.match(scanLine)!;
      notes.push(
        `the bot's scan (at the wall-clock time, cold) made ${match[1]} decisions, queued ${match[2]} DMs and sent ` +
          `${match[3]} to the fake Slack`,
      );
    } else {
      notes.push(
        `no scan report from the bot within ${options.scanTimeoutMs} ms of it being due (nothing due, or still ` +
          `running)`,
      );
    }
    const end = processMemory(child.pid!);
    const figures: Figure[] = [summarize('bot.start', 'bot: process start to /healthz 200', 'ms', [startMs])];
    if (latencies.length) {
      figures.push(
        summarize(
          'bot.burst',
          `bot: ack latency in a burst of ${options.burst} commands, ${options.concurrency} in flight`,
          'ms',
          latencies,
        ),
      );
    }
    if (during.length) {
      figures.push(
        summarize(
          'bot.during-scan',
          'bot: ack latency of /deal list sent every 100 ms while its first scan runs',
          'ms',
          during,
          'the bot scans in a worker thread: commands are acked while it runs',
        ),
      );
    }
    if (idle && end && afterBurst) {
      figures.push(summarize('bot.rss.idle', 'bot: RSS once listening', 'MB', [idle.rssMB]));
      figures.push(summarize('bot.rss.burst', 'bot: RSS after the burst', 'MB', [afterBurst.rssMB]));
      figures.push(
        summarize(
          'bot.rss.peak',
          'bot: peak RSS (VmHWM) over start, burst and scan',
          'MB',
          [end.peakMB],
          scanReported
            ? `${samples.length} samples of RSS every 100 ms, highest ${tidy(Math.max(...samples))} MB`
            : 'no scan was seen: peak over start and burst only',
        ),
      );
    }
    return { figures, notes, peakMB: end?.peakMB ?? null };
  } finally {
    await stop();
  }
}

/**
 * The memory floor: a bare Bolt app (HTTP receiver, one slash command that acks) in a fresh
 * node process, its RSS once listening. Plain JavaScript, so no loader is counted.
 */
export async function bareBoltRss(): Promise<number | null> {
  const port = await freePort();
  const code = `
    import bolt from '@slack/bolt';
    const app = new bolt.App({ token: 'xoxb-bare', signingSecret: 'bare', tokenVerificationEnabled: false });
    app.command('/deal', async ({ ack }) => { await ack(); });
    await app.start(${port});
    process.stdout.write('listening\\n');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => (chunk.toString().includes('listening') ? resolve() : undefined));
      child.once('exit', (code) => reject(new Error(`the bare Bolt app exited with ${code}`)));
    });
    // Start-up garbage let go, as for the bot's idle figure: a second after it listens.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return processMemory(child.pid!)?.rssMB ?? null;
  } finally {
    child.kill('SIGKILL');
  }
}
