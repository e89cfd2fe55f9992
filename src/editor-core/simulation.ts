// Simulating the document being edited: a request (principal, action, resource, context) run through the
// engine's own `explain`, in-process, with the document in the layer its kind belongs to, alone or beside a
// principal's policies fetched from the emulator.
import {
  compilePolicy, explain, principalContext, PolicyParseError,
  type AuthzPrincipal, type AuthzRequest, type CompiledPolicy, type ContextValue, type Explanation, type PolicyKind, type PolicySet, type PolicySource,
} from "../policy/index.js";

export const DEFAULT_ACCOUNT = "000000000000";
export const DEFAULT_PRINCIPAL = `arn:aws:iam::${DEFAULT_ACCOUNT}:user/simulated-user`;

/** What a person asks: who, what, on which resource, with which context values. */
export interface SimulationRequest {
  principal?: string;
  action: string;
  resource?: string;
  context?: Record<string, ContextInput>;
}

export type ContextInput = string | number | boolean | (string | number | boolean)[];

/** A principal ARN as the engine's principal: users, roles (simulated as a session of the role), sessions, root. */
export function principalFromArn(arn: string): AuthzPrincipal {
  const m = /^arn:([\w-]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) {
    if (/^\d{12}$/.test(arn)) return { arn: `arn:aws:iam::${arn}:root`, accountId: arn, type: "root" };
    if (/\.amazonaws\.com$/.test(arn)) return { arn, accountId: "", type: "service" };
    if (arn === "*" || arn === "anonymous") return { arn: "*", accountId: "", type: "anonymous" };
    throw new Error(`"${arn}" is not a principal ARN: write arn:aws:iam::123456789012:user/name, …:role/name or an account id.`);
  }
  const [, partition, service, account, rest] = m as unknown as [string, string, string, string, string];
  if (rest === "root") return { arn, accountId: account, type: "root" };
  if (service === "iam" && rest.startsWith("user/")) return { arn, accountId: account, type: "user" };
  if (service === "iam" && rest.startsWith("role/")) {
    const name = rest.slice(rest.lastIndexOf("/") + 1);
    return { arn: `arn:${partition}:sts::${account}:assumed-role/${name}/simulation`, accountId: account, type: "assumed-role", roleArn: arn };
  }
  if (service === "sts" && rest.startsWith("assumed-role/")) {
    const name = rest.split("/")[1]!;
    return { arn, accountId: account, type: "assumed-role", roleArn: `arn:${partition}:iam::${account}:role/${name}` };
  }
  if (rest.startsWith("federated-user/")) return { arn, accountId: account, type: "federated-user" };
  throw new Error(`"${arn}" names no user, role, session or root.`);
}

/** The engine's request for a simulation: the principal's own keys (aws:PrincipalArn, aws:username, …) unless given. */
export function authzRequestOf(req: SimulationRequest): AuthzRequest {
  const principal = principalFromArn(req.principal ?? DEFAULT_PRINCIPAL);
  const context: Record<string, ContextValue> = { ...principalContext(principal) };
  for (const [k, v] of Object.entries(req.context ?? {})) {
    for (const existing of Object.keys(context)) if (existing.toLowerCase() === k.toLowerCase()) delete context[existing];
    context[k] = Array.isArray(v) ? v.map(String) : typeof v === "number" || typeof v === "boolean" ? String(v) : v;
  }
  const resource = req.resource ?? "*";
  const account = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
  return { principal, action: req.action, resource, context, ...(account ? { resourceAccount: account } : {}) };
}

/** Layers a document of this kind is simulated in: resource-side kinds as the resource policy, the rest as identity. */
export function policySetFor(doc: CompiledPolicy, kind: PolicyKind, around?: PrincipalPolicies): PolicySet {
  const resourceSide = kind === "resource" || kind === "trust";
  const set: PolicySet = { identity: [...(around?.identity ?? [])] };
  if (around?.boundary) set.boundary = [around.boundary];
  if (resourceSide) set.resource = [doc];
  else if (kind === "boundary" && around) set.boundary = [doc];
  else {
    // Opened from the tree as one of the principal's policies: the edit replaces it rather than adding to it.
    const i = set.identity.findIndex((p) => sameSource(p.source, doc.source));
    if (i >= 0) set.identity[i] = doc; else set.identity.push(doc);
  }
  return set;
}

