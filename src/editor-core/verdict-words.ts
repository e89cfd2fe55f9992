// A decision in one sentence a person reads before any table: what decided, and for a denial without a deny
// statement, the statement that came closest and why it did not apply ("closest was OnlyFromOffice, whose
// IpAddress condition on aws:SourceIp failed (request 198.51.100.7, allowed 203.0.113.0/24)").
import type { ConditionTrace, Explanation, Layer, PolicySource, PolicyTrace, StatementTrace } from "../policy/index.js";

const LAYER_WORDS: Record<Layer, string> = {
  identity: "identity policy",
  resource: "resource policy",
  boundary: "permissions boundary",
  session: "session policy",
  scp: "service control policy",
  rcp: "resource control policy",
};

/** "OnlyFromOffice", or "statement 2" (1-based) when the statement has no Sid. */
export function statementLabel(t: { sid: string | undefined; index: number }): string {
  return t.sid ? t.sid : `statement ${t.index + 1}`;
}

/** "s3-read" for a managed policy's ARN, an inline policy's name, the document's file name. */
export function policyLabel(source: PolicySource): string {
  if (source.arn) return source.arn.slice(source.arn.lastIndexOf("/") + 1);
  return source.name;
}

/** The words for a decision, ending with a full stop. */
export function verdictSentence(e: Explanation): string {
  const { action, resource } = e.request;
  const on = resource === "*" ? "" : ` on ${resource}`;
  const d = e.decidingStatement;
  if (e.decision === "allowed") {
    if (!d) return `Allowed: ${e.summary}`;
    return `Allowed: ${statementLabel({ sid: d.sid, index: d.statementIndex })} in ${LAYER_WORDS[d.layer]} ${policyLabel(d.source)} allows ${action}${on}.`;
  }
  if (e.decision === "explicitDeny") {
    if (!d) return `Denied: ${e.summary}`;
    return `Denied: ${statementLabel({ sid: d.sid, index: d.statementIndex })} in ${LAYER_WORDS[d.layer]} ${policyLabel(d.source)} explicitly denies ${action}${on}.`;
  }
  const layer = e.decidingLayer ?? "identity";
  const policies = e.policies.filter((p) => p.layer === layer);
  const opening = layer === "identity" || policies.length === 0
    ? `Denied: no statement allows ${action}${on}`
    : `Denied: the ${LAYER_WORDS[layer]} ${policies.map((p) => policyLabel(p.source)).join(", ")} allows no ${action}${on}`;
  const closest = closestAllow(policies);
  return closest ? `${opening} — closest was ${closest}.` : `${opening}.`;
}

/** The Allow statement nearest to applying, in words: conditions failed > resource missed > principal missed. */
function closestAllow(policies: readonly PolicyTrace[]): string | undefined {
  let best: { score: number; words: string } | undefined;
  for (const p of policies) {
    for (const t of p.statements) {
      if (t.effect !== "Allow" || t.matched || !t.actionMatched) continue;
      const candidate = nearMiss(t, policies.length > 1 ? ` (in ${policyLabel(p.source)})` : "");
      if (candidate && (!best || candidate.score > best.score)) best = candidate;
    }
  }
  return best?.words;
}

function nearMiss(t: StatementTrace, where: string): { score: number; words: string } | undefined {
  const name = `${statementLabel(t)}${where}`;
  const failed = t.conditions.find((c) => !c.result);
  if (t.resourceMatched && t.principalMatched !== false && failed) return { score: 3, words: `${name}, whose ${conditionWords(failed)}` };
  if (!t.resourceMatched) return { score: 2, words: `${name}, which allows this action on other resources` };
  if (t.principalMatched === false) return { score: 1, words: `${name}, which names another principal` };
  return undefined;
}

const NEGATED = /^(StringNot|NumericNotEquals|DateNotEquals|NotIpAddress|ArnNot)/;

/** "IpAddress condition on aws:SourceIp failed (request 198.51.100.7, allowed 203.0.113.0/24)". */
export function conditionWords(c: ConditionTrace): string {
  const operator = c.operator.replace(/^For(All|Any)Values?:/, "").replace(/IfExists$/, "");
  const values = c.values.map((v) => v ?? "(a variable with no value)").join(", ");
  const head = `${operator} condition on ${c.key} failed`;
  if (operator === "Null") return `${head} (the key must be ${c.values[0] === "true" ? "absent" : "present"})`;
  if (c.contextValues === undefined) return `${head} (the request has no ${c.key}; ${NEGATED.test(operator) ? "excluded" : "allowed"} ${values})`;
  return `${head} (request ${c.contextValues.join(", ")}, ${NEGATED.test(operator) ? "excluded" : "allowed"} ${values})`;
}
