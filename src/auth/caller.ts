// Who is calling: resolved from the request's credentials, carried to handlers and the policy engine.
import type { Partition } from "../partition.js";
export type PrincipalType = "root" | "user" | "assumed-role" | "federated-user" | "anonymous";

export interface Caller {
  readonly accountId: string;
  /** arn:aws:iam::ACCOUNT:root, arn:aws:iam::ACCOUNT:user/path/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION … */
  readonly arn: string;
  /** ACCOUNT for root, AIDA… for users, AROA…:SESSION for role sessions, ACCOUNT:NAME for federated users. */
  readonly userId: string;
  readonly type: PrincipalType;
  /** IAM user name, or role name for sessions. */
  readonly name?: string;
  readonly accessKeyId?: string;
  /** Set when the credentials are temporary (ASIA…): the session's record key. */
  readonly sessionId?: string;
  /** True when a signature was verified (modes authenticate and enforce). */
  readonly authenticated: boolean;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
}

export function rootArn(accountId: string, partition: Partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function rootCaller(accountId: string, sourceIp: string, accessKeyId?: string, authenticated = false, partition: Partition = "aws"): Caller {
  return { accountId, arn: rootArn(accountId, partition), userId: accountId, type: "root", accessKeyId, authenticated, sourceIp, secureTransport: false };
}
