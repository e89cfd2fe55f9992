// Managed-policy attachments: Attach/Detach{User,Group,Role}Policy, ListAttached{User,Group,Role}Policies,
// ListEntitiesForPolicy. Each attachment is written twice, in step: `attachments` (principal → policies) and
// `policyAttachments` (policy → principals), so both directions page by prefix without scanning.
// Permissions boundaries get the same reverse index (`boundaryUsage`), written through setBoundaryUsage().
import type { AccountStore, Collection } from "../../store/store.js";
import { awsError } from "../../protocol/errors.js";
import type { Operation } from "../operation.js";
import { iamErrors, type EntityKind } from "./errors.js";
import { decodeMarker, encodeMarker, page } from "./pagination.js";
import { findManagedPolicy, parsePolicyArn, policyErrors } from "./policies.js";
import { deleteChecks, iamTables, nameKey, relationKey, type AttachmentRecord, type PrincipalKind } from "./records.js";

/** Managed policies per user, group or role (IAM's default quota). */
const ATTACHMENT_QUOTA = 10;
const QUOTA_NAME: Record<PrincipalKind, string> = { user: "PoliciesPerUser", group: "PoliciesPerGroup", role: "PoliciesPerRole" };
const ENTITY: Record<PrincipalKind, EntityKind> = { user: "User", group: "Group", role: "Role" };

/** A user, group or role as the policy families need it. */
export interface Principal {
  readonly kind: PrincipalKind;
  /** As created (tables are keyed by the lower-cased name). */
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  /** Roles only: the service that owns a service-linked role. */
  readonly serviceLinked?: string;
}

export function findPrincipal(store: AccountStore, kind: PrincipalKind, name: string): Principal | undefined {
  const key = nameKey(name);
  switch (kind) {
    case "user": {
      const u = iamTables.users(store).get(key);
      return u && { kind, name: u.UserName, id: u.UserId, arn: u.Arn, path: u.Path };
    }
    case "group": {
      const g = iamTables.groups(store).get(key);
      return g && { kind, name: g.GroupName, id: g.GroupId, arn: g.Arn, path: g.Path };
    }
    case "role": {
      const r = iamTables.roles(store).get(key);
      return r && { kind, name: r.RoleName, id: r.RoleId, arn: r.Arn, path: r.Path, serviceLinked: r.serviceLinked };
    }
  }
}

/** The principal, or AWS's NoSuchEntity ("The user with name x cannot be found."). */
export function requirePrincipal(store: AccountStore, kind: PrincipalKind, name: string): Principal {
  const principal = findPrincipal(store, kind, name);
  if (!principal) throw iamErrors.noSuchEntity(ENTITY[kind], name);
  return principal;
}

/** Rows of `table` under `prefix`, after the (already decoded) marker key when there is one. */
export function* rowsUnder<T>(table: Collection<T>, prefix: string, after: string | undefined): Generator<[string, T]> {
  if (after !== undefined && !after.startsWith(prefix)) throw iamErrors.validation("Invalid Marker.");
  // `prefix` itself is never a key (keys continue after it), so from(prefix) starts at its first row.
  for (const row of table.from(after ?? prefix)) {
    if (!row[0].startsWith(prefix)) return;
    yield row;
  }
}

/** Managed policies attached to a principal, in ARN order. */
export function attachedPoliciesOf(store: AccountStore, kind: PrincipalKind, name: string): AttachmentRecord[] {
  return [...iamTables.attachments(store).withPrefix(relationKey(kind, nameKey(name), ""))].map(([, row]) => row);
}

function policyPathOf(arn: string): string {
  return parsePolicyArn(arn).path;
}

// ---- attach and detach

