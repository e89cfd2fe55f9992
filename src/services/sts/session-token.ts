// GetSessionToken: temporary credentials for an IAM user or the root user, usually to prove MFA
// (aws:MultiFactorAuthPresent) for calls whose policies ask for it. The session acts as the user itself.
import type { Operation } from "../operation.js";
import { stsErrors } from "./errors.js";
import { checkMfa } from "./mfa.js";
import { issueSession, type Credentials } from "./sessions.js";

const DEFAULT_SECONDS = 43_200;
/** Root sessions are capped at an hour: a longer request silently gets one hour, as AWS documents. */
const ROOT_MAX_SECONDS = 3600;

export const GetSessionToken: Operation<{ DurationSeconds?: number; SerialNumber?: string; TokenCode?: string }, { Credentials: Credentials }> = (ctx) => {
  const { input, caller } = ctx;
  if (caller.sessionId !== undefined || (caller.type !== "user" && caller.type !== "root")) {
    throw stsErrors.accessDenied("Cannot call GetSessionToken with session credentials");
  }
  let seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
  if (caller.type === "root") seconds = Math.min(seconds, ROOT_MAX_SECONDS);
  const mfaTime = checkMfa(ctx, input);
  const { credentials } = issueSession(ctx.store, {
    accountId: caller.accountId, arn: caller.arn, userId: caller.userId, type: caller.type, name: caller.name,
    mfaAuthenticated: mfaTime !== undefined || undefined, mfaAuthTime: mfaTime?.toISOString(),
  }, seconds, ctx.clock.now());
  return { Credentials: credentials };
};
