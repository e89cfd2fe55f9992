// POST /oauth2/token (grants authorization_code with PKCE, refresh_token, client_credentials with
// aws_client_metadata for a V3_0 pre token generation function) and
// POST /oauth2/revoke. Clients authenticate with HTTP Basic or client_id/client_secret in the form; errors
// are `{"error": …}` with HTTP 400, in Cognito's words (invalid_request, invalid_client, invalid_grant,
// unauthorized_client, invalid_scope, unsupported_grant_type, unsupported_token_type).
import { createHash } from "node:crypto";
import { sameSecret } from "../../../constant-time.js";
import { AwsError } from "../../../protocol/errors.js";
import type { HttpAnswer, HttpRequest } from "../../operation.js";
import { flowAllowed, STANDARD_SCOPES } from "../clients.js";
import { cognitoTables, key, type ClientRecord } from "../records.js";
import { RevokeToken } from "../self-service.js";
import { clientCredentialsToken, oauthTokens, refresh, sessionOfRefreshToken, startSession } from "../tokens.js";
import { userKeyOf } from "../user-records.js";
import { anonymousCaller, type DomainContext } from "./grant.js";
import { basicCredentials, header, json, oauthError } from "./http.js";

const FORM = "application/x-www-form-urlencoded";

type Authenticated = { client: ClientRecord; withSecret: boolean } | { error: HttpAnswer };

/** The app client making the request: Basic credentials, or client_id (+ client_secret) in the form. */
function authenticateClient(d: DomainContext, req: HttpRequest): Authenticated {
  const basic = basicCredentials(req);
  if (basic === "malformed") return { error: oauthError("invalid_client") };
  const id = basic?.id ?? req.form.get("client_id");
  const secret = basic?.secret ?? req.form.get("client_secret") ?? undefined;
  if (!id) return { error: oauthError("invalid_client") };
  if (basic && req.form.get("client_id") !== null && req.form.get("client_id") !== basic.id) return { error: oauthError("invalid_client") };
  const client = cognitoTables.clients(d.ctx.store).get(key(d.pool.Id, id));
  if (!client) return { error: oauthError("invalid_client") };
  if (client.ClientSecret !== undefined) {
    if (secret === undefined || !sameSecret(secret, client.ClientSecret)) return { error: oauthError("invalid_client") };
    return { client, withSecret: true };
  }
  return { client, withSecret: false };
}

const allowedFlows = (client: ClientRecord): string[] =>
  client.settings.AllowedOAuthFlowsUserPoolClient === true ? (client.settings.AllowedOAuthFlows as string[] | undefined) ?? [] : [];

function tokenAnswer(tokens: { AccessToken: string; IdToken?: string; RefreshToken?: string; ExpiresIn: number }): HttpAnswer {
  return json(200, {
    ...(tokens.IdToken && { id_token: tokens.IdToken }), access_token: tokens.AccessToken, ...(tokens.RefreshToken && { refresh_token: tokens.RefreshToken }),
    expires_in: tokens.ExpiresIn, token_type: "Bearer",
  });
}

export async function tokenEndpoint(d: DomainContext, req: HttpRequest): Promise<HttpAnswer> {
  const type = (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== FORM) return oauthError("invalid_request", 400, `Content-Type must be ${FORM}.`);
  const grantType = req.form.get("grant_type");
  if (!grantType) return oauthError("invalid_request", 400, "grant_type is required.");
  if (!["authorization_code", "refresh_token", "client_credentials"].includes(grantType)) return oauthError("unsupported_grant_type");
  const auth = authenticateClient(d, req);
  if ("error" in auth) return auth.error;
  switch (grantType) {
    case "authorization_code": return authorizationCode(d, req, auth.client);
    case "refresh_token": return refreshToken(d, req, auth.client);
    default: return clientCredentials(d, req, auth.client, auth.withSecret);
  }
}

/** Tokens, or the pre token generation trigger's refusal in Cognito's words as an OAuth error. */
async function issued(tokens: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
  try {
    return await tokens();
  } catch (err) {
    if (err instanceof AwsError) return oauthError("invalid_request", 400, err.message);
    throw err;
  }
}

function pkceMatches(verifier: string, challenge: string, method: "S256" | "plain"): boolean {
  const derived = method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  return sameSecret(derived, challenge);
}

