// Paths of the `aws-iam-emulator:` documents (policy documents, trust policies, inline policies, decision
// explanations, sign-in tokens) and the admin calls that read and save each one. No `vscode` import.
import type { PrincipalKind } from "./tree-model.js";

export const documentScheme = "aws-iam-emulator";

export type DocumentTarget =
  | { kind: "trustPolicy"; role: string }
  | { kind: "inlinePolicy"; owner: { kind: PrincipalKind; name: string }; name: string }
  | { kind: "managedPolicy"; name: string; arn: string; awsManaged: boolean }
  | { kind: "policyVersion"; name: string; arn: string; versionId: string }
  | { kind: "decision"; id: number }
  | { kind: "generated"; name: string };

const ownerKinds: Record<string, PrincipalKind> = { users: "user", groups: "group", roles: "role" };

/** The target of a document path (uri.path) and query (uri.query); undefined for anything else. */
export function parseDocumentPath(path: string, query = ""): DocumentTarget | undefined {
  const parts = path.replace(/^\/+/, "").split("/").map((p) => decodeURIComponent(p));
  const arn = new URLSearchParams(query).get("arn") ?? undefined;
  const json = (s: string | undefined): string | undefined => (s?.endsWith(".json") ? s.slice(0, -5) : undefined);
  const [top, a, b, c] = parts;
  if (top === "roles" && parts.length === 3 && b === "trust-policy.json" && a) return { kind: "trustPolicy", role: a };
  if (top && ownerKinds[top] && parts.length === 4 && b === "inline" && a && json(c)) {
    return { kind: "inlinePolicy", owner: { kind: ownerKinds[top]!, name: a }, name: json(c)! };
  }
  if ((top === "policies" || top === "aws-managed") && parts.length === 2 && json(a) && arn) {
    return { kind: "managedPolicy", name: json(a)!, arn, awsManaged: top === "aws-managed" };
  }
  if (top === "policies" && parts.length === 3 && a && /^v\d+$/.test(json(b) ?? "") && arn) {
    return { kind: "policyVersion", name: a, arn, versionId: json(b)! };
  }
  if (top === "decisions" && parts.length === 2 && /^\d+\.md$/.test(a ?? "")) return { kind: "decision", id: Number(a!.slice(0, -3)) };
  if (top === "generated" && parts.length === 2 && a) return { kind: "generated", name: a };
  return undefined;
}

export function inlinePolicyPath(owner: { kind: PrincipalKind; name: string }, name: string): string {
  return `/${owner.kind}s/${encodeURIComponent(owner.name)}/inline/${encodeURIComponent(name)}.json`;
}

/** Saving is possible for what AWS lets a person edit: trust policies, inline policies, customer policies. */
export function isWritable(target: DocumentTarget): boolean {
  return target.kind === "trustPolicy" || target.kind === "inlinePolicy" || (target.kind === "managedPolicy" && !target.awsManaged);
}

/** An /_emulator/call request body. */
export interface AdminCall {
  readonly service: "iam" | "sts" | "cognito-idp" | "cognito-identity" | "access-analyzer";
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly region?: string;
}

const principalOperation = { user: "User", group: "Group", role: "Role" } as const;
const nameField = { user: "UserName", group: "GroupName", role: "RoleName" } as const;

/** The call that reads a policy-like target, and where its (URL-encoded) document sits in the output. */
export function readCallOf(target: DocumentTarget): { call: AdminCall; document: (output: Record<string, any>) => string | undefined } | undefined {
  switch (target.kind) {
    case "trustPolicy":
      return { call: { service: "iam", operation: "GetRole", input: { RoleName: target.role } }, document: (o) => o.Role?.AssumeRolePolicyDocument };
    case "inlinePolicy": {
      const k = target.owner.kind;
      return {
        call: { service: "iam", operation: `Get${principalOperation[k]}Policy`, input: { [nameField[k]]: target.owner.name, PolicyName: target.name } },
        document: (o) => o.PolicyDocument,
      };
    }
    case "managedPolicy":
      // GetPolicyVersion needs the default version's id: read the policy first (two calls, see documentOf).
      return { call: { service: "iam", operation: "GetPolicy", input: { PolicyArn: target.arn } }, document: () => undefined };
    case "policyVersion":
      return {
        call: { service: "iam", operation: "GetPolicyVersion", input: { PolicyArn: target.arn, VersionId: target.versionId } },
        document: (o) => o.PolicyVersion?.Document,
      };
    default:
      return undefined;
  }
}

/** The call that saves `document` for a writable target. Customer policies get a new default version. */
export function writeCallOf(target: DocumentTarget, document: string): AdminCall | undefined {
  switch (target.kind) {
    case "trustPolicy":
      return { service: "iam", operation: "UpdateAssumeRolePolicy", input: { RoleName: target.role, PolicyDocument: document } };
    case "inlinePolicy": {
      const k = target.owner.kind;
      return { service: "iam", operation: `Put${principalOperation[k]}Policy`, input: { [nameField[k]]: target.owner.name, PolicyName: target.name, PolicyDocument: document } };
    }
    case "managedPolicy":
      return target.awsManaged ? undefined : { service: "iam", operation: "CreatePolicyVersion", input: { PolicyArn: target.arn, PolicyDocument: document, SetAsDefault: true } };
    default:
      return undefined;
  }
}

/**
 * AWS keeps at most five versions of a policy. The version to delete so a new one fits: the oldest that
 * is not the default (version numbers grow, so the smallest number is the oldest).
 */
export function versionToPrune(versions: readonly { VersionId: string; IsDefaultVersion: boolean }[]): string | undefined {
  if (versions.length < 5) return undefined;
  const candidates = versions.filter((v) => !v.IsDefaultVersion).map((v) => v.VersionId);
  candidates.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return candidates[0];
}

/** A stored policy document (URL-encoded on the wire, as AWS returns it) pretty-printed for editing. */
export function documentForEditing(stored: string): string {
  let text = stored;
  if (/%[0-9A-Fa-f]{2}/.test(text) && !text.trimStart().startsWith("{")) {
    try { text = decodeURIComponent(text); } catch { /* not encoded after all */ }
  }
  try { return JSON.stringify(JSON.parse(text), null, 2) + "\n"; } catch { return text; }
}
