// The account as a whole: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases, GetAccountSummary,
// GetAccountAuthorizationDetails, GenerateCredentialReport, GetCredentialReport. All read the tables the
// other families write (records.ts); none of them writes those tables.
import { awsError } from "../../protocol/errors.js";
import type { AccessKeyRecord } from "../../store/credentials.js";
import { ACCESS_KEYS_TABLE } from "../../store/credentials.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { awsManagedPolicy } from "./aws-managed-policies.js";
import { rootArn } from "../../auth/caller.js";
import { encodeDocument } from "./policy-documents.js";
import { decodeMarker, encodeMarker } from "./pagination.js";
import { passwordPolicyOf } from "./password-policy.js";
import { globalEndpointTokenVersion } from "./security-token-service-preferences.js";
import { loginProfilesOf, type LoginProfileRow } from "./login-profiles.js";
import { rootAccessKeys } from "./access-keys.js";
import { mfaDevicesOf } from "./mfa-devices.js";
import { userCertificates } from "./signing-certificates.js";
import {
  credentialTables, iamTables, nameKey, relationKey,
  type Boundary, type GroupRecord, type ManagedPolicyRecord, type PrincipalKind, type RoleRecord, type SigningCertificateRecord, type UserRecord,
} from "./records.js";

// ---------------------------------------------------------------- aliases

const ALIASES = "aliases";
/** Aliases are unique across all accounts (they name the sign-in URL): alias → account id. */
const ALIAS_OWNERS = "iam/accountAliases";

function aliasesOf(store: AccountStore): string[] {
  return (iamTables.account(store).get(ALIASES) as string[] | undefined) ?? [];
}

/** An account has at most one alias: creating another replaces it, as the console's "Edit" does. */
export const CreateAccountAlias: Operation<{ AccountAlias: string }, Record<string, never>> = ({ input, store }) => {
  const alias = input.AccountAlias;
  const owners = store.global<string>(ALIAS_OWNERS);
  const owner = owners.get(alias);
  if (owner !== undefined && owner !== store.accountId) {
    throw awsError("iam", "EntityAlreadyExists", `The account alias ${alias} already exists.`);
  }
  for (const old of aliasesOf(store)) if (old !== alias) owners.delete(old);
  owners.put(alias, store.accountId);
  iamTables.account(store).put(ALIASES, [alias]);
  return {};
};

export const DeleteAccountAlias: Operation<{ AccountAlias: string }, Record<string, never>> = ({ input, store }) => {
  const aliases = aliasesOf(store);
  if (!aliases.includes(input.AccountAlias)) {
    throw awsError("iam", "NoSuchEntity", `The account alias ${input.AccountAlias} cannot be found.`);
  }
  store.global<string>(ALIAS_OWNERS).delete(input.AccountAlias);
  iamTables.account(store).delete(ALIASES);
  return {};
};

export const ListAccountAliases: Operation<{ Marker?: string; MaxItems?: number }, object> = ({ input, store }) => {
  decodeMarker(input.Marker);
  return { AccountAliases: input.Marker === undefined ? aliasesOf(store) : [], IsTruncated: false };
};

// ---------------------------------------------------------------- summary

/** IAM's default quotas, as GetAccountSummary reports them. */
const QUOTAS = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  RolesQuota: 1000,
  PoliciesQuota: 1500,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  PolicySizeQuota: 6144,
  AssumeRolePolicySizeQuota: 2048,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
  GlobalEndpointTokenVersion: 1,
} as const;

export const GetAccountSummary: Operation<Record<string, never>, { SummaryMap: Record<string, number> }> = ({ store }) => {
  let inUse = 0;
  for (const device of mfaDevicesOf(store).values()) if (device.UserName !== undefined) inUse++;
  return {
    SummaryMap: {
      ...QUOTAS,
      GlobalEndpointTokenVersion: globalEndpointTokenVersion(store),
      Users: iamTables.users(store).size,
      Groups: iamTables.groups(store).size,
      Roles: iamTables.roles(store).size,
      Policies: iamTables.policies(store).size,
      // Every attachment of a managed policy (customer or AWS) puts its default version in use.
      PolicyVersionsInUse: iamTables.policyAttachments(store).size,
      InstanceProfiles: iamTables.instanceProfiles(store).size,
      Providers: iamTables.oidcProviders(store).size + iamTables.samlProviders(store).size,
      ServerCertificates: credentialTables.serverCertificates(store).size,
      MFADevices: iamTables.mfaDevices(store).size,
      MFADevicesInUse: inUse,
      // The root user: the emulator's configured root key pair, no console password, no MFA, no certificates.
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 1,
      AccountPasswordPresent: 0,
      AccountSigningCertificatesPresent: 0,
    },
  };
};

