// Authorization of every request in `enforce` mode. The policy engine decides; until every operation
// declares its action and resource, enforce behaves as authenticate and says so once in the log.
import type { AuthMode } from "../config.js";
import type { Logger } from "../log.js";
import type { ServiceId } from "../protocol/model.js";
import type { AccountStore } from "../store/store.js";
import type { Caller } from "./caller.js";

export interface AuthorizationRequest {
  readonly caller: Caller;
  readonly service: ServiceId;
  readonly operation: string;
  readonly input: unknown;
  readonly store: AccountStore;
  readonly requestId: string;
}

export interface Authorizer {
  /** Throws AwsError AccessDenied when the request is not allowed. */
  authorize(request: AuthorizationRequest): void;
}

export function createAuthorizer(mode: AuthMode, log: Logger): Authorizer {
  if (mode !== "enforce") return { authorize() {} };
  log.warn("enforce mode: the policy engine is not wired to requests yet, so requests are authenticated but not authorized.");
  return { authorize() {} };
}
