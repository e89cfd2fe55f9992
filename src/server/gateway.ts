// One AWS request's trip: route → decode → authenticate → authorize → handle (in a transaction) → encode.
// The only place that turns failures into wire errors.
import type { Caller } from "../auth/caller.js";
import type { Authenticator } from "../auth/identity.js";
import { recordKeyUse } from "../auth/key-use.js";
import type { Authorizer } from "../auth/authorize.js";
import type { RequestLogReader } from "../auth/request-log.js";
import type { Clock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { LambdaInvoker } from "../lambda/invoker.js";
import type { Outbound } from "../outbound/outbound.js";
import { AwsError, awsError, internalFailure, notImplemented } from "../protocol/errors.js";
import { decodeJson, encodeJsonError, encodeJsonOutput } from "../protocol/json.js";
import { isUnsignedOperation, MODELS, type ServiceId, type ServiceModel } from "../protocol/model.js";
import { decodeQuery, encodeQueryError, encodeQueryOutput, queryParameters } from "../protocol/query.js";
import { decodeRestJson, encodeRestJsonError, encodeRestJsonOutput } from "../protocol/rest-json.js";
import type { WireResponse } from "../protocol/wire.js";
import type { ServiceHandlers } from "../services/operation.js";
import { AccountStore, StorageRefused, TransactionConflict, type Store } from "../store/store.js";
import { protocolOf, route, type Protocol, type Route } from "./router.js";

/** A request as the transport has it before reading its body: all the origin guard needs, and all a
 * handler that streams the body elsewhere would need. */
export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly sourceIp: string;
  /** e.g. "http://localhost:4566", from the (guarded) Host header: tokens' issuers use what the client used. */
  readonly origin: string;
}

export interface RawRequest extends RequestHead {
  readonly body: Buffer;
}

export interface GatewayDeps {
  readonly services: ReadonlyMap<ServiceId, ServiceHandlers>;
  readonly store: Store;
  readonly auth: Authenticator;
  readonly authorizer: Authorizer;
  readonly config: EmulatorConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly outbound: Outbound;
  /** What the request recorder has filed: Access Analyzer's policy generation reads it. */
  readonly requests?: RequestLogReader;
  readonly lambda: LambdaInvoker;
}

export async function handleAwsRequest(req: RawRequest, deps: GatewayDeps, requestId: string): Promise<WireResponse> {
  const protocol = protocolOf(req.headers, req.path, req.rawQuery);
  let model: ServiceModel | undefined;
  let name = "?";
  try {
    const { route: r, params } = routeOrRefuse(req, deps, protocol);
    model = r.model;
    name = `${r.service}:${r.operation.name}`;
    // Who is asking comes before what is asked, as at AWS: a badly signed request is refused (403) whatever
    // its input, and input is decoded only for a request that will be served.
    const caller = deps.auth.identify(req, { service: r.service, unsigned: isUnsignedOperation(r.operation), region: r.region });
    const input = protocol === "json" ? decodeJson(r.model, r.operation, jsonBody(req))
      : protocol === "rest-json" ? decodeRestJson(r.model, r.operation, { method: req.method, path: req.path, query: params, headers: req.headers, body: req.body.toString("utf8") }, r.labels ?? {})
      : decodeQuery(r.model, r.operation, params);
    const output = await runOperation(deps, { route: r, input, caller, requestId, origin: req.origin });
    deps.log.debug(`${requestId} ${name} ${caller.arn} → 200`);
    return protocol === "json" ? encodeJsonOutput(r.model, r.operation, output, requestId)
      : protocol === "rest-json" ? encodeRestJsonOutput(r.model, r.operation, output)
      : encodeQueryOutput(r.model, r.operation, output, requestId);
  } catch (err) {
    const error = err instanceof AwsError ? err : unexpected(err, deps.log, requestId, name);
    deps.log.debug(`${requestId} ${name} → ${error.status} ${error.code}: ${error.message}`);
    if (protocol === "rest-json") return encodeRestJsonError(error);
    return protocol === "json" ? encodeJsonError(error, requestId) : encodeQueryError(model ?? (error.service && MODELS[error.service]), error, requestId);
  }
}

