// What a browser may do, over real HTTP (mode none, where a request that gets through acts as root): a
// developer's own origin gets CORS on every answer; a foreign Origin or Referer, a page hiding its origin
// and a DNS-rebound Host are refused before anything happens; an oversized head gets an AWS error.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { useEmulator } from "../../support/emulator.js";
import { sendRaw } from "../../support/http.js";

const emu = useEmulator({ args: ["--no-persist"] });

const send = (method: string, path: string, headers: Record<string, string> = {}, body = "") => sendRaw(emu.endpoint, method, path, headers, body);

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const COGNITO = { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools" };
const userExists = async (name: string) => (await send("POST", "/", FORM, `Action=GetUser&Version=2010-05-08&UserName=${name}`)).status === 200;

describe("a developer's own origin", () => {
  const origin = "http://localhost:5173";

  it("a Cognito preflight is answered as AWS answers it", async () => {
    const res = await send("OPTIONS", "/", {
      origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-amz-target,x-amz-user-agent",
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers["access-control-allow-origin"], origin);
    assert.equal(res.headers["access-control-allow-headers"], "content-type,x-amz-target,x-amz-user-agent");
    assert.match(String(res.headers["access-control-allow-methods"]), /POST/);
    assert.equal(res.body, "");
  });

  it("answers, errors included, carry Allow-Origin and Expose-Headers", async () => {
    const ok = await send("POST", "/", { origin, ...COGNITO }, '{"MaxResults": 5}');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers["access-control-allow-origin"], origin);
    const error = await send("POST", "/", { origin, ...COGNITO, "x-amz-target": "AWSCognitoIdentityProviderService.DescribeUserPool" }, '{"UserPoolId": "us-east-1_nothere"}');
    assert.equal(error.status, 400);
    assert.equal(error.headers["access-control-allow-origin"], origin);
    assert.match(String(error.headers["access-control-expose-headers"]), /x-amzn-RequestId, x-amzn-ErrorType/);
    assert.equal(error.headers["x-amzn-errortype"], "ResourceNotFoundException");
    const query = await send("POST", "/", { origin, ...FORM }, "Action=FlyToTheMoon&Version=2010-05-08");
    assert.equal(query.status, 400);
    assert.equal(query.headers["access-control-allow-origin"], origin);
  });

  it("the JWKS and discovery documents are readable cross-origin", async () => {
    const created = JSON.parse((await send("POST", "/", { ...COGNITO, "x-amz-target": "AWSCognitoIdentityProviderService.CreateUserPool" }, '{"PoolName": "cors"}')).body);
    const poolId = created.UserPool.Id as string;
    for (const path of [`/${poolId}/.well-known/jwks.json`, `/${poolId}/.well-known/openid-configuration`]) {
      const res = await send("GET", path, { origin });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers["access-control-allow-origin"], origin, path);
    }
  });
});

