// The scheduler: node-cron runs each job on its expression with noOverlap. The console replays
// the same expressions over a simulated interval, asking node-cron which minutes match.
import cron from 'node-cron';
import type { Clock } from '../domain/clock.js';
import type { AppContext } from '../services/context.js';
import { draftCardSender } from '../services/drafts.js';
import type { Messenger } from '../slack/messenger.js';
import { deliverOutbox } from './delivery.js';
import { digestSender } from './digest.js';
import { inProcessScanRunner, type ScanRunner } from './scan-runner.js';

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
    senders: { draft_card: draftCardSender(jobs.app, jobs.messenger), digest: digestSender(jobs.messenger) },
  });
}

/**
 * Scan for what is due, then deliver the outbox (including anything left from earlier runs). The
 * first scan of each UTC day (and of the process) is the full, reconciling one.
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
      const { result, digests } = await runner.run(at, jobs.app.defaultZone, full);
      if (full) lastFullDay = day;
      if (result.missed) jobs.log?.(`full scan ${at.toISOString()}: ${result.missed} deal(s) were due but not marked due`);
      const delivery = await deliverAll(jobs, at);
      if (result.decisions.length || digests.length || delivery.sent || delivery.failed || delivery.retrying) {
        jobs.log?.(
          `scan ${at.toISOString()}: ${result.decisions.length} decisions, ${result.queued} DMs queued${digests.length ? `, ${digests.length} digest(s) queued` : ''}; sent ${delivery.sent}, retrying ${delivery.retrying}, failed ${delivery.failed}`,
        );
      }
    },
  };
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

export function startScheduler(jobs: Job[], clock: Clock, log: (line: string) => void): RunningScheduler {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          await job.run(clock.now());
        } catch (error) {
          log(`job ${job.name} failed: ${(error as Error).message}`);
        }
      },
      { name: job.name, noOverlap: true },
    ),
  );
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
