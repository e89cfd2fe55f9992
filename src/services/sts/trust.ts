// A role's trust policy, asked whether the caller may assume the role. The decision is always computed; it is
// enforced in `enforce` mode, and in `none`/`authenticate` the log says what `enforce` would have decided.
// Identity policies are the authorizer's half of AssumeRole (sts:AssumeRole on the role ARN); here they are
// taken as allowing, so the decision is the trust policy's alone (including its explicit denies).
import { compilePolicy, explain, type AuthzPrincipal, type CompiledPolicy, type Explanation } from "../../policy/index.js";
import type { AwsError } from "../../protocol/errors.js";
import type { AccountStore } from "../../store/store.js";
import type { RoleRecord } from "../iam/records.js";
import type { OperationContext } from "../operation.js";
import type { Context } from "./principal-context.js";
import { findRole } from "./role-session.js";

// Compiled on first use: compiling at module load would put the policy validator's set-up into start-up.
let identityStandIn: CompiledPolicy | undefined;
function identityStandInPolicy(): CompiledPolicy {
  return identityStandIn ??= compilePolicy(
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    { kind: "identity", name: "identity policies (checked by the authorizer)" },
  );
}

export function compileTrustPolicy(role: RoleRecord): CompiledPolicy | undefined {
  try {
    return compilePolicy(role.AssumeRolePolicyDocument, { kind: "trust", name: `trust policy of role ${role.RoleName}`, arn: role.Arn });
  } catch {
    return undefined; // IAM validated it on the way in; an unreadable one trusts nobody.
  }
}

export interface TrustQuestion {
  readonly role: RoleRecord;
  readonly principal: AuthzPrincipal;
  /** sts:AssumeRole (or …WithWebIdentity/…WithSAML), then sts:TagSession / sts:SetSourceIdentity when used. */
  readonly actions: readonly string[];
  readonly context: Context;
}

/** Every action's explanation; the first that is not allowed decides. */
export function explainTrust(q: TrustQuestion): Explanation[] {
  const trust = compileTrustPolicy(q.role);
  const resourceAccount = q.role.Arn.split(":")[4];
  return q.actions.map((action) => explain(
    { principal: q.principal, action, resource: q.role.Arn, resourceAccount, context: q.context },
    { identity: [identityStandInPolicy()], resource: trust ? [trust] : [] },
  ));
}

/** Throws `denied()` when the trust policy refuses and the mode is enforce; otherwise logs the verdict. */
export function checkTrust(ctx: OperationContext<unknown>, q: TrustQuestion, denied: (action: string) => AwsError): void {
  const refused = explainTrust(q).find((e) => e.decision !== "allowed");
  const who = q.principal.arn;
  if (!refused) {
    ctx.log.debug(`${ctx.requestId} trust policy of ${q.role.Arn} allows ${who}: ${q.actions.join(", ")}`);
    return;
  }
  const verdict = `trust policy of ${q.role.Arn} refuses ${refused.request.action} for ${who}: ${refused.summary}`;
  if (ctx.config.mode === "enforce") {
    ctx.log.info(`${ctx.requestId} ${verdict}`);
    throw denied(refused.request.action);
  }
  ctx.log.info(`${ctx.requestId} ${verdict} (mode ${ctx.config.mode}: allowed anyway; enforce mode would answer AccessDenied)`);
}

/**
 * The trust policy of the role `roleArn` names, compiled as the resource-based policy of sts:AssumeRole*:
 * what an authorizer passes as PolicySet.resource so AWS's same-account rule applies (a trust policy naming
 * the user or session itself allows without any identity policy).
 */
export function trustPolicyOf(store: AccountStore, roleArn: string): CompiledPolicy | undefined {
  const found = findRole(store, roleArn);
  return found && compileTrustPolicy(found.role);
}
