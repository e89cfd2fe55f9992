// The front door for every other service: a request that is not the emulator's own (classify.ts) is
// authenticated with the same keys and modes, authorized in enforce mode by the same engine (its action,
// resources and condition keys from auth/request-mapping/, resource policies from the upstream), recorded, and
// then streamed to the upstream re-signed with the upstream's credentials; the answer streams back. The body
// is read only where the request's service or signature needs it (JSON and Query services, a body hash that
// must be computed); S3 bodies of any size stream through with their hash or chunk signatures checked on the way.
import { createHash } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { pipeline, type Readable } from "node:stream";
import type { Authorizer, ForwardedTarget } from "../../auth/authorize.js";
import type { Authenticator, StreamingIdentity } from "../../auth/identity.js";
import { mapRequest, type MappedRequest, type MappingRequest, type ServiceMapping } from "../../auth/request-mapping/index.js";
import { amzDate, signRequest } from "../../auth/sigv4.js";
import type { Clock } from "../../clock.js";
import type { EmulatorConfig } from "../../config.js";
import type { Logger } from "../../log.js";
import { AwsError } from "../../protocol/errors.js";
import type { WireResponse } from "../../protocol/wire.js";
import { AccountStore, type Store } from "../../store/store.js";
import { AwsChunkedDecoder, BodyCheckFailed, PayloadHashCheck } from "./body-streams.js";
import { forwardTargetOf, scopeServiceOf, type ForwardTarget } from "./classify.js";
import { badGateway, forwardErrorResponse, gatewayTimeout, type ForwardError } from "./errors.js";
import { BucketOwners, KeySchemas } from "./upstream-facts.js";
import { readLimited, sendWire } from "../http-io.js";
import type { RequestHead } from "../gateway.js";
import { ResourcePolicies } from "./resource-policies.js";
import { callUpstream } from "./upstream-call.js";
import type { Upstreams } from "./upstreams.js";

export interface ForwarderDeps {
  readonly config: EmulatorConfig;
  readonly upstreams: Upstreams;
  readonly auth: Authenticator;
  readonly authorizer: Authorizer;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
}

