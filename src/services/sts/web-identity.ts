// AssumeRoleWithWebIdentity: an OIDC ID token exchanged for a role session. The token's issuer must be an
// OIDC provider registered in the role's account, its audience one of the provider's client ids, its
// signature valid under the issuer's JWKS and its exp/nbf current; the trust policy is asked with the
// provider's condition keys (<provider>:sub, :aud, :amr).
//
// Keys: loopback issuers (http://localhost|127.0.0.1|[::1], such as the emulator's own Cognito pools) are
// fetched from `${iss}/.well-known/jwks.json`. The emulator does not reach the internet, so other issuers
// need a provider tag: `emulator:jwks` = a JWKS URL or file path, or `emulator:verify` = `off` to accept
// their tokens unverified (exp, nbf, issuer and audience are still checked). Every fetch and file read goes
// through the outbound client: only the emulator itself and what --allow-outbound names are reached.
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { OutboundRefused, type Outbound } from "../../outbound/outbound.js";
import { oidcProviderForIssuer, oidcProviderId } from "../iam/oidc-providers.js";
import type { OidcProviderRecord, Tag } from "../iam/records.js";
import type { Operation, OperationContext } from "../operation.js";
import { stsErrors } from "./errors.js";
import { requestTagContext, type Context } from "./principal-context.js";
import { findRole, issueRoleSession, roleSessionSeconds, type AssumedRoleUser } from "./role-session.js";
import { checkSessionPolicy } from "./session-policy.js";
import type { Credentials } from "./sessions.js";
import { checkTrust } from "./trust.js";

const ACTION = "sts:AssumeRoleWithWebIdentity";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
export const JWKS_TAG = "emulator:jwks";
export const VERIFY_TAG = "emulator:verify";

interface Input {
  RoleArn: string; RoleSessionName: string; WebIdentityToken: string; ProviderId?: string;
  PolicyArns?: { arn?: string }[]; Policy?: string; DurationSeconds?: number;
}
interface Output {
  Credentials: Credentials; SubjectFromWebIdentityToken: string; AssumedRoleUser: AssumedRoleUser;
  PackedPolicySize?: number; Provider: string; Audience: string; SourceIdentity?: string;
}

const NOT_A_JWT = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";
const NO_KEYS = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

export const AssumeRoleWithWebIdentity: Operation<Input, Output> = async (ctx) => {
  const { input } = ctx;
  const found = findRole(ctx.store, input.RoleArn);
  if (!found) throw stsErrors.federationDenied(ACTION);
  const { role } = found;

  let unverified: JWTPayload;
  try { unverified = decodeJwt(input.WebIdentityToken); }
  catch { throw stsErrors.invalidIdentityToken(NOT_A_JWT); }
  const issuer = unverified.iss;
  if (typeof issuer !== "string") throw stsErrors.invalidIdentityToken(NOT_A_JWT);
  const provider = oidcProviderForIssuer(found.store, issuer);
  if (!provider) throw stsErrors.invalidIdentityToken(`No OpenIDConnect provider found in your account for ${issuer}`);
  const audiences = typeof unverified.aud === "string" ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
  const audience = audiences.find((a) => provider.ClientIDList.includes(a));
  if (audience === undefined) throw stsErrors.invalidIdentityToken("Incorrect token audience");

  const claims = await verifiedClaims(ctx, input.WebIdentityToken, issuer, provider, unverified);
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const durationSeconds = roleSessionSeconds(role, input.DurationSeconds, false);
  const { tags, transitive } = tokenSessionTags(claims);
  const policy = checkSessionPolicy({ ...input, Tags: tags });
  const sourceIdentity = typeof claims["https://aws.amazon.com/source_identity"] === "string"
    ? claims["https://aws.amazon.com/source_identity"] as string : undefined;

  const id = oidcProviderId(issuer);
  const now = ctx.clock.now();
  const context: Context = {
    [`${id}:sub`]: sub,
    [`${id}:aud`]: audience,
    "aws:FederatedProvider": provider.Arn,
    "sts:RoleSessionName": input.RoleSessionName,
    "aws:SourceIp": ctx.caller.sourceIp,
    "aws:CurrentTime": now,
    "aws:EpochTime": Math.floor(now.getTime() / 1000),
    "aws:RequestedRegion": ctx.region,
    ...requestTagContext(tags),
  };
  if (claims.amr !== undefined) context[`${id}:amr`] = Array.isArray(claims.amr) ? claims.amr.map(String) : String(claims.amr);
  if (typeof claims.azp === "string") context[`${id}:azp`] = claims.azp;
  if (sourceIdentity !== undefined) context["sts:SourceIdentity"] = sourceIdentity;
  const actions = [ACTION];
  if (tags.length) actions.push("sts:TagSession");
  if (sourceIdentity !== undefined) actions.push("sts:SetSourceIdentity");
  const accountId = role.Arn.split(":")[4]!;
  checkTrust(ctx, { role, principal: { arn: provider.Arn, accountId, type: "anonymous" }, actions, context }, () => stsErrors.federationDenied(ACTION));

  const issued = issueRoleSession(ctx, {
    role, roleStore: found.store, sessionName: input.RoleSessionName, durationSeconds, sourceIdentity,
    sessionTags: tags, transitiveTagKeys: transitive, sessionPolicy: policy.policy, sessionPolicyArns: policy.policyArns,
  });
  return {
    ...issued, SubjectFromWebIdentityToken: sub, Provider: provider.Arn, Audience: audience,
    PackedPolicySize: policy.packedPolicySize, SourceIdentity: sourceIdentity,
  };
};

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

