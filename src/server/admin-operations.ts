// The emulator's own API for the VS Code extension: run any operation as an account's root with JSON
// in and out (POST /_emulator/call), read the resources the tree shows (GET /_emulator/resources), and
// a principal's policies for the editor's "Simulate as principal" (GET /_emulator/principals/policies).
// Operations go through the same validation, handlers and transactions as AWS requests.
import { randomUUID } from "node:crypto";
import { rootCaller, type Caller } from "../auth/caller.js";
import { AwsError, internalFailure } from "../protocol/errors.js";
import { decodeJsonValue, outputAsJson } from "../protocol/json.js";
import { MODELS, operationNamed, SERVICE_IDS, type ServiceId } from "../protocol/model.js";
import { entityWithPolicies, parseEntityArn } from "../services/iam/principal-policies.js";
import { iamTables } from "../services/iam/records.js";
import { findRole, issueRoleSession, roleSessionSeconds } from "../services/sts/role-session.js";
import { AccountStore } from "../store/store.js";
import { adminError, type AdminAnswer } from "./admin-answer.js";
import { runOperation, type GatewayDeps } from "./gateway.js";

export interface CallRequest { service?: unknown; operation?: unknown; input?: unknown; accountId?: unknown; region?: unknown }

/** Runs as `signer` when given (its own account; authorized in enforce mode), else as the root of the account asked for. */
export async function callOperation(deps: GatewayDeps, request: CallRequest, origin: string, signer?: Caller): Promise<AdminAnswer> {
  const service = request.service as ServiceId;
  if (!SERVICE_IDS.includes(service)) return adminError("InvalidService", `service must be one of ${SERVICE_IDS.join(", ")}.`, 400);
  const model = MODELS[service];
  const operation = typeof request.operation === "string" ? operationNamed(model, request.operation) : undefined;
  if (!operation) return adminError("InvalidAction", `${String(request.operation)} is not an operation of ${service}.`, 400);
  const accountId = signer?.accountId ?? (typeof request.accountId === "string" && /^\d{12}$/.test(request.accountId) ? request.accountId : deps.config.accountId);
  const region = typeof request.region === "string" ? request.region : deps.config.region;
  const requestId = randomUUID();
  try {
    const input = decodeJsonValue(model, operation, request.input ?? {});
    const route = { service, model, operation, handler: deps.services.get(service)?.operations[operation.name], region };
    // The operator's own call is not an identity's request (the request log leaves it out); a signer's is.
    const output = await runOperation(deps, { route, input, caller: signer ?? rootCaller(accountId, "127.0.0.1"), requestId, origin, internal: !signer });
    return { status: 200, body: { output: outputAsJson(model, operation, output), requestId } };
  } catch (err) {
    const error = err instanceof AwsError ? err : internalFailure();
    if (!(err instanceof AwsError)) deps.log.error(`${requestId} /_emulator/call ${service}:${operation.name} failed: ${(err as Error).stack}`);
    return adminError(error.code, error.message, error.status, requestId);
  }
}

/** The policies a user or role ARN carries, as the engine would evaluate them in enforce mode. */
export function principalPolicyDocuments(deps: GatewayDeps, arn: string): AdminAnswer {
  const named = parseEntityArn(arn);
  if (!named || named.kind === "group") return adminError("ValidationError", "Give the ARN of an IAM user or role: arn:aws:iam::ACCOUNT:user/NAME or role/NAME.", 400);
  const store = new AccountStore(named.accountId, deps.config.region, deps.store.begin());
  const entity = entityWithPolicies(store, named.kind, named.name);
  if (!entity) return adminError("NoSuchEntity", `No ${named.kind} ${named.name} in account ${named.accountId}.`, 404);
  return { status: 200, body: entity };
}

/** Every IAM user and role of an account, for pickers. */
export function listPrincipals(deps: GatewayDeps, accountId: string): unknown {
  const store = new AccountStore(accountId, deps.config.region, deps.store.begin());
  const principals: { arn: string; type: "user" | "role"; name: string }[] = [];
  for (const user of iamTables.users(store).values()) principals.push({ arn: user.Arn, type: "user", name: user.UserName });
  for (const role of iamTables.roles(store).values()) principals.push({ arn: role.Arn, type: "role", name: role.RoleName });
  return { principals };
}

/**
 * Credentials for code that runs as a role, as a service hands them to its functions and tasks (Lambda, ECS):
 * the service is trusted to assume the role, so the caller needs no trust of its own. What "Open Terminal as" and
 * "Debug as" a role use; the session is a real one, so enforce mode decides its requests by the role's policies.
 */
export async function roleCredentials(deps: GatewayDeps, request: { roleArn?: unknown; sessionName?: unknown }, origin: string): Promise<AdminAnswer> {
  const roleArn = typeof request.roleArn === "string" ? request.roleArn : "";
  const sessionName = typeof request.sessionName === "string" && /^[\w+=,.@-]{2,64}$/.test(request.sessionName) ? request.sessionName : "vscode";
  const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
  if (!account) return adminError("ValidationError", 'Send {"roleArn": "arn:aws:iam::ACCOUNT:role/NAME"} (and optionally "sessionName").', 400);
  const requestId = randomUUID();
  // Work an operation leaves for after its commit (none for a role session today), run as the gateway runs it.
  let afterCommit: (() => Promise<void>)[] = [];
  const answer = await deps.store.transact(async (tx): Promise<AdminAnswer> => {
    afterCommit = [];
    const store = new AccountStore(account, deps.config.region, tx);
    const found = findRole(store, roleArn);
    if (!found) return adminError("NoSuchEntity", `The role with ARN ${roleArn} cannot be found.`, 404);
    const ctx = {
      input: {}, caller: rootCaller(account, "127.0.0.1"), store, clock: deps.clock, config: deps.config, log: deps.log, requestId, origin,
      region: deps.config.region, outbound: deps.outbound, lambda: deps.lambda, afterCommit: (work: () => Promise<void>) => { afterCommit.push(work); },
    };
    const issued = issueRoleSession(ctx, { role: found.role, roleStore: found.store, sessionName, durationSeconds: roleSessionSeconds(found.role, undefined, false) });
    deps.log.info(`${requestId} /_emulator/role-credentials: a session of ${roleArn} for ${sessionName}`);
    return { status: 200, body: { ...issued, requestId } };
  });
  for (const work of afterCommit) await work();
  return answer;
}
