// Tokens as Cognito issues them: RS256 JWTs (id, access) signed with the pool's own key, and an opaque
// refresh token bound to a session row (revocation and sign-out delete the row). The same tokens for the
// API's sign-ins and the OAuth 2.0 endpoints (oauth/), which add the claims Cognito puts in OAuth tokens.
import { createHash, randomBytes, randomUUID, sign as signWithKey } from "node:crypto";
import { sameSecret } from "../../constant-time.js";
import { compactVerify, type JWTPayload } from "jose";
import type { AccountStore } from "../../store/store.js";
import type { Clock } from "../../clock.js";
import { locatePool, tokenSeconds } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { decodeUnverified, privateKeyOf, publicKeyOf } from "./signing-keys.js";
import { cognitoTables, key, type ClientRecord, type PoolRecord, type SessionRecord, type UserRecord } from "./records.js";
import type { TriggerContext } from "./triggers/run-trigger.js";
import { applyAccessChanges, applyClaimChanges, preTokenGeneration, preTokenGenerationForClient, type TokenSource } from "./triggers/token-triggers.js";
import { issuerOf } from "./urls.js";

/** The scope of tokens from the user-pool API (InitiateAuth): the user API, nothing else. */
export const API_SCOPE = "aws.cognito.signin.user.admin";

export interface IssueContext extends TriggerContext { readonly store: AccountStore; readonly clock: Clock; readonly origin: string }

/** Why tokens are being issued: the pre token generation trigger source, and what the trigger sees. */
export interface TokenRequest {
  /** Default: TokenGeneration_Authentication; TokenGeneration_HostedAuth for an OAuth grant; TokenGeneration_RefreshTokens for refresh. */
  readonly source?: TokenSource;
  /** From RespondToAuthChallenge, for the trigger. */
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** A new device (NewDeviceMetadata) the session may confirm with ConfirmDevice. */
  readonly pendingDevice?: SessionRecord["pendingDevice"];
}

export interface AuthenticationResult {
  AccessToken: string; ExpiresIn: number; TokenType: "Bearer"; RefreshToken?: string;
  /** Absent only for OAuth grants without the openid scope. */
  IdToken?: string;
}

function groupsOf(store: AccountStore, pool: PoolRecord, userKey: string): { names: string[]; roles: string[]; preferredRole?: string } {
  const groups = [...cognitoTables.userGroups(store).withPrefix(key(pool.Id, userKey, ""))]
    .map(([k]) => cognitoTables.groups(store).get(key(pool.Id, k.slice(k.lastIndexOf("\u0000") + 1))))
    .filter((g) => g !== undefined);
  const rank = (g: { Precedence?: number }) => g.Precedence ?? Infinity;
  const withRoles = groups.filter((g) => g.RoleArn).sort((a, b) => rank(a) - rank(b));
  // API_CreateGroup (Precedence): groups with the same precedence tie; when the top ones name different roles,
  // "the cognito:preferred_role claim isn't set in users' tokens".
  const top = withRoles.filter((g) => withRoles.length && rank(g) === rank(withRoles[0]!));
  const preferredRole = new Set(top.map((g) => g.RoleArn)).size === 1 ? top[0]!.RoleArn : undefined;
  return { names: groups.map((g) => g.GroupName), roles: [...new Set(withRoles.map((g) => g.RoleArn!))], preferredRole };
}

function attributeClaims(user: UserRecord, client: ClientRecord): Record<string, unknown> {
  const readable = client.settings.ReadAttributes as string[] | undefined;
  const out: Record<string, unknown> = {};
  for (const a of user.Attributes) {
    if (a.Name === "sub" || a.Value === undefined) continue;
    if (readable?.length && !readable.includes(a.Name)) continue;
    out[a.Name] = a.Name.endsWith("_verified") ? a.Value === "true" : a.Name === "identities" ? parsedIdentities(a.Value) : a.Value;
  }
  return out;
}

// A federated user's `identities` attribute is JSON text; tokens carry it as an array.
function parsedIdentities(value: string): unknown {
  try { return JSON.parse(value); } catch { return value; }
}

// Each pool's encoded JWS header, made once: it names only the pool's key.
const headers = new Map<string, string>();

