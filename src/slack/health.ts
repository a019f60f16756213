// GET /healthz: the database file is there and takes a write. Served on PORT in HTTP mode and, in Socket Mode (which
// has no HTTP server of its own), on HEALTH_PORT when it is set.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessSync, constants, existsSync } from 'node:fs';
import type { AppContext } from '../services/context.js';
import type { Store } from '../db/index.js';
import { isBusyError } from '../db/write.js';

/** `busy`: another connection held the write lock, so the write was not tried to the end (not a fault). */
export type DatabaseHealth = { ok: true; busy?: string } | { ok: false; reason: string };

/**
 * Whether the database can still take writes: the file is still there and writable (an open connection
 * keeps writing to a deleted or chmod-ed file, so SQLite alone would not notice), and a write commits
 * (rewriting `user_version` to its own value commits a page, which fails on a full disk).
 */
export function checkDatabase(store: Store): DatabaseHealth {
  const file = store.location;
  try {
    if (file !== ':memory:') {
      if (!existsSync(file)) return { ok: false, reason: `the database file ${file} is gone` };
      try {
        accessSync(file, constants.W_OK);
      } catch {
        return { ok: false, reason: `the database file ${file} is read-only` };
      }
    }
    const version = Number(store.sqlite.pragma('user_version', { simple: true }));
    // The write never waits for a lock another connection holds (better-sqlite3 would block the event loop).
    const busyMs = store.sqlite.pragma('busy_timeout', { simple: true }) as number;
    store.sqlite.pragma('busy_timeout = 0');
    try {
      store.sqlite.pragma(`user_version = ${version}`);
    } finally {
      store.sqlite.pragma(`busy_timeout = ${busyMs}`);
    }
    return { ok: true };
  } catch (error) {
    if (isBusyError(error)) {
      return { ok: true, busy: `another connection holds the write lock; the write was not checked` };
    }
    return { ok: false, reason: `a write to the database failed: ${(error as Error).message}` };
  }
}

export function healthzHandler(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    const health = checkDatabase(ctx.store);
    res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        health.ok
          ? { ok: true, database: health.busy ? 'busy' : 'open', ...(health.busy ? { note: health.busy } : {}) }
          : { ok: false, database: 'unavailable', reason: health.reason },
      ),
    );
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: any free one) for GET /healthz only; rejects if the port is taken. */
export async function startHealthServer(port: number, ctx: AppContext): Promise<HealthServer> {
  const handle = healthzHandler(ctx);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && req.method === 'GET') return handle(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: 'not_found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
