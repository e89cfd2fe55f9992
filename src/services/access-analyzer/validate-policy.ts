// ValidatePolicy: the policy checks of src/policy/checks, paginated as Access Analyzer pages them.
import { validatePolicyDocument, type AccessAnalyzerFinding, type AnalyzerPolicyType } from "../../policy/index.js";
import type { Operation } from "../operation.js";
import { analyzerErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { serviceCatalog } from "./service-catalog.js";

interface ValidatePolicyInput {
  policyDocument: string;
  policyType: AnalyzerPolicyType;
  validatePolicyResourceType?: string;
  locale?: string;
  maxResults?: number;
  nextToken?: string;
}

export const ValidatePolicy: Operation<ValidatePolicyInput, { findings: AccessAnalyzerFinding[]; nextToken?: string }> = ({ input }) => {
  if (input.validatePolicyResourceType && input.policyType !== "RESOURCE_POLICY") {
    throw analyzerErrors.validation("validatePolicyResourceType can be specified only when policyType is RESOURCE_POLICY.", "fieldValidationFailed", "validatePolicyResourceType");
  }
  // Findings are written in English whatever the locale (AWS translates findingDetails; the codes are the same).
  const findings = validatePolicyDocument(input.policyDocument, {
    policyType: input.policyType, resourceType: input.validatePolicyResourceType, catalog: serviceCatalog(),
  });
  const page = pageOf(findings, input.maxResults, input.nextToken, input.policyDocument);
  return { findings: page.items, nextToken: page.nextToken };
};