/** An RS256 JWS: the pool's cached key object signs in libuv's thread pool, so the event loop is free meanwhile. */
async function sign(pool: PoolRecord, claims: JWTPayload): Promise<string> {
  const { kid } = pool.signingKey;
  let header = headers.get(kid);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify({ kid, alg: "RS256" })).toString("base64url");
    headers.set(kid, header);
  }
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  const signature = await new Promise<Buffer>((resolve, reject) => {
    signWithKey("sha256", Buffer.from(input), privateKeyOf(pool.signingKey), (err, sig) => (err ? reject(err) : resolve(sig)));
  });
  return `${input}.${signature.toString("base64url")}`;
}

/** What an OAuth 2.0 grant adds to a session's tokens: the nonce of the authorization request (ID token only). */
export interface OAuthClaims { readonly nonce?: string }

/** Id and access tokens for one session. OAuth sessions (with scopes) get OAuth's claims: `scope` as granted,
 * `version`, `at_hash`, `nonce`, and an ID token only when `openid` was granted. The pool's pre token
 * generation trigger shapes both, OAuth grants' included (source TokenGeneration_HostedAuth). */
async function tokensFor(ctx: IssueContext, pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord, session: SessionRecord,
  request: TokenRequest, oauth?: OAuthClaims): Promise<AuthenticationResult> {
  const groups = groupsOf(ctx.store, pool, userKey);
  const scopes = session.scopes;
  const custom = await preTokenGeneration(ctx, pool, request.source ?? (scopes ? "TokenGeneration_HostedAuth" : "TokenGeneration_Authentication"), {
    user, clientId: client.ClientId, scopes: scopes ?? [API_SCOPE], clientMetadata: request.clientMetadata,
    groupConfiguration: { groupsToOverride: groups.names, iamRolesToOverride: groups.roles, preferredRole: groups.preferredRole ?? null },
  });
  const names = custom?.groups ? custom.groups.groups : groups.names;
  const roles = custom?.groups ? custom.groups.roles : groups.roles;
  const preferredRole = custom?.groups ? custom.groups.preferredRole : groups.preferredRole;
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  const iss = issuerOf(ctx.origin, pool.Id);
  const eventId = randomUUID();
  const groupClaims = names.length ? { "cognito:groups": [...names] } : {};
  const roleClaims = roles.length ? { ...(preferredRole && { "cognito:preferred_role": preferredRole }), "cognito:roles": [...roles] } : {};
  const idSeconds = tokenSeconds(client, "IdToken");
  const accessSeconds = tokenSeconds(client, "AccessToken");
  // OAuth tokens carry `version` instead of the API's event_id, as Cognito's do.
  const flavour = scopes ? { version: 2 } : { event_id: eventId };
  const accessClaims: Record<string, unknown> = {
    sub: user.sub, ...groupClaims, iss, client_id: client.ClientId, origin_jti: session.originJti, ...flavour, token_use: "access",
    scope: scopes ? scopes.join(" ") : API_SCOPE, auth_time: session.authTime, exp: iat + accessSeconds, iat, jti: randomUUID(), username: user.Username,
  };
  if (custom) applyAccessChanges(accessClaims, custom.access);
  const accessToken = sign(pool, accessClaims);
  if (scopes && !scopes.includes("openid")) return { AccessToken: await accessToken, ExpiresIn: accessSeconds, TokenType: "Bearer" };
  // An OAuth ID token carries the access token's hash; the API's is signed beside the access token.
  const hashedAccessToken = scopes ? await accessToken : undefined;
  const idClaims: Record<string, unknown> = {
    ...(hashedAccessToken !== undefined && { at_hash: halfHash(hashedAccessToken) }),
    sub: user.sub, ...groupClaims, ...roleClaims, ...attributeClaims(user, client), iss, "cognito:username": user.Username,
    ...(oauth?.nonce !== undefined && { nonce: oauth.nonce }),
    origin_jti: session.originJti, aud: client.ClientId, ...(scopes ? {} : { event_id: eventId }), token_use: "id",
    auth_time: session.authTime, exp: iat + idSeconds, iat, jti: randomUUID(),
  };
  if (custom) applyClaimChanges(idClaims, custom.id);
  const [AccessToken, IdToken] = await Promise.all([accessToken, sign(pool, idClaims)]);
  return { AccessToken, ExpiresIn: accessSeconds, TokenType: "Bearer", IdToken };
}

/** OpenID Connect's at_hash: the left half of the access token's SHA-256, base64url. */
const halfHash = (token: string): string => createHash("sha256").update(token).digest().subarray(0, 16).toString("base64url");

