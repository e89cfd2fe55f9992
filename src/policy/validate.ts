// Policy validation: the JSON grammar (policy-schema.ts), then the rules each policy type adds, each finding
// with the exact range of its token and, where AWS has one, AWS's own MalformedPolicyDocument wording.
import type { ErrorObject } from "ajv";
import { parseJsonDocument, plainValue, LineIndex, type JsonNode } from "./json-document.js";
import { schemaErrors } from "./policy-schema.js";
import { parseOperator, isDateBase, parseDate, Base } from "./condition-operators.js";
import { parseCidr } from "./ip-address.js";
import { PARTITION_NAMES } from "./regions.js";
import type { PolicyDiagnostic, PolicyKind } from "./types.js";

export interface ValidateOptions {
  /** Size limit in non-whitespace characters; defaults per kind (POLICY_SIZE_LIMITS). */
  maxSize?: number;
  /**
   * A managed policy's document (CreatePolicy, CreatePolicyVersion): IAM refuses one without Version
   * 2012-10-17 there, while inline, trust and resource policies may still omit it or say 2008-10-17.
   */
  managed?: boolean;
}

/** Default size quotas, counted without whitespace as IAM counts them. */
export const POLICY_SIZE_LIMITS: Record<PolicyKind, number> = {
  identity: 6144,   // managed policy (inline user 2048, group 5120, role 10240: pass maxSize)
  boundary: 6144,
  trust: 2048,      // ACLSizePerRole default quota
  session: 2048,
  scp: 5120,
  rcp: 5120,
  resource: 20480,
};

const SIZE_QUOTA_NAME: Partial<Record<PolicyKind, string>> = { trust: "ACLSizePerRole" };

/** IAM's policy size: characters other than whitespace. */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
  }
  return n;
}

const PARTITIONS: ReadonlySet<string> = new Set(PARTITION_NAMES);
const IAM_RESOURCE_PREFIXES = ["user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/",
  "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/"];
const IDENTITY_SIDE: ReadonlySet<PolicyKind> = new Set(["identity", "boundary", "session", "scp"]);
const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(["resource", "trust", "rcp"]);
const ALNUM_SID: ReadonlySet<PolicyKind> = new Set(["identity", "boundary"]);

export const AWS_MESSAGES = {
  syntax: "Syntax errors in policy.",
  legacy: "The policy failed legacy parsing",
  managedVersion: "Policy document must be version 2012-10-17 or greater.",
  duplicateSid: "Statement IDs (SID) in a single policy must be unique.",
  sidFormat: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
  noPrincipal: "Policy document should not specify a principal.",
  missingPrincipal: "Missing required field Principal",
  missingActions: "Policy statement must contain actions.",
  missingResources: "Policy statement must contain resources.",
  vendor: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
  oneColon: "Actions/Condition can contain only one colon.",
  trustActions: "AssumeRole policy may only specify STS AssumeRole actions.",
  resourceVendor: "Resource vendor must be fully qualified and cannot contain regexes.",
} as const;

// The order AWS reports problems in when a document has several (syntax first, then legacy parsing, ...).
const PRIORITY: [prefix: string, rank: number][] = [
  ["json-syntax", 0], ["syntax-", 1], ["version-required", 2], ["legacy-", 3], ["duplicate-sid", 4], ["sid-format", 5],
  ["principal-not-allowed", 6], ["missing-principal", 6], ["prohibited-field", 6],
  ["missing-action", 7], ["resource-", 9], ["action-", 10], ["trust-action", 10],
  ["condition-key-", 10], ["missing-resource", 11], ["invalid-principal", 12],
];
function priorityOf(code: string): number {
  for (const [p, r] of PRIORITY) if (code.startsWith(p)) return r;
  return 13;
}

/** AWS's MalformedPolicyDocument message for the first error AWS would report; undefined when none. */
export function malformedPolicyMessage(diags: readonly PolicyDiagnostic[]): string | undefined {
  let best: PolicyDiagnostic | undefined;
  for (const d of diags) {
    if (d.severity !== "error" || d.code === "policy-size") continue;
    if (!best || priorityOf(d.code) < priorityOf(best.code)) best = d;
  }
  if (!best) return undefined;
  if (best.code === "json-syntax" || best.code.startsWith("syntax-")) return AWS_MESSAGES.syntax;
  if (best.code.startsWith("legacy-")) return AWS_MESSAGES.legacy;
  return best.message;
}

export interface Analysis {
  diagnostics: PolicyDiagnostic[];
  root: JsonNode | undefined;
  lines: LineIndex;
}

