// What the README's coverage table says beyond "supported" or "NotImplemented": an implemented operation
// that leaves part of AWS's behaviour out is `partial`, with what is missing; an operation that answers
// NotImplemented may say why. scripts/coverage.ts renders this next to the registries; a note for an
// operation the model does not have fails test/unit/readme-coverage.test.ts.
import type { ServiceId } from "../protocol/model.js";

export interface CoverageNote {
  /** Implemented, but this part of AWS's behaviour is not: say what answers NotImplemented or is refused. */
  readonly partial?: string;
  /** Why an operation is not implemented, or anything a user should know. */
  readonly note?: string;
}

const ORGANIZATIONS = "needs AWS Organizations, which the emulator does not model";
const DELEGATION = "IAM temporary delegation (delegation requests) is not modelled";
const OUTBOUND_FEDERATION = "outbound web identity federation (AWS-signed JWTs for external services) is not modelled";
const CUSTOM_SENDERS = "LambdaConfig's CustomEmailSender and CustomSMSSender are kept, but a code that would go to one answers NotImplemented (Cognito encrypts it with KMS, which the emulator does not serve)";
const ACTIVITY = "needs a history of service activity, which the emulator does not record";
const SOCIAL_LOGINS = "logins of the public providers in SupportedLoginProviders (Facebook, Google, Amazon, Apple, Twitter) are refused with NotAuthorizedException: only they can check their tokens; use an OIDC provider registered in IAM, a SAML provider or one of the emulator's user pools";

export const COVERAGE_NOTES: Readonly<Partial<Record<ServiceId, Readonly<Record<string, CoverageNote>>>>> = {
  iam: {
    AcceptDelegationRequest: { note: DELEGATION },
    AssociateDelegationRequest: { note: DELEGATION },
    CreateDelegationRequest: { note: DELEGATION },
    GetDelegationRequest: { note: DELEGATION },
    ListDelegationRequests: { note: DELEGATION },
    RejectDelegationRequest: { note: DELEGATION },
    SendDelegationToken: { note: DELEGATION },
    UpdateDelegationRequest: { note: DELEGATION },
    DisableOrganizationsRootCredentialsManagement: { note: ORGANIZATIONS },
    DisableOrganizationsRootSessions: { note: ORGANIZATIONS },
    EnableOrganizationsRootCredentialsManagement: { note: ORGANIZATIONS },
    EnableOrganizationsRootSessions: { note: ORGANIZATIONS },
    ListOrganizationsFeatures: { note: ORGANIZATIONS },
    GenerateOrganizationsAccessReport: { note: ORGANIZATIONS },
    GetOrganizationsAccessReport: { note: ORGANIZATIONS },
    DisableOutboundWebIdentityFederation: { note: OUTBOUND_FEDERATION },
    EnableOutboundWebIdentityFederation: { note: OUTBOUND_FEDERATION },
    GetOutboundWebIdentityFederationInfo: { note: OUTBOUND_FEDERATION },
    GenerateServiceLastAccessedDetails: { note: ACTIVITY },
    GetServiceLastAccessedDetails: { note: ACTIVITY },
    GetServiceLastAccessedDetailsWithEntities: { note: ACTIVITY },
    CreateSAMLProvider: { partial: "AddPrivateKey (encrypted SAML assertions) answers NotImplemented" },
    UpdateSAMLProvider: { partial: "AddPrivateKey/RemovePrivateKey (encrypted SAML assertions) answer NotImplemented" },
    GenerateCredentialReport: { partial: "the root row has no password history (password_last_used is no_information)" },
  },
  sts: {
    AssumeRoot: { note: `${ORGANIZATIONS} (centralized root access to member accounts)` },
    GetDelegatedAccessToken: { note: DELEGATION },
    GetWebIdentityToken: { note: OUTBOUND_FEDERATION },
    AssumeRoleWithSAML: { partial: "encrypted assertions are refused (send them unencrypted); signatures: exclusive C14N with RSA-SHA1/SHA-256/SHA-512" },
  },
  "cognito-idp": {
    SetUserPoolMfaConfig: { partial: "passkeys as MFA (WebAuthnConfiguration.FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION) answers NotImplemented" },
    SetUserMFAPreference: { partial: "WebAuthnMfaSettings (passkeys as MFA) answers NotImplemented" },
    AdminSetUserMFAPreference: { partial: "as SetUserMFAPreference" },
    CreateUserPool: { partial: CUSTOM_SENDERS },
    UpdateUserPool: { partial: CUSTOM_SENDERS },
  },
  "cognito-identity": {
    GetId: { partial: SOCIAL_LOGINS },
    GetCredentialsForIdentity: { partial: SOCIAL_LOGINS },
    GetOpenIdToken: { partial: SOCIAL_LOGINS },
    GetOpenIdTokenForDeveloperIdentity: { partial: SOCIAL_LOGINS },
    UnlinkIdentity: { partial: SOCIAL_LOGINS },
  },
};
