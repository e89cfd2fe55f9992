// An explanation as a person reads it in the editor: one verdict per statement of the simulated document
// (for the end-of-line decorations and their hovers), and the side panel's HTML (static, no script, no remote
// content, so the webview's CSP can forbid everything but inline styles from the extension).
import type { ConditionTrace, Explanation, PolicySource, Range, StatementTrace } from "../policy/index.js";
import { policyLabel, statementLabel, verdictSentence } from "./verdict-words.js";

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
      const label = t.sid ? `Statement "${t.sid}"` : `Statement ${t.index + 1}`;
      const text = decides ? `◆ decides: ${t.effect === "Allow" ? "allowed" : "explicit deny"} (${pt.layer})`
        : t.matched ? `✓ matches (${t.effect})` : `✗ ${whyNot(t)}`;
      const lines = [`**${label}** (${t.effect}) for \`${e.request.action}\` on \`${e.request.resource}\``,
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

/** A link in the panel that runs one of the extension's commands (the webview allows only those). */
export interface PanelLink { label: string; command: string; args?: unknown; title?: string }

/** What the panel shows besides the explanation: its title, links to act, and whether it is outdated. */
export interface PanelView {
  title: string;
  /** A line under the title: where the decision comes from ("enforce mode, 12:03:04", "simulated as alice"). */
  origin?: string;
  actions?: readonly PanelLink[];
  /** Shown as a banner: the result no longer matches the document (it does not parse), with a way to the problem. */
  outdated?: { message: string; link?: PanelLink };
}

/** A command URI for a link; the arguments travel JSON-encoded, as VS Code expects. */
export function commandHref(link: PanelLink): string {
  return `command:${link.command}${link.args === undefined ? "" : `?${encodeURIComponent(JSON.stringify([link.args]))}`}`;
}

function linkHtml(link: PanelLink): string {
  return `<a class="action" href="${esc(commandHref(link))}"${link.title ? ` title="${esc(link.title)}"` : ""}>${esc(link.label)}</a>`;
}

const VERDICT_WORD: Record<Explanation["decision"], string> = { allowed: "Allowed", explicitDeny: "Denied", implicitDeny: "Denied" };

/**
 * The side panel: the verdict in words, links to act on it, the request, and every statement of every policy with
 * its conditions. Tables reflow to one column in a narrow panel; colours are the theme's diff, ok and error colours.
 */
export function explanationHtml(e: Explanation, nonce: string, view: PanelView | string = "Policy simulation"): string {
  const v: PanelView = typeof view === "string" ? { title: view } : view;
  const decisionClass = e.decision === "allowed" ? "allow" : "deny";
  const ctx = Object.entries(e.request.context).filter(([, value]) => value !== undefined)
    .map(([k, value]) => row(k, Array.isArray(value) ? value.join(", ") : value instanceof Date ? value.toISOString() : String(value))).join("");
  const policies = e.policies.map((p) => {
    const rows = p.statements.map((t) => {
      const d = e.decidingStatement;
      const decides = d !== undefined && d.statementIndex === t.index && d.layer === p.layer && d.source.name === p.source.name && d.source.arn === p.source.arn;
      const conds = t.conditions.map((c) => `<li class="${c.result ? "ok" : "no"}">${esc(conditionLine(c))}</li>`).join("");
      const cls = decides ? `decides ${t.effect === "Allow" ? "allow" : "deny"}` : t.matched ? "matched" : "";
      return `<tr${cls ? ` class="${cls}"` : ""}><td data-label="Statement">${esc(statementLabel(t))}</td><td data-label="Effect">${t.effect}</td>`
        + `<td data-label="Action">${mark(t.actionMatched)}</td><td data-label="Resource">${mark(t.resourceMatched)}</td>`
        + `<td data-label="Principal">${t.principalMatched === undefined ? "—" : mark(t.principalMatched)}</td>`
        + `<td data-label="Conditions">${conds ? `<ul>${conds}</ul>` : t.conditionsEvaluated ? "none" : "—"}</td>`
        + `<td data-label="Verdict">${decides ? "decides" : t.matched ? "applies" : esc(whyNot(t))}</td></tr>`;
    }).join("");
    return `<section><h3>${esc(p.layer)}: ${esc(policyLabel(p.source))}</h3>${p.source.arn ? `<p class="arn"><code>${esc(p.source.arn)}</code></p>` : ""}`
      + `<table class="statements"><thead><tr><th>Statement</th><th>Effect</th><th>Action</th><th>Resource</th><th>Principal</th><th>Conditions</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table></section>`;
  }).join("");
  const layers = e.layers.map((l) => `<li><b>${esc(l.layer)}</b>: ${esc(l.outcome)}${l.layer === e.decidingLayer ? " ← decided" : ""}</li>`).join("");
  const missing = e.missingContextKeys.length ? `<p>Missing context keys: ${e.missingContextKeys.map((k) => `<code>${esc(k)}</code>`).join(", ")}</p>` : "";
  const outdated = v.outdated ? `<p class="outdated" id="outdated"><b>Outdated:</b> ${esc(v.outdated.message)}${v.outdated.link ? ` ${linkHtml(v.outdated.link)}` : ""}</p>` : "";
  const actions = v.actions?.length ? `<nav class="actions" id="actions">${v.actions.map(linkHtml).join("")}</nav>` : "";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(v.title)}</title>
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1em;overflow-wrap:anywhere}
h2{margin:.6em 0 .1em}.origin{margin:0 0 .6em;color:var(--vscode-descriptionForeground)}
.verdict{font-size:1.15em;padding:.5em .7em;border-radius:4px;border-left:4px solid}
.verdict.allow{background:var(--vscode-diffEditor-insertedTextBackground,rgba(40,160,80,.2));border-color:var(--vscode-testing-iconPassed,#3a3)}
.verdict.deny{background:var(--vscode-diffEditor-removedTextBackground,rgba(220,60,60,.2));border-color:var(--vscode-errorForeground,#c33)}
.outdated{padding:.5em .7em;border-radius:4px;background:var(--vscode-inputValidation-warningBackground,rgba(200,150,0,.2));border:1px solid var(--vscode-inputValidation-warningBorder,#b80)}
.actions{display:flex;flex-wrap:wrap;gap:.5em;margin:.6em 0}
a.action{padding:.25em .7em;border-radius:2px;text-decoration:none;color:var(--vscode-button-foreground);background:var(--vscode-button-background)}
a.action:hover{background:var(--vscode-button-hoverBackground)}
a{color:var(--vscode-textLink-foreground)}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4em 0}
td,th{border:1px solid var(--vscode-panel-border,#8884);padding:.2em .4em;text-align:left;vertical-align:top}
table.request td:first-child{width:30%}
table.statements th:nth-child(n+2):nth-child(-n+5),table.statements td:nth-child(n+2):nth-child(-n+5){width:6.5em}
tr.decides.allow{background:var(--vscode-diffEditor-insertedTextBackground,rgba(40,160,80,.2))}
tr.decides.deny{background:var(--vscode-diffEditor-removedTextBackground,rgba(220,60,60,.2))}
tr.matched{background:var(--vscode-list-inactiveSelectionBackground,rgba(128,128,128,.12))}
ul{margin:0;padding-left:1.1em}li.ok{color:var(--vscode-testing-iconPassed,#3a3)}li.no{color:var(--vscode-errorForeground,#c33)}
code{font-family:var(--vscode-editor-font-family)}.arn{margin:0;color:var(--vscode-descriptionForeground)}
@media (max-width:560px){
table.statements thead{display:none}
table.statements,table.statements tbody,table.statements tr,table.statements td{display:block;width:auto!important}
table.statements tr{border:1px solid var(--vscode-panel-border,#8884);margin:.4em 0}
table.statements td{border:none;padding:.1em .4em}
table.statements td::before{content:attr(data-label) ": ";font-weight:600}
}
</style></head><body>
<h2>${esc(v.title)}</h2>${v.origin ? `<p class="origin">${esc(v.origin)}</p>` : ""}
${outdated}
<p class="verdict ${decisionClass}" id="verdict" data-decision="${e.decision}"><b>${VERDICT_WORD[e.decision]}:</b> ${esc(verdictSentence(e).replace(/^(Allowed|Denied): /, ""))}</p>
${actions}
<p class="summary" id="summary">${esc(e.summary)}</p>
<table class="request"><tbody>${row("Principal", e.request.principal.arn)}${row("Action", e.request.action)}${row("Resource", e.request.resource)}${ctx}</tbody></table>
<h3>Layers</h3><ul>${layers}</ul>${missing}
${policies}
</body></html>`;
}

function row(k: string, v: string): string {
  return `<tr><td><code>${esc(k)}</code></td><td><code>${esc(v)}</code></td></tr>`;
}

function mark(b: boolean): string { return b ? "✓" : "✗"; }