export function validatePolicy(text: string, kind: PolicyKind, options: ValidateOptions = {}): PolicyDiagnostic[] {
  return analyzePolicy(text, kind, options).diagnostics;
}

export function analyzePolicy(text: string, kind: PolicyKind, options: ValidateOptions = {}): Analysis {
  const lines = new LineIndex(text);
  const diags: PolicyDiagnostic[] = [];
  const add = (code: string, message: string, start: number, end: number, severity: "error" | "warning" = "error") =>
    diags.push({ message, range: lines.range(start, end), severity, code });

  const parsed = parseJsonDocument(text);
  if (!parsed.ok) {
    add("json-syntax", `${AWS_MESSAGES.syntax} ${parsed.error.message}.`, parsed.error.start, parsed.error.end);
    return { diagnostics: diags, root: undefined, lines };
  }
  const root = parsed.root;

  const limit = options.maxSize ?? POLICY_SIZE_LIMITS[kind];
  const size = policySize(text);
  if (size > limit) add("policy-size", `Cannot exceed quota for ${SIZE_QUOTA_NAME[kind] ?? "PolicySize"}: ${limit}`, root.start, root.end);

  if (root.kind !== "object") {
    add("syntax-document", "A policy document must be a JSON object.", root.start, root.end);
    return { diagnostics: diags, root, lines };
  }

  reportSchemaErrors(root, add);
  new SemanticChecks(root, kind, text, add, options.managed === true).run();
  return { diagnostics: diags, root, lines };
}

type Add = (code: string, message: string, start: number, end: number, severity?: "error" | "warning") => void;

function member(node: JsonNode | undefined, key: string) {
  if (!node || node.kind !== "object") return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i]!.key === key) return node.members[i];
  return undefined;
}

/** The node at a JSON pointer, following the last duplicate key as JSON.parse does. */
function nodeAt(root: JsonNode, pointer: string): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  if (pointer === "") return node;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node) return undefined;
    if (node.kind === "object") node = member(node, seg)?.value;
    else if (node.kind === "array") node = node.items[Number(seg)];
    else return undefined;
  }
  return node;
}

function describePath(pointer: string): string {
  const segs = pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  for (const s of segs) out += /^\d+$/.test(s) ? `[${s}]` : out === "" ? s : `.${s}`;
  return out || "The document";
}

function reportSchemaErrors(root: JsonNode, add: Add): void {
  const seen = new Set<string>();
  for (const e of schemaErrors(plainValue(root)) as ErrorObject[]) {
    const node = nodeAt(root, e.instancePath);
    if (!node) continue;
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const where = describePath(e.instancePath);
    const field = e.instancePath.split("/").pop() ?? "";
    switch (e.keyword) {
      case "additionalProperties": {
        const name = String((e.params as { additionalProperty: string }).additionalProperty);
        const m = member(node, name)!;
        add("syntax-unknown-field", `Unknown field ${name}${e.instancePath ? ` in ${where}` : ""}.`, m.keyStart, m.keyEnd);
        break;
      }
      case "required": {
        const name = String((e.params as { missingProperty: string }).missingProperty);
        add("syntax-missing-field", `Missing required field ${name}${e.instancePath ? ` in ${where}` : ""}.`, node.start, node.start + 1);
        break;
      }
      case "enum":
        add("syntax-version", `Version must be "2012-10-17" or "2008-10-17".`, node.start, node.end);
        break;
      case "pattern":
        if (field === "Effect") add("syntax-effect", `Effect must be "Allow" or "Deny".`, node.start, node.end);
        else add("syntax-principal", `${where} must be "*" or an object with AWS, Service, Federated or CanonicalUser.`, node.start, node.end);
        break;
      case "minItems":
        add("syntax-empty", `${where} must not be an empty list.`, node.start, node.end);
        break;
      case "minProperties":
        add("syntax-principal", `${where} must name at least one principal.`, node.start, node.end);
        break;
      case "type": {
        const types = ([] as string[]).concat((e.params as { type: string | string[] }).type);
        add("syntax-type", `${where} must be ${typeWords(types)}.`, node.start, node.end);
        break;
      }
      default:
        add("syntax-schema", `${where} ${e.message ?? "is invalid"}.`, node.start, node.end);
    }
  }
}

function typeWords(types: string[]): string {
  const t = new Set(types);
  if (t.size === 2 && t.has("string") && t.has("array")) return "a string or a list of strings";
  if (t.size === 2 && t.has("object") && t.has("array")) return "a statement object or a list of statements";
  if (t.size === 2 && t.has("string") && t.has("object")) return "\"*\" or an object";
  if (t.has("number") && t.has("boolean") && t.has("array")) return "a string, number, boolean or a list of them";
  if (t.has("number") && t.has("boolean")) return "a string, number or boolean";
  return types.map((x) => (x === "object" ? "an object" : x === "array" ? "a list" : `a ${x}`)).join(" or ");
}

