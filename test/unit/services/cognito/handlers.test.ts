// Cognito handlers in-process on a real in-memory store with a fake clock: password policy, ListUsers
// filters, sealed sessions, codes and the emulator's codes endpoint (src/server/admin-cognito.ts).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { rootCaller } from "../../../../src/auth/caller.js";
import { DEFAULTS } from "../../../../src/config.js";
import { silentLogger } from "../../../../src/log.js";
import { noFunctions } from "../../../../src/lambda/invoker.js";
import { allowListPolicy, Outbound } from "../../../../src/outbound/outbound.js";
import { AwsError } from "../../../../src/protocol/errors.js";
import { cognitoCodes } from "../../../../src/server/admin-cognito.js";
import { cognitoHandlers } from "../../../../src/services/cognito/index.js";
import { checkPasswordPolicy } from "../../../../src/services/cognito/password-policy.js";
import { DEFAULT_PASSWORD_POLICY } from "../../../../src/services/cognito/pools.js";
import type { PoolRecord } from "../../../../src/services/cognito/records.js";
import { newSessionKey, seal, unseal } from "../../../../src/services/cognito/sealed.js";
import { parseFilter } from "../../../../src/services/cognito/users.js";
import { AccountStore, Store } from "../../../../src/store/store.js";

const outbound = new Outbound(allowListPolicy([], "--allow-outbound"));
const clock = { at: new Date("2026-11-29T08:30:00Z"), now() { return this.at; } };

async function call(store: Store, operation: string, input: Record<string, unknown>): Promise<any> {
  const tx = store.begin();
  const afterCommit: (() => Promise<void>)[] = [];
  try {
    const out = await cognitoHandlers.operations[operation]!({
      input, caller: rootCaller("000000000000", "127.0.0.1"), store: new AccountStore("000000000000", "us-east-1", tx), clock,
      config: DEFAULTS, log: silentLogger, requestId: "test", origin: "http://127.0.0.1:4566", region: "us-east-1", outbound, lambda: noFunctions,
      afterCommit: (work) => { afterCommit.push(work); },
    });
    await tx.commit();
    for (const work of afterCommit) await work();
    return out;
  } catch (err) {
    tx.rollback();
    throw err;
  }
}

describe("password policy", () => {
  const pool = { passwordPolicy: DEFAULT_PASSWORD_POLICY } as PoolRecord;
  const reason = (password: string, admin = false): string | undefined => {
    try { checkPasswordPolicy(pool, password, admin); return undefined; } catch (e) { return (e as AwsError).message; }
  };

  it("names the first rule broken, in AWS's words", () => {
    assert.equal(reason("Ab1!"), "Password did not conform with policy: Password not long enough");
    assert.equal(reason("abcdefg1!"), "Password did not conform with policy: Password must have uppercase characters");
    assert.equal(reason("ABCDEFG1!"), "Password did not conform with policy: Password must have lowercase characters");
    assert.equal(reason("Abcdefgh!"), "Password did not conform with policy: Password must have numeric characters");
    assert.equal(reason("Abcdefgh1"), "Password did not conform with policy: Password must have symbol characters");
    assert.equal(reason("Abcdefgh1", true), "Password did not conform with password policy: Password must have symbol characters");
    assert.equal(reason("Abcd efg1"), undefined, "an inner space counts as a symbol");
    assert.equal(reason("Abcdefg1 "), "Password did not conform with policy: Password must have symbol characters", "a trailing space does not");
    assert.equal(reason("Abcdefg1^"), undefined);
  });
});

describe("ListUsers filter", () => {
  const user = (name: string, email: string, enabled = true) => ({
    Username: name, sub: "s", Attributes: [{ Name: "email", Value: email }], UserCreateDate: "", UserLastModifiedDate: "", Enabled: enabled, UserStatus: "CONFIRMED" as const,
  });

  it("= is exact, ^= a prefix; status and cognito:user_status are searchable", () => {
    assert.equal(parseFilter('email = "a@x.io"')!(user("a", "a@x.io")), true);
    assert.equal(parseFilter('email = "a@x"')!(user("a", "a@x.io")), false);
    assert.equal(parseFilter('email ^= "a@"')!(user("a", "a@x.io")), true);
    assert.equal(parseFilter('username="a"')!(user("a", "a@x.io")), true);
    assert.equal(parseFilter('status = "Disabled"')!(user("a", "a@x.io", false)), true);
    assert.equal(parseFilter('cognito:user_status = "CONFIRMED"')!(user("a", "a@x.io")), true);
    assert.equal(parseFilter(""), undefined);
  });

  it("refuses bad syntax and unsearchable attributes", () => {
    assert.throws(() => parseFilter("email = a"), { code: "InvalidParameterException", message: "Error while parsing filter." });
    assert.throws(() => parseFilter('custom:plan = "x"'), { code: "InvalidParameterException", message: "Invalid search attribute: custom:plan" });
  });
});

describe("sealed sessions", () => {
  it("round-trips, and refuses another key or a changed byte", () => {
    const key = newSessionKey();
    const sealed = seal(key, { u: "alice", e: 1 });
    assert.deepEqual(unseal(key, sealed), { u: "alice", e: 1 });
    assert.equal(unseal(newSessionKey(), sealed), undefined);
    const raw = Buffer.from(sealed, "base64");
    raw[raw.length - 1] ^= 1;
    assert.equal(unseal(key, raw.toString("base64")), undefined);
    assert.equal(unseal(key, "short"), undefined);
  });
});

