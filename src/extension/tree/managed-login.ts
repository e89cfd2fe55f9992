// What "Open Managed Login" and "Copy OAuth URL…" offer for a pool, as data (no `vscode` import): the app
// clients that can sign in through the domain's pages, the login page URL for one of them, and the pool's
// OAuth 2.0 URLs by name. The URLs themselves come from the emulator's snapshot (services/cognito/urls.ts).
import type { PoolClientEntry, PoolDomainEntry } from "./resource-snapshot.js";

/** Clients whose users sign in at the managed login: code or implicit flow, with a callback URL. */
export function loginClients(clients: readonly PoolClientEntry[]): PoolClientEntry[] {
  return clients.filter((c) => c.oauth && c.oauth.callbackUrls.length > 0 && c.oauth.flows.some((f) => f === "code" || f === "implicit"));
}

/** The managed login page for `client`, as /oauth2/authorize would send a browser there. */
export function managedLoginUrl(domain: PoolDomainEntry, client: PoolClientEntry): string {
  const oauth = client.oauth!;
  const params = new URLSearchParams({
    client_id: client.id, response_type: oauth.flows.includes("code") ? "code" : "token", redirect_uri: oauth.callbackUrls[0]!,
  });
  if (oauth.scopes.length) params.set("scope", oauth.scopes.join(" "));
  return `${domain.urls.login}?${params}`;
}

export function oauthUrlItems(domain: PoolDomainEntry): { label: string; url: string }[] {
  const u = domain.urls;
  return [
    { label: "Issuer", url: u.issuer }, { label: "OpenID configuration (discovery)", url: u.discovery }, { label: "JWKS", url: u.jwks },
    { label: "Authorize endpoint", url: u.authorize }, { label: "Token endpoint", url: u.token }, { label: "UserInfo endpoint", url: u.userInfo },
    { label: "Revoke endpoint", url: u.revoke }, { label: "Logout endpoint", url: u.logout }, { label: "Domain base URL", url: domain.baseUrl },
  ];
}
