// DecodeAuthorizationMessage and its other half: the encoded message an enforce-mode denial carries. The
// decoded document has AWS's shape (allowed, explicitDeny, matchedStatements, failures, context) plus
// `explanation`, the policy engine's account of the decision (deciding layer and statement, each layer's
// outcome, missing context keys). Encoding: base64url of the deflated JSON, so the message stays opaque and short.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { ContextValue, Explanation } from "../../policy/index.js";
import type { Operation } from "../operation.js";
import { stsErrors } from "./errors.js";

interface Items<T> { items: T[] }
const items = <T>(list: T[]): Items<T> => ({ items: list });

export interface DecodedAuthorizationMessage {
  allowed: boolean;
  explicitDeny: boolean;
  matchedStatements: Items<{ statementId: string; effect: "ALLOW" | "DENY"; source: string; layer: string; statementIndex: number }>;
  failures: Items<{ layer: string; reason: string }>;
  context: {
    principal: { arn: string; accountId: string; type: string };
    action: string;
    resource: string;
    conditions: Items<{ key: string; values: Items<{ value: string }> }>;
  };
  explanation: {
    decision: Explanation["decision"];
    decidingLayer: Explanation["decidingLayer"];
    summary: string;
    decidingStatement?: { source: string; layer: string; statementIndex: number; sid?: string };
    layers: Explanation["layers"];
    missingContextKeys: string[];
  };
}

function valueStrings(v: ContextValue): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (x instanceof Date ? x.toISOString() : String(x)));
}

/** The AWS-shaped document for an explanation (what DecodeAuthorizationMessage returns, as JSON). */
export function authorizationDocument(e: Explanation): DecodedAuthorizationMessage {
  const r = e.request;
  const deciding = e.decidingStatement;
  return {
    allowed: e.decision === "allowed",
    explicitDeny: e.decision === "explicitDeny",
    matchedStatements: items(e.matchedStatements.map((m) => {
      const source = m.source.arn ?? m.source.name;
      return { statementId: m.sid ?? "", effect: m.effect === "Deny" ? "DENY" : "ALLOW", source, layer: m.layer, statementIndex: m.statementIndex };
    })),
    failures: items(e.decision === "allowed" ? [] : [{ layer: e.decidingLayer ?? "identity", reason: e.summary }]),
    context: {
      principal: { arn: r.principal.arn, accountId: r.principal.accountId, type: r.principal.type },
      action: r.action,
      resource: r.resource,
      conditions: items(Object.entries(r.context).filter(([, v]) => v !== undefined)
        .map(([key, v]) => ({ key, values: items(valueStrings(v).map((value) => ({ value }))) }))),
    },
    explanation: {
      decision: e.decision,
      decidingLayer: e.decidingLayer,
      summary: e.summary,
      decidingStatement: deciding && { source: deciding.source.arn ?? deciding.source.name, layer: deciding.layer, statementIndex: deciding.statementIndex, sid: deciding.sid },
      layers: e.layers,
      missingContextKeys: e.missingContextKeys,
    },
  };
}

/** The opaque string an enforce-mode AccessDenied carries ("Encoded authorization failure message: …"). */
export function encodeAuthorizationMessage(e: Explanation): string {
  return deflateRawSync(Buffer.from(JSON.stringify(authorizationDocument(e)), "utf8")).toString("base64url");
}

export function decodeAuthorizationMessage(encoded: string): DecodedAuthorizationMessage | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  try {
    const doc = JSON.parse(inflateRawSync(Buffer.from(encoded, "base64url")).toString("utf8")) as DecodedAuthorizationMessage;
    return typeof doc === "object" && doc !== null && typeof doc.allowed === "boolean" && doc.context ? doc : undefined;
  } catch {
    return undefined;
  }
}

export const DecodeAuthorizationMessage: Operation<{ EncodedMessage: string }, { DecodedMessage: string }> = ({ input }) => {
  const doc = decodeAuthorizationMessage(input.EncodedMessage.trim());
  if (!doc) throw stsErrors.invalidAuthorizationMessage();
  return { DecodedMessage: JSON.stringify(doc) };
};
