// In enforce mode the /_emulator/ endpoints that act need a credential: the admin token of the ready line,
// or a SigV4 signature — then /_emulator/call runs as the signer, authorized like any request. The
// endpoints that only read stay open.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/core/protocols";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--mode", "enforce", "--no-persist"] });

interface Keys { accessKeyId: string; secretAccessKey: string }
const ROOT: Keys = { accessKeyId: "test", secretAccessKey: "test" };

/** An /_emulator/ request signed with SigV4 (service iam), as an SDK signer would sign it. */
async function signed(keys: Keys, method: string, path: string, body = ""): Promise<Response> {
  const url = new URL(emu.endpoint);
  const [pathname, query] = path.split("?");
  const req = await new SignatureV4({ service: "iam", region: "us-east-1", credentials: keys, sha256: Sha256 }).sign(new HttpRequest({
    method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: `/_emulator/${pathname}`,
    query: Object.fromEntries(new URLSearchParams(query ?? "")), headers: { host: url.host, "content-type": "application/json" },
    ...(body && { body }),
  }));
  const { host: _host, ...headers } = req.headers;
  return fetch(`${emu.endpoint}/_emulator/${path}`, { method, headers, ...(body && { body }) });
}

const bare = (path: string, init: RequestInit = {}) => fetch(`${emu.endpoint}/_emulator/${path}`, init);
const json = async (res: Promise<Response> | Response): Promise<any> => (await res).json();
const callBody = (operation: string, input: object, service = "iam") => JSON.stringify({ service, operation, input });

let alice: Keys;
let poolId = "";

describe("admin endpoints in enforce mode", () => {
  before(async () => {
    await emu.admin("call", { method: "POST", body: callBody("CreateUser", { UserName: "alice" }) });
    const key = (await json(emu.admin("call", { method: "POST", body: callBody("CreateAccessKey", { UserName: "alice" }) }))).output.AccessKey;
    alice = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const pool = await json(emu.admin("call", { method: "POST", body: callBody("CreateUserPool", { PoolName: "codes" }, "cognito-idp") }));
    poolId = pool.output.UserPool.Id;
  });

  it("the ready line carries the admin token", () => {
    assert.match(emu.process.ready.adminToken, /^[\w-]{43}$/);
  });

  it("without a credential, call, reset, clock and codes are refused before they act, saying what they need", async () => {
    const call = await bare("call", { method: "POST", body: callBody("CreateUser", { UserName: "mallory" }) });
    assert.equal(call.status, 403);
    const { error } = await call.json() as { error: { code: string; message: string } };
    assert.equal(error.code, "AccessDenied");
    assert.equal(error.message, "POST /_emulator/call acts on the emulator, so in mode enforce it needs a credential: the admin token " +
      "(Authorization: Bearer TOKEN, TOKEN being the adminToken of the ready line) or a SigV4 signature.");
    assert.equal((await bare("reset", { method: "POST" })).status, 403);
    assert.equal((await bare("clock", { method: "POST", body: '{"offsetSeconds": 600}' })).status, 403);
    assert.equal((await bare(`cognito/codes?poolId=${poolId}`)).status, 403);
    const users = (await json(emu.admin("call", { method: "POST", body: callBody("ListUsers", {}) }))).output.Users.map((u: { UserName: string }) => u.UserName);
    assert.deepEqual(users, ["alice"]);
  });

  it("a wrong token is refused", async () => {
    const res = await bare("reset", { method: "POST", headers: { authorization: "Bearer not-the-token-at-all" } });
    assert.equal(res.status, 403);
    assert.match((await res.json() as { error: { message: string } }).error.message, /^The admin token is not this emulator's/);
  });

  it("the endpoints that read stay open", async () => {
    for (const path of ["health", "resources", "decisions", "requests", "principals", "clock"]) assert.equal((await bare(path)).status, 200, path);
  });

  it("a signed call runs as its signer, authorized like any request: a user without policies is denied", async () => {
    const res = await signed(alice, "POST", "call", callBody("CreateUser", { UserName: "made-by-alice" }));
    assert.equal(res.status, 403);
    const body = await res.json() as { error: { code: string; message: string } };
    assert.equal(body.error.code, "AccessDenied");
    assert.match(body.error.message, /^User: arn:aws:iam::000000000000:user\/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::000000000000:user\/made-by-alice because no identity-based policy allows the iam:CreateUser action$/);
    // Who it runs as: GetUser without a name answers the signer.
    await emu.admin("call", { method: "POST", body: callBody("PutUserPolicy", { UserName: "alice", PolicyName: "self", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:GetUser", Resource: "*" }] }) }) });
    const me = await json(signed(alice, "POST", "call", callBody("GetUser", {})));
    assert.equal(me.output.User.Arn, "arn:aws:iam::000000000000:user/alice");
  });

  it("a signature that does not verify is refused with AWS's error", async () => {
    const res = await signed({ ...alice, secretAccessKey: "wrong" }, "POST", "call", callBody("GetUser", {}));
    assert.equal(res.status, 403);
    assert.equal((await res.json() as { error: { code: string } }).error.code, "SignatureDoesNotMatch");
  });

  it("the root may move the clock and reset; a user may not", async () => {
    const byAlice = await signed(alice, "POST", "clock", '{"offsetSeconds": 60}');
    assert.equal(byAlice.status, 403);
    // The one shape of every /_emulator/ error (admin-errors.test.ts walks the others).
    assert.deepEqual(await byAlice.json(), { error: { code: "AccessDenied",
      message: "arn:aws:iam::000000000000:user/alice may not move the emulator's clock: only the admin token or arn:aws:iam::000000000000:root may." } });
    const byRoot = await signed(ROOT, "POST", "clock", '{"offsetSeconds": 0}');
    assert.equal(byRoot.status, 200);
  });

  it("codes: a signer needs cognito-idp:AdminGetUser on the pool; the token needs nothing more", async () => {
    const denied = await signed(alice, "GET", `cognito/codes?poolId=${poolId}`);
    assert.equal(denied.status, 403);
    assert.match((await denied.json() as { error: { message: string } }).error.message, /not authorized to perform: cognito-idp:AdminGetUser on resource: arn:aws:cognito-idp:us-east-1:000000000000:userpool\//);
    assert.equal((await signed(ROOT, "GET", `cognito/codes?poolId=${poolId}`)).status, 200);
    assert.equal((await emu.admin(`cognito/codes?poolId=${poolId}`)).status, 200);
    // Another account's root does not see this account's pools.
    assert.equal((await signed({ accessKeyId: "111122223333", secretAccessKey: "test" }, "GET", `cognito/codes?poolId=${poolId}`)).status, 404);
  });

  it("the endpoints over the whole state (accounts, state, seed) take only the token, not even the root's signature", async () => {
    for (const [method, path] of [["GET", "state"], ["POST", "accounts"], ["GET", "seed"]] as const) {
      const res = await signed(ROOT, method, path);
      assert.equal(res.status, 403, path);
      assert.equal((await res.json() as { error: { message: string } }).error.message,
        `${method} /_emulator/${path} acts for the whole emulator: it takes the admin token (Authorization: Bearer TOKEN), not a signature.`);
      assert.equal((await bare(path, { method })).status, 403, path);
    }
    assert.equal((await emu.admin("state")).status, 200);
  });

  it("the token resets the emulator", async () => {
    assert.equal((await emu.admin("reset", { method: "POST" })).status, 200);
    const users = (await json(emu.admin("call", { method: "POST", body: callBody("ListUsers", {}) }))).output.Users;
    assert.deepEqual(users, []);
  });
});
