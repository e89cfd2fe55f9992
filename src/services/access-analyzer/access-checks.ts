// The custom policy checks: CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess, decided by the
// policy engine (src/policy/checks/access-checks.ts). A document that is not a policy is AWS's
// InvalidParameterException; an empty access list entry, a ValidationException.
import {
  checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess, PolicyParseError, type AccessCheckPolicyType, type CheckAnswer,
} from "../../policy/index.js";
import type { Operation } from "../operation.js";
import { analyzerErrors } from "./errors.js";
import { serviceCatalog } from "./service-catalog.js";

function decided(field: string, run: () => CheckAnswer): CheckAnswer {
  try { return run(); }
  catch (err) {
    if (err instanceof PolicyParseError) throw analyzerErrors.invalidParameter(`Invalid ${field}: ${err.message}`);
    throw err;
  }
}

export const CheckNoNewAccess: Operation<{ newPolicyDocument: string; existingPolicyDocument: string; policyType: AccessCheckPolicyType }, CheckAnswer> = ({ input }) => {
  decided("existingPolicyDocument", () => checkNoNewAccess(input.existingPolicyDocument, input.existingPolicyDocument, input.policyType));
  return decided("newPolicyDocument", () => checkNoNewAccess(input.newPolicyDocument, input.existingPolicyDocument, input.policyType, serviceCatalog()));
};

export const CheckAccessNotGranted: Operation<{ policyDocument: string; access: { actions?: string[]; resources?: string[] }[]; policyType: AccessCheckPolicyType }, CheckAnswer> = ({ input }) => {
  if (input.access.length === 0 || input.access.some((a) => !a.actions?.length && !a.resources?.length)) {
    throw analyzerErrors.validation("Each access entry must list at least one action or one resource.", "fieldValidationFailed", "access");
  }
  return decided("policyDocument", () => checkAccessNotGranted(input.policyDocument, input.access, input.policyType, serviceCatalog()));
};

export const CheckNoPublicAccess: Operation<{ policyDocument: string; resourceType: string }, CheckAnswer> = ({ input }) =>
  decided("policyDocument", () => checkNoPublicAccess(input.policyDocument, input.resourceType, serviceCatalog()));
