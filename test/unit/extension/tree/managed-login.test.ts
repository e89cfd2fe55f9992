import { it } from "node:test";
import assert from "node:assert/strict";
import { loginClients, managedLoginUrl, oauthUrlItems } from "../../../../src/extension/tree/managed-login.js";
import { removeActionOf } from "../../../../src/extension/tree/node-actions.js";
import type { PoolClientEntry, PoolDomainEntry } from "../../../../src/extension/tree/resource-snapshot.js";

const base = "http://localhost:4566/_cognito/shop.auth.us-east-1.amazoncognito.com";
const domain: PoolDomainEntry = { domain: "shop", baseUrl: base, custom: false, managedLoginVersion: 1, urls: {
  issuer: "http://localhost:4566/us-east-1_Abc123", discovery: "http://localhost:4566/us-east-1_Abc123/.well-known/openid-configuration",
  jwks: "http://localhost:4566/us-east-1_Abc123/.well-known/jwks.json", authorize: `${base}/oauth2/authorize`, token: `${base}/oauth2/token`,
  userInfo: `${base}/oauth2/userInfo`, revoke: `${base}/oauth2/revoke`, logout: `${base}/logout`, login: `${base}/login` } };
const client = (id: string, flows: string[], callbackUrls = ["http://localhost:3000/cb"]): PoolClientEntry => ({
  id, name: id, hasSecret: false, createDate: "2026-11-29T09:00:00.000Z", authFlows: [],
  oauth: { flows, scopes: ["openid", "email"], callbackUrls, logoutUrls: [], identityProviders: ["COGNITO"] },
});

it("offers the clients that sign users in at the managed login: code or implicit, with a callback URL", () => {
  const plain: PoolClientEntry = { id: "api", name: "api", hasSecret: false, createDate: "", authFlows: [] };
  const chosen = loginClients([client("web", ["code"]), client("m2m", ["client_credentials"]), client("nowhere", ["code"], []), plain, client("spa", ["implicit"])]);
  assert.deepEqual(chosen.map((c) => c.id), ["web", "spa"]);
});

it("opens the login page with the client's first callback URL and its scopes", () => {
  assert.equal(managedLoginUrl(domain, client("web", ["code", "implicit"])),
    `${base}/login?client_id=web&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=openid+email`);
  assert.match(managedLoginUrl(domain, client("spa", ["implicit"])), /response_type=token/);
});

it("names every OAuth URL of the pool for copying", () => {
  assert.deepEqual(oauthUrlItems(domain).map((i) => i.label), [
    "Issuer", "OpenID configuration (discovery)", "JWKS", "Authorize endpoint", "Token endpoint", "UserInfo endpoint", "Revoke endpoint", "Logout endpoint", "Domain base URL",
  ]);
  assert.equal(oauthUrlItems(domain).find((i) => i.label === "Token endpoint")!.url, `${base}/oauth2/token`);
});

it("deletes a domain, a resource server and an identity provider in the pool's region", () => {
  const where = { poolId: "eu-west-1_Abc123", region: "eu-west-1" };
  assert.deepEqual(removeActionOf({ type: "poolDomain", ...where, domain: "shop", baseUrl: base })!.call,
    { service: "cognito-idp", operation: "DeleteUserPoolDomain", input: { UserPoolId: "eu-west-1_Abc123", Domain: "shop" }, region: "eu-west-1" });
  assert.deepEqual(removeActionOf({ type: "resourceServer", ...where, identifier: "https://api", name: "api" })!.call.input, { UserPoolId: "eu-west-1_Abc123", Identifier: "https://api" });
  assert.deepEqual(removeActionOf({ type: "poolIdentityProvider", ...where, name: "Corp", providerType: "OIDC" })!.call.operation, "DeleteIdentityProvider");
});
