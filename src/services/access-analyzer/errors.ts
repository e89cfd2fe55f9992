// Access Analyzer's errors in its own words. Its ValidationException carries a reason (and, for field
// failures, the fields), which restJson1 writes into the error body.
import { awsError, type AwsError } from "../../protocol/errors.js";

export const analyzerErrors = {
  validation: (message: string, reason: "cannotParse" | "fieldValidationFailed" | "other" | "notSupported" = "other", field?: string): AwsError =>
    awsError("access-analyzer", "ValidationException", message).withFields({ reason, ...(field ? { fieldList: [{ name: field, message }] } : {}) }),
  invalidParameter: (message: string): AwsError => awsError("access-analyzer", "InvalidParameterException", message),
  unprocessable: (message: string): AwsError => awsError("access-analyzer", "UnprocessableEntityException", message),
};
