// Roles: CreateRole, GetRole, UpdateRole, UpdateAssumeRolePolicy, UpdateRoleDescription, DeleteRole,
// ListRoles, TagRole, UntagRole, ListRoleTags, PutRolePermissionsBoundary, DeleteRolePermissionsBoundary,
// CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus.
import { randomUUID } from "node:crypto";
import { awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { setBoundaryUsage } from "./attachments.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { pageOf } from "./pagination.js";
import { checkPolicyDocument, encodeDocument } from "./policy-documents.js";
import { deleteChecks, iamTables, nameKey, relationKey, type RoleRecord, type Tag } from "./records.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules } from "./tags.js";
import { checkPath, iamArn, permissionsBoundary } from "./users.js";

const DEFAULT_MAX_SESSION = 3600;
const SERVICE_ROLE_PATH = "/aws-service-role/";

export function rolesOf(store: AccountStore): Collection<RoleRecord> {
  return iamTables.roles(store);
}

export function requireRole(store: AccountStore, name: string): RoleRecord {
  const role = rolesOf(store).get(nameKey(name));
  if (!role) throw iamErrors.noSuchEntity("Role", name);
  return role;
}

/**
 * A role the caller may change: service-linked roles belong to their service, so AWS refuses to edit
 * their trust, boundary or policies (tags and the description stay editable). Attach/inline-policy
 * operations use this too.
 */
export function requireModifiableRole(store: AccountStore, name: string): RoleRecord {
  const role = requireRole(store, name);
  if (role.serviceLinked) throw protectedRole(role.RoleName);
  return role;
}

function protectedRole(name: string) {
  return awsError("iam", "UnmodifiableEntity", `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`);
}

export interface RoleShape {
  Path: string; RoleName: string; RoleId: string; Arn: string; CreateDate: string;
  AssumeRolePolicyDocument?: string; Description?: string; MaxSessionDuration?: number;
  PermissionsBoundary?: RoleRecord["PermissionsBoundary"]; Tags?: readonly Tag[];
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
}

/**
 * AWS returns different members of a role per operation: CreateRole (and the role inside an instance
 * profile) leave out the description, session length and last use; ListRoles leaves out tags, boundary
 * and last use; GetRole returns everything, RoleLastUsed as {} until the role is first assumed.
 */
export type RoleView = "create" | "get" | "list" | "profile";

export function roleShape(role: RoleRecord, view: RoleView): RoleShape {
  const shape: RoleShape = {
    Path: role.Path, RoleName: role.RoleName, RoleId: role.RoleId, Arn: role.Arn, CreateDate: role.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(role.AssumeRolePolicyDocument),
  };
  if (view === "profile") return shape;
  if (view === "get" || view === "list") {
    shape.Description = role.Description;
    shape.MaxSessionDuration = role.MaxSessionDuration;
  }
  if (view === "list") return shape;
  shape.PermissionsBoundary = role.PermissionsBoundary;
  shape.Tags = role.Tags?.length ? role.Tags : undefined;
  if (view === "get") shape.RoleLastUsed = { ...role.RoleLastUsed };
  return shape;
}

/** Called by STS when a role is assumed: GetRole's RoleLastUsed then shows when and in which region. */
export function recordRoleUse(store: AccountStore, roleName: string, region: string, date: Date | string): void {
  const role = rolesOf(store).get(nameKey(roleName));
  if (!role) return;
  const LastUsedDate = typeof date === "string" ? date : date.toISOString();
  rolesOf(store).put(nameKey(role.RoleName), { ...role, RoleLastUsed: { LastUsedDate, Region: region } });
}

function inInstanceProfile(store: AccountStore, roleName: string): boolean {
  return !iamTables.roleInstanceProfiles(store).withPrefix(relationKey(nameKey(roleName), "")).next().done;
}

/** The trust policy's own check: JSON first (AWS words this one differently for trust policies). */
function checkTrustPolicy(text: string, roleName: string): void {
  try { JSON.parse(text); }
  catch { throw iamErrors.malformedPolicy("This policy contains invalid Json"); }
  checkPolicyDocument(text, "trust", roleName);
}

interface CreateRoleInput {
  RoleName: string; Path?: string; AssumeRolePolicyDocument: string; Description?: string;
  MaxSessionDuration?: number; PermissionsBoundary?: string; Tags?: Tag[];
}

export const CreateRole: Operation<CreateRoleInput, { Role: RoleShape }> = ({ input, caller, store, clock }) => {
  const path = checkPath(input.Path);
  const tags = initialTags(input.Tags, tagRules.role);
  checkTrustPolicy(input.AssumeRolePolicyDocument, input.RoleName);
  const boundary = input.PermissionsBoundary !== undefined ? permissionsBoundary(store, input.PermissionsBoundary) : undefined;
  const roles = rolesOf(store);
  if (roles.has(nameKey(input.RoleName))) throw iamErrors.entityAlreadyExists("Role", input.RoleName);
  const role = roles.put(nameKey(input.RoleName), {
    RoleName: input.RoleName,
    RoleId: uniqueId("AROA"),
    Arn: iamArn(store, "role", path, input.RoleName),
    Path: path,
    CreateDate: clock.now().toISOString(),
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    Description: input.Description,
    MaxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION,
    PermissionsBoundary: boundary,
    Tags: tags,
  });
  setBoundaryUsage(store, "role", role.RoleName, undefined, boundary?.PermissionsBoundaryArn);
  return { Role: roleShape(role, "create") };
};

export const GetRole: Operation<{ RoleName: string }, { Role: RoleShape }> = ({ input, store }) =>
  ({ Role: roleShape(requireRole(store, input.RoleName), "get") });

export const ListRoles: Operation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, { Roles: RoleShape[]; IsTruncated: boolean; Marker?: string }> = ({ input, store }) => {
  const prefix = input.PathPrefix ?? "/";
  const { items, IsTruncated, Marker } = pageOf(rolesOf(store), input, (r) => r.Path.startsWith(prefix), (r) => roleShape(r, "list"));
  return { Roles: items, IsTruncated, Marker };
};

export const UpdateRole: Operation<{ RoleName: string; Description?: string; MaxSessionDuration?: number }, Record<string, never>> = ({ input, store }) => {
  const role = requireRole(store, input.RoleName);
  if (role.serviceLinked && input.MaxSessionDuration !== undefined) {
    throw awsError("iam", "UnmodifiableEntity", `${role.RoleName} is an AWS service linked role, max session duration cannot be changed.`);
  }
  rolesOf(store).put(nameKey(role.RoleName), {
    ...role,
    Description: input.Description ?? role.Description,
    MaxSessionDuration: input.MaxSessionDuration ?? role.MaxSessionDuration,
  });
  return {};
};

export const UpdateRoleDescription: Operation<{ RoleName: string; Description: string }, { Role: RoleShape }> = ({ input, store }) => {
  const role = requireRole(store, input.RoleName);
  const updated = rolesOf(store).put(nameKey(role.RoleName), { ...role, Description: input.Description });
  return { Role: { ...roleShape(updated, "create"), Description: updated.Description } };
};

export const UpdateAssumeRolePolicy: Operation<{ RoleName: string; PolicyDocument: string }, Record<string, never>> = ({ input, store }) => {
  const role = requireModifiableRole(store, input.RoleName);
  checkTrustPolicy(input.PolicyDocument, role.RoleName);
  rolesOf(store).put(nameKey(role.RoleName), { ...role, AssumeRolePolicyDocument: input.PolicyDocument });
  return {};
};

export const DeleteRole: Operation<{ RoleName: string }, Record<string, never>> = ({ input, store }) => {
  const role = requireModifiableRole(store, input.RoleName);
  if (inInstanceProfile(store, role.RoleName)) throw iamErrors.deleteConflict("remove roles from instance profile");
  for (const check of deleteChecks.role) {
    const conflict = check(store, role.RoleName);
    if (conflict) throw iamErrors.deleteConflict(conflict);
  }
  rolesOf(store).delete(nameKey(role.RoleName));
  setBoundaryUsage(store, "role", role.RoleName, role.PermissionsBoundary?.PermissionsBoundaryArn, undefined);
  return {};
};

export const TagRole: Operation<{ RoleName: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const role = requireRole(store, input.RoleName);
  rolesOf(store).put(nameKey(role.RoleName), { ...role, Tags: mergeTags(role.Tags, input.Tags, tagRules.role) });
  return {};
};

export const UntagRole: Operation<{ RoleName: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const role = requireRole(store, input.RoleName);
  rolesOf(store).put(nameKey(role.RoleName), { ...role, Tags: removeTags(role.Tags, input.TagKeys, tagRules.role) });
  return {};
};

export const ListRoleTags: Operation<{ RoleName: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireRole(store, input.RoleName).Tags, input, tagRules.role);

export const PutRolePermissionsBoundary: Operation<{ RoleName: string; PermissionsBoundary: string }, Record<string, never>> = ({ input, store }) => {
  const role = requireModifiableRole(store, input.RoleName);
  const boundary = permissionsBoundary(store, input.PermissionsBoundary);
  rolesOf(store).put(nameKey(role.RoleName), { ...role, PermissionsBoundary: boundary });
  setBoundaryUsage(store, "role", role.RoleName, role.PermissionsBoundary?.PermissionsBoundaryArn, boundary.PermissionsBoundaryArn);
  return {};
};

export const DeleteRolePermissionsBoundary: Operation<{ RoleName: string }, Record<string, never>> = ({ input, store }) => {
  const role = requireModifiableRole(store, input.RoleName);
  if (role.PermissionsBoundary) {
    rolesOf(store).put(nameKey(role.RoleName), { ...role, PermissionsBoundary: undefined });
    setBoundaryUsage(store, "role", role.RoleName, role.PermissionsBoundary.PermissionsBoundaryArn, undefined);
  }
  return {};
};

/**
 * The role name each service gives its service-linked role, and whether it takes a CustomSuffix, for
 * services where the name is not simply derived from the principal (AWS's per-service documentation).
 * Other principals get "AWSServiceRoleFor" + their capitalised labels and accept a suffix.
 */
const SERVICE_LINKED: Readonly<Record<string, { name: string; suffix: boolean }>> = {
  "acm.amazonaws.com": { name: "AWSServiceRoleForCertificateManager", suffix: false },
  "autoscaling.amazonaws.com": { name: "AWSServiceRoleForAutoScaling", suffix: true },
  "backup.amazonaws.com": { name: "AWSServiceRoleForBackup", suffix: false },
  "batch.amazonaws.com": { name: "AWSServiceRoleForBatch", suffix: false },
  "cloudtrail.amazonaws.com": { name: "AWSServiceRoleForCloudTrail", suffix: false },
  "config.amazonaws.com": { name: "AWSServiceRoleForConfig", suffix: false },
  "connect.amazonaws.com": { name: "AWSServiceRoleForAmazonConnect", suffix: true },
  "dynamodb.application-autoscaling.amazonaws.com": { name: "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable", suffix: false },
  "ecs.amazonaws.com": { name: "AWSServiceRoleForECS", suffix: false },
  "eks.amazonaws.com": { name: "AWSServiceRoleForAmazonEKS", suffix: false },
  "eks-nodegroup.amazonaws.com": { name: "AWSServiceRoleForAmazonEKSNodegroup", suffix: false },
  "elasticache.amazonaws.com": { name: "AWSServiceRoleForElastiCache", suffix: false },
  "elasticbeanstalk.amazonaws.com": { name: "AWSServiceRoleForElasticBeanstalk", suffix: false },
  "elasticfilesystem.amazonaws.com": { name: "AWSServiceRoleForAmazonElasticFileSystem", suffix: false },
  "elasticloadbalancing.amazonaws.com": { name: "AWSServiceRoleForElasticLoadBalancing", suffix: false },
  "es.amazonaws.com": { name: "AWSServiceRoleForAmazonElasticsearchService", suffix: false },
  "guardduty.amazonaws.com": { name: "AWSServiceRoleForAmazonGuardDuty", suffix: false },
  "kafka.amazonaws.com": { name: "AWSServiceRoleForKafka", suffix: false },
  "lambda.amazonaws.com": { name: "AWSServiceRoleForLambda", suffix: false },
  "lex.amazonaws.com": { name: "AWSServiceRoleForLexBots", suffix: false },
  "lexv2.amazonaws.com": { name: "AWSServiceRoleForLexV2Bots", suffix: true },
  "opensearchservice.amazonaws.com": { name: "AWSServiceRoleForAmazonOpenSearchService", suffix: false },
  "rds.amazonaws.com": { name: "AWSServiceRoleForRDS", suffix: false },
  "redshift.amazonaws.com": { name: "AWSServiceRoleForRedshift", suffix: false },
  "spot.amazonaws.com": { name: "AWSServiceRoleForEC2Spot", suffix: false },
  "ssm.amazonaws.com": { name: "AWSServiceRoleForAmazonSSM", suffix: false },
  "sso.amazonaws.com": { name: "AWSServiceRoleForSSO", suffix: false },
  "support.amazonaws.com": { name: "AWSServiceRoleForSupport", suffix: false },
  "trustedadvisor.amazonaws.com": { name: "AWSServiceRoleForTrustedAdvisor", suffix: false },
};

const SERVICE_PRINCIPAL = /^([a-z0-9][a-z0-9.-]*)\.amazonaws\.com$/;

function serviceLinkedName(service: string, suffix: string | undefined): string {
  const known = SERVICE_LINKED[service];
  if (known && suffix !== undefined && !known.suffix) throw iamErrors.invalidInput(`Custom suffix is not allowed for ${service}`);
  const base = known?.name ?? "AWSServiceRoleFor" + SERVICE_PRINCIPAL.exec(service)![1]!
    .split(/[.-]/).filter(Boolean).map((label) => label[0]!.toUpperCase() + label.slice(1)).join("");
  return suffix !== undefined ? `${base}_${suffix}` : base;
}

export const CreateServiceLinkedRole: Operation<{ AWSServiceName: string; Description?: string; CustomSuffix?: string }, { Role: RoleShape }> = ({ input, caller, store, clock }) => {
  const service = input.AWSServiceName;
  if (!SERVICE_PRINCIPAL.test(service)) throw iamErrors.invalidInput(`Invalid ServiceName: ${service}`);
  const name = serviceLinkedName(service, input.CustomSuffix);
  const roles = rolesOf(store);
  if (roles.has(nameKey(name))) {
    throw iamErrors.invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
  }
  const path = `${SERVICE_ROLE_PATH}${service}/`;
  const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: [service] }, Action: ["sts:AssumeRole"] }],
  });
  const role = roles.put(nameKey(name), {
    RoleName: name,
    RoleId: uniqueId("AROA"),
    Arn: iamArn(store, "role", path, name),
    Path: path,
    CreateDate: clock.now().toISOString(),
    AssumeRolePolicyDocument: trust,
    Description: input.Description,
    MaxSessionDuration: DEFAULT_MAX_SESSION,
    serviceLinked: service,
  });
  return { Role: { ...roleShape(role, "create"), Description: role.Description } };
};

