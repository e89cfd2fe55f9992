// awsJson1.1: X-Amz-Target + JSON body in, JSON out, `__type` errors (Cognito user pools and identity pools).
import { AwsError } from "./errors.js";
import type { OperationModel, ServiceModel, Shape } from "./model.js";
import { validateInput, validationMessage } from "./validate.js";
import type { WireResponse } from "./wire.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";

function serialization(message: string): AwsError {
  return new AwsError("SerializationException", message, 400);
}

/** Parses and types the JSON body, then checks the model's constraints (InvalidParameterException). */
export function decodeJson(model: ServiceModel, op: OperationModel, body: string): Record<string, unknown> {
  let parsed: unknown = {};
  if (body.trim() !== "") {
    try { parsed = JSON.parse(body); }
    catch { throw serialization("Start of structure or map found where not expected."); }
  }
  return decodeJsonValue(model, op, parsed);
}

/**
 * Types an already-parsed JSON value as the operation's input and checks its constraints. Also used for
 * Query services' operations called as JSON (the emulator's own /_emulator/call), so the validation
 * error is the one the service's protocol answers with.
 */
export function decodeJsonValue(model: ServiceModel, op: OperationModel, parsed: unknown): Record<string, unknown> {
  if (!op.input) return {};
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw serialization("Start of structure or map found where not expected.");
  }
  const input = readShape(model, model.shapes[op.input.shape]!, parsed, "") as Record<string, unknown>;
  const problems = validateInput(model, op.input.shape, input);
  if (problems.length) {
    throw validationError(model, problems);
  }
  return input;
}

/** The protocol's error for input that breaks the model's constraints. */
export function validationError(model: ServiceModel, problems: readonly string[]): AwsError {
  const message = validationMessage(problems);
  switch (model.metadata.protocol) {
    case "query": return new AwsError("ValidationError", message, 400);
    case "json": return new AwsError("InvalidParameterException", message, 400);
    // restJson1 services (Access Analyzer) carry why and which fields in the error body.
    default: return new AwsError("ValidationException", message, 400).withFields({ reason: "fieldValidationFailed" });
  }
}

/** The output as JSON-ready values (timestamps as epoch seconds, blobs as base64), for any protocol's model. */
export function outputAsJson(model: ServiceModel, op: OperationModel, output: unknown): unknown {
  return op.output ? writeShape(model, model.shapes[op.output.shape]!, output ?? {}) ?? {} : {};
}

/** A parsed JSON value typed as `shape` (shared with restJson1's body members). */
export function readShape(model: ServiceModel, shape: Shape, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) throw serialization(`Expected an object at '${path || "input"}'.`);
      if (shape.document) {
        if (nestedDeeperThan(value, MAX_DOCUMENT_NESTING)) throw serialization(`The document at '${path}' nests more than ${MAX_DOCUMENT_NESTING} levels deep.`);
        return value;
      }
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const child = readShape(model, model.shapes[ref.shape]!, record[name], path ? `${path}.${name}` : name);
        if (child !== undefined) out[name] = child;
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) throw serialization(`Expected a list at '${path}'.`);
      const memberShape = model.shapes[shape.member!.shape]!;
      return value.map((item, i) => readShape(model, memberShape, item, `${path}.${i}`));
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value)) throw serialization(`Expected a map at '${path}'.`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[k] = readShape(model, model.shapes[shape.value!.shape]!, v, `${path}.${k}`);
      }
      return out;
    }
    case "string":
      if (typeof value !== "string") throw serialization(`Expected a string at '${path}'.`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw serialization(`Expected a boolean at '${path}'.`);
      return value;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) throw serialization(`Expected an integer at '${path}'.`);
      return value;
    case "double":
    case "float":
      if (typeof value !== "number") throw serialization(`Expected a number at '${path}'.`);
      return value;
    case "timestamp": {
      const date = typeof value === "number" ? new Date(value * 1000) : new Date(String(value));
      if (Number.isNaN(date.getTime())) throw serialization(`Expected a timestamp at '${path}'.`);
      return date;
    }
    case "blob":
      if (typeof value !== "string") throw serialization(`Expected base64 text at '${path}'.`);
      return Buffer.from(value, "base64");
    default:
      return value;
  }
}

/** Deepest nesting a document value may have: storing and answering it recurses once per level. */
const MAX_DOCUMENT_NESTING = 64;

/** Walked with a stack of its own, so a value nested far deeper than the limit costs no recursion. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

export function encodeJsonOutput(model: ServiceModel, op: OperationModel, output: unknown, requestId: string): WireResponse {
  return { status: 200, headers: { "content-type": CONTENT_TYPE }, body: JSON.stringify(outputAsJson(model, op, output)) };
}

/** A value of `shape` as JSON-ready data (shared with restJson1's body members). */
export function writeShape(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case "structure": {
      if (shape.document) return value;
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const child = writeShape(model, model.shapes[ref.shape]!, record[name]);
        if (child !== undefined) out[name] = child;
      }
      return out;
    }
    case "list":
      return (value as unknown[]).map((item) => writeShape(model, model.shapes[shape.member!.shape]!, item));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = writeShape(model, model.shapes[shape.value!.shape]!, v);
      return out;
    }
    case "timestamp": {
      const date = value instanceof Date ? value : new Date(value as string | number);
      return shape.timestampFormat === "iso8601" ? date.toISOString() : date.getTime() / 1000;
    }
    case "blob":
      return Buffer.from(value as Uint8Array).toString("base64");
    default:
      return value;
  }
}

/** The common authentication errors as JSON-protocol services name them (HTTP 400 for awsJson, 403 for restJson1). */
export const JSON_NAMES: Readonly<Record<string, string>> = {
  InvalidClientTokenId: "UnrecognizedClientException",
  SignatureDoesNotMatch: "InvalidSignatureException",
  RequestExpired: "InvalidSignatureException",
  IncompleteSignature: "IncompleteSignatureException",
  MissingAuthenticationToken: "MissingAuthenticationTokenException",
  ExpiredToken: "ExpiredTokenException",
  AccessDenied: "AccessDeniedException",
};

export function encodeJsonError(err: AwsError, _requestId: string): WireResponse {
  const renamed = JSON_NAMES[err.code];
  const code = renamed ?? err.code;
  return {
    status: renamed ? 400 : err.status,
    headers: { "content-type": CONTENT_TYPE, "x-amzn-errortype": code, ...err.extra },
    body: JSON.stringify({ __type: code, message: err.message }),
  };
}
