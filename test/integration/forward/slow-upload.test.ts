// --upstream-timeout bounds the wait for an answer, not the upload: a body that takes longer to stream than the
// time-out (here a client that sends it slowly) still reaches the upstream, and its answer comes back.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { useEmulator } from "../../support/emulator.js";

const PIECES = 16;
const PIECE = Buffer.alloc(64 * 1024, 1);
let received = 0;
/** Reads whatever comes and answers like S3 once the body has ended. */
let upstream: Server;
const port = (async () => {
  upstream = createServer((req, res) => {
    req.on("data", (c: Buffer) => { received += c.length; });
    req.on("end", () => { res.writeHead(200, { etag: '"slow"', "content-length": "0" }); res.end(); });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  return (upstream.address() as { port: number }).port;
})();
const emu = useEmulator(async () => ({ args: ["--upstream", `http://127.0.0.1:${await port}`, "--upstream-timeout", "1"] }));
after(async () => { await new Promise<void>((resolve) => upstream.close(() => resolve())); });

describe("an upload slower than --upstream-timeout", () => {
  it("streams to the end and gets the upstream's answer, not a 504", async () => {
    const s3 = new S3Client({ ...emu.clientConfig, forcePathStyle: true, maxAttempts: 1 });
    // A client that sends its body over about 1.6 s, longer than the 1 s time-out.
    const body = Readable.from((async function* () { for (let i = 0; i < PIECES; i++) { yield PIECE; await delay(100); } })());
    const started = performance.now();
    const out = await s3.send(new PutObjectCommand({ Bucket: "big", Key: "blob", Body: body, ContentLength: PIECES * PIECE.length }));
    assert.equal(out.ETag, '"slow"');
    assert.equal(received, PIECES * PIECE.length);
    assert.ok(performance.now() - started > 1000, `${performance.now() - started} ms`);
  });
});
