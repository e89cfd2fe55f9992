// What an identity signs in to: GetCredentialsForIdentity (the enhanced flow: the pool picks the role and
// assumes it through STS on the app's behalf, session name CognitoIdentityCredentials) and GetOpenIdToken
// (the basic flow: the app takes the token to AssumeRoleWithWebIdentity itself).
import type { JWTPayload } from "jose";
import type { Tag } from "../iam/records.js";
import type { Operation, OperationContext } from "../operation.js";
import { findRole, roleSessionSeconds } from "../sts/role-session.js";
import type { Credentials } from "../sts/sessions.js";
import { issueWebIdentitySession } from "../sts/web-identity.js";
import { identityErrors } from "./errors.js";
import { claimIdentity, locateIdentity } from "./identities.js";
import { verifyLogins, type VerifiedLogin } from "./logins.js";
import { openIdClaims, OPENID_PROVIDER, signOpenIdToken, TAGS_CLAIM } from "./open-id-tokens.js";
import { principalTagsOf } from "./principal-tags.js";
import type { IdentityPoolRecord, IdentityRecord } from "./records.js";
import { roleFor } from "./roles.js";

/** The enhanced flow's credentials last an hour; GetOpenIdToken's tokens ten minutes. */
const CREDENTIAL_SECONDS = 3600;
const OPENID_TOKEN_SECONDS = 600;
const SESSION_NAME = "CognitoIdentityCredentials";

interface SignedIn { readonly pool: IdentityPoolRecord; readonly identity: IdentityRecord; readonly logins: readonly VerifiedLogin[] }

/** The identity `identityId` names, acting with `logins` (verified and linked), or unauthenticated without any. */
async function signIn(ctx: OperationContext<unknown>, identityId: string, logins: Record<string, string> | undefined): Promise<SignedIn> {
  const { store, pool, identity } = locateIdentity(ctx.store, identityId);
  if (!logins || !Object.keys(logins).length) {
    if (identity.authenticated) throw identityErrors.forbidden(identityId);
    if (!pool.AllowUnauthenticatedIdentities) throw identityErrors.unauthenticatedNotSupported();
    return { pool, identity, logins: [] };
  }
  const verified = await verifyLogins({ ...ctx, store }, pool, logins);
  return { pool, identity: claimIdentity(store, identity, verified, ctx.clock.now()), logins: verified };
}

/** The amr claim: "authenticated" with each provider used, or "unauthenticated". */
function amrOf(logins: readonly VerifiedLogin[]): string[] {
  return logins.length ? ["authenticated", ...new Set(logins.flatMap((l) => l.amr))] : ["unauthenticated"];
}

/** Session tags: the providers' attribute maps applied to their claims, or those a developer token carries. */
function sessionTagsOf(pool: IdentityPoolRecord, logins: readonly VerifiedLogin[]): Tag[] {
  const tags = new Map<string, Tag>();
  for (const login of logins) {
    const carried = (login.kind === "openIdToken" && (login.claims[TAGS_CLAIM] as { principal_tags?: Record<string, unknown[]> } | undefined)?.principal_tags) || {};
    for (const [Key, values] of Object.entries(carried)) tags.set(Key, { Key, Value: String(values[0]) });
    for (const tag of principalTagsOf(pool, login)) tags.set(tag.Key, tag);
  }
  return [...tags.values()];
}

interface GetCredentialsInput { IdentityId: string; Logins?: Record<string, string>; CustomRoleArn?: string }
interface GetCredentialsOutput { IdentityId: string; Credentials: Omit<Credentials, "SecretAccessKey"> & { SecretKey: string } }

export const GetCredentialsForIdentity: Operation<GetCredentialsInput, GetCredentialsOutput> = async (ctx) => {
  const { input } = ctx;
  const { pool, identity, logins } = await signIn(ctx, input.IdentityId, input.Logins);
  const found = findRole(ctx.store, roleFor(pool, logins, input.CustomRoleArn));
  if (!found) throw identityErrors.invalidConfiguration();
  const claims: JWTPayload = openIdClaims(pool, { sub: identity.IdentityId, amr: amrOf(logins) }, OPENID_TOKEN_SECONDS, ctx.clock.now());
  const tags = sessionTagsOf(pool, logins);
  const issued = issueWebIdentitySession(ctx,
    { providerArn: OPENID_PROVIDER, providerId: OPENID_PROVIDER, audience: pool.IdentityPoolId, claims },
    {
      role: found.role, roleStore: found.store, sessionName: SESSION_NAME,
      durationSeconds: Math.min(CREDENTIAL_SECONDS, roleSessionSeconds(found.role, undefined, false)), policy: {}, tags,
    },
    () => identityErrors.invalidConfiguration());
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = issued.Credentials;
  return { IdentityId: identity.IdentityId, Credentials: { AccessKeyId, SecretKey: SecretAccessKey, SessionToken, Expiration } };
};

export const GetOpenIdToken: Operation<{ IdentityId: string; Logins?: Record<string, string> }, { IdentityId: string; Token: string }> = async (ctx) => {
  const { input } = ctx;
  const { pool, identity, logins } = await signIn(ctx, input.IdentityId, input.Logins);
  if (!pool.AllowClassicFlow) throw identityErrors.classicFlowDisabled();
  const claims = openIdClaims(pool, { sub: identity.IdentityId, amr: amrOf(logins) }, OPENID_TOKEN_SECONDS, ctx.clock.now());
  return { IdentityId: identity.IdentityId, Token: await signOpenIdToken(pool, claims) };
};

export const operations = { GetCredentialsForIdentity, GetOpenIdToken };
