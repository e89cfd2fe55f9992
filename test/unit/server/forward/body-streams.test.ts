// Bodies checked as they stream upstream: a body that fails its hash or a chunk signature errors before its
// last bytes pass, so the upstream never receives it whole.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable, Writable, pipeline } from "node:stream";
import { AwsChunkedDecoder, BodyCheckFailed, PayloadHashCheck } from "../../../../src/server/forward/body-streams.js";
import { chunkSignature, type SigV4Credential } from "../../../../src/auth/sigv4.js";

function run(source: Buffer[], transform: NodeJS.ReadWriteStream): Promise<{ out: Buffer; error?: Error }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write(c: Buffer, _e, done) { chunks.push(c); done(); } });
  return new Promise((resolve) => pipeline(Readable.from(source), transform, sink, (error) => resolve({ out: Buffer.concat(chunks), error: error ?? undefined })));
}

const CRED: SigV4Credential = {
  accessKeyId: "AKIDEXAMPLE", date: "20130524", region: "us-east-1", service: "s3", signedHeaders: ["host"],
  signature: "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", amzDate: "20130524T000000Z", presigned: false,
};
const KEY = createHash("sha256").update("signing key").digest();

/** aws-chunked encoding of `parts`, each chunk signed from the previous signature; the last, empty one ends it. */
function encode(parts: Buffer[], tamper?: number): Buffer {
  let previous = CRED.signature;
  const out: Buffer[] = [];
  for (const [i, data] of [...parts, Buffer.alloc(0)].entries()) {
    const signature = chunkSignature(KEY, CRED, previous, data);
    previous = signature;
    const sent = i === tamper ? Buffer.from(data.toString("latin1").replace(/./, "X"), "latin1") : data;
    out.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${signature}\r\n`), sent, Buffer.from("\r\n"));
  }
  return Buffer.concat(out);
}

describe("PayloadHashCheck", () => {
  it("passes a body whose hash matches", async () => {
    const body = Buffer.from("hello world");
    const { out, error } = await run([body.subarray(0, 4), body.subarray(4)], new PayloadHashCheck(createHash("sha256").update(body).digest("hex")));
    assert.equal(error, undefined);
    assert.equal(out.toString(), "hello world");
  });

  it("holds back the last piece of a body that does not match, and fails with S3's code", async () => {
    const { out, error } = await run([Buffer.from("hello "), Buffer.from("world")], new PayloadHashCheck("0".repeat(64)));
    assert.ok(error instanceof BodyCheckFailed);
    assert.equal(error.code, "XAmzContentSHA256Mismatch");
    assert.equal(out.toString(), "hello ");
  });
});

describe("AwsChunkedDecoder", () => {
  const parts = [Buffer.from("a".repeat(70_000)), Buffer.from("tail")];

  it("decodes signed chunks split anywhere, checking every signature", async () => {
    const encoded = encode(parts);
    const pieces = [encoded.subarray(0, 10), encoded.subarray(10, 70_050), encoded.subarray(70_050)];
    const { out, error } = await run(pieces, new AwsChunkedDecoder({ key: KEY, credential: CRED }, 70_004));
    assert.equal(error, undefined);
    assert.equal(out.length, 70_004);
    assert.equal(out.subarray(70_000).toString(), "tail");
  });

  it("a tampered chunk fails SignatureDoesNotMatch before its data passes", async () => {
    const { out, error } = await run([encode(parts, 1)], new AwsChunkedDecoder({ key: KEY, credential: CRED }, 70_004));
    assert.ok(error instanceof BodyCheckFailed);
    assert.equal(error.code, "SignatureDoesNotMatch");
    assert.equal(error.status, 403);
    assert.equal(out.length, 70_000);
  });

  it("a body shorter than x-amz-decoded-content-length, or cut off, is IncompleteBody; garbage is InvalidRequest", async () => {
    const short = await run([encode(parts)], new AwsChunkedDecoder({ key: KEY, credential: CRED }, 80_000));
    assert.equal((short.error as BodyCheckFailed).code, "IncompleteBody");
    const cut = await run([encode(parts).subarray(0, 500)], new AwsChunkedDecoder(undefined, undefined));
    assert.equal((cut.error as BodyCheckFailed).code, "IncompleteBody");
    const garbage = await run([Buffer.from("zz;chunk-signature=nope\r\n")], new AwsChunkedDecoder(undefined, undefined));
    assert.equal((garbage.error as BodyCheckFailed).code, "InvalidRequest");
  });
});