// ---------------------------------------------------------------- authorization details

type Section = "User" | "Group" | "Role" | "LocalManagedPolicy" | "AWSManagedPolicy";
const SECTIONS: readonly Section[] = ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"];
const AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/";

function boundaryShape(boundary: Boundary | undefined) {
  return boundary && { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundary.PermissionsBoundaryArn };
}

function inlinePolicies(store: AccountStore, kind: PrincipalKind, name: string) {
  return [...iamTables.inlinePolicies(store).withPrefix(relationKey(kind, nameKey(name), ""))]
    .map(([, p]) => ({ PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) }));
}

function attachedPolicies(store: AccountStore, kind: PrincipalKind, name: string) {
  return [...iamTables.attachments(store).withPrefix(relationKey(kind, nameKey(name), ""))]
    .map(([, a]) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn }));
}

function userDetail(store: AccountStore, u: UserRecord) {
  return {
    Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: u.CreateDate,
    UserPolicyList: inlinePolicies(store, "user", u.UserName),
    GroupList: [...iamTables.userGroups(store).withPrefix(relationKey(nameKey(u.UserName), ""))].map(([, m]) => m.GroupName),
    AttachedManagedPolicies: attachedPolicies(store, "user", u.UserName),
    PermissionsBoundary: boundaryShape(u.PermissionsBoundary),
    Tags: u.Tags?.length ? u.Tags : undefined,
  };
}

function groupDetail(store: AccountStore, g: GroupRecord) {
  return {
    Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: g.CreateDate,
    GroupPolicyList: inlinePolicies(store, "group", g.GroupName),
    AttachedManagedPolicies: attachedPolicies(store, "group", g.GroupName),
  };
}

function roleShape(r: RoleRecord) {
  return {
    Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
    Description: r.Description, MaxSessionDuration: r.MaxSessionDuration,
    PermissionsBoundary: boundaryShape(r.PermissionsBoundary),
    Tags: r.Tags?.length ? r.Tags : undefined,
    RoleLastUsed: r.RoleLastUsed ?? {},
  };
}

function roleDetail(store: AccountStore, r: RoleRecord) {
  const roles = iamTables.roles(store);
  const instanceProfiles = [...iamTables.roleInstanceProfiles(store).withPrefix(relationKey(nameKey(r.RoleName), ""))]
    .map(([, link]) => iamTables.instanceProfiles(store).get(nameKey(link.InstanceProfileName)))
    .filter((p) => p !== undefined)
    .map((p) => ({
      Path: p.Path, InstanceProfileName: p.InstanceProfileName, InstanceProfileId: p.InstanceProfileId, Arn: p.Arn,
      CreateDate: p.CreateDate, Tags: p.Tags?.length ? p.Tags : undefined,
      Roles: p.roles.map((name) => roles.get(nameKey(name))).filter((role) => role !== undefined).map(roleShape),
    }));
  return {
    Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
    InstanceProfileList: instanceProfiles,
    RolePolicyList: inlinePolicies(store, "role", r.RoleName),
    AttachedManagedPolicies: attachedPolicies(store, "role", r.RoleName),
    PermissionsBoundary: boundaryShape(r.PermissionsBoundary),
    Tags: r.Tags?.length ? r.Tags : undefined,
    RoleLastUsed: r.RoleLastUsed ?? {},
  };
}

function countWithPrefix(rows: Iterable<unknown>): number {
  let n = 0;
  for (const _ of rows) n++;
  return n;
}

function usage(store: AccountStore, arn: string) {
  return {
    AttachmentCount: countWithPrefix(iamTables.policyAttachments(store).withPrefix(relationKey(arn, ""))),
    PermissionsBoundaryUsageCount: countWithPrefix(iamTables.boundaryUsage(store).withPrefix(relationKey(arn, ""))),
  };
}

