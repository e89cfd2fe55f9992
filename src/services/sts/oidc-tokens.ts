// An OIDC ID token of a provider registered in IAM, verified: signature under the issuer's JWKS, issuer,
// exp and nbf against the emulator's clock. Shared by AssumeRoleWithWebIdentity and identity pools' OIDC
// logins, which word the same problems differently: the result names the problem, callers pick the words.
//
// Keys: loopback issuers (http://localhost|127.0.0.1|[::1], such as the emulator's own Cognito pools) are
// fetched from `${iss}/.well-known/jwks.json`. The emulator does not reach the internet, so other issuers
// need a provider tag: `emulator:jwks` = a JWKS URL or file path, or `emulator:verify` = `off` to accept
// their tokens unverified (exp, nbf, issuer and audience are still checked). Every fetch and file read goes
// through the outbound client: only the emulator itself and what --allow-outbound names are reached.
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Logger } from "../../log.js";
import { OutboundRefused, type Outbound } from "../../outbound/outbound.js";
import type { OidcProviderRecord } from "../iam/records.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
export const JWKS_TAG = "emulator:jwks";
export const VERIFY_TAG = "emulator:verify";

export const NOT_A_JWT = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";
const NO_KEYS = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

export type OidcTokenCheck =
  | { readonly ok: true; readonly claims: JWTPayload }
  /** `message` is STS's wording; `expired` problems carry the token's exp. */
  | { readonly ok: false; readonly problem: "expired" | "invalid"; readonly message: string; readonly exp?: number };

export interface OidcCheckContext {
  readonly outbound: Outbound;
  readonly now: Date;
  readonly log: Logger;
  readonly requestId: string;
}

function tagValue(provider: OidcProviderRecord, key: string): string | undefined {
  return provider.Tags?.find((t) => t.Key === key)?.Value;
}

/** Where the issuer's keys come from, or "unverified" when the provider opted out of verification. */
function keySource(outbound: Outbound, issuer: string, provider: OidcProviderRecord): JWTVerifyGetKey | "unverified" | undefined {
  const configured = tagValue(provider, JWKS_TAG);
  if (configured !== undefined) {
    if (/^(https?|file):\/\//.test(configured)) return remoteSet(outbound, configured);
    return isAbsolute(configured) ? remoteSet(outbound, pathToFileURL(configured).href) : undefined;
  }
  let url: URL;
  try { url = new URL(issuer); } catch { return undefined; }
  if (LOOPBACK.has(url.hostname)) return remoteSet(outbound, `${issuer.replace(/\/+$/, "")}/.well-known/jwks.json`);
  if (tagValue(provider, VERIFY_TAG) === "off") return "unverified";
  return undefined;
}

/** The key set at `url`, fetched through the allow-listed outbound client when a token is verified. */
function remoteSet(outbound: Outbound, url: string): JWTVerifyGetKey {
  return async (header, token) => createLocalJWKSet(await outbound.getJson(url, 3000) as JSONWebKeySet)(header, token);
}

/** exp and nbf against the emulator's clock, with AWS's wording; undefined when current. */
function timeProblem(claims: JWTPayload, now: Date): OidcTokenCheck | undefined {
  const t = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp === "number" && t >= claims.exp) {
    return { ok: false, problem: "expired", exp: claims.exp, message: `Token expired: current date/time ${t} must be before the expiration date/time ${claims.exp}` };
  }
  if (typeof claims.nbf === "number" && t < claims.nbf) {
    return { ok: false, problem: "invalid", message: `Token is not yet valid: current date/time ${t} must be after the not-before date/time ${claims.nbf}` };
  }
  return undefined;
}

const invalid = (message: string): OidcTokenCheck => ({ ok: false, problem: "invalid", message });

/** A token's audiences: `aud` is one string or a list of them. */
export function audiencesOf(claims: JWTPayload): string[] {
  return typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
}

/** The token's audience that the provider lists among its client ids, if any. */
export function providerAudience(claims: JWTPayload, provider: OidcProviderRecord): string | undefined {
  return audiencesOf(claims).find((a) => provider.ClientIDList.includes(a));
}

/** Verifies `token`, issued by `issuer` (the provider's URL), whose claims were read unverified as `unverified`. */
export async function checkOidcToken(ctx: OidcCheckContext, token: string, issuer: string, provider: OidcProviderRecord, unverified: JWTPayload): Promise<OidcTokenCheck> {
  const keys = keySource(ctx.outbound, issuer, provider);
  if (keys === undefined) return invalid(NO_KEYS);
  if (keys === "unverified") return timeProblem(unverified, ctx.now) ?? { ok: true, claims: unverified };
  try {
    return { ok: true, claims: (await jwtVerify(token, keys, { currentDate: ctx.now, issuer })).payload };
  } catch (err) {
    if (err instanceof errors.JWTExpired || (err instanceof errors.JWTClaimValidationFailed && err.claim === "nbf")) {
      const problem = timeProblem(unverified, ctx.now);
      if (problem) return problem;
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) return invalid("Couldn't verify the signature of the token");
    if (err instanceof errors.JWKSNoMatchingKey) return invalid("No matching key found in the identity provider's JSON Web Key Set");
    if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return invalid(NOT_A_JWT);
    if (err instanceof errors.JWTClaimValidationFailed) return invalid(`Invalid token claim: ${err.claim}`);
    // Refused by --allow-outbound: the person running the emulator should see why, and what to allow.
    if (err instanceof OutboundRefused) ctx.log.warn(`${ctx.requestId} the keys of ${issuer}: ${err.message}`);
    else ctx.log.debug(`${ctx.requestId} JWKS of ${issuer}: ${err instanceof Error ? err.message : String(err)}`);
    return invalid(NO_KEYS);
  }
}
