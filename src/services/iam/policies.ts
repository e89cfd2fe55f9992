// Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies; their versions (CreatePolicyVersion,
// GetPolicyVersion, DeletePolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion); TagPolicy, UntagPolicy,
// ListPolicyTags. Customer-managed policies live in the store, keyed by ARN; AWS-managed ones come from the
// bundled catalog and are read-only. AttachmentCount and PermissionsBoundaryUsageCount are counted from the
// reverse index tables on every read, so they cannot drift from the attachments themselves.
import type { Caller } from "../../auth/caller.js";
import { awsError, type AwsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { awsManagedPoliciesAfter, awsManagedPolicy, isAwsManagedArn, type AwsManagedPolicy } from "./aws-managed-policies.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { setAwsManagedLookup } from "./managed-policy-documents.js";
import { decodeMarker, page } from "./pagination.js";
import { checkPolicyDocument, encodeDocument } from "./policy-documents.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules, type TagPage } from "./tags.js";
import { deleteChecks, iamTables, nameKey, type ManagedPolicyRecord, type PolicyVersionRecord, type Tag } from "./records.js";

const MAX_VERSIONS = 5;

// ---- ARNs and errors

const POLICY_ARN = /^arn:[\w-]+:iam::(\d{12}|aws):policy((?:\/[A-Za-z0-9.,+@=_-]+)*\/)([\w+=,.@-]+)$/;

export interface PolicyArnParts { readonly account: string; readonly path: string; readonly name: string }

/** Splits a policy ARN, or throws AWS's InvalidInput for anything that is not one. */
export function parsePolicyArn(arn: string): PolicyArnParts {
  const match = POLICY_ARN.exec(arn);
  if (!match) throw iamErrors.invalidInput(`ARN ${arn} is not valid.`);
  return { account: match[1]!, path: match[2]!, name: match[3]! };
}

export const policyErrors = {
  notFound: (arn: string): AwsError => awsError("iam", "NoSuchEntity", `Policy ${arn} was not found.`),
  notAttachable: (arn: string): AwsError => awsError("iam", "NoSuchEntity", `Policy ${arn} does not exist or is not attachable.`),
  noSuchVersion: (arn: string, versionId: string): AwsError =>
    awsError("iam", "NoSuchEntity", `Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  /** AWS-managed policies belong to AWS's account: changing one is denied like any cross-account write. */
  awsManaged: (caller: Caller, action: string, arn: string): AwsError =>
    awsError("iam", "AccessDenied",
      `User: ${caller.arn} is not authorized to perform: iam:${action} on resource: policy ${arn} because no resource-based policy allows the iam:${action} action`),
};

// ---- reads shared with attachments and the policy engine

export type AnyManagedPolicy = ManagedPolicyRecord | AwsManagedPolicy;

export function isCustomerPolicy(policy: AnyManagedPolicy): policy is ManagedPolicyRecord {
  return "versions" in policy;
}

/** The customer- or AWS-managed policy `arn` names (after checking its form), or undefined. */
export function findManagedPolicy(store: AccountStore, arn: string): AnyManagedPolicy | undefined {
  const parts = parsePolicyArn(arn);
  if (parts.account === "aws") return awsManagedPolicy(arn);
  return parts.account === store.accountId ? iamTables.policies(store).get(arn) : undefined;
}

/** What the policy engine evaluates for an attached or boundary policy: its default version's document. */
export function getManagedPolicyDocument(store: AccountStore, arn: string): { document: string; versionId: string } | undefined {
  if (!POLICY_ARN.test(arn)) return undefined;
  const policy = findManagedPolicy(store, arn);
  if (!policy) return undefined;
  if (!isCustomerPolicy(policy)) return { document: policy.Document, versionId: policy.DefaultVersionId };
  const version = policy.versions.find((v) => v.VersionId === policy.DefaultVersionId)!;
  return { document: version.Document, versionId: version.VersionId };
}

// The enforcement path (principal-policies.ts) reads AWS-managed documents through this lookup; the catalog
// still loads only when a first AWS-managed policy is evaluated.
setAwsManagedLookup((arn) => {
  const policy = awsManagedPolicy(arn);
  return policy && { document: policy.Document, versionId: policy.DefaultVersionId };
});

function countWithPrefix(table: Collection<unknown>, prefix: string): number {
  let n = 0;
  for (const _ of table.withPrefix(prefix)) n++;
  return n;
}

export function attachmentCount(store: AccountStore, arn: string): number {
  return countWithPrefix(iamTables.policyAttachments(store), `${arn}\u0000`);
}

export function boundaryUsageCount(store: AccountStore, arn: string): number {
  return countWithPrefix(iamTables.boundaryUsage(store), `${arn}\u0000`);
}

// ---- shapes

interface PolicyShape {
  PolicyName: string; PolicyId: string; Arn: string; Path: string; DefaultVersionId: string;
  AttachmentCount: number; PermissionsBoundaryUsageCount: number; IsAttachable: boolean;
  Description?: string; CreateDate: string; UpdateDate: string; Tags?: readonly Tag[];
}

/** CreatePolicy echoes tags only when given; GetPolicy adds Description and always Tags; lists carry neither. */
function policyShape(store: AccountStore, policy: AnyManagedPolicy, detail: "create" | "get" | "list"): PolicyShape {
  const shape: PolicyShape = {
    PolicyName: policy.PolicyName, PolicyId: policy.PolicyId, Arn: policy.Arn, Path: policy.Path,
    DefaultVersionId: policy.DefaultVersionId,
    AttachmentCount: attachmentCount(store, policy.Arn),
    PermissionsBoundaryUsageCount: boundaryUsageCount(store, policy.Arn),
    IsAttachable: true,
    CreateDate: policy.CreateDate, UpdateDate: policy.UpdateDate,
  };
  const tags = isCustomerPolicy(policy) ? policy.Tags ?? [] : [];
  if (detail === "get") {
    if (isCustomerPolicy(policy) && policy.Description !== undefined) shape.Description = policy.Description;
    shape.Tags = tags;
  } else if (detail === "create" && tags.length) {
    shape.Tags = tags;
  }
  return shape;
}

function versionShape(version: PolicyVersionRecord, withDocument: boolean) {
  return {
    Document: withDocument ? encodeDocument(version.Document) : undefined,
    VersionId: version.VersionId, IsDefaultVersion: version.IsDefaultVersion, CreateDate: version.CreateDate,
  };
}

/** An AWS-managed policy has one version here: the catalog keeps only the default. */
function awsVersion(policy: AwsManagedPolicy): PolicyVersionRecord {
  return { VersionId: policy.DefaultVersionId, Document: policy.Document, IsDefaultVersion: true, CreateDate: policy.UpdateDate };
}

// ---- tags

/** ListPolicyTags answers shorter keys first, then by code unit (so "A" before "a"), as AWS does. */
function compareTagKeys(a: Tag, b: Tag): number {
  if (a.Key.length !== b.Key.length) return a.Key.length - b.Key.length;
  return a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0;
}

// ---- lookups for writes

function customerPolicy(store: AccountStore, caller: Caller, action: string, arn: string): ManagedPolicyRecord {
  const parts = parsePolicyArn(arn);
  if (parts.account === "aws") throw policyErrors.awsManaged(caller, action, arn);
  const policy = parts.account === store.accountId ? iamTables.policies(store).get(arn) : undefined;
  if (!policy) throw policyErrors.notFound(arn);
  return policy;
}

function versionNumber(versionId: string): number {
  return Number.parseInt(versionId.slice(1), 10);
}

// ---- operations

interface CreatePolicyInput { PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: Tag[] }

export const CreatePolicy: Operation<CreatePolicyInput, { Policy: PolicyShape }> = ({ input, store, clock }) => {
  const path = input.Path ?? "/";
  const tags = initialTags(input.Tags, tagRules.policy);
  checkPolicyDocument(input.PolicyDocument, "managed", input.PolicyName);
  const names = iamTables.policyNames(store);
  if (names.has(nameKey(input.PolicyName))) {
    throw awsError("iam", "EntityAlreadyExists", `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
  }
  const now = clock.now().toISOString();
  const arn = `arn:${store.partition}:iam::${store.accountId}:policy${path}${input.PolicyName}`;
  const policy: ManagedPolicyRecord = {
    PolicyName: input.PolicyName,
    PolicyId: uniqueId("ANPA"),
    Arn: arn,
    Path: path,
    DefaultVersionId: "v1",
    IsAttachable: true,
    Description: input.Description,
    CreateDate: now,
    UpdateDate: now,
    Tags: tags,
    versions: [{ VersionId: "v1", Document: input.PolicyDocument, IsDefaultVersion: true, CreateDate: now }],
    nextVersion: 2,
  };
  iamTables.policies(store).put(arn, policy);
  names.put(nameKey(input.PolicyName), arn);
  return { Policy: policyShape(store, policy, "create") };
};

export const GetPolicy: Operation<{ PolicyArn: string }, { Policy: PolicyShape }> = ({ input, store }) => {
  const policy = findManagedPolicy(store, input.PolicyArn);
  if (!policy) throw policyErrors.notFound(input.PolicyArn);
  return { Policy: policyShape(store, policy, "get") };
};

export const DeletePolicy: Operation<{ PolicyArn: string }, Record<string, never>> = ({ input, caller, store }) => {
  const policy = customerPolicy(store, caller, "DeletePolicy", input.PolicyArn);
  for (const check of deleteChecks.policy) {
    if (check(store, policy.Arn)) throw awsError("iam", "DeleteConflict", "Cannot delete a policy attached to entities.");
  }
  if (policy.versions.length > 1) {
    throw awsError("iam", "DeleteConflict",
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
  }
  iamTables.policies(store).delete(policy.Arn);
  iamTables.policyNames(store).delete(nameKey(policy.PolicyName));
  return {};
};

interface ListPoliciesInput {
  Scope?: "All" | "AWS" | "Local"; OnlyAttached?: boolean; PathPrefix?: string;
  PolicyUsageFilter?: "PermissionsPolicy" | "PermissionsBoundary"; Marker?: string; MaxItems?: number;
}

/** Distinct policy ARNs of a reverse index keyed "arn\0…", after `after`: one binary search per ARN. */
function* distinctArns(table: Collection<{ readonly PolicyArn: string }>, after: string | undefined): Generator<string> {
  // "\u0001" sorts after every "arn\0…" key of the same ARN and before any longer ARN.
  let cursor = after === undefined ? undefined : `${after}\u0001`;
  for (;;) {
    const next = table.from(cursor).next();
    if (next.done) return;
    const arn = next.value[1].PolicyArn;
    yield arn;
    cursor = `${arn}\u0001`;
  }
}

function* none(): Generator<string> { /* an empty stream */ }

function* mergeSorted(a: Generator<string>, b: Generator<string>): Generator<string> {
  let x = a.next(), y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value < y.value)) { yield x.value as string; x = a.next(); }
    else if (x.done || y.value < x.value) { yield y.value; y = b.next(); }
    else { yield x.value; x = a.next(); y = b.next(); }
  }
}