async function verifiedClaims(ctx: OperationContext<Input>, token: string, issuer: string, provider: OidcProviderRecord, unverified: JWTPayload): Promise<JWTPayload> {
  const now = ctx.clock.now();
  const keys = keySource(ctx.outbound, issuer, provider);
  if (keys === undefined) throw stsErrors.invalidIdentityToken(NO_KEYS);
  if (keys === "unverified") {
    checkTimes(unverified, now);
    return unverified;
  }
  try {
    return (await jwtVerify(token, keys, { currentDate: now, issuer })).payload;
  } catch (err) {
    if (err instanceof errors.JWTExpired) checkTimes(unverified, now);
    if (err instanceof errors.JWTClaimValidationFailed && err.claim === "nbf") checkTimes(unverified, now);
    if (err instanceof errors.JWSSignatureVerificationFailed) throw stsErrors.invalidIdentityToken("Couldn't verify the signature of the token");
    if (err instanceof errors.JWKSNoMatchingKey) throw stsErrors.invalidIdentityToken("No matching key found in the identity provider's JSON Web Key Set");
    if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) throw stsErrors.invalidIdentityToken(NOT_A_JWT);
    if (err instanceof errors.JWTClaimValidationFailed) throw stsErrors.invalidIdentityToken(`Invalid token claim: ${err.claim}`);
    // Refused by --allow-outbound: the person running the emulator should see why, and what to allow.
    if (err instanceof OutboundRefused) ctx.log.warn(`${ctx.requestId} the keys of ${issuer}: ${err.message}`);
    else ctx.log.debug(`${ctx.requestId} JWKS of ${issuer}: ${err instanceof Error ? err.message : String(err)}`);
    throw stsErrors.invalidIdentityToken(NO_KEYS);
  }
}

/** exp and nbf against the emulator's clock, with AWS's wording. */
function checkTimes(claims: JWTPayload, now: Date): void {
  const t = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp === "number" && t >= claims.exp) {
    throw stsErrors.expiredToken(`Token expired: current date/time ${t} must be before the expiration date/time ${claims.exp}`);
  }
  if (typeof claims.nbf === "number" && t < claims.nbf) {
    throw stsErrors.invalidIdentityToken(`Token is not yet valid: current date/time ${t} must be after the not-before date/time ${claims.nbf}`);
  }
}
