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
import { AccountStore } from "../store/store.js";
import { runOperation, type GatewayDeps } from "./gateway.js";

export interface CallRequest { service?: unknown; operation?: unknown; input?: unknown; accountId?: unknown; region?: unknown }
/** What an /_emulator/ endpoint answers: an HTTP status and a JSON body. */
export interface AdminAnswer { readonly status: number; readonly body: unknown }

/** Runs as `signer` when given (its own account; authorized in enforce mode), else as the root of the account asked for. */
export async function callOperation(deps: GatewayDeps, request: CallRequest, origin: string, signer?: Caller): Promise<AdminAnswer> {
  const service = request.service as ServiceId;
  if (!SERVICE_IDS.includes(service)) return { status: 400, body: { error: { code: "InvalidService", message: `service must be one of ${SERVICE_IDS.join(", ")}.` } } };
  const model = MODELS[service];
  const operation = typeof request.operation === "string" ? operationNamed(model, request.operation) : undefined;
  if (!operation) return { status: 400, body: { error: { code: "InvalidAction", message: `${String(request.operation)} is not an operation of ${service}.` } } };
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
    return { status: error.status, body: { error: { code: error.code, message: error.message }, requestId } };
  }
}

/** The policies a user or role ARN carries, as the engine would evaluate them in enforce mode. */
export function principalPolicyDocuments(deps: GatewayDeps, arn: string): AdminAnswer {
  const named = parseEntityArn(arn);
  if (!named || named.kind === "group") return { status: 400, body: { error: "Give the ARN of an IAM user or role: arn:aws:iam::ACCOUNT:user/NAME or role/NAME." } };
  const store = new AccountStore(named.accountId, deps.config.region, deps.store.begin());
  const entity = entityWithPolicies(store, named.kind, named.name);
  if (!entity) return { status: 404, body: { error: `No ${named.kind} ${named.name} in account ${named.accountId}.` } };
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
