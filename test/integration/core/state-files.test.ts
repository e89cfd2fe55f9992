// Accounts, resets, state files and seed exports through the admin endpoints and the CLI's flags: what a
// Python or Go suite uses, and the same code the npm package's startEmulator() runs in-process.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { AdminInitiateAuthCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateGroupCommand, AdminAddUserToGroupCommand } from "@aws-sdk/client-cognito-identity-provider";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { spawnEmulator, useEmulator, type UseEmulator } from "../../support/emulator.js";
import { cognito, makePool, PASSWORD } from "../cognito/cognito-fixtures.js";

const emu = useEmulator({ args: ["--mode", "authenticate"] });

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  // Mode authenticate: the admin endpoints act only with the emulator's admin token.
  const res = await emu.admin(path, { method, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}

/** Equal texts, or where they first differ (a state file is too long to print whole). */
function sameText(actual: string, expected: string, message: string): void {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(`${message}: they differ at offset ${i}: …${actual.slice(Math.max(0, i - 80), i + 80)}… vs …${expected.slice(Math.max(0, i - 80), i + 80)}…`);
}

const iamAs = (e: UseEmulator, accessKeyId: string, secretAccessKey = "test") =>
  new IAMClient({ endpoint: e.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });

describe("POST /_emulator/accounts", () => {
  it("hands out fresh accounts whose roots create same-named users side by side", async () => {
    const [a, b] = await Promise.all([admin("POST", "accounts"), admin("POST", "accounts")]);
    assert.equal(a.status, 200);
    assert.notEqual(a.json.accountId, b.json.accountId);
    assert.match(a.json.accountId, /^\d{12}$/);
    assert.deepEqual({ id: a.json.accessKeyId, secret: a.json.secretAccessKey }, { id: a.json.accountId, secret: "test" });
    const [ua, ub] = await Promise.all([a, b].map((acct) => iamAs(emu, acct.json.accessKeyId).send(new CreateUserCommand({ UserName: "alice" }))));
    assert.equal(ua!.User!.Arn, `arn:aws:iam::${a.json.accountId}:user/alice`);
    assert.equal(ub!.User!.Arn, `arn:aws:iam::${b.json.accountId}:user/alice`);
    const listed = await admin("GET", "accounts");
    assert.deepEqual(listed.json.accounts.map((x: { accountId: string }) => x.accountId).filter((id: string) => [a.json.accountId, b.json.accountId].includes(id)).sort(),
      [a.json.accountId, b.json.accountId].sort());
    // An account in use (12-digit key) is never handed out, even though newAccount() never made it.
    await iamAs(emu, "100000000003").send(new CreateUserCommand({ UserName: "squatter" }));
    const next = await admin("POST", "accounts");
    assert.ok(!["100000000003", a.json.accountId, b.json.accountId].includes(next.json.accountId), next.json.accountId);
  });

  it("resets one account and leaves the others alone", async () => {
    const a = (await admin("POST", "accounts")).json;
    const b = (await admin("POST", "accounts")).json;
    await iamAs(emu, a.accountId).send(new CreateUserCommand({ UserName: "keep-out" }));
    await iamAs(emu, b.accountId).send(new CreateUserCommand({ UserName: "stays" }));
    const key = await iamAs(emu, a.accountId).send(new CreateAccessKeyCommand({ UserName: "keep-out" }));
    const reset = await admin("POST", "reset", { accountId: a.accountId });
    assert.deepEqual(reset.json, { status: "reset", accountId: a.accountId });
    assert.deepEqual((await iamAs(emu, a.accountId).send(new ListUsersCommand({}))).Users, []);
    assert.deepEqual((await iamAs(emu, b.accountId).send(new ListUsersCommand({}))).Users!.map((u) => u.UserName), ["stays"]);
    // The account's access key went with it: it no longer authenticates.
    await assert.rejects(new STSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }, maxAttempts: 1 })
      .send(new GetCallerIdentityCommand({})), (e: Error) => e.name === "InvalidClientTokenId");
    const bad = await admin("POST", "reset", { accountId: "12345" });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error, { code: "ValidationError", message: 'accountId must be 12 digits; got "12345".' });
  });
});

