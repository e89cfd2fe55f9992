// The end of a successful sign-in at the domain (managed login or a federated provider): an authorization
// code for the code flow, or tokens in the fragment for the implicit flow, sent to the registered
// redirect_uri; and the domain's sign-in cookie, so the next /oauth2/authorize within an hour signs the
// user in without the login page, as Cognito's does.
import { randomUUID } from "node:crypto";
import type { Caller } from "../../../auth/caller.js";
import { AwsError } from "../../../protocol/errors.js";
import type { HttpAnswer, HttpRequest, HttpRouteContext } from "../../operation.js";
import { cognitoTables, key, type DomainRecord, type PoolRecord, type UserRecord } from "../records.js";
import { seal, unseal } from "../sealed.js";
import { oauthTokens, startSession } from "../tokens.js";
import type { DomainUrls } from "../urls.js";
import { redirectError, type AuthorizeRequest } from "./authorize-request.js";
import { cookie, redirect, withParams } from "./http.js";

export const SIGN_IN_COOKIE = "cognito";
const SIGN_IN_SECONDS = 3600;
const CODE_SECONDS = 300;

/** One request at one domain: the pool's own store (account and region), its domain and URLs. */
export interface DomainContext {
  readonly ctx: HttpRouteContext;
  readonly pool: PoolRecord;
  readonly domain: DomainRecord;
  readonly urls: DomainUrls;
  /** The path every cookie of this domain is scoped to (its base URL's path). */
  readonly cookiePath: string;
}

/** Who calls the user-pool operations the pages and endpoints run: nobody signed, as for InitiateAuth. */
export function anonymousCaller(d: DomainContext, req: HttpRequest): Caller {
  return { accountId: d.ctx.store.accountId, arn: "anonymous", userId: "anonymous", type: "anonymous", authenticated: false, sourceIp: req.sourceIp, secureTransport: false };
}

interface SignInCookie { u: string; s: string; t: number; e: number }

export function signInCookie(d: DomainContext, userKey: string, user: UserRecord, authTime: number): string {
  const payload: SignInCookie = { u: userKey, s: user.sub, t: authTime, e: d.ctx.clock.now().getTime() + SIGN_IN_SECONDS * 1000 };
  return cookie(SIGN_IN_COOKIE, seal(d.pool.sessionKey, payload), d.cookiePath, SIGN_IN_SECONDS);
}

/** The user the domain's sign-in cookie names, while it is live and the user still exists and is enabled. */
export function signedInByCookie(d: DomainContext, req: HttpRequest): { userKey: string; user: UserRecord; authTime: number } | undefined {
  const text = req.cookies[SIGN_IN_COOKIE];
  const payload = text ? unseal<SignInCookie>(d.pool.sessionKey, text) : undefined;
  if (!payload || payload.e <= d.ctx.clock.now().getTime()) return undefined;
  const user = cognitoTables.users(d.ctx.store).get(key(d.pool.Id, payload.u));
  if (!user || user.sub !== payload.s || !user.Enabled) return undefined;
  return { userKey: payload.u, user, authTime: payload.t };
}

/** Hands the app what it asked for: a single-use code (five minutes) or, for the implicit flow, tokens. */
export async function grant(d: DomainContext, request: AuthorizeRequest, userKey: string, user: UserRecord, authTime: number): Promise<HttpAnswer> {
  const { ctx, pool } = d;
  const cookies = [signInCookie(d, userKey, user, authTime)];
  if (request.responseType === "code") {
    const code = randomUUID();
    const codes = cognitoTables.authorizationCodes(ctx.store);
    const now = ctx.clock.now().getTime();
    // Codes nobody exchanged would pile up: sweep the expired ones now and then.
    codes.purgeExpired(now, 60_000, (c) => c.expiresAt <= now);
    codes.put(key(pool.Id, code), {
      poolId: pool.Id, clientId: request.client.ClientId, userKey, sub: user.sub, redirectUri: request.redirectUri, scopes: request.scopes,
      nonce: request.nonce, codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod, authTime,
      expiresAt: now + CODE_SECONDS * 1000,
    });
    return redirect(withParams(request.redirectUri, { code, state: request.state }), cookies);
  }
  const session = startSession(ctx, pool, request.client, user, { scopes: request.scopes, authTime });
  let tokens;
  try {
    tokens = await oauthTokens(ctx, pool, request.client, userKey, user, session, { nonce: request.nonce }, false);
  } catch (err) {
    // The pre token generation trigger refused: its message goes back to the app, as any sign-in error.
    if (err instanceof AwsError) return redirectError(request.redirectUri, request.responseType, "invalid_request", err.message, request.state);
    throw err;
  }
  return redirect(withParams(request.redirectUri, {
    id_token: tokens.IdToken, access_token: tokens.AccessToken, token_type: "Bearer", expires_in: String(tokens.ExpiresIn), state: request.state,
  }, "fragment"), cookies);
}
