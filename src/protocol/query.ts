// awsQuery: form/query-string parameters in, XML out (IAM, STS).
import { unescape } from "node:querystring";
import { AwsError } from "./errors.js";
import type { MemberRef, OperationModel, ServiceModel, Shape } from "./model.js";
import { validateInput, validationMessage } from "./validate.js";
import type { WireResponse } from "./wire.js";

function malformed(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

/** More parameters than any operation takes: a cap on the work one request can ask for. */
export const MAX_QUERY_PARAMETERS = 10_000;
const FORM = "application/x-www-form-urlencoded";

/**
 * The query string's parameters, plus the body's when it is a form (AWS merges them). Parsing is linear;
 * the count is checked from the separators before anything is allocated for them.
 */
export function queryParameters(rawQuery: string, body: Buffer, contentType: string): URLSearchParams {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (body.length > 0 && type !== FORM && type !== "") {
    throw new AwsError("InvalidParameterValue",
      `Content-Type ${type} is not supported for this API: send parameters as ${FORM} (the AWS Query protocol).`, 400);
  }
  const text = body.length === 0 ? "" : body.toString("utf8");
  const count = separators(rawQuery) + separators(text);
  if (count > MAX_QUERY_PARAMETERS) {
    throw malformed(`The request has ${count} parameters; AWS Identity Emulator accepts at most ${MAX_QUERY_PARAMETERS}.`);
  }
  const params = new URLSearchParams();
  appendForm(rawQuery, params);
  appendForm(text, params);
  return params;
}

/**
 * application/x-www-form-urlencoded pairs, appended to `params`: '+' is a space and %XX a byte of UTF-8,
 * decoded natively (URLSearchParams decodes in JavaScript, several times slower: 1.6 s for a 12 MB value);
 * a malformed escape is kept as written, as URLSearchParams keeps it.
 */
function appendForm(text: string, params: URLSearchParams): void {
  for (let start = 0; start < text.length;) {
    let end = text.indexOf("&", start);
    if (end === -1) end = text.length;
    if (end > start) {
      const eq = text.indexOf("=", start);
      const split = eq === -1 || eq > end ? end : eq;
      params.append(formDecoded(text.slice(start, split)), split === end ? "" : formDecoded(text.slice(split + 1, end)));
    }
    start = end + 1;
  }
}

function formDecoded(raw: string): string {
  const spaced = raw.includes("+") ? raw.replaceAll("+", " ") : raw;
  return spaced.includes("%") ? unescape(spaced) : spaced;
}

/** How many parameters `text` can hold at most: one per '&'-separated part. */
function separators(text: string): number {
  if (text === "") return 0;
  let n = 1;
  for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1)) n++;
  return n;
}

/**
 * Parameter names split on their dots into a tree, built once: decoding then visits each parameter once
 * (looking members up by name in every parameter, or list indexes by scanning every key, is quadratic).
 */
interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

function paramTree(params: URLSearchParams): ParamNode {
  const root: ParamNode = {};
  for (const [key, value] of params) {
    let node = root;
    for (const segment of key.split(".")) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, child = {});
      node = child;
    }
    node.value ??= value; // the first of repeated parameters, as URLSearchParams.get reads it
  }
  return root;
}

/** Decodes `params` into the operation's input shape and checks the model's constraints. */
export function decodeQuery(model: ServiceModel, op: OperationModel, params: URLSearchParams): Record<string, unknown> {
  if (!op.input) return {};
  const input = (readShape(model, model.shapes[op.input.shape]!, "", paramTree(params)) ?? {}) as Record<string, unknown>;
  const problems = validateInput(model, op.input.shape, input);
  if (problems.length) throw new AwsError("ValidationError", validationMessage(problems), 400);
  return input;
}

function child(node: ParamNode | undefined, name: string): ParamNode | undefined {
  return node?.children?.get(name);
}

function readShape(model: ServiceModel, shape: Shape, name: string, node: ParamNode | undefined): unknown {
  switch (shape.type) {
    case "structure": {
      let result: Record<string, unknown> | undefined;
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const location = ref.locationName ?? member;
        const value = readShape(model, model.shapes[ref.shape]!, name ? `${name}.${location}` : location, child(node, location));
        if (value !== undefined) (result ??= {})[member] = value;
      }
      // A nested structure with no members present is absent; the top level always exists.
      return result ?? (name ? undefined : {});
    }
    case "list": {
      const member = shape.member as MemberRef;
      const location = member.locationName ?? "member";
      const base = shape.flattened ? name : `${name}.${location}`;
      const items = indexed(shape.flattened ? node : child(node, location), base);
      if (items.length === 0) return node?.value !== undefined ? [] : undefined;
      const memberShape = model.shapes[member.shape]!;
      return items.map(([i, item]) => present(readShape(model, memberShape, `${base}.${i}`, item), memberShape, `${base}.${i}`));
    }
    case "map": {
      const base = shape.flattened ? name : `${name}.entry`;
      const entries = indexed(shape.flattened ? node : child(node, "entry"), base);
      if (entries.length === 0) return node?.value !== undefined ? {} : undefined;
      const keyName = shape.key?.locationName ?? "key";
      const valueName = shape.value?.locationName ?? "value";
      const map: Record<string, unknown> = {};
      for (const [i, entry] of entries) {
        const k = child(entry, keyName)?.value;
        if (k === undefined) throw malformed(`Map entry ${base}.${i} has no key.`);
        const valueShape = model.shapes[shape.value!.shape]!;
        map[k] = present(readShape(model, valueShape, `${base}.${i}.${valueName}`, child(entry, valueName)), valueShape, `${base}.${i}.${valueName}`);
      }
      return map;
    }
    default: {
      const raw = node?.value;
      return raw === undefined ? undefined : readScalar(shape, raw, name);
    }
  }
}

/** A numbered member is there even when none of its fields are: an empty structure (the model's required
 * members are then reported missing), and for any other shape a parameter without a value is refused. */
function present(value: unknown, shape: Shape, name: string): unknown {
  if (value !== undefined) return value;
  if (shape.type === "structure") return {};
  throw malformed(`Invalid parameter ${name}: it has no value.`);
}

/** List members and map entries are numbered 1, 2, 3…: AWS's own numbering, without signs, zeros or exponents. */
const INDEX = /^[1-9][0-9]{0,8}$/;

/** The numbered children of a list or map, in number order; a child not numbered as AWS numbers is refused. */
function indexed(node: ParamNode | undefined, base: string): [number, ParamNode][] {
  if (!node?.children) return [];
  const items: [number, ParamNode][] = [];
  for (const [segment, item] of node.children) {
    if (!INDEX.test(segment)) {
      throw malformed(`Invalid parameter ${base}.${segment}: list members and map entries are numbered 1, 2, 3… (no leading zeros, signs or exponents).`);
    }
    items.push([Number(segment), item]);
  }
  return items.sort((a, b) => a[0] - b[0]);
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
