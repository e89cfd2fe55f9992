// GetCallerIdentity: who the credentials belong to, for every kind of caller.
import type { Operation } from "../operation.js";

export const GetCallerIdentity: Operation<Record<string, never>, { UserId: string; Account: string; Arn: string }> = ({ caller }) => ({
  UserId: caller.userId,
  Account: caller.accountId,
  Arn: caller.arn,
});