/** Candidate policies in ARN order after `after`: customer ARNs (12-digit account) sort before AWS's. */
function* policiesInOrder(store: AccountStore, input: ListPoliciesInput, after: string | undefined): Generator<[string, AnyManagedPolicy]> {
  const scope = input.Scope ?? "All";
  if (input.OnlyAttached) {
    const usage = input.PolicyUsageFilter;
    const attached = usage === "PermissionsBoundary" ? none() : distinctArns(iamTables.policyAttachments(store), after);
    const bounded = usage === "PermissionsPolicy" ? none() : distinctArns(iamTables.boundaryUsage(store), after);
    const local = iamTables.policies(store);
    for (const arn of mergeSorted(attached, bounded)) {
      const aws = isAwsManagedArn(arn);
      if (aws && scope === "Local") return;
      if (!aws && scope === "AWS") continue;
      const policy = aws ? awsManagedPolicy(arn) : local.get(arn);
      if (policy) yield [arn, policy];
    }
    return;
  }
  if (scope !== "AWS") yield* iamTables.policies(store).from(after);
  if (scope !== "Local") {
    for (const policy of awsManagedPoliciesAfter(store.partition, after)) yield [policy.Arn, policy];
  }
}

export const ListPolicies: Operation<ListPoliciesInput, { Policies: PolicyShape[]; IsTruncated: boolean; Marker?: string }> = ({ input, store }) => {
  const prefix = input.PathPrefix ?? "/";
  const result = page(policiesInOrder(store, input, decodeMarker(input.Marker)), input.MaxItems,
    (p) => p.Path.startsWith(prefix), (p) => policyShape(store, p, "list"));
  return { Policies: result.items, IsTruncated: result.IsTruncated, Marker: result.Marker };
};

