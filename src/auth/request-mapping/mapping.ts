// Interprets a service's mapping data (types.ts) for one forwarded request: which operation it is, the IAM
// actions and resource ARNs it is authorized as (ARN templates from AWS's data, the action catalog), and the
// condition keys it carries. Pure: the request's facts in, a MappedRequest out; nothing here does I/O.
import { catalogService } from "../action-resources.js";
import type { ContextValue } from "../../policy/index.js";
import { partitionOf } from "../../partition.js";
import type { OperationMapping, ResourceBuilder, ResourcePolicyRef, ServiceMapping, ValueSource } from "./types.js";

/** What the forwarder knows of a request before it is authorized. */
export interface MappingRequest {
  readonly method: string;
  /** The raw path, percent-encoded as received. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** S3's virtual-hosted style: the bucket the Host names. */
  readonly hostBucket?: string;
  /** JSON services: the decoded body; Query services: the form and query parameters, by name. */
  readonly body?: Readonly<Record<string, unknown>>;
  /** The X-Amz-Target header, for JSON services. */
  readonly target?: string;
  readonly region: string;
  /** The caller's account: resources without an account of their own belong to it. */
  readonly accountId: string;
  /** Facts only the upstream knows, looked up by the forwarder beforehand. */
  readonly facts?: RequestFacts;
}

export interface RequestFacts {
  /** A DynamoDB table's partition key attribute (for dynamodb:LeadingKeys). */
  partitionKeyOf?(table: string): string | undefined;
  /** The account that owns a resource whose ARN has none (an S3 bucket or object), when known. */
  ownerOf?(arn: string): string | undefined;
}

export interface MappedAuthorization {
  readonly action: string;
  /** The resource ARN, or "*" for actions without a resource type. */
  readonly resource: string;
  /** The resource's owner, when it is not the caller's account. */
  readonly resourceAccount?: string;
  /** Where to read the resource's own policy (a bucket, queue or key policy), if it can have one. */
  readonly resourcePolicy?: { readonly reader: string; readonly target: string; readonly mustAllow?: boolean };
}

export interface MappedRequest {
  readonly service: ServiceMapping;
  /** The operation's name (GetObject, PutItem …), when the request names one the mapping recognises. */
  readonly operation: string | undefined;
  /** False when the mapping does not know the operation: `reason` says why; the decision must say so too. */
  readonly mapped: boolean;
  readonly reason?: string;
  /** Every action the request needs, the operation's own first. */
  readonly authorizations: readonly MappedAuthorization[];
  /** Service condition keys and request tags, only those AWS's data lists for the action. */
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly changesResourcePolicy: boolean;
  readonly rewritesUrls: boolean;
  /** The operation's resources are in its body: read it (size-limited) and map again with it. */
  readonly readsBody: boolean;
}

type Value = string | string[] | Readonly<Record<string, unknown>> | undefined;

