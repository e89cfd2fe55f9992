// The wire shapes of the emulator's own API that the extension reads: GET /_emulator/resources and
// GET /_emulator/decisions. Types only (nothing runs), so the extension may import them without importing
// the server; src/server/admin-resources.ts builds exactly these.
export interface PolicyRef { readonly name: string; readonly arn: string }
export interface TagEntry { readonly key: string; readonly value: string }

export interface AccessKeyEntry { readonly id: string; readonly status: "Active" | "Inactive"; readonly createDate: string; readonly lastUsedDate?: string }

export interface UserEntry {
  readonly name: string; readonly id: string; readonly arn: string; readonly path: string; readonly createDate: string;
  readonly passwordLastUsed?: string;
  readonly consolePassword: boolean;
  readonly mfaDevices: readonly string[];
  readonly accessKeys: readonly AccessKeyEntry[];
  readonly groups: readonly string[];
  readonly attachedPolicies: readonly PolicyRef[];
  readonly inlinePolicies: readonly string[];
  readonly boundary?: PolicyRef;
  readonly tags: readonly TagEntry[];
}

export interface GroupEntry {
  readonly name: string; readonly id: string; readonly arn: string; readonly path: string; readonly createDate: string;
  readonly members: readonly string[];
  readonly attachedPolicies: readonly PolicyRef[];
  readonly inlinePolicies: readonly string[];
}

export interface RoleEntry {
  readonly name: string; readonly id: string; readonly arn: string; readonly path: string; readonly createDate: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  /** The trust policy document as the client sent it (JSON text). */
  readonly trustPolicy: string;
  readonly attachedPolicies: readonly PolicyRef[];
  readonly inlinePolicies: readonly string[];
  readonly boundary?: PolicyRef;
  readonly instanceProfiles: readonly string[];
  readonly lastUsed?: { readonly date?: string; readonly region?: string };
  readonly serviceLinked?: string;
  readonly tags: readonly TagEntry[];
}

export interface PolicyVersionEntry { readonly id: string; readonly isDefault: boolean; readonly createDate: string }

export interface PolicyEntry {
  readonly name: string; readonly arn: string; readonly path: string;
  readonly awsManaged: boolean;
  readonly id?: string;
  readonly description?: string;
  readonly createDate?: string;
  readonly updateDate?: string;
  readonly defaultVersionId?: string;
  /** Users, groups and roles it is attached to. */
  readonly attachmentCount: number;
  /** Customer-managed only (AWS-managed ones show their default version alone). */
  readonly versions: readonly PolicyVersionEntry[];
}

export interface OidcProviderEntry { readonly arn: string; readonly url: string; readonly clientIds: readonly string[]; readonly createDate: string }
export interface SamlProviderEntry { readonly arn: string; readonly name: string; readonly createDate: string; readonly validUntil: string }

/** An app client's OAuth 2.0 settings, when AllowedOAuthFlowsUserPoolClient is on. */
export interface PoolClientOAuth {
  readonly flows: readonly string[];
  readonly scopes: readonly string[];
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly identityProviders: readonly string[];
}
export interface PoolClientEntry {
  readonly id: string; readonly name: string; readonly hasSecret: boolean; readonly createDate: string; readonly authFlows: readonly string[];
  readonly oauth?: PoolClientOAuth;
}
export interface PoolUserEntry {
  readonly username: string; readonly sub: string; readonly status: string; readonly enabled: boolean;
  readonly email?: string; readonly createDate: string; readonly groups: readonly string[];
}
export interface PoolGroupEntry { readonly name: string; readonly description?: string; readonly precedence?: number; readonly roleArn?: string; readonly members: number }

/** Every URL of a pool's authorization server, as the emulator serves it (services/cognito/urls.ts). */
export interface PoolOAuthUrls {
  readonly issuer: string; readonly discovery: string; readonly jwks: string;
  readonly authorize: string; readonly token: string; readonly userInfo: string; readonly revoke: string; readonly logout: string; readonly login: string;
}
export interface PoolDomainEntry {
  readonly domain: string;
  /** Where the domain is served: its https://<host> on AWS. */
  readonly baseUrl: string;
  readonly custom: boolean;
  readonly managedLoginVersion: number;
  readonly urls: PoolOAuthUrls;
}
export interface ResourceServerEntry { readonly identifier: string; readonly name: string; readonly scopes: readonly string[] }
export interface PoolIdentityProviderEntry { readonly name: string; readonly type: string; readonly identifiers: readonly string[] }

export interface UserPoolEntry {
  readonly id: string; readonly name: string; readonly arn: string; readonly region: string; readonly createDate: string;
  readonly mfa: string;
  readonly clients: readonly PoolClientEntry[];
  readonly users: readonly PoolUserEntry[];
  readonly groups: readonly PoolGroupEntry[];
  readonly domain?: PoolDomainEntry;
  readonly resourceServers: readonly ResourceServerEntry[];
  readonly identityProviders: readonly PoolIdentityProviderEntry[];
}

export interface IdentityEntry {
  readonly id: string;
  /** The providers it signs in with; none for a guest (unauthenticated) identity. */
  readonly logins: readonly string[];
  readonly createDate: string;
  readonly lastModifiedDate: string;
}

export interface IdentityPoolEntry {
  readonly id: string; readonly name: string; readonly arn: string; readonly region: string; readonly createDate: string;
  readonly allowUnauthenticated: boolean;
  readonly allowClassicFlow: boolean;
  /** User pools ("cognito-idp.REGION.amazonaws.com/POOL:CLIENT"), OIDC issuers, SAML provider ARNs, social and developer providers. */
  readonly providers: readonly string[];
  readonly roles: { readonly authenticated?: string; readonly unauthenticated?: string };
  /** Providers with a role mapping, and its type. */
  readonly roleMappings: readonly { readonly provider: string; readonly type: string }[];
  readonly identityCount: number;
  /** The first 200 identities in id order (identityCount says how many there are). */
  readonly identities: readonly IdentityEntry[];
}

export interface ResourcesSnapshot {
  readonly accountId: string;
  readonly region: string;
  readonly mode: string;
  readonly users: readonly UserEntry[];
  readonly groups: readonly GroupEntry[];
  readonly roles: readonly RoleEntry[];
  readonly policies: readonly PolicyEntry[];
  readonly oidcProviders: readonly OidcProviderEntry[];
  readonly samlProviders: readonly SamlProviderEntry[];
  readonly userPools: readonly UserPoolEntry[];
  readonly identityPools: readonly IdentityPoolEntry[];
}

/** One entry of GET /_emulator/decisions (enforce mode), newest first. */
export interface DecisionSummary {
  readonly id: number;
  readonly time: string;
  readonly requestId: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: "allowed" | "explicitDeny" | "implicitDeny";
  readonly summary: string;
  /** Denials: what STS DecodeAuthorizationMessage decodes back into the explanation. */
  readonly encodedMessage?: string;
}