// Refresh tokens look like Cognito's (five dot-separated parts, a JWE header) but carry only where
// their session row is and its secret: revoking deletes the row.
const REFRESH_HEADER = Buffer.from(JSON.stringify({ cty: "JWT", enc: "A256GCM", alg: "RSA-OAEP" })).toString("base64url");

function refreshTokenOf(session: SessionRecord): string {
  const where = Buffer.from(JSON.stringify({ p: session.poolId, s: session.sub, j: session.originJti })).toString("base64url");
  return [REFRESH_HEADER, where, randomBytes(12).toString("base64url"), session.secret, randomBytes(16).toString("base64url")].join(".");
}

interface RefreshParts { poolId: string; sub: string; originJti: string; secret: string }

export function parseRefreshToken(token: string): RefreshParts | undefined {
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== REFRESH_HEADER) return undefined;
  try {
    const where = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { p?: unknown; s?: unknown; j?: unknown };
    if (typeof where.p !== "string" || typeof where.s !== "string" || typeof where.j !== "string") return undefined;
    return { poolId: where.p, sub: where.s, originJti: where.j, secret: parts[3]! };
  } catch {
    return undefined;
  }
}

const SESSION_GRACE_MS = 86_400_000;

/** The session row a sign-in starts. OAuth grants pass their scopes and when the user signed in (the
 * managed login may have authenticated them earlier in the browser session than the code's exchange). */
export function startSession(ctx: Pick<IssueContext, "store" | "clock">, pool: PoolRecord, client: ClientRecord, user: UserRecord,
  oauth?: { scopes: readonly string[]; authTime: number }, pendingDevice?: SessionRecord["pendingDevice"]): SessionRecord {
  const now = ctx.clock.now().getTime();
  const session: SessionRecord = {
    poolId: pool.Id, sub: user.sub, originJti: randomUUID(), clientId: client.ClientId, username: user.Username,
    authTime: oauth?.authTime ?? Math.floor(now / 1000), secret: randomBytes(32).toString("base64url"),
    refreshExpiresAt: now + tokenSeconds(client, "RefreshToken") * 1000, ...(oauth && { scopes: [...oauth.scopes] }),
    ...(pendingDevice && { pendingDevice }),
  };
  const sessions = cognitoTables.sessions(ctx.store);
  // Sign-ins add a row each: purge sessions a day past their refresh token (the longest an access or ID token
  // issued from one can live), so GetUser still says "expired", not "revoked", for tokens of a recent one.
  sessions.purgeExpired(now, 60_000, (s) => s.refreshExpiresAt + SESSION_GRACE_MS <= now);
  sessions.put(key(pool.Id, user.sub, session.originJti), session);
  return session;
}

/** A new sign-in: a session row, then id, access and refresh tokens. */
export async function signIn(ctx: IssueContext, pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord, request: TokenRequest = {}): Promise<AuthenticationResult> {
  const session = startSession(ctx, pool, client, user, undefined, request.pendingDevice);
  const tokens = await tokensFor(ctx, pool, client, userKey, user, session, request);
  return { ...tokens, RefreshToken: refreshTokenOf(session) };
}

/** Tokens of an OAuth 2.0 grant for a session startSession made with scopes; `refresh` adds its refresh token. */
export async function oauthTokens(ctx: IssueContext, pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord, session: SessionRecord,
  claims: OAuthClaims, withRefresh: boolean): Promise<{ AccessToken: string; IdToken?: string; RefreshToken?: string; ExpiresIn: number }> {
  const tokens = await tokensFor(ctx, pool, client, userKey, user, session, {}, claims);
  return { ...tokens, ...(withRefresh && { RefreshToken: refreshTokenOf(session) }) };
}

/** client_credentials: an access token for the app client itself (sub = client id), custom scopes only, no session.
 * A V3_0 pre token generation function shapes it (TokenGeneration_ClientCredentials). */
export async function clientCredentialsToken(ctx: IssueContext, pool: PoolRecord, client: ClientRecord, scopes: readonly string[],
  clientMetadata?: Readonly<Record<string, string>>): Promise<{ AccessToken: string; ExpiresIn: number }> {
  const custom = await preTokenGenerationForClient(ctx, pool, { clientId: client.ClientId, scopes, clientMetadata });
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  const ExpiresIn = tokenSeconds(client, "AccessToken");
  const claims: Record<string, unknown> = {
    sub: client.ClientId, token_use: "access", scope: scopes.join(" "), auth_time: iat, iss: issuerOf(ctx.origin, pool.Id),
    exp: iat + ExpiresIn, iat, version: 2, jti: randomUUID(), client_id: client.ClientId,
  };
  if (custom) applyAccessChanges(claims, custom);
  return { AccessToken: await sign(pool, claims), ExpiresIn };
}

