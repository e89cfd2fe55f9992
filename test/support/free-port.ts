// A loopback port free right now, for a server that cannot be told to listen on port 0 (moto, a documented
// example's own server). Another process could take it before the server listens: a rare, loud failure.
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
