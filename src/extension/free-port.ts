// A free TCP port, found by letting the OS pick one; for "Use another port" when the configured one is taken.
import { createServer } from "node:net";

export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error(`No free port on ${host}.`))));
    });
  });
}
