// Transport: node:http with keep-alive, a body size limit and a request id on every response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Logger } from "../log.js";
import { AwsError } from "../protocol/errors.js";
import { encodeRestJsonError } from "../protocol/rest-json.js";
import { encodeJsonError } from "../protocol/json.js";
import { encodeQueryError } from "../protocol/query.js";
import type { WireResponse } from "../protocol/wire.js";
import { requestOrigin } from "./request-origin.js";
import { protocolOf } from "./router.js";
import type { RawRequest } from "./gateway.js";
import type { RequestHead } from "./forward/request-head.js";

export interface Transport {
  /**
   * Takes a request for another service before its body is read (server/forward/), and serves it to the end;
   * returns false to leave the request to the emulator. `expectsContinue`: the client waits for 100 Continue.
   */
  forward?(req: IncomingMessage, res: ServerResponse, head: RequestHead, requestId: string, expectsContinue: boolean): Promise<boolean>;
  /** Answers /_emulator/* and plain HTTP routes; returns false to let the AWS gateway take the request. */
  handleLocal(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, requestId: string): Promise<boolean>;
  handleAws(req: RawRequest, requestId: string): Promise<WireResponse>;
}

export function createHttpServer(transport: Transport, maxBodyBytes: number, log: Logger): Server {
  const onRequest = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    const requestId = randomUUID();
    res.setHeader("x-amzn-RequestId", requestId);
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
  // Malformed HTTP never reaches a handler: answer 400 and drop the socket instead of crashing.
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string, expectsContinue: boolean): Promise<void> {
    const head = headOf(req);
    if (transport.forward && await transport.forward(req, res, head, requestId, expectsContinue)) return;
    if (expectsContinue) res.writeContinue();
    const { path } = head;
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      const error = new AwsError("RequestEntityTooLarge", `Request body is larger than the ${maxBodyBytes}-byte limit.`, 413);
      const protocol = protocolOf(req.headers, path, head.rawQuery);
      const wire = protocol === "json" ? encodeJsonError(error, requestId)
        : protocol === "rest-json" ? encodeRestJsonError(error) : encodeQueryError(undefined, error, requestId);
      res.setHeader("connection", "close");
      send(res, wire);
      return;
    }
    if (await transport.handleLocal(req, res, path, body, requestId)) return;
    const wire = await transport.handleAws({ ...head, body }, requestId);
    send(res, wire);
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
    origin: requestOrigin(req.headers),
  };
}

function send(res: ServerResponse, wire: WireResponse): void {
  res.writeHead(wire.status, { ...wire.headers, "content-length": Buffer.byteLength(wire.body) });
  res.end(wire.body);
}

/** Resolves undefined once the body passes the limit (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  return new Promise((resolve, reject) => {
    if (declared > limit) { req.resume(); req.on("end", () => resolve(undefined)); req.on("error", reject); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooBig = true;
      if (!tooBig) chunks.push(chunk);
    });
    req.on("end", () => resolve(tooBig ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function normalizeIp(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