// ---- versions

export const CreatePolicyVersion: Operation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }, object> = ({ input, caller, store, clock }) => {
  const policy = customerPolicy(store, caller, "CreatePolicyVersion", input.PolicyArn);
  checkPolicyDocument(input.PolicyDocument, "managed", policy.PolicyName);
  if (policy.versions.length >= MAX_VERSIONS) {
    throw awsError("iam", "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.");
  }
  const now = clock.now().toISOString();
  const makeDefault = input.SetAsDefault === true;
  const version: PolicyVersionRecord = { VersionId: `v${policy.nextVersion}`, Document: input.PolicyDocument, IsDefaultVersion: makeDefault, CreateDate: now };
  const versions = makeDefault ? policy.versions.map((v) => ({ ...v, IsDefaultVersion: false })) : [...policy.versions];
  iamTables.policies(store).put(policy.Arn, {
    ...policy,
    versions: [...versions, version],
    DefaultVersionId: makeDefault ? version.VersionId : policy.DefaultVersionId,
    nextVersion: policy.nextVersion + 1,
    UpdateDate: now,
  });
  return { PolicyVersion: versionShape(version, false) };
};

export const GetPolicyVersion: Operation<{ PolicyArn: string; VersionId: string }, object> = ({ input, store }) => {
  const policy = findManagedPolicy(store, input.PolicyArn);
  const versions = !policy ? [] : isCustomerPolicy(policy) ? policy.versions : [awsVersion(policy)];
  const version = versions.find((v) => v.VersionId === input.VersionId);
  if (!version) throw policyErrors.noSuchVersion(input.PolicyArn, input.VersionId);
  return { PolicyVersion: versionShape(version, true) };
};