/** The transforms a ValueSource may name after `|`: each takes the value so far and the request. */
const TRANSFORMS: Record<string, (value: unknown, req: MappingRequest, arg: string | undefined) => unknown> = {
  /** The last path segment of a URL or path (an SQS queue URL's name). */
  lastSegment: (v) => (typeof v === "string" ? v.replace(/\/+$/, "").split("/").pop() || undefined : undefined),
  /** The 12-digit account in a URL's path (an SQS queue URL). */
  urlAccount: (v) => (typeof v === "string" ? /\/(\d{12})\//.exec(v)?.[1] : undefined),
  /** A map's keys (DynamoDB's RequestItems names its tables). */
  keys: (v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : undefined),
  /** The name in an ARN or partial ARN (arn:…:function:NAME[:qualifier], 123456789012:function:NAME), or the value. */
  nameOf: (v, _r, kind) => {
    if (typeof v !== "string") return undefined;
    const m = new RegExp(`(?:^|:)${kind ?? "[^:]+"}[:/]([^:/]+)`).exec(v);
    return m ? m[1] : v;
  },
  /** S3's x-amz-copy-source ("/bucket/key?versionId=…", percent-encoded): its bucket, or its key. */
  copySourceBucket: (v) => (typeof v === "string" ? bucketAndKey({ path: v.startsWith("/") ? v.split("?")[0]! : `/${v.split("?")[0]}` }).bucket : undefined),
  copySourceKey: (v) => (typeof v === "string" ? bucketAndKey({ path: v.startsWith("/") ? v.split("?")[0]! : `/${v.split("?")[0]}` }).key : undefined),
  /** A KMS KeyId that names a key (id or key ARN), not an alias (AWS authorizes an alias's target key). */
  keyId: (v) => (typeof v === "string" && !v.startsWith("alias/") && !v.includes(":alias/") ? v.replace(/^arn:[^:]+:kms:[^:]*:\d*:key\//, "") : undefined),
  /** [{Key, Value}] → {Key: Value} (most services' tag lists). */
  tagList: (v) => pairs(v, "Key", "Value"),
  /** [{TagKey, TagValue}] → map (KMS). */
  kmsTagList: (v) => pairs(v, "TagKey", "TagValue"),
  /** "k1=v1&k2=v2" → map (S3's x-amz-tagging header). */
  tagQuery: (v) => (typeof v === "string" ? Object.fromEntries(new URLSearchParams(v)) : undefined),
  /** Query-protocol tag lists flattened as PREFIX.N.Key / PREFIX.N.Value (arg: the prefix). */
  flatTags: (v, _r, prefix) => {
    if (!v || typeof v !== "object" || !prefix) return undefined;
    const flat = v as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (let n = 1; typeof flat[`${prefix}.${n}.Key`] === "string"; n++) out[flat[`${prefix}.${n}.Key`] as string] = String(flat[`${prefix}.${n}.Value`] ?? "");
    return Object.keys(out).length ? out : undefined;
  },
  /** A DynamoDB key or item's partition key value, as a string (needs the table's key schema from the upstream). */
  partitionKey: (v, req) => {
    const table = typeof req.body?.TableName === "string" ? req.body.TableName : undefined;
    const name = table ? req.facts?.partitionKeyOf?.(table) : undefined;
    const attr = name && v && typeof v === "object" ? (v as Record<string, unknown>)[name] : undefined;
    return attr && typeof attr === "object" ? scalarOf(attr as Record<string, unknown>) : undefined;
  },
  /** DynamoDB's ProjectionExpression as the attribute names it reads (#names resolved). */
  projection: (v, req) => {
    if (typeof v !== "string") return undefined;
    const names = (req.body?.ExpressionAttributeNames ?? {}) as Record<string, string>;
    return v.split(",").map((p) => p.trim().split(/[.[]/)[0]!).filter(Boolean).map((p) => names[p] ?? p);
  },
};

function pairs(v: unknown, key: string, value: string): Record<string, string> | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const t of v) if (t && typeof t === "object" && typeof t[key] === "string") out[t[key]] = String(t[value] ?? "");
  return out;
}

/** A DynamoDB attribute value ({S: "x"}, {N: "1"}, {B: …}) as the string LeadingKeys compares. */
function scalarOf(attr: Record<string, unknown>): string | undefined {
  for (const type of ["S", "N", "B"]) if (typeof attr[type] === "string") return attr[type] as string;
  return undefined;
}

function header(req: MappingRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** S3's bucket and key, from the Host (virtual-hosted style) or the path's first segment. */
export function bucketAndKey(req: Pick<MappingRequest, "path" | "hostBucket">): { bucket?: string; key?: string } {
  const segments = req.path.replace(/^\//, "");
  if (req.hostBucket) return { bucket: req.hostBucket, key: segments === "" ? undefined : decode(segments) };
  const slash = segments.indexOf("/");
  if (segments === "") return {};
  if (slash === -1) return { bucket: decode(segments) };
  const key = segments.slice(slash + 1);
  return { bucket: decode(segments.slice(0, slash)), key: key === "" ? undefined : decode(key) };
}

function decode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** Reads a ValueSource against a request and the REST route's path parameters. */
export function readSource(source: ValueSource, req: MappingRequest, params: Readonly<Record<string, string>> = {}): Value {
  if (source.includes(" ?? ")) {
    for (const alternative of source.split(" ?? ")) {
      const value = readSource(alternative, req, params);
      if (value !== undefined) return value;
    }
    return undefined;
  }
  const [ref, ...transforms] = source.split("|");
  const dot = ref!.indexOf(".");
  const root = dot === -1 ? ref! : ref!.slice(0, dot);
  const name = dot === -1 ? "" : ref!.slice(dot + 1);
  let value: unknown;
  switch (root) {
    case "bucket": value = bucketAndKey(req).bucket; break;
    case "key": value = bucketAndKey(req).key; break;
    case "path": value = params[name]; break;
    case "query": value = req.query.has(name) ? req.query.get(name)! : undefined; break;
    case "header": value = header(req, name); break;
    case "const": value = name; break;
    case "rawPath": value = req.path; break;
    case "body": value = name === "" ? req.body : dig(req.body, name); break;
    default: throw new Error(`unknown value source root '${root}' in '${source}'`);
  }
  for (const t of transforms) {
    const colon = t.indexOf(":");
    const fn = TRANSFORMS[colon === -1 ? t : t.slice(0, colon)];
    if (!fn) throw new Error(`unknown transform '${t}' in '${source}'`);
    value = value === undefined ? undefined : fn(value, req, colon === -1 ? undefined : t.slice(colon + 1));
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.filter((x) => typeof x === "string");
  return value as Value;
}

/** body.a.b: nested members, or (Query's flat parameters) the dotted name itself. */
function dig(body: Readonly<Record<string, unknown>> | undefined, path: string): unknown {
  if (!body) return undefined;
  if (path in body) return body[path];
  let v: unknown = body;
  for (const part of path.split(".")) {
    if (!v || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** The operation a request names, with a REST route's path parameters. */
function operationOf(service: ServiceMapping, req: MappingRequest): { name: string; params: Record<string, string>; action?: string } | undefined {
  if (req.target !== undefined && service.targetPrefix) {
    const dot = req.target.lastIndexOf(".");
    return req.target.slice(0, dot) === service.targetPrefix ? { name: req.target.slice(dot + 1), params: {} } : undefined;
  }
  if (service.protocols.includes("query")) {
    const action = req.query.get("Action") ?? (typeof req.body?.Action === "string" ? req.body.Action : undefined);
    if (action) return { name: action, params: {} };
  }
  for (const rule of service.rules ?? []) {
    if (rule.method !== req.method) continue;
    if (rule.path !== undefined) {
      const params = matchPath(rule.path, req.path);
      if (params) return { name: rule.operation, params, action: rule.action };
      continue;
    }
    const { bucket, key } = bucketAndKey(req);
    const on = key !== undefined ? "object" : bucket !== undefined ? "bucket" : "service";
    if (rule.on !== on) continue;
    if (rule.query !== undefined && !req.query.has(rule.query)) continue;
    if (rule.header !== undefined && header(req, rule.header) === undefined) continue;
    return { name: rule.operation, params: {}, action: rule.action };
  }
  return undefined;
}

/** "/2015-03-31/functions/{FunctionName}/invocations" against a raw path; {Name+} takes the rest. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/"), got = path.split("/");
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const m = /^\{(\w+)(\+?)\}$/.exec(w);
    if (m) {
      if (i >= got.length || got[i] === "") return undefined;
      params[m[1]!] = decode(m[2] ? got.slice(i).join("/") : got[i]!);
      if (m[2]) return params;
      continue;
    }
    if (w !== got[i]) return undefined;
  }
  return want.length === got.length || (got.length === want.length + 1 && got[got.length - 1] === "") ? params : undefined;
}

/** A resource ARN from the builder and AWS's template for the type, or undefined when the request lacks a part. */
function buildArns(service: ServiceMapping, type: string, builder: ResourceBuilder, req: MappingRequest, params: Record<string, string>): { arn: string; account?: string }[] {
  if (builder.arn) {
    const given = readSource(builder.arn, req, params);
    if (typeof given === "string" && given.startsWith("arn:")) return [{ arn: given, account: given.split(":")[4] || undefined }];
  }
  const template = catalogService(service.actionPrefix)?.resourceTypes[type];
  if (!template || !builder.variables) return [];
  const account = builder.account ? readSource(builder.account, req, params) : undefined;
  const owner = typeof account === "string" ? account : undefined;
  // A variable given as a list (DynamoDB's RequestItems) makes one ARN per value.
  let arns = [template.replace("${Partition}", partitionOf(req.region)).replace("${Region}", req.region).replace("${Account}", owner ?? req.accountId)];
  for (const [variable, source] of Object.entries(builder.variables)) {
    const value = readSource(source, req, params);
    const values = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
    if (values.length === 0) return [];
    arns = arns.flatMap((arn) => values.map((v) => arn.replace("${" + variable + "}", v)));
  }
  if (arns.some((a) => a.includes("${"))) return [];
  return arns.map((arn) => ({ arn, account: owner }));
}

function policyRef(ref: ResourcePolicyRef | undefined, req: MappingRequest, params: Record<string, string>): MappedAuthorization["resourcePolicy"] {
  if (!ref) return undefined;
  const target = readSource(ref.target, req, params);
  return typeof target === "string" ? { reader: ref.reader, target, ...(ref.mustAllow && { mustAllow: true }) } : undefined;
}

/** The resources `action` acts on: the first resource type (the operation's order, else AWS's) that can be built. */
function authorizationsFor(service: ServiceMapping, action: string, types: readonly string[] | undefined, req: MappingRequest,
                           params: Record<string, string>, builders: Readonly<Record<string, ResourceBuilder>>,
                           policies: Readonly<Record<string, ResourcePolicyRef>> = {}): MappedAuthorization[] {
  const entry = catalogService(service.actionPrefix)?.actions[action.slice(action.indexOf(":") + 1)];
  for (const type of types ?? entry?.resourceTypes.map((r) => r.name) ?? []) {
    const builder = builders[type];
    if (!builder) continue;
    const arns = buildArns(service, type, builder, req, params);
    if (arns.length === 0) continue;
    const resourcePolicy = policyRef(policies[type], req, params);
    return arns.map(({ arn, account }) => {
      const resourceAccount = account ?? (arn.split(":")[4] || req.facts?.ownerOf?.(arn));
      return { action, resource: arn, ...(resourceAccount && resourceAccount !== req.accountId && { resourceAccount }), ...(resourcePolicy && { resourcePolicy }) };
    });
  }
  return [{ action, resource: "*" }];
}

function unmapped(service: ServiceMapping, operation: string | undefined, reason: string): MappedRequest {
  return { service, operation, mapped: false, reason, authorizations: [], context: {}, changesResourcePolicy: false, rewritesUrls: false, readsBody: false };
}

/** Maps one request of `service`. Never throws for what a client sends: an unknown shape is `mapped: false`. */
export function mapRequest(service: ServiceMapping, req: MappingRequest): MappedRequest {
  const found = operationOf(service, req);
  if (!found) return unmapped(service, undefined, `the request names no ${service.signingName} operation that the emulator's mapping knows`);
  const { name, params } = found;
  const listed: OperationMapping | undefined = Object.hasOwn(service.operations, name) ? service.operations[name] : undefined;
  const action = `${service.actionPrefix}:${found.action ?? listed?.action ?? name}`;
  const entry = catalogService(service.actionPrefix)?.actions[action.slice(action.indexOf(":") + 1)];
  // An operation not in the data is still mapped when AWS's data has an action of its very name (the rule);
  // a named action AWS's data does not have is a mistake in the data, never a silent allow.
  if (!entry) {
    return unmapped(service, name, listed
      ? `the mapping names ${action}, which AWS's service authorization data does not list`
      : `${service.signingName}:${name} has no IAM action of the same name in AWS's service authorization data, and the mapping does not say which action it is`);
  }
  const authorizations = authorizationsFor(service, action, listed?.resourceTypes, req, params, { ...service.resources, ...listed?.resources }, service.resourcePolicies);
  for (const extra of listed?.alsoRequires ?? []) {
    authorizations.push(...authorizationsFor(service, extra.action, [extra.resourceType], req, params, { [extra.resourceType]: extra.builder },
      extra.resourcePolicy ? { [extra.resourceType]: extra.resourcePolicy } : {}));
  }
  const context: Record<string, ContextValue> = {};
  const supported = new Set(entry.conditionKeys.map((k) => k.toLowerCase()));
  for (const [key, source] of Object.entries({ ...service.context, ...listed?.context })) {
    if (!supported.has(key.toLowerCase())) continue;
    const value = readSource(source, req, params);
    if (typeof value === "string" || Array.isArray(value)) context[key] = value;
  }
  if (listed?.requestTags) {
    const tags = readSource(listed.requestTags, req, params);
    if (tags && typeof tags === "object" && !Array.isArray(tags)) {
      for (const [k, v] of Object.entries(tags)) context[`aws:RequestTag/${k}`] = String(v);
      context["aws:TagKeys"] = Object.keys(tags);
    }
  }
  return {
    service, operation: name, mapped: true, authorizations, context,
    changesResourcePolicy: listed?.changesResourcePolicy ?? false, rewritesUrls: listed?.rewritesUrls ?? false,
    readsBody: listed?.readsBody ?? false,
  };
}