describe("codes and GET /_emulator/cognito/codes", () => {
  it("SignUp's code is listed for the pool and the user (by username or email), and spent codes go away", async () => {
    const store = new Store();
    const pool = (await call(store, "CreateUserPool", { PoolName: "p", AutoVerifiedAttributes: ["email"] })).UserPool;
    const client = (await call(store, "CreateUserPoolClient", { UserPoolId: pool.Id, ClientName: "c" })).UserPoolClient;
    const out = await call(store, "SignUp", { ClientId: client.ClientId, Username: "alice", Password: "Passw0rd!", UserAttributes: [{ Name: "email", Value: "alice@example.com" }] });
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: "a***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const defaults = { accountId: "000000000000", region: "us-east-1" };
    const listed = cognitoCodes(store, new URLSearchParams({ poolId: pool.Id, username: "alice" }), defaults);
    assert.equal(listed.status, 200);
    const body = listed.body as { poolId: string; codes: { username: string; purpose: string; code: string; destination: string; expiresAt: string }[] };
    assert.equal(body.codes.length, 1);
    assert.equal(body.codes[0]!.purpose, "SIGN_UP");
    assert.match(body.codes[0]!.code, /^\d{6}$/);
    assert.equal(body.codes[0]!.destination, "alice@example.com");
    assert.equal(body.codes[0]!.expiresAt, "2026-11-30T08:30:00.000Z");
    await assert.rejects(call(store, "ConfirmSignUp", { ClientId: client.ClientId, Username: "alice", ConfirmationCode: body.codes[0]!.code === "000000" ? "111111" : "000000" }),
      { code: "CodeMismatchException" });
    await call(store, "ConfirmSignUp", { ClientId: client.ClientId, Username: "alice", ConfirmationCode: body.codes[0]!.code });
    assert.deepEqual((cognitoCodes(store, new URLSearchParams({ poolId: pool.Id }), defaults).body as { codes: unknown[] }).codes, []);
  });

  it("answers 400 without a pool id and 404 for an unknown pool or user", async () => {
    const store = new Store();
    const defaults = { accountId: "000000000000", region: "us-east-1" };
    assert.equal(cognitoCodes(store, new URLSearchParams(), defaults).status, 400);
    assert.equal(cognitoCodes(store, new URLSearchParams({ poolId: "us-east-1_nope" }), defaults).status, 404);
    const pool = (await call(store, "CreateUserPool", { PoolName: "p" })).UserPool;
    assert.equal(cognitoCodes(store, new URLSearchParams({ poolId: pool.Id, username: "ghost" }), defaults).status, 404);
  });

  it("a failed operation leaves nothing behind (the transaction rolls back)", async () => {
    const store = new Store();
    const pool = (await call(store, "CreateUserPool", { PoolName: "p" })).UserPool;
    await assert.rejects(call(store, "AdminCreateUser", { UserPoolId: pool.Id, Username: "x", TemporaryPassword: "weak" }), { code: "InvalidPasswordException" });
    assert.deepEqual((await call(store, "ListUsers", { UserPoolId: pool.Id })).Users, []);
  });
});

describe("records that expire are purged by the injected clock", () => {
  const sessionsTable = "000000000000/us-east-1/cognito-idp/sessions";
  const codesTable = "000000000000/us-east-1/cognito-idp/codes";

  it("refresh sessions a day past their refresh token's expiry, and expired codes, go with the next sign-in or code", async () => {
    const store = new Store();
    const started = clock.at;
    try {
      const pool = (await call(store, "CreateUserPool", { PoolName: "p" })).UserPool;
      const client = (await call(store, "CreateUserPoolClient", { UserPoolId: pool.Id, ClientName: "c",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], RefreshTokenValidity: 1, TokenValidityUnits: { RefreshToken: "days" } })).UserPoolClient;
      for (const name of ["alice", "bob"]) {
        await call(store, "AdminCreateUser", { UserPoolId: pool.Id, Username: name, MessageAction: "SUPPRESS",
          UserAttributes: [{ Name: "email", Value: `${name}@example.com` }, { Name: "email_verified", Value: "true" }] });
        await call(store, "AdminSetUserPassword", { UserPoolId: pool.Id, Username: name, Password: "Passw0rd!", Permanent: true });
      }
      const signIn = () => call(store, "AdminInitiateAuth", { UserPoolId: pool.Id, ClientId: client.ClientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Passw0rd!" } });
      for (let i = 0; i < 4; i++) await signIn();
      const old = (await signIn()).AuthenticationResult;
      assert.equal(store.table(sessionsTable).size, 5);
      await call(store, "ForgotPassword", { ClientId: client.ClientId, Username: "alice" });
      assert.equal(store.table(codesTable).size, 1);

      // 1 day (refresh token) + 1 day (the longest an access token from it lives) + a minute.
      clock.at = new Date(started.getTime() + 2 * 86_400_000 + 60_000);
      await assert.rejects(call(store, "AdminInitiateAuth", { UserPoolId: pool.Id, ClientId: client.ClientId, AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: old.RefreshToken } }), { code: "NotAuthorizedException", message: "Refresh Token has expired" });
      await signIn();
      assert.equal(store.table(sessionsTable).size, 1, "the expired session was purged, the new one kept");
      await call(store, "ForgotPassword", { ClientId: client.ClientId, Username: "bob" });
      assert.deepEqual([...store.table<{ username: string }>(codesTable).values()].map((c) => c.username), ["bob"], "alice's expired code is gone");
    } finally {
      clock.at = started;
    }
  });
});