describe("GET and POST /_emulator/state", () => {
  it("export → reset → import gives the same bytes, with IAM, STS and Cognito state", async () => {
    const iam = iamAs(emu, "test");
    await iam.send(new CreateUserCommand({ UserName: "carol", Tags: [{ Key: "team", Value: "qa" }] }));
    await iam.send(new PutUserPolicyCommand({ UserName: "carol", PolicyName: "read", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] }) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: "carol" }));
    const { poolId, clientId } = await makePool(emu, { PoolName: "state-pool" });
    const idp = cognito(emu);
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dave", MessageAction: "SUPPRESS" }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "dave", Password: PASSWORD, Permanent: true }));
    const first = await admin("GET", "state");
    assert.equal(first.status, 200);
    assert.equal(first.json.format, "aws-identity-emulator-state");
    assert.equal(first.json.version, 1);
    assert.equal(first.json.secrets, "included");
    const keyRow = first.json.tables["global/accessKeys"].find(([id]: [string]) => id === key.AccessKey!.AccessKeyId);
    assert.deepEqual(keyRow[1].secretAccessKey, { $secret: key.AccessKey!.SecretAccessKey }, "secrets are marked");

    assert.equal((await admin("POST", "reset")).status, 200);
    assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users, []);
    const imported = await admin("POST", "state", first.text);
    assert.equal(imported.status, 200);
    assert.equal(imported.json.status, "imported");
    sameText((await admin("GET", "state")).text, first.text, "the second export is byte-identical");
    // And it works, not only reads back: the key authenticates, the user signs in.
    const sts = new STSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }, maxAttempts: 1 });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::000000000000:user/carol");
    const signIn = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "dave", PASSWORD } }));
    assert.ok(signIn.AuthenticationResult?.IdToken);
  });

  it("one account's file: holds only that account, and imports into it alone", async () => {
    const a = (await admin("POST", "accounts")).json;
    await iamAs(emu, a.accountId).send(new CreateUserCommand({ UserName: "solo" }));
    await iamAs(emu, a.accountId).send(new CreateAccessKeyCommand({ UserName: "solo" }));
    const file = await admin("GET", `state?accountId=${a.accountId}`);
    assert.equal(file.json.accountId, a.accountId);
    for (const id of Object.keys(file.json.tables)) assert.ok(id.startsWith(`${a.accountId}/`) || id.startsWith("global/"), id);
    for (const [, rows] of Object.entries<[string, any][]>(file.json.tables).filter(([id]) => id.startsWith("global/"))) {
      for (const [, row] of rows) assert.equal(row.accountId, a.accountId);
    }
    await iamAs(emu, a.accountId).send(new CreateUserCommand({ UserName: "later" }));
    const defaultUsersBefore = (await iamAs(emu, "test").send(new ListUsersCommand({}))).Users!.length;
    assert.equal((await admin("POST", "state", file.text)).status, 200);
    assert.deepEqual((await iamAs(emu, a.accountId).send(new ListUsersCommand({}))).Users!.map((u) => u.UserName), ["solo"]);
    assert.equal((await iamAs(emu, "test").send(new ListUsersCommand({}))).Users!.length, defaultUsersBefore, "other accounts untouched");
    sameText((await admin("GET", `state?accountId=${a.accountId}`)).text, file.text, "the account's second export");
  });

  it("secrets=omit writes every secret as null, and importing makes new ones", async () => {
    const iam = iamAs(emu, "test");
    await iam.send(new CreateUserCommand({ UserName: "hush" }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: "hush" }));
    const file = await admin("GET", "state?secrets=omit");
    assert.equal(file.json.secrets, "omitted");
    assert.ok(!file.text.includes(key.AccessKey!.SecretAccessKey!), "the secret is not in the file");
    const secrets = [...file.text.matchAll(/"\$secret": ?(null|"[^"]*"|\{)/g)].map((m) => m[1]);
    assert.ok(secrets.length >= 3, `secrets marked: ${secrets.length}`);
    assert.deepEqual([...new Set(secrets)], ["null"]);
    assert.equal((await admin("POST", "state", file.text)).status, 200);
    const after = await admin("GET", "state");
    const row = after.json.tables["global/accessKeys"].find(([id]: [string]) => id === key.AccessKey!.AccessKeyId)[1];
    assert.match(row.secretAccessKey.$secret, /^[A-Za-z0-9]{40}$/);
    assert.notEqual(row.secretAccessKey.$secret, key.AccessKey!.SecretAccessKey);
    assert.equal((await iam.send(new GetUserCommand({ UserName: "hush" }))).User!.UserName, "hush");
  });

  it("refuses a bad file with a message naming the problem, and changes nothing", async () => {
    const before = (await admin("GET", "state")).text;
    const cases: Array<[unknown, string | RegExp]> = [
      ["{nope", "The body is not JSON: send a state file as GET /_emulator/state writes it."],
      [[], "A state file is a JSON object."],
      [{ format: "other" }, '$.format must be "aws-identity-emulator-state"; this is not an emulator state file.'],
      [{ format: "aws-identity-emulator-state", version: 99, emulator: "9.0.0", secrets: "included", tables: {} }, /^This state file has format version 99, written by a newer emulator \(9\.0\.0\); this one \(.+\) reads versions up to 1\. Upgrade aws-identity-emulator to load it\.$/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "../etc": [] } }, /^\$\.tables\["\.\.\/etc"\]: "\.\.\/etc" is not a table name/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "000000000000/iam/users": [["k", null]] } }, '$.tables["000000000000/iam/users"][0] must be a [key, record] pair: a string key and a record that is not null.'],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", accountId: "111111111111", tables: { "222222222222/iam/users": [] } }, `$.tables["222222222222/iam/users"]: the file holds account 111111111111 only, but this table is account 222222222222's.`],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "000000000000/iam/users": [["x", { UserName: { $secret: "no" } }]] } }, '$.tables["000000000000/iam/users"][0].UserName is marked secret, but 000000000000/iam/users has no secret of that name.'],
    ];
    for (const [body, message] of cases) {
      const out = await admin("POST", "state", body);
      assert.equal(out.status, 400, JSON.stringify(body));
      assert.equal(out.json.error.code, "ValidationError");
      if (typeof message === "string") assert.equal(out.json.error.message, message); else assert.match(out.json.error.message, message);
    }
    sameText((await admin("GET", "state")).text, before, "state after refused files");
  });

  it("refuses a one-account file whose access key another account holds here", async () => {
    const a = (await admin("POST", "accounts")).json;
    const b = (await admin("POST", "accounts")).json;
    await iamAs(emu, a.accountId).send(new CreateUserCommand({ UserName: "owner" }));
    const key = await iamAs(emu, a.accountId).send(new CreateAccessKeyCommand({ UserName: "owner" }));
    const file = (await admin("GET", `state?accountId=${a.accountId}`)).json;
    // The same file relabelled for account b: its key row says a, so it is refused before anything changes.
    const stolen = JSON.parse(JSON.stringify(file).replaceAll(a.accountId, b.accountId));
    const out = await admin("POST", "state", stolen);
    assert.equal(out.status, 400);
    assert.equal(out.json.error.code, "ValidationError");
    assert.equal(out.json.error.message, `global/accessKeys "${key.AccessKey!.AccessKeyId}" belongs to account ${a.accountId} here, so account ${b.accountId}'s file cannot take it. ` +
      `Reset account ${a.accountId} first, or load the file into an emulator without it.`);
    assert.deepEqual((await iamAs(emu, b.accountId).send(new ListUsersCommand({}))).Users, []);
  });
});

