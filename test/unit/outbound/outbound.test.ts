// The outbound client: only allowed destinations, a deadline, a cap on what it reads.
import { describe, it, after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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

  it("calls a loopback destination and returns status, headers and body", async () => {
    const out = new Outbound(allowListPolicy([], "--allow-outbound"));
    const res = await out.request({ url: `${base}/x`, method: "POST", body: "hello" });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(res.body.toString()), { method: "POST", body: "hello" });
  });

  it("refuses a destination that is not allowed before connecting, naming the setting", async () => {
    const out = new Outbound(allowListPolicy([], "--allow-outbound"));
    await assert.rejects(out.request({ url: "https://example.com/jwks.json" }), (e: unknown) =>
      e instanceof OutboundRefused && e.message ===
        "The emulator does not call https://example.com: outbound calls go only to loopback addresses and to destinations you allow with --allow-outbound.");
    await assert.rejects(out.request({ url: "file:///etc/passwd" }), (e: unknown) =>
      e instanceof OutboundRefused && e.message === "file:///etc/passwd: only http and https destinations can be called.");
  });

  it("allows a configured prefix and nothing beside it; loopback can be switched off", async () => {
    const policy = allowListPolicy(["https://idp.example.com/"], "--allow-outbound", false);
    assert.equal(policy.refusal(new URL("https://idp.example.com/.well-known/jwks.json")), undefined);
    assert.notEqual(policy.refusal(new URL("https://idp.example.com.evil.test/")), undefined);
    assert.notEqual(policy.refusal(new URL("http://127.0.0.1:9/")), undefined);
  });

  it("gives up after the timeout with OutboundTimeout", async () => {
    const out = new Outbound(allowListPolicy([], "--allow-outbound"));
    await assert.rejects(out.request({ url: `${base}/slow`, timeoutMs: 50 }), (e: unknown) =>
      e instanceof OutboundTimeout && e.timeoutMs === 50);
  });

  it("stops reading an answer larger than the cap", async () => {
    const out = new Outbound(allowListPolicy([], "--allow-outbound"));
    await assert.rejects(out.request({ url: `${base}/big`, maxResponseBytes: 1024 }), (e: unknown) =>
      e instanceof OutboundFailure && e.message === `${base}/big answered more than 1024 bytes.`);
  });
});
