// GET /healthz: the database answers a query. Served on PORT in HTTP mode and, in Socket Mode (which
// has no HTTP server of its own), on HEALTH_PORT when it is set.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../services/context.js';

export function healthzHandler(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    let ok = false;
    try {
      ok = ctx.store.sqlite.prepare('select 1 as one').get() !== undefined;
    } catch {
      ok = false;
    }
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok, database: ok ? 'open' : 'unavailable' }));
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
