// The scheduled jobs, for the bot and the console alike.
import type { Config } from '../config.js';
import { scanAndDeliverJob, type Job, type JobContext } from './scheduler.js';
import { standInJob } from './stand-in.js';

export function scheduledJobs(config: Config, jobContext: JobContext): Job[] {
  return [
    standInJob(jobContext, config.DEALCOACH_SCAN_CRON),
    scanAndDeliverJob(jobContext, config.DEALCOACH_SCAN_CRON),
  ];
}
