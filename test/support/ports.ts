// Loopback ports for tests.
import { createServer } from 'node:net';

/** A local port nothing listens on (it was free a moment ago): for a server to bind, or to find closed. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
