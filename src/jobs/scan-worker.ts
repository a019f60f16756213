// The scan and digest queueing, in a worker thread with its own database connection, so the
// bot's event loop keeps acking Slack within 3 s while a large pipeline is scanned.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../db/index.js';
import { queueDueDigests } from './digest.js';
import { scan } from './scan.js';

export interface ScanRequest {
  id: number;
  at: number;
  defaultZone: string;
  full?: boolean;
}

const store = openStore((workerData as { databaseUrl: string }).databaseUrl);

parentPort!.on('message', (request: ScanRequest) => {
  try {
    const at = new Date(request.at);
    const result = scan(store, at, { defaultZone: request.defaultZone, full: Boolean(request.full) });
    const digests = queueDueDigests(store, at, request.defaultZone);
    parentPort!.postMessage({ id: request.id, result, digests });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).message });
  }
});
