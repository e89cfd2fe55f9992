// AWS's service authorization data (actions, resource types, condition keys) as the policy editor reads it:
// the compact file scripts/build-editor-catalog.mjs writes, one line per service, each parsed on first use.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { globRegex } from "../policy/index.js";
import { GLOBAL_CONDITION_KEYS } from "./global-condition-keys.js";

export type KeyType = "String" | "ArrayOfString" | "ARN" | "ArrayOfARN" | "Bool" | "ArrayOfBool" | "Numeric" | "ArrayOfNumeric"
  | "Date" | "ArrayOfDate" | "IPAddress" | "ArrayOfIPAddress" | "Binary";

export interface ConditionKeyInfo {
  /** As AWS spells it, with its placeholder: "aws:ResourceTag/${TagKey}", "s3:ExistingObjectTag/<key>". */
  key: string;
  type: KeyType;
  description: string;
  /** Matches a key as written in a policy, case-insensitively (placeholders match any text). */
  pattern: RegExp;
}

export interface ResourceTypeInfo {
  name: string;
  /** ARN template: "arn:${Partition}:s3:::${BucketName}". */
  arn: string;
  conditionKeys: ConditionKeyInfo[];
}

export interface ActionResourceType { type: ResourceTypeInfo; required: boolean; conditionKeys: ConditionKeyInfo[] }

export interface ActionInfo {
  service: string;
  name: string;
  /** "Read", "Write", "List", "Tagging, Write", "Permissions management, Write". */
  accessLevel: string;
  description: string;
  /** Empty: the action supports no resource-level permissions ("Resource": "*" only). */
  resourceTypes: ActionResourceType[];
  conditionKeys: ConditionKeyInfo[];
}

export interface ServiceInfo {
  prefix: string;
  name: string;
  actions: ActionInfo[];
  resourceTypes: ResourceTypeInfo[];
  conditionKeys: ConditionKeyInfo[];
  /** Lower-cased action name → action. */
  actionsByName: Map<string, ActionInfo>;
}

interface Header { format: number; source: string; keyTypes: KeyType[]; accessLevels: string[]; services: [prefix: string, name: string][] }
type RawService = [name: string, actions: RawAction[], resourceTypes: [string, string, number[]][], keys: [string, number, string][]];
type RawAction = [name: string, level: number, description: string, rts: [number, 0 | 1, number[]][], keys: number[]];