function attach(kind: PrincipalKind): Operation<{ PolicyArn: string } & Record<string, string>, Record<string, never>> {
  return ({ input, store }) => {
    const arn = input.PolicyArn;
    parsePolicyArn(arn);
    const principal = requirePrincipal(store, kind, input[`${ENTITY[kind]}Name`]!);
    const policy = findManagedPolicy(store, arn);
    if (!policy) throw policyErrors.notAttachable(arn);
    // Policies under /aws-service-role/ belong to service-linked roles only.
    if (policy.Path === "/aws-service-role/" && !principal.serviceLinked) {
      throw awsError("iam", "PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.");
    }
    const attachments = iamTables.attachments(store);
    const forward = relationKey(kind, nameKey(principal.name), arn);
    if (attachments.has(forward)) return {};
    let count = 0;
    for (const _ of attachments.withPrefix(relationKey(kind, nameKey(principal.name), ""))) count++;
    if (count >= ATTACHMENT_QUOTA) throw iamErrors.limitExceeded(QUOTA_NAME[kind], ATTACHMENT_QUOTA);
    const record: AttachmentRecord = { kind, name: principal.name, PolicyArn: arn, PolicyName: policy.PolicyName };
    attachments.put(forward, record);
    iamTables.policyAttachments(store).put(relationKey(arn, kind, nameKey(principal.name)), record);
    return {};
  };
}

function detach(kind: PrincipalKind): Operation<{ PolicyArn: string } & Record<string, string>, Record<string, never>> {
  return ({ input, store }) => {
    const arn = input.PolicyArn;
    parsePolicyArn(arn);
    const principal = requirePrincipal(store, kind, input[`${ENTITY[kind]}Name`]!);
    const forward = relationKey(kind, nameKey(principal.name), arn);
    if (!iamTables.attachments(store).delete(forward)) throw policyErrors.notFound(arn);
    iamTables.policyAttachments(store).delete(relationKey(arn, kind, nameKey(principal.name)));
    return {};
  };
}

export const AttachUserPolicy = attach("user");
export const AttachGroupPolicy = attach("group");
export const AttachRolePolicy = attach("role");
export const DetachUserPolicy = detach("user");
export const DetachGroupPolicy = detach("group");
export const DetachRolePolicy = detach("role");

// ---- lists

interface ListAttachedInput { PathPrefix?: string; Marker?: string; MaxItems?: number }

function listAttached(kind: PrincipalKind): Operation<ListAttachedInput & Record<string, unknown>, object> {
  return ({ input, store }) => {
    const principal = requirePrincipal(store, kind, input[`${ENTITY[kind]}Name`] as string);
    const prefix = relationKey(kind, nameKey(principal.name), "");
    const pathPrefix = input.PathPrefix ?? "/";
    const result = page(rowsUnder(iamTables.attachments(store), prefix, decodeMarker(input.Marker)), input.MaxItems,
      (a) => policyPathOf(a.PolicyArn).startsWith(pathPrefix),
      (a) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn }));
    return { AttachedPolicies: result.items, IsTruncated: result.IsTruncated, Marker: result.Marker };
  };
}

export const ListAttachedUserPolicies = listAttached("user");
export const ListAttachedGroupPolicies = listAttached("group");
export const ListAttachedRolePolicies = listAttached("role");

interface ListEntitiesInput {
  PolicyArn: string; EntityFilter?: "User" | "Role" | "Group" | "LocalManagedPolicy" | "AWSManagedPolicy";
  PathPrefix?: string; PolicyUsageFilter?: "PermissionsPolicy" | "PermissionsBoundary"; Marker?: string; MaxItems?: number;
}

/** Both reverse indexes merged in key order ("arn\0kind\0name"), a principal using the policy both ways once. */
function* usersOfPolicy(store: AccountStore, arn: string, usage: ListEntitiesInput["PolicyUsageFilter"], after: string | undefined): Generator<[string, { kind: PrincipalKind; name: string }]> {
  const prefix = relationKey(arn, "");
  const none = (function* (): Generator<[string, { kind: PrincipalKind; name: string }]> { /* empty */ })();
  const a = usage === "PermissionsBoundary" ? none : rowsUnder(iamTables.policyAttachments(store), prefix, after);
  const b = usage === "PermissionsPolicy" ? none : rowsUnder(iamTables.boundaryUsage(store), prefix, after);
  let x = a.next(), y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value[0] < y.value[0])) { yield x.value as [string, AttachmentRecord]; x = a.next(); }
    else if (x.done || y.value[0] < x.value[0]) { yield y.value; y = b.next(); }
    else { yield x.value; x = a.next(); y = b.next(); }
  }
}

