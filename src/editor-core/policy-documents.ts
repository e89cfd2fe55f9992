// Which documents the editor treats as IAM policies, and as which kind (identity, resource, trust): file name
// globs first, then the content (a top-level Statement with Version, or Principal in the statements).
import type { PolicyKind } from "../policy/index.js";
import { member, parseTree, statementsOf, stringsOf } from "./json-tree.js";

export const DEFAULT_GLOBS = ["**/*policy*.json", "**/*.iam.json", "**/trust*.json"];

/** A glob with `**`, `*` and `?` as a RegExp over "/"-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") { i++; re += "(?:.*/)?"; } else re += ".*";
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "i");
}

/** Is this file a policy by name (a configured glob) or by content (Statement beside Version at the top)? */
export function isPolicyDocument(path: string, text: string, globs: readonly string[] = DEFAULT_GLOBS): boolean {
  const p = path.replace(/\\/g, "/");
  if (/\.scenarios\.json$/i.test(p)) return false;
  if (globs.some((g) => globToRegExp(g).test(p) || globToRegExp(g).test(p.slice(p.lastIndexOf("/") + 1)))) return true;
  // Cheap test before parsing: most JSON files are not policies.
  if (!text.includes('"Statement"')) return false;
  const root = parseTree(text);
  return member(root, "Statement") !== undefined && member(root, "Version") !== undefined;
}

/** trust*.json, or statements that name a Principal with sts:AssumeRole* actions: trust; Principal otherwise: resource. */
export function policyKindOf(path: string, text: string): PolicyKind {
  const name = path.replace(/\\/g, "/").split("/").pop() ?? "";
  if (/^trust/i.test(name) || /trust-policy/i.test(name)) return "trust";
  if (/boundary/i.test(name)) return "boundary";
  if (!text.includes("Principal")) return "identity";
  const statements = statementsOf(parseTree(text));
  const withPrincipal = statements.filter((s) => member(s, "Principal") || member(s, "NotPrincipal"));
  if (withPrincipal.length === 0) return "identity";
  const assumeOnly = withPrincipal.every((s) => {
    const actions = stringsOf(member(s, "Action")?.value);
    return actions.length > 0 && actions.every((a) => /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i.test(a.value)) && !member(s, "Resource");
  });
  return assumeOnly ? "trust" : "resource";
}
