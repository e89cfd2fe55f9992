// Outbound HTTP made on a client's behalf (a JWKS or OIDC discovery fetch, a Lambda trigger invocation, an
// external identity provider's token endpoint): one small client with a timeout, and only to destinations
// the user configured. A request to anywhere else is refused before a socket is opened, so an API client
// cannot make the emulator fetch arbitrary URLs — other services on this machine's loopback included — nor
// read files outside the folders the user named (file:///DIR/ prefixes, for JWKS files).
import { open, realpath } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface OutboundRequest {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Milliseconds before the call is abandoned with OutboundTimeout (default: the client's). */
  readonly timeoutMs?: number;
  /** Cap on the response body; a larger answer is an OutboundFailure (default 4 MiB). */
  readonly maxResponseBytes?: number;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** Which destinations may be called, and how to tell a person to allow one that is not. */
export interface OutboundPolicy {
  /** undefined when allowed; otherwise the reason, naming the setting that would allow it. */
  refusal(url: URL): string | undefined;
}

export class OutboundRefused extends Error {
  constructor(readonly url: string, reason: string) { super(reason); this.name = "OutboundRefused"; }
}
export class OutboundTimeout extends Error {
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`${url} did not answer within ${timeoutMs} ms.`);
    this.name = "OutboundTimeout";
  }
}
export class OutboundFailure extends Error {
  constructor(readonly url: string, message: string) { super(message); this.name = "OutboundFailure"; }
}

export class Outbound {
  constructor(private readonly policy: OutboundPolicy, private readonly defaultTimeoutMs = 5000) {}

  /** Throws OutboundRefused (not allowed), OutboundTimeout or OutboundFailure (network, oversized answer). */
  async request(req: OutboundRequest): Promise<OutboundResponse> {
    let url: URL;
    try { url = new URL(req.url); } catch { throw new OutboundRefused(req.url, `${req.url} is not a URL.`); }
    if (url.protocol !== "http:" && url.protocol !== "https:" && !(url.protocol === "file:" && (req.method ?? "GET") === "GET")) {
      throw new OutboundRefused(req.url, `${req.url}: only http and https destinations can be called, and files read.`);
    }
    const refusal = this.policy.refusal(url);
    if (refusal !== undefined) throw new OutboundRefused(req.url, refusal);
    const maxBytes = req.maxResponseBytes ?? 4 * 1024 * 1024;
    if (url.protocol === "file:") return readAllowedFile(url, this.policy, req.url, maxBytes);
    return send(url, req, req.timeoutMs ?? this.defaultTimeoutMs, maxBytes);
  }

  /** GET and parse JSON; a non-2xx answer or a body that is not JSON is an OutboundFailure. */
  async getJson(url: string, timeoutMs?: number): Promise<unknown> {
    const res = await this.request({ url, timeoutMs, headers: { accept: "application/json" } });
    if (res.status < 200 || res.status > 299) throw new OutboundFailure(url, `${url} answered HTTP ${res.status}.`);
    try { return JSON.parse(res.body.toString("utf8")); }
    catch { throw new OutboundFailure(url, `${url} did not answer JSON.`); }
  }
}

function send(url: URL, req: OutboundRequest, timeoutMs: number, maxBytes: number): Promise<OutboundResponse> {
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
  const headers: Record<string, string> = { ...req.headers };
  if (body) headers["content-length"] = String(body.length);
  const call = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, res?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (res) { resolve(res); return; }
      outgoing.destroy();
      reject(err instanceof OutboundFailure || err instanceof OutboundTimeout ? err : new OutboundFailure(req.url, `${req.url}: ${err!.message}`));
    };
    const outgoing = call(url, { method: req.method ?? "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) { finish(new OutboundFailure(req.url, `${req.url} answered more than ${maxBytes} bytes.`)); return; }
        chunks.push(chunk);
      });
      res.on("end", () => finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", (err) => finish(err));
    });
    // Wall-clock by design: a network deadline, not emulated time (moving the clock must not abort calls).
    const timer = setTimeout(() => finish(new OutboundTimeout(req.url, timeoutMs)), timeoutMs);
    outgoing.on("error", (err) => finish(err));
    outgoing.end(body);
  });
}

/** A file's bytes, if its real path (symlinks followed) is allowed too: a link cannot lead out of a folder. */
async function readAllowedFile(url: URL, policy: OutboundPolicy, asked: string, maxBytes: number): Promise<OutboundResponse> {
  let file;
  try {
    const real = await realpath(fileURLToPath(url));
    const refusal = policy.refusal(pathToFileURL(real));
    if (refusal !== undefined) throw new OutboundRefused(asked, refusal);
    file = await open(real, "r");
  } catch (err) {
    throw err instanceof OutboundRefused ? err : new OutboundFailure(asked, `${asked}: ${(err as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await file.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) throw new OutboundFailure(asked, `${asked} is larger than ${maxBytes} bytes.`);
    return { status: 200, headers: {}, body: buffer.subarray(0, bytesRead) };
  } finally {
    await file.close();
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The URL prefixes given, plus the emulator itself (a loopback name at its own port, `selfPort`, e.g. the
 * JWKS of its own Cognito pools); everything else — other loopback ports too — refused, naming `setting`.
 */
export function allowListPolicy(prefixes: readonly string[], setting: string, selfPort: () => number | undefined = () => undefined): OutboundPolicy {
  return {
    refusal(url) {
      // A prefix is a whole path: https://idp.example.com allows https://idp.example.com/… , not …com.evil.test.
      if (prefixes.some((p) => url.href === p || url.href.startsWith(p.endsWith("/") ? p : `${p}/`))) return undefined;
      const self = selfPort();
      if (self !== undefined && LOOPBACK_HOSTS.has(url.hostname) && url.protocol === "http:" && Number(url.port || 80) === self) return undefined;
      const what = url.protocol === "file:" ? `read ${url.href}` : `call ${url.origin}`;
      return `The emulator does not ${what}: outbound calls go only to the emulator itself and to ` +
        `destinations you allow with ${setting}.`;
    },
  };
}