class SemanticChecks {
  constructor(private readonly root: JsonNode & { kind: "object" }, private readonly kind: PolicyKind,
    private readonly text: string, private readonly add: Add, private readonly managed: boolean) {}

  run(): void {
    const version = member(this.root, "Version");
    const v = version?.value.kind === "string" ? version.value.value : undefined;
    if (this.managed && v !== "2012-10-17") {
      const [start, end] = version ? [version.value.start, version.value.end] : [this.root.start, this.root.start + 1];
      this.add("version-required", AWS_MESSAGES.managedVersion, start, end);
    } else if (!version) {
      this.add("version-missing", "No Version: AWS reads this policy as version 2008-10-17, where policy variables are not substituted. Add \"Version\": \"2012-10-17\".",
        this.root.start, this.root.start + 1, "warning");
    }
    if (v !== "2012-10-17" && this.text.includes("${")) this.warnLiteralVariables(this.root);

    const st = member(this.root, "Statement")?.value;
    const statements = st?.kind === "object" ? [st] : st?.kind === "array" ? st.items.filter((s) => s.kind === "object") : [];
    const sids = new Map<string, true>();
    for (const s of statements) this.statement(s as JsonNode & { kind: "object" }, sids);
  }

  private warnLiteralVariables(node: JsonNode): void {
    if (node.kind === "string" && /\$\{[^}]*\}/.test(node.value)) {
      this.add("variables-ignored", "Policy variables are substituted only in policies with \"Version\": \"2012-10-17\"; here this text is matched literally.",
        node.start, node.end, "warning");
    } else if (node.kind === "object") for (const m of node.members) this.warnLiteralVariables(m.value);
    else if (node.kind === "array") for (const i of node.items) this.warnLiteralVariables(i);
  }

  private statement(s: JsonNode & { kind: "object" }, sids: Map<string, true>): void {
    const { add, kind } = this;
    const open = [s.start, s.start + 1] as const;

    const sid = member(s, "Sid");
    if (sid?.value.kind === "string") {
      if (sid.value.value !== "" && sids.has(sid.value.value)) add("duplicate-sid", AWS_MESSAGES.duplicateSid, sid.value.start, sid.value.end);
      sids.set(sid.value.value, true);
      if (ALNUM_SID.has(kind) && !/^[0-9A-Za-z]*$/.test(sid.value.value)) add("sid-format", AWS_MESSAGES.sidFormat, sid.value.start, sid.value.end);
    }

    const effect = member(s, "Effect");
    if (effect?.value.kind === "string" && /^(allow|deny)$/i.test(effect.value.value) && !/^(Allow|Deny)$/.test(effect.value.value)) {
      add("legacy-effect", `${AWS_MESSAGES.legacy}: Effect is case-sensitive, write "Allow" or "Deny".`, effect.value.start, effect.value.end);
    }

    // Pairs that exclude each other.
    for (const [a, b] of [["Action", "NotAction"], ["Resource", "NotResource"], ["Principal", "NotPrincipal"]] as const) {
      const ma = member(s, a), mb = member(s, b);
      if (ma && mb) {
        const second = ma.keyStart > mb.keyStart ? ma : mb;
        add("syntax-conflict", `A statement cannot have both ${a} and ${b}.`, second.keyStart, second.keyEnd);
      }
    }

    // Principal: forbidden in identity-side policies, required in resource-side ones.
    const principal = member(s, "Principal") ?? member(s, "NotPrincipal");
    if (principal && IDENTITY_SIDE.has(kind)) add("principal-not-allowed", AWS_MESSAGES.noPrincipal, principal.keyStart, principal.keyEnd);
    if (!principal && NEEDS_PRINCIPAL.has(kind)) add("missing-principal", AWS_MESSAGES.missingPrincipal, ...open);
    if (principal && !IDENTITY_SIDE.has(kind)) this.principal(principal.value);
    if (principal?.key === "NotPrincipal" && (kind === "trust" || kind === "rcp")) {
      add("syntax-notprincipal", `NotPrincipal cannot be used in ${kind === "trust" ? "a role trust policy" : "a resource control policy"}.`, principal.keyStart, principal.keyEnd);
    } else if (principal?.key === "NotPrincipal" && effect?.value.kind === "string" && effect.value.value === "Allow") {
      add("notprincipal-allow", "NotPrincipal is supported only with \"Effect\": \"Deny\"; with Allow it grants everyone else, anonymous callers included.",
        principal.keyStart, principal.keyEnd, "warning");
    }

    // Actions.
    const action = member(s, "Action") ?? member(s, "NotAction");
    const actions = action ? this.strings(action.value) : [];
    if (!action || (action.value.kind === "array" && action.value.items.length === 0)) {
      add("missing-action", AWS_MESSAGES.missingActions, ...(action ? [action.value.start, action.value.end] as const : open));
    }
    for (const a of actions) this.action(a);

    // Resources: required except in trust policies, where they are prohibited.
    const resource = member(s, "Resource") ?? member(s, "NotResource");
    if (kind === "trust") {
      if (resource) add("prohibited-field", `Has prohibited field ${resource.key}`, resource.keyStart, resource.keyEnd);
    } else {
      if (!resource || (resource.value.kind === "array" && resource.value.items.length === 0)) {
        add("missing-resource", AWS_MESSAGES.missingResources, ...(resource ? [resource.value.start, resource.value.end] as const : open));
      }
      if (resource) for (const r of this.strings(resource.value)) this.resource(r);
    }

    const cond = member(s, "Condition")?.value;
    if (cond?.kind === "object") this.conditions(cond);
  }

  private strings(node: JsonNode): { value: string; start: number; end: number }[] {
    if (node.kind === "string") return [node];
    if (node.kind === "array") return node.items.filter((i): i is JsonNode & { kind: "string" } => i.kind === "string");
    return [];
  }

  private action(a: { value: string; start: number; end: number }): void {
    const { add } = this;
    if (a.value === "*") return;
    const parts = a.value.split(":");
    if (parts.length === 1) return void add("action-vendor", AWS_MESSAGES.vendor, a.start, a.end);
    if (parts.length > 2) return void add("action-colon", AWS_MESSAGES.oneColon, a.start, a.end);
    if (/[^a-zA-Z0-9\-.*?]/.test(parts[0]!) || parts[0] === "") return void add("action-vendor-invalid", `Vendor ${parts[0]} is not valid`, a.start, a.end);
    if (this.kind === "trust" && !/^sts$|^\*$/i.test(parts[0]!)) add("trust-action", AWS_MESSAGES.trustActions, a.start, a.end);
  }

  private resource(r: { value: string; start: number; end: number }): void {
    const err = resourceFormatError(r.value);
    if (err) this.add(err.code, err.message, r.start, r.end);
  }

  private principal(node: JsonNode): void {
    if (node.kind !== "object") return;
    for (const m of node.members) {
      for (const p of this.strings(m.value)) {
        if (!principalValueIsValid(m.key, p.value)) {
          const label = m.key === "AWS" ? "AWS" : m.key === "CanonicalUser" ? "CANONICAL_USER" : m.key.toUpperCase();
          this.add("invalid-principal", `Invalid principal in policy: "${label}":"${p.value}"`, p.start, p.end);
        }
      }
    }
  }

  private conditions(cond: JsonNode & { kind: "object" }): void {
    const { add } = this;
    for (const opMember of cond.members) {
      const op = parseOperator(opMember.key);
      // IAM accepts an operator, even an unknown one, with an empty block, and a key with no values, unchecked
      // (moto's recorded valid documents: {"a": {}}, {"DateGreaterThan": {"a": []}}).
      if (opMember.value.kind === "object" && opMember.value.members.length === 0) continue;
      if (!op) {
        const why = /^Null.*IfExists$/.test(opMember.key.replace(/^For(All|Any)Values?:/, "")) ? " (Null cannot take IfExists)" : "";
        add("syntax-condition-operator", `Invalid Condition type : ${opMember.key}${why}`, opMember.keyStart, opMember.keyEnd);
        continue;
      }
      if (opMember.value.kind !== "object") continue;
      for (const keyMember of opMember.value.members) {
        if (keyMember.value.kind === "array" && keyMember.value.items.length === 0) continue;
        if (!keyMember.key.includes(":")) add("condition-key-vendor", AWS_MESSAGES.vendor, keyMember.keyStart, keyMember.keyEnd);
        const vals = keyMember.value.kind === "array" ? keyMember.value.items : [keyMember.value];
        for (const v of vals) this.conditionValue(op.base, v);
      }
    }
  }

  private conditionValue(base: Base, v: JsonNode): void {
    const { add } = this;
    if (v.kind !== "string" && v.kind !== "number" && v.kind !== "boolean") return;
    const s = String(v.value);
    if (isDateBase(base) && Number.isNaN(parseDate(s))) {
      add("legacy-date", `${AWS_MESSAGES.legacy}: ${JSON.stringify(s)} is neither an ISO 8601 date nor seconds since the epoch.`, v.start, v.end);
    } else if (base <= Base.NumericGreaterThanEquals && base >= Base.NumericEquals && (s.trim() === "" || Number.isNaN(Number(s)))) {
      add("condition-number", `${JSON.stringify(s)} is not a number, so this condition never matches.`, v.start, v.end, "warning");
    } else if (base === Base.IpAddress && !parseCidr(s)) {
      add("condition-ip", `${JSON.stringify(s)} is not an IPv4 or IPv6 address or CIDR block, so it never matches.`, v.start, v.end, "warning");
    } else if ((base === Base.Bool || base === Base.Null) && !/^(true|false)$/i.test(s)) {
      add("condition-bool", `${JSON.stringify(s)} is not true or false, so it never matches.`, v.start, v.end, "warning");
    }
  }
}

