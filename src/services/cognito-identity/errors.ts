// Cognito identity pools' error wording in one place (apps and SDKs match on it); every error is HTTP 400.
import { awsError, type AwsError } from "../../protocol/errors.js";

const e = (code: string, message: string): AwsError => awsError("cognito-identity", code, message);

export const identityErrors = {
  poolNotFound: (poolId: string) => e("ResourceNotFoundException", `IdentityPool '${poolId}' not found.`),
  identityNotFound: (identityId: string) => e("ResourceNotFoundException", `Identity '${identityId}' not found.`),
  resourceNotFound: (message: string) => e("ResourceNotFoundException", message),
  invalidParameter: (message: string) => e("InvalidParameterException", message),
  unauthenticatedNotSupported: () => e("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool."),
  forbidden: (identityId: string) => e("NotAuthorizedException", `Access to Identity '${identityId}' is forbidden.`),
  loginsDontMatch: () => e("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool."),
  unsupportedProvider: () => e("NotAuthorizedException", "Token is not from a supported provider of this identity pool."),
  /** "Invalid login token. <reason>": a token that is not the provider's, not valid or not current. */
  invalidLogin: (reason: string) => e("NotAuthorizedException", `Invalid login token. ${reason}`),
  notAuthorized: (message: string) => e("NotAuthorizedException", message),
  ambiguousRoleDenied: () => e("NotAuthorizedException", "The ambiguous role mapping rules denied this request"),
  /** No role for the identity's kind, or STS (the role's trust policy) refused it. */
  invalidConfiguration: () => e("InvalidIdentityPoolConfigurationException", "Invalid identity pool configuration. Check assigned IAM roles for this pool."),
  classicFlowDisabled: () => e("InvalidParameterException", "Basic (classic) flow is not enabled, please use enhanced flow."),
  conflict: (message: string) => e("ResourceConflictException", message),
  developerUserAlreadyRegistered: () =>
    e("DeveloperUserAlreadyRegisteredException", "The developer user identifier is already registered with a different identity ID."),
  limitExceeded: (message: string) => e("LimitExceededException", message),
};
