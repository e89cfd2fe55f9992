// Paths of the `aws-iam-emulator:` documents (policy documents, trust policies, inline policies, sign-in
// tokens) and the admin calls that read and save each one. No `vscode` import.
import type { PrincipalKind } from "./tree-model.js";

export const documentScheme = "aws-iam-emulator";

export type DocumentTarget =
  | { kind: "trustPolicy"; role: string }
  | { kind: "inlinePolicy"; owner: { kind: PrincipalKind; name: string }; name: string }
  | { kind: "managedPolicy"; name: string; arn: string; awsManaged: boolean }
  | { kind: "policyVersion"; name: string; arn: string; versionId: string }
  | { kind: "generated"; name: string };

const ownerKinds: Record<string, PrincipalKind> = { users: "user", groups: "group", roles: "role" };

/**
 * What a document's tab says: "s3-read (emulator)", "s3-read (emulator · v2)", "own-keys (emulator · alice
 * inline)", "app (emulator · trust policy)", "ReadOnlyAccess (AWS managed)". It is the path's last segment, so
 * VS Code shows it as the tab title and a failed save names it instead of an encoded ARN.
 */
export function documentTitle(target: DocumentTarget): string {
  switch (target.kind) {
    case "trustPolicy": return `${target.role} (emulator · trust policy)`;
    case "inlinePolicy": return `${target.name} (emulator · ${target.owner.name} inline)`;
    case "managedPolicy": return target.awsManaged ? `${target.name} (AWS managed)` : `${target.name} (emulator)`;
    case "policyVersion": return `${target.name} (emulator · ${target.versionId})`;
    case "generated": return target.name;
  }
}

/** "arn:aws:iam::000000000000:policy/team/s3-read" → ["000000000000", "team/s3-read"]. */
function policyArnParts(arn: string): [account: string, path: string] | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):policy\/(.+)$/.exec(arn);
  return m ? [m[1]!, m[2]!] : undefined;
}

/**
 * The path a target opens at: readable segments that identify it (names, the policy's account and path),
 * then the title. Names cannot hold a slash, so segments need no escaping.
 */
export function documentPath(target: DocumentTarget): string {
  const title = documentTitle(target);
  switch (target.kind) {
    case "trustPolicy": return `/roles/${target.role}/trust-policy/${title}`;
    case "inlinePolicy": return `/${target.owner.kind}s/${target.owner.name}/inline/${target.name}/${title}`;
    case "managedPolicy": {
      const [account, path] = policyArnParts(target.arn) ?? ["", target.name];
      return target.awsManaged ? `/aws-managed/${path}/${title}` : `/policies/${account}/${path}/${title}`;
    }
    case "policyVersion": {
      const [account, path] = policyArnParts(target.arn) ?? ["", target.name];
      return `/policy-versions/${account}/${path}/${target.versionId}/${title}`;
    }
    case "generated": return `/generated/${encodeURIComponent(target.name)}`;
  }
}

/**
 * The target of a document path (uri.path); undefined for anything else, folders included: a policy path ends
 * with the title its target gives, so "/policies/000000000000/team" is a folder, never a policy named "team".
 */
export function parseDocumentPath(path: string, _query = ""): DocumentTarget | undefined {
  const target = parseSegments(path);
  if (!target || target.kind === "generated") return target;
  return path.slice(path.lastIndexOf("/") + 1) === documentTitle(target) || safeDecode(path.slice(path.lastIndexOf("/") + 1)) === documentTitle(target) ? target : undefined;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function parseSegments(path: string): DocumentTarget | undefined {
  const parts = path.replace(/^\/+/, "").split("/").map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  const [top, a, b, c] = parts;
  const ids = parts.slice(1, -1);
  const last = (s: string | undefined) => s !== undefined && s !== "";
  if (top === "roles" && parts.length === 4 && b === "trust-policy" && a && last(c)) return { kind: "trustPolicy", role: a };
  if (top && ownerKinds[top] && parts.length === 5 && b === "inline" && a && c && last(parts[4])) {
    return { kind: "inlinePolicy", owner: { kind: ownerKinds[top]!, name: a }, name: c };
  }
  if (top === "aws-managed" && ids.length >= 1) {
    const arn = `arn:aws:iam::aws:policy/${ids.join("/")}`;
    return { kind: "managedPolicy", name: ids.at(-1)!, arn, awsManaged: true };
  }
  if (top === "policies" && ids.length >= 2 && /^\d{12}$/.test(ids[0]!)) {
    const arn = `arn:aws:iam::${ids[0]}:policy/${ids.slice(1).join("/")}`;
    return { kind: "managedPolicy", name: ids.at(-1)!, arn, awsManaged: false };
  }
  if (top === "policy-versions" && ids.length >= 3 && /^\d{12}$/.test(ids[0]!) && /^v\d+$/.test(ids.at(-1)!)) {
    const path = ids.slice(1, -1);
    return { kind: "policyVersion", name: path.at(-1)!, arn: `arn:aws:iam::${ids[0]}:policy/${path.join("/")}`, versionId: ids.at(-1)! };
  }
  if (top === "generated" && parts.length === 2 && a) return { kind: "generated", name: a };
  return undefined;
}

export function inlinePolicyPath(owner: { kind: PrincipalKind; name: string }, name: string): string {
  return documentPath({ kind: "inlinePolicy", owner, name });
}

/** Where the engine's explanation should say a document's statements come from: its name, a managed policy's ARN. */
export function policySourceOf(target: DocumentTarget): { name: string; arn?: string } | undefined {
  switch (target.kind) {
    case "inlinePolicy": return { name: `${target.owner.kind}/${target.owner.name}/${target.name}` };
    case "managedPolicy": case "policyVersion": return { name: target.name, arn: target.arn };
    case "trustPolicy": return { name: `${target.role} trust policy` };
    default: return undefined;
  }
}

/** Where a policy the engine names opens (policySourceOf's inverse): an inline policy "user/alice/own-keys", or a
 * managed policy by its ARN; undefined for what has no document (a trust policy by name, a session policy). */
export function documentPathOfSource(source: { name: string; arn?: string }): string | undefined {
  if (source.arn) {
    const parts = policyArnParts(source.arn);
    return parts && documentPath({ kind: "managedPolicy", name: source.arn.slice(source.arn.lastIndexOf("/") + 1), arn: source.arn, awsManaged: parts[0] === "aws" });
  }
  const m = /^(user|group|role)\/([^/]+)\/(.+)$/.exec(source.name);
  return m ? inlinePolicyPath({ kind: m[1] as PrincipalKind, name: m[2]! }, m[3]!) : undefined;
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