describe("POST /_emulator/clock", () => {
  it("advances by advanceSeconds, sets by offsetSeconds, and refuses both at once", async () => {
    assert.equal((await admin("POST", "clock", { offsetSeconds: 60 })).json.offsetSeconds, 60);
    assert.equal((await admin("POST", "clock", { advanceSeconds: 30 })).json.offsetSeconds, 90);
    const both = await admin("POST", "clock", { offsetSeconds: 1, advanceSeconds: 1 });
    assert.equal(both.status, 400);
    assert.equal(both.json.error.code, "ValidationError");
    assert.equal(both.json.error.message, 'Send {"offsetSeconds": N} (seconds ahead of the real time) or {"advanceSeconds": N} (move the clock by N seconds).');
    assert.equal((await admin("POST", "clock", { offsetSeconds: 0 })).json.offsetSeconds, 0);
  });
});

describe("GET /_emulator/seed", () => {
  it("writes the seed shape from live state; a new emulator started from it signs the same users in", async () => {
    const a = (await admin("POST", "accounts")).json;
    const iam = iamAs(emu, a.accountId);
    await iam.send(new CreateUserCommand({ UserName: "seeded", Path: "/team/" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "seeded", PolicyName: "p", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] }) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: "seeded" }));
    const idp = cognito({ ...emu, clientConfig: { ...emu.clientConfig, credentials: { accessKeyId: a.accountId, secretAccessKey: "test" } } } as UseEmulator);
    // Settings the seed has no field of its own for go into its `settings`, as the API names them.
    const { UserPool } = await idp.send(new (await import("@aws-sdk/client-cognito-identity-provider")).CreateUserPoolCommand({ PoolName: "by-email", UsernameAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false }, AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } }));
    const client = await idp.send(new (await import("@aws-sdk/client-cognito-identity-provider")).CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], AccessTokenValidity: 5, PreventUserExistenceErrors: "ENABLED" }));
    const made = await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id!, Username: "erin@example.com", MessageAction: "SUPPRESS" }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool!.Id!, Username: "erin@example.com", Password: PASSWORD, Permanent: true }));
    await idp.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: "admins" }));
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: UserPool!.Id!, Username: "erin@example.com", GroupName: "admins" }));
    // Web sign-in's set-up: a prefix domain, a resource server (one scope described, one not), an OAuth client.
    const sdk = await import("@aws-sdk/client-cognito-identity-provider");
    await idp.send(new sdk.CreateUserPoolDomainCommand({ UserPoolId: UserPool!.Id!, Domain: `seeded-${a.accountId}` }));
    await idp.send(new sdk.CreateResourceServerCommand({ UserPoolId: UserPool!.Id!, Identifier: "https://api.example.test", Name: "api",
      Scopes: [{ ScopeName: "read", ScopeDescription: "Read the orders" }, { ScopeName: "write", ScopeDescription: "write" }] }));
    const spa = await idp.send(new sdk.CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "spa", ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid", "https://api.example.test/read"],
      CallbackURLs: ["http://localhost:3000/callback"], LogoutURLs: ["http://localhost:3000/"], SupportedIdentityProviders: ["COGNITO"] }));

    const out = await admin("GET", `seed?accountId=${a.accountId}`);
    assert.equal(out.status, 200);
    const seed = out.json.seed;
    assert.deepEqual(seed.iam.users, [{
      name: "seeded", path: "/team/", access_keys: [{ access_key_id: key.AccessKey!.AccessKeyId, secret_access_key: key.AccessKey!.SecretAccessKey }],
      policies: { p: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] } },
    }]);
    const pool = seed.cognito.user_pools[0];
    assert.equal(pool.id, UserPool!.Id, "a pool id not derived from its name is kept");
    assert.deepEqual(pool.settings, { UsernameConfiguration: { CaseSensitive: false }, AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } },
      "only what differs from CreateUserPool's defaults");
    assert.deepEqual(pool.clients.find((c: { name: string }) => c.name === "web"), { name: "web", id: client.UserPoolClient!.ClientId,
      explicit_auth_flows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], settings: { AccessTokenValidity: 5, PreventUserExistenceErrors: "ENABLED" } });
    assert.deepEqual(pool.clients.find((c: { name: string }) => c.name === "spa"), { name: "spa", id: spa.UserPoolClient!.ClientId, explicit_auth_flows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      allowed_oauth_flows: ["code"], allowed_oauth_scopes: ["openid", "https://api.example.test/read"], callback_urls: ["http://localhost:3000/callback"],
      logout_urls: ["http://localhost:3000/"], supported_identity_providers: ["COGNITO"] });
    assert.equal(pool.domain, `seeded-${a.accountId}`);
    assert.deepEqual(pool.resource_servers, [{ identifier: "https://api.example.test", name: "api", scopes: [{ name: "read", description: "Read the orders" }, "write"] }]);
    const user = pool.users[0];
    assert.equal(user.username, "erin@example.com");
    assert.equal(user.sub, made.User!.Username, "email pools name users by sub; the seed keeps it");
    assert.equal(user.password, undefined, "no password in clear");
    assert.match(user.password_verifier.salt, /^[0-9a-f]+$/);
    assert.deepEqual(user.groups, ["admins"]);
    assert.deepEqual(out.json.leftOut, []);

    const dir = mkdtempSync(join(tmpdir(), "aie-seed-"));
    try {
      const file = join(dir, "seed.json");
      writeFileSync(file, JSON.stringify(seed, null, 2));
      const other = await spawnEmulator({ args: ["--no-persist", "--account-id", a.accountId, "--seed", file] });
      try {
        const base = { endpoint: other.ready.endpoint, region: "us-east-1", credentials: { accessKeyId: a.accountId, secretAccessKey: "test" }, maxAttempts: 1 };
        const signIn = await new (await import("@aws-sdk/client-cognito-identity-provider")).CognitoIdentityProviderClient(base).send(new AdminInitiateAuthCommand({
          UserPoolId: UserPool!.Id!, ClientId: client.UserPoolClient!.ClientId!, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "erin@example.com", PASSWORD },
        }));
        const idToken = JSON.parse(Buffer.from(signIn.AuthenticationResult!.IdToken!.split(".")[1]!, "base64url").toString());
        assert.equal(idToken.sub, made.User!.Username);
        assert.deepEqual(idToken["cognito:groups"], ["admins"]);
        const again = await fetch(`${other.ready.endpoint}/_emulator/seed`).then((r) => r.json()) as { seed: unknown };
        assert.deepEqual(again.seed, seed, "the seed a seed makes is the same seed");
      } finally {
        await other.stop();
      }
      // A setting the seed has a field of its own for is refused in `settings`, with where it is.
      const bad = join(dir, "bad.json");
      writeFileSync(bad, JSON.stringify({ cognito: { user_pools: [{ name: "p", settings: { LambdaConfig: {} }, clients: [] }] } }));
      await assert.rejects(spawnEmulator({ args: ["--no-persist", "--seed", bad] }),
        /\$\.cognito\.user_pools\[0\]\.settings\.LambdaConfig has a seed field of its own: set it there/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists what a seed cannot hold", async () => {
    const a = (await admin("POST", "accounts")).json;
    const call = (operation: string, input: unknown) => admin("POST", "call", { service: "iam", operation, input, accountId: a.accountId });
    await call("CreateOpenIDConnectProvider", { Url: "https://issuer.example.com", ClientIDList: ["x"], ThumbprintList: ["a".repeat(40)] });
    await call("CreatePolicy", { PolicyName: "twice", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }) });
    await call("CreatePolicyVersion", { PolicyArn: `arn:aws:iam::${a.accountId}:policy/twice`, PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] }), SetAsDefault: true });
    const out = await admin("GET", `seed?accountId=${a.accountId}`);
    assert.deepEqual(out.json.leftOut, ["policy twice: only its default version (v2) of 2", "1 OpenID Connect provider"]);
    assert.deepEqual(out.json.seed.iam.policies[0].document.Statement[0].Effect, "Deny");
  });

  it("writes a pool's triggers as lambda_config, and lists SMS and email MFA, identity providers and linked identities as left out", async () => {
    const a = (await admin("POST", "accounts")).json;
    const call = (operation: string, input: unknown) => admin("POST", "call", { service: "cognito-idp", operation, input, accountId: a.accountId });
    const triggers = { PostConfirmation: "arn:aws:lambda:us-east-1:000000000000:function:welcome", PreTokenGenerationConfig: { LambdaArn: "arn:aws:lambda:us-east-1:000000000000:function:claims", LambdaVersion: "V2_0" } };
    const pool = (await call("CreateUserPool", { PoolName: "with-triggers", LambdaConfig: triggers })).json.output.UserPool;
    const mfa = await call("SetUserPoolMfaConfig", { UserPoolId: pool.Id, MfaConfiguration: "OPTIONAL",
      SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: "arn:aws:iam::000000000000:role/sns" } }, SoftwareTokenMfaConfiguration: { Enabled: true } });
    assert.equal(mfa.status, 200, mfa.text);
    const idp = "https://idp.example.test";
    const made = [await call("CreateIdentityProvider", { UserPoolId: pool.Id, ProviderName: "Corp", ProviderType: "OIDC",
      ProviderDetails: { client_id: "app", client_secret: "s", authorize_scopes: "openid", oidc_issuer: idp, attributes_request_method: "GET",
        authorize_url: `${idp}/authorize`, token_url: `${idp}/token`, attributes_url: `${idp}/userinfo`, jwks_uri: `${idp}/jwks` } }),
    await call("AdminCreateUser", { UserPoolId: pool.Id, Username: "linked", MessageAction: "SUPPRESS" }),
    await call("AdminLinkProviderForUser", { UserPoolId: pool.Id, DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "linked" },
      SourceUser: { ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "idp-sub-1" } })];
    for (const m of made) assert.equal(m.status, 200, m.text);
    const out = await admin("GET", `seed?accountId=${a.accountId}`);
    const seeded = out.json.seed.cognito.user_pools[0];
    assert.deepEqual(seeded.lambda_config, { ...triggers, PreTokenGeneration: triggers.PreTokenGenerationConfig.LambdaArn });
    assert.deepEqual(out.json.leftOut, ["pool with-triggers: 1 identity provider", "pool with-triggers: 1 external identity linked to a user",
      "pool with-triggers: its SMS and email MFA configuration"]);
  });
});

