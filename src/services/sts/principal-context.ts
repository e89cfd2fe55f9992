// The caller as the policy engine sees it: the principal, and the aws:* context keys that describe it
// (tags, MFA, source identity, token issue time). Trust evaluation uses it here; the authorizer may too.
import type { Caller } from "../../auth/caller.js";
import type { AuthzPrincipal, ContextValue } from "../../policy/index.js";
import type { SessionRecord } from "../../store/credentials.js";
import type { AccountStore } from "../../store/store.js";
import { iamTables, nameKey, type Tag } from "../iam/records.js";

export type Context = Record<string, ContextValue>;

const PRINCIPAL_TYPES: Record<Caller["type"], string> = {
  root: "Account", user: "User", "assumed-role": "AssumedRole", "federated-user": "FederatedUser", anonymous: "Anonymous",
};

export function principalOf(caller: Caller, session: SessionRecord | undefined): AuthzPrincipal {
  const principal: AuthzPrincipal = { arn: caller.arn, accountId: caller.accountId, type: caller.type };
  if (caller.type === "assumed-role" && session?.roleArn) principal.roleArn = session.roleArn;
  return principal;
}

/**
 * aws:PrincipalTag/* of a caller: an IAM user's tags; for a role session the role's tags overridden by the
 * session's tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html).
 */
export function principalTags(store: AccountStore, caller: Caller, session: SessionRecord | undefined): Tag[] {
  const home = store.forAccount(caller.accountId);
  if (caller.type === "user" && caller.name) return [...(iamTables.users(home).get(nameKey(caller.name))?.Tags ?? [])];
  if (caller.type === "assumed-role" && caller.name) {
    const tags = new Map<string, Tag>();
    for (const t of iamTables.roles(home).get(nameKey(caller.name))?.Tags ?? []) tags.set(t.Key.toLowerCase(), t);
    for (const t of session?.sessionTags ?? []) tags.set(t.Key.toLowerCase(), t);
    return [...tags.values()];
  }
  if (caller.type === "federated-user") return [...(session?.sessionTags ?? [])];
  return [];
}

/** The global condition keys every request from this caller carries. */
export function callerContext(store: AccountStore, caller: Caller, session: SessionRecord | undefined, now: Date, region: string): Context {
  const ctx: Context = {
    "aws:PrincipalArn": caller.type === "assumed-role" && session?.roleArn ? session.roleArn : caller.arn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": PRINCIPAL_TYPES[caller.type],
    "aws:userid": caller.userId,
    "aws:SourceIp": caller.sourceIp,
    "aws:SecureTransport": caller.secureTransport,
    "aws:CurrentTime": now,
    "aws:EpochTime": Math.floor(now.getTime() / 1000),
    "aws:RequestedRegion": region,
    "aws:MultiFactorAuthPresent": session?.mfaAuthenticated ?? (session ? false : undefined),
  };
  if (caller.type === "user" && caller.name) ctx["aws:username"] = caller.name;
  if (session?.issuedAt) ctx["aws:TokenIssueTime"] = new Date(session.issuedAt);
  if (session?.mfaAuthenticated && session.mfaAuthTime) {
    ctx["aws:MultiFactorAuthAge"] = Math.max(0, Math.floor((now.getTime() - Date.parse(session.mfaAuthTime)) / 1000));
  }
  if (session?.sourceIdentity) ctx["aws:SourceIdentity"] = session.sourceIdentity;
  for (const t of principalTags(store, caller, session)) ctx[`aws:PrincipalTag/${t.Key}`] = t.Value;
  return ctx;
}

/** aws:RequestTag/* and aws:TagKeys for tags passed in a request. */
export function requestTagContext(tags: readonly Tag[] | undefined): Context {
  if (!tags?.length) return {};
  const ctx: Context = { "aws:TagKeys": tags.map((t) => t.Key) };
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  return ctx;
}
