// Explanations: the walk in decide.ts run with a recorder, turned into a trace a person can read, and
// AWS's AccessDenied wording (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
import type { CompiledPolicy, CompiledStatement } from "./compile.js";
import { decide, policiesOf, type PolicySet, type Recorder } from "./decide.js";
import { Grant, principalGrant } from "./principal-match.js";
import type { AuthzRequest, Decision, DecidingStatement, Explanation, Layer, LayerTrace, PolicyTrace, StatementTrace } from "./types.js";
import { equalsIgnoreCase } from "./wildcard.js";

const LAYER_ORDER: readonly Layer[] = ["scp", "rcp", "resource", "identity", "boundary", "session"];

class TraceRecorder implements Recorder {
  readonly policies: PolicyTrace[] = [];
  private readonly seen = new Map<Layer, Set<CompiledStatement>>();
  readonly matches: { layer: Layer; policy: CompiledPolicy; st: CompiledStatement }[] = [];
  readonly missing: string[] = [];
  readonly skippedLayers = new Set<Layer>();
  decision: Decision = "implicitDeny";
  layer: Layer | undefined;
  private readonly keys = new WeakMap<CompiledPolicy, Map<Layer, PolicyTrace>>();

  constructor(set: PolicySet) {
    // One slot per policy per layer, in AWS's layer order and each policy's statement order.
    for (const layer of LAYER_ORDER) {
      for (const p of policiesOf(set, layer) ?? []) {
        let m = this.keys.get(p);
        if (!m) { m = new Map(); this.keys.set(p, m); }
        if (m.has(layer)) continue; // the same policy twice in a layer (attached directly and via a group) is one policy
        const pt: PolicyTrace = { source: p.source, layer, statements: [], allows: false, denies: false };
        this.policies.push(pt);
        m.set(layer, pt);
      }
    }
  }

  statement(layer: Layer, policy: CompiledPolicy, st: CompiledStatement): StatementTrace {
    let s = this.seen.get(layer);
    if (!s) { s = new Set(); this.seen.set(layer, s); }
    const t: StatementTrace = { index: st.index, sid: st.sid, effect: st.effect, range: st.range, actionMatched: false,
      resourceMatched: false, principalMatched: undefined, conditionsEvaluated: false, conditions: [], matched: false };
    // A policy listed twice in a layer is walked twice; its verdict is recorded once.
    if (!s.has(st)) this.keys.get(policy)?.get(layer)?.statements.push(t);
    s.add(st);
    return t;
  }

  visited(layer: Layer, st: CompiledStatement): boolean {
    return this.seen.get(layer)?.has(st) ?? false;
  }

  matched(layer: Layer, policy: CompiledPolicy, st: CompiledStatement): void {
    if (this.matches.some((m) => m.st === st && m.layer === layer)) return;
    this.matches.push({ layer, policy, st });
    const pt = this.keys.get(policy)?.get(layer);
    if (pt) { if (st.effect === "Allow") pt.allows = true; else pt.denies = true; }
  }

  missingKey(key: string): void {
    if (!this.missing.some((k) => equalsIgnoreCase(k, key))) this.missing.push(key);
  }

  decided(decision: Decision, layer: Layer | undefined): void {
    this.decision = decision;
    this.layer = layer;
  }

  skipped(layer: Layer): void { this.skippedLayers.add(layer); }
}

function grantOf(st: CompiledStatement, principal: AuthzRequest["principal"]): Grant {
  if (st.principal === undefined || st.notPrincipal) return st.principal === undefined ? Grant.Direct : Grant.Indirect;
  return principalGrant(st.principal, principal);
}

function deciding(m: { layer: Layer; policy: CompiledPolicy; st: CompiledStatement }): DecidingStatement {
  return { source: m.policy.source, layer: m.layer, statementIndex: m.st.index, sid: m.st.sid, effect: m.st.effect, range: m.st.range };
}

/** The same decision as evaluate(), with the trace of how it was reached. */
export function explain(req: AuthzRequest, set: PolicySet): Explanation {
  const rec = new TraceRecorder(set);
  const decision = decide(req, set, rec);
  const layer = rec.layer;
  for (const pt of rec.policies) pt.statements.sort((a, b) => a.index - b.index);

  let decidingStatement: DecidingStatement | undefined;
  if (decision === "explicitDeny") {
    const m = rec.matches.find((x) => x.layer === layer && x.st.effect === "Deny");
    if (m) decidingStatement = deciding(m);
  } else if (decision === "allowed") {
    // The allow that granted: of those that matched, the one naming the caller most specifically (a statement
    // naming the user grants on its own; one naming only the account delegates to identity policies).
    let best: (typeof rec.matches)[number] | undefined;
    for (const m of rec.matches) {
      if (m.layer !== layer || m.st.effect !== "Allow") continue;
      if (!best || grantOf(m.st, req.principal) > grantOf(best.st, req.principal)) best = m;
    }
    if (best) decidingStatement = deciding(best);
  }

  const layers: LayerTrace[] = [];
  for (const l of LAYER_ORDER) {
    if (policiesOf(set, l) === undefined) continue;
    const pts = rec.policies.filter((p) => p.layer === l);
    const outcome: LayerTrace["outcome"] = rec.skippedLayers.has(l) ? "skipped"
      : pts.some((p) => p.denies) ? "deny" : pts.some((p) => p.allows) ? "allow" : "noMatch";
    layers.push({ layer: l, outcome });
  }

  const e: Explanation = {
    request: req,
    decision,
    decidingLayer: layer,
    decidingStatement,
    summary: "",
    policies: rec.policies,
    layers,
    matchedStatements: rec.matches.map(deciding),
    missingContextKeys: rec.missing,
  };
  e.summary = summarize(e);
  return e;
}

const LAYER_NAMES: Record<Layer, string> = {
  identity: "identity-based policy",
  resource: "resource-based policy",
  boundary: "permissions boundary",
  session: "session policy",
  scp: "service control policy",
  rcp: "resource control policy",
};

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/**
 * The tail of AWS's AccessDenied message: "because no identity-based policy allows the iam:ListUsers action",
 * "with an explicit deny in a service control policy"; "" when the request was allowed.
 */
export function denialReason(e: Explanation): string {
  if (e.decision === "allowed") return "";
  const name = LAYER_NAMES[e.decidingLayer ?? "identity"];
  if (e.decision === "explicitDeny") return `with an explicit deny in ${article(name)}`;
  return `because no ${name} allows the ${e.request.action} action`;
}

/** AWS's whole AccessDenied message for a denied request. */
export function accessDeniedMessage(e: Explanation): string {
  const r = e.request;
  return `User: ${r.principal.arn} is not authorized to perform: ${r.action} on resource: ${r.resource} ${denialReason(e)}`;
}

function summarize(e: Explanation): string {
  const st = e.decidingStatement;
  const where = st ? ` (statement ${st.sid ? `"${st.sid}"` : `#${st.statementIndex}`} of ${st.source.arn ?? st.source.name})` : "";
  if (e.decision === "allowed") {
    if (e.request.principal.type === "root" && e.decidingLayer === "identity") return "Allowed: the account's root user is not limited by identity-based policies.";
    return `Allowed by ${article(LAYER_NAMES[e.decidingLayer ?? "identity"])}${where}.`;
  }
  const reason = denialReason(e);
  return `Denied ${reason}${where}.`;
}
