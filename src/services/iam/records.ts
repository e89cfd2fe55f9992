// Every IAM table and its record shape, in one place, so each operation family (and the account-wide
// reports: GetAccountSummary, GetAccountAuthorizationDetails, the credential report) reads the same rows.
// Tables are keyed by lower-cased names because IAM names are unique regardless of case. Relations
// (membership, attachments, inline policies) are index tables keyed "a\0b", read with withPrefix().
import type { AccountStore, Collection } from "../../store/store.js";

export interface Tag { readonly Key: string; readonly Value: string }
export interface Boundary { readonly PermissionsBoundaryType: "Policy"; readonly PermissionsBoundaryArn: string }

export interface UserRecord {
  readonly UserName: string;
  readonly UserId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly CreateDate: string;
  readonly PermissionsBoundary?: Boundary;
  readonly Tags?: readonly Tag[];
  readonly PasswordLastUsed?: string;
  /** Access key ids owned by the user (at most two, as AWS). */
  readonly accessKeys: readonly string[];
}

export interface GroupRecord {
  readonly GroupName: string;
  readonly GroupId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly CreateDate: string;
}

export interface RoleRecord {
  readonly RoleName: string;
  readonly RoleId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly CreateDate: string;
  /** The trust policy as the client sent it (GetRole returns it URL-encoded, as AWS does). */
  readonly AssumeRolePolicyDocument: string;
  readonly Description?: string;
  readonly MaxSessionDuration: number;
  readonly PermissionsBoundary?: Boundary;
  readonly Tags?: readonly Tag[];
  readonly RoleLastUsed?: { readonly LastUsedDate?: string; readonly Region?: string };
  /** Service-linked roles: the service that owns the role. */
  readonly serviceLinked?: string;
}

export interface PolicyVersionRecord {
  readonly VersionId: string;
  readonly Document: string;
  readonly IsDefaultVersion: boolean;
  readonly CreateDate: string;
}

/** A customer-managed policy (AWS-managed ones come from the bundled catalog, not the store). */
export interface ManagedPolicyRecord {
  readonly PolicyName: string;
  readonly PolicyId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly DefaultVersionId: string;
  readonly IsAttachable: boolean;
  readonly Description?: string;
  readonly CreateDate: string;
  readonly UpdateDate: string;
  readonly Tags?: readonly Tag[];
  readonly versions: readonly PolicyVersionRecord[];
  /** Next version number to hand out (v1, v2, …; numbers are never reused). */
  readonly nextVersion: number;
}

export type PrincipalKind = "user" | "group" | "role";

/** Attachment of a managed policy (customer or AWS) to a user, group or role. */
export interface AttachmentRecord {
  readonly kind: PrincipalKind;
  /** The principal's name as created (its key is lower-cased). */
  readonly name: string;
  readonly PolicyArn: string;
  readonly PolicyName: string;
}

/** A managed policy set as a user's or role's permissions boundary (reverse index of PermissionsBoundary). */
export interface BoundaryUsageRecord {
  readonly kind: "user" | "role";
  readonly name: string;
  readonly PolicyArn: string;
}

export interface InlinePolicyRecord {
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly PolicyName: string;
  /** As the client sent it; Get*Policy returns it URL-encoded. */
  readonly PolicyDocument: string;
}

export interface MembershipRecord { readonly GroupName: string; readonly UserName: string }

export interface InstanceProfileRecord {
  readonly InstanceProfileName: string;
  readonly InstanceProfileId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly CreateDate: string;
  /** At most one role name, as AWS allows. */
  readonly roles: readonly string[];
  readonly Tags?: readonly Tag[];
}

export interface LoginProfileRecord {
  readonly UserName: string;
  readonly CreateDate: string;
  readonly PasswordResetRequired: boolean;
  /** scrypt hash, never the password. */
  readonly passwordHash: string;
}

export interface MfaDeviceRecord {
  readonly SerialNumber: string;
  /** Base32 TOTP seed. */
  readonly seed: string;
  readonly CreateDate: string;
  readonly Tags?: readonly Tag[];
  /** Set once EnableMFADevice binds it to a user. */
  readonly UserName?: string;
  readonly EnableDate?: string;
  /** Time step of the last accepted code, so a code cannot be used twice. */
  readonly lastStep?: number;
}

export interface OidcProviderRecord {
  readonly Arn: string;
  readonly Url: string;
  readonly ClientIDList: readonly string[];
  readonly ThumbprintList: readonly string[];
  readonly CreateDate: string;
  readonly Tags?: readonly Tag[];
}

export interface SamlProviderRecord {
  readonly Arn: string;
  readonly Name: string;
  readonly SAMLMetadataDocument: string;
  readonly CreateDate: string;
  readonly ValidUntil: string;
  readonly Tags?: readonly Tag[];
}

/** Names of the account-level singletons in the `account` table. */
export type AccountKey = "aliases" | "passwordPolicy" | "credentialReport";

const table = <T>(name: string) => (store: AccountStore): Collection<T> => store.collection<T>("iam", name);

