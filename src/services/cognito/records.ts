// Every Cognito table and record shape. Cognito is per region: every table is regional, keyed by pool id
// first ("<poolId>\0…") so a pool's rows are read with withPrefix() and deleted together.
import type { AccountStore, Collection } from "../../store/store.js";

export interface AttributeType { readonly Name: string; readonly Value?: string }
export interface SchemaAttribute {
  readonly Name: string;
  readonly AttributeDataType?: string;
  readonly DeveloperOnlyAttribute?: boolean;
  readonly Mutable?: boolean;
  readonly Required?: boolean;
  readonly NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
  readonly StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
}

export interface PasswordPolicy {
  readonly MinimumLength: number;
  readonly RequireUppercase: boolean;
  readonly RequireLowercase: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireSymbols: boolean;
  readonly TemporaryPasswordValidityDays: number;
  readonly PasswordHistorySize?: number;
}

/** The pool's signing key: one RSA pair per pool, private half kept as a JWK. */
export interface SigningKey { readonly kid: string; readonly privateJwk: Record<string, unknown>; readonly publicJwk: Record<string, unknown> }

export interface PoolRecord {
  readonly Id: string;
  readonly Name: string;
  readonly Arn: string;
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
  /** Everything else UserPoolType describes, as the client set it (DescribeUserPool returns it). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly passwordPolicy: PasswordPolicy;
  readonly schema: readonly SchemaAttribute[];
  readonly MfaConfiguration: "OFF" | "ON" | "OPTIONAL";
  readonly softwareTokenMfaEnabled: boolean;
  /** SetUserPoolMfaConfig's SmsMfaConfiguration and EmailMfaConfiguration: set when the factor is on. */
  readonly smsMfa?: { readonly SmsAuthenticationMessage?: string; readonly SmsConfiguration?: Readonly<Record<string, unknown>> };
  readonly emailMfa?: { readonly Message?: string; readonly Subject?: string };
  /** SetUserPoolMfaConfig's WebAuthnConfiguration (passkeys). */
  readonly webAuthn?: { readonly RelyingPartyId?: string; readonly UserVerification: "required" | "preferred"; readonly FactorConfiguration?: string };
  readonly signingKey: SigningKey;
  /** AES key sealing challenge sessions and SRP secret blocks (base64), so they need no table. */
  readonly sessionKey: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ClientRecord {
  readonly UserPoolId: string;
  readonly ClientId: string;
  readonly ClientName: string;
  readonly ClientSecret?: string;
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
  /** UserPoolClientType's other members as set (validities, flows, OAuth settings). */
  readonly settings: Readonly<Record<string, unknown>>;
}

export type MfaFactor = "SOFTWARE_TOKEN_MFA" | "SMS_MFA" | "EMAIL_OTP";

export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED" | "ARCHIVED" | "COMPROMISED" | "EXTERNAL_PROVIDER";

/** The SRP verifier: v = g^x mod N, x = H(salt | H(poolName | username | ":" | password)). Hex. */
export interface Verifier { readonly salt: string; readonly verifier: string }

export interface UserRecord {
  readonly Username: string;
  readonly sub: string;
  readonly Attributes: readonly AttributeType[];
  readonly UserCreateDate: string;
  readonly UserLastModifiedDate: string;
  readonly Enabled: boolean;
  readonly UserStatus: UserStatus;
  readonly password?: Verifier;
  /** When a temporary password (AdminCreateUser) stops working. */
  readonly temporaryPasswordExpires?: string;
  /** TOTP: the secret being set up (AssociateSoftwareToken) and the verified one. Base32. */
  readonly totpPending?: string;
  readonly totpSecret?: string;
  readonly totpEnabled?: boolean;
  /** SMS and email MFA, switched on per user (SetUserMFAPreference, or a migration's enableSMSMFA). */
  readonly smsMfaEnabled?: boolean;
  readonly emailMfaEnabled?: boolean;
  readonly preferredMfa?: MfaFactor;
  /** Last TOTP time step accepted, so one code signs in once. */
  readonly totpLastStep?: number;
}

export interface GroupRecord {
  readonly GroupName: string;
  readonly UserPoolId: string;
  readonly Description?: string;
  readonly RoleArn?: string;
  readonly Precedence?: number;
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
}

/** What a code is for: AUTHENTICATION is an MFA or passwordless sign-in code, INVITATION an admin-created user's temporary password. */
export type CodePurpose = "SIGN_UP" | "FORGOT_PASSWORD" | "VERIFY_ATTRIBUTE" | "AUTHENTICATION" | "INVITATION";

/** A code sent (to the log and the emulator's endpoint: no mail leaves) for sign-up, reset, verification or sign-in. */
export interface CodeRecord {
  readonly poolId: string;
  readonly username: string;
  readonly purpose: CodePurpose;
  readonly code: string;
  readonly attribute?: string;
  readonly destination?: string;
  /** The message a user would receive: the pool's template or the custom message trigger's text, code filled in. */
  readonly message?: string;
  readonly subject?: string;
  readonly deliveryMedium?: "EMAIL" | "SMS";
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** One sign-in: the refresh token's state; id and access tokens carry its id as origin_jti. */
export interface SessionRecord {
  readonly poolId: string;
  readonly sub: string;
  readonly originJti: string;
  readonly clientId: string;
  readonly username: string;
  readonly authTime: number;
  /** The refresh token's secret part (compared on REFRESH_TOKEN_AUTH). */
  readonly secret: string;
  readonly refreshExpiresAt: number;
  /** OAuth 2.0 grants: the scopes granted (tokens then carry OAuth's claims); absent for API sign-ins. */
  readonly scopes?: readonly string[];
  /** A device this sign-in may confirm (NewDeviceMetadata), until ConfirmDevice does. */
  readonly pendingDevice?: { readonly key: string; readonly groupKey: string };
}

/** A user pool domain: a prefix ("myapp") or a custom domain ("auth.example.com"), one per pool. */
export interface DomainRecord {
  readonly UserPoolId: string;
  readonly Domain: string;
  /** The host AWS would serve it at (see urls.ts): the path segment of its base URL here. */
  readonly host: string;
  readonly CustomDomainConfig?: { readonly CertificateArn: string };
  readonly ManagedLoginVersion: number;
  readonly Version: string;
}

export interface ResourceServerScope { readonly ScopeName: string; readonly ScopeDescription: string }
export interface ResourceServerRecord {
  readonly UserPoolId: string;
  readonly Identifier: string;
  readonly Name: string;
  readonly Scopes: readonly ResourceServerScope[];
}

export type ProviderType = "SAML" | "Facebook" | "Google" | "LoginWithAmazon" | "SignInWithApple" | "OIDC";

export interface IdentityProviderRecord {
  readonly UserPoolId: string;
  readonly ProviderName: string;
  readonly ProviderType: ProviderType;
  readonly ProviderDetails: Readonly<Record<string, string>>;
  readonly AttributeMapping: Readonly<Record<string, string>>;
  readonly IdpIdentifiers: readonly string[];
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
  /** SAML: the metadata document (from MetadataFile, or fetched from MetadataURL), whose certificates sign assertions. */
  readonly samlMetadata?: string;
}

/** A passkey a user registered (CompleteWebAuthnRegistration): what ListWebAuthnCredentials describes, and its key. */
export interface WebAuthnCredentialRecord {
  readonly CredentialId: string;
  readonly FriendlyCredentialName: string;
  readonly RelyingPartyId: string;
  readonly AuthenticatorAttachment?: string;
  readonly AuthenticatorTransports: readonly string[];
  readonly CreatedAt: string;
  readonly publicKey: Readonly<Record<string, string>>;
  /** COSE algorithm: -7 ES256, -257 RS256, -8 EdDSA. */
  readonly alg: number;
  readonly signCount: number;
}

/** StartWebAuthnRegistration's challenge, until CompleteWebAuthnRegistration answers it (one per user). */
export interface WebAuthnRegistrationRecord {
  readonly challenge: string;
  readonly clientId: string;
  readonly rpId: string;
  readonly userVerification: "required" | "preferred";
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** AdminLinkProviderForUser: the user a provider's identity signs in as, instead of "<provider>_<id>". */
export interface ProviderLinkRecord {
  /** The destination user's username key. */
  readonly userKey: string;
  /** Milliseconds since the epoch, as the `identities` attribute writes dateCreated. */
  readonly dateCreated: number;
}

/** An authorization code the token endpoint exchanges once, within five minutes. */
export interface AuthorizationCodeRecord {
  readonly poolId: string;
  readonly clientId: string;
  readonly userKey: string;
  readonly sub: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly nonce?: string;
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: "S256" | "plain";
  readonly authTime: number;
  readonly expiresAt: number;
}

/** Managed login branding and classic UI customization: stored and returned as given (see branding.ts). */
export interface BrandingRecord {
  readonly ManagedLoginBrandingId: string;
  readonly UserPoolId: string;
  readonly ClientId: string;
  readonly UseCognitoProvidedValues: boolean;
  readonly Settings?: unknown;
  readonly Assets: readonly Record<string, unknown>[];
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
}
export interface UiCustomizationRecord {
  readonly UserPoolId: string;
  readonly ClientId: string;
  readonly CSS?: string;
  readonly ImageFile?: string;
  readonly CSSVersion: string;
  readonly CreationDate: string;
  readonly LastModifiedDate: string;
}

/** A device a user signed in on and confirmed (ConfirmDevice); remembered ones sign in with device SRP. */
export interface DeviceRecord {
  readonly deviceKey: string;
  readonly groupKey: string;
  readonly sub: string;
  readonly name?: string;
  readonly status: "remembered" | "not_remembered";
  /** The device's SRP verifier (hex), from DeviceSecretVerifierConfig. */
  readonly verifier: Verifier;
  readonly createdAt: string;
  readonly modifiedAt: string;
  readonly lastAuthenticatedAt: string;
  readonly lastIp?: string;
}

export const key = (...parts: string[]): string => parts.join("\u0000");

const regional = <T>(name: string) => (store: AccountStore): Collection<T> => store.regional<T>("cognito-idp", name);

export const cognitoTables = {
  pools: regional<PoolRecord>("pools"),
  /** "<poolId>\0<clientId>" */
  clients: regional<ClientRecord>("clients"),
  /** "<poolId>\0<username key>" (lower-cased unless the pool is case sensitive) */
  users: regional<UserRecord>("users"),
  /** "<poolId>\0<attribute>\0<value>" → username key: sub, and email/phone/preferred_username sign-in aliases. */
  aliases: regional<string>("userAliases"),
  /** "<poolId>\0<group>" */
  groups: regional<GroupRecord>("groups"),
  /** "<poolId>\0<group>\0<username key>" and the reverse index "<poolId>\0<username key>\0<group>". */
  groupMembers: regional<true>("groupMembers"),
  userGroups: regional<true>("userGroups"),
  /** "<poolId>\0<username key>\0<purpose>[\0attribute]" */
  codes: regional<CodeRecord>("codes"),
  /** "<poolId>\0<sub>\0<originJti>" */
  sessions: regional<SessionRecord>("sessions"),
  /** "<poolId>\0<domain>" (one per pool) */
  domains: regional<DomainRecord>("domains"),
  /** "<poolId>\0<identifier>" */
  resourceServers: regional<ResourceServerRecord>("resourceServers"),
  /** "<poolId>\0<provider name>" */
  identityProviders: regional<IdentityProviderRecord>("identityProviders"),
  /** "<poolId>\0<username key>\0<credential id>" */
  webAuthnCredentials: regional<WebAuthnCredentialRecord>("webAuthnCredentials"),
  /** "<poolId>\0<username key>" */
  webAuthnRegistrations: regional<WebAuthnRegistrationRecord>("webAuthnRegistrations"),
  /** "<poolId>\0<username key>\0<challenge>": a WEB_AUTHN sign-in's challenge, until answered once. */
  webAuthnChallenges: regional<{ readonly expiresAt: number }>("webAuthnChallenges"),
  /** "<poolId>\0<provider name>\0<attribute name>\0<value>": Cognito_Subject, or a SAML attribute the link matches. */
  providerLinks: regional<ProviderLinkRecord>("providerLinks"),
  /** "<poolId>\0<code>" */
  authorizationCodes: regional<AuthorizationCodeRecord>("authorizationCodes"),
  /** "<poolId>\0<branding id>" */
  brandings: regional<BrandingRecord>("managedLoginBrandings"),
  /** "<poolId>\0<client id, or ALL for the pool's default>" */
  uiCustomizations: regional<UiCustomizationRecord>("uiCustomizations"),
  /** "<poolId>\0<username key>\0<device key>" */
  devices: regional<DeviceRecord>("devices"),
};

/** Where a pool or client lives: client ids and pool ids are global, and the unsigned user APIs
 * (InitiateAuth, GetUser, …) name only a client or carry only a token. */
export interface Location { readonly accountId: string; readonly region: string; readonly poolId: string }

export const cognitoIndexes = {
  /** pool id → its account and region */
  pools: (store: AccountStore): Collection<Location> => store.global<Location>("cognito-idp/pools"),
  /** client id → its pool */
  clients: (store: AccountStore): Collection<Location> => store.global<Location>("cognito-idp/clients"),
  /** domain host (see urls.ts) → its pool: a prefix is unique in its region, a custom domain everywhere */
  domains: (store: AccountStore): Collection<Location> => store.global<Location>("cognito-idp/domains"),
};
