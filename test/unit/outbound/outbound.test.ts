// The outbound client: only allowed destinations, a deadline, a cap on what it reads.
import { describe, it, after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { allowListPolicy, Outbound, OutboundFailure, OutboundRefused, OutboundTimeout } from "../../../src/outbound/outbound.js";

describe("Outbound", () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === "/slow") return; // never answers
      if (req.url === "/big") { res.end(Buffer.alloc(2048, 65)); return; }
      let body = "";
      req.on("data", (d) => { body += d; });
      req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify({ method: req.method, body })); });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => { server.closeAllConnections(); server.close(); });

  const allowingServer = () => new Outbound(allowListPolicy([`${base}/`], "--allow-outbound"));

  it("calls an allowed destination and returns status, headers and body", async () => {
    const out = allowingServer();
    const res = await out.request({ url: `${base}/x`, method: "POST", body: "hello" });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(res.body.toString()), { method: "POST", body: "hello" });
  });

  it("refuses a destination that is not allowed before connecting, naming the setting", async () => {
    const out = new Outbound(allowListPolicy([], "--allow-outbound"));
    await assert.rejects(out.request({ url: "https://example.com/jwks.json" }), (e: unknown) =>
      e instanceof OutboundRefused && e.message ===
        "The emulator does not call https://example.com: outbound calls go only to the emulator itself and to destinations you allow with --allow-outbound.");
    await assert.rejects(out.request({ url: "file:///etc/passwd" }), (e: unknown) =>
      e instanceof OutboundRefused && e.message ===
        "The emulator does not read file:///etc/passwd: outbound calls go only to the emulator itself and to destinations you allow with --allow-outbound.");
    await assert.rejects(out.request({ url: "gopher://127.0.0.1/" }), (e: unknown) =>
      e instanceof OutboundRefused && e.message === "gopher://127.0.0.1/: only http and https destinations can be called, and files read.");
  });

  it("other services on loopback are not the emulator: only its own port is reached without being allowed", async () => {
    const port = Number(new URL(base).port);
    const self = new Outbound(allowListPolicy([], "--allow-outbound", () => port));
    assert.equal((await self.request({ url: `${base}/x` })).status, 200);
    const other = new Outbound(allowListPolicy([], "--allow-outbound", () => port + 1));
    await assert.rejects(other.request({ url: `${base}/x` }), OutboundRefused);
    await assert.rejects(other.request({ url: `http://localhost:${port}/x` }), OutboundRefused);
  });

  it("allows a configured prefix as a whole path and nothing beside it", async () => {
    for (const prefix of ["https://idp.example.com/", "https://idp.example.com"]) {
      const policy = allowListPolicy([prefix], "--allow-outbound");
      assert.equal(policy.refusal(new URL("https://idp.example.com/.well-known/jwks.json")), undefined);
      assert.notEqual(policy.refusal(new URL("https://idp.example.com.evil.test/")), undefined);
      assert.notEqual(policy.refusal(new URL("http://127.0.0.1:9/")), undefined);
    }
  });

  it("reads files only inside an allowed folder, following links to where they really lead", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-outbound-"));
    const outside = mkdtempSync(join(tmpdir(), "aie-outside-"));
    try {
      writeFileSync(join(dir, "jwks.json"), '{"keys":[]}');
      writeFileSync(join(outside, "secret.json"), '{"secret":true}');
      symlinkSync(join(outside, "secret.json"), join(dir, "link.json"));
      const out = new Outbound(allowListPolicy([pathToFileURL(dir).href + "/"], "--allow-outbound"));
      assert.deepEqual(await out.getJson(pathToFileURL(join(dir, "jwks.json")).href), { keys: [] });
      await assert.rejects(out.getJson(pathToFileURL(join(dir, "link.json")).href), OutboundRefused);
      await assert.rejects(out.getJson(pathToFileURL(join(outside, "secret.json")).href), OutboundRefused);
      await assert.rejects(out.getJson(`${pathToFileURL(dir).href}/../${outside.split("/").pop()}/secret.json`), OutboundRefused);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("gives up after the timeout with OutboundTimeout", async () => {
    const out = allowingServer();
    await assert.rejects(out.request({ url: `${base}/slow`, timeoutMs: 50 }), (e: unknown) =>
      e instanceof OutboundTimeout && e.timeoutMs === 50);
  });

  it("stops reading an answer larger than the cap", async () => {
    const out = allowingServer();
    await assert.rejects(out.request({ url: `${base}/big`, maxResponseBytes: 1024 }), (e: unknown) =>
      e instanceof OutboundFailure && e.message === `${base}/big answered more than 1024 bytes.`);
  });
});
