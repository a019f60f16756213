// The scheduled look at stand-in admins (services/roles.ts): where a stand-in still has powers, they end
// once Slack names an admin or owner (recorded since, or found by asking users.list again once the last
// answer is old), and the review DMs queued then are delivered at once.
import { reviewStandIns } from '../services/roles.js';
import { deliverAll, type Job, type JobContext } from './scheduler.js';

export function standInJob(jobs: JobContext, cronExpression: string): Job {
  return {
    name: 'stand-in',
    cron: cronExpression,
    async run(at) {
      const ended = await reviewStandIns(jobs.app);
      if (!ended.length) return;
      jobs.log?.(`stand-in admin powers ended in ${ended.join(', ')}: Slack names an admin or owner there`);
      await deliverAll(jobs, at);
    },
  };
}
