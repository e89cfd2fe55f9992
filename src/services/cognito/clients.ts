// App clients: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient,
// ListUserPoolClients; and the checks every sign-in makes against a client (flows, SECRET_HASH).
import { createHmac } from "node:crypto";
import { sameSecret } from "../../constant-time.js";
import { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { cognitoErrors } from "./errors.js";
import { newClientId, newClientSecret } from "./ids.js";
import { pageOf } from "./pagination.js";
import { requirePool } from "./pools.js";
import { customScopesOf } from "./resource-servers.js";
import { cognitoIndexes, cognitoTables, key, type ClientRecord, type PoolRecord } from "./records.js";

/** What CreateUserPoolClient stores for the settings it is not given. */
export const CLIENT_DEFAULTS: Readonly<Record<string, unknown>> = {
  RefreshTokenValidity: 30, AccessTokenValidity: 60, IdTokenValidity: 60,
  TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
  ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH"],
  AllowedOAuthFlowsUserPoolClient: false,
  PreventUserExistenceErrors: "LEGACY",
  EnableTokenRevocation: true,
  EnablePropagateAdditionalUserContextData: false,
  AuthSessionValidity: 3,
};
const SETTINGS = ["RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes", "WriteAttributes",
  "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes",
  "AllowedOAuthFlowsUserPoolClient", "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
  "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation"] as const;
const LEGACY_FLOWS = new Set(["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"]);

type ClientInput = Record<string, unknown> & { UserPoolId: string; ClientName?: string; GenerateSecret?: boolean; ClientSecret?: string; ExplicitAuthFlows?: string[] };

export const STANDARD_SCOPES = new Set(["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]);

/** A callback or sign-out URL as AWS accepts it: absolute, no fragment, HTTPS (or HTTP for localhost only),
 * or an app's own scheme such as myapp://callback. */
export function checkRedirectUrl(member: string, url: string): void {
  let parsed: URL;
  try { parsed = new URL(url); } catch { throw cognitoErrors.invalidParameter(`${member} ${url} is not an absolute URL.`); }
  if (parsed.hash || url.includes("#")) throw cognitoErrors.invalidParameter(`${member} ${url} must not include a fragment.`);
  if (parsed.protocol === "http:" && parsed.hostname !== "localhost") {
    throw cognitoErrors.invalidParameter(`${member} ${url} must use HTTPS: HTTP is allowed only for http://localhost, for testing.`);
  }
}

/** The OAuth 2.0 settings of an app client, checked as AWS checks them. */
function checkOAuthSettings(store: AccountStore, pool: PoolRecord, settings: Record<string, unknown>, hasSecret: boolean): void {
  const flows = (settings.AllowedOAuthFlows as string[] | undefined) ?? [];
  const scopes = (settings.AllowedOAuthScopes as string[] | undefined) ?? [];
  const callbacks = (settings.CallbackURLs as string[] | undefined) ?? [];
  if (flows.includes("client_credentials")) {
    if (flows.length > 1) throw cognitoErrors.invalidOAuthFlow("client_credentials flow can not be selected along with code flow or implicit flow.");
    if (!hasSecret) throw cognitoErrors.invalidOAuthFlow("client_credentials flow can not be selected if client does not have a client secret.");
    const standard = scopes.find((s) => STANDARD_SCOPES.has(s));
    if (standard) throw cognitoErrors.invalidOAuthFlow(`${standard} is not supported with client_credentials flow`);
  }
  const custom = customScopesOf(store, pool.Id);
  const unknown = scopes.find((s) => !STANDARD_SCOPES.has(s) && !custom.has(s));
  if (unknown) throw cognitoErrors.scopeDoesNotExist(`Invalid scope requested: ${unknown}`);
  if (settings.AllowedOAuthFlowsUserPoolClient === true) {
    if (!flows.length) throw cognitoErrors.invalidOAuthFlow("AllowedOAuthFlows must not be empty when AllowedOAuthFlowsUserPoolClient is true.");
    if (!scopes.length) throw cognitoErrors.invalidOAuthFlow("AllowedOAuthScopes must not be empty when AllowedOAuthFlowsUserPoolClient is true.");
    if (flows.some((f) => f !== "client_credentials") && !callbacks.length) {
      throw cognitoErrors.invalidParameter("CallbackURLs must not be empty when the code or implicit flow is allowed.");
    }
  }
  for (const url of callbacks) checkRedirectUrl("CallbackURLs", url);
  for (const url of (settings.LogoutURLs as string[] | undefined) ?? []) checkRedirectUrl("LogoutURLs", url);
  const fallback = settings.DefaultRedirectURI as string | undefined;
  if (fallback !== undefined && !callbacks.includes(fallback)) throw cognitoErrors.invalidParameter("DefaultRedirectURI must be one of the CallbackURLs.");
  for (const name of (settings.SupportedIdentityProviders as string[] | undefined) ?? []) {
    if (name !== "COGNITO" && !cognitoTables.identityProviders(store).has(key(pool.Id, name))) {
      throw cognitoErrors.invalidParameter(`The provider ${name} does not exist for User Pool ${pool.Id}`);
    }
  }
}

function settingsOf(store: AccountStore, pool: PoolRecord, input: Record<string, unknown>, hasSecret: boolean): Record<string, unknown> {
  const flows = input.ExplicitAuthFlows as string[] | undefined;
  if (flows?.length) {
    const legacy = flows.filter((f) => LEGACY_FLOWS.has(f));
    if (legacy.length && legacy.length !== flows.length) throw cognitoErrors.invalidParameter("ExplicitAuthFlows can't have both ALLOW_XXX and XXX values");
    if (!legacy.length && !flows.includes("ALLOW_REFRESH_TOKEN_AUTH")) throw cognitoErrors.invalidParameter("REFRESH_TOKEN_AUTH should always be allowed.");
  }
  const out: Record<string, unknown> = { ...CLIENT_DEFAULTS };
  for (const name of SETTINGS) if (input[name] !== undefined) out[name] = input[name];
  if (input.TokenValidityUnits) out.TokenValidityUnits = { ...(CLIENT_DEFAULTS.TokenValidityUnits as object), ...(input.TokenValidityUnits as object) };
  checkOAuthSettings(store, pool, out, hasSecret);
  return out;
}

export function clientShape(client: ClientRecord): Record<string, unknown> {
  return { ...client.settings, UserPoolId: client.UserPoolId, ClientName: client.ClientName, ClientId: client.ClientId, ClientSecret: client.ClientSecret,
    CreationDate: client.CreationDate, LastModifiedDate: client.LastModifiedDate };
}

export function requireClient(store: AccountStore, poolId: string, clientId: string): ClientRecord {
  const client = cognitoTables.clients(store).get(key(poolId, clientId));
  if (!client) throw cognitoErrors.clientNotFound(clientId);
  return client;
}

/** The store of the client's own account and region (client ids are global), with its pool and client. */
export function locateClient(store: AccountStore, clientId: string): { store: AccountStore; pool: PoolRecord; client: ClientRecord } {
  const at = cognitoIndexes.clients(store).get(clientId);
  if (!at) throw cognitoErrors.clientNotFound(clientId);
  const home = at.accountId === store.accountId && at.region === store.region ? store : new AccountStore(at.accountId, at.region, store.tx);
  return { store: home, pool: requirePool(home, at.poolId), client: requireClient(home, at.poolId, clientId) };
}

/** The store of the pool's own account and region, for requests that carry only a token or session. */
export function locatePool(store: AccountStore, poolId: string): { store: AccountStore; pool: PoolRecord } | undefined {
  const at = cognitoIndexes.pools(store).get(poolId);
  if (!at) return undefined;
  const home = at.accountId === store.accountId && at.region === store.region ? store : new AccountStore(at.accountId, at.region, store.tx);
  const pool = cognitoTables.pools(home).get(poolId);
  return pool ? { store: home, pool } : undefined;
}

export type AuthFlow = "USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" | "USER_SRP_AUTH" | "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" | "CUSTOM_AUTH" | "USER_AUTH";

/** Whether the client's ExplicitAuthFlows (new ALLOW_* names or the legacy ones) let `flow` through. */
export function flowAllowed(client: ClientRecord, flow: AuthFlow): boolean {
  const flows = (client.settings.ExplicitAuthFlows as string[] | undefined) ?? [];
  const legacy = flows.length === 0 || flows.some((f) => LEGACY_FLOWS.has(f));
  switch (flow) {
    case "USER_PASSWORD_AUTH": return flows.includes("ALLOW_USER_PASSWORD_AUTH") || flows.includes("USER_PASSWORD_AUTH");
    case "ADMIN_USER_PASSWORD_AUTH": case "ADMIN_NO_SRP_AUTH": return flows.includes("ALLOW_ADMIN_USER_PASSWORD_AUTH") || flows.includes("ADMIN_NO_SRP_AUTH");
    case "USER_SRP_AUTH": return flows.includes("ALLOW_USER_SRP_AUTH") || (legacy && !flows.includes("CUSTOM_AUTH_FLOW_ONLY"));
    case "REFRESH_TOKEN_AUTH": case "REFRESH_TOKEN": return legacy || flows.includes("ALLOW_REFRESH_TOKEN_AUTH");
    case "CUSTOM_AUTH": return flows.includes("ALLOW_CUSTOM_AUTH") || flows.includes("CUSTOM_AUTH_FLOW_ONLY");
    case "USER_AUTH": return flows.includes("ALLOW_USER_AUTH");
  }
}

export function requireFlow(client: ClientRecord, flow: AuthFlow): void {
  if (!flowAllowed(client, flow)) throw cognitoErrors.invalidParameter(`${flow} flow not enabled for this client`);
}

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)); required when the client has a secret. */
export function secretHash(client: ClientRecord, username: string): string {
  return createHmac("sha256", client.ClientSecret ?? "").update(username + client.ClientId).digest("base64");
}

export function checkSecretHash(client: ClientRecord, given: string | undefined, ...usernames: (string | undefined)[]): void {
  if (!client.ClientSecret) return;
  if (given) {
    for (const name of usernames) if (name !== undefined && sameSecret(given, secretHash(client, name))) return;
  }
  throw cognitoErrors.secretHash(client.ClientId);
}

/** Seconds a token lives, from the client's validity and its unit. */
export function tokenSeconds(client: ClientRecord, token: "AccessToken" | "IdToken" | "RefreshToken"): number {
  const amount = client.settings[`${token}Validity`] as number;
  const unit = (client.settings.TokenValidityUnits as Record<string, string>)[token];
  const per = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit ?? (token === "RefreshToken" ? "days" : "minutes")] ?? 60;
  return amount * per;
}

