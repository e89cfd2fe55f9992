// The emulator's own endpoints under /_emulator/ (never an AWS path): health, reset, clock, change events.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DecisionLog } from "../auth/decision-log.js";
import type { OffsetClock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { Change, Store, StoreHealth } from "../store/store.js";
import { VERSION } from "../version.js";
import { cognitoCodes } from "./admin-cognito.js";
import { callOperation, listPrincipals, principalPolicyDocuments } from "./admin-operations.js";
import { resourcesSnapshot } from "./admin-resources.js";
import type { GatewayDeps } from "./gateway.js";
import { requestOrigin } from "./request-origin.js";

export const ADMIN_PREFIX = "/_emulator/";

export interface AdminDeps {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly clock: OffsetClock;
  readonly log: Logger;
  readonly services: readonly string[];
  readonly decisions: DecisionLog;
  readonly gateway: GatewayDeps;
}

type AdminHandler = (deps: AdminDeps, body: Buffer, res: ServerResponse, req: IncomingMessage) => Promise<void> | void;

const routes: Record<string, AdminHandler> = {
  // "degraded" while the disk refuses writes (full, read-only): reads still work, writes answer ServiceUnavailable.
  "GET health": (deps, _body, res) => json(res, 200, {
    status: deps.store.health.state,
    version: VERSION,
    services: deps.services,
    mode: deps.config.mode,
    persistence: {
      ...(deps.config.dataDir === null ? { kind: "memory", dataDir: null } : { kind: "file", dataDir: deps.store.persistenceDescription.replace(/^file:/, "") }),
      ...deps.store.health,
    },
    accountId: deps.config.accountId,
    region: deps.config.region,
  }),
  "POST reset": async (deps, _body, res) => {
    await deps.store.reset();
    deps.decisions.clear();
    deps.log.info("state reset through POST /_emulator/reset");
    json(res, 200, { status: "reset" });
  },
  "GET clock": (deps, _body, res) => json(res, 200, { now: deps.clock.now().toISOString(), offsetSeconds: deps.clock.offsetSeconds }),
  // Tests move time forward to expire sessions, tokens and codes instead of sleeping.
  "POST clock": (deps, body, res) => {
    const parsed = parseJson(body) as { offsetSeconds?: unknown } | undefined;
    if (!parsed || typeof parsed.offsetSeconds !== "number" || !Number.isFinite(parsed.offsetSeconds)) {
      json(res, 400, { error: 'Send {"offsetSeconds": N}: the number of seconds to add to the real time.' });
      return;
    }
    deps.clock.offsetSeconds = parsed.offsetSeconds;
    json(res, 200, { now: deps.clock.now().toISOString(), offsetSeconds: deps.clock.offsetSeconds });
  },
  // Enforce mode's recent decisions, newest first; ?after=ID returns only newer ones, ?id=N one in full.
  "GET decisions": (deps, _body, res, req) => {
    const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
    const id = Number(query.get("id") ?? 0);
    if (id) {
      const record = deps.decisions.get(id);
      json(res, record ? 200 : 404, record ?? { error: `No decision ${id}: only the last 500 are kept.` });
      return;
    }
    const limit = Math.min(500, Math.max(1, Number(query.get("limit") ?? 100) || 100));
    const list = deps.decisions.list(limit, Number(query.get("after") ?? 0) || 0).map(({ explanation: _e, ...summary }) => summary);
    json(res, 200, { mode: deps.config.mode, decisions: list });
  },
  // Any operation as an account's root, JSON in and out: what the extension's tree actions use.
  "POST call": async (deps, body, res, req) => {
    const request = parseJson(body);
    if (!request || typeof request !== "object") {
      json(res, 400, { error: { code: "InvalidRequest", message: 'Send {"service", "operation", "input"} as JSON.' } });
      return;
    }
    const answer = await callOperation(deps.gateway, request, requestOrigin(req.headers));
    json(res, answer.status, answer.body);
  },
  // Everything the extension's resource tree shows, for one account, in one read.
  "GET resources": (deps, _body, res, req) =>
    json(res, 200, resourcesSnapshot(deps.store, deps.config, requestOrigin(req.headers), new URL(req.url ?? "/", "http://localhost").searchParams)),
  // The users and roles the policy editor can simulate as, and each one's policies (?arn= or /{arn}/policies).
  "GET principals": (deps, _body, res, req) => {
    const accountId = new URL(req.url ?? "/", "http://localhost").searchParams.get("accountId") ?? deps.config.accountId;
    json(res, 200, listPrincipals(deps.gateway, accountId));
  },
  "GET principals/policies": (deps, _body, res, req) => {
    const arn = new URL(req.url ?? "/", "http://localhost").searchParams.get("arn") ?? "";
    const answer = principalPolicyDocuments(deps.gateway, arn);
    json(res, answer.status, answer.body);
  },
  // The codes Cognito would have sent by email or SMS (sign-up, forgot password, attribute verification).
  "GET cognito/codes": (deps, _body, res, req) => {
    const answer = cognitoCodes(deps.store, new URL(req.url ?? "/", "http://localhost").searchParams, deps.config);
    json(res, answer.status, answer.body);
  },
  // Server-sent events: one `change` event per committed request, so views refresh without polling, and a
  // `health` event (first the current one) whenever the disk starts or stops refusing writes.
  "GET events": (deps, _body, res, req) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(": connected\n\n");
    const health = (h: StoreHealth): void => { res.write(`event: health\ndata: ${JSON.stringify(h)}\n\n`); };
    health(deps.store.health);
    const offHealth = deps.store.onHealth(health);
    const off = deps.store.onCommit((changes: readonly Change[]) => {
      const tables = [...new Set(changes.map((c) => c.table))];
      res.write(`event: change\ndata: ${JSON.stringify({ tables })}\n\n`);
    });
    req.on("close", () => { off(); offHealth(); });
  },
};

export async function handleAdmin(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<void> {
  const name = path.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
  // GET /_emulator/principals/{url-encoded ARN}/policies: the same as ?arn=.
  const perPrincipal = req.method === "GET" ? /^principals\/(.+)\/policies$/.exec(name) : null;
  if (perPrincipal) {
    const answer = principalPolicyDocuments(deps.gateway, decodeURIComponent(perPrincipal[1]!));
    json(res, answer.status, answer.body);
    return;
  }
  const handler = routes[`${req.method} ${name}`];
  if (!handler) {
    const known = Object.keys(routes).map((k) => `${k.split(" ")[0]} ${ADMIN_PREFIX}${k.split(" ")[1]}`).join(", ");
    json(res, 404, { error: `No emulator endpoint ${req.method} ${path}. Known: ${known}.` });
    return;
  }
  await handler(deps, body, res, req);
}

function parseJson(body: Buffer): unknown {
  try { return JSON.parse(body.toString("utf8") || "null"); } catch { return undefined; }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}
