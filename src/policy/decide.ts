// The one walk through AWS's evaluation logic. `evaluate` runs it with no recorder (nothing allocated for
// traces, early exits); `explain` runs the very same code with a recorder, so the two cannot disagree.
// Order and rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// and .../reference_policies_evaluation-logic-cross-account.html
import { arnMatches, instantiateArnPattern, splitArnInto } from "./arn-pattern.js";
import type { CompiledPolicy, CompiledStatement } from "./compile.js";
import { evaluateCondition, resolvedValues } from "./condition-operators.js";
import { Grant, notPrincipalApplies, principalGrant } from "./principal-match.js";
import { contextStrings, lookupContext, type Context } from "./request-context.js";
import type { AuthzPrincipal, AuthzRequest, ConditionTrace, Decision, Layer, StatementTrace } from "./types.js";
import { globMatches } from "./wildcard.js";

export interface PolicySet {
  identity: CompiledPolicy[];          // inline + attached + groups'
  boundary?: CompiledPolicy[];         // undefined = no permissions boundary
  session?: CompiledPolicy[];          // undefined = not a session with session policies
  resource?: CompiledPolicy[];         // resource-based policy (role trust policy for sts:AssumeRole*)
  /** The resource policy must allow even within the account, as a trust policy must (a KMS key policy). */
  resourceMustAllow?: boolean;
  scps?: CompiledPolicy[];             // undefined = no SCPs configured
  rcps?: CompiledPolicy[];             // undefined = no RCPs configured
}

/** What the walk tells a recorder; the fast path passes null and none of this runs. */
export interface Recorder {
  /** A fresh trace for the statement's verdict in this layer. */
  statement(layer: Layer, policy: CompiledPolicy, st: CompiledStatement): StatementTrace;
  visited(layer: Layer, st: CompiledStatement): boolean;
  matched(layer: Layer, policy: CompiledPolicy, st: CompiledStatement): void;
  missingKey(key: string): void;
  decided(decision: Decision, layer: Layer | undefined): void;
  skipped(layer: Layer): void;
}

/** A request made ready once: lower-cased action, the resource ARN's segment bounds. */
interface Prepared {
  action: string;
  resource: string;
  bounds: Int32Array | undefined;
  ctx: Context;
  principal: AuthzPrincipal;
  hasBoundary: boolean;
}

// One reusable Prepared: evaluation is synchronous and never re-entered, so the hot path allocates nothing
// for it. Requests for the same action or resource in a row reuse the lower-casing and the split.
const prepared: Prepared = { action: "", resource: "", bounds: undefined, ctx: {}, principal: { arn: "", accountId: "", type: "anonymous" }, hasBoundary: false };
const resourceBounds = new Int32Array(7);
let lastAction = "", lastActionLower = "";
let lastResource: string | undefined, lastIsArn = false;

function prepare(req: AuthzRequest, set: PolicySet): Prepared {
  if (req.action !== lastAction) { lastAction = req.action; lastActionLower = req.action.toLowerCase(); }
  if (req.resource !== lastResource) { lastResource = req.resource; lastIsArn = splitArnInto(req.resource, resourceBounds); }
  const r = prepared;
  r.action = lastActionLower;
  r.resource = req.resource;
  r.bounds = lastIsArn ? resourceBounds : undefined;
  r.ctx = req.context;
  r.principal = req.principal;
  r.hasBoundary = set.boundary !== undefined;
  return r;
}

function actionMatches(st: CompiledStatement, action: string): boolean {
  let m = st.actionAny || st.actionExact.has(action);
  if (!m) {
    const gs = st.actionGlobs;
    for (let i = 0; i < gs.length; i++) if (globMatches(gs[i]!, action)) { m = true; break; }
  }
  return m !== st.notAction;
}

function resourceMatches(st: CompiledStatement, r: Prepared): boolean {
  let m = st.resourceAny;
  if (!m) {
    const rs = st.resources;
    for (let i = 0; i < rs.length; i++) {
      const e = rs[i]!;
      const p = e.pattern ?? instantiateArnPattern(e.parts!, r.ctx);
      if (p !== undefined && arnMatches(p, r.resource, r.bounds)) { m = true; break; }
    }
  }
  return m !== st.notResource;
}

/**
 * Does the statement apply to the request? Returns how it names the principal (Grant.Direct when the statement
 * has no Principal), Grant.None when it does not apply. With a recorder, every part is evaluated and recorded;
 * the result is computed the same way either way.
 */
