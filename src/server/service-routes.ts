// Plain HTTP GET routes a service declares (Cognito's /<poolId>/.well-known/jwks.json).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { ServiceId } from "../protocol/model.js";
import type { ServiceHandlers } from "../services/operation.js";
import { AccountStore, type Store } from "../store/store.js";

export interface ServiceRouteDeps {
  readonly services: ReadonlyMap<ServiceId, ServiceHandlers>;
  readonly store: Store;
  readonly config: EmulatorConfig;
  readonly clock: Clock;
}

export async function handleServiceRoute(req: IncomingMessage, res: ServerResponse, path: string, deps: ServiceRouteDeps): Promise<boolean> {
  if (req.method !== "GET") return false;
  for (const service of deps.services.values()) {
    for (const r of service.routes ?? []) {
      const match = path.match(r.pattern);
      if (!match) continue;
      // Read-only: a transaction that is never committed changes nothing.
      const store = new AccountStore(deps.config.accountId, deps.config.region, deps.store.begin());
      const answer = r.handle(match, { store, origin: `http://${req.headers.host ?? "localhost"}`, clock: deps.clock });
      if (!answer) continue;
      res.writeHead(answer.status, { "content-type": answer.contentType });
      res.end(answer.body);
      return true;
    }
  }
  return false;
}
