// The scheduler's work at an instant, against a TestApp: scan, then deliver through a real Web API
// client pointed at the fake Slack. Time is always a parameter; nothing waits on the wall clock.
import { LogLevel, WebClient } from '@slack/web-api';
import { deliverOutbox } from '../../src/jobs/delivery.js';
import { scan, type ScanOptions } from '../../src/jobs/scan.js';
import { deliverAll } from '../../src/jobs/scheduler.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import type { TestApp } from './app-harness.js';

/** A Web API client as buildApp configures Bolt's: fail fast, the outbox does its own retries. */
export function slackClient(apiUrl: string, token = 'xoxb-test-token'): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
}

/** Scan at `at`, then deliver the plain outbox (DMs and channel posts). */
export async function scanAndDeliver(t: TestApp, at: Date, options: ScanOptions = {}) {
  t.clock.set(at);
  const result = await scan(t.store, at, options);
  const delivery = await deliverOutbox(t.store, webMessenger(slackClient(t.fake.apiUrl)), at);
  return { result, delivery };
}

/** Scan at `at`, then deliver with every sender the scheduler has (draft cards, digests). */
export async function runJobsAt(t: TestApp, at: Date, options: ScanOptions = {}) {
  t.clock.set(at);
  const result = await scan(t.store, at, options);
  const delivery = await deliverAll({ app: t.ctx, messenger: webMessenger(slackClient(t.fake.apiUrl)) }, at);
  return { result, delivery };
}

/**
 * A daily job from `start`: each call runs it once a day (same time of day) up to and including
 * `iso`, then leaves the clock at `iso`.
 */
export function dailyJobs(t: TestApp, start: string | Date, options: ScanOptions = {}) {
  let last = new Date(start);
  return async (iso: string) => {
    const target = new Date(iso);
    for (let at = new Date(last.getTime() + 86_400_000); at <= target; at = new Date(at.getTime() + 86_400_000)) {
      await runJobsAt(t, at, options);
      last = at;
    }
    t.clock.set(target);
  };
}
