// The scheduler: node-cron runs each job on its expression; each run has a deadline (supervisedRuns). The console
// replays the same expressions over a simulated interval, asking node-cron which minutes match.
import cron from 'node-cron';
import type { Clock } from '../domain/clock.js';
import { formatInstant } from '../domain/dates.js';
import { plural } from '../domain/silence.js';
import type { AppContext } from '../services/context.js';
import { cardUpdateSender } from '../services/card-updates.js';
import { draftCardSender } from '../services/drafts.js';
import type { Messenger } from '../slack/messenger.js';
import { deliverOutbox } from './delivery.js';
import { digestSender } from './digest.js';
import { tellingManagerOfChannelProblems } from './digest-problems.js';
import { inProcessScanRunner, type ScanRunner } from './scan-runner.js';
import { JOB_DEADLINE_MS } from '../slack/timeouts.js';

export interface Job {
  name: string;
  cron: string;
  run(at: Date): Promise<void>;
}

export interface JobContext {
  /** The database, the clock, the fallback zone and the drafter. */
  app: AppContext;
  messenger: Messenger;
  log?: (line: string) => void;
  /** Where the scan runs (default: in this process). The bot uses a worker thread. */
  scanner?: ScanRunner;
}

/** Delivery with every sender the product has (draft cards are drafted when their turn comes). */
export function deliverAll(jobs: JobContext, at: Date) {
  return deliverOutbox(jobs.app.store, jobs.messenger, at, {
    senders: {
      draft_card: draftCardSender(jobs.app, jobs.messenger),
      // A digest refused for its channel (not_in_channel, …) is also told to the team's manager, once.
      digest: tellingManagerOfChannelProblems(jobs.app.store, digestSender(jobs.messenger, jobs.app.store), at),
      card_update: cardUpdateSender(jobs.app.store),
    },
  });
}

/**
 * Scan for what is due, then deliver the outbox (including anything left from earlier runs). The
 * first scan of each UTC day (and of the process) is followed by the reconciliation of every open deal's
 * next check (reconcileNextChecks).
 */
export function scanAndDeliverJob(jobs: JobContext, cronExpression: string): Job {
  let lastFullDay: string | null = null;
  return {
    name: 'scan',
    cron: cronExpression,
    async run(at) {
      const day = at.toISOString().slice(0, 10);
      const full = day !== lastFullDay;
      const runner = jobs.scanner ?? inProcessScanRunner(jobs.app.store);
      const { result, digests } = await runner.run(at, jobs.app.defaultZone);
      const when = logTime(at, jobs.app.defaultZone);
      if (full) {
        lastFullDay = day;
        // A short transaction per batch, so Slack's requests are answered (and written) in between.
        const { missed } = await runner.reconcile(at, jobs.app.defaultZone);
        if (missed) {
          jobs.log?.(
            `full scan ${when}: ${missed === 1 ? '1 deal was' : `${missed} deals were`} due but not marked due`,
          );
          // Decided now rather than at the next scan.
          const again = await runner.run(at, jobs.app.defaultZone);
          result.decisions.push(...again.result.decisions);
          const unlisted = (result.unlisted ?? 0) + (again.result.unlisted ?? 0);
          if (unlisted) result.unlisted = unlisted;
          result.queued += again.result.queued;
          digests.push(...again.digests);
        }
      }
      const delivery = await deliverAll(jobs, at);
      const decided = result.decisions.length + (result.unlisted ?? 0);
      if (decided || digests.length || delivery.sent || delivery.failed || delivery.retrying) {
        jobs.log?.(scanRunLine(when, decided, result.queued, digests.length, delivery));
      }
    },
  };
}

/** An instant in a log line a person reads: "Thu, Nov 5 09:00", with the zone unless it is the reader's own. */
export function logTime(at: Date, zone: string, showZone = false): string {
  return `${formatInstant(at, at, zone)}${showZone ? ` ${zone}` : ''}`;
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** How long one run may take before the scheduler stops waiting for it (default JOB_DEADLINE_MS). */
  deadlineMs?: number;
  /** Resolves after ms (tests pass a controllable one). */
  wait?: (ms: number) => { promise: Promise<void>; cancel(): void };
}