describe("--import-state and --export-state", () => {
  it("writes the state when stopped, and a new process started from the file has it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-state-"));
    try {
      const file = join(dir, "state.json");
      const first = await spawnEmulator({ args: ["--no-persist", "--export-state", file] });
      const iam = new IAMClient({ endpoint: first.ready.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      await iam.send(new CreateUserCommand({ UserName: "persisted-by-file" }));
      const exported = await fetch(`${first.ready.endpoint}/_emulator/state`).then((r) => r.text());
      assert.equal(await first.stop(), 0);
      sameText(readFileSync(file, "utf8"), JSON.stringify(JSON.parse(exported), null, 2) + "\n", "the file is the endpoint's export, indented");

      const second = await spawnEmulator({ args: ["--no-persist", "--import-state", file] });
      try {
        const again = await fetch(`${second.ready.endpoint}/_emulator/state`).then((r) => r.text());
        sameText(again, exported, "state imported at start-up");
      } finally {
        await second.stop();
      }
      writeFileSync(file, JSON.stringify({ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "bad name": [] } }));
      await assert.rejects(spawnEmulator({ args: ["--no-persist", "--import-state", file] }),
        (e: Error) => e.message.includes(`State file ${file}: $.tables[\\"bad name\\"]: \\"bad name\\" is not a table name`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
