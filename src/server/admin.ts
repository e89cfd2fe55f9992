// The emulator's own endpoints under /_emulator/ (never an AWS path): health, reset, clock, accounts, state
// files, seed export, change events. What changes state goes through control.ts, as the npm package does.
// Who may use each is admin-access.ts's to say; this file only serves them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { rootCaller } from "../auth/caller.js";
import type { DecisionLog } from "../auth/decision-log.js";
import { REQUEST_LOG_TABLES, type RequestLog } from "../auth/request-log.js";
import type { RequestEvent } from "../admin-api/request-events.js";
import type { IdentityRequestsAnswer, RequestIdentitiesAnswer, RequestRecord } from "../admin-api/requests.js";
import type { OffsetClock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { LambdaDebugAnswer, LambdaStatusAnswer } from "../admin-api/lambda.js";
import type { LambdaFunctions } from "../lambda/functions.js";
import type { Logger } from "../log.js";
import type { Change, Store, StoreHealth } from "../store/store.js";
import { VERSION } from "../version.js";
import { AwsError, internalFailure } from "../protocol/errors.js";
import { adminAccess, type AdminAccess } from "./admin-access.js";
import { adminError, type AdminAnswer } from "./admin-answer.js";
import { cognitoCodes } from "./admin-cognito.js";
import { callOperation, listPrincipals, principalPolicyDocuments, roleCredentials } from "./admin-operations.js";
import { resourcesSnapshot } from "./admin-resources.js";
import type { EmulatorControl } from "./control.js";
import type { GatewayDeps, RawRequest } from "./gateway.js";
import { requestOrigin } from "./request-origin.js";
import { StateFileError } from "../state/state-file.js";
import type { UpstreamHealth, Upstreams } from "./forward/upstreams.js";

export const ADMIN_PREFIX = "/_emulator/";

export interface AdminDeps {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly clock: OffsetClock;
  readonly log: Logger;
  readonly services: readonly string[];
  readonly decisions: DecisionLog;
  readonly requests: RequestLog;
  readonly gateway: GatewayDeps;
  readonly control: EmulatorControl;
  readonly lambda: LambdaFunctions;
  /** What the endpoints that act accept in authenticate and enforce modes (besides a SigV4 signature). */
  readonly adminToken: string;
  /** The upstream emulators other services are forwarded to, and their health (server/forward/). */
  readonly upstreams?: Upstreams;
}

/** `access` is set for the endpoints that act (undefined for the open ones): who is acting, and as what. */
type AdminHandler = (deps: AdminDeps, body: Buffer, res: ServerResponse, req: IncomingMessage, access?: AdminAccess) => Promise<void> | void;

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
    upstreams: deps.upstreams?.list() ?? [],
  }),
  // Everything, or one account with {"accountId": "…"} (or ?accountId=).
  "POST reset": async (deps, body, res, req, access) => {
    operatorOrRoot(deps, access, "reset the emulator");
    const parsed = parseJson(body);
    const accountId = (isObject(parsed) ? parsed.accountId : undefined) ?? queryOf(req).get("accountId") ?? undefined;
    if (accountId !== undefined && typeof accountId !== "string") { answer(res, adminError("ValidationError", "accountId must be a string of 12 digits.", 400)); return; }
    await stateAnswer(res, async () => { await deps.control.reset(accountId); return accountId === undefined ? { status: "reset" } : { status: "reset", accountId }; });
  },
  "GET clock": (deps, _body, res) => json(res, 200, deps.control.readClock()),
  // Tests move time forward to expire sessions, tokens and codes instead of sleeping.
  "POST clock": (deps, body, res, _req, access) => {
    operatorOrRoot(deps, access, "move the emulator's clock");
    const parsed = parseJson(body);
    const number = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
    if (!isObject(parsed) || (parsed.offsetSeconds !== undefined) === (parsed.advanceSeconds !== undefined) ||
      (parsed.offsetSeconds !== undefined && !number(parsed.offsetSeconds)) || (parsed.advanceSeconds !== undefined && !number(parsed.advanceSeconds))) {
      answer(res, adminError("ValidationError", 'Send {"offsetSeconds": N} (seconds ahead of the real time) or {"advanceSeconds": N} (move the clock by N seconds).', 400));
      return;
    }
    json(res, 200, deps.control.setClock(parsed as { offsetSeconds?: number; advanceSeconds?: number }));
  },
  // A fresh, empty account for a test file or worker, and the accounts handed out so far.
  "POST accounts": (deps, _body, res) => stateAnswer(res, () => deps.control.newAccount()),
  "GET accounts": (deps, _body, res) => json(res, 200, { accounts: deps.control.accounts() }),
  // The state file (docs/testing.md): ?accountId= for one account, ?secrets=omit to leave secrets out.
  "GET state": (deps, _body, res, req) => stateAnswer(res, () => {
    const query = queryOf(req);
    const secrets = query.get("secrets");
    if (secrets !== null && secrets !== "omit" && secrets !== "include") throw new StateFileError('secrets must be "include" or "omit".');
    return deps.control.exportState({ accountId: query.get("accountId") ?? undefined, secrets: secrets !== "omit" });
  }),
  // Replaces the state (or, for a one-account file, that account) with the body's state file.
  "POST state": (deps, body, res) => stateAnswer(res, async () => {
    const parsed = parseJson(body);
    if (parsed === undefined) throw new StateFileError("The body is not JSON: send a state file as GET /_emulator/state writes it.");
    return { status: "imported", ...(await deps.control.importState(parsed)) };
  }),
  // The account as a seed file (the README's seed shape), and what a seed cannot hold.
  "GET seed": (deps, _body, res, req) => stateAnswer(res, () => deps.control.exportSeed(queryOf(req).get("accountId") ?? undefined)),
  // Enforce mode's recent decisions, newest first; ?after=ID returns only newer ones, ?id=N one in full.
  "GET decisions": (deps, _body, res, req) => {
    const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
    const id = Number(query.get("id") ?? 0);
    if (id) {
      const record = deps.decisions.get(id);
      answer(res, record ? { status: 200, body: record } : adminError("ResourceNotFoundException", `No decision ${id}: only the last 500 are kept.`, 404));
      return;
    }
    const limit = Math.min(500, Math.max(1, Number(query.get("limit") ?? 100) || 100));
    const list = deps.decisions.list(limit, Number(query.get("after") ?? 0) || 0).map(({ explanation: _e, ...summary }) => summary);
    json(res, 200, { mode: deps.config.mode, decisions: list });
  },
  // The request recorder: identities with recorded requests (?accountId=), or one identity's requests
  // newest first and the distinct actions and resources it used (?identity=ARN&limit=N&after=SEQ).
  "GET requests": (deps, _body, res, req) => {
    const query = new URL(req.url ?? "/", "http://localhost").searchParams;
    const identity = query.get("identity");
    if (identity === null) {
      const answer: RequestIdentitiesAnswer = { identities: deps.requests.identities(query.get("accountId") ?? undefined) };
      json(res, 200, answer);
      return;
    }
    const limit = Math.min(1000, Math.max(1, Number(query.get("limit") ?? 100) || 100));
    const after = Number(query.get("after") ?? "");
    const answer: IdentityRequestsAnswer = {
      identity,
      requests: deps.requests.requests(identity, { limit, after: Number.isInteger(after) && after > 0 ? after : undefined }),
      access: deps.requests.access(identity),
    };
    json(res, 200, answer);
  },
  // Any operation, JSON in and out: what the extension's tree actions use. The operator acts as an account's
  // root; a signed request acts as its signer, authorized like any request.
  "POST call": async (deps, body, res, req, access) => {
    const request = parseJson(body);
    if (!request || typeof request !== "object") {
      answer(res, adminError("InvalidRequest", 'Send {"service", "operation", "input"} as JSON.', 400));
      return;
    }
    answer(res, await callOperation(deps.gateway, request, requestOrigin(req.headers), access?.kind === "signed" ? access.caller : undefined));
  },
  // A role session for code run as the role (the extension's "Open Terminal as" / "Debug as" a role).
  "POST role-credentials": async (deps, body, res, req) => {
    const request = parseJson(body);
    answer(res, await roleCredentials(deps.gateway, (request && typeof request === "object" ? request : {}) as Record<string, unknown>, requestOrigin(req.headers)));
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
    answer(res, principalPolicyDocuments(deps.gateway, arn));
  },
  // The codes Cognito would have sent by email or SMS (sign-up, forgot password, attribute verification).
  // A signed caller sees only its own account's pools, and only those it may AdminGetUser in.
  "GET cognito/codes": (deps, _body, res, req, access) => {
    const signed = access?.kind === "signed" ? { caller: access.caller, authorizer: deps.gateway.authorizer } : undefined;
    answer(res, cognitoCodes(deps.store, new URL(req.url ?? "/", "http://localhost").searchParams, deps.config, signed));
  },
  // How Lambda functions (Cognito triggers) run: the Invoke API endpoint, the local handler files.
  "GET lambda": (deps, _body, res) => json(res, 200, deps.lambda.status() satisfies LambdaStatusAnswer),
  // "Debug Cognito triggers": local handlers restart with the inspector open and wait for a debugger.
  "POST lambda/debug": async (deps, body, res) => {
    const parsed = parseJson(body) as { enabled?: unknown } | undefined;
    if (!parsed || typeof parsed.enabled !== "boolean") {
      answer(res, adminError("ValidationError", 'Send {"enabled": true} to run local trigger handlers under a debugger, {"enabled": false} to stop.', 400));
      return;
    }
    const targets = await deps.lambda.setDebug(parsed.enabled);
    deps.log.info(parsed.enabled ? `trigger debugging on: ${targets.length} handler(s) wait for a debugger` : "trigger debugging off");
    json(res, 200, { debugging: parsed.enabled, targets } satisfies LambdaDebugAnswer);
  },
  // Server-sent events: one `change` event per committed request, so views refresh without polling, a
  // `health` event (first the current one) whenever the disk starts or stops refusing writes, and a
  // `lambda-debug` event when a trigger's worker starts waiting for a debugger. With ?requests=1 also a
  // `request` event per request the recorder files (its recent ones first), for the Requests view, and a
  // `requests-replaced` event when a reset (of everything or one account) or a state file replaced the
  // records: the recent ones that remain follow it, then a health event, as on connecting.
  "GET events": (deps, _body, res, req) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(": connected\n\n");
    // The replayed requests come before the first health event: a client that has seen health has them all.
    let offRequests = (): void => undefined;
    const health = (h: StoreHealth): void => { res.write(`event: health\ndata: ${JSON.stringify(h)}\n\n`); };
    if (queryOf(req).get("requests") === "1") {
      const send = (r: RequestRecord): void => { res.write(`event: request\ndata: ${JSON.stringify(requestEvent(deps, r))}\n\n`); };
      deps.requests.recent(RECENT_REQUESTS).forEach(send);
      const offFiled = deps.requests.subscribe(send);
      const offReload = deps.requests.onReload(() => {
        res.write("event: requests-replaced\ndata: {}\n\n");
        deps.requests.recent(RECENT_REQUESTS).forEach(send);
        health(deps.store.health);
      });
      offRequests = () => { offFiled(); offReload(); };
    }
    health(deps.store.health);
    const offHealth = deps.store.onHealth(health);
    // `upstreams` (first the current list, when any is configured) whenever an upstream goes up or down.
    const upstreams = (list: readonly UpstreamHealth[]): void => { res.write(`event: upstreams\ndata: ${JSON.stringify(list)}\n\n`); };
    if (deps.upstreams?.configured) upstreams(deps.upstreams.list());
    const offUpstreams = deps.upstreams?.onChange(upstreams);
    const off = deps.store.onCommit((changes: readonly Change[]) => {
      // The request log records reads too: its writes change no resource a view shows.
      const tables = [...new Set(changes.map((c) => c.table))].filter((t) => !t.startsWith(REQUEST_LOG_TABLES));
      if (tables.length) res.write(`event: change\ndata: ${JSON.stringify({ tables })}\n\n`);
    });
    const offDebug = deps.lambda.onDebugTarget((target) => res.write(`event: lambda-debug\ndata: ${JSON.stringify(target)}\n\n`));
    req.on("close", () => { off(); offHealth(); offDebug(); offRequests(); offUpstreams?.(); });
  },
};

