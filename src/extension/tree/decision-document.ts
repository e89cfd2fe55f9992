// An enforce-mode decision (GET /_emulator/decisions?id=N) as the markdown document the tree opens.
// No `vscode` import.

/** A decision as a person reads it: the verdict, the request, and the engine's full explanation. */
export function decisionMarkdown(record: { id: number; time: string; principal: string; action: string; resource: string; decision: string; summary: string; explanation?: unknown }): string {
  const verdict = { allowed: "Allowed", explicitDeny: "Denied (explicit deny)", implicitDeny: "Denied (no statement allows it)" }[record.decision] ?? record.decision;
  return [
    `# ${verdict}: ${record.action}`,
    "",
    `- Principal: \`${record.principal}\``,
    `- Resource: \`${record.resource}\``,
    `- Time: ${record.time} (decision ${record.id})`,
    "",
    record.summary,
    "",
    "## Explanation",
    "",
    record.explanation === undefined
      ? "_The emulator keeps the full explanation for denials (and for allows when its log level is debug)._"
      : "```json\n" + JSON.stringify(record.explanation, null, 2) + "\n```",
    "",
  ].join("\n");
}
