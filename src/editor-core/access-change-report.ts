// "What does this change grant?": an edit's effect on access, as a Markdown report: the engine's verdicts
// (CheckNoNewAccess both ways) and the actions and resources gained and lost.
import type { AccessChange, AccessDelta, PolicyKind } from "../policy/index.js";

/** Which custom-check policy type a document of the editor's kinds is compared as. */
export function accessCheckTypeOf(kind: PolicyKind): "IDENTITY_POLICY" | "RESOURCE_POLICY" {
  return kind === "resource" || kind === "trust" || kind === "rcp" ? "RESOURCE_POLICY" : "IDENTITY_POLICY";
}

/** Per service, at most this many actions are listed one by one. */
const LISTED_PER_SERVICE = 25;

function section(title: string, deltas: readonly AccessDelta[]): string[] {
  const lines = [`## ${title}`, ""];
  if (deltas.length === 0) return [...lines, "Nothing.", ""];
  const byService = new Map<string, AccessDelta[]>();
  for (const d of deltas) {
    const svc = d.action.slice(0, d.action.indexOf(":"));
    byService.set(svc, [...(byService.get(svc) ?? []), d]);
  }
  for (const [svc, list] of byService) {
    if (list.length > LISTED_PER_SERVICE) {
      lines.push(`- **${svc}**: ${list.length} actions, among them ${list.slice(0, 5).map((d) => `\`${d.action}\``).join(", ")} …`);
      continue;
    }
    for (const d of list) lines.push(`- \`${d.action}\` on ${d.resources.map((r) => `\`${r}\``).join(", ")}`);
  }
  return [...lines, ""];
}

export function accessChangeReport(change: AccessChange, labels: { before: string; after: string }): string {
  const verdict = change.newAccess.result === "FAIL"
    ? `**Grants new access** (${change.newAccess.reasons.map((r) => `statement ${r.statementIndex}${r.statementId ? ` "${r.statementId}"` : ""}`).join(", ")}).`
    : "**Grants no new access.**";
  const removed = change.removedAccess.result === "FAIL" ? "It also **removes access** the earlier version granted." : "It removes no access.";
  return [
    "# What does this change grant?",
    "",
    `Comparing ${labels.before} with ${labels.after}, decided by the policy engine.`,
    "",
    `${verdict} ${removed}`,
    "",
    ...section("Gained", change.gained),
    ...section("Lost", change.lost),
  ].join("\n");
}
