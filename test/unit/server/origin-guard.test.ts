// The origin guard decides from a request's line and headers alone: DNS-rebinding Host check, Origin or
// Referer allow-list, browser requests that hide their origin, and CORS as AWS endpoints answer it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { OriginGuard, type GuardVerdict } from "../../../src/server/origin-guard.js";

const guard = (settings: Partial<ConstructorParameters<typeof OriginGuard>[0]> = {}) =>
  new OriginGuard({ host: "127.0.0.1", allowOrigins: [], allowHosts: [], ...settings });

const check = (g: OriginGuard, headers: Record<string, string>, method = "POST"): GuardVerdict =>
  g.check({ method, headers: { host: "localhost:4566", ...headers } });

function refused(verdict: GuardVerdict, pattern: RegExp): void {
  assert.equal(verdict.kind, "refuse");
  assert.match((verdict as { message: string }).message, pattern);
}

describe("Host: the emulator's own names only (DNS rebinding)", () => {
  for (const host of ["localhost:4566", "127.0.0.1:4566", "127.0.0.5", "[::1]:4566", "app.localhost:4566", "LOCALHOST", "192.168.1.20:4566", "[fe80::1]:4566"]) {
    it(`${host} is served`, () => assert.equal(guard().check({ method: "GET", headers: { host } }).kind, "pass"));
  }

  it("a name a page could point at 127.0.0.1 is refused, naming the setting", () => {
    refused(guard().check({ method: "GET", headers: { host: "rebind.evil.test:4566" } }),
      /^Host rebind\.evil\.test:4566 is not a name of this emulator, so the request is refused: .*DNS rebinding.* --allow-host \(AWS_IDENTITY_EMULATOR_ALLOW_HOSTS, VS Code setting awsIdentityEmulator\.allowedHosts\)/);
    refused(guard().check({ method: "GET", headers: { host: "localhost.evil.test" } }), /^Host localhost\.evil\.test is not a name/);
  });

  it("names the user allows: exact names, and *.suffix for any subdomain", () => {
    const g = guard({ allowHosts: ["host.docker.internal", "*.dev.test"] });
    assert.equal(g.check({ method: "GET", headers: { host: "host.docker.internal:4566" } }).kind, "pass");
    assert.equal(g.check({ method: "GET", headers: { host: "api.dev.test" } }).kind, "pass");
    assert.equal(g.check({ method: "GET", headers: { host: "dev.test" } }).kind, "refuse");
    assert.equal(g.check({ method: "GET", headers: { host: "emulator" } }).kind, "refuse");
    assert.equal(guard({ allowHosts: ["*"] }).check({ method: "GET", headers: { host: "anything.at.all" } }).kind, "pass");
  });

  it("the name it listens on, and the machine's own name when it listens beyond loopback", () => {
    assert.equal(guard({ host: "emulator" }).check({ method: "GET", headers: { host: "emulator:4566" } }).kind, "pass");
    assert.equal(guard({ host: "0.0.0.0" }).check({ method: "GET", headers: { host: `${hostname()}:4566` } }).kind, "pass");
    assert.equal(guard().check({ method: "GET", headers: { host: `${hostname()}.evil.test` } }).kind, "refuse");
  });
});

