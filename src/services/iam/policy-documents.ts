// Policy documents on IAM's write paths: size quotas per policy type and the grammar check shared with
// the policy engine (MalformedPolicyDocument), and the URL-encoding AWS applies when returning them.
import { malformedPolicyMessage, validatePolicy } from "../../policy/index.js";
import { awsError } from "../../protocol/errors.js";
import { iamErrors } from "./errors.js";

export type DocumentKind = "managed" | "user" | "group" | "role" | "trust";

/** Characters excluding whitespace, per IAM's quotas page. */
const LIMITS: Record<DocumentKind, number> = { managed: 6144, user: 2048, group: 5120, role: 10240, trust: 2048 };

function sizeError(kind: DocumentKind, owner: string) {
  const limit = LIMITS[kind];
  if (kind === "managed") return iamErrors.limitExceeded("PolicySize", limit);
  if (kind === "trust") return iamErrors.limitExceeded("ACLSizePerRole", limit);
  return awsError("iam", "LimitExceeded", `Maximum policy size of ${limit} bytes exceeded for ${kind} ${owner}`);
}

/**
 * Checks `text` as a policy of `kind` owned by `owner` (user/group/role name, or the policy name):
 * JSON, grammar, then size. Throws MalformedPolicyDocument or LimitExceeded with AWS's messages.
 */
export function checkPolicyDocument(text: string, kind: DocumentKind, owner: string): void {
  let parsed: unknown;
  try { parsed = JSON.parse(text); }
  catch { throw iamErrors.malformedPolicy("Syntax errors in policy."); }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw iamErrors.malformedPolicy("Syntax errors in policy.");
  // The same validator the editor shows diagnostics from, so both reject a document for the same reason.
  const grammar = malformedPolicyMessage(validatePolicy(text, kind === "trust" ? "trust" : "identity", { managed: kind === "managed" }));
  if (grammar) throw iamErrors.malformedPolicy(grammar);
  if (text.replace(/\s/g, "").length > LIMITS[kind]) throw sizeError(kind, owner);
}

/** GetRole, Get*Policy and GetPolicyVersion return documents percent-encoded, as AWS does. */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}
