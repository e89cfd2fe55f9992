// IAM Access Analyzer (restJson1): policy validation, custom policy checks decided by the policy engine, and
// policy generation from the emulator's own request log. Analyzers, findings and archive rules answer
// NotImplemented.
import type { ServiceHandlers } from "../operation.js";
import { CheckAccessNotGranted, CheckNoNewAccess, CheckNoPublicAccess } from "./access-checks.js";
import { CancelPolicyGeneration, GetGeneratedPolicy, ListPolicyGenerations, StartPolicyGeneration } from "./policy-generation.js";
import { ValidatePolicy } from "./validate-policy.js";

export const accessAnalyzerHandlers: ServiceHandlers = {
  id: "access-analyzer",
  operations: {
    ValidatePolicy, CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess,
    StartPolicyGeneration, GetGeneratedPolicy, ListPolicyGenerations, CancelPolicyGeneration,
  },
};
