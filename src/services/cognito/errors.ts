// Cognito's error wording in one place (clients match on it); every cognito-idp error is HTTP 400.
import { awsError, type AwsError } from "../../protocol/errors.js";

const e = (code: string, message: string): AwsError => awsError("cognito-idp", code, message);

export const cognitoErrors = {
  poolNotFound: (poolId: string) => e("ResourceNotFoundException", `User pool ${poolId} does not exist.`),
  clientNotFound: (clientId: string) => e("ResourceNotFoundException", `User pool client ${clientId} does not exist.`),
  groupNotFound: () => e("ResourceNotFoundException", "Group not found."),
  resourceNotFound: (message: string) => e("ResourceNotFoundException", message),
  userNotFound: () => e("UserNotFoundException", "User does not exist."),
  usernameExists: (message = "User account already exists") => e("UsernameExistsException", message),
  aliasExists: (attribute: string) => e("AliasExistsException", `An account with the given ${attribute} already exists.`),
  groupExists: (name: string) => e("GroupExistsException", `A group with the name ${name} already exists.`),
  incorrectPassword: () => e("NotAuthorizedException", "Incorrect username or password."),
  notAuthorized: (message: string) => e("NotAuthorizedException", message),
  userDisabled: () => e("NotAuthorizedException", "User is disabled."),
  notConfirmed: () => e("UserNotConfirmedException", "User is not confirmed."),
  resetRequired: () => e("PasswordResetRequiredException", "Password reset required for the user"),
  secretHash: (clientId: string) => e("NotAuthorizedException", `Unable to verify secret hash for client ${clientId}`),
  invalidParameter: (message: string) => e("InvalidParameterException", message),
  missingParameter: (name: string) => e("InvalidParameterException", `Missing required parameter ${name}`),
  invalidPassword: (reason: string, admin = false) =>
    e("InvalidPasswordException", `Password did not conform with ${admin ? "password " : ""}policy: ${reason}`),
  codeMismatch: (message = "Invalid verification code provided, please try again.") => e("CodeMismatchException", message),
  expiredCode: () => e("ExpiredCodeException", "Invalid code provided, please request a code again."),
  softwareTokenReused: () => e("ExpiredCodeException", "Your software token has already been used once."),
  invalidSession: () => e("NotAuthorizedException", "Invalid session for the user, session is expired."),
  invalidAccessToken: () => e("NotAuthorizedException", "Invalid Access Token"),
  accessTokenExpired: () => e("NotAuthorizedException", "Access Token has expired"),
  accessTokenRevoked: () => e("NotAuthorizedException", "Access Token has been revoked"),
  invalidRefreshToken: () => e("NotAuthorizedException", "Invalid Refresh Token"),
  refreshTokenRevoked: () => e("NotAuthorizedException", "Refresh Token has been revoked"),
  unsupported: (message: string) => e("UnsupportedOperationException", message),
  softwareTokenMismatch: () => e("EnableSoftwareTokenMFAException", "Code mismatch"),
  softwareTokenNotFound: () => e("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the user."),
  badClientCredentials: () => e("UnauthorizedException", "Invalid client id or client secret."),
  unsupportedTokenType: () => e("UnsupportedTokenTypeException", "Unsupported token type."),
  resendNotPossible: (username: string, status: string) =>
    e("UnsupportedUserStateException", `Resend not possible. ${username} status is ${status}, not FORCE_CHANGE_PASSWORD.`),
  brandingExists: (message: string) => e("ManagedLoginBrandingExistsException", message),
  duplicateProvider: (message: string) => e("DuplicateProviderException", message),
  invalidOAuthFlow: (message: string) => e("InvalidOAuthFlowException", message),
  scopeDoesNotExist: (message: string) => e("ScopeDoesNotExistException", message),
  schemaViolation: (problems: readonly string[]) =>
    e("InvalidParameterException", `Attributes did not conform to the schema: ${problems.join("\n")}`),
};
