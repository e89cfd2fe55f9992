// A Logins map, verified against the identity pool's providers, key by key as apps send them:
//   cognito-idp.REGION.amazonaws.com/<userPoolId>   an ID token of one of the emulator's user pools (what SDK
//   <host:port>/<userPoolId>                         users write, and what Amplify v6 builds from the token's iss)
//   <issuer without scheme>                          an ID token of an OIDC provider in OpenIdConnectProviderARNs
//   arn:aws:iam::ACCOUNT:saml-provider/NAME          a base64 SAML response of a provider in SamlProviderARNs
//   cognito-identity.amazonaws.com                   the pool's own OpenID token (developer-authenticated identities)
// The emulator's own pools' tokens are verified in-process (signature, issuer, audience = a client the pool
// lists, expiry, and with ServerSideTokenCheck the sign-in still live); a bad token is NotAuthorizedException.
import { decodeJwt, type JWTPayload } from "jose";
import { AwsError } from "../../protocol/errors.js";
import type { AccountStore } from "../../store/store.js";
import type { PoolRecord } from "../cognito/records.js";
import { poolTokenOf, sessionOfToken } from "../cognito/tokens.js";
import { findUser } from "../cognito/user-records.js";
import { oidcProvidersOf } from "../iam/oidc-providers.js";
import type { OperationContext } from "../operation.js";
import { audiencesOf, checkOidcToken, providerAudience } from "../sts/oidc-tokens.js";
import { samlRolesFor, verifySamlResponse } from "../sts/saml.js";
import { identityErrors } from "./errors.js";
import { checkOpenIdToken, OPENID_PROVIDER } from "./open-id-tokens.js";
import { oidcProviderName, type IdentityPoolRecord } from "./records.js";

/** One login that checked out. */
export interface VerifiedLogin {
  /** Which kind of provider vouched: the emulator's user pool, an OIDC or SAML provider, or the pool's own OpenID token. */
  readonly kind: "userPool" | "oidc" | "saml" | "openIdToken";
  /** The provider as the pool names it (its ProviderName, OIDC provider id or SAML ARN): identities are linked by it. */
  readonly provider: string;
  /** The user at that provider: sub, SAML NameID or, for the pool's own OpenID token, the identity it names. */
  readonly userId: string;
  /** What role rules and principal tags read: the token's claims, or a SAML response's attributes. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The RoleMappings key that applies: "<ProviderName>:<client id>" for user pools, else the provider. */
  readonly roleMappingKey: string;
  /** The amr entries this login adds to the identity's OpenID token. */
  readonly amr: readonly string[];
  /** Roles the token offers (cognito:roles, a SAML Role attribute), with the one it prefers. */
  readonly tokenRoles?: { readonly roles: readonly string[]; readonly preferred?: string };
}

const USER_POOL_KEY = /^(?:cognito-idp\.([a-z0-9-]+)\.amazonaws\.com|([^/\s]+))\/(([a-z0-9-]+)_[0-9a-zA-Z]+)$/;

/** Every login in `logins`, verified; throws on the first that does not check out. */
export async function verifyLogins(ctx: OperationContext<unknown>, pool: IdentityPoolRecord, logins: Readonly<Record<string, string>>): Promise<VerifiedLogin[]> {
  const out: VerifiedLogin[] = [];
  for (const [name, token] of Object.entries(logins)) out.push(await verifyLogin(ctx, pool, name, token));
  return out;
}

async function verifyLogin(ctx: OperationContext<unknown>, pool: IdentityPoolRecord, name: string, token: string): Promise<VerifiedLogin> {
  if (name === OPENID_PROVIDER) return openIdTokenLogin(ctx, pool, token);
  const oidcArn = pool.OpenIdConnectProviderARNs?.find((arn) => oidcProviderName(arn) === name);
  if (oidcArn) return oidcLogin(ctx, name, oidcArn, token);
  if (pool.SamlProviderARNs?.includes(name)) return samlLogin(ctx, name, token);
  const userPool = USER_POOL_KEY.exec(name);
  if (userPool) return userPoolLogin(ctx, pool, name, userPool, token);
  if (pool.SupportedLoginProviders?.[name] !== undefined) {
    // Facebook, Google, Amazon, Apple and Twitter tokens can only be checked by asking them: not from here.
    ctx.log.info(`${ctx.requestId} ${name} tokens cannot be verified by AWS Identity Emulator; use an OIDC provider registered in IAM ` +
      "(OpenIdConnectProviderARNs) or one of the emulator's user pools");
    throw identityErrors.invalidLogin("Couldn't verify signed token.");
  }
  throw identityErrors.unsupportedProvider();
}

function expired(now: Date, exp: unknown): AwsError {
  return identityErrors.invalidLogin(`Token expired: ${Math.floor(now.getTime() / 1000)} >= ${String(exp)}`);
}

