// The wire shapes of GET /_emulator/requests (the request recorder, src/auth/request-log.ts). Types only.

/** One recorded request. */
export interface RequestRecord {
  /** Increases with every record the emulator files (any identity): `?after=` pages on it. */
  readonly seq: number;
  readonly time: string;
  /** Who fed the record: "emulator" for the emulator's own services; the forwarder names itself. */
  readonly source: string;
  /** The caller's ARN as AWS reports it (a role session's assumed-role ARN). */
  readonly principal: string;
  readonly principalType: string;
  readonly accountId: string;
  /** The IAM user or role the request is filed under, without path (a session's role). */
  readonly identity: string;
  readonly service: string;
  readonly operation: string;
  /** The IAM action, e.g. "iam:CreateUser". */
  readonly action: string;
  /** The resource ARNs the request acted on; empty for actions without a resource ("*"). */
  readonly resources: readonly string[];
  readonly region: string;
  /** The request context the policy engine saw (or would have seen). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly decision: "allowed" | "explicitDeny" | "implicitDeny";
  readonly requestId?: string;
}

/** A distinct action + resource an identity used, with how often and when. */
export interface AccessEntry {
  readonly identity: string;
  /** The account the identity belongs to (every global row names its account: state files and resets). */
  readonly accountId: string;
  readonly action: string;
  readonly resource: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly lastDecision: RequestRecord["decision"];
}

export interface IdentitySummary {
  readonly identity: string;
  readonly accountId: string;
  readonly type: string;
  /** Requests filed since the record began (or since the log was rebuilt from disk: those kept). */
  readonly requests: number;
  /** Individual requests still kept (bounded per identity). */
  readonly kept: number;
  /** Distinct action + resource pairs kept. */
  readonly actions: number;
  readonly lastSeen: string;
}

/** GET /_emulator/requests */
export interface RequestIdentitiesAnswer { readonly identities: readonly IdentitySummary[] }
/** GET /_emulator/requests?identity=ARN */
export interface IdentityRequestsAnswer { readonly identity: string; readonly requests: readonly RequestRecord[]; readonly access: readonly AccessEntry[] }