const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const EMPTY_SHA256 = createHash("sha256").digest("hex");
const EMPTY = Buffer.alloc(0);
/** JSON and Query bodies are read whole to find the operation's resources; they are small at AWS too. */
const MAX_READ_BODY = 16 * 1024 * 1024;
/** Answers whose URLs are rewritten are read whole; they are listings of a few KB. */
const MAX_REWRITTEN_ANSWER = 4 * 1024 * 1024;
/** Headers that belong to one connection, never passed on (RFC 9110 §7.6.1), and those the re-signing replaces. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "expect", "host"]);
const PRESIGN_PARAMS = new Set(["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"]);

export class Forwarder {
  private readonly policies: ResourcePolicies;
  private readonly owners: BucketOwners;
  private readonly keySchemas = new KeySchemas();

  constructor(private readonly deps: ForwarderDeps) {
    const now = () => deps.clock.now();
    this.policies = new ResourcePolicies(now);
    this.owners = new BucketOwners(deps.store);
  }

  /** The request's target when it goes upstream; undefined when the emulator serves it (or no upstream is set). */
  claims(head: RequestHead): ForwardTarget | undefined {
    if (!this.deps.upstreams.configured) return undefined;
    const target = forwardTargetOf(head);
    return target && this.deps.upstreams.urlFor(target.signingName) ? target : undefined;
  }

  /** Serves a claimed request to the end; never throws (failures are answered in the service's format). */
  async forward(req: IncomingMessage, res: ServerResponse, head: RequestHead, target: ForwardTarget, requestId: string, expectsContinue: boolean): Promise<void> {
    const mapping = target.mapping;
    const format = mapping?.errors === "json-1.0" && head.headers["x-amz-target"] === undefined && mapping.protocols.includes("query")
      ? "query-xml" : mapping?.errors ?? (head.headers["x-amz-target"] !== undefined ? "json-1.1" : undefined);
    const fail = (error: ForwardError): void => {
      if (res.headersSent) { res.destroy(); return; }
      // The body was not read: the connection cannot carry another request after it.
      if (!req.complete) res.setHeader("connection", "close");
      sendWire(res, forwardErrorResponse(format, error, requestId, mapping?.signingName === "sqs" && format !== "query-xml"));
      if (!req.complete) req.resume();
    };
    try {
      await this.serve(req, res, head, target, requestId, expectsContinue, fail);
    } catch (err) {
      if (err instanceof AwsError) { fail({ code: err.code, message: err.message, status: err.status, headers: err.extra }); return; }
      if (err instanceof BodyCheckFailed) { fail({ code: err.code, message: err.message, status: err.status }); return; }
      this.deps.log.error(`${requestId} forwarding failed: ${err instanceof Error ? err.stack : String(err)}`);
      fail({ code: "InternalError", message: "We encountered an internal error. Please try again.", status: 500 });
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, head: RequestHead, target: ForwardTarget, requestId: string,
                      expectsContinue: boolean, fail: (error: ForwardError) => void): Promise<void> {
    const { config, upstreams } = this.deps;
    const mapping = target.mapping;
    const upstream = upstreams.urlFor(target.signingName)!;
    const s3 = target.signingName === "s3";
    const stated = statedPayloadHash(head);
    // Stream the body only where nothing needs it first: the operation's resources are not in it, and its hash
    // is stated (S3) or nothing is verified (mode none).
    const streamable = !mapping?.bodyNeeded && (config.mode === "none" || (s3 && stated !== undefined));
    /** The whole body (100 Continue first, if the client waits for it), or undefined once answered 413. */
    const readBody = async (): Promise<Buffer | undefined> => {
      if (expectsContinue) { res.writeContinue(); expectsContinue = false; }
      const read = await readLimited(req, MAX_READ_BODY);
      if (!read) fail({ code: "RequestEntityTooLarge", status: 413, message: `The request body is larger than the ${MAX_READ_BODY}-byte limit for ${target.signingName ?? "this service"}.` });
      return read;
    };
    let body: Buffer | undefined;
    if (!streamable && !(body = await readBody())) return;
    const identity = this.deps.auth.identifyHead(head, (cred) => payloadHashFor(cred, stated, body, s3, mapping), s3);
    const { caller } = identity;
    const region = (scopeServiceOf(head)?.region) ?? config.region;

    // Map, with the facts only the upstream knows, and again with the body when the operation's resources are in it.
    let mapped = mapping ? await this.map(mapping, head, target, body, region, caller.accountId, upstream) : undefined;
    if (mapped?.readsBody && !body) {
      if (!(body = await readBody())) return;
      mapped = await this.map(mapping!, head, target, body, region, caller.accountId, upstream);
    }

    const store = new AccountStore(caller.accountId, region, this.deps.store.begin());
    const targets: ForwardedTarget[] = [];
    if (mapped?.mapped) {
      for (const a of mapped.authorizations) {
        const policy = config.mode === "enforce" && a.resourcePolicy
          ? await this.policies.read(a.resourcePolicy.reader, a.resourcePolicy.target, {
            region,
            ask: (call) => callUpstream({ ...call, upstream: upstreams.urlFor(call.service) ?? upstream, region, now: this.deps.clock.now(), timeoutSeconds: config.upstreamTimeoutSeconds, credentials: this.credentialsFor(a.resourceAccount ?? caller.accountId) }),
          })
          : undefined;
        targets.push({ action: a.action, resource: a.resource, resourceAccount: a.resourceAccount,
          resourcePolicy: policy ? { source: { kind: "resource", name: `${a.resourcePolicy!.reader} policy of ${a.resourcePolicy!.target}` }, document: policy } : undefined,
          resourcePolicyMustAllow: a.resourcePolicy?.mustAllow });
      }
    }
    const decision = this.deps.authorizer.authorizeForwarded({
      caller, store, requestId, region, service: target.signingName ?? "unknown", operation: mapped ? mapped.operation : operationNamed(head, body), targets,
      unmapped: mapped === undefined ? `no mapping for the service ${target.signingName ?? "that the request names"}` : mapped.mapped ? undefined : mapped.reason,
      unmappedOperations: config.unmappedOperations, context: mapped?.context ?? {},
    });
    if (!decision.allowed) {
      fail({ code: mapping?.accessDeniedCode ?? "AccessDenied", status: mapping?.accessDeniedStatus ?? 403, message: decision.message,
        headers: decision.encodedMessage ? { "x-amzn-authorization-message": decision.encodedMessage } : undefined });
      return;
    }
    if (expectsContinue) res.writeContinue();
    await this.send(req, res, head, target, upstream, identity, body, stated, mapped, region, requestId, fail);
  }

  private async map(mapping: ServiceMapping, head: RequestHead, target: ForwardTarget, body: Buffer | undefined, region: string,
                    accountId: string, upstream: URL): Promise<MappedRequest> {
    const query = new URLSearchParams(head.rawQuery);
    const input: MappingRequest = {
      method: head.method, path: head.path, query, headers: head.headers, hostBucket: target.hostBucket, region, accountId,
      target: typeof head.headers["x-amz-target"] === "string" ? head.headers["x-amz-target"] : undefined,
      body: body ? decodeBody(body, head) : undefined,
      facts: { ownerOf: (arn) => this.owners.ownerOf(arn), partitionKeyOf: (table) => this.keySchemas.partitionKeyOf(table, accountId, region) },
    };
    const mapped = mapRequest(mapping, input);
    if (mapping.signingName === "dynamodb" && typeof input.body?.TableName === "string" && (input.body.Key || input.body.Item)) {
      const table = input.body.TableName;
      if (this.keySchemas.partitionKeyOf(table, accountId, region) === undefined) {
        await this.keySchemas.learn(table, accountId, region, (payload) => callUpstream({
          upstream, service: "dynamodb", region, now: this.deps.clock.now(), timeoutSeconds: this.deps.config.upstreamTimeoutSeconds, credentials: this.credentialsFor(accountId),
          method: "POST", path: "/", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.DescribeTable" }, body: JSON.stringify(payload),
        }));
        return mapRequest(mapping, input);
      }
    }
    return mapped;
  }

  /** The upstream signs as the resource's account root (LocalStack and moto keep state per 12-digit key), unless configured. */
  private credentialsFor(accountId: string): { accessKeyId: string; secretAccessKey: string } {
    const configured = this.deps.config.upstreamCredentials;
    if (configured) {
      const colon = configured.indexOf(":");
      return { accessKeyId: configured.slice(0, colon), secretAccessKey: configured.slice(colon + 1) };
    }
    return { accessKeyId: accountId, secretAccessKey: this.deps.config.rootSecretAccessKey };
  }

  private send(req: IncomingMessage, res: ServerResponse, head: RequestHead, target: ForwardTarget, upstream: URL, identity: StreamingIdentity,
               body: Buffer | undefined, stated: string | undefined, mapped: MappedRequest | undefined, region: string, requestId: string,
               fail: (error: ForwardError) => void): Promise<void> {
    const { config, upstreams, clock, log } = this.deps;
    const s3 = target.signingName === "s3";
    const headers: Record<string, string | string[] | undefined> = {};
    for (const [name, value] of Object.entries(head.headers)) if (!HOP_BY_HOP.has(name) && !name.startsWith("x-amz-security-token")) headers[name] = value;
    headers.host = upstream.host;
    // Virtual-hosted S3 goes upstream in path style: every upstream understands it.
    const path = target.hostBucket ? `/${encodeURIComponent(target.hostBucket)}${head.path === "/" ? "" : head.path}` : head.path;
    const rawQuery = head.rawQuery.split("&").filter((p) => p !== "" && !PRESIGN_PARAMS.has(decodeSafe(p.split("=")[0]!))).join("&");

    let source: Readable | Buffer;
    let payloadHash: string;
    if (body) {
      source = body;
      payloadHash = createHash("sha256").update(body).digest("hex");
      headers["content-length"] = String(body.length);
      if (mapped?.rewritesUrls && target.signingName === "sqs") {
        const rewritten = Buffer.from(body.toString("utf8").split(head.origin).join(upstream.origin), "utf8");
        source = rewritten;
        payloadHash = createHash("sha256").update(rewritten).digest("hex");
        headers["content-length"] = String(rewritten.length);
      }
    } else if (declaresNoBody(head) && (stated === undefined || stated === UNSIGNED_PAYLOAD || stated === EMPTY_SHA256)) {
      // GET, HEAD, DELETE …: nothing to stream, so no stream pipeline (and its AbortController) per request.
      source = EMPTY;
      payloadHash = stated === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : EMPTY_SHA256;
      req.resume();
    } else if (stated?.startsWith("STREAMING-")) {
      // aws-chunked: decoded here (its chunk signatures were made with the client's key), sent plain.
      const decodedLength = Number(firstValue(head.headers["x-amz-decoded-content-length"]));
      const decoder = new AwsChunkedDecoder(identity.signingKey && identity.credential && stated.startsWith("STREAMING-AWS4-HMAC-SHA256")
        ? { key: identity.signingKey, credential: identity.credential } : undefined, Number.isFinite(decodedLength) ? decodedLength : undefined);
      source = req.pipe(decoder);
      req.on("error", (err) => decoder.destroy(err));
      payloadHash = UNSIGNED_PAYLOAD;
      const encodings = String(headers["content-encoding"] ?? "").split(",").map((e) => e.trim()).filter((e) => e && e !== "aws-chunked");
      if (encodings.length) headers["content-encoding"] = encodings.join(","); else delete headers["content-encoding"];
      delete headers["x-amz-decoded-content-length"];
      delete headers["x-amz-trailer"];
      if (Number.isFinite(decodedLength)) headers["content-length"] = String(decodedLength); else delete headers["content-length"];
    } else if (stated && /^[0-9a-f]{64}$/i.test(stated) && config.mode !== "none") {
      const check = new PayloadHashCheck(stated);
      source = req.pipe(check);
      req.on("error", (err) => check.destroy(err));
      payloadHash = stated;
    } else {
      source = req;
      // Nothing to check against (mode none): the upstream is told the stated hash, or that there is none.
      payloadHash = stated || UNSIGNED_PAYLOAD;
    }
    delete headers["authorization"];
    const scope = scopeServiceOf(head);
    signRequest({ method: head.method, path, rawQuery, headers }, {
      // The resource's account where it is another's: upstreams that keep state per account find it there.
      ...this.credentialsFor(mapped?.authorizations[0]?.resourceAccount ?? identity.caller.accountId), region: scope?.region ?? region, service: scope?.service ?? target.signingName ?? "s3",
      amzDate: amzDate(clock.now()),
    }, payloadHash, s3);

    const timeoutSeconds = config.upstreamTimeoutSeconds;
    return new Promise<void>((resolve) => {
      const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
      const out = send({
        protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: head.method,
        path: path + (rawQuery ? `?${rawQuery}` : ""), headers: headers as Record<string, string | string[]>,
      });
      let answered = false, gaveUp = false;
      let timer: NodeJS.Timeout | undefined;
      const giveUp = (): void => {
        if (answered || gaveUp) return;
        gaveUp = true;
        upstreams.report(upstream.origin, `no answer within ${timeoutSeconds} s`);
        out.destroy();
        fail(gatewayTimeout(upstream.origin, timeoutSeconds));
        resolve();
      };
      // The wait for an answer starts once the request is sent: a multi-GB upload takes longer than any answer
      // should. While the body streams, an upstream that stops reading it for as long is given up on too.
      out.on("finish", () => { timer = setTimeout(giveUp, timeoutSeconds * 1000); timer.unref(); });
      out.setTimeout(timeoutSeconds * 1000, () => { if (!out.writableFinished) giveUp(); });
      out.on("error", (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (gaveUp) return;
        if (answered) { res.destroy(); resolve(); return; }
        if (err instanceof BodyCheckFailed) { fail({ code: err.code, message: err.message, status: err.status }); resolve(); return; }
        if (out.destroyed && !err.code) { resolve(); return; }
        const reason = err.code === "ECONNREFUSED" ? "connection refused" : err.code === "ECONNRESET" ? "connection reset" : err.message;
        upstreams.report(upstream.origin, reason);
        fail(badGateway(upstream.origin, reason));
        resolve();
      });
      out.on("response", (answer) => {
        answered = true;
        clearTimeout(timer);
        upstreams.report(upstream.origin);
        this.afterAnswer(answer.statusCode ?? 0, mapped, identity.caller.accountId);
        void this.relay(answer, res, head, upstream, mapped, requestId).then(resolve, (err: unknown) => {
          log.warn(`${requestId} relaying the upstream's answer failed: ${(err as Error).message}`);
          res.destroy();
          resolve();
        });
      });
      if (Buffer.isBuffer(source)) { out.end(source); return; }
      pipeline(source, out, (err) => {
        if (!err) return;
        // A body that failed its check: the upstream request is aborted before its end, so nothing is stored.
        out.destroy();
        clearTimeout(timer);
        if (!answered) {
          const failure = err instanceof BodyCheckFailed ? { code: err.code, message: err.message, status: err.status } : undefined;
          if (failure) fail(failure); else res.destroy();
        }
        resolve();
      });
    });
  }

  /** What the emulator learns from a forwarded request's success: bucket owners, changed resource policies. */
  private afterAnswer(status: number, mapped: MappedRequest | undefined, accountId: string): void {
    if (status < 200 || status >= 300 || !mapped?.mapped) return;
    if (mapped.operation === "CreateBucket" || mapped.operation === "DeleteBucket") {
      const bucket = mapped.authorizations[0]?.resource.replace(/^arn:[\w-]+:s3:::/, "");
      if (bucket) void this.owners.set(bucket, mapped.operation === "CreateBucket" ? accountId : undefined);
    }
    if (mapped.changesResourcePolicy) {
      for (const a of mapped.authorizations) if (a.resourcePolicy) this.policies.forget(a.resourcePolicy.reader);
    }
  }

  /** The upstream's answer back to the client, streamed; URLs naming the upstream are rewritten to the emulator. */
  private async relay(answer: IncomingMessage, res: ServerResponse, head: RequestHead, upstream: URL, mapped: MappedRequest | undefined, requestId: string): Promise<void> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || name === "date") continue;
      headers[name] = name === "location" && typeof value === "string" ? rewriteOrigins(value, upstream, head.origin) : value;
    }
    headers["x-amzn-requestid"] ??= requestId;
    if (mapped?.rewritesUrls && head.method !== "HEAD") {
      const body = await readLimited(answer, MAX_REWRITTEN_ANSWER);
      if (body) {
        const text = rewriteOrigins(body.toString("utf8"), upstream, head.origin);
        delete headers["content-encoding"];
        sendWire(res, { status: answer.statusCode ?? 502, headers, body: text });
        return;
      }
    }
    res.writeHead(answer.statusCode ?? 502, headers);
    // pipe, not pipeline: pipeline's per-call AbortController costs more than a small answer's relaying; the
    // two ways it can end early are handled here.
    await new Promise<void>((resolve, reject) => {
      answer.on("error", reject);
      res.on("close", () => { if (res.writableFinished) resolve(); else { answer.destroy(); reject(new Error("the client went away")); } });
      answer.pipe(res);
    });
  }
}

