// restJson1 (Access Analyzer): the HTTP method and the model's URI templates pick the operation; input
// members travel in the path, the query string, headers or the JSON body as the model binds them; errors
// are `x-amzn-errortype` plus a JSON body with the message and the error shape's other members.
import { AwsError } from "./errors.js";
import { JSON_NAMES, readShape, validationError, writeShape } from "./json.js";
import type { MemberRef, OperationModel, ServiceModel, Shape } from "./model.js";
import { validateInput } from "./validate.js";
import type { WireResponse } from "./wire.js";

const CONTENT_TYPE = "application/json";

export interface RestJsonRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

interface Template {
  readonly operation: OperationModel;
  readonly method: string;
  readonly pattern: RegExp;
  readonly labels: readonly string[];
  /** More literal segments first: /policy/generation beats /policy/{id}. */
  readonly literals: number;
}

const templates = new WeakMap<ServiceModel, Template[]>();

function templatesOf(model: ServiceModel): Template[] {
  let list = templates.get(model);
  if (list) return list;
  list = Object.values(model.operations).map((operation) => {
    const path = operation.http.requestUri.split("?")[0]!;
    const labels: string[] = [];
    let literals = 0;
    const source = path.split("/").map((segment) => {
      const label = /^\{([^}+]+)(\+)?\}$/.exec(segment);
      if (!label) { if (segment) literals++; return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
      labels.push(label[1]!);
      return label[2] ? "(.+)" : "([^/]+)";
    }).join("/");
    return { operation, method: operation.http.method, pattern: new RegExp(`^${source}/?$`), labels, literals };
  }).sort((a, b) => b.literals - a.literals);
  templates.set(model, list);
  return list;
}

/** The operation a method and path address, with its URI labels decoded; undefined when none does. */
export function matchRestJsonOperation(model: ServiceModel, method: string, path: string): { operation: OperationModel; labels: Record<string, string> } | undefined {
  for (const t of templatesOf(model)) {
    if (t.method !== method) continue;
    const m = t.pattern.exec(path);
    if (!m) continue;
    const labels: Record<string, string> = {};
    try { t.labels.forEach((name, i) => { labels[name] = decodeURIComponent(m[i + 1]!); }); }
    catch { continue; } // a malformed %-escape names no resource
    return { operation: t.operation, labels };
  }
  return undefined;
}

/** True when some operation of the model lives at this path (with any method). */
export function isRestJsonPath(model: ServiceModel, path: string): boolean {
  return templatesOf(model).some((t) => t.pattern.test(path));
}

function serialization(message: string): AwsError {
  return new AwsError("SerializationException", message, 400);
}

/** A text value from the path, query string or a header, typed as its shape. */
function scalar(shape: Shape, text: string, where: string): unknown {
  switch (shape.type) {
    case "integer": case "long": {
      if (!/^-?\d+$/.test(text)) throw serialization(`Expected an integer for ${where}, got '${text}'.`);
      return Number(text);
    }
    case "double": case "float": {
      const n = Number(text);
      if (text.trim() === "" || Number.isNaN(n)) throw serialization(`Expected a number for ${where}, got '${text}'.`);
      return n;
    }
    case "boolean":
      if (text !== "true" && text !== "false") throw serialization(`Expected true or false for ${where}, got '${text}'.`);
      return text === "true";
    case "timestamp": {
      const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
      if (Number.isNaN(date.getTime())) throw serialization(`Expected a timestamp for ${where}, got '${text}'.`);
      return date;
    }
    default:
      return text;
  }
}

function headerValue(headers: RestJsonRequest["headers"], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(",") : v;
}

/** The operation's typed input from every binding, then the model's constraints (ValidationException). */
export function decodeRestJson(model: ServiceModel, op: OperationModel, req: RestJsonRequest, labels: Readonly<Record<string, string>>): Record<string, unknown> {
  if (!op.input) return {};
  const shape = model.shapes[op.input.shape]!;
  const input: Record<string, unknown> = {};
  const bodyMembers: [string, MemberRef][] = [];
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberShape = model.shapes[ref.shape]!;
    const wire = ref.locationName ?? name;
    switch (ref.location) {
      case "uri":
        if (labels[wire] !== undefined) input[name] = scalar(memberShape, labels[wire]!, wire);
        break;
      case "querystring": {
        if (memberShape.type === "list") {
          const all = req.query.getAll(wire);
          if (all.length) input[name] = all.map((v) => scalar(model.shapes[memberShape.member!.shape]!, v, wire));
        } else {
          const v = req.query.get(wire);
          if (v !== null) input[name] = scalar(memberShape, v, wire);
        }
        break;
      }
      case "header": {
        const v = headerValue(req.headers, wire);
        if (v !== undefined) input[name] = scalar(memberShape, v, wire);
        break;
      }
      default:
        bodyMembers.push([name, ref]);
    }
  }
  if (bodyMembers.length && req.body.trim() !== "") {
    let parsed: unknown;
    try { parsed = JSON.parse(req.body); } catch { throw serialization("The request body is not valid JSON."); }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw serialization("The request body must be a JSON object.");
    const record = parsed as Record<string, unknown>;
    for (const [name, ref] of bodyMembers) {
      const value = readShape(model, model.shapes[ref.shape]!, record[ref.locationName ?? name], ref.locationName ?? name);
      if (value !== undefined) input[name] = value;
    }
  }
  const problems = validateInput(model, op.input.shape, input);
  if (problems.length) throw validationError(model, problems);
  return input;
}

export function encodeRestJsonOutput(model: ServiceModel, op: OperationModel, output: unknown): WireResponse {
  const headers: Record<string, string> = { "content-type": CONTENT_TYPE };
  const body: Record<string, unknown> = {};
  const record = (output ?? {}) as Record<string, unknown>;
  if (op.output) {
    for (const [name, ref] of Object.entries(model.shapes[op.output.shape]!.members ?? {})) {
      const value = record[name];
      if (value === undefined || value === null) continue;
      if (ref.location === "header") headers[(ref.locationName ?? name).toLowerCase()] = String(value);
      else body[ref.locationName ?? name] = writeShape(model, model.shapes[ref.shape]!, value);
    }
  }
  return { status: op.http.responseCode ?? 200, headers, body: JSON.stringify(body) };
}

export function encodeRestJsonError(err: AwsError): WireResponse {
  const renamed = JSON_NAMES[err.code];
  const code = renamed ?? err.code;
  return {
    status: renamed ? 403 : err.status,
    headers: { "content-type": CONTENT_TYPE, "x-amzn-errortype": code, ...err.extra },
    body: JSON.stringify({ message: err.message, ...err.fields }),
  };
}