/** "aws:ResourceTag/${TagKey}" → /^aws:resourcetag\/.+$/i */
export function keyPattern(key: string): RegExp {
  const parts = key.split(/\$\{[^}]*\}|<[^>]*>/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join(".+")}$`, "i");
}

export class Catalog {
  private readonly header: Header;
  private readonly lines: string[];
  private readonly index = new Map<string, number>();
  private readonly parsed = new Map<string, ServiceInfo>();
  private readonly expanded = new Map<string, readonly ActionInfo[]>();
  readonly globalKeys: ConditionKeyInfo[];

  /** `text`: the catalog file's content, un-gzipped. */
  constructor(text: string) {
    this.lines = text.split("\n");
    this.header = JSON.parse(this.lines[0]!) as Header;
    if (this.header.format !== 1) throw new Error(`Unsupported editor catalog format ${this.header.format}: rebuild it with scripts/build-editor-catalog.mjs.`);
    this.header.services.forEach(([p], i) => this.index.set(p, i));
    this.globalKeys = GLOBAL_CONDITION_KEYS.map(([key, type, description]) => ({ key, type, description, pattern: keyPattern(key) }));
  }

  static fromFile(path: string): Catalog {
    return new Catalog(gunzipSync(readFileSync(path)).toString("utf8"));
  }

  get source(): string { return this.header.source; }

  /** Every service prefix, lower-case, sorted. */
  prefixes(): string[] { return this.header.services.map(([p]) => p); }

  serviceName(prefix: string): string | undefined {
    const i = this.index.get(prefix.toLowerCase());
    return i === undefined ? undefined : this.header.services[i]![1];
  }

  hasService(prefix: string): boolean { return this.index.has(prefix.toLowerCase()); }

  service(prefix: string): ServiceInfo | undefined {
    const p = prefix.toLowerCase();
    const cached = this.parsed.get(p);
    if (cached) return cached;
    const i = this.index.get(p);
    if (i === undefined) return undefined;
    const info = this.expandService(p, JSON.parse(this.lines[i + 1]!) as RawService);
    this.parsed.set(p, info);
    return info;
  }

  /** "s3:GetObject" (any case) → the action; undefined for an unknown one or a pattern. */
  action(full: string): ActionInfo | undefined {
    const colon = full.indexOf(":");
    if (colon < 0) return undefined;
    return this.service(full.slice(0, colon))?.actionsByName.get(full.slice(colon + 1).toLowerCase());
  }

  /** Every action an action pattern covers ("s3:Get*", "*:List*", "*"), in catalog order. The same array for the
   * same pattern (read-only: callers share it): the diagnostics of every keystroke expand the same patterns, and
   * `"Action": "*"` alone is all 16,000 actions. */
  expand(a: string): readonly ActionInfo[] {
    let out = this.expanded.get(a);
    if (!out) {
      out = Object.freeze(this.expandUncached(a));
      if (this.expanded.size >= 1000) this.expanded.delete(this.expanded.keys().next().value!);
      this.expanded.set(a, out);
    }
    return out;
  }

  private expandUncached(a: string): ActionInfo[] {
    if (a === "*") return this.prefixes().flatMap((p) => this.service(p)!.actions);
    const colon = a.indexOf(":");
    if (colon < 0) return [];
    const svc = a.slice(0, colon), act = a.slice(colon + 1);
    const services = /[*?]/.test(svc) ? this.prefixes().filter((p) => globRegex(svc).test(p)) : [svc];
    const re = globRegex(act);
    const out: ActionInfo[] = [];
    for (const p of services) for (const x of this.service(p)?.actions ?? []) if (re.test(x.name)) out.push(x);
    return out;
  }

  /** The catalog's entry for a condition key as written in a policy: global keys first, then the service's. */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const colon = key.indexOf(":");
    if (colon < 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    if (prefix === "aws") {
      const g = this.globalKeys.find((k) => k.pattern.test(key));
      if (g) return g;
    }
    return this.service(prefix)?.conditionKeys.find((k) => k.pattern.test(key));
  }

  /** Keys an action can be conditioned on: its own, and those of the resource types it takes. */
  keysOfAction(a: ActionInfo): ConditionKeyInfo[] {
    const out = new Set<ConditionKeyInfo>(a.conditionKeys);
    for (const rt of a.resourceTypes) {
      for (const k of rt.conditionKeys) out.add(k);
      for (const k of rt.type.conditionKeys) out.add(k);
    }
    return [...out];
  }

  private expandService(prefix: string, raw: RawService): ServiceInfo {
    const [name, rawActions, rawTypes, rawKeys] = raw;
    const keys: ConditionKeyInfo[] = rawKeys.map(([key, t, description]) => ({
      key, type: this.header.keyTypes[t] ?? "String", description, pattern: keyPattern(key),
    }));
    const types: ResourceTypeInfo[] = rawTypes.map(([n, arn, ks]) => ({ name: n, arn, conditionKeys: ks.map((k) => keys[k]!) }));
    const actions: ActionInfo[] = rawActions.map(([n, level, description, rts, ks]) => ({
      service: prefix,
      name: n,
      accessLevel: this.header.accessLevels[level] ?? "",
      description,
      resourceTypes: rts.map(([t, required, rks]) => ({ type: types[t]!, required: required === 1, conditionKeys: rks.map((k) => keys[k]!) })),
      conditionKeys: ks.map((k) => keys[k]!),
    }));
    return { prefix, name, actions, resourceTypes: types, conditionKeys: keys, actionsByName: new Map(actions.map((x) => [x.name.toLowerCase(), x])) };
  }
}

/** An IAM action glob as a case-insensitive RegExp: the policy checks' own, so both read patterns alike. */
export { globRegex };
