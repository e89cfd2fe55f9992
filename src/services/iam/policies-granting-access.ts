// ListPoliciesGrantingServiceAccess: for a user, group or role, which of its policies allow some action of
// each asked-for service namespace. A user's answer includes its groups' policies. Inline policies name their
// owner (EntityType, EntityName); managed ones their ARN, as AWS answers.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { attachedPoliciesOf, requirePrincipal } from "./attachments.js";
import { iamErrors, type EntityKind } from "./errors.js";
import { inlinePoliciesOf } from "./inline-policies.js";
import { decodeMarker } from "./pagination.js";
import { getManagedPolicyDocument } from "./policies.js";
import { iamTables, nameKey, relationKey, type PrincipalKind } from "./records.js";

const ENTITY_ARN = /^arn:[\w-]+:iam::(\d{12}):(user|group|role)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;
const ENTITY_TYPE = { user: "USER", group: "GROUP", role: "ROLE" } as const;
const ENTITY_KIND: Record<PrincipalKind, EntityKind> = { user: "User", group: "Group", role: "Role" };

interface Grant {
  PolicyName: string; PolicyType: "INLINE" | "MANAGED"; PolicyArn?: string;
  EntityType?: "USER" | "GROUP" | "ROLE"; EntityName?: string;
  /** The policy's document, to test against each namespace. */
  document: string;
}

/** An IAM action pattern's service part against a namespace, with IAM's * and ? wildcards, ignoring case. */
function serviceMatches(pattern: string, namespace: string): boolean {
  if (pattern === "*") return true;
  const colon = pattern.indexOf(":");
  const service = colon === -1 ? pattern : pattern.slice(0, colon);
  const regex = new RegExp(`^${service.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return regex.test(namespace);
}

/** A NotAction entry that excludes the whole namespace: `*`, or `ns:*`. */
function excludesNamespace(pattern: string, namespace: string): boolean {
  return pattern === "*" || (pattern.endsWith(":*") && serviceMatches(pattern, namespace));
}

const list = (value: unknown): string[] => (typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** True when some Allow statement of `document` allows at least one action of `namespace`. */
export function grantsNamespace(document: string, namespace: string): boolean {
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(document) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return statements.some((s) => {
    if (!s || typeof s !== "object") return false;
    const statement = s as Record<string, unknown>;
    if (statement.Effect !== "Allow") return false;
    if (statement.Action !== undefined) return list(statement.Action).some((a) => serviceMatches(a, namespace));
    if (statement.NotAction !== undefined) return !list(statement.NotAction).some((a) => excludesNamespace(a, namespace));
    return false;
  });
}

function grantsOf(store: AccountStore, kind: PrincipalKind, name: string, managed: Map<string, Grant>, out: Grant[]): void {
  for (const p of inlinePoliciesOf(store, kind, name)) {
    out.push({ PolicyName: p.PolicyName, PolicyType: "INLINE", EntityType: ENTITY_TYPE[kind], EntityName: name, document: p.PolicyDocument });
  }
  for (const a of attachedPoliciesOf(store, kind, name)) {
    const doc = getManagedPolicyDocument(store, a.PolicyArn);
    // A managed policy attached both to a user and to one of its groups is one policy.
    if (doc && !managed.has(a.PolicyArn)) {
      const grant: Grant = { PolicyName: a.PolicyName, PolicyType: "MANAGED", PolicyArn: a.PolicyArn, document: doc.document };
      managed.set(a.PolicyArn, grant);
      out.push(grant);
    }
  }
}

interface Input { Arn: string; ServiceNamespaces: string[]; Marker?: string }

export const ListPoliciesGrantingServiceAccess: Operation<Input, object> = ({ input, store }) => {
  // Every entry fits in one answer (at most 200 namespaces), so a marker is only checked, never issued.
  decodeMarker(input.Marker);
  const match = ENTITY_ARN.exec(input.Arn);
  if (!match) throw iamErrors.invalidInput(`ARN ${input.Arn} is not valid.`);
  const [, account, kind, , name] = match as unknown as [string, string, PrincipalKind, string, string];
  const principal = requirePrincipal(store, kind, name);
  if (account !== store.accountId || principal.arn !== input.Arn) throw iamErrors.noSuchEntity(ENTITY_KIND[kind], name);
  const grants: Grant[] = [];
  const managed = new Map<string, Grant>();
  grantsOf(store, kind, principal.name, managed, grants);
  if (kind === "user") {
    for (const [, membership] of iamTables.userGroups(store).withPrefix(relationKey(nameKey(principal.name), ""))) {
      grantsOf(store, "group", membership.GroupName, managed, grants);
    }
  }
  return {
    PoliciesGrantingServiceAccess: input.ServiceNamespaces.map((namespace) => ({
      ServiceNamespace: namespace,
      Policies: grants.filter((g) => grantsNamespace(g.document, namespace)).map(({ document: _document, ...policy }) => policy),
    })),
    IsTruncated: false,
  };
};

export const operations = { ListPoliciesGrantingServiceAccess } satisfies Readonly<Record<string, Operation>>;
