// Transport: node:http with keep-alive and a request id on every response. Every request passes the origin
// guard on its request line and headers before anything else (no body read, no route chosen), then
// waits for room in the memory budget for request bodies, and only then is its body read, up to a limit.
import { createServer, maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { AwsError } from "../protocol/errors.js";
import { encodeRestJsonError } from "../protocol/rest-json.js";
import { encodeJsonError } from "../protocol/json.js";
import { encodeQueryError } from "../protocol/query.js";
import type { WireResponse } from "../protocol/wire.js";
import { adminError } from "./admin-answer.js";
import { BodyBudget } from "./body-budget.js";
import type { RawRequest, RequestHead } from "./gateway.js";
import type { OriginGuard } from "./origin-guard.js";
import { httpDate, readLimited, sendWire } from "./http-io.js";
import { requestOrigin } from "./request-origin.js";
import { protocolOf } from "./router.js";

export interface Transport {
  /**
   * Takes a request for another service before its body is read (server/forward/), and serves it to the end;
   * returns false to leave the request to the emulator. `expectsContinue`: the client waits for 100 Continue.
   */
  forward?(req: IncomingMessage, res: ServerResponse, head: RequestHead, requestId: string, expectsContinue: boolean): Promise<boolean>;
  /** Answers /_emulator/* and plain HTTP routes; returns false to let the AWS gateway take the request. */
  handleLocal(req: IncomingMessage, res: ServerResponse, request: RawRequest, requestId: string): Promise<boolean>;
  handleAws(req: RawRequest, requestId: string): Promise<WireResponse>;
}

export interface TransportLimits {
  readonly maxBodyBytes: number;
  /** Bytes of request bodies held at once across all requests; beyond it a body waits to be read. */
  readonly bodyBudgetBytes: number;
}

export function createHttpServer(transport: Transport, guard: OriginGuard, limits: TransportLimits, clock: Clock, log: Logger): Server {
  const budget = new BodyBudget(limits.bodyBudgetBytes);
  const onRequest = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    const requestId = randomUUID();
    res.setHeader("x-amzn-RequestId", requestId);
    // Date says the emulator's time, as AWS's says its own: SDKs that correct clock skew from it (SDK v3)
    // keep signing valid requests after a test moves the clock. A forwarded answer keeps this one too.
    res.setHeader("date", httpDate(clock));
    serve(req, res, requestId, expectsContinue).catch((err: unknown) => {
      log.error(`${requestId} transport failure: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  };
  const server = createServer({ keepAlive: true }, (req, res) => onRequest(req, res, false));
  // Expect: 100-continue is answered by whoever reads the body: the forwarder only once the request is authorized.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => onRequest(req, res, true));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // A forwarded upload may stream for longer than any bound (multi-GB bodies); headersTimeout still guards
  // against clients that never finish their headers.
  server.requestTimeout = transport.forward ? 0 : 120_000;
  // Malformed HTTP never reaches a handler: answer in AWS's form (the protocol is unknown before the headers
  // are, so the XML body and the x-amzn-ErrorType header both carry the code) and drop the socket.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) { socket.destroy(); return; }
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const error = tooLarge
      ? new AwsError("RequestHeaderSectionTooLarge", `The request line and headers are larger than the ${maxHeaderSize}-byte limit. Send long parameters in the body of a POST instead of the URL.`, 431)
      : new AwsError("MalformedHTTPRequest", "The request is not well-formed HTTP/1.1.", 400);
    const wire = encodeQueryError(undefined, error, randomUUID());
    socket.end(`HTTP/1.1 ${error.status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      `content-type: text/xml\r\nx-amzn-errortype: ${error.code}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(wire.body)}\r\n\r\n${wire.body}`);
  });

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string, expectsContinue: boolean): Promise<void> {
    const head = headOf(req);
    // The guard comes first for every request, forwarded ones too: no page and no rebound name gets through.
    const verdict = guard.check(head);
    if (verdict.kind === "refuse") {
      log.warn(`${requestId} refused ${head.method} ${head.path}: ${verdict.message}`);
      // The body is never read: close rather than drain it.
      if (hasBody(req)) res.setHeader("connection", "close");
      sendWire(res, refusal(head, verdict.message, requestId));
      return;
    }
    for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
    if (verdict.kind === "preflight") {
      res.writeHead(200, { "content-length": "0" });
      res.end();
      return;
    }
    // Forwarded bodies stream to the upstream: they take no room in the budget.
    if (transport.forward && await transport.forward(req, res, head, requestId, expectsContinue)) return;
    if (expectsContinue) res.writeContinue();
    const release = await budget.reserve(Math.min(declaredLength(req), limits.maxBodyBytes));
    try {
      const body = await readLimited(req, limits.maxBodyBytes);
      if (body === undefined) {
        res.setHeader("connection", "close");
        sendWire(res, errorFor(head, new AwsError("RequestEntityTooLarge", `Request body is larger than the ${limits.maxBodyBytes}-byte limit.`, 413), requestId));
        return;
      }
      // Property by property: V8 spreads an object into a literal with more properties on a slow path (about a
      // tenth of a signed GetCallerIdentity's CPU).
      const request: RawRequest = { method: head.method, path: head.path, rawQuery: head.rawQuery, headers: head.headers, sourceIp: head.sourceIp, origin: head.origin, body };
      if (await transport.handleLocal(req, res, request, requestId)) return;
      sendWire(res, await transport.handleAws(request, requestId));
    } finally {
      release();
    }
  }
  return server;
}

function headOf(req: IncomingMessage): RequestHead {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return {
    method: req.method ?? "GET",
    path: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? "" : url.slice(q + 1),
    headers: req.headers,
    sourceIp: normalizeIp(req.socket.remoteAddress ?? "127.0.0.1"),
    // The guard has accepted the Host, so what clients used to reach us can name us (tokens' issuers).
    origin: requestOrigin(req.headers),
  };
}

/** A refusal in the form the caller reads: the emulator's JSON for /_emulator/, else the AWS protocol's. */
function refusal(head: RequestHead, message: string, requestId: string): WireResponse {
  // JSON services (Cognito, Access Analyzer) name it AccessDeniedException; Query services and /_emulator/ AccessDenied.
  const code = isAdminPath(head) || protocolOf(head.headers, head.path, head.rawQuery) === "query" ? "AccessDenied" : "AccessDeniedException";
  return errorFor(head, new AwsError(code, message, 403), requestId);
}

const isAdminPath = (head: RequestHead): boolean => head.path.startsWith("/_emulator/");

/** An error in the form the request reads: the emulator's own JSON for /_emulator/, else the AWS protocol's. */
function errorFor(head: RequestHead, error: AwsError, requestId: string): WireResponse {
  if (isAdminPath(head)) {
    const { status, body } = adminError(error.code, error.message, error.status);
    return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  }
  switch (protocolOf(head.headers, head.path, head.rawQuery)) {
    case "json": return encodeJsonError(error, requestId);
    case "rest-json": return encodeRestJsonError(error);
    case "query": return encodeQueryError(undefined, error, requestId);
  }
}

function hasBody(req: IncomingMessage): boolean {
  return declaredLength(req) > 0 || req.headers["transfer-encoding"] !== undefined;
}

/** What the body will take: its Content-Length, or (chunked, length unknown) the most it may be. */
function declaredLength(req: IncomingMessage): number {
  if (req.headers["transfer-encoding"] !== undefined) return Number.MAX_SAFE_INTEGER;
  const declared = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(declared) && declared > 0 ? declared : 0;
}

function normalizeIp(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
