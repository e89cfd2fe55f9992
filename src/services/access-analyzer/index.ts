// IAM Access Analyzer (restJson1): policy validation, custom policy checks decided by the policy engine, and
// policy generation from the emulator's own request log. Analyzers, findings and archive rules answer
// NotImplemented.
import type { ServiceHandlers } from "../operation.js";
import { ValidatePolicy } from "./validate-policy.js";

export const accessAnalyzerHandlers: ServiceHandlers = {
  id: "access-analyzer",
  operations: { ValidatePolicy },
};
