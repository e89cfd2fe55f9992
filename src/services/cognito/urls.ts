// Every URL Cognito names — a pool's issuer, JWKS and discovery document, and its domain's OAuth 2.0
// endpoints and managed login pages — computed here, from how the client reached the emulator (`origin`,
// e.g. "http://localhost:4566"), so tokens, discovery, redirects and the admin API never disagree.
//
// A domain is served on the emulator's own address, with no DNS or hosts-file change: the real domain's
// host name becomes a path segment. https://myapp.auth.us-east-1.amazoncognito.com/oauth2/token is
// http://localhost:4566/_cognito/myapp.auth.us-east-1.amazoncognito.com/oauth2/token here. A leading "_"
// can never be an S3 bucket name, so the path never shadows a forwarded request.

export const DOMAIN_PATH_PREFIX = "/_cognito/";

export const issuerOf = (origin: string, poolId: string): string => `${origin}/${poolId}`;

export interface PoolUrls { readonly issuer: string; readonly jwksUri: string; readonly discovery: string }

export function poolUrls(origin: string, poolId: string): PoolUrls {
  const issuer = issuerOf(origin, poolId);
  return { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, discovery: `${issuer}/.well-known/openid-configuration` };
}

/** A prefix domain ("myapp") is the host "myapp.auth.<region>.amazoncognito.com"; a custom domain is its own host. */
export const isCustomDomain = (domain: string): boolean => domain.includes(".");

export function domainHost(domain: string, region: string): string {
  return isCustomDomain(domain) ? domain : `${domain}.auth.${region}.amazoncognito.com`;
}

/** The domain's base URL on the emulator: what https://<host> is on AWS. */
export const domainBaseUrl = (origin: string, host: string): string => `${origin}${DOMAIN_PATH_PREFIX}${host}`;

export interface DomainUrls {
  readonly base: string;
  readonly authorize: string;
  readonly token: string;
  readonly userInfo: string;
  readonly revoke: string;
  readonly logout: string;
  readonly login: string;
  readonly idpResponse: string;
  readonly saml2IdpResponse: string;
}

export function domainUrls(origin: string, host: string): DomainUrls {
  const base = domainBaseUrl(origin, host);
  return {
    base,
    authorize: `${base}/oauth2/authorize`,
    token: `${base}/oauth2/token`,
    userInfo: `${base}/oauth2/userInfo`,
    revoke: `${base}/oauth2/revoke`,
    logout: `${base}/logout`,
    login: `${base}/login`,
    idpResponse: `${base}/oauth2/idpresponse`,
    saml2IdpResponse: `${base}/saml2/idpresponse`,
  };
}
