// An explanation as a person reads it in the editor: one verdict per statement of the simulated document
// (for the end-of-line decorations and their hovers), and the side panel's HTML (static, no script, no remote
// content, so the webview's CSP can forbid everything but inline styles from the extension).
import type { ConditionTrace, Explanation, PolicySource, Range, StatementTrace } from "../policy/index.js";

export type VerdictKind = "decides" | "matched" | "notMatched" | "notEvaluated";

export interface StatementVerdict {
  index: number;
  range: Range | undefined;
  kind: VerdictKind;
  /** One line, shown after the statement: "✓ decides: Allow" / "✗ action does not match". */
  text: string;
  /** Markdown with every condition's values, for the hover. */
  detail: string;
}

function conditionLine(c: ConditionTrace): string {
  const ctx = c.contextValues === undefined ? "missing from the request" : `request has ${c.contextValues.map((v) => JSON.stringify(v)).join(", ")}`;
  const values = c.values.map((v) => (v === null ? "(unresolved variable)" : JSON.stringify(v))).join(", ");
  return `${c.result ? "✓" : "✗"} ${c.operator} ${c.key} [${values}]: ${ctx}`;
}

function whyNot(t: StatementTrace): string {
  if (!t.actionMatched) return "action does not match";
  if (!t.resourceMatched) return "resource does not match";
  if (t.principalMatched === false) return "principal does not match";
  const failed = t.conditions.filter((c) => !c.result);
  if (failed.length) {
    const c = failed[0]!;
    return c.missing ? `condition ${c.key} missing from the request` : `condition ${c.operator} ${c.key} fails`;
  }
  return "does not apply";
}

/** Verdicts for the statements of one policy of the explanation (the document being edited). */
export function statementVerdicts(e: Explanation, source: PolicySource): StatementVerdict[] {
  const traces = e.policies.filter((p) => p.source.name === source.name && p.source.arn === source.arn && p.source.kind === source.kind);
  const out: StatementVerdict[] = [];
  const seen = new Set<number>();
  for (const pt of traces) {
    for (const t of pt.statements) {
      if (seen.has(t.index)) continue;
      seen.add(t.index);
      const d = e.decidingStatement;
      const decides = d !== undefined && d.statementIndex === t.index && d.source.name === source.name && d.source.arn === source.arn;
      const kind: VerdictKind = decides ? "decides" : t.matched ? "matched" : "notMatched";
      const label = t.sid ? `"${t.sid}"` : `#${t.index}`;
      const text = decides ? `◆ decides: ${t.effect === "Allow" ? "allowed" : "explicit deny"} (${pt.layer})`
        : t.matched ? `✓ matches (${t.effect})` : `✗ ${whyNot(t)}`;
      const lines = [`**Statement ${label}** (${t.effect}) for \`${e.request.action}\` on \`${e.request.resource}\``,
        `- action ${t.actionMatched ? "matches" : "does not match"}`,
        `- resource ${t.resourceMatched ? "matches" : "does not match"}`];
      if (t.principalMatched !== undefined) lines.push(`- principal ${t.principalMatched ? "matches" : "does not match"}`);
      for (const c of t.conditions) lines.push(`- ${conditionLine(c)}`);
      if (!t.conditionsEvaluated && t.conditions.length === 0 && t.actionMatched && t.resourceMatched) lines.push("- no conditions");
      lines.push("", `**Decision:** ${e.summary}`);
      out.push({ index: t.index, range: t.range, kind, text, detail: lines.join("\n") });
    }
  }
  // A statement the walk never reached (a deny decided first) still gets a line.
  return out.sort((a, b) => a.index - b.index);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The Content-Security-Policy the panel is served with: nothing loads, nothing runs; only inline styles from us. */
export function panelCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; script-src 'none'; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'`;
}

/** The side panel: the decision, the layers, and every statement of every policy with its conditions. */
export function explanationHtml(e: Explanation, nonce: string, title = "Policy simulation"): string {
  const decisionClass = e.decision === "allowed" ? "allow" : "deny";
  const ctx = Object.entries(e.request.context).map(([k, v]) => `<tr><td><code>${esc(k)}</code></td><td><code>${esc(Array.isArray(v) ? v.join(", ") : String(v))}</code></td></tr>`).join("");
  const policies = e.policies.map((p) => {
    const rows = p.statements.map((t) => {
      const d = e.decidingStatement;
      const decides = d !== undefined && d.statementIndex === t.index && d.layer === p.layer && d.source.name === p.source.name && d.source.arn === p.source.arn;
      const conds = t.conditions.map((c) => `<li class="${c.result ? "ok" : "no"}">${esc(conditionLine(c))}</li>`).join("");
      return `<tr class="${decides ? "decides" : t.matched ? "matched" : ""}"><td>${t.sid ? esc(t.sid) : `#${t.index}`}</td><td>${t.effect}</td>`
        + `<td>${mark(t.actionMatched)}</td><td>${mark(t.resourceMatched)}</td><td>${t.principalMatched === undefined ? "—" : mark(t.principalMatched)}</td>`
        + `<td>${conds ? `<ul>${conds}</ul>` : t.conditionsEvaluated ? "none" : "—"}</td><td>${decides ? "decides" : t.matched ? "applies" : esc(whyNot(t))}</td></tr>`;
    }).join("");
    return `<section><h3>${esc(p.layer)}: ${esc(p.source.arn ?? p.source.name)}</h3><table><thead><tr><th>Statement</th><th>Effect</th><th>Action</th><th>Resource</th><th>Principal</th><th>Conditions</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  }).join("");
  const layers = e.layers.map((l) => `<li><b>${esc(l.layer)}</b>: ${esc(l.outcome)}${l.layer === e.decidingLayer ? " ← decided" : ""}</li>`).join("");
  const missing = e.missingContextKeys.length ? `<p>Missing context keys: ${e.missingContextKeys.map((k) => `<code>${esc(k)}</code>`).join(", ")}</p>` : "";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1em}
.decision{font-size:1.3em;font-weight:600;padding:.4em .6em;border-radius:4px}
.allow{background:rgba(40,160,80,.18)}.deny{background:rgba(220,60,60,.18)}
table{border-collapse:collapse;width:100%;margin:.4em 0}td,th{border:1px solid var(--vscode-panel-border,#8884);padding:.2em .4em;text-align:left;vertical-align:top}
tr.decides{outline:2px solid var(--vscode-focusBorder,#07f)}tr.matched{background:rgba(128,128,128,.12)}
ul{margin:0;padding-left:1.1em}li.ok{color:var(--vscode-testing-iconPassed,#3a3)}li.no{color:var(--vscode-testing-iconFailed,#c33)}
code{font-family:var(--vscode-editor-font-family)}
</style></head><body>
<h2>${esc(title)}</h2>
<p class="decision ${decisionClass}" id="decision">${esc(e.decision)}</p>
<p id="summary">${esc(e.summary)}</p>
<table><tbody><tr><td>Principal</td><td><code>${esc(e.request.principal.arn)}</code></td></tr><tr><td>Action</td><td><code>${esc(e.request.action)}</code></td></tr><tr><td>Resource</td><td><code>${esc(e.request.resource)}</code></td></tr>${ctx}</tbody></table>
<h3>Layers</h3><ul>${layers}</ul>${missing}
${policies}
</body></html>`;
}

function mark(b: boolean): string { return b ? "✓" : "✗"; }