/** The session a refresh token names, checked against the client; refused when revoked or expired. */
export function sessionOfRefreshToken(store: AccountStore, clock: Clock, pool: PoolRecord, client: ClientRecord, token: string): SessionRecord {
  const parts = parseRefreshToken(token);
  if (!parts || parts.poolId !== pool.Id) throw cognitoErrors.invalidRefreshToken();
  const session = cognitoTables.sessions(store).get(key(pool.Id, parts.sub, parts.originJti));
  if (!session || !sameSecret(parts.secret, session.secret)) throw cognitoErrors.refreshTokenRevoked();
  if (session.clientId !== client.ClientId) throw cognitoErrors.invalidRefreshToken();
  if (session.refreshExpiresAt <= clock.now().getTime()) throw cognitoErrors.notAuthorized("Refresh Token has expired");
  return session;
}

/** REFRESH_TOKEN_AUTH: new id and access tokens for the same session (same origin_jti), no new refresh token.
 * A session an OAuth grant started keeps its scopes. */
export async function refresh(ctx: IssueContext, pool: PoolRecord, client: ClientRecord, session: SessionRecord, userKey: string, user: UserRecord, request: TokenRequest = {}): Promise<AuthenticationResult> {
  return tokensFor(ctx, pool, client, userKey, user, session, { source: "TokenGeneration_RefreshTokens", ...request });
}

export interface AccessTokenClaims { sub: string; username: string; client_id: string; origin_jti: string; token_use: string; exp: number; iss: string; scope?: string }

/**
 * A token one of this emulator's pools signed, checked in-process: its pool (found from `iss`, in the pool's
 * own account and region) and its claims once the signature verifies. Undefined for anything else; expiry,
 * token use and revocation are the caller's to judge.
 */
export async function poolTokenOf(store: AccountStore, token: string): Promise<{ store: AccountStore; pool: PoolRecord; claims: JWTPayload } | undefined> {
  const decoded = decodeUnverified(token);
  if (!decoded) return undefined;
  const { claims, kid } = decoded;
  const poolId = typeof claims.iss === "string" ? claims.iss.slice(claims.iss.lastIndexOf("/") + 1) : "";
  const home = locatePool(store, poolId);
  if (!home || kid !== home.pool.signingKey.kid) return undefined;
  try {
    await compactVerify(token, publicKeyOf(home.pool.signingKey), { algorithms: ["RS256"] });
  } catch {
    return undefined;
  }
  return { ...home, claims };
}

/** The live session (sign-in) a token's origin_jti names; undefined once revoked or signed out. */
export function sessionOfToken(store: AccountStore, pool: PoolRecord, claims: JWTPayload): SessionRecord | undefined {
  return typeof claims.sub === "string" && typeof claims.origin_jti === "string"
    ? cognitoTables.sessions(store).get(key(pool.Id, claims.sub, claims.origin_jti)) : undefined;
}

/** The pool, session and claims of a valid access token, in the pool's own account and region. */
export async function authenticateAccessToken(store: AccountStore, clock: Clock, token: string): Promise<{ store: AccountStore; pool: PoolRecord; session: SessionRecord; claims: AccessTokenClaims }> {
  const verified = await poolTokenOf(store, token);
  if (!verified || verified.claims.token_use !== "access") throw cognitoErrors.invalidAccessToken();
  const claims = verified.claims as unknown as AccessTokenClaims;
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= clock.now().getTime()) throw cognitoErrors.accessTokenExpired();
  const session = sessionOfToken(verified.store, verified.pool, verified.claims);
  if (!session) throw cognitoErrors.accessTokenRevoked();
  return { store: verified.store, pool: verified.pool, session, claims };
}

/** Ends every session of a user (GlobalSignOut, AdminUserGlobalSignOut, password resets). */
export function endAllSessions(store: AccountStore, poolId: string, sub: string): void {
  const sessions = cognitoTables.sessions(store);
  for (const [k] of [...sessions.withPrefix(key(poolId, sub, ""))]) sessions.delete(k);
}
