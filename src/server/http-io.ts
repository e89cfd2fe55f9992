// Reading a body and writing a whole answer on node:http, shared by the transport and the forwarder.
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { Clock } from "../clock.js";
import type { WireResponse } from "../protocol/wire.js";

/** The whole body, or undefined once it passes `limit` (the rest is drained, not kept). */
export function readLimited(stream: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => { size += chunk.length; if (size <= limit) chunks.push(chunk); });
    stream.on("end", () => resolve(size > limit ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    stream.on("error", reject);
  });
}

/** A whole answer: an AWS protocol's (WireResponse), a plain-HTTP route's, an upstream's rewritten one. */
export interface WholeAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer;
}

/** A whole answer with its length. */
export function sendWire(res: ServerResponse, wire: WireResponse | WholeAnswer): void {
  const body = wire.body ?? "";
  // Not spread into a new headers object: V8 takes a slow path for that (5 % of a signed STS request).
  res.setHeader("content-length", Buffer.byteLength(body));
  res.writeHead(wire.status, wire.headers as OutgoingHttpHeaders | undefined);
  res.end(body);
}

let dateSecond = NaN;
let dateText = "";

/** The Date header for the emulator's time, formatted once per second (as node:http does for its own). */
export function httpDate(clock: Clock): string {
  const ms = clock.now().getTime();
  const second = Math.floor(ms / 1000);
  if (second !== dateSecond) { dateSecond = second; dateText = new Date(second * 1000).toUTCString(); }
  return dateText;
}
