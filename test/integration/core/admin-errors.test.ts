// Every /_emulator/ error a client can provoke, from each layer that can refuse (the origin guard, the body
// limit, admin access, the endpoints, an operation run through /_emulator/call), answers one JSON shape:
// {"error": {"code": "<AWS-style code>", "message": "<sentence>"}} (and the requestId where an operation ran).
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { connectEmulator } from "../../../src/api/connect.js";
import { useEmulator } from "../../support/emulator.js";
import { sendRaw } from "../../support/http.js";

const emu = useEmulator({ args: ["--mode", "authenticate"] });

interface Case {
  readonly name: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: string;
  /** Headers instead of the admin token. */
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly message: RegExp;
}

const json = (v: unknown): string => JSON.stringify(v);
let poolId = "";

const CASES: readonly (() => Case)[] = [
  () => ({ name: "an unknown endpoint", method: "GET", path: "nope", status: 404, code: "UnknownEndpoint", message: /^No emulator endpoint GET \/_emulator\/nope\. Known: GET \/_emulator\/health, / }),
  () => ({ name: "a page of another origin", method: "POST", path: "reset", headers: { origin: "http://evil.test", "content-type": "text/plain" }, status: 403, code: "AccessDenied", message: /^Origin http:\/\/evil\.test may not call the emulator/ }),
  () => ({ name: "a body over the limit", method: "POST", path: "state", body: "x".repeat(4 * 1024 * 1024 + 1), status: 413, code: "RequestEntityTooLarge", message: /^Request body is larger than the 4194304-byte limit\.$/ }),
  () => ({ name: "no credential in authenticate mode", method: "POST", path: "reset", headers: {}, status: 403, code: "AccessDenied", message: /^POST \/_emulator\/reset acts on the emulator, so in mode authenticate it needs a credential/ }),
  () => ({ name: "another emulator's admin token", method: "POST", path: "reset", headers: { authorization: "Bearer not-the-token" }, status: 403, code: "AccessDenied", message: /^The admin token is not this emulator's/ }),
  () => ({ name: "reset with a non-string accountId", method: "POST", path: "reset", body: json({ accountId: 5 }), status: 400, code: "ValidationError", message: /^accountId must be a string of 12 digits\.$/ }),
  () => ({ name: "reset with a short accountId", method: "POST", path: "reset", body: json({ accountId: "12345" }), status: 400, code: "ValidationError", message: /^accountId must be 12 digits; got "12345"\.$/ }),
  () => ({ name: "clock with neither field", method: "POST", path: "clock", body: json({}), status: 400, code: "ValidationError", message: /^Send \{"offsetSeconds": N\}/ }),
  () => ({ name: "a decision no longer kept", method: "GET", path: "decisions?id=999999", status: 404, code: "ResourceNotFoundException", message: /^No decision 999999: only the last 500 are kept\.$/ }),
  () => ({ name: "state with an unknown secrets option", method: "GET", path: "state?secrets=maybe", status: 400, code: "ValidationError", message: /^secrets must be "include" or "omit"\.$/ }),
  () => ({ name: "a state file that is not JSON", method: "POST", path: "state", body: "{nope", status: 400, code: "ValidationError", message: /^The body is not JSON: send a state file as GET \/_emulator\/state writes it\.$/ }),
  () => ({ name: "seed of a malformed account", method: "GET", path: "seed?accountId=123", status: 400, code: "ValidationError", message: /^accountId must be 12 digits; got "123"\.$/ }),
  () => ({ name: "call with a body that is not JSON", method: "POST", path: "call", body: "{nope", status: 400, code: "InvalidRequest", message: /^Send \{"service", "operation", "input"\} as JSON\.$/ }),
  () => ({ name: "call of an unknown service", method: "POST", path: "call", body: json({ service: "s3", operation: "ListBuckets" }), status: 400, code: "InvalidService", message: /^service must be one of iam, / }),
  () => ({ name: "call of an unknown operation", method: "POST", path: "call", body: json({ service: "iam", operation: "Fly" }), status: 400, code: "InvalidAction", message: /^Fly is not an operation of iam\.$/ }),
  () => ({ name: "call with input AWS refuses", method: "POST", path: "call", body: json({ service: "iam", operation: "GetUser", input: { UserName: "ghost" } }), status: 404, code: "NoSuchEntity", message: /^The user with name ghost cannot be found\.$/ }),
  () => ({ name: "role credentials without a role ARN", method: "POST", path: "role-credentials", body: json({}), status: 400, code: "ValidationError", message: /^Send \{"roleArn"/ }),
  () => ({ name: "role credentials of a missing role", method: "POST", path: "role-credentials", body: json({ roleArn: "arn:aws:iam::000000000000:role/ghost" }), status: 404, code: "NoSuchEntity", message: /^The role with ARN arn:aws:iam::000000000000:role\/ghost cannot be found\.$/ }),
  () => ({ name: "policies of a non-IAM ARN", method: "GET", path: "principals/policies?arn=nope", status: 400, code: "ValidationError", message: /^Give the ARN of an IAM user or role/ }),
  () => ({ name: "policies of a missing user", method: "GET", path: `principals/policies?arn=${encodeURIComponent("arn:aws:iam::000000000000:user/ghost")}`, status: 404, code: "NoSuchEntity", message: /^No user ghost in account 000000000000\.$/ }),
  () => ({ name: "policies of a broken percent-encoding", method: "GET", path: "principals/%E0%A4%A/policies", status: 400, code: "ValidationError", message: /^Give the principal's ARN URL-encoded/ }),
  () => ({ name: "codes without a pool", method: "GET", path: "cognito/codes", status: 400, code: "ValidationError", message: /^Pass \?poolId=/ }),
  () => ({ name: "codes of a missing pool", method: "GET", path: "cognito/codes?poolId=us-east-1_nope", status: 404, code: "ResourceNotFoundException", message: /^User pool us-east-1_nope does not exist\.$/ }),
  () => ({ name: "codes of a missing user", method: "GET", path: `cognito/codes?poolId=${poolId}&username=ghost`, status: 404, code: "UserNotFoundException", message: new RegExp(`^User ghost does not exist in ${poolId}\\.$`) }),
  () => ({ name: "trigger debugging without enabled", method: "POST", path: "lambda/debug", body: json({}), status: 400, code: "ValidationError", message: /^Send \{"enabled": true\}/ }),
];

describe("/_emulator/ errors", () => {
  before(async () => {
    const res = await emu.admin("call", { method: "POST", body: json({ service: "cognito-idp", operation: "CreateUserPool", input: { PoolName: "errors" } }) });
    poolId = ((await res.json()) as { output: { UserPool: { Id: string } } }).output.UserPool.Id;
  });

  it("every error path answers {error: {code, message}} with its status", async () => {
    const token = `Bearer ${emu.process.ready.adminToken}`;
    for (const make of CASES) {
      const c = make();
      const headers = c.headers ?? { authorization: token, "content-type": "application/json" };
      const res = await sendRaw(emu.endpoint, c.method, `/_emulator/${c.path}`, headers, c.body ?? "");
      assert.equal(res.status, c.status, `${c.name}: ${res.body}`);
      assert.match(String(res.headers["content-type"]), /^application\/json/, c.name);
      const body = JSON.parse(res.body) as { error: { code: string; message: string }; requestId?: string };
      assert.deepEqual(Object.keys(body).filter((k) => k !== "requestId"), ["error"], c.name);
      assert.deepEqual(Object.keys(body.error), ["code", "message"], c.name);
      assert.equal(body.error.code, c.code, c.name);
      assert.match(body.error.message, c.message, c.name);
    }
  });

  it("connectEmulator() rejects with the code and message", async () => {
    const client = await connectEmulator(emu.endpoint, { adminToken: emu.process.ready.adminToken });
    await assert.rejects(client.reset("12345"),
      { message: `POST ${emu.endpoint}/_emulator/reset answered 400: ValidationError: accountId must be 12 digits; got "12345".` });
  });

  it("an operation's error carries the request id it ran under", async () => {
    const res = await emu.admin("call", { method: "POST", body: json({ service: "iam", operation: "GetUser", input: { UserName: "ghost" } }) });
    const body = await res.json() as { error: { code: string }; requestId: string };
    assert.deepEqual([res.status, body.error.code], [404, "NoSuchEntity"]);
    assert.match(body.requestId, /^[0-9a-f-]{36}$/);
  });
});