export const iamTables = {
  users: table<UserRecord>("users"),
  groups: table<GroupRecord>("groups"),
  roles: table<RoleRecord>("roles"),
  /** Customer-managed policies, keyed by ARN. */
  policies: table<ManagedPolicyRecord>("policies"),
  /** Customer-managed policy names are unique in the account regardless of path and case: lowerName → ARN. */
  policyNames: table<string>("policyNames"),
  /** key: `${kind}\0${lowerName}\0${policyArn}` */
  attachments: table<AttachmentRecord>("attachments"),
  /** Reverse index, key: `${policyArn}\0${kind}\0${lowerName}` (ListEntitiesForPolicy, AttachmentCount). */
  policyAttachments: table<AttachmentRecord>("policyAttachments"),
  /**
   * Reverse index of permissions boundaries, key: `${policyArn}\0${kind}\0${lowerName}`
   * (PermissionsBoundaryUsageCount, ListEntitiesForPolicy). Written through attachments.ts setBoundaryUsage().
   */
  boundaryUsage: table<BoundaryUsageRecord>("boundaryUsage"),
  /** key: `${kind}\0${lowerName}\0${policyName}` */
  inlinePolicies: table<InlinePolicyRecord>("inlinePolicies"),
  /** key: `${lowerGroup}\0${lowerUser}` */
  groupMembers: table<MembershipRecord>("groupMembers"),
  /** Reverse index, key: `${lowerUser}\0${lowerGroup}` */
  userGroups: table<MembershipRecord>("userGroups"),
  instanceProfiles: table<InstanceProfileRecord>("instanceProfiles"),
  /** Reverse index, key: `${lowerRole}\0${lowerProfile}` (ListInstanceProfilesForRole, DeleteRole's check). */
  roleInstanceProfiles: table<{ readonly RoleName: string; readonly InstanceProfileName: string }>("roleInstanceProfiles"),
  loginProfiles: table<LoginProfileRecord>("loginProfiles"),
  /** Keyed by serial number (the device ARN). */
  mfaDevices: table<MfaDeviceRecord>("mfaDevices"),
  /** Keyed by ARN. */
  oidcProviders: table<OidcProviderRecord>("oidcProviders"),
  samlProviders: table<SamlProviderRecord>("samlProviders"),
  account: table<unknown>("account"),
};

/** IAM names are unique regardless of case, so tables are keyed by the lower-cased name. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

export function relationKey(...parts: string[]): string {
  return parts.join("\u0000");
}

/**
 * What must be gone before an entity can be deleted. Each family registers its checks (returning AWS's
 * "must … first" phrase, e.g. "delete policies", or undefined) when its module loads.
 */
export const deleteChecks: Record<PrincipalKind | "policy", Array<(store: AccountStore, name: string) => string | undefined>> = {
  user: [], group: [], role: [], policy: [],
};

export interface ServerCertificateRecord {
  readonly ServerCertificateName: string;
  readonly ServerCertificateId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly UploadDate: string;
  /** The certificate's notAfter. */
  readonly Expiration: string;
  readonly CertificateBody: string;
  readonly CertificateChain?: string;
  readonly Tags?: readonly Tag[];
  // The private key is checked against the certificate and then dropped: AWS never returns it.
}

export type CredentialStatus = "Active" | "Inactive";

export interface SshPublicKeyRecord {
  /** Owner's UserId: survives UpdateUser renames, and the key's row goes with the user. */
  readonly userId: string;
  readonly SSHPublicKeyId: string;
  readonly Fingerprint: string;
  /** As uploaded (ssh-rsa or PEM); GetSSHPublicKey re-encodes from `sshBody`. */
  readonly SSHPublicKeyBody: string;
  /** `ssh-rsa <base64>` without a comment. */
  readonly sshBody: string;
  readonly Status: CredentialStatus;
  readonly UploadDate: string;
}

export interface SigningCertificateRecord {
  readonly userId: string;
  readonly CertificateId: string;
  readonly CertificateBody: string;
  readonly Status: CredentialStatus;
  readonly UploadDate: string;
  /** SHA-256 of the DER, the key of the account-wide duplicate index. */
  readonly digest: string;
}

export interface ServiceSpecificCredentialRecord {
  readonly userId: string;
  readonly ServiceSpecificCredentialId: string;
  readonly ServiceName: string;
  readonly ServiceUserName?: string;
  readonly ServiceCredentialAlias?: string;
  /** The password (or Bedrock secret), shown only by Create and Reset as on AWS. */
  readonly secret: string;
  readonly Status: CredentialStatus;
  readonly CreateDate: string;
  readonly ExpirationDate?: string;
}

export const credentialTables = {
  /** Keyed by lower-cased name (names are unique regardless of case). */
  serverCertificates: table<ServerCertificateRecord>("serverCertificates"),
  /** key: `${userId}\0${SSHPublicKeyId}` */
  sshPublicKeys: table<SshPublicKeyRecord>("sshPublicKeys"),
  /** key: `${userId}\0${CertificateId}` */
  signingCertificates: table<SigningCertificateRecord>("signingCertificates"),
  /** Account-wide duplicate index, key: DER digest → `${userId}\0${CertificateId}`. */
  signingCertificateDigests: table<string>("signingCertificateDigests"),
  /** key: `${userId}\0${ServiceSpecificCredentialId}` */
  serviceSpecificCredentials: table<ServiceSpecificCredentialRecord>("serviceSpecificCredentials"),
};