const realWait = (ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
};

/**
 * One job's runs: a run that outlives its deadline no longer holds the schedule (node-cron's noOverlap
 * would skip every later run while one call hangs); a run skipped or overlapping is said in the log.
 */
export function supervisedRuns(job: Job, clock: Clock, log: (line: string) => void, options: SchedulerOptions = {}) {
  const deadlineMs = options.deadlineMs ?? JOB_DEADLINE_MS;
  const wait = options.wait ?? realWait;
  const running: Array<{ startedAt: Date; late: boolean }> = [];
  return async function tick(): Promise<'done' | 'late' | 'skipped'> {
    const busy = running.find((r) => !r.late);
    if (busy) {
      const started = logTime(busy.startedAt, 'UTC', true);
      log(`job ${job.name}: skipped, the run started at ${started} is still within its deadline`);
      return 'skipped';
    }
    const hanging = running.filter((r) => r.late);
    if (hanging.length) {
      log(
        `job ${job.name}: starting although ${hanging.length} earlier run(s) still hang (since ` +
          `${logTime(hanging[0]!.startedAt, 'UTC', true)})`,
      );
    }
    const entry = { startedAt: clock.now(), late: false };
    running.push(entry);
    const run = job
      .run(entry.startedAt)
      .catch((error) => log(`job ${job.name} failed: ${(error as Error).message}`))
      .finally(() => running.splice(running.indexOf(entry), 1));
    const deadline = wait(deadlineMs);
    const outcome = await Promise.race([run.then(() => 'done' as const), deadline.promise.then(() => 'late' as const)]);
    deadline.cancel();
    if (outcome === 'late') {
      entry.late = true;
      log(
        `job ${job.name}: still running after ${Math.round(deadlineMs / 1000)} s (started ` +
          `${logTime(entry.startedAt, 'UTC', true)}); later runs go ahead`,
      );
    }
    return outcome;
  };
}

export function startScheduler(
  jobs: Job[],
  clock: Clock,
  log: (line: string) => void,
  options: SchedulerOptions = {},
): RunningScheduler {
  const tasks = jobs.map((job) => {
    const tick = supervisedRuns(job, clock, log, options);
    // Our own overlap rule (supervisedRuns) replaces noOverlap: each tick returns at the deadline at the latest.
    return cron.schedule(job.cron, () => tick().then(() => undefined), { name: job.name });
  });
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}

/** Runs, in time order, every job whose schedule falls in (from, to]; `moveTo` sets the simulated clock first. */
export async function runJobsBetween(jobs: Job[], from: Date, to: Date, moveTo: (at: Date) => void): Promise<number> {
  const matchers = jobs.map((job) => ({ job, task: cron.createTask(job.cron, () => undefined) }));
  let runs = 0;
  try {
    const start = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000;
    for (let minute = start; minute <= to.getTime(); minute += 60_000) {
      const at = new Date(minute);
      for (const { job, task } of matchers) {
        if (task.match(at)) {
          moveTo(at);
          await job.run(at);
          runs++;
        }
      }
    }
  } finally {
    await Promise.all(matchers.map(({ task }) => task.destroy()));
  }
  return runs;
}

/** The log line of a scheduled scan that did something (the bench reads it back: SCAN_RUN_LINE). */
export function scanRunLine(
  when: string,
  decisions: number,
  queued: number,
  digests: number,
  delivery: { sent: number; retrying: number; failed: number },
): string {
  return (
    `scan ${when}: ${plural(decisions, 'decision')}, ${plural(queued, 'DM')} queued` +
    `${digests ? `, ${plural(digests, 'digest')} queued` : ''}; sent ${delivery.sent}, ` +
    `retrying ${delivery.retrying}, failed ${delivery.failed}`
  );
}

/** Reads scanRunLine back: decisions, DMs queued and DMs sent. */
export const SCAN_RUN_LINE = /scan [^\n]*?: (\d+) decisions?, (\d+) DMs? queued(?:, \d+ digests? queued)?; sent (\d+)/;