function applies(st: CompiledStatement, layer: Layer, policy: CompiledPolicy, r: Prepared, rec: Recorder | null): Grant {
  const t = rec === null ? null : rec.statement(layer, policy, st);
  const actionOk = actionMatches(st, r.action);
  if (t !== null) t.actionMatched = actionOk;
  else if (!actionOk) return Grant.None;
  const resourceOk = resourceMatches(st, r);
  if (t !== null) {
    t.resourceMatched = resourceOk;
    // A policy variable with no value and no default leaves its Resource entry matching nothing: the key was needed.
    if (actionOk) for (const e of st.resources) if (e.parts) for (const p of e.parts) {
      if (p.t === "var" && p.fallback === undefined && lookupContext(r.ctx, p.key) === undefined) rec!.missingKey(p.key);
    }
  }
  else if (!resourceOk) return Grant.None;
  let grant = Grant.Direct;
  if (st.principal !== undefined) {
    // A NotPrincipal Deny always covers IAM principals that have a permissions boundary, whatever it lists.
    grant = st.notPrincipal
      ? (notPrincipalApplies(st.principal, r.principal) || (r.hasBoundary && st.effect === "Deny") ? Grant.Indirect : Grant.None)
      : principalGrant(st.principal, r.principal);
    if (t !== null) t.principalMatched = grant !== Grant.None;
  }
  if (!actionOk || !resourceOk || grant === Grant.None) return Grant.None;
  let ok = true;
  const cs = st.conditions;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const pass = evaluateCondition(c, r.ctx);
    if (t !== null) {
      const v = lookupContext(r.ctx, c.key);
      const ct: ConditionTrace = { operator: c.operator, key: c.key, values: resolvedValues(c, r.ctx),
        contextValues: contextStrings(v), missing: v === undefined, result: pass };
      t.conditions.push(ct);
      if (v === undefined) rec!.missingKey(c.key);
    } else if (!pass) return Grant.None;
    if (!pass) ok = false;
  }
  if (t !== null) { t.conditionsEvaluated = true; t.matched = ok; }
  if (!ok) return Grant.None;
  if (rec !== null) rec.matched(layer, policy, st);
  return grant;
}

/** A policy's statements whose Action (or NotAction) covers one action, split by effect. */
interface ForAction { readonly allows: readonly CompiledStatement[]; readonly denies: readonly CompiledStatement[] }

// The fast path walks only the statements that name the request's action: worked out once per policy and
// action (a statement's Action holds no policy variables, so the answer never changes) and kept beside the
// policy. Requests name few distinct actions; an unbounded stream of made-up ones starts the memo afresh.
const ACTIONS_PER_POLICY = 1024;
const byAction = new WeakMap<CompiledPolicy, Map<string, ForAction>>();

function forAction(p: CompiledPolicy, action: string): ForAction {
  let memo = byAction.get(p);
  if (memo === undefined) { memo = new Map(); byAction.set(p, memo); }
  let found = memo.get(action);
  if (found === undefined) {
    if (memo.size >= ACTIONS_PER_POLICY) memo.clear();
    found = { allows: p.allows.filter((st) => actionMatches(st, action)), denies: p.denies.filter((st) => actionMatches(st, action)) };
    memo.set(action, found);
  }
  return found;
}

function denyIn(policies: readonly CompiledPolicy[], layer: Layer, r: Prepared, rec: Recorder | null): boolean {
  let found = false;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i]!, ds = rec === null ? forAction(p, r.action).denies : p.denies;
    for (let j = 0; j < ds.length; j++) {
      if (applies(ds[j]!, layer, p, r, rec) !== Grant.None) { if (rec === null) return true; found = true; }
    }
  }
  return found;
}

/** The strongest Grant among the layer's Allow statements that apply. */
function allowIn(policies: readonly CompiledPolicy[], layer: Layer, r: Prepared, rec: Recorder | null): Grant {
  let best = Grant.None;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i]!, as = rec === null ? forAction(p, r.action).allows : p.allows;
    for (let j = 0; j < as.length; j++) {
      const g = applies(as[j]!, layer, p, r, rec);
      if (g > best) { best = g; if (best === Grant.Direct && rec === null) return best; }
    }
  }
  return best;
}

function hasTrustPolicy(policies: readonly CompiledPolicy[]): boolean {
  for (let i = 0; i < policies.length; i++) if (policies[i]!.source.kind === "trust") return true;
  return false;
}

function finish(rec: Recorder | null, d: Decision, layer: Layer | undefined): Decision {
  if (rec !== null) rec.decided(d, layer);
  return d;
}