export const ListEntitiesForPolicy: Operation<ListEntitiesInput, object> = ({ input, store }) => {
  const arn = input.PolicyArn;
  if (!findManagedPolicy(store, arn)) throw policyErrors.notAttachable(arn);
  const groups: { GroupName: string; GroupId: string }[] = [];
  const users: { UserName: string; UserId: string }[] = [];
  const roles: { RoleName: string; RoleId: string }[] = [];
  const filter = input.EntityFilter;
  // The policy-kind filters select policies, not principals: for one policy's entities they select none.
  if (filter === "LocalManagedPolicy" || filter === "AWSManagedPolicy") {
    return { PolicyGroups: groups, PolicyUsers: users, PolicyRoles: roles, IsTruncated: false };
  }
  const wanted = filter && (filter.toLowerCase() as PrincipalKind);
  const pathPrefix = input.PathPrefix ?? "/";
  const after = decodeMarker(input.Marker);
  const result = page(
    usersOfPolicy(store, arn, input.PolicyUsageFilter, after === undefined ? undefined : relationKey(arn, after)),
    input.MaxItems,
    (row) => {
      if (wanted && row.kind !== wanted) return false;
      const principal = findPrincipal(store, row.kind, row.name);
      return principal !== undefined && principal.path.startsWith(pathPrefix);
    },
    (row) => findPrincipal(store, row.kind, row.name)!,
  );
  for (const p of result.items) {
    if (p.kind === "group") groups.push({ GroupName: p.name, GroupId: p.id });
    else if (p.kind === "user") users.push({ UserName: p.name, UserId: p.id });
    else roles.push({ RoleName: p.name, RoleId: p.id });
  }
  // The marker keeps only the "kind\0name" part: the policy ARN is in the request already.
  const marker = result.Marker && encodeMarker(decodeMarker(result.Marker)!.slice(relationKey(arn, "").length));
  return { PolicyGroups: groups, PolicyUsers: users, PolicyRoles: roles, IsTruncated: result.IsTruncated, Marker: marker };
};

// ---- permissions boundaries: called by the user and role families

/**
 * Keeps `boundaryUsage` in step when a user's or role's permissions boundary changes (Create*, Put/Delete
 * *PermissionsBoundary, Delete*): pass the ARN before and after (undefined for none).
 */
export function setBoundaryUsage(store: AccountStore, kind: "user" | "role", name: string, before: string | undefined, after: string | undefined): void {
  const table = iamTables.boundaryUsage(store);
  if (before !== undefined) table.delete(relationKey(before, kind, nameKey(name)));
  if (after !== undefined) table.put(relationKey(after, kind, nameKey(name)), { kind, name, PolicyArn: after });
}

// A principal with attached policies, or a policy attached anywhere (as a permissions policy or a boundary),
// cannot be deleted.
for (const kind of ["user", "group", "role"] as const) {
  deleteChecks[kind].push((store, name) =>
    iamTables.attachments(store).withPrefix(relationKey(kind, nameKey(name), "")).next().done ? undefined : "detach all policies");
}
deleteChecks.policy.push((store, arn) => {
  const prefix = relationKey(arn, "");
  const used = !iamTables.policyAttachments(store).withPrefix(prefix).next().done || !iamTables.boundaryUsage(store).withPrefix(prefix).next().done;
  return used ? "detach the policy from all entities" : undefined;
});

export const operations: Readonly<Record<string, Operation>> = {
  AttachUserPolicy, AttachGroupPolicy, AttachRolePolicy, DetachUserPolicy, DetachGroupPolicy, DetachRolePolicy,
  ListAttachedUserPolicies, ListAttachedGroupPolicies, ListAttachedRolePolicies, ListEntitiesForPolicy,
};
