// AssumeRoleWithWebIdentity: an OIDC ID token exchanged for a role session. The token's issuer must be an
// OIDC provider registered in the role's account, its audience one of the provider's client ids, its
// signature valid under the issuer's JWKS and its exp/nbf current (oidc-tokens.ts); or it is an OpenID
// token of one of the emulator's identity pools (issuer https://cognito-identity.amazonaws.com, the basic
// flow), verified in-process. The trust policy is asked with the provider's condition keys
// (<provider>:sub, :aud, :amr), which the session's own requests carry too.
import { decodeJwt, type JWTPayload } from "jose";
import type { AwsError } from "../../protocol/errors.js";
import type { AccountStore } from "../../store/store.js";
import { checkOpenIdToken, OPENID_ISSUER, OPENID_PROVIDER } from "../cognito-identity/open-id-tokens.js";
import { oidcProviderForIssuer, oidcProviderId } from "../iam/oidc-providers.js";
import type { RoleRecord, Tag } from "../iam/records.js";
import type { Operation, OperationContext } from "../operation.js";
import { stsErrors } from "./errors.js";
import { checkOidcToken, NOT_A_JWT, providerAudience } from "./oidc-tokens.js";
import { requestTagContext, type Context } from "./principal-context.js";
import { findRole, issueRoleSession, roleSessionSeconds, type AssumedRoleUser } from "./role-session.js";
import { checkSessionPolicy, type CheckedSessionPolicy } from "./session-policy.js";
import type { Credentials } from "./sessions.js";
import { checkTrust } from "./trust.js";

const ACTION = "sts:AssumeRoleWithWebIdentity";

interface Input {
  RoleArn: string; RoleSessionName: string; WebIdentityToken: string; ProviderId?: string;
  PolicyArns?: { arn?: string }[]; Policy?: string; DurationSeconds?: number;
}
interface Output {
  Credentials: Credentials; SubjectFromWebIdentityToken: string; AssumedRoleUser: AssumedRoleUser;
  PackedPolicySize?: number; Provider: string; Audience: string; SourceIdentity?: string;
}

/** A verified token and who vouches for it. */
export interface VerifiedWebIdentity {
  /** The IAM OIDC provider's ARN, or the issuer's id for built-in providers (cognito-identity.amazonaws.com). */
  readonly providerArn: string;
  /** The issuer without its scheme: the prefix of the trust policy's condition keys. */
  readonly providerId: string;
  readonly audience: string;
  readonly claims: JWTPayload;
}

export const AssumeRoleWithWebIdentity: Operation<Input, Output> = async (ctx) => {
  const { input } = ctx;
  const found = findRole(ctx.store, input.RoleArn);
  if (!found) throw stsErrors.federationDenied(ACTION);

  let unverified: JWTPayload;
  try { unverified = decodeJwt(input.WebIdentityToken); }
  catch { throw stsErrors.invalidIdentityToken(NOT_A_JWT); }
  if (typeof unverified.iss !== "string") throw stsErrors.invalidIdentityToken(NOT_A_JWT);
  const token = unverified.iss === OPENID_ISSUER
    ? await identityPoolToken(ctx, input.WebIdentityToken)
    : await registeredProviderToken(ctx, found.store, input.WebIdentityToken, unverified.iss, unverified);

  const { claims } = token;
  const { tags, transitive } = tokenSessionTags(claims);
  const session: WebIdentitySession = {
    role: found.role, roleStore: found.store, sessionName: input.RoleSessionName,
    durationSeconds: roleSessionSeconds(found.role, input.DurationSeconds, false),
    policy: checkSessionPolicy({ ...input, Tags: tags }), tags, transitiveTagKeys: transitive,
    sourceIdentity: typeof claims["https://aws.amazon.com/source_identity"] === "string" ? claims["https://aws.amazon.com/source_identity"] as string : undefined,
  };
  const issued = issueWebIdentitySession(ctx, token, session, () => stsErrors.federationDenied(ACTION));
  return {
    ...issued, SubjectFromWebIdentityToken: typeof claims.sub === "string" ? claims.sub : "", Provider: token.providerArn, Audience: token.audience,
    PackedPolicySize: session.policy.packedPolicySize, SourceIdentity: session.sourceIdentity,
  };
};

