// Hovers: what an action does (access level, resource types, condition keys), which actions a wildcard
// covers, what a condition key and operator mean, and which resource types a Resource entry can name.
import type { Range } from "../policy/index.js";
import type { ActionInfo, Catalog } from "./catalog.js";
import { nearestOperators, OPERATORS, parseOperatorName } from "./condition-operators.js";
import { operatorDoc } from "./completion.js";
import { parseTree } from "./json-tree.js";
import { LineIndex } from "./line-index.js";
import { policyLocation, statementActions } from "./policy-location.js";
import { arnService, resourceFitsType } from "./resource-types.js";

export interface Hover { markdown: string; range: Range }

/** Most actions a wildcard hover lists before it says how many more there are. */
const LIST_LIMIT = 40;

export function hoverAt(text: string, offset: number, catalog: Catalog | undefined): Hover | undefined {
  const lines = new LineIndex(text);
  const loc = policyLocation(parseTree(text), offset);
  if (!loc.statement) return undefined;
  const [element] = loc.rest;

  if (loc.inKey && loc.member) {
    const range = lines.range(loc.member.keyStart, loc.member.keyEnd);
    // Operators need no catalog: their meaning is IAM's grammar.
    if (element === "Condition" && loc.rest.length === 2) {
      const op = parseOperatorName(loc.member.key);
      if (!op) {
        const near = nearestOperators(loc.member.key);
        return { range, markdown: `**${esc(loc.member.key)}** is not a condition operator IAM knows.${near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(", ")}?` : ""}` };
      }
      return { range, markdown: `**${loc.member.key}** (${op.family})\n\n${operatorDoc(loc.member.key, OPERATORS[op.name]!.description)}` };
    }
    if (!catalog) return undefined;
    if (element === "Condition" && loc.rest.length === 3) return keyHover(catalog, loc.member.key, range, statementActions(loc.statement, catalog));
    return undefined;
  }

  const leaf = loc.leaf;
  if (leaf?.kind !== "string" || !catalog) return undefined;
  const range = lines.range(leaf.start, leaf.end);
  if ((element === "Action" || element === "NotAction") && loc.rest.length <= 2) return actionHover(catalog, leaf.value, range);
  if ((element === "Resource" || element === "NotResource") && loc.rest.length <= 2) return resourceHover(catalog, leaf.value, range, statementActions(loc.statement, catalog));
  return undefined;
}

function actionHover(catalog: Catalog, value: string, range: Range): Hover | undefined {
  if (value === "*") return { range, markdown: "**\\*** — every action of every AWS service." };
  if (/[*?]/.test(value)) {
    const matched = catalog.expand(value);
    if (matched.length === 0) return { range, markdown: `**${esc(value)}** matches no action.` };
    const levels = new Map<string, number>();
    for (const a of matched) levels.set(a.accessLevel, (levels.get(a.accessLevel) ?? 0) + 1);
    const rows = matched.slice(0, LIST_LIMIT).map((a) => `- \`${a.service}:${a.name}\` — ${a.accessLevel}`);
    if (matched.length > LIST_LIMIT) rows.push(`- … and ${matched.length - LIST_LIMIT} more`);
    const summary = [...levels].map(([l, n]) => `${n} ${l}`).join(", ");
    return { range, markdown: `**${esc(value)}** covers ${matched.length} action${matched.length === 1 ? "" : "s"} (${summary}):\n\n${rows.join("\n")}` };
  }
  const a = catalog.action(value);
  return a ? { range, markdown: describeAction(catalog, a) } : undefined;
}

export function describeAction(catalog: Catalog, a: ActionInfo): string {
  const parts = [`**${a.service}:${a.name}** — ${a.accessLevel}`, a.description];
  if (a.resourceTypes.length === 0) parts.push('Resource types: none — use `"Resource": "*"`.');
  else {
    parts.push(["| Resource type | ARN | |", "|---|---|---|",
      ...a.resourceTypes.map((r) => `| ${r.type.name} | \`${r.type.arn}\` | ${r.required ? "required" : ""} |`)].join("\n"));
  }
  const keys = catalog.keysOfAction(a);
  if (keys.length) parts.push(`Condition keys: ${keys.map((k) => `\`${k.key}\``).join(", ")}`);
  parts.push(`_${catalog.serviceName(a.service)} · ${catalog.source}_`);
  return parts.join("\n\n");
}

function keyHover(catalog: Catalog, key: string, range: Range, actions: ActionInfo[]): Hover | undefined {
  const info = catalog.conditionKey(key);
  if (!info) return undefined;
  const global = catalog.globalKeys.includes(info);
  const parts = [`**${key}** — ${info.type}${info.type.startsWith("ArrayOf") ? " (multi-valued: use ForAnyValue: or ForAllValues:)" : ""}`, info.description || ""];
  if (global) parts.push("Global condition key.");
  else if (actions.length) {
    const supporting = actions.filter((a) => catalog.keysOfAction(a).includes(info)).map((a) => `\`${a.service}:${a.name}\``);
    parts.push(supporting.length ? `Supported by ${supporting.slice(0, 10).join(", ")}${supporting.length > 10 ? ", …" : ""}.` : "No action of this statement supports it.");
  }
  return { range, markdown: parts.filter(Boolean).join("\n\n") };
}

function resourceHover(catalog: Catalog, value: string, range: Range, actions: ActionInfo[]): Hover | undefined {
  if (value === "*") return { range, markdown: "**\\*** — every resource." };
  const svc = arnService(value);
  const service = svc ? catalog.service(svc) : undefined;
  if (!service) return undefined;
  const types = service.resourceTypes.filter((t) => resourceFitsType(value, t));
  const parts = [`**${esc(value)}**`];
  parts.push(types.length ? `Can name ${service.name} resource type${types.length === 1 ? "" : "s"}: ${types.map((t) => `${t.name} (\`${t.arn}\`)`).join(", ")}.`
    : `Fits no ${service.name} resource type.`);
  const applies = actions.filter((a) => a.resourceTypes.some((rt) => types.includes(rt.type)));
  if (actions.length) parts.push(applies.length ? `Applies to ${applies.slice(0, 10).map((a) => `\`${a.service}:${a.name}\``).join(", ")}${applies.length > 10 ? ", …" : ""}.` : "No action of this statement applies to it.");
  return { range, markdown: parts.join("\n\n") };
}

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>]/g, "\\$&");
}
