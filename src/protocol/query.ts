// awsQuery: form/query-string parameters in, XML out (IAM, STS).
import { AwsError } from "./errors.js";
import type { MemberRef, OperationModel, ServiceModel, Shape } from "./model.js";
import { validateInput, validationMessage } from "./validate.js";
import type { WireResponse } from "./wire.js";

function malformed(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

/** Decodes `params` into the operation's input shape and checks the model's constraints. */
export function decodeQuery(model: ServiceModel, op: OperationModel, params: URLSearchParams): Record<string, unknown> {
  if (!op.input) return {};
  const keys = [...params.keys()];
  const input = (readShape(model, model.shapes[op.input.shape]!, "", params, keys) ?? {}) as Record<string, unknown>;
  const problems = validateInput(model, op.input.shape, input);
  if (problems.length) throw new AwsError("ValidationError", validationMessage(problems), 400);
  return input;
}

function readShape(model: ServiceModel, shape: Shape, prefix: string, params: URLSearchParams, keys: string[]): unknown {
  switch (shape.type) {
    case "structure": {
      let result: Record<string, unknown> | undefined;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const key = prefix ? `${prefix}.${ref.locationName ?? name}` : ref.locationName ?? name;
        const value = readShape(model, model.shapes[ref.shape]!, key, params, keys);
        if (value !== undefined) (result ??= {})[name] = value;
      }
      // A nested structure with no members present is absent; the top level always exists.
      return result ?? (prefix ? undefined : {});
    }
    case "list": {
      const member = shape.member as MemberRef;
      const base = shape.flattened ? prefix : `${prefix}.${member.locationName ?? "member"}`;
      const indices = indicesUnder(base, keys);
      if (indices.length === 0) return params.has(prefix) ? [] : undefined;
      const memberShape = model.shapes[member.shape]!;
      return indices.map((i) => readShape(model, memberShape, `${base}.${i}`, params, keys));
    }
    case "map": {
      const base = shape.flattened ? prefix : `${prefix}.entry`;
      const indices = indicesUnder(base, keys);
      if (indices.length === 0) return params.has(prefix) ? {} : undefined;
      const map: Record<string, unknown> = {};
      for (const i of indices) {
        const k = params.get(`${base}.${i}.${shape.key?.locationName ?? "key"}`);
        if (k === null) throw malformed(`Map entry ${base}.${i} has no key.`);
        map[k] = readShape(model, model.shapes[shape.value!.shape]!, `${base}.${i}.${shape.value?.locationName ?? "value"}`, params, keys);
      }
      return map;
    }
    default: {
      const raw = params.get(prefix);
      if (raw === null) return undefined;
      return readScalar(shape, raw, prefix);
    }
  }
}

function indicesUnder(base: string, keys: readonly string[]): number[] {
  const found = new Set<number>();
  const start = base + ".";
  for (const key of keys) {
    if (!key.startsWith(start)) continue;
    const rest = key.slice(start.length);
    const dot = rest.indexOf(".");
    const n = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (Number.isInteger(n) && n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

function readScalar(shape: Shape, raw: string, name: string): unknown {
  switch (shape.type) {
    case "string":
      return raw;
    case "integer":
    case "long": {
      if (!/^[+-]?\d+$/.test(raw.trim())) throw malformed(`Invalid value '${raw}' for parameter ${name}: expected an integer.`);
      return Number(raw);
    }
    case "double":
    case "float": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n)) throw malformed(`Invalid value '${raw}' for parameter ${name}: expected a number.`);
      return n;
    }
    case "boolean": {
      const lower = raw.toLowerCase();
      if (lower !== "true" && lower !== "false") throw malformed(`Invalid value '${raw}' for parameter ${name}: expected true or false.`);
      return lower === "true";
    }
    case "timestamp": {
      const date = /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
      if (Number.isNaN(date.getTime())) throw malformed(`Invalid value '${raw}' for parameter ${name}: expected an ISO 8601 timestamp.`);
      return date;
    }
    case "blob":
      return Buffer.from(raw, "base64");
    default:
      return raw;
  }
}

export function isoSeconds(date: Date): string {
  const iso = date.toISOString(); // …T12:34:56.789Z: milliseconds are always three digits
  return `${iso.slice(0, -5)}Z`;
}

// The XML is written straight from the model as a string: a generic object-to-XML builder cost a third of a
// signed STS request (see docs/performance.md). Text and attribute values are escaped as XML 1.0 requires.
const XML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" };
const NEEDS_ESCAPE = /[&<>'"]/;
function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>'"]/g, (c) => XML_ESCAPES[c]!) : text;
}

const element = (tag: string, content: string) => `<${tag}>${content}</${tag}>`;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>` */
export function encodeQueryOutput(model: ServiceModel, op: OperationModel, output: unknown, requestId: string): WireResponse {
  let body = "";
  if (op.output) body = element(op.output.resultWrapper ?? `${op.name}Result`, writeShape(model, model.shapes[op.output.shape]!, output ?? {}) ?? "");
  body += element("ResponseMetadata", element("RequestId", escapeXml(requestId)));
  const xmlns = model.metadata.xmlNamespace ? ` xmlns="${escapeXml(model.metadata.xmlNamespace)}"` : "";
  return xmlResponse(200, `<${op.name}Response${xmlns}>${body}</${op.name}Response>`);
}

/** The XML inside a value's element, or undefined when the value is absent (the element is left out). */
function writeShape(model: ServiceModel, shape: Shape, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case "structure": {
      let xml = "";
      const record = value as Record<string, unknown>;
      const members = shape.members ?? {};
      for (const name in members) {
        const ref = members[name]!;
        const child = writeShape(model, model.shapes[ref.shape]!, record[name]);
        if (child !== undefined) xml += element(ref.locationName ?? name, child);
      }
      return xml;
    }
    case "list": {
      const member = shape.member as MemberRef;
      const itemShape = model.shapes[member.shape]!;
      const tag = member.locationName ?? "member";
      let xml = "";
      for (const item of value as unknown[]) xml += element(tag, writeShape(model, itemShape, item) ?? "");
      return xml;
    }
    case "map": {
      const valueShape = model.shapes[shape.value!.shape]!;
      let xml = "";
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        xml += element("entry", element("key", escapeXml(k)) + element("value", writeShape(model, valueShape, v) ?? ""));
      }
      return xml;
    }
    case "timestamp":
      return isoSeconds(value instanceof Date ? value : new Date(value as string | number));
    case "boolean":
      return value ? "true" : "false";
    case "blob":
      return Buffer.from(value as Uint8Array).toString("base64");
    default:
      return escapeXml(String(value));
  }
}

export function encodeQueryError(model: ServiceModel | undefined, err: AwsError, requestId: string): WireResponse {
  const error = element("Type", err.fault) + element("Code", escapeXml(err.code)) + element("Message", escapeXml(err.message));
  const xmlns = model?.metadata.xmlNamespace ? ` xmlns="${escapeXml(model.metadata.xmlNamespace)}"` : "";
  const wire = xmlResponse(err.status, `<ErrorResponse${xmlns}>${element("Error", error)}${element("RequestId", escapeXml(requestId))}</ErrorResponse>`);
  return err.extra ? { ...wire, headers: { ...wire.headers, ...err.extra } } : wire;
}

function xmlResponse(status: number, document: string): WireResponse {
  return { status, headers: { "content-type": "text/xml" }, body: DECLARATION + document };
}