/** An ID token of one of the emulator's user pools, checked in-process. */
async function userPoolLogin(ctx: OperationContext<unknown>, pool: IdentityPoolRecord, name: string, key: RegExpExecArray, token: string): Promise<VerifiedLogin> {
  const [, idpRegion, host, userPoolId, poolRegion] = key;
  const configured = (pool.CognitoIdentityProviders ?? []).filter((p) => p.ProviderName.endsWith(`/${userPoolId}`));
  if (!configured.length || (idpRegion !== undefined && idpRegion !== poolRegion)) throw identityErrors.unsupportedProvider();
  const verified = await poolTokenOf(ctx.store, token);
  if (!verified) throw identityErrors.invalidLogin("Couldn't verify signed token.");
  const { claims } = verified;
  const iss = String(claims.iss);
  // The key names the pool the token must come from; Amplify's form is the issuer itself without its scheme.
  if (verified.pool.Id !== userPoolId || (host !== undefined && iss.replace(/^[a-z]+:\/\//i, "") !== name)) {
    throw identityErrors.invalidLogin("Issuer doesn't match providerName");
  }
  if (claims.aud === undefined) throw identityErrors.invalidLogin("Missing a required claim: aud");
  const now = ctx.clock.now();
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= now.getTime()) throw expired(now, claims.exp);
  const provider = configured.find((p) => p.ClientId === claims.aud);
  if (!provider) throw identityErrors.unsupportedProvider();
  if (provider.ServerSideTokenCheck) checkStillSignedIn(verified.store, verified.pool, claims);
  const sub = String(claims.sub);
  const roles = Array.isArray(claims["cognito:roles"]) ? (claims["cognito:roles"] as unknown[]).map(String) : [];
  const preferred = typeof claims["cognito:preferred_role"] === "string" ? claims["cognito:preferred_role"] : undefined;
  return {
    kind: "userPool", provider: provider.ProviderName, userId: sub, claims, roleMappingKey: `${provider.ProviderName}:${provider.ClientId}`,
    amr: [provider.ProviderName, `${provider.ProviderName}:CognitoSignIn:${sub}`], tokenRoles: { roles, preferred },
  };
}

/** ServerSideTokenCheck: the user still exists, is enabled, and has not been signed out since the token was issued. */
function checkStillSignedIn(store: AccountStore, userPool: PoolRecord, claims: JWTPayload): void {
  const user = findUser(store, userPool, String(claims.sub))?.user;
  if (!user || !user.Enabled) throw identityErrors.notAuthorized("User does not exist or is disabled.");
  if (!sessionOfToken(store, userPool, claims)) throw identityErrors.invalidLogin("Token has been revoked.");
}

/** An ID token of an OIDC provider the pool lists, checked as STS checks it. */
async function oidcLogin(ctx: OperationContext<unknown>, name: string, arn: string, token: string): Promise<VerifiedLogin> {
  let unverified: JWTPayload;
  try { unverified = decodeJwt(token); } catch { throw identityErrors.invalidLogin("Couldn't verify signed token."); }
  const provider = oidcProvidersOf(ctx.store.forAccount(arn.split(":")[4]!)).get(arn);
  if (!provider) throw identityErrors.invalidConfiguration();
  if (typeof unverified.iss !== "string" || unverified.iss.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "") !== name) {
    throw identityErrors.invalidLogin("Issuer doesn't match providerName");
  }
  if (!audiencesOf(unverified).length) throw identityErrors.invalidLogin("Missing a required claim: aud");
  if (providerAudience(unverified, provider) === undefined) throw identityErrors.invalidLogin("Incorrect token audience.");
  const now = ctx.clock.now();
  const check = await checkOidcToken({ outbound: ctx.outbound, now, log: ctx.log, requestId: ctx.requestId }, token, unverified.iss, provider, unverified);
  if (!check.ok) {
    if (check.problem === "expired") throw expired(now, check.exp);
    ctx.log.info(`${ctx.requestId} ${name}: ${check.message}`);
    throw identityErrors.invalidLogin("Couldn't verify signed token.");
  }
  const sub = String(check.claims.sub ?? "");
  return { kind: "oidc", provider: name, userId: sub, claims: check.claims, roleMappingKey: name, amr: [name, `${name}:${sub}`] };
}

/** A SAML response of a provider the pool lists: its roles are the Role attribute's pairs with that provider. */
function samlLogin(ctx: OperationContext<unknown>, arn: string, response: string): VerifiedLogin {
  let saml;
  try {
    saml = verifySamlResponse(ctx.store, ctx.clock.now(), arn, response);
  } catch (err) {
    // STS's words for what went wrong, under identity pools' error code.
    if (err instanceof AwsError) throw identityErrors.invalidLogin(err.message);
    throw err;
  }
  const claims = Object.fromEntries([...saml.attributes].map(([k, v]) => [k, v.length === 1 ? v[0] : [...v]]));
  return {
    kind: "saml", provider: arn, userId: saml.subject, claims, roleMappingKey: arn, amr: [arn, `${arn}:${saml.subject}`],
    tokenRoles: { roles: samlRolesFor(saml, arn) },
  };
}

/** The pool's own OpenID token, as developer-authenticated apps pass it to GetCredentialsForIdentity. */
async function openIdTokenLogin(ctx: OperationContext<unknown>, pool: IdentityPoolRecord, token: string): Promise<VerifiedLogin> {
  const now = ctx.clock.now();
  const check = await checkOpenIdToken(ctx.store, token, now);
  if (!check.ok) {
    if (check.problem === "expired") throw expired(now, check.exp);
    throw identityErrors.invalidLogin("Couldn't verify signed token.");
  }
  if (check.claims.aud !== pool.IdentityPoolId) throw identityErrors.invalidLogin("Token is not from this identity pool.");
  const amr = Array.isArray(check.claims.amr) ? check.claims.amr.map(String) : [];
  if (!amr.includes("authenticated")) throw identityErrors.invalidLogin("Can't pass in an unauthenticated Cognito token.");
  return {
    kind: "openIdToken", provider: OPENID_PROVIDER, userId: check.claims.sub, claims: check.claims, roleMappingKey: OPENID_PROVIDER,
    amr: amr.filter((a) => a !== "authenticated"),
  };
}
