// The policies that apply to a caller, as enforce mode and SimulatePrincipalPolicy need them: a user's
// inline and attached policies and its groups', a role's, the permissions boundary, and a session's
// session policies and tags. Injected into auth/authorize.ts by server/emulator.ts.
import type { Caller } from "../../auth/caller.js";
import type { PrincipalPolicies, SourcedDocument } from "../../auth/authorize.js";
import { SESSIONS_TABLE, type SessionRecord } from "../../store/credentials.js";
import type { AccountStore } from "../../store/store.js";
import { iamTables, nameKey, relationKey, type Boundary, type PrincipalKind, type Tag } from "./records.js";
import { managedPolicyDocument } from "./managed-policy-documents.js";

/** Inline and attached policies of one user, group or role. */
export function entityPolicies(store: AccountStore, kind: PrincipalKind, name: string): SourcedDocument[] {
  const prefix = relationKey(kind, nameKey(name), "");
  const out: SourcedDocument[] = [];
  for (const [, inline] of iamTables.inlinePolicies(store).withPrefix(prefix)) {
    out.push({ source: { kind: "identity", name: `${kind}/${name}/${inline.PolicyName}` }, document: inline.PolicyDocument });
  }
  for (const [, attached] of iamTables.attachments(store).withPrefix(prefix)) {
    const managed = managedPolicyDocument(store, attached.PolicyArn);
    if (managed) out.push({ source: { kind: "identity", name: attached.PolicyName, arn: attached.PolicyArn, versionId: managed.versionId }, document: managed.document });
  }
  return out;
}

/** A user's policies including those of every group it belongs to. */
export function userPolicies(store: AccountStore, userName: string): SourcedDocument[] {
  const out = entityPolicies(store, "user", userName);
  for (const [, membership] of iamTables.userGroups(store).withPrefix(relationKey(nameKey(userName), ""))) {
    out.push(...entityPolicies(store, "group", membership.GroupName));
  }
  return out;
}

function boundaryDocument(store: AccountStore, boundary: Boundary | undefined): SourcedDocument | undefined {
  if (!boundary) return undefined;
  const managed = managedPolicyDocument(store, boundary.PermissionsBoundaryArn);
  // A boundary naming a policy that no longer exists allows nothing, as AWS treats it.
  return { source: { kind: "boundary", name: boundary.PermissionsBoundaryArn.split("/").pop()!, arn: boundary.PermissionsBoundaryArn, versionId: managed?.versionId },
    document: managed?.document ?? '{"Version":"2012-10-17","Statement":[]}' };
}

function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));
}

export type EntityKind = "user" | "group" | "role";

/** Which account, kind and name an IAM user, group or role ARN names (the path ignored); undefined otherwise. */
export function parseEntityArn(arn: string): { accountId: string; kind: EntityKind; name: string } | undefined {
  const m = /^arn:[\w-]+:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? { accountId: m[1]!, kind: m[2] as EntityKind, name: m[3]! } : undefined;
}

/** A user's, group's or role's ARN, policies (a user's groups' too), boundary and tags; undefined if it does not exist. */
export function entityWithPolicies(store: AccountStore, kind: EntityKind, name: string):
  { arn: string; identity: SourcedDocument[]; boundary?: SourcedDocument; tags: Record<string, string> } | undefined {
  const row = kind === "user" ? iamTables.users(store).get(nameKey(name))
    : kind === "group" ? iamTables.groups(store).get(nameKey(name)) : iamTables.roles(store).get(nameKey(name));
  if (!row) return undefined;
  const withExtras = row as { PermissionsBoundary?: Boundary; Tags?: readonly Tag[] };
  return {
    arn: row.Arn,
    identity: kind === "user" ? userPolicies(store, name) : entityPolicies(store, kind, name),
    boundary: boundaryDocument(store, withExtras.PermissionsBoundary),
    tags: tagMap(withExtras.Tags),
  };
}