function localPolicyDetail(store: AccountStore, p: ManagedPolicyRecord) {
  return {
    PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
    ...usage(store, p.Arn),
    IsAttachable: p.IsAttachable, Description: p.Description, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate,
    PolicyVersionList: p.versions.map((v) => ({
      Document: encodeDocument(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate,
    })),
  };
}

function awsPolicyDetail(store: AccountStore, arn: string) {
  const p = awsManagedPolicy(arn);
  if (!p) return undefined;
  return {
    PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
    ...usage(store, p.Arn),
    IsAttachable: true, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate,
    PolicyVersionList: [{ Document: encodeDocument(p.Document), VersionId: p.DefaultVersionId, IsDefaultVersion: true, CreateDate: p.UpdateDate }],
  };
}

/** One section's rows after `after`, as [marker key, detail]; AWS-managed policies only once attached. */
function* sectionRows(store: AccountStore, section: Section, after: string | undefined): Generator<[string, { list: keyof Details; item: object }]> {
  switch (section) {
    case "User":
      for (const [key, u] of iamTables.users(store).from(after)) yield [key, { list: "UserDetailList", item: userDetail(store, u) }];
      return;
    case "Group":
      for (const [key, g] of iamTables.groups(store).from(after)) yield [key, { list: "GroupDetailList", item: groupDetail(store, g) }];
      return;
    case "Role":
      for (const [key, r] of iamTables.roles(store).from(after)) yield [key, { list: "RoleDetailList", item: roleDetail(store, r) }];
      return;
    case "LocalManagedPolicy":
      for (const [key, p] of iamTables.policies(store).from(after)) yield [key, { list: "Policies", item: localPolicyDetail(store, p) }];
      return;
    case "AWSManagedPolicy": {
      // The reverse attachment index is keyed `${policyArn}\0…`: walking it from the AWS prefix visits each
      // attached AWS policy once per attachment, so skip to past the last ARN seen.
      let from = after === undefined ? AWS_POLICY_PREFIX : relationKey(after, "\uffff");
      for (;;) {
        const next = iamTables.policyAttachments(store).from(from).next();
        if (next.done || !next.value[0].startsWith(AWS_POLICY_PREFIX)) return;
        const arn = next.value[1].PolicyArn;
        const item = awsPolicyDetail(store, arn);
        if (item) yield [arn, { list: "Policies", item }];
        from = relationKey(arn, "\uffff");
      }
    }
  }
}

interface Details {
  UserDetailList: object[]; GroupDetailList: object[]; RoleDetailList: object[]; Policies: object[];
}

/** Pages across the filtered lists in AWS's order; the marker names the section and its last key. */
export const GetAccountAuthorizationDetails: Operation<{ Filter?: Section[]; MaxItems?: number; Marker?: string }, object> = ({ input, store }) => {
  const wanted = new Set<Section>(input.Filter?.length ? input.Filter : SECTIONS);
  const marker = decodeMarker(input.Marker);
  let startSection = 0;
  let after: string | undefined;
  if (marker !== undefined) {
    const split = marker.indexOf("\u0000");
    startSection = SECTIONS.indexOf(marker.slice(0, split) as Section);
    if (split < 0 || startSection < 0) throw awsError("iam", "ValidationError", "Invalid Marker.");
    after = marker.slice(split + 1);
  }
  const limit = input.MaxItems ?? 100;
  const details: Details = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  let count = 0;
  let last: string | undefined;
  for (let s = startSection; s < SECTIONS.length; s++) {
    const section = SECTIONS[s]!;
    if (!wanted.has(section)) continue;
    for (const [key, row] of sectionRows(store, section, s === startSection ? after : undefined)) {
      if (count === limit) return { ...details, IsTruncated: true, Marker: encodeMarker(last!) };
      details[row.list].push(row.item);
      count++;
      last = `${section}\u0000${key}`;
    }
  }
  return { ...details, IsTruncated: false };
};

// ---------------------------------------------------------------- credential report

const REPORT = "credentialReport";
/** AWS hands out the same report for four hours before generating a new one. */
const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

interface StoredReport { readonly generatedTime: string; readonly csv: string }

export const CREDENTIAL_REPORT_COLUMNS = [
  "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
  "password_next_rotation", "mfa_active",
  "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
  "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
  "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
] as const;

/** The report's timestamps: ISO 8601 to the second with an explicit +00:00 offset. */
function reportTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

function keyColumns(key: AccessKeyRecord | undefined): string[] {
  if (!key) return ["false", "N/A", "N/A", "N/A", "N/A"];
  const used = key.lastUsed;
  return [String(key.status === "Active"), reportTime(key.createDate), used ? reportTime(used.date) : "N/A", used?.region ?? "N/A", used?.service ?? "N/A"];
}

// cert_N_active / cert_N_last_rotated: the user's first two X.509 signing certificates by upload date
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html#id_credentials_understanding_the_report_format).
function certColumns(cert: SigningCertificateRecord | undefined): string[] {
  return cert ? [String(cert.Status === "Active"), reportTime(cert.UploadDate)] : ["false", "N/A"];
}

function userRow(store: AccountStore, user: UserRecord, mfaUsers: Set<string>): string[] {
  const profile = loginProfilesOf(store).get(nameKey(user.UserName)) as LoginProfileRow | undefined;
  const maxAge = passwordPolicyOf(store)?.MaxPasswordAge;
  const changed = profile ? profile.passwordLastChanged ?? profile.CreateDate : undefined;
  const nextRotation = changed && maxAge ? reportTime(new Date(Date.parse(changed) + maxAge * 86_400_000).toISOString()) : "N/A";
  const keysTable = store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE);
  const keys = user.accessKeys.map((id) => keysTable.get(id)).filter((k) => k !== undefined)
    .sort((a, b) => (a.createDate < b.createDate ? -1 : 1));
  const certs = userCertificates(store, user).sort((a, b) => (a.UploadDate < b.UploadDate ? -1 : 1));
  return [
    user.UserName, user.Arn, reportTime(user.CreateDate),
    String(profile !== undefined),
    profile ? (user.PasswordLastUsed ? reportTime(user.PasswordLastUsed) : "no_information") : "N/A",
    changed ? reportTime(changed) : "N/A",
    nextRotation,
    String(mfaUsers.has(nameKey(user.UserName))),
    ...keyColumns(keys[0]), ...keyColumns(keys[1]),
    ...certColumns(certs[0]), ...certColumns(certs[1]),
  ];
}

