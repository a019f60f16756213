// The scan, the daily reconciliation and digest queueing, in a worker thread with its own database
// connection, so the bot's event loop keeps acking Slack within 3 s while a large pipeline is scanned.
import { parentPort, workerData } from 'node:worker_threads';
import { databaseHolidays } from '../db/holidays.js';
import { limitPageCache, openStore } from '../db/index.js';
import { useHolidayStore } from '../domain/calendar.js';
import { queueDueDigests } from './digest.js';
import type { ScanRequest } from './scan-runner.js';
import { reconcileNextChecks, scan } from './scan.js';

const store = openStore((workerData as { databaseUrl: string }).databaseUrl);
useHolidayStore(databaseHolidays(store));
limitPageCache(store);

parentPort!.on('message', async (request: ScanRequest) => {
  try {
    const at = new Date(request.at);
    if (request.task === 'reconcile') {
      const reconciled = await reconcileNextChecks(store, at, { defaultZone: request.defaultZone });
      parentPort!.postMessage({ id: request.id, reconciled });
      return;
    }
    const result = await scan(store, at, { defaultZone: request.defaultZone, full: request.task === 'full' });
    const digests = await queueDueDigests(store, at, request.defaultZone);
    parentPort!.postMessage({ id: request.id, result, digests });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).message });
  }
});
