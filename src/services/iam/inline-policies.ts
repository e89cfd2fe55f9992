// Inline policies: Put/Get/Delete/List{User,Group,Role}Policy(ies). A principal's inline policies share one size
// quota (user 2,048, group 5,120, role 10,240 characters, whitespace excluded), so Put checks the total.
// Also policiesFor(): every identity policy of a principal, inline and attached, for the policy engine.
import type { AccountStore } from "../../store/store.js";
import { awsError } from "../../protocol/errors.js";
import type { Operation } from "../operation.js";
import { attachedPoliciesOf, requirePrincipal, rowsUnder } from "./attachments.js";
import { decodeMarker, page } from "./pagination.js";
import { getManagedPolicyDocument } from "./policies.js";
import { checkPolicyDocument, encodeDocument } from "./policy-documents.js";
import { deleteChecks, iamTables, nameKey, relationKey, type InlinePolicyRecord, type PrincipalKind } from "./records.js";

const TOTAL_LIMIT: Record<PrincipalKind, number> = { user: 2048, group: 5120, role: 10240 };
const NAME_FIELD = { user: "UserName", group: "GroupName", role: "RoleName" } as const;

function sizeOf(document: string): number {
  return document.replace(/\s/g, "").length;
}

function inlineKey(kind: PrincipalKind, principal: string, policyName: string): string {
  return relationKey(kind, nameKey(principal), policyName);
}

/** A principal's inline policies, in name order. */
export function inlinePoliciesOf(store: AccountStore, kind: PrincipalKind, name: string): InlinePolicyRecord[] {
  return [...iamTables.inlinePolicies(store).withPrefix(relationKey(kind, nameKey(name), ""))].map(([, row]) => row);
}

function notFound(kind: PrincipalKind, policyName: string) {
  return awsError("iam", "NoSuchEntity", `The ${kind} policy with name ${policyName} cannot be found.`);
}

type WithPrincipal = Record<string, string>;

function put(kind: PrincipalKind): Operation<WithPrincipal & { PolicyName: string; PolicyDocument: string }, Record<string, never>> {
  return ({ input, store }) => {
    const principal = requirePrincipal(store, kind, input[NAME_FIELD[kind]]!);
    checkPolicyDocument(input.PolicyDocument, kind, principal.name);
    let total = sizeOf(input.PolicyDocument);
    for (const other of inlinePoliciesOf(store, kind, principal.name)) {
      if (other.PolicyName !== input.PolicyName) total += sizeOf(other.PolicyDocument);
    }
    if (total > TOTAL_LIMIT[kind]) {
      throw awsError("iam", "LimitExceeded", `Maximum policy size of ${TOTAL_LIMIT[kind]} bytes exceeded for ${kind} ${principal.name}`);
    }
    iamTables.inlinePolicies(store).put(inlineKey(kind, principal.name, input.PolicyName),
      { kind, name: principal.name, PolicyName: input.PolicyName, PolicyDocument: input.PolicyDocument });
    return {};
  };
}

function get(kind: PrincipalKind): Operation<WithPrincipal & { PolicyName: string }, object> {
  return ({ input, store }) => {
    const principal = requirePrincipal(store, kind, input[NAME_FIELD[kind]]!);
    const policy = iamTables.inlinePolicies(store).get(inlineKey(kind, principal.name, input.PolicyName));
    if (!policy) throw notFound(kind, input.PolicyName);
    return { [NAME_FIELD[kind]]: principal.name, PolicyName: policy.PolicyName, PolicyDocument: encodeDocument(policy.PolicyDocument) };
  };
}

function remove(kind: PrincipalKind): Operation<WithPrincipal & { PolicyName: string }, Record<string, never>> {
  return ({ input, store }) => {
    const principal = requirePrincipal(store, kind, input[NAME_FIELD[kind]]!);
    if (!iamTables.inlinePolicies(store).delete(inlineKey(kind, principal.name, input.PolicyName))) throw notFound(kind, input.PolicyName);
    return {};
  };
}

function list(kind: PrincipalKind): Operation<WithPrincipal & { Marker?: string; MaxItems?: number }, object> {
  return ({ input, store }) => {
    const principal = requirePrincipal(store, kind, input[NAME_FIELD[kind]]!);
    const prefix = relationKey(kind, nameKey(principal.name), "");
    const result = page(rowsUnder(iamTables.inlinePolicies(store), prefix, decodeMarker(input.Marker)), input.MaxItems as number | undefined,
      undefined, (p) => p.PolicyName);
    return { PolicyNames: result.items, IsTruncated: result.IsTruncated, Marker: result.Marker };
  };
}

export const PutUserPolicy = put("user");
export const PutGroupPolicy = put("group");
export const PutRolePolicy = put("role");
export const GetUserPolicy = get("user");
export const GetGroupPolicy = get("group");
export const GetRolePolicy = get("role");
export const DeleteUserPolicy = remove("user");
export const DeleteGroupPolicy = remove("group");
export const DeleteRolePolicy = remove("role");
export const ListUserPolicies = list("user");
export const ListGroupPolicies = list("group");
export const ListRolePolicies = list("role");

export interface IdentityPolicy {
  readonly source: { readonly kind: "identity"; readonly name: string; readonly arn?: string };
  readonly document: string;
}

/**
 * Every identity-based policy that applies to a principal: its inline policies and the default versions of
 * its attached managed policies, and for a user also those of each group it belongs to.
 */
export function policiesFor(store: AccountStore, kind: PrincipalKind, name: string): IdentityPolicy[] {
  const out: IdentityPolicy[] = [];
  const collect = (k: PrincipalKind, n: string) => {
    for (const p of inlinePoliciesOf(store, k, n)) out.push({ source: { kind: "identity", name: p.PolicyName }, document: p.PolicyDocument });
    for (const a of attachedPoliciesOf(store, k, n)) {
      const managed = getManagedPolicyDocument(store, a.PolicyArn);
      if (managed) out.push({ source: { kind: "identity", name: a.PolicyName, arn: a.PolicyArn }, document: managed.document });
    }
  };
  collect(kind, name);
  if (kind === "user") {
    for (const [, membership] of iamTables.userGroups(store).withPrefix(relationKey(nameKey(name), ""))) collect("group", membership.GroupName);
  }
  return out;
}

for (const kind of ["user", "group", "role"] as const) {
  deleteChecks[kind].push((store, name) =>
    iamTables.inlinePolicies(store).withPrefix(relationKey(kind, nameKey(name), "")).next().done ? undefined : "delete policies");
}

export const operations: Readonly<Record<string, Operation>> = {
  PutUserPolicy, PutGroupPolicy, PutRolePolicy, GetUserPolicy, GetGroupPolicy, GetRolePolicy,
  DeleteUserPolicy, DeleteGroupPolicy, DeleteRolePolicy, ListUserPolicies, ListGroupPolicies, ListRolePolicies,
};