export const DeletePolicyVersion: Operation<{ PolicyArn: string; VersionId: string }, Record<string, never>> = ({ input, caller, store }) => {
  const parts = parsePolicyArn(input.PolicyArn);
  if (parts.account === "aws") throw policyErrors.awsManaged(caller, "DeletePolicyVersion", input.PolicyArn);
  const policy = parts.account === store.accountId ? iamTables.policies(store).get(input.PolicyArn) : undefined;
  const version = policy?.versions.find((v) => v.VersionId === input.VersionId);
  if (!policy || !version) throw policyErrors.noSuchVersion(input.PolicyArn, input.VersionId);
  if (version.IsDefaultVersion) throw awsError("iam", "DeleteConflict", "Cannot delete the default version of a policy.");
  iamTables.policies(store).put(policy.Arn, { ...policy, versions: policy.versions.filter((v) => v !== version) });
  return {};
};

export const ListPolicyVersions: Operation<{ PolicyArn: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) => {
  const policy = findManagedPolicy(store, input.PolicyArn);
  if (!policy) throw policyErrors.notFound(input.PolicyArn);
  // Newest first, as AWS lists them; the marker is the last version id returned.
  const versions = (isCustomerPolicy(policy) ? [...policy.versions] : [awsVersion(policy)])
    .sort((a, b) => versionNumber(b.VersionId) - versionNumber(a.VersionId));
  const after = decodeMarker(input.Marker);
  const start = after === undefined ? 0 : versions.findIndex((v) => versionNumber(v.VersionId) < versionNumber(after));
  const rows = (start < 0 ? [] : versions.slice(start)).map((v): [string, PolicyVersionRecord] => [v.VersionId, v]);
  const result = page(rows, input.MaxItems, undefined, (v) => versionShape(v, false));
  return { Versions: result.items, IsTruncated: result.IsTruncated, Marker: result.Marker };
};

export const SetDefaultPolicyVersion: Operation<{ PolicyArn: string; VersionId: string }, Record<string, never>> = ({ input, caller, store }) => {
  const parts = parsePolicyArn(input.PolicyArn);
  if (parts.account === "aws") throw policyErrors.awsManaged(caller, "SetDefaultPolicyVersion", input.PolicyArn);
  const policy = parts.account === store.accountId ? iamTables.policies(store).get(input.PolicyArn) : undefined;
  if (!policy || !policy.versions.some((v) => v.VersionId === input.VersionId)) throw policyErrors.noSuchVersion(input.PolicyArn, input.VersionId);
  iamTables.policies(store).put(policy.Arn, {
    ...policy,
    DefaultVersionId: input.VersionId,
    versions: policy.versions.map((v) => ({ ...v, IsDefaultVersion: v.VersionId === input.VersionId })),
  });
  return {};
};

// ---- tags

export const TagPolicy: Operation<{ PolicyArn: string; Tags: Tag[] }, Record<string, never>> = ({ input, caller, store }) => {
  const policy = customerPolicy(store, caller, "TagPolicy", input.PolicyArn);
  iamTables.policies(store).put(policy.Arn, { ...policy, Tags: mergeTags(policy.Tags, input.Tags, tagRules.policy) });
  return {};
};

export const UntagPolicy: Operation<{ PolicyArn: string; TagKeys: string[] }, Record<string, never>> = ({ input, caller, store }) => {
  const policy = customerPolicy(store, caller, "UntagPolicy", input.PolicyArn);
  iamTables.policies(store).put(policy.Arn, { ...policy, Tags: removeTags(policy.Tags, input.TagKeys, tagRules.policy) });
  return {};
};

export const ListPolicyTags: Operation<{ PolicyArn: string; Marker?: string; MaxItems?: number }, TagPage> = ({ input, store }) => {
  const policy = findManagedPolicy(store, input.PolicyArn);
  if (!policy) throw policyErrors.notFound(input.PolicyArn);
  const tags = isCustomerPolicy(policy) ? [...(policy.Tags ?? [])].sort(compareTagKeys) : [];
  return tagPage(tags, input, tagRules.policy);
};

export const operations: Readonly<Record<string, Operation>> = {
  CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
  CreatePolicyVersion, GetPolicyVersion, DeletePolicyVersion, ListPolicyVersions, SetDefaultPolicyVersion,
  TagPolicy, UntagPolicy, ListPolicyTags,
};
