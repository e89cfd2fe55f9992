// The global context keys AWS derives from the caller itself, so callers need not spell them out
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties).
import type { AuthzPrincipal } from "./types.js";

const PRINCIPAL_TYPE: Record<AuthzPrincipal["type"], string | undefined> = {
  root: "Account", user: "User", "assumed-role": "AssumedRole", "federated-user": "FederatedUser", anonymous: "Anonymous", service: undefined,
};

/**
 * aws:PrincipalArn (the role's ARN for a session), aws:PrincipalAccount, aws:PrincipalType and, for IAM users,
 * aws:username. aws:userid needs the principal's unique id, which only the caller knows.
 */
export function principalContext(p: AuthzPrincipal): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.type === "anonymous") { out["aws:PrincipalType"] = "Anonymous"; return out; }
  if (p.type === "service") { out["aws:PrincipalServiceName"] = p.arn; return out; }
  out["aws:PrincipalArn"] = p.type === "assumed-role" && p.roleArn ? p.roleArn : p.arn;
  out["aws:PrincipalAccount"] = p.accountId;
  out["aws:PrincipalType"] = PRINCIPAL_TYPE[p.type]!;
  if (p.type === "user") out["aws:username"] = p.arn.slice(p.arn.lastIndexOf("/") + 1);
  return out;
}