/** The upstream's origin as its answers may spell it (127.0.0.1 or localhost) → the emulator's, as the client reached it. */
function rewriteOrigins(text: string, upstream: URL, origin: string): string {
  const port = upstream.port || (upstream.protocol === "https:" ? "443" : "80");
  const names = new Set([upstream.host, `localhost:${port}`, `127.0.0.1:${port}`]);
  let out = text;
  for (const host of names) out = out.split(`${upstream.protocol}//${host}`).join(origin);
  return out;
}

/** No Transfer-Encoding and no Content-Length but 0: the request has no body (RFC 9112 §6.3). */
function declaresNoBody(head: RequestHead): boolean {
  const length = head.headers["content-length"];
  return head.headers["transfer-encoding"] === undefined && (length === undefined || length === "0");
}

function statedPayloadHash(head: RequestHead): string | undefined {
  const header = firstValue(head.headers["x-amz-content-sha256"]);
  if (header !== undefined) return header;
  return head.rawQuery.includes("X-Amz-Signature=") ? UNSIGNED_PAYLOAD : undefined;
}

/** The payload hash the signature is checked against: the stated one where the body streams, else the body's own. */
function payloadHashFor(cred: { presigned: boolean }, stated: string | undefined, body: Buffer | undefined, s3: boolean, mapping: ServiceMapping | undefined): string {
  if (body) return s3 && stated === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : createHash("sha256").update(body).digest("hex");
  if (cred.presigned) return UNSIGNED_PAYLOAD;
  if (stated === undefined) throw new AwsError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400);
  if ((stated === UNSIGNED_PAYLOAD || stated.startsWith("STREAMING-UNSIGNED")) && !(mapping?.unsignedPayload ?? s3)) {
    throw new AwsError("SignatureDoesNotMatch", `${stated} is accepted only by services that allow unsigned payloads (S3).`, 403);
  }
  return stated;
}

/** The operation a request of an unmapped service names, where its protocol says it (X-Amz-Target, Action=). */
function operationNamed(head: RequestHead, body: Buffer | undefined): string | undefined {
  const target = firstValue(head.headers["x-amz-target"]);
  if (target !== undefined) return target.slice(target.lastIndexOf(".") + 1) || undefined;
  const action = body ? decodeBody(body, head)?.Action : new URLSearchParams(head.rawQuery).get("Action");
  return typeof action === "string" && /^[A-Za-z0-9]+$/.test(action) ? action : undefined;
}

function decodeBody(body: Buffer, head: RequestHead): Record<string, unknown> | undefined {
  if (body.length === 0) return Object.fromEntries(new URLSearchParams(head.rawQuery));
  const text = body.toString("utf8");
  if (head.headers["x-amz-target"] !== undefined || /json/.test(String(head.headers["content-type"] ?? ""))) {
    try { const v = JSON.parse(text); return v && typeof v === "object" && !Array.isArray(v) ? v : undefined; } catch { return undefined; }
  }
  return Object.fromEntries([...new URLSearchParams(head.rawQuery), ...new URLSearchParams(text)]);
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