function sameSource(a: PolicySource, b: PolicySource): boolean {
  return (a.arn !== undefined && a.arn === b.arn) || (a.arn === undefined && b.arn === undefined && a.name === b.name && a.kind === b.kind);
}

/** A principal's other policies (from the emulator), compiled. */
export interface PrincipalPolicies { principalArn: string; identity: CompiledPolicy[]; boundary?: CompiledPolicy }

export interface SimulationOutcome { explanation: Explanation; request: AuthzRequest }

/**
 * Runs the request against the document (compiled from `text`); throws PolicyParseError when the document does
 * not compile, with the engine's diagnostics.
 */
export function simulate(text: string, kind: PolicyKind, req: SimulationRequest, options: { source?: PolicySource; around?: PrincipalPolicies } = {}): SimulationOutcome {
  const doc = compilePolicy(text, options.source ?? { kind, name: "this document" });
  const request = authzRequestOf({ ...req, principal: req.principal ?? options.around?.principalArn });
  return { explanation: explain(request, policySetFor(doc, kind, options.around)), request };
}

/** A principal's own policies (no document being edited): "what may alice do?". */
export function simulatePrincipal(req: SimulationRequest, around: PrincipalPolicies): SimulationOutcome {
  const request = authzRequestOf({ ...req, principal: req.principal ?? around.principalArn });
  const set: PolicySet = { identity: [...around.identity] };
  if (around.boundary) set.boundary = [around.boundary];
  return { explanation: explain(request, set), request };
}

/**
 * The request an explanation answered, as a simulation asks it again: context keys the principal itself
 * supplies (aws:username, aws:PrincipalArn, …) are left to the simulation, so only what the request carried
 * is prefilled. A role session is asked as the role.
 */
export function requestOfExplanation(e: Pick<Explanation, "request">): SimulationRequest {
  const r = e.request;
  const derived = new Set(Object.keys(principalContext(r.principal)).map((k) => k.toLowerCase()));
  const context: Record<string, ContextInput> = {};
  for (const [k, v] of Object.entries(r.context ?? {})) {
    if (v === undefined || derived.has(k.toLowerCase())) continue;
    context[k] = Array.isArray(v) ? v.map(String) : v instanceof Date ? v.toISOString() : typeof v === "object" ? String(v) : v;
  }
  const principal = r.principal.type === "assumed-role" && r.principal.roleArn ? r.principal.roleArn : r.principal.arn;
  return { principal, action: r.action, ...(r.resource ? { resource: r.resource } : {}), ...(Object.keys(context).length ? { context } : {}) };
}

export { PolicyParseError };

/**
 * Quick-input form of a request: `action [resource] [key=value …] [principal=arn]`, e.g.
 * `s3:GetObject arn:aws:s3:::bucket/key aws:SourceIp=10.0.0.1 aws:TagKeys=a,b`. A comma makes a list.
 */
export function parseSimulationInput(input: string): SimulationRequest | { error: string } {
  const words = input.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { error: "Type an action, e.g. s3:GetObject arn:aws:s3:::bucket/key aws:SourceIp=10.0.0.1" };
  const [action, ...more] = words as [string, ...string[]];
  if (!/^[\w-]+:[\w*?]+$/.test(action)) return { error: `"${action}" is not an action: write service:Action, e.g. s3:GetObject.` };
  const req: SimulationRequest = { action };
  const context: Record<string, ContextInput> = {};
  for (const w of more) {
    const eq = w.indexOf("=");
    if (eq > 0 && !w.startsWith("arn:")) {
      const key = w.slice(0, eq), value = w.slice(eq + 1);
      if (key === "principal") { req.principal = value; continue; }
      if (key === "resource") { req.resource = value; continue; }
      context[key] = value.includes(",") ? value.split(",") : value;
    } else if (req.resource === undefined) req.resource = w;
    else return { error: `"${w}": give one resource, then key=value context entries.` };
  }
  if (Object.keys(context).length) req.context = context;
  return req;
}

/** The request back in quick-input form (for history entries). */
export function formatSimulationInput(req: SimulationRequest): string {
  const parts = [req.action];
  if (req.resource) parts.push(req.resource);
  for (const [k, v] of Object.entries(req.context ?? {})) parts.push(`${k}=${Array.isArray(v) ? v.join(",") : String(v)}`);
  if (req.principal) parts.push(`principal=${req.principal}`);
  return parts.join(" ");
}
