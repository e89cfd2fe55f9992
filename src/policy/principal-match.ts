// Principal / NotPrincipal in resource-based and trust policies, and how specifically a statement names the
// caller: that decides whether a same-account resource policy grants on its own
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
import type { AuthzPrincipal } from "./types.js";

/** How a matching statement names the caller, weakest first. */
export const enum Grant {
  None = 0,
  /** The caller's account (12-digit id or :root): identity policies must still allow. */
  Account = 1,
  /** "*" or the role of an assumed-role session: stands in for identity policies, boundaries and session policies still apply. */
  Indirect = 2,
  /** The user, session, federated user or service itself: grants on its own within the account. */
  Direct = 3,
}

export interface PrincipalSpec {
  readonly any: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;     // users, sessions, federated users
  readonly roles: ReadonlySet<string>;    // role ARNs: match that role's sessions
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[\w-]+:iam::(\d{12}):root$/;
const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\//;

/** Builds the spec from a validated Principal value ("*" or { AWS, Service, Federated, CanonicalUser }). */
export function compilePrincipal(value: unknown): PrincipalSpec {
  const spec = { any: false, accounts: new Set<string>(), arns: new Set<string>(), roles: new Set<string>(),
    services: new Set<string>(), federated: new Set<string>(), canonical: new Set<string>() };
  if (value === "*") { spec.any = true; return spec; }
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  const o = (value ?? {}) as Record<string, unknown>;
  for (const a of list(o["AWS"])) {
    if (a === "*") spec.any = true;
    else if (ACCOUNT_ID.test(a)) spec.accounts.add(a);
    else if (ROOT_ARN.test(a)) spec.accounts.add(ROOT_ARN.exec(a)![1]!);
    else if (ROLE_ARN.test(a)) spec.roles.add(a);
    else spec.arns.add(a);
  }
  for (const s of list(o["Service"])) { if (s === "*") spec.any = true; else spec.services.add(s); }
  for (const f of list(o["Federated"])) spec.federated.add(f);
  for (const c of list(o["CanonicalUser"])) spec.canonical.add(c);
  return spec;
}

/** How specifically the spec names this caller (Grant.None when it does not). */
export function principalGrant(spec: PrincipalSpec, p: AuthzPrincipal): Grant {
  if (p.type === "service") return spec.services.has(p.arn) ? Grant.Direct : spec.any ? Grant.Indirect : Grant.None;
  if (spec.arns.has(p.arn) || spec.federated.has(p.arn) || spec.canonical.has(p.arn)) return Grant.Direct;
  if (spec.any) return Grant.Indirect;
  if (p.type === "anonymous") return Grant.None;
  if (p.type === "assumed-role" && p.roleArn !== undefined && spec.roles.has(p.roleArn)) return Grant.Indirect;
  if (spec.accounts.has(p.accountId)) return Grant.Account;
  return Grant.None;
}

/**
 * NotPrincipal: the statement applies unless the list names every identity AWS checks for the caller, in turn:
 * the account, then the role, then the session (or the account, then the user). Naming the user without
 * the account still denies (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
export function notPrincipalApplies(spec: PrincipalSpec, p: AuthzPrincipal): boolean {
  if (spec.any) return false;
  switch (p.type) {
    case "service": return !spec.services.has(p.arn);
    case "anonymous": return true;
    case "root": return !spec.accounts.has(p.accountId);
    case "assumed-role":
      return !(spec.accounts.has(p.accountId) && p.roleArn !== undefined && spec.roles.has(p.roleArn) && spec.arns.has(p.arn));
    default:
      return !(spec.accounts.has(p.accountId) && (spec.arns.has(p.arn) || spec.federated.has(p.arn) || spec.canonical.has(p.arn)));
  }
}