/** Requests a viewer of `events?requests=1` is sent first. */
const RECENT_REQUESTS = 200;

/** A recorded request with the id of the decision enforce mode made for it, to open its explanation. */
function requestEvent(deps: AdminDeps, r: RequestRecord): RequestEvent {
  const decision = r.requestId === undefined ? undefined : deps.decisions.forRequest(r.requestId);
  return decision ? { ...r, decisionId: decision.id } : r;
}

export async function handleAdmin(deps: AdminDeps, req: IncomingMessage, res: ServerResponse, request: RawRequest): Promise<void> {
  const name = request.path.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
  // GET /_emulator/principals/{url-encoded ARN}/policies: the same as ?arn=.
  const perPrincipal = req.method === "GET" ? /^principals\/(.+)\/policies$/.exec(name) : null;
  if (perPrincipal) {
    const arn = decodedSegment(perPrincipal[1]!);
    answer(res, arn === undefined
      ? adminError("ValidationError", "Give the principal's ARN URL-encoded: /_emulator/principals/{encodeURIComponent(arn)}/policies.", 400)
      : principalPolicyDocuments(deps.gateway, arn));
    return;
  }
  const endpoint = `${req.method} ${name}`;
  const handler = routes[endpoint];
  if (!handler) {
    const known = Object.keys(routes).map((k) => `${k.split(" ")[0]} ${ADMIN_PREFIX}${k.split(" ")[1]}`).join(", ");
    answer(res, adminError("UnknownEndpoint", `No emulator endpoint ${req.method} ${request.path}. Known: ${known}.`, 404));
    return;
  }
  try {
    const access = adminAccess({ mode: deps.config.mode, adminToken: deps.adminToken, auth: deps.gateway.auth }, endpoint, request);
    await handler(deps, request.body, res, req, access);
  } catch (err) {
    if (res.headersSent) throw err;
    if (!(err instanceof AwsError)) deps.log.error(`${endpoint} failed: ${(err as Error).stack ?? String(err)}`);
    const error = err instanceof AwsError ? err : internalFailure();
    answer(res, adminError(error.code, error.message, error.status));
  }
}

