// AssumeRole: a role session for an IAM user, role session (role chaining) or federated user, honouring the
// role's trust policy, ExternalId, MFA, session policies, session tags and SourceIdentity.
import type { Tag } from "../iam/records.js";
import type { Operation } from "../operation.js";
import { stsErrors } from "./errors.js";
import { checkMfa } from "./mfa.js";
import { callerContext, principalOf, requestTagContext, type Context } from "./principal-context.js";
import { findRole, issueRoleSession, roleSessionSeconds, type AssumedRoleUser } from "./role-session.js";
import { checkSessionPolicy } from "./session-policy.js";
import type { Credentials } from "./sessions.js";
import { sessionOf } from "./sessions.js";
import { checkTrust } from "./trust.js";

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: { arn?: string }[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: Tag[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

export interface AssumeRoleOutput {
  Credentials: Credentials;
  AssumedRoleUser: AssumedRoleUser;
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

export const AssumeRole: Operation<AssumeRoleInput, AssumeRoleOutput> = (ctx) => {
  const { input, caller, store } = ctx;
  const denied = (action: string) => stsErrors.notAuthorized(caller.arn, action, input.RoleArn);
  const found = findRole(store, input.RoleArn);
  if (!found) throw denied("sts:AssumeRole");
  const { role } = found;
  if (caller.type === "root") {
    // AWS refuses root outright; outside enforce mode the emulator lets the default root credentials through.
    if (ctx.config.mode === "enforce") throw stsErrors.accessDenied("Roles may not be assumed by root accounts.");
    ctx.log.info(`${ctx.requestId} root assumed ${role.Arn} (mode ${ctx.config.mode}: allowed; AWS and enforce mode refuse root)`);
  }

  const session = sessionOf(store, caller.sessionId);
  // Any temporary credentials count: AWS caps sessions assumed with GetSessionToken credentials too.
  const chained = session !== undefined;
  const durationSeconds = roleSessionSeconds(role, input.DurationSeconds, chained);

  // Transitive tags of the calling session carry over into the chained session and stay transitive.
  const inherited = (session?.sessionTags ?? []).filter((t) =>
    (session?.transitiveTagKeys ?? []).some((k) => k.toLowerCase() === t.Key.toLowerCase()));
  const requestTags = input.Tags ?? [];
  for (const t of requestTags) {
    if (inherited.some((i) => i.Key.toLowerCase() === t.Key.toLowerCase())) {
      throw stsErrors.validation(`Tag key ${t.Key} is a transitive tag of the calling session and cannot be set again.`);
    }
  }
  const transitive = input.TransitiveTagKeys ?? [];
  const policy = checkSessionPolicy(input, inherited);

  const mfaTime = checkMfa(ctx, input);
  const mfaAuthenticated = mfaTime !== undefined || session?.mfaAuthenticated === true;
  const mfaAuthTime = mfaTime?.toISOString() ?? session?.mfaAuthTime;
  const sourceIdentity = session?.sourceIdentity ?? input.SourceIdentity;
  if (session?.sourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== session.sourceIdentity) {
    throw stsErrors.accessDenied("SourceIdentity cannot be changed in a role chain: the calling session's source identity is " +
      `${session.sourceIdentity}.`);
  }

  const now = ctx.clock.now();
  const context: Context = {
    ...callerContext(store, caller, session, now, ctx.region),
    ...requestTagContext(requestTags),
    "sts:RoleSessionName": input.RoleSessionName,
    "aws:MultiFactorAuthPresent": mfaAuthenticated,
  };
  if (mfaAuthTime) context["aws:MultiFactorAuthAge"] = Math.max(0, Math.floor((now.getTime() - Date.parse(mfaAuthTime)) / 1000));
  if (input.ExternalId !== undefined) context["sts:ExternalId"] = input.ExternalId;
  if (transitive.length) context["sts:TransitiveTagKeys"] = transitive;
  if (input.SourceIdentity !== undefined) context["sts:SourceIdentity"] = input.SourceIdentity;
  const actions = ["sts:AssumeRole"];
  if (requestTags.length) actions.push("sts:TagSession");
  if (input.SourceIdentity !== undefined && session?.sourceIdentity === undefined) actions.push("sts:SetSourceIdentity");
  checkTrust(ctx, { role, principal: principalOf(caller, session), actions, context }, denied);

  const issued = issueRoleSession(ctx, {
    role, roleStore: found.store, sessionName: input.RoleSessionName, durationSeconds, chained,
    sourceIdentity, sessionTags: [...inherited, ...requestTags],
    transitiveTagKeys: [...inherited.map((t) => t.Key), ...transitive],
    sessionPolicy: policy.policy, sessionPolicyArns: policy.policyArns, mfaAuthenticated, mfaAuthTime,
  });
  return { ...issued, PackedPolicySize: policy.packedPolicySize, SourceIdentity: sourceIdentity };
};
