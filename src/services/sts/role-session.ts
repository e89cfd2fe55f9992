// What every AssumeRole* call shares: finding the role its ARN names, the session length rules, and the
// assumed-role session it issues (arn:aws:sts::ACCT:assumed-role/ROLE/SESSION, AROA…:SESSION).
import type { AccountStore } from "../../store/store.js";
import { recordRoleUse } from "../iam/roles.js";
import { iamTables, nameKey, type RoleRecord, type Tag } from "../iam/records.js";
import type { OperationContext } from "../operation.js";
import { stsErrors } from "./errors.js";
import { issueSession, type Credentials } from "./sessions.js";

const ROLE_ARN = /^arn:[\w-]+:iam::(\d{12}):role\/(?:[\u0021-\u007e]*\/)?([\w+=,.@-]+)$/;

/** The role `arn` names, looked up in its own account; undefined when there is none (callers answer AccessDenied). */
export function findRole(store: AccountStore, arn: string): { role: RoleRecord; store: AccountStore } | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m) return undefined;
  const home = store.forAccount(m[1]!);
  const role = iamTables.roles(home).get(nameKey(m[2]!));
  // The ARN must name the role as it is, path included.
  if (!role || role.Arn !== arn) return undefined;
  return { role, store: home };
}

export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
export const CHAINED_SESSION_LIMIT_SECONDS = 3600;

/** DurationSeconds against the role's MaxSessionDuration and the role-chaining limit (900 is the model's minimum). */
export function roleSessionSeconds(role: RoleRecord, requested: number | undefined, chained: boolean): number {
  if (requested === undefined) return Math.min(DEFAULT_ROLE_SESSION_SECONDS, role.MaxSessionDuration);
  if (chained && requested > CHAINED_SESSION_LIMIT_SECONDS) throw stsErrors.exceedsChainingLimit();
  if (requested > role.MaxSessionDuration) throw stsErrors.exceedsMaxSessionDuration();
  return requested;
}

export interface RoleSessionRequest {
  role: RoleRecord;
  roleStore: AccountStore;
  sessionName: string;
  durationSeconds: number;
  chained?: boolean;
  sourceIdentity?: string;
  sessionTags?: readonly Tag[];
  transitiveTagKeys?: readonly string[];
  sessionPolicy?: string;
  sessionPolicyArns?: readonly string[];
  mfaAuthenticated?: boolean;
  mfaAuthTime?: string;
  federatedContext?: Readonly<Record<string, string | readonly string[]>>;
}

export interface AssumedRoleUser { AssumedRoleId: string; Arn: string }

export function issueRoleSession(ctx: OperationContext<unknown>, r: RoleSessionRequest): { Credentials: Credentials; AssumedRoleUser: AssumedRoleUser } {
  const { role } = r;
  const [, partition, , , accountId] = role.Arn.split(":") as [string, string, string, string, string];
  const arn = `arn:${partition}:sts::${accountId}:assumed-role/${role.RoleName}/${r.sessionName}`;
  const userId = `${role.RoleId}:${r.sessionName}`;
  const now = ctx.clock.now();
  const { credentials } = issueSession(ctx.store, {
    accountId, arn, userId, type: "assumed-role", name: role.RoleName,
    roleArn: role.Arn, sessionName: r.sessionName, chained: r.chained || undefined,
    sourceIdentity: r.sourceIdentity,
    sessionTags: r.sessionTags?.length ? r.sessionTags : undefined,
    transitiveTagKeys: r.transitiveTagKeys?.length ? r.transitiveTagKeys : undefined,
    sessionPolicy: r.sessionPolicy, sessionPolicyArns: r.sessionPolicyArns?.length ? r.sessionPolicyArns : undefined,
    mfaAuthenticated: r.mfaAuthenticated || undefined, mfaAuthTime: r.mfaAuthenticated ? r.mfaAuthTime : undefined,
    federatedContext: r.federatedContext,
  }, r.durationSeconds, now);
  recordRoleUse(r.roleStore, role.RoleName, ctx.region, now);
  return { Credentials: credentials, AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } };
}
