// STS's error wording in one place; statuses come from the STS model's error shapes (or the common table).
import { awsError, type AwsError } from "../../protocol/errors.js";

export const stsErrors = {
  /** AWS's answer both for a role that does not exist and for a trust policy that refuses the caller. */
  notAuthorized: (callerArn: string, action: string, resource: string): AwsError =>
    awsError("sts", "AccessDenied", `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`),
  /** The federation calls answer without naming a caller (there is none). */
  federationDenied: (action: "sts:AssumeRoleWithWebIdentity" | "sts:AssumeRoleWithSAML"): AwsError =>
    awsError("sts", "AccessDenied", `Not authorized to perform ${action}`),
  accessDenied: (message: string): AwsError => awsError("sts", "AccessDenied", message),
  validation: (message: string): AwsError => awsError("sts", "ValidationError", message),
  exceedsMaxSessionDuration: (): AwsError =>
    awsError("sts", "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),
  exceedsChainingLimit: (): AwsError =>
    awsError("sts", "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."),
  malformedPolicy: (message: string): AwsError => awsError("sts", "MalformedPolicyDocument", message),
  packedPolicyTooLarge: (percent: number): AwsError =>
    awsError("sts", "PackedPolicyTooLarge", `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`),
  mfaUnknownDevice: (): AwsError =>
    awsError("sts", "AccessDenied",
      "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user."),
  mfaInvalidCode: (): AwsError =>
    awsError("sts", "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. "),
  invalidIdentityToken: (message: string): AwsError => awsError("sts", "InvalidIdentityToken", message),
  idpRejectedClaim: (message: string): AwsError => awsError("sts", "IDPRejectedClaim", message),
  idpCommunicationError: (message: string): AwsError => awsError("sts", "IDPCommunicationError", message),
  expiredToken: (message: string): AwsError => awsError("sts", "ExpiredTokenException", message),
  invalidAuthorizationMessage: (): AwsError =>
    awsError("sts", "InvalidAuthorizationMessageException", "The encoded authorization message is not valid."),
};
