// The OpenID tokens identity pools issue (GetOpenIdToken, GetOpenIdTokenForDeveloperIdentity) as AWS shapes
// them: issuer https://cognito-identity.amazonaws.com, sub = identity id, aud = identity pool id, amr =
// "authenticated" and the providers used (or "unauthenticated"), RS512-signed with the pool's own key. STS
// verifies them here, in-process, when AssumeRoleWithWebIdentity receives one (the basic flow).
import { compactVerify, SignJWT, type JWTPayload } from "jose";
import type { AccountStore } from "../../store/store.js";
import { decodeUnverified, privateKeyOf, publicKeyOf } from "../cognito/signing-keys.js";
import { identityIndexes, identityTables, storeAt, type IdentityPoolRecord } from "./records.js";

export const OPENID_ISSUER = "https://cognito-identity.amazonaws.com";
/** The issuer without its scheme: the Federated principal trust policies name and their condition keys' prefix. */
export const OPENID_PROVIDER = "cognito-identity.amazonaws.com";
/** Where principal tags travel in a token, as STS reads them for session tags. */
export const TAGS_CLAIM = "https://aws.amazon.com/tags";

export interface OpenIdClaims {
  /** The identity id. */
  readonly sub: string;
  readonly amr: readonly string[];
  readonly principalTags?: Readonly<Record<string, string>>;
}

/** The claims of a token for `identity` of `pool`, valid `seconds` from `now`: what is signed, or handed to STS as is. */
export function openIdClaims(pool: IdentityPoolRecord, c: OpenIdClaims, seconds: number, now: Date): JWTPayload {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: JWTPayload = { sub: c.sub, aud: pool.IdentityPoolId, amr: [...c.amr], iss: OPENID_ISSUER, exp: iat + seconds, iat };
  if (c.principalTags && Object.keys(c.principalTags).length) {
    claims[TAGS_CLAIM] = { principal_tags: Object.fromEntries(Object.entries(c.principalTags).map(([k, v]) => [k, [v]])) };
  }
  return claims;
}

export async function signOpenIdToken(pool: IdentityPoolRecord, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ kid: pool.signingKey.kid, typ: "JWS", alg: "RS512" }).sign(privateKeyOf(pool.signingKey));
}

export type OpenIdTokenCheck =
  | { readonly ok: true; readonly claims: JWTPayload & { sub: string; aud: string }; readonly pool: IdentityPoolRecord; readonly store: AccountStore }
  | { readonly ok: false; readonly problem: "malformed" | "unknownPool" | "signature" | "expired"; readonly exp?: number };

/** Whether `token` is a current OpenID token of one of this emulator's identity pools. */
export async function checkOpenIdToken(store: AccountStore, token: string, now: Date): Promise<OpenIdTokenCheck> {
  const decoded = decodeUnverified(token);
  if (!decoded) return { ok: false, problem: "malformed" };
  const { claims, kid } = decoded;
  if (claims.iss !== OPENID_ISSUER || typeof claims.aud !== "string" || typeof claims.sub !== "string") return { ok: false, problem: "malformed" };
  const at = identityIndexes.pools(store).get(claims.aud);
  const home = at && storeAt(store, at);
  const pool = home && identityTables.pools(home).get(claims.aud);
  if (!pool || !home) return { ok: false, problem: "unknownPool" };
  try {
    if (kid !== pool.signingKey.kid) throw new Error("another key");
    await compactVerify(token, publicKeyOf(pool.signingKey), { algorithms: ["RS512"] });
  } catch {
    return { ok: false, problem: "signature" };
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= now.getTime()) return { ok: false, problem: "expired", exp: claims.exp };
  return { ok: true, claims: claims as JWTPayload & { sub: string; aud: string }, pool, store: home };
}
