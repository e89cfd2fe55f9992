// --upstream-timeout bounds the wait for an answer, not the upload: a body that takes longer to stream than the
// time-out still reaches an upstream that keeps reading it, and its answer comes back.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { useEmulator } from "../../support/emulator.js";

const SIZE = 8 * 1024 * 1024;
let received = 0;
/** Reads each piece of the body a little later (about 1.5 s for the whole), then answers like S3. */
let slow: Server;
const port = (async () => {
  slow = createServer((req, res) => {
    req.on("data", (c: Buffer) => { received += c.length; req.pause(); setTimeout(() => req.resume(), 12); });
    req.on("end", () => { res.writeHead(200, { etag: '"slow"', "content-length": "0" }); res.end(); });
  });
  await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  return (slow.address() as { port: number }).port;
})();
const emu = useEmulator(async () => ({ args: ["--upstream", `http://127.0.0.1:${await port}`, "--upstream-timeout", "1"] }));
after(async () => { await new Promise<void>((resolve) => slow.close(() => resolve())); });

describe("an upload slower than --upstream-timeout", () => {
  it("streams to the end and gets the upstream's answer, not a 504", async () => {
    const s3 = new S3Client({ ...emu.clientConfig, forcePathStyle: true, maxAttempts: 1 });
    const started = performance.now();
    const out = await s3.send(new PutObjectCommand({ Bucket: "big", Key: "blob", Body: Buffer.alloc(SIZE, 1) }));
    assert.equal(out.ETag, '"slow"');
    assert.equal(received, SIZE);
    // The fixture really was slower than the time-out, so the test tells the two behaviours apart.
    assert.ok(performance.now() - started > 1000, `${performance.now() - started} ms`);
  });
});