// Deletion is immediate here, so every task this emulator issued has SUCCEEDED. It remembers the ids it issued
// (in the account table), so an id it never issued is NoSuchEntity rather than a made-up success.
const DELETION_TASK = /^task\/aws-service-role\/[a-z0-9.-]+\.amazonaws\.com\/[\w+=,.@-]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const deletionTaskKey = (id: string) => `serviceLinkedRoleDeletion:${id}`;

export const DeleteServiceLinkedRole: Operation<{ RoleName: string }, { DeletionTaskId: string }> = ({ input, store }) => {
  const role = requireRole(store, input.RoleName);
  if (!role.serviceLinked) throw awsError("iam", "NoSuchEntity", `There is no service-linked role with name ${role.RoleName}.`);
  if (inInstanceProfile(store, role.RoleName)) throw iamErrors.deleteConflict("remove roles from instance profile");
  // The service owns the role's policies: they go with it.
  const key = nameKey(role.RoleName);
  const attachments = iamTables.attachments(store);
  for (const [k, row] of [...attachments.withPrefix(relationKey("role", key, ""))]) {
    attachments.delete(k);
    iamTables.policyAttachments(store).delete(relationKey(row.PolicyArn, "role", key));
  }
  const inline = iamTables.inlinePolicies(store);
  for (const [k] of [...inline.withPrefix(relationKey("role", key, ""))]) inline.delete(k);
  rolesOf(store).delete(key);
  const taskId = `task${role.Path}${role.RoleName}/${randomUUID()}`;
  iamTables.account(store).put(deletionTaskKey(taskId), { Status: "SUCCEEDED" });
  return { DeletionTaskId: taskId };
};

export const GetServiceLinkedRoleDeletionStatus: Operation<{ DeletionTaskId: string }, { Status: string }> = ({ input, store }) => {
  if (!DELETION_TASK.test(input.DeletionTaskId)) throw iamErrors.invalidInput(`Invalid deletion task id: ${input.DeletionTaskId}`);
  const task = iamTables.account(store).get(deletionTaskKey(input.DeletionTaskId)) as { Status: string } | undefined;
  if (!task) throw awsError("iam", "NoSuchEntity", `The deletion task with id ${input.DeletionTaskId} cannot be found.`);
  return { Status: task.Status };
};

export const operations = {
  CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole,
  TagRole, UntagRole, ListRoleTags, PutRolePermissionsBoundary, DeleteRolePermissionsBoundary,
  CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus,
} satisfies Readonly<Record<string, Operation>>;