/**
 * The operation a request names. When it names none that can be served (bad parameters, an unknown
 * action), a request that also fails authentication gets the authentication error, as AWS answers it.
 */
function routeOrRefuse(req: RawRequest, deps: GatewayDeps, protocol: Protocol): { route: Route; params: URLSearchParams } {
  try {
    const params = protocol === "query" ? queryParameters(req.rawQuery, req.body, header(req, "content-type")) : new URLSearchParams(req.rawQuery);
    return { route: route({ method: req.method, path: req.path, headers: req.headers, params }, deps.services), params };
  } catch (err) {
    if (deps.config.mode !== "none") deps.auth.identify(req, { unsigned: false });
    throw err;
  }
}

export interface OperationCall {
  readonly route: Route;
  readonly input: Record<string, unknown>;
  readonly caller: Caller;
  readonly requestId: string;
  readonly origin: string;
  /** The emulator's own call (/_emulator/call): not recorded in the request log. */
  readonly internal?: boolean;
}

/** Authorize and run one decoded operation in a transaction; its changes are durable when this resolves. */
export async function runOperation(deps: GatewayDeps, call: OperationCall): Promise<unknown> {
  const { route: r, input, caller, requestId } = call;
  const handler = r.handler;
  // Input is checked before this, as AWS would, so even a missing operation answers bad input precisely.
  if (!handler) throw notImplemented(r.service, r.operation.name);
  const region = r.region ?? deps.config.region;
  let afterCommit: (() => Promise<void>)[] = [];
  let output: unknown;
  try {
    // Run again (from authorization on) when a concurrent request changed the same rows: see Store.transact.
    output = await deps.store.transact(async (tx) => {
      afterCommit = [];
      const store = new AccountStore(caller.accountId, region, tx);
      deps.authorizer.authorize({ caller, service: r.service, operation: r.operation.name, input, store, requestId, region, internal: call.internal });
      const result = await handler({
        input, caller, store, clock: deps.clock, config: deps.config, log: deps.log, requestId, origin: call.origin, region,
        outbound: deps.outbound, requests: deps.requests, lambda: deps.lambda, afterCommit: (work) => { afterCommit.push(work); },
      });
      // Last-used dates are advisory: while the disk refuses writes they wait, so reads keep working.
      if (deps.store.health.state === "ok") recordKeyUse(store, caller.accessKeyId, r.service, region, deps.clock.now());
      return result;
    });
  } catch (err) {
    throw storageError(err, r.service);
  }
  for (const work of afterCommit) await work();
  return output;
}

/** The store's refusals in AWS's words: a full or read-only disk is the service being unavailable. */
function storageError(err: unknown, service: ServiceId): unknown {
  if (err instanceof StorageRefused) {
    return awsError(service, "ServiceUnavailable", `The emulator could not save this change: ${err.message}. Nothing was ` +
      "changed. Free some space (or make the data folder writable); writes resume by themselves, and GET /_emulator/health says when.");
  }
  if (err instanceof TransactionConflict) {
    const message = "The request was rejected because multiple requests to change this object were submitted simultaneously. " +
      "Wait a few minutes and submit your request again.";
    return service === "iam" ? awsError(service, "ConcurrentModification", message)
      : service === "cognito-idp" ? awsError(service, "ConcurrentModificationException", message)
        : awsError(service, "ServiceUnavailable", message);
  }
  return err;
}

function unexpected(err: unknown, log: Logger, requestId: string, name: string): AwsError {
  log.error(`${requestId} ${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  return internalFailure();
}

function header(req: RawRequest, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function jsonBody(req: RawRequest): string {
  const type = header(req, "content-type").split(";")[0]!.trim().toLowerCase();
  if (type && !type.startsWith("application/x-amz-json-") && type !== "application/json") {
    throw new AwsError("SerializationException", `Content-Type ${type} is not supported: send application/x-amz-json-1.1.`, 400);
  }
  return req.body.toString("utf8");
}