/** Acts on the whole emulator: the operator, or the root of its default account. */
function operatorOrRoot(deps: AdminDeps, access: AdminAccess | undefined, what: string): void {
  if (access?.kind !== "signed") return;
  const root = rootCaller(deps.config.accountId, access.caller.sourceIp).arn;
  if (access.caller.arn !== root) {
    throw new AwsError("AccessDenied", `${access.caller.arn} may not ${what}: only the admin token or ${root} may.`, 403);
  }
}

/** A percent-encoded path segment, or undefined when its encoding is broken (a lone %, bytes that are not UTF-8). */
function decodedSegment(segment: string): string | undefined {
  try { return decodeURIComponent(segment); } catch { return undefined; }
}

/** Answers what `run` returns, or 400 with the message of a bad state file or account id. */
async function stateAnswer(res: ServerResponse, run: () => unknown): Promise<void> {
  try {
    json(res, 200, await run());
  } catch (err) {
    if (!(err instanceof StateFileError)) throw err;
    answer(res, adminError("ValidationError", err.message, 400));
  }
}

const queryOf = (req: IncomingMessage): URLSearchParams => new URL(req.url ?? "/", "http://localhost").searchParams;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseJson(body: Buffer): unknown {
  try { return JSON.parse(body.toString("utf8") || "null"); } catch { return undefined; }
}

function answer(res: ServerResponse, { status, body }: AdminAnswer): void {
  json(res, status, body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}
