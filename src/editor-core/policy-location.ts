// What a position in a policy document is: which statement, which element, which condition operator and key.
// Completion and hovers both start here.
import type { ActionInfo, Catalog } from "./catalog.js";
import { locate, member, stringsOf, type JObject, type Location, type JNode } from "./json-tree.js";

export type Element = "Version" | "Id" | "Statement" | "Sid" | "Effect" | "Action" | "NotAction" | "Resource" | "NotResource"
  | "Principal" | "NotPrincipal" | "Condition";

export interface PolicyLocation extends Location {
  /** The statement object holding the position, if any. */
  statement: JObject | undefined;
  /** The path below the statement (or below the document when outside statements). */
  rest: (string | number)[];
}

export function policyLocation(root: JNode | undefined, offset: number): PolicyLocation {
  const loc = locate(root, offset);
  let statement: JObject | undefined;
  let rest = loc.path;
  if (loc.path[0] === "Statement") {
    const stNode = loc.nodes[1];
    if (stNode?.kind === "object") { statement = stNode; rest = loc.path.slice(1); }
    else if (stNode?.kind === "array" && typeof loc.path[1] === "number" && loc.nodes[2]?.kind === "object") {
      statement = loc.nodes[2]; rest = loc.path.slice(2);
    } else rest = loc.path.slice(1);
  }
  return { ...loc, statement, rest };
}

/** The catalog actions a statement's Action element names (wildcards expanded); empty for NotAction or none. */
export function statementActions(st: JObject | undefined, catalog: Catalog): ActionInfo[] {
  if (!st || member(st, "NotAction")) return [];
  const out = new Set<ActionInfo>();
  for (const a of stringsOf(member(st, "Action")?.value)) {
    if (a.value === "*") continue;
    for (const x of /[*?]/.test(a.value) ? catalog.expand(a.value).slice(0, 500) : [catalog.action(a.value)]) if (x) out.add(x);
  }
  return [...out];
}
