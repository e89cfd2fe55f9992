// The policy engine's only public door, used by enforce mode (auth/), IAM's Simulate* and
// GetContextKeysFor* (services/iam), and the policy editor (extension/). Pure: no node:http, node:fs or vscode.
import { decide, type PolicySet } from "./decide.js";
import type { AuthzRequest, Decision } from "./types.js";

export type {
  PolicyKind, PolicySource, Position, Range, PolicyDiagnostic, ContextValue, AuthzPrincipal, AuthzRequest, Decision,
  Layer, ConditionTrace, StatementTrace, PolicyTrace, LayerTrace, DecidingStatement, Explanation,
} from "./types.js";
export type { PolicySet } from "./decide.js";
export type { CompiledPolicy, CompiledStatement } from "./compile.js";
export { compilePolicy, PolicyParseError } from "./compile.js";
export { validatePolicy, malformedPolicyMessage, policySize, POLICY_SIZE_LIMITS, type ValidateOptions } from "./validate.js";
export { policyDocumentSchema } from "./policy-schema.js";
export { explain, denialReason, accessDeniedMessage } from "./explain.js";
export { contextKeysOf } from "./context-keys.js";
export { principalContext } from "./principal-context.js";

/** The decision alone, for the request hot path: no trace is built. */
export function evaluate(req: AuthzRequest, set: PolicySet): Decision {
  return decide(req, set, null);
}
export { canonicalJson } from "./json-document.js";
export { validatePolicyDocument, IMPLEMENTED_CHECKS, type AnalyzerPolicyType, type ValidatePolicyOptions } from "./checks/validate-policy.js";
export type { AccessAnalyzerFinding, FindingType, FindingLocation, PathElement, SpanPosition } from "./checks/findings.js";
export { globRegex, arnTemplateRegex, type CheckCatalog, type CheckAction, type CheckService, type CheckResourceType, type CheckConditionKey } from "./checks/catalog.js";
export { generatePolicies, type ObservedAccess, type GenerateOptions } from "./generate.js";
export { checkNoNewAccess, checkAccessNotGranted, checkNoPublicAccess, compareAccess, PUBLIC_ACCESS_SERVICES, type CheckAnswer, type ReasonSummary, type AccessCheckPolicyType, type AccessChange, type AccessDelta } from "./checks/access-checks.js";
