// The credential index every service shares: access key id → owner. IAM writes user keys, STS writes
// session keys, auth reads both. Kept in global tables because a key alone must reveal its account.
export const ACCESS_KEYS_TABLE = "accessKeys";
export const SESSIONS_TABLE = "sessions";

export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly userName: string;
  readonly status: "Active" | "Inactive";
  readonly createDate: string;
  /** GetAccessKeyLastUsed; written at most once a minute per key to keep the journal quiet. */
  readonly lastUsed?: { readonly date: string; readonly service: string; readonly region: string };
}

/** A temporary credential issued by STS (ASIA…); the STS issue fills in the details. */
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
  readonly [extra: string]: unknown;
}