async function authorizationCode(d: DomainContext, req: HttpRequest, client: ClientRecord): Promise<HttpAnswer> {
  const { ctx, pool } = d;
  const code = req.form.get("code");
  const redirectUri = req.form.get("redirect_uri");
  if (!code || !redirectUri) return oauthError("invalid_request", 400, `${code ? "redirect_uri" : "code"} is required.`);
  if (!allowedFlows(client).includes("code")) return oauthError("unauthorized_client");
  const codes = cognitoTables.authorizationCodes(ctx.store);
  const record = codes.get(key(pool.Id, code));
  // A code is spent by its first use, right or wrong, so a stolen code cannot be tried twice.
  if (record) codes.delete(key(pool.Id, code));
  if (!record || record.clientId !== client.ClientId || record.expiresAt <= ctx.clock.now().getTime()) return oauthError("invalid_grant");
  if (record.redirectUri !== redirectUri) return oauthError("invalid_grant");
  if (record.codeChallenge) {
    const verifier = req.form.get("code_verifier");
    if (!verifier) return oauthError("invalid_request", 400, "code_verifier is required.");
    if (!pkceMatches(verifier, record.codeChallenge, record.codeChallengeMethod ?? "plain")) return oauthError("invalid_grant");
  }
  const user = cognitoTables.users(ctx.store).get(key(pool.Id, record.userKey));
  if (!user || user.sub !== record.sub || !user.Enabled) return oauthError("invalid_grant");
  const session = startSession(ctx, pool, client, user, { scopes: record.scopes, authTime: record.authTime });
  return issued(async () => tokenAnswer(await oauthTokens(ctx, pool, client, record.userKey, user, session, { nonce: record.nonce }, true)));
}

async function refreshToken(d: DomainContext, req: HttpRequest, client: ClientRecord): Promise<HttpAnswer> {
  const { ctx, pool } = d;
  const token = req.form.get("refresh_token");
  if (!token) return oauthError("invalid_request", 400, "refresh_token is required.");
  if (!flowAllowed(client, "REFRESH_TOKEN_AUTH")) return oauthError("unauthorized_client");
  let session;
  try {
    session = sessionOfRefreshToken(ctx.store, ctx.clock, pool, client, token);
  } catch (err) {
    if (err instanceof AwsError) return oauthError("invalid_grant");
    throw err;
  }
  const userKey = userKeyOf(pool, session.username);
  const user = cognitoTables.users(ctx.store).get(key(pool.Id, userKey));
  if (!user || user.sub !== session.sub || !user.Enabled) return oauthError("invalid_grant");
  return issued(async () => tokenAnswer(await refresh(ctx, pool, client, session, userKey, user)));
}

async function clientCredentials(d: DomainContext, req: HttpRequest, client: ClientRecord, withSecret: boolean): Promise<HttpAnswer> {
  if (!withSecret) return oauthError("invalid_client");
  if (!allowedFlows(client).includes("client_credentials")) return oauthError("unauthorized_client");
  const allowed = ((client.settings.AllowedOAuthScopes as string[] | undefined) ?? []).filter((s) => !STANDARD_SCOPES.has(s));
  const asked = req.form.get("scope")?.split(" ").filter(Boolean);
  if (asked?.some((s) => !allowed.includes(s))) return oauthError("invalid_scope");
  // Without a scope parameter, every custom scope the client allows.
  const scopes = asked?.length ? [...new Set(asked)] : allowed;
  const clientMetadata = clientMetadataOf(req.form.get("aws_client_metadata"));
  if (clientMetadata === "malformed") return oauthError("invalid_request", 400, "aws_client_metadata must be a JSON object of string values.");
  return issued(async () => tokenAnswer(await clientCredentialsToken(d.ctx, d.pool, client, scopes, clientMetadata)));
}

/** aws_client_metadata: what a V3_0 pre token generation function gets as clientMetadata (URL-encoded JSON). */
function clientMetadataOf(text: string | null): Record<string, string> | undefined | "malformed" {
  if (text === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) return "malformed";
    return parsed as Record<string, string>;
  } catch {
    return "malformed";
  }
}

/** POST /oauth2/revoke: the same revocation as the RevokeToken API, its errors in OAuth's words. */
export async function revokeEndpoint(d: DomainContext, req: HttpRequest): Promise<HttpAnswer> {
  const type = (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== FORM) return oauthError("invalid_request", 400, `Content-Type must be ${FORM}.`);
  const token = req.form.get("token");
  if (!token) return oauthError("invalid_request", 400, "token is required.");
  const basic = basicCredentials(req);
  if (basic === "malformed") return oauthError("invalid_client");
  const clientId = basic?.id ?? req.form.get("client_id");
  if (!clientId || !cognitoTables.clients(d.ctx.store).has(key(d.pool.Id, clientId))) return oauthError("invalid_client");
  try {
    await RevokeToken({
      ...d.ctx, caller: anonymousCaller(d, req),
      input: { Token: token, ClientId: clientId, ClientSecret: basic?.secret ?? req.form.get("client_secret") ?? undefined },
    });
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    if (err.code === "UnauthorizedException") return oauthError("invalid_client");
    if (err.code === "UnsupportedTokenTypeException") return oauthError("unsupported_token_type");
    return oauthError("invalid_request", 400, err.message);
  }
  return { status: 200, headers: { "cache-control": "no-store" }, body: "" };
}