describe("a foreign page changes nothing", () => {
  const evil = "http://evil.test:8000";

  it("a plain HTML form POST of CreateUser is refused with 403 naming the setting", async () => {
    const res = await send("POST", "/", { origin: evil, ...FORM, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" },
      "Action=CreateUser&Version=2010-05-08&UserName=from-a-form");
    assert.equal(res.status, 403);
    assert.match(res.body, /<Code>AccessDenied<\/Code>/);
    assert.match(res.body, /Origin http:\/\/evil\.test:8000 may not call the emulator: .*--allow-origin \(AWS_IDENTITY_EMULATOR_ALLOW_ORIGINS/);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    assert.equal(await userExists("from-a-form"), false);
  });

  it("text/plain POSTs to /_emulator/call, reset and clock are refused", async () => {
    await send("POST", "/", FORM, "Action=CreateUser&Version=2010-05-08&UserName=survivor");
    const plain = { origin: evil, "content-type": "text/plain" };
    const call = await send("POST", "/_emulator/call", plain, JSON.stringify({ service: "iam", operation: "CreateUser", input: { UserName: "admin-from-page" } }));
    assert.equal(call.status, 403);
    assert.equal(JSON.parse(call.body).error.code, "AccessDenied");
    assert.equal((await send("POST", "/_emulator/reset", plain)).status, 403);
    assert.equal((await send("POST", "/_emulator/clock", plain, '{"offsetSeconds": 99999}')).status, 403);
    assert.equal(await userExists("admin-from-page"), false);
    assert.equal(await userExists("survivor"), true);
    assert.equal(JSON.parse((await send("GET", "/_emulator/clock")).body).offsetSeconds, 0);
  });

  it("a JSON call from a foreign origin answers in JSON, 403", async () => {
    const res = await send("POST", "/", { origin: evil, ...COGNITO }, "{}");
    assert.equal(res.status, 403);
    assert.equal(res.headers["x-amzn-errortype"], "AccessDeniedException");
    assert.equal(JSON.parse(res.body).__type, "AccessDeniedException");
  });

  it("an image or link (GET, no Origin) is judged by its Referer", async () => {
    const res = await send("GET", "/?Action=CreateUser&Version=2010-05-08&UserName=from-an-image", { referer: `${evil}/page.html`, "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" });
    assert.equal(res.status, 403);
    assert.equal(await userExists("from-an-image"), false);
  });

  it("a page that hides its origin too (referrerpolicy=no-referrer) is refused", async () => {
    const res = await send("GET", "/?Action=CreateUser&Version=2010-05-08&UserName=from-a-hidden-page", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" });
    assert.equal(res.status, 403);
    assert.match(res.body, /A page whose origin is hidden/);
    assert.equal(await userExists("from-a-hidden-page"), false);
  });

  it("a preflight from a foreign origin gets no CORS", async () => {
    const res = await send("OPTIONS", "/_emulator/call", { origin: evil, "access-control-request-method": "POST", "access-control-request-headers": "content-type" });
    assert.equal(res.status, 403);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
  });
});

describe("DNS rebinding", () => {
  it("a request addressed to a name the emulator does not answer to is refused, whatever the path", async () => {
    for (const [method, path, body] of [["POST", "/", "Action=CreateUser&Version=2010-05-08&UserName=rebound"], ["POST", "/_emulator/reset", ""], ["GET", "/_emulator/health", ""]] as const) {
      const res = await send(method, path, { host: `rebind.evil.test:${new URL(emu.endpoint).port}`, ...FORM }, body);
      assert.equal(res.status, 403, path);
      assert.match(res.body, /Host rebind\.evil\.test:\d+ is not a name of this emulator/, path);
    }
    assert.equal(await userExists("rebound"), false);
  });

  it("loopback names and addresses are served", async () => {
    for (const host of ["localhost", "127.0.0.1", "app.localhost"]) {
      assert.equal((await send("GET", "/_emulator/health", { host: `${host}:${new URL(emu.endpoint).port}` })).status, 200, host);
    }
  });
});

describe("a request head over the limit", () => {
  function raw(text: string): Promise<string> {
    const url = new URL(emu.endpoint);
    return new Promise((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
      let reply = "";
      socket.on("data", (d) => { reply += d; });
      socket.on("close", () => resolve(reply));
      socket.on("error", () => resolve(reply));
    });
  }

  it("a URL longer than the limit gets an AWS-style error, not an empty 400", async () => {
    const reply = await raw(`GET /?Action=ListUsers&Version=2010-05-08&x=${"a".repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 431 /);
    assert.match(reply, /x-amzn-errortype: RequestHeaderSectionTooLarge/);
    assert.match(reply, /<Code>RequestHeaderSectionTooLarge<\/Code><Message>The request line and headers are larger than the 16384-byte limit\./);
    assert.equal((await send("GET", "/_emulator/health")).status, 200);
  });

  it("so do headers over the limit", async () => {
    const reply = await raw(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 431 /);
    assert.match(reply, /<Code>RequestHeaderSectionTooLarge<\/Code>/);
  });
});
