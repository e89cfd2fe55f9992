// Request bodies checked as they stream to the upstream. Each holds back what it has not verified yet, so a
// body that fails its check never reaches the upstream whole: the forwarder then aborts the upstream request
// (its Content-Length is never met) and answers the client in the service's format.
import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { chunkSignature, type SigV4Credential } from "../../auth/sigv4.js";

/** A body that fails its check: the error a client gets, in AWS's words. */
export class BodyCheckFailed extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) { super(message); }
}

/** The body against the x-amz-content-sha256 the signature covered; the last piece waits for the verdict. */
export class PayloadHashCheck extends Transform {
  private readonly hash: Hash = createHash("sha256");
  private held: Buffer | undefined;

  constructor(private readonly expected: string) { super(); }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    const previous = this.held;
    this.held = chunk;
    done(null, previous);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest("hex");
    if (actual !== this.expected.toLowerCase()) {
      done(new BodyCheckFailed("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."));
      return;
    }
    done(null, this.held);
  }
}

const CRLF = Buffer.from("\r\n");
/** A chunk header ("hex-size;chunk-signature=…") longer than this is not aws-chunked. */
const MAX_HEADER = 4096;
/** Chunks are held whole until their signature verifies; AWS's largest is far below this. */
const MAX_CHUNK = 16 * 1024 * 1024;

/**
 * aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], STREAMING-UNSIGNED-PAYLOAD-TRAILER) decoded to
 * the plain body: each chunk's signature, chained from the request's, is checked before its data passes
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html); the trailer's checksum headers are
 * collected in `trailers`. Without a signing key (mode none, or an unsigned stream) signatures are not checked.
 */
export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private state: "header" | "data" | "trailer" | "done" = "header";
  private size = 0;
  private signature: string | undefined;
  private previous: string;
  private decoded = 0;
  readonly trailers: Record<string, string> = {};

  constructor(private readonly signing: { key: Buffer; credential: SigV4Credential } | undefined, private readonly expectedLength: number | undefined) {
    super();
    this.previous = signing?.credential.signature ?? "";
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try { this.drain(); done(); } catch (err) { done(err as Error); }
  }

  override _flush(done: TransformCallback): void {
    if (this.state !== "done") { done(new BodyCheckFailed("IncompleteBody", "The request body terminated unexpectedly")); return; }
    if (this.expectedLength !== undefined && this.decoded !== this.expectedLength) {
      done(new BodyCheckFailed("IncompleteBody", `The decoded body is ${this.decoded} bytes; x-amz-decoded-content-length said ${this.expectedLength}.`));
      return;
    }
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.state === "header") {
        const end = this.buffer.indexOf(CRLF);
        if (end === -1) { if (this.buffer.length > MAX_HEADER) throw malformed(); return; }
        const line = this.buffer.subarray(0, end).toString("latin1");
        this.buffer = this.buffer.subarray(end + 2);
        const m = /^([0-9a-fA-F]{1,8})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(line);
        if (!m) throw malformed();
        this.size = parseInt(m[1]!, 16);
        this.signature = m[2];
        if (this.size > MAX_CHUNK) throw malformed();
        if (this.signing && this.signature === undefined) throw malformed();
        this.state = "data";
      }
      if (this.state === "data") {
        if (this.size === 0) {
          this.verify(Buffer.alloc(0));
          this.state = "trailer";
          continue;
        }
        if (this.buffer.length < this.size + 2) return;
        const data = this.buffer.subarray(0, this.size);
        if (!this.buffer.subarray(this.size, this.size + 2).equals(CRLF)) throw malformed();
        this.buffer = this.buffer.subarray(this.size + 2);
        this.verify(data);
        this.decoded += data.length;
        this.push(Buffer.from(data));
        this.state = "header";
        continue;
      }
      if (this.state === "trailer") {
        const end = this.buffer.indexOf(CRLF);
        if (end === -1) { if (this.buffer.length > MAX_HEADER) throw malformed(); return; }
        const line = this.buffer.subarray(0, end).toString("latin1");
        this.buffer = this.buffer.subarray(end + 2);
        if (line === "") { this.state = "done"; continue; }
        const colon = line.indexOf(":");
        if (colon === -1) throw malformed();
        const name = line.slice(0, colon).trim().toLowerCase(), value = line.slice(colon + 1).trim();
        if (name === "x-amz-trailer-signature") {
          if (this.signing) {
            const canonical = Object.entries(this.trailers).map(([k, v]) => `${k}:${v}\n`).join("");
            if (chunkSignature(this.signing.key, this.signing.credential, this.previous, canonical, true) !== value) throw mismatch();
          }
        } else {
          this.trailers[name] = value;
        }
        continue;
      }
      if (this.buffer.length > 0) throw malformed();
      return;
    }
  }

  private verify(data: Buffer): void {
    if (!this.signing) return;
    const expected = chunkSignature(this.signing.key, this.signing.credential, this.previous, data);
    if (expected !== this.signature) throw mismatch();
    this.previous = expected;
  }
}

function malformed(): BodyCheckFailed {
  return new BodyCheckFailed("InvalidRequest", "The request body is not valid aws-chunked encoding (Content-Encoding: aws-chunked).");
}

function mismatch(): BodyCheckFailed {
  return new BodyCheckFailed("SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.", 403);
}
