// GetFederationToken: a federated-user session (arn:aws:sts::ACCT:federated-user/NAME) for an IAM user or
// root. Its permissions are the caller's identity policies intersected with the session policies, so without
// a session policy it may do nothing, as in AWS.
import type { Tag } from "../iam/records.js";
import type { Operation } from "../operation.js";
import { stsErrors } from "./errors.js";
import { checkSessionPolicy } from "./session-policy.js";
import { issueSession, type Credentials } from "./sessions.js";

const DEFAULT_SECONDS = 43_200;
const ROOT_MAX_SECONDS = 3600;

interface Input { Name: string; Policy?: string; PolicyArns?: { arn?: string }[]; DurationSeconds?: number; Tags?: Tag[] }
interface Output { Credentials: Credentials; FederatedUser: { FederatedUserId: string; Arn: string }; PackedPolicySize?: number }

export const GetFederationToken: Operation<Input, Output> = (ctx) => {
  const { input, caller } = ctx;
  if (caller.sessionId !== undefined || (caller.type !== "user" && caller.type !== "root")) {
    throw stsErrors.accessDenied("Cannot call GetFederationToken with session credentials");
  }
  let seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
  if (caller.type === "root") seconds = Math.min(seconds, ROOT_MAX_SECONDS);
  const policy = checkSessionPolicy(input);
  const FederatedUserId = `${caller.accountId}:${input.Name}`;
  const Arn = `arn:${ctx.store.partition}:sts::${caller.accountId}:federated-user/${input.Name}`;
  const { credentials } = issueSession(ctx.store, {
    accountId: caller.accountId, arn: Arn, userId: FederatedUserId, type: "federated-user", name: input.Name,
    federatedBy: caller.type === "root" ? "root" : caller.name,
    sessionTags: input.Tags?.length ? input.Tags : undefined,
    // An empty policy list still marks the session as limited by session policies (which then allow nothing).
    sessionPolicy: policy.policy, sessionPolicyArns: policy.policyArns ?? [],
  }, seconds, ctx.clock.now());
  return { Credentials: credentials, FederatedUser: { FederatedUserId, Arn }, PackedPolicySize: policy.packedPolicySize };
};