function buildReport(store: AccountStore): string {
  const epoch = reportTime(new Date(0).toISOString());
  const mfaUsers = new Set<string>();
  for (const device of mfaDevicesOf(store).values()) if (device.UserName !== undefined) mfaUsers.add(nameKey(device.UserName));
  // The root's own keys (CreateAccessKey as root); the configured root credentials are not IAM access keys.
  const rootKeys = rootAccessKeys(store);
  const rows: string[][] = [[
    "<root_account>", rootArn(store.accountId, store.partition), epoch,
    "not_supported", "no_information", "not_supported", "not_supported", "false",
    ...keyColumns(rootKeys[0]), ...keyColumns(rootKeys[1]),
    "false", "N/A", "false", "N/A",
  ]];
  for (const user of iamTables.users(store).values()) rows.push(userRow(store, user, mfaUsers));
  const sorted = [rows[0]!, ...rows.slice(1).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))];
  return [CREDENTIAL_REPORT_COLUMNS.join(","), ...sorted.map((r) => r.join(","))].join("\n");
}

export const GenerateCredentialReport: Operation<Record<string, never>, object> = ({ store, clock }) => {
  const now = clock.now();
  const existing = iamTables.account(store).get(REPORT) as StoredReport | undefined;
  if (existing && now.getTime() - Date.parse(existing.generatedTime) < REPORT_REUSE_MS) return { State: "COMPLETE" };
  // Generation is instant here; AWS answers STARTED for the call that begins it, COMPLETE afterwards.
  iamTables.account(store).put(REPORT, { generatedTime: now.toISOString(), csv: buildReport(store) } satisfies StoredReport);
  return { State: "STARTED", Description: "No report exists. Starting a new report generation task" };
};

export const GetCredentialReport: Operation<Record<string, never>, object> = ({ store }) => {
  const report = iamTables.account(store).get(REPORT) as StoredReport | undefined;
  // AWS sends this error without a message.
  if (!report) throw awsError("iam", "ReportNotPresent", "");
  return { Content: Buffer.from(report.csv, "utf8"), ReportFormat: "text/csv", GeneratedTime: report.generatedTime };
};

export const operations = {
  CreateAccountAlias, DeleteAccountAlias, ListAccountAliases, GetAccountSummary, GetAccountAuthorizationDetails,
  GenerateCredentialReport, GetCredentialReport,
};
