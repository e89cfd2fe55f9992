// A lean HTTP/1.1 load generator for the benchmarks: keep-alive sockets that send prepared request bytes and
// read answers with a minimal parser, so the generator costs little of the machine it shares with the server.
// Counts are exact (every answer is counted, elapsed time is measured, never rounded to whole seconds) and any
// answer outside 2xx fails the run with its status and the start of its body.
import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";

export interface Answer { readonly status: number; readonly body: Buffer }

/** A prepared request: method, path, headers and body, serialized once. */
export function httpRequest(method: string, path: string, headers: Record<string, string>, body: string | Buffer = ""): Buffer {
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  let head = `${method} ${path} HTTP/1.1\r\n`;
  const names = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (!names.has("content-length") && (payload.length > 0 || method !== "GET")) head += `content-length: ${payload.length}\r\n`;
  if (!names.has("connection")) head += "connection: keep-alive\r\n";
  return Buffer.concat([Buffer.from(`${head}\r\n`), payload]);
}

/** One keep-alive connection, one request at a time; opened again when the server closes it (as moto's
 * server does after every answer: `Connection: close`), the way HTTP clients do. */
export class Connection {
  private socket!: Socket;
  private open = false;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (a: Answer) => void; reject: (e: Error) => void } | undefined;

  private constructor(private readonly host: string, private readonly port: number) {}

  static async open(host: string, port: number): Promise<Connection> {
    const c = new Connection(host, port);
    await c.connect();
    return c;
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true }, () => { this.open = true; resolve(); });
      socket.once("error", reject);
      socket.on("data", (chunk: Buffer) => this.onData(chunk));
      socket.on("close", () => {
        if (this.socket !== socket) return; // an earlier socket, closed after its last answer
        this.open = false;
        this.buffered = Buffer.alloc(0);
        const p = this.pending;
        this.pending = undefined;
        p?.reject(new Error(`connection to ${this.host}:${this.port} closed before the answer`));
      });
      socket.on("error", (err) => { if (this.socket === socket) this.pending?.reject(err); });
      this.socket = socket;
    });
  }

  async request(bytes: Buffer): Promise<Answer> {
    if (!this.open) await this.connect();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void { this.socket.destroy(); }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const answer = parseAnswer(this.buffered);
    if (!answer) return;
    this.buffered = this.buffered.subarray(answer.used);
    if (answer.close) { this.open = false; this.socket.destroy(); }
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(answer);
  }
}

/** One whole answer at the start of `buf` (Content-Length or chunked), or undefined while more is to come. */
function parseAnswer(buf: Buffer): (Answer & { used: number; close: boolean }) | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const head = buf.toString("latin1", 0, end);
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection:\s*close/i.test(head) || head.startsWith("HTTP/1.0");
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const total = end + 4 + Number(length[1]);
    return buf.length < total ? undefined : { status, body: buf.subarray(end + 4, total), used: total, close };
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const parts: Buffer[] = [];
    let at = end + 4;
    for (;;) {
      const lineEnd = buf.indexOf("\r\n", at);
      if (lineEnd === -1) return undefined;
      const size = parseInt(buf.toString("latin1", at, lineEnd), 16);
      if (buf.length < lineEnd + 2 + size + 2) return undefined;
      if (size === 0) return { status, body: Buffer.concat(parts), used: lineEnd + 4, close };
      parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  return { status, body: Buffer.alloc(0), used: end + 4, close };
}

export class Non2xx extends Error {
  constructor(readonly status: number, body: Buffer, what: string) {
    super(`${what}: HTTP ${status}: ${body.toString("utf8", 0, Math.min(body.length, 300))}`);
  }
}

export interface LoadResult {
  /** Requests answered (all 2xx). */
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Per-request latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function percentile(sorted: ArrayLike<number>, q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

/** Latencies kept in a typed array: no allocation per request. */
export class Latencies {
  private values = new Float64Array(1 << 14);
  count = 0;
  add(ms: number): void {
    if (this.count === this.values.length) { const next = new Float64Array(this.values.length * 2); next.set(this.values); this.values = next; }
    this.values[this.count++] = ms;
  }
  sorted(): Float64Array { return this.values.slice(0, this.count).sort(); }
}

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  /** How many jobs to run in all; each connection takes the next job until none is left. */
  readonly jobs: number;
  /** A job's requests, sent in order on one connection (e.g. a CreateUser, then the GetUser that reads it). */
  readonly job: (index: number) => readonly Buffer[];
  readonly what: string;
}

/** Fixed work: `jobs` jobs spread over `connections` keep-alive connections; elapsed time from the first request
 * to the last answer. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const conns = await Promise.all(Array.from({ length: o.connections }, () => Connection.open(o.host, o.port)));
  const lat = new Latencies();
  let next = 0;
  let failure: Error | undefined;
  const started = performance.now();
  try {
    await Promise.all(conns.map(async (c) => {
      while (!failure) {
        const j = next++;
        if (j >= o.jobs) return;
        for (const bytes of o.job(j)) {
          const t = performance.now();
          const a = await c.request(bytes);
          lat.add(performance.now() - t);
          if (a.status < 200 || a.status > 299) { failure ??= new Non2xx(a.status, a.body, o.what); return; }
        }
      }
    }));
  } finally {
    for (const c of conns) c.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (failure) throw failure;
  const sorted = lat.sorted();
  return { requests: lat.count, seconds, perSecond: lat.count / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1]! };
}