/** Layers that apply to this principal: callers outside IAM (services, anonymous) meet only resource-side policies. */
function layerApplies(layer: Layer, p: AuthzPrincipal): boolean {
  const t = p.type;
  if (t === "service") return layer === "resource";
  if (t === "anonymous") return layer === "resource" || layer === "rcp";
  if (t === "root") return layer !== "identity" && layer !== "boundary" && layer !== "session";
  return true;
}

const LAYERS: readonly Layer[] = ["scp", "rcp", "resource", "identity", "boundary", "session"];

export function policiesOf(set: PolicySet, layer: Layer): CompiledPolicy[] | undefined {
  switch (layer) {
    case "scp": return set.scps;
    case "rcp": return set.rcps;
    case "resource": return set.resource;
    case "identity": return set.identity;
    case "boundary": return set.boundary;
    case "session": return set.session;
  }
}

export function decide(req: AuthzRequest, set: PolicySet, rec: Recorder | null): Decision {
  const r = prepare(req, set);
  const d = walk(req, set, r, rec);
  if (rec !== null) {
    // Record a verdict for every statement the walk did not need, so the explanation is complete.
    for (const layer of LAYERS) {
      const ps = policiesOf(set, layer);
      if (!ps) continue;
      if (!layerApplies(layer, r.principal)) { rec.skipped(layer); continue; }
      for (const p of ps) for (const st of p.statements) if (!rec.visited(layer, st)) applies(st, layer, p, r, rec);
    }
  }
  return d;
}

function walk(req: AuthzRequest, set: PolicySet, r: Prepared, rec: Recorder | null): Decision {
  const principal = req.principal;

  // 1. An explicit Deny in any policy that applies decides, whatever else allows.
  let denied: Layer | undefined;
  for (let i = 0; i < LAYERS.length; i++) {
    const layer = LAYERS[i]!;
    const ps = policiesOf(set, layer);
    if (ps === undefined || !layerApplies(layer, principal)) continue;
    if (denyIn(ps, layer, r, rec)) {
      if (rec === null) return "explicitDeny";
      denied ??= layer;
    }
  }
  if (denied !== undefined) return finish(rec, "explicitDeny", denied);

  // 2. Organization guardrails must allow: SCPs limit the account's principals, RCPs its resources.
  if (set.scps !== undefined && layerApplies("scp", principal) && allowIn(set.scps, "scp", r, rec) === Grant.None) {
    return finish(rec, "implicitDeny", "scp");
  }
  if (set.rcps !== undefined && layerApplies("rcp", principal) && allowIn(set.rcps, "rcp", r, rec) === Grant.None) {
    return finish(rec, "implicitDeny", "rcp");
  }

  // 3. Resource-based policy (the role's trust policy for sts:AssumeRole*).
  const grant = set.resource !== undefined ? allowIn(set.resource, "resource", r, rec) : Grant.None;
  if (principal.type === "service" || principal.type === "anonymous") {
    return finish(rec, grant >= Grant.Indirect ? "allowed" : "implicitDeny", "resource");
  }
  const sameAccount = (req.resourceAccount ?? principal.accountId) === principal.accountId;
  const trust = set.resource !== undefined && (set.resourceMustAllow === true || hasTrustPolicy(set.resource));
  // Across accounts the resource owner must allow; a trust or key policy must allow even within the account.
  if ((!sameAccount || trust) && grant === Grant.None) return finish(rec, "implicitDeny", "resource");
  // Within the account, naming the user or session itself grants on its own: no identity policy,
  // permissions boundary or session policy is needed.
  if (sameAccount && grant === Grant.Direct) return finish(rec, "allowed", "resource");
  // Naming the role (or everyone) stands in for identity policies, but boundaries and session policies still apply.
  const viaResource = sameAccount && grant === Grant.Indirect;

  // 4. Identity-based policies (the root user has every permission they could grant).
  if (principal.type !== "root") {
    if (!viaResource && allowIn(set.identity, "identity", r, rec) === Grant.None) return finish(rec, "implicitDeny", "identity");
    // 5. Permissions boundary, 6. session policies: each must also allow.
    if (set.boundary !== undefined && allowIn(set.boundary, "boundary", r, rec) === Grant.None) return finish(rec, "implicitDeny", "boundary");
    if (set.session !== undefined && allowIn(set.session, "session", r, rec) === Grant.None) return finish(rec, "implicitDeny", "session");
  }
  return finish(rec, "allowed", viaResource ? "resource" : "identity");
}
