// The scan, the daily reconciliation and digest queueing, in a worker thread with its own database
// connection, so the bot's event loop keeps acking Slack within 3 s while a large pipeline is scanned.
// Both commit in short batches and rest now and then (SCAN_REST_MS), so the bot's own writes, waiting
// for the write lock on their connection, get it between two batches.
import { parentPort, workerData } from 'node:worker_threads';
import { databaseHolidays } from '../db/holidays.js';
import { limitPageCache, openStore } from '../db/index.js';
import { useHolidayStore } from '../domain/calendar.js';
import { queueDueDigests } from './digest.js';
import { type ScanRequest, WORKER_LISTED_DECISIONS } from './scan-runner.js';
import { reconcileNextChecks, SCAN_REST_MS, scan } from './scan.js';

const store = openStore((workerData as { databaseUrl: string }).databaseUrl);
useHolidayStore(databaseHolidays(store));
limitPageCache(store);

parentPort!.on('message', async (request: ScanRequest) => {
  try {
    const at = new Date(request.at);
    if (request.task === 'reconcile') {
      const reconciled = await reconcileNextChecks(store, at, {
        defaultZone: request.defaultZone,
        restMs: SCAN_REST_MS,
      });
      parentPort!.postMessage({ id: request.id, reconciled });
      return;
    }
    const full = request.task === 'full';
    const result = await scan(store, at, { defaultZone: request.defaultZone, full, restMs: SCAN_REST_MS });
    const digests = await queueDueDigests(store, at, request.defaultZone);
    // The bot's thread deserializes the reply: a backlog's every decision would hold it for tens of ms.
    const unlisted = result.decisions.length - WORKER_LISTED_DECISIONS;
    if (unlisted > 0) {
      result.decisions = result.decisions.slice(0, WORKER_LISTED_DECISIONS);
      result.unlisted = unlisted;
    }
    parentPort!.postMessage({ id: request.id, result, digests });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).message });
  }
});
