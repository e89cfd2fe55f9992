// Which service and operation a request is for: X-Amz-Target (JSON 1.1); the method and path against the
// model's URI templates (restJson1); else the SigV4 credential scope's service, the Version parameter or
// the Action's owner (Query). Knows no service's rules.
import { AwsError, inService } from "../protocol/errors.js";
import { MODELS, operationNamed, SERVICE_IDS, SERVICE_METADATA, type OperationModel, type ProtocolName, type ServiceId, type ServiceModel } from "../protocol/model.js";
import { isRestJsonPath, matchRestJsonOperation } from "../protocol/rest-json.js";
import type { Operation, ServiceHandlers } from "../services/operation.js";

export type Protocol = ProtocolName;

export interface Route {
  readonly service: ServiceId;
  readonly model: ServiceModel;
  readonly operation: OperationModel;
  /** Undefined when the model has the operation but the emulator does not implement it (yet). */
  readonly handler: Operation | undefined;
  readonly region?: string;
  /** restJson1: the URI template's labels, decoded. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RouteInput {
  readonly method: string;
  /** The URL path without its query string. */
  readonly path?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Query-string and form-body parameters merged (Query protocol). */
  readonly params: URLSearchParams;
}

const targetPrefixes = new Map<string, ServiceId>(
  SERVICE_IDS.filter((id) => SERVICE_METADATA[id].targetPrefix).map((id) => [SERVICE_METADATA[id].targetPrefix!, id]),
);
const byApiVersion = new Map<string, ServiceId>(SERVICE_IDS.map((id) => [SERVICE_METADATA[id].apiVersion, id]));
const SERVED = `${SERVICE_IDS.slice(0, -1).join(", ")} and ${SERVICE_IDS.at(-1)}`;
const REST_JSON_SERVICES = SERVICE_IDS.filter((id) => SERVICE_METADATA[id].protocol === "rest-json");

/** The codec a request speaks, decided before anything can fail so errors come back in its format. */
export function protocolOf(headers: RouteInput["headers"], path = "/", rawQuery = ""): Protocol {
  if (headers["x-amz-target"]) return "json";
  const scope = scopeOf(headers, new URLSearchParams(rawQuery.includes("X-Amz-Credential") ? rawQuery : ""));
  return isRestJson(scope, path) ? "rest-json" : "query";
}

/** Signed requests name their service; unsigned ones: Query always posts to "/", restJson1 operations live at their own paths. */
function isRestJson(scope: { service: string } | undefined, path: string): boolean {
  if (scope) return SERVICE_METADATA[scope.service as ServiceId]?.protocol === "rest-json";
  return path !== "/" && REST_JSON_SERVICES.some((id) => isRestJsonPath(MODELS[id], path));
}

/** The SigV4 credential scope's region and service, read cheaply without verifying anything. */
export function scopeOf(headers: RouteInput["headers"], params: URLSearchParams): { region: string; service: string } | undefined {
  const auth = headers.authorization;
  const text = typeof auth === "string" ? auth : params.get("X-Amz-Credential") ?? "";
  const m = /Credential=?[^/,\s]*\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(text.startsWith("AWS4") ? text : `Credential=${text}`);
  return m ? { region: m[1]!, service: m[2]! } : undefined;
}

export function route(input: RouteInput, services: ReadonlyMap<ServiceId, ServiceHandlers>): Route {
  const scope = scopeOf(input.headers, input.params);
  if (scope && !(SERVICE_IDS as readonly string[]).includes(scope.service)) {
    throw new AwsError("NotImplemented", `The service '${scope.service}' is not emulated here. AWS Identity Emulator serves ${SERVED}.`, 501);
  }
  const target = input.headers["x-amz-target"];
  if (typeof target === "string") return jsonRoute(target, scope?.region, services);
  if (isRestJson(scope, input.path ?? "/")) return restJsonRoute(input, scope, services);
  return queryRoute(input, scope, services);
}

function restJsonRoute(input: RouteInput, scope: { region: string; service: string } | undefined, services: ReadonlyMap<ServiceId, ServiceHandlers>): Route {
  const path = input.path ?? "/";
  const candidates = scope ? [scope.service as ServiceId] : REST_JSON_SERVICES;
  for (const service of candidates) {
    const model = MODELS[service];
    const match = matchRestJsonOperation(model, input.method, path);
    if (match) return { ...resolve(service, match.operation.name, scope?.region, services, "rest-json"), labels: match.labels };
  }
  throw inService(new AwsError("UnknownOperationException", `No operation of ${candidates.join(", ")} answers ${input.method} ${path}.`, 404), candidates[0]!);
}

function jsonRoute(target: string, region: string | undefined, services: ReadonlyMap<ServiceId, ServiceHandlers>): Route {
  const dot = target.lastIndexOf(".");
  const service = targetPrefixes.get(target.slice(0, dot));
  if (dot === -1 || !service) {
    throw new AwsError("UnknownOperationException", `The target '${target}' is not emulated here. AWS Identity Emulator serves ${SERVED}.`, 400);
  }
  return resolve(service, target.slice(dot + 1), region, services, "json");
}

function queryRoute(input: RouteInput, scope: { region: string; service: string } | undefined, services: ReadonlyMap<ServiceId, ServiceHandlers>): Route {
  const action = input.params.get("Action");
  if (!action) throw new AwsError("MissingAction", "The request must contain the parameter Action.", 400);
  const version = input.params.get("Version");
  let service = scope?.service as ServiceId | undefined;
  if (!service && version) service = byApiVersion.get(version);
  service ??= SERVICE_IDS.find((id) => SERVICE_METADATA[id].protocol === "query" && operationNamed(MODELS[id], action));
  if (!service || SERVICE_METADATA[service].protocol !== "query") {
    throw new AwsError("InvalidAction", `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`, 400);
  }
  return resolve(service, action, scope?.region, services, "query");
}

function resolve(service: ServiceId, name: string, region: string | undefined, services: ReadonlyMap<ServiceId, ServiceHandlers>, protocol: Protocol): Route {
  const model = MODELS[service];
  const operation = operationNamed(model, name);
  if (!operation) {
    throw inService(protocol !== "query"
      ? new AwsError("UnknownOperationException", `Unknown operation ${name}.`, 400)
      : new AwsError("InvalidAction", `Could not find operation ${name} for version ${model.metadata.apiVersion}`, 400), service);
  }
  return { service, model, operation, handler: services.get(service)?.operations[name], region };
}