/** A token of an OIDC provider registered in IAM, checked against it. */
async function registeredProviderToken(ctx: OperationContext<Input>, roleStore: AccountStore, token: string, issuer: string, unverified: JWTPayload): Promise<VerifiedWebIdentity> {
  const provider = oidcProviderForIssuer(roleStore, issuer);
  if (!provider) throw stsErrors.invalidIdentityToken(`No OpenIDConnect provider found in your account for ${issuer}`);
  const audience = providerAudience(unverified, provider);
  if (audience === undefined) throw stsErrors.invalidIdentityToken("Incorrect token audience");
  const check = await checkOidcToken({ outbound: ctx.outbound, now: ctx.clock.now(), log: ctx.log, requestId: ctx.requestId }, token, issuer, provider, unverified);
  if (!check.ok) throw check.problem === "expired" ? stsErrors.expiredToken(check.message) : stsErrors.invalidIdentityToken(check.message);
  return { providerArn: provider.Arn, providerId: oidcProviderId(issuer), audience, claims: check.claims };
}

/** An identity pool's OpenID token (the basic flow): no IAM provider is needed for cognito-identity.amazonaws.com. */
async function identityPoolToken(ctx: OperationContext<Input>, token: string): Promise<VerifiedWebIdentity> {
  const now = ctx.clock.now();
  const check = await checkOpenIdToken(ctx.store, token, now);
  if (!check.ok) {
    if (check.problem === "expired") {
      throw stsErrors.expiredToken(`Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${check.exp}`);
    }
    throw stsErrors.invalidIdentityToken(check.problem === "malformed" ? NOT_A_JWT : "Couldn't verify the signature of the token");
  }
  return { providerArn: OPENID_PROVIDER, providerId: OPENID_PROVIDER, audience: check.claims.aud, claims: check.claims };
}

/** The role session a verified token asks for. */
export interface WebIdentitySession {
  readonly role: RoleRecord;
  readonly roleStore: AccountStore;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly policy: CheckedSessionPolicy;
  readonly tags: readonly Tag[];
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

/**
 * The trust check and the role session every web identity exchange ends with: STS's own, and identity pools'
 * GetCredentialsForIdentity, which assumes the role on the app's behalf. `denied` words a refusal.
 */
export function issueWebIdentitySession(ctx: OperationContext<unknown>, token: VerifiedWebIdentity, s: WebIdentitySession, denied: () => AwsError):
  { Credentials: Credentials; AssumedRoleUser: AssumedRoleUser } {
  const { claims, providerId } = token;
  const federated: Record<string, string | string[]> = {
    [`${providerId}:sub`]: typeof claims.sub === "string" ? claims.sub : "",
    [`${providerId}:aud`]: token.audience,
    "aws:FederatedProvider": token.providerArn,
  };
  if (claims.amr !== undefined) federated[`${providerId}:amr`] = Array.isArray(claims.amr) ? claims.amr.map(String) : String(claims.amr);
  if (typeof claims.azp === "string") federated[`${providerId}:azp`] = claims.azp;
  const now = ctx.clock.now();
  const context: Context = {
    ...federated,
    "sts:RoleSessionName": s.sessionName,
    "aws:SourceIp": ctx.caller.sourceIp,
    "aws:CurrentTime": now,
    "aws:EpochTime": Math.floor(now.getTime() / 1000),
    "aws:RequestedRegion": ctx.region,
    ...requestTagContext(s.tags),
  };
  if (s.sourceIdentity !== undefined) context["sts:SourceIdentity"] = s.sourceIdentity;
  const actions = [ACTION];
  if (s.tags.length) actions.push("sts:TagSession");
  if (s.sourceIdentity !== undefined) actions.push("sts:SetSourceIdentity");
  const accountId = s.role.Arn.split(":")[4]!;
  checkTrust(ctx, { role: s.role, principal: { arn: token.providerArn, accountId, type: "anonymous" }, actions, context }, denied);
  return issueRoleSession(ctx, {
    role: s.role, roleStore: s.roleStore, sessionName: s.sessionName, durationSeconds: s.durationSeconds, sourceIdentity: s.sourceIdentity,
    sessionTags: s.tags, transitiveTagKeys: s.transitiveTagKeys, sessionPolicy: s.policy.policy, sessionPolicyArns: s.policy.policyArns,
    federatedContext: federated,
  });
}

/** Session tags a token carries in its https://aws.amazon.com/tags claim. */
function tokenSessionTags(claims: JWTPayload): { tags: Tag[]; transitive: string[] } {
  const block = claims["https://aws.amazon.com/tags"] as { principal_tags?: Record<string, unknown>; transitive_tag_keys?: unknown } | undefined;
  const tags: Tag[] = [];
  for (const [Key, v] of Object.entries(block?.principal_tags ?? {})) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) tags.push({ Key, Value: String(value) });
  }
  const transitive = Array.isArray(block?.transitive_tag_keys) ? block!.transitive_tag_keys.map(String) : [];
  return { tags, transitive };
}
