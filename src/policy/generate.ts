// Least privilege from what a principal really did: an identity policy that allows exactly the actions it
// was seen calling, on exactly the resources it called them on (or, as Access Analyzer offers, with
// placeholders such as arn:aws:iam::123456789012:user/${UserNameWithPath} where AWS's ARN templates say
// which part names the resource), split into policies that fit IAM's size quota.
import { arnTemplateRegex, type CheckCatalog } from "./checks/catalog.js";
import { policySize } from "./validate.js";

export interface ObservedAccess {
  /** "iam:CreateUser", as called. */
  readonly action: string;
  /** The resource ARN, or "*" for actions that name no resource. */
  readonly resource: string;
}

export interface GenerateOptions {
  /** Resource ARNs with placeholders for the resource's own name, from the catalog's ARN templates. */
  readonly includeResourcePlaceholders?: boolean;
  /** Add a service-level template: one more policy allowing every action of each service used. */
  readonly includeServiceLevelTemplate?: boolean;
  /** AWS's service data: canonical action names and ARN templates. Without it names stay as called. */
  readonly catalog?: CheckCatalog;
  /** Non-whitespace characters per policy (a managed policy's 6,144 by default). */
  readonly maxPolicySize?: number;
}

interface Statement { Effect: "Allow"; Action: string[]; Resource: string | string[] }

/** The generated policy documents (JSON text, compact as Access Analyzer returns them); none for no access. */
export function generatePolicies(access: readonly ObservedAccess[], options: GenerateOptions = {}): string[] {
  const byAction = new Map<string, Set<string>>();
  for (const a of access) {
    const action = canonicalAction(a.action, options.catalog);
    let resources = byAction.get(action);
    if (!resources) { resources = new Set(); byAction.set(action, resources); }
    resources.add(options.includeResourcePlaceholders ? placeholderArn(action, a.resource, options.catalog) : a.resource);
  }
  // Actions with the same resources share a statement; "*" covers every ARN the action was also called on.
  const groups = new Map<string, { resources: string[]; actions: string[] }>();
  for (const [action, set] of byAction) {
    const resources = set.has("*") ? ["*"] : [...set].sort();
    const key = resources.join("\n");
    let group = groups.get(key);
    if (!group) { group = { resources, actions: [] }; groups.set(key, group); }
    group.actions.push(action);
  }
  const statements: Statement[] = [...groups.values()]
    .map((g) => ({ Effect: "Allow" as const, Action: g.actions.sort(), Resource: g.resources.length === 1 ? g.resources[0]! : g.resources }))
    .sort((a, b) => (a.Action[0]! < b.Action[0]! ? -1 : 1));
  const policies = split(statements, options.maxPolicySize ?? 6144);
  if (options.includeServiceLevelTemplate && byAction.size > 0) {
    const services = [...new Set([...byAction.keys()].map((a) => a.slice(0, a.indexOf(":"))))].sort();
    policies.push(document([{ Effect: "Allow", Action: services.map((s) => `${s}:*`), Resource: "*" }]));
  }
  return policies;
}

function document(statements: Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Statements packed into as few documents as fit the size quota (a statement larger than it goes alone). */
function split(statements: Statement[], maxSize: number): string[] {
  const out: string[] = [];
  let current: Statement[] = [];
  for (const st of statements) {
    if (current.length && policySize(document([...current, st])) > maxSize) { out.push(document(current)); current = []; }
    current.push(st);
  }
  if (current.length) out.push(document(current));
  return out;
}

/** "IAM:createuser" → "iam:CreateUser" when the catalog knows the action. */
function canonicalAction(action: string, catalog: CheckCatalog | undefined): string {
  const known = catalog?.action(action);
  return known ? `${known.service}:${known.name}` : action;
}

/**
 * The ARN with the resource's own name replaced by the placeholder of the catalog's template for it,
 * keeping the partition, Region and account: arn:aws:iam::123456789012:user/alice →
 * arn:aws:iam::123456789012:user/${UserNameWithPath}. ARNs no template fits stay as they are.
 */
function placeholderArn(action: string, resource: string, catalog: CheckCatalog | undefined): string {
  if (resource === "*" || !catalog) return resource;
  const parts = resource.split(":");
  if (parts.length < 6) return resource;
  const info = catalog.action(action);
  const types = info?.resourceTypes.map((r) => r.type) ?? catalog.service(parts[2]!)?.resourceTypes ?? [];
  for (const type of types) {
    const template = type.arn.split(":");
    const tail = template.slice(5).join(":");
    if (!arnTemplateRegex(tail).test(parts.slice(5).join(":"))) continue;
    return ["arn", parts[1]!, parts[2]!, template[3] === "" ? "" : parts[3]!, template[4] === "" ? "" : parts[4]!, tail].join(":");
  }
  return resource;
}
