// Small signed calls the forwarder makes to an upstream for itself: resource policies and key schemas. Only
// to the upstreams the user configured, with a time-out and a cap on the answer.
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { amzDate, signRequest } from "../../auth/sigv4.js";
import { createHash } from "node:crypto";

const MAX_ANSWER = 1024 * 1024;
/** At most this long, and never longer than --upstream-timeout. */
const TIMEOUT_MS = 5_000;

export interface UpstreamCall {
  readonly upstream: URL;
  readonly method: string;
  readonly path: string;
  readonly rawQuery?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The signing service and region, and the account whose root signs (upstreams keep state per account). */
  readonly service: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly now: Date;
  /** --upstream-timeout, in seconds. */
  readonly timeoutSeconds: number;
}

export function callUpstream(call: UpstreamCall): Promise<{ status: number; body: string }> {
  const timeout = Math.min(TIMEOUT_MS, call.timeoutSeconds * 1000);
  const body = Buffer.from(call.body ?? "", "utf8");
  const headers: Record<string, string | string[] | undefined> = {
    host: call.upstream.host, ...call.headers, ...(body.length > 0 && { "content-length": String(body.length) }),
  };
  const rawQuery = call.rawQuery ?? "";
  signRequest({ method: call.method, path: call.path, rawQuery, headers },
    { ...call.credentials, region: call.region, service: call.service, amzDate: amzDate(call.now) },
    createHash("sha256").update(body).digest("hex"), call.service === "s3");
  return new Promise((resolve, reject) => {
    const send = call.upstream.protocol === "https:" ? httpsRequest : request;
    const req = send({
      protocol: call.upstream.protocol, hostname: call.upstream.hostname, port: call.upstream.port, method: call.method,
      path: call.path + (rawQuery ? `?${rawQuery}` : ""), headers: headers as Record<string, string>, timeout,
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => { size += c.length; if (size <= MAX_ANSWER) chunks.push(c); else res.destroy(new Error("answer too large")); });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeout} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