describe("Origin and Referer", () => {
  it("a request without either (SDKs, the CLI, curl) passes, with no CORS headers", () => {
    assert.deepEqual(check(guard(), {}), { kind: "pass", headers: {} });
  });

  for (const origin of ["http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000", "https://localhost", "http://app.localhost:5173"]) {
    it(`${origin} is a developer's own origin: CORS as AWS answers it`, () => {
      const verdict = check(guard(), { origin });
      assert.equal(verdict.kind, "pass");
      assert.equal(verdict.headers["access-control-allow-origin"], origin);
      assert.equal(verdict.headers.vary, "Origin");
      for (const header of ["x-amzn-RequestId", "x-amzn-ErrorType", "x-amz-id-2", "ETag"]) {
        assert.ok(verdict.headers["access-control-expose-headers"]!.split(", ").includes(header), header);
      }
    });
  }

  it("the emulator's own pages (Origin = its own address) pass", () => {
    assert.equal(check(guard(), { origin: "http://localhost:4566" }).kind, "pass");
  });

  it("a foreign origin is refused, naming the setting; so are null origins (sandboxed frames, files)", () => {
    refused(check(guard(), { origin: "http://evil.test:8000" }),
      /^Origin http:\/\/evil\.test:8000 may not call the emulator: .* --allow-origin \(AWS_IDENTITY_EMULATOR_ALLOW_ORIGINS, VS Code setting awsIdentityEmulator\.allowedOrigins\)\.$/);
    refused(check(guard(), { origin: "null" }), /^Origin null may not call the emulator/);
    refused(check(guard(), { origin: "http://localhost.evil.test" }), /^Origin http:\/\/localhost\.evil\.test may not/);
  });

  it("origins the user allows, with * for any labels of a name and :* for any port", () => {
    const g = guard({ allowOrigins: ["https://app.example.test", "http://*.dev.test:*"] });
    assert.equal(check(g, { origin: "https://app.example.test" }).kind, "pass");
    assert.equal(check(g, { origin: "https://app.example.test:8443" }).kind, "refuse");
    assert.equal(check(g, { origin: "http://web.dev.test:3000" }).kind, "pass");
    assert.equal(check(g, { origin: "http://web.dev.test" }).kind, "pass");
    assert.equal(check(g, { origin: "http://dev.test.evil:3000" }).kind, "refuse");
    assert.equal(check(guard({ allowOrigins: ["*"] }), { origin: "http://anywhere.test" }).kind, "pass");
  });

  it("without an Origin, the Referer's origin is checked (a form GET, an image, a link)", () => {
    refused(check(guard(), { referer: "http://evil.test/page.html" }, "GET"), /^Origin http:\/\/evil\.test may not call the emulator/);
    assert.deepEqual(check(guard(), { referer: "http://localhost:5173/app" }, "GET"), { kind: "pass", headers: {} });
  });

  it("a browser request that hides its origin (no Origin, no Referer) is refused; one a person typed is not", () => {
    refused(check(guard(), { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" }, "GET"), /^A page whose origin is hidden/);
    refused(check(guard(), { "sec-fetch-site": "same-site" }, "GET"), /^A page whose origin is hidden/);
    assert.equal(check(guard(), { "sec-fetch-site": "none", "sec-fetch-mode": "navigate" }, "GET").kind, "pass");
    assert.equal(check(guard(), { "sec-fetch-site": "same-origin" }, "GET").kind, "pass");
    // Node's fetch says sec-fetch-mode but no site: not a browser page.
    assert.equal(check(guard(), { "sec-fetch-mode": "cors" }).kind, "pass");
  });
});

describe("CORS preflight", () => {
  const preflight = (origin: string, extra: Record<string, string> = {}) => check(guard(), {
    origin, "access-control-request-method": "POST",
    "access-control-request-headers": "amz-sdk-invocation-id,amz-sdk-request,content-type,x-amz-target,x-amz-user-agent", ...extra,
  }, "OPTIONS");

  it("from an allowed origin: the methods, the headers asked for, a day's max-age", () => {
    assert.deepEqual(preflight("http://localhost:5173"), {
      kind: "preflight",
      headers: {
        "access-control-allow-origin": "http://localhost:5173", vary: "Origin",
        "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
        "access-control-allow-headers": "amz-sdk-invocation-id,amz-sdk-request,content-type,x-amz-target,x-amz-user-agent",
        "access-control-max-age": "86400",
      },
    });
  });

  it("answers Chromium's Private Network Access question for an allowed origin", () => {
    const verdict = check(guard({ allowOrigins: ["https://app.example.test"] }), {
      origin: "https://app.example.test", "access-control-request-method": "POST", "access-control-request-private-network": "true",
    }, "OPTIONS");
    assert.equal(verdict.kind, "preflight");
    assert.equal(verdict.headers["access-control-allow-private-network"], "true");
  });

  it("from a foreign origin: refused", () => {
    refused(preflight("http://evil.test"), /^Origin http:\/\/evil\.test may not call the emulator/);
  });
});