export const CreateUserPoolClient: Operation<ClientInput & { ClientName: string }, { UserPoolClient: Record<string, unknown> }> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const now = clock.now().toISOString();
  const secret = input.ClientSecret ?? (input.GenerateSecret ? newClientSecret() : undefined);
  const client: ClientRecord = {
    UserPoolId: pool.Id, ClientId: newClientId(), ClientName: input.ClientName, ClientSecret: secret,
    CreationDate: now, LastModifiedDate: now, settings: settingsOf(store, pool, input, secret !== undefined),
  };
  cognitoTables.clients(store).put(key(pool.Id, client.ClientId), client);
  cognitoIndexes.clients(store).put(client.ClientId, { accountId: store.accountId, region: store.region, poolId: pool.Id });
  return { UserPoolClient: clientShape(client) };
};

export const DescribeUserPoolClient: Operation<{ UserPoolId: string; ClientId: string }, { UserPoolClient: Record<string, unknown> }> = ({ input, store }) => {
  requirePool(store, input.UserPoolId);
  return { UserPoolClient: clientShape(requireClient(store, input.UserPoolId, input.ClientId)) };
};

export const UpdateUserPoolClient: Operation<ClientInput & { ClientId: string }, { UserPoolClient: Record<string, unknown> }> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const client = requireClient(store, input.UserPoolId, input.ClientId);
  // As AWS: members left out return to their defaults.
  const settings = settingsOf(store, pool, input, client.ClientSecret !== undefined);
  const next: ClientRecord = { ...client, ClientName: input.ClientName ?? client.ClientName, settings, LastModifiedDate: clock.now().toISOString() };
  cognitoTables.clients(store).put(key(client.UserPoolId, client.ClientId), next);
  return { UserPoolClient: clientShape(next) };
};

export const DeleteUserPoolClient: Operation<{ UserPoolId: string; ClientId: string }, Record<string, never>> = ({ input, store }) => {
  requirePool(store, input.UserPoolId);
  const client = requireClient(store, input.UserPoolId, input.ClientId);
  cognitoTables.clients(store).delete(key(client.UserPoolId, client.ClientId));
  cognitoIndexes.clients(store).delete(client.ClientId);
  return {};
};

export const ListUserPoolClients: Operation<{ UserPoolId: string; MaxResults?: number; NextToken?: string }, { UserPoolClients: unknown[]; NextToken?: string }> = ({ input, store }) => {
  requirePool(store, input.UserPoolId);
  const page = pageOf(cognitoTables.clients(store), key(input.UserPoolId, ""), input.NextToken, input.MaxResults ?? 60, () => true,
    (c) => ({ ClientId: c.ClientId, UserPoolId: c.UserPoolId, ClientName: c.ClientName }));
  return { UserPoolClients: page.items, NextToken: page.next };
};

export const operations = { CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, DeleteUserPoolClient, ListUserPoolClients };