/** AWS's message for a malformed Resource entry, or undefined when it is fine. */
export function resourceFormatError(text: string): { code: string; message: string } | undefined {
  if (text === "*") return undefined;
  // A policy variable may hold colons (${aws:username}); judge the ARN's shape with it as one opaque part.
  const r = text.replace(/\$\{[^}]*\}/g, "x");
  const colon = r.indexOf(":");
  if (colon < 0) return { code: "resource-format", message: `Resource ${text} must be in ARN format or "*".` };
  const parts = r.split(":");
  const partition = parts[1]!;
  if (!PARTITIONS.has(partition)) {
    // IAM pads the parts it could not find with "*" in its message (moto's recorded vectors: "a:b" → "arn:b:*:*:*:*").
    const rest = parts.slice(2);
    const a1 = rest.length > 1 || (rest.length === 1 && rest[0] !== "") ? rest[0] : "*";
    const a2 = rest.length > 1 ? rest[1] : "*";
    const a3 = rest.length > 2 ? rest[2] : "*";
    const a4 = rest.length > 3 ? rest.slice(3).join(":") : "*";
    return { code: "resource-partition", message: `Partition "${partition}" is not valid for resource "arn:${partition}:${a1}:${a2}:${a3}:${a4}".` };
  }
  if (parts.length < 3) return { code: "resource-vendor", message: AWS_MESSAGES.resourceVendor };
  if (parts.length - 1 < 5 && r.includes("::")) return { code: "legacy-resource", message: `${AWS_MESSAGES.legacy}: ${text} has fewer than the six parts of an ARN.` };
  const service = parts[2]!;
  if (service === "") return { code: "legacy-resource", message: `${AWS_MESSAGES.legacy}: ${text} names no service.` };
  if (/[*?]/.test(service)) return { code: "resource-vendor", message: AWS_MESSAGES.resourceVendor };
  const region = parts[3] ?? "";
  if (service === "iam" && region !== "") return { code: "resource-region", message: `IAM resource ${text} cannot contain region information.` };
  if (service === "s3" && region !== "" && parts.length === 6 && parts[4] === "") {
    return { code: "resource-region", message: `Resource ${text} can not contain region information.` };
  }
  if (service === "iam" && parts.length >= 6) {
    const path = parts.slice(5).join(":");
    if (!path.startsWith("*") && !IAM_RESOURCE_PREFIXES.some((p) => path.startsWith(p)) && path !== "root") {
      return { code: "resource-iam-path", message: `IAM resource path must either be "*" or start with ${IAM_RESOURCE_PREFIXES.join(", ")}.` };
    }
  }
  return undefined;
}

const PRINCIPAL_AWS_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):(iam::\d{12}:(root|user\/\S+|role\/\S+|federated-user\/\S+)|sts::\d{12}:(assumed-role\/[^/\s]+\/\S+|federated-user\/\S+))$/;

/** Principal values AWS accepts: "*", account ids, principal ARNs without wildcards, service and IdP names. */
export function principalValueIsValid(type: string, value: string): boolean {
  switch (type) {
    case "AWS":
      if (value === "*" || /^\d{12}$/.test(value)) return true;
      return PRINCIPAL_AWS_ARN.test(value) && !/[*?]/.test(value);
    case "Service":
      return value === "*" || /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(value) || /^[a-z0-9][a-z0-9.-]*\.amazon\.com$/.test(value);
    case "Federated":
      return /^arn:[\w-]+:iam::\d{12}:(saml-provider|oidc-provider)\/\S+$/.test(value) || /^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/i.test(value);
    case "CanonicalUser":
      return /^[0-9a-f]{64}$/.test(value);
    default:
      return false;
  }
}
