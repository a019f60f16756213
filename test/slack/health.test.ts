// GET /healthz on its own port (Socket Mode's HEALTH_PORT): the handler HTTP mode serves too.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AppContext } from '../../src/services/context.js';
import { startHealthServer } from '../../src/slack/health.js';

const contextOn = (store = openStore(':memory:')): AppContext => ({
  store,
  clock: new ManualClock('2026-11-23T14:00:00Z'),
  defaultZone: 'UTC',
});

describe('the Socket Mode health server', () => {
  it('answers GET /healthz with the database state, and nothing else', async () => {
    const ctx = contextOn();
    const health = await startHealthServer(0, ctx);
    try {
      const base = `http://127.0.0.1:${health.port}`;
      const ok = await fetch(`${base}/healthz?probe=kubelet`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, database: 'open' });
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${base}/slack/events`)).status).toBe(404);

      ctx.store.close();
      const down = await fetch(`${base}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        ok: false,
        database: 'unavailable',
        reason: expect.stringMatching(/not open/),
      });
    } finally {
      await health.close();
    }
  });

  it('rejects a port that is taken, so start can say so', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startHealthServer(port, contextOn())).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
