// A seed file with a pool, client, groups and users; and Cognito state (keys, users, sessions) surviving
// a restart: the same JWKS, refresh tokens that still work, SRP verifiers that still verify.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AdminGetUserCommand, CognitoIdentityProviderClient, DescribeUserPoolClientCommand, DescribeUserPoolDomainCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { spawnEmulator, type EmulatorProcess } from "../../support/emulator.js";
import { claims } from "./cognito-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "aie-cognito-seed-"));
const seedFile = join(dir, "seed.json");
const dataDir = join(dir, "data");
writeFileSync(seedFile, JSON.stringify({
  cognito: {
    user_pools: [{
      name: "shop", id: "us-east-1_ShopPool1", username_attributes: ["email"], auto_verified_attributes: ["email"],
      password_policy: { minimum_length: 10, require_symbols: false }, custom_attributes: [{ name: "plan" }],
      domain: "shop-seeded", resource_servers: [{ identifier: "orders", name: "Orders", scopes: ["read"] }],
      clients: [{ name: "web", id: "webclient0000000000000000a" }, { name: "backend", generate_secret: true },
        { name: "spa", id: "spaclient00000000000000000", allowed_oauth_flows: ["code"], allowed_oauth_scopes: ["openid", "orders/read"], callback_urls: ["http://localhost:3000/callback"] }],
      groups: [{ name: "admins", precedence: 1 }],
      users: [
        { username: "ada@example.com", password: "Seeded-Pass-1", attributes: { email_verified: "true", "custom:plan": "gold" }, groups: ["admins"] },
        { username: "bo@example.com", password: "Temporary-1", temporary: true },
      ],
    }],
  },
}));

after(() => rmSync(dir, { recursive: true, force: true }));

function client(emu: EmulatorProcess): CognitoIdentityProviderClient {
  const r = emu.ready;
  return new CognitoIdentityProviderClient({ endpoint: r.endpoint, region: r.region, credentials: { accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey }, maxAttempts: 1 });
}

function srpSignIn(endpoint: string, username: string, password: string): Promise<string> {
  const pool = new CognitoUserPool({ UserPoolId: "us-east-1_ShopPool1", ClientId: "webclient0000000000000000a", endpoint: `${endpoint}/` });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
    onSuccess: (s) => resolve(s.getIdToken().getJwtToken()), onFailure: reject,
  }));
}

describe("the cognito seed section and restarts", () => {
  let refreshToken = "";
  let kid = "";

  it("loads the pool with its ids, users (email as username), groups and attributes", async () => {
    const emu = await spawnEmulator({ dataDir, args: ["--seed", seedFile] });
    try {
      const c = client(emu);
      const ada = await c.send(new AdminGetUserCommand({ UserPoolId: "us-east-1_ShopPool1", Username: "ada@example.com" }));
      assert.equal(ada.UserStatus, "CONFIRMED");
      assert.equal(ada.UserAttributes!.find((a) => a.Name === "custom:plan")!.Value, "gold");
      const bo = await c.send(new AdminGetUserCommand({ UserPoolId: "us-east-1_ShopPool1", Username: "bo@example.com" }));
      assert.equal(bo.UserStatus, "FORCE_CHANGE_PASSWORD");
      const backend = await c.send(new DescribeUserPoolClientCommand({ UserPoolId: "us-east-1_ShopPool1", ClientId: "webclient0000000000000000a" }));
      assert.equal(backend.UserPoolClient!.ClientName, "web");
      const spa = await c.send(new DescribeUserPoolClientCommand({ UserPoolId: "us-east-1_ShopPool1", ClientId: "spaclient00000000000000000" }));
      assert.deepEqual([spa.UserPoolClient!.AllowedOAuthFlowsUserPoolClient, spa.UserPoolClient!.AllowedOAuthScopes, spa.UserPoolClient!.SupportedIdentityProviders],
        [true, ["openid", "orders/read"], ["COGNITO"]]);
      assert.equal((await c.send(new DescribeUserPoolDomainCommand({ Domain: "shop-seeded" }))).DomainDescription!.UserPoolId, "us-east-1_ShopPool1");
      const idToken = await srpSignIn(emu.ready.endpoint, "ada@example.com", "Seeded-Pass-1");
      assert.deepEqual(claims(idToken)["cognito:groups"], ["admins"]);
      const auth = await c.send(new InitiateAuthCommand({ ClientId: "webclient0000000000000000a", AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "ada@example.com", PASSWORD: "Seeded-Pass-1" } }));
      refreshToken = auth.AuthenticationResult!.RefreshToken!;
      kid = JSON.parse(Buffer.from(auth.AuthenticationResult!.IdToken!.split(".")[0]!, "base64url").toString()).kid;
    } finally {
      await emu.stop();
    }
  });

  it("after a restart (seed loaded again): same key, the refresh token and SRP still work", async () => {
    const emu = await spawnEmulator({ dataDir, args: ["--seed", seedFile] });
    try {
      const jwks = await (await fetch(`${emu.ready.endpoint}/us-east-1_ShopPool1/.well-known/jwks.json`)).json() as { keys: { kid: string }[] };
      assert.deepEqual(jwks.keys.map((k) => k.kid), [kid]);
      const refreshed = await client(emu).send(new InitiateAuthCommand({ ClientId: "webclient0000000000000000a", AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: refreshToken } }));
      assert.equal(claims(refreshed.AuthenticationResult!.IdToken!).email, "ada@example.com");
      assert.ok(await srpSignIn(emu.ready.endpoint, "ada@example.com", "Seeded-Pass-1"));
    } finally {
      await emu.stop();
    }
  });
});
