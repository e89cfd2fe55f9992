// The credential index every service shares: access key id → owner. IAM writes user keys, STS writes
// session keys, auth reads both. Kept in global tables because a key alone must reveal its account.
export const ACCESS_KEYS_TABLE = "accessKeys";
export const SESSIONS_TABLE = "sessions";

export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** The IAM user's name; "" for the account root's own keys (root is set). */
  readonly userName: string;
  /** A key of the account's root user (CreateAccessKey without UserName, called as root). */
  readonly root?: boolean;
  readonly status: "Active" | "Inactive";
  readonly createDate: string;
  /** GetAccessKeyLastUsed; written at most once a minute per key to keep the journal quiet. */
  readonly lastUsed?: { readonly date: string; readonly service: string; readonly region: string };
}

/** A temporary credential issued by STS (ASIA…): services/sts/sessions.ts writes it, auth/ reads it. */
export interface SessionRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly arn: string;
  readonly userId: string;
  readonly type: "assumed-role" | "federated-user" | "user" | "root";
  readonly name?: string;
  readonly expiration: string;
  /** When STS issued it (aws:TokenIssueTime). */
  readonly issuedAt?: string;
  /** Assumed-role sessions: the role's ARN (with its path) and the session name. */
  readonly roleArn?: string;
  readonly sessionName?: string;
  /** Assumed-role sessions reached from another role session (role chaining). */
  readonly chained?: boolean;
  readonly sourceIdentity?: string;
  /** Session tags (aws:PrincipalTag/*), inherited transitive tags included. */
  readonly sessionTags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly transitiveTagKeys?: readonly string[];
  /** Session policies (AssumeRole*, GetFederationToken): present means the session is limited by them. */
  readonly sessionPolicy?: string;
  readonly sessionPolicyArns?: readonly string[];
  /** aws:MultiFactorAuthPresent; mfaAuthTime gives aws:MultiFactorAuthAge. */
  readonly mfaAuthenticated?: boolean;
  readonly mfaAuthTime?: string;
  /** GetFederationToken: the IAM user (or "root") whose identity policies also bound the session. */
  readonly federatedBy?: string;
  /**
   * Web identity sessions: the identity provider's condition keys (<provider>:sub, :aud, :amr,
   * aws:FederatedProvider), which the session's own requests carry, e.g. ${cognito-identity.amazonaws.com:sub}.
   */
  readonly federatedContext?: Readonly<Record<string, string | readonly string[]>>;
  readonly [extra: string]: unknown;
}
