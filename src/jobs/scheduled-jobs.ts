// The scheduled jobs, for the bot and the console alike.
import type { Config } from '../config.js';
import { scanAndDeliverJob, type Job, type JobContext } from './scheduler.js';

export function scheduledJobs(config: Config, jobContext: JobContext): Job[] {
  return [scanAndDeliverJob(jobContext, config.DEALCOACH_SCAN_CRON)];
}
