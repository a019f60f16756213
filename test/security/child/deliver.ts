// A delivery run in its own process, as the bot's scheduler does it: the real outbox, a real SQLite file
// and the real Web API client (SLACK_API_URL points at the fake Slack). Prints the result as JSON.
// Run as: node --import tsx test/security/child/deliver.ts (DATABASE_URL, SLACK_API_URL, DELIVER_AT;
// SENDERS=all delivers with every sender the scheduler has: draft cards drafted offline, digests).
import { WebClient } from '@slack/web-api';
import { openStore } from '../../../src/db/index.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { deliverOutbox } from '../../../src/jobs/delivery.js';
import { deliverAll } from '../../../src/jobs/scheduler.js';
import { WEB_API_TIMEOUT_MS } from '../../../src/slack/timeouts.js';
import { webMessenger } from '../../../src/slack/web-messenger.js';

const store = openStore(process.env.DATABASE_URL!);
const client = new WebClient('xoxb-child', {
  slackApiUrl: process.env.SLACK_API_URL!,
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: WEB_API_TIMEOUT_MS,
});
process.stderr.write('delivering\n');
const at = new Date(process.env.DELIVER_AT!);
const messenger = webMessenger(client);
const result =
  process.env.SENDERS === 'all'
    ? await deliverAll({ app: { store, clock: new ManualClock(at), defaultZone: 'UTC' }, messenger }, at)
    : await deliverOutbox(store, messenger, at);
process.stdout.write(`${JSON.stringify(result)}\n`);
store.close();
