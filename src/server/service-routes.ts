// Plain HTTP routes services declare beside the AWS API (Cognito's JWKS, discovery document, OAuth 2.0
// endpoints and managed login pages): parsed into an HttpRequest, run in a transaction that commits when the
// route answers, and written back. Routes never see node:http.
import type { ServerResponse } from "node:http";
import type { Clock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { LambdaInvoker } from "../lambda/invoker.js";
import type { Logger } from "../log.js";
import type { Outbound } from "../outbound/outbound.js";
import type { ServiceId } from "../protocol/model.js";
import type { HttpAnswer, HttpRequest, HttpRoute, ServiceHandlers } from "../services/operation.js";
import { AccountStore, StorageRefused, TransactionConflict, type Store } from "../store/store.js";
import type { RawRequest } from "./gateway.js";
import { sendWire } from "./http-io.js";

export interface ServiceRouteDeps {
  readonly services: ReadonlyMap<ServiceId, ServiceHandlers>;
  readonly store: Store;
  readonly config: EmulatorConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly outbound: Outbound;
  readonly lambda: LambdaInvoker;
}

const FORM = "application/x-www-form-urlencoded";

// Every AWS API request asks first whether a route is its own: the services' routes by method, listed once.
const routesByMethod = new WeakMap<ReadonlyMap<ServiceId, ServiceHandlers>, Map<string, HttpRoute[]>>();

function routesFor(services: ReadonlyMap<ServiceId, ServiceHandlers>, method: string): readonly HttpRoute[] {
  let byMethod = routesByMethod.get(services);
  if (byMethod === undefined) {
    byMethod = new Map();
    for (const service of services.values()) {
      for (const r of service.routes ?? []) {
        for (const m of r.methods) {
          const list = byMethod.get(m) ?? [];
          list.push(r);
          byMethod.set(m, list);
        }
      }
    }
    routesByMethod.set(services, byMethod);
  }
  return byMethod.get(method) ?? [];
}

export async function handleServiceRoute(raw: RawRequest, res: ServerResponse, requestId: string, deps: ServiceRouteDeps): Promise<boolean> {
  for (const r of routesFor(deps.services, raw.method)) {
    const match = raw.path.match(r.pattern);
    if (!match) continue;
    const request = httpRequest(raw);
    let answer: HttpAnswer | undefined;
    let afterCommit: (() => Promise<void | HttpAnswer>)[] = [];
    try {
      // As for AWS operations (gateway.ts): run again when a concurrent request changed the same rows.
      answer = await deps.store.transact((tx) => {
        afterCommit = [];
        return r.handle(match, request, {
          store: new AccountStore(deps.config.accountId, deps.config.region, tx), clock: deps.clock, config: deps.config, log: deps.log,
          requestId, origin: raw.origin, region: deps.config.region, outbound: deps.outbound, lambda: deps.lambda,
          afterCommit: (work) => { afterCommit.push(work); },
        });
      });
      if (answer) for (const work of afterCommit) answer = (await work()) ?? answer;
    } catch (err) {
      if (!(err instanceof StorageRefused || err instanceof TransactionConflict)) throw err;
      answer = { status: 503, headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "1" },
        body: `The emulator could not save this change: ${err.message}. Nothing was changed; try again.` };
    }
    // Not this route's after all (an unknown pool id): nothing was written, the next route or the gateway answers.
    if (!answer) continue;
    sendWire(res, answer);
    return true;
  }
  return false;
}

function httpRequest(raw: RawRequest): HttpRequest {
  const type = String(raw.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const cookie = raw.headers.cookie;
  return {
    method: raw.method, path: raw.path, body: raw.body, headers: raw.headers, sourceIp: raw.sourceIp,
    query: new URLSearchParams(raw.rawQuery),
    form: new URLSearchParams(type === FORM ? raw.body.toString("utf8") : ""),
    cookies: cookiesOf(Array.isArray(cookie) ? cookie.join("; ") : cookie),
  };
}

function cookiesOf(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try { out[name] = decodeURIComponent(part.slice(eq + 1).trim()); } catch { /* a malformed cookie is ignored, as browsers do */ }
  }
  return out;
}
