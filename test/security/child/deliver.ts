// A delivery run in its own process, as the bot's scheduler does it: the real outbox, a real SQLite file
// and the real Web API client (SLACK_API_URL points at the fake Slack). Prints the result as JSON.
// Run as: node --import tsx test/security/child/deliver.ts (DATABASE_URL, SLACK_API_URL, DELIVER_AT).
import { WebClient } from '@slack/web-api';
import { openStore } from '../../../src/db/index.js';
import { deliverOutbox } from '../../../src/jobs/delivery.js';
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
const result = await deliverOutbox(store, webMessenger(client), new Date(process.env.DELIVER_AT!));
process.stdout.write(`${JSON.stringify(result)}\n`);
store.close();