export function principalPolicies(caller: Caller, store: AccountStore, now: Date): PrincipalPolicies {
  if (caller.type === "user" && caller.name) {
    const user = iamTables.users(store).get(nameKey(caller.name));
    // A GetSessionToken session acts as its user, with the session's MFA and issue time.
    const session = caller.sessionId ? store.global<SessionRecord>(SESSIONS_TABLE).get(caller.sessionId) : undefined;
    return {
      identity: userPolicies(store, caller.name), boundary: boundaryDocument(store, user?.PermissionsBoundary), tags: tagMap(user?.Tags),
      context: session ? sessionContext(session, now) : undefined,
    };
  }
  if ((caller.type === "assumed-role" || caller.type === "federated-user") && caller.sessionId) {
    const session = store.global<SessionRecord>(SESSIONS_TABLE).get(caller.sessionId);
    return sessionPolicies(store, session, now);
  }
  return { identity: [], tags: {} };
}

/** The condition keys a session carries: MFA, when it was issued, its source identity, its identity provider's keys. */
function sessionContext(session: SessionRecord, now: Date): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(session.federatedContext ?? {})) context[k] = typeof v === "string" ? v : [...v];
  if (session.mfaAuthenticated) {
    context["aws:MultiFactorAuthPresent"] = "true";
    if (session.mfaAuthTime) context["aws:MultiFactorAuthAge"] = String(Math.max(0, Math.floor((now.getTime() - Date.parse(session.mfaAuthTime)) / 1000)));
  }
  if (session.issuedAt) context["aws:TokenIssueTime"] = session.issuedAt;
  if (session.sourceIdentity) context["aws:SourceIdentity"] = session.sourceIdentity;
  return context;
}

const ROOT_PERMISSIONS: SourcedDocument = {
  source: { kind: "identity", name: "root user's permissions" },
  document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
};

/** What an STS session carries: its role's (or federating user's) policies, session policies and tags. */
function sessionPolicies(store: AccountStore, session: SessionRecord | undefined, now: Date): PrincipalPolicies {
  if (!session) return { identity: [], tags: {} };
  const role = session.type === "assumed-role" && session.roleArn
    ? iamTables.roles(store).get(nameKey(session.roleArn.split("/").pop()!)) : undefined;
  const sessionDocs: SourcedDocument[] = [];
  if (session.sessionPolicy) sessionDocs.push({ source: { kind: "session", name: "session policy" }, document: session.sessionPolicy });
  for (const arn of session.sessionPolicyArns ?? []) {
    const managed = managedPolicyDocument(store, arn);
    if (managed) sessionDocs.push({ source: { kind: "session", name: arn.split("/").pop()!, arn, versionId: managed.versionId }, document: managed.document });
  }
  const identity = role ? entityPolicies(store, "role", role.RoleName)
    : session.federatedBy === "root" ? [ROOT_PERMISSIONS]
    : session.federatedBy ? userPolicies(store, session.federatedBy) : [];
  const context = sessionContext(session, now);
  return {
    identity,
    boundary: boundaryDocument(store, role?.PermissionsBoundary),
    // A federated session without a session policy is allowed nothing, as in AWS: an empty list, not undefined.
    session: sessionDocs.length || session.type === "federated-user" ? sessionDocs : undefined,
    tags: { ...tagMap(role?.Tags), ...tagMap(session.sessionTags) },
    roleArn: role?.Arn ?? session.roleArn,
    context,
  };
}

/**
 * The resource-based policy enforce mode adds for a request: a role's trust policy for sts:AssumeRole
 * (same account or another: one emulator holds many accounts), so AWS's same-account rule applies.
 */
export function resourcePolicy(action: string, resource: string, store: AccountStore): SourcedDocument | undefined {
  if (!action.toLowerCase().startsWith("sts:assumerole")) return undefined;
  const m = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (!m) return undefined;
  const role = iamTables.roles(store.forAccount(m[1]!)).get(nameKey(m[2]!));
  return role && { source: { kind: "trust", name: `${role.RoleName} trust policy`, arn: role.Arn }, document: role.AssumeRolePolicyDocument };
}
