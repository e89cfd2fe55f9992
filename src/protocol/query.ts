// awsQuery: form/query-string parameters in, XML out (IAM, STS).
import { XMLBuilder } from "fast-xml-parser";
import { AwsError } from "./errors.js";
import type { MemberRef, OperationModel, ServiceModel, Shape } from "./model.js";
import { validateInput, validationMessage } from "./validate.js";
import type { WireResponse } from "./wire.js";

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: false, processEntities: true });

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
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `<OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>` */
export function encodeQueryOutput(model: ServiceModel, op: OperationModel, output: unknown, requestId: string): WireResponse {
  const body: Record<string, unknown> = { "@_xmlns": model.metadata.xmlNamespace };
  if (op.output) {
    const wrapper = op.output.resultWrapper ?? `${op.name}Result`;
    body[wrapper] = writeShape(model, model.shapes[op.output.shape]!, output ?? {}) ?? "";
  }
  body.ResponseMetadata = { RequestId: requestId };
  return xmlResponse(200, { [`${op.name}Response`]: body });
}

function writeShape(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const child = writeShape(model, model.shapes[ref.shape]!, record[name]);
        if (child !== undefined) out[ref.locationName ?? name] = child;
      }
      return out;
    }
    case "list": {
      const member = shape.member as MemberRef;
      const items = (value as unknown[]).map((item) => writeShape(model, model.shapes[member.shape]!, item) ?? "");
      return items.length === 0 ? "" : { [member.locationName ?? "member"]: items };
    }
    case "map": {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
        key: k,
        value: writeShape(model, model.shapes[shape.value!.shape]!, v) ?? "",
      }));
      return entries.length === 0 ? "" : { entry: entries };
    }
    case "timestamp":
      return isoSeconds(value instanceof Date ? value : new Date(value as string | number));
    case "boolean":
      return value ? "true" : "false";
    case "blob":
      return Buffer.from(value as Uint8Array).toString("base64");
    default:
      return String(value);
  }
}

export function encodeQueryError(model: ServiceModel | undefined, err: AwsError, requestId: string): WireResponse {
  const body: Record<string, unknown> = {
    Error: { Type: err.fault, Code: err.code, Message: err.message },
    RequestId: requestId,
  };
  if (model?.metadata.xmlNamespace) body["@_xmlns"] = model.metadata.xmlNamespace;
  const wire = xmlResponse(err.status, { ErrorResponse: body });
  return err.extra ? { ...wire, headers: { ...wire.headers, ...err.extra } } : wire;
}

function xmlResponse(status: number, document: Record<string, unknown>): WireResponse {
  return {
    status,
    headers: { "content-type": "text/xml" },
    body: '<?xml version="1.0" encoding="UTF-8"?>\n' + builder.build(document),
  };
}
