// Shared by the OAuth 2.0 / managed login tests: a pool with a domain and an OAuth app client, a cookie-keeping
// HTTP client that follows the authorization server's redirects and fills its forms as a browser would (by
// the fields' names), and aws-jwt-verify on every token.
import assert from "node:assert/strict";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolDomainCommand, type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { JwtRsaVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { UseEmulator } from "../../support/emulator.js";
import { cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

export const CALLBACK = "http://localhost:3000/callback";
export const SIGNED_OUT = "http://localhost:3000/signed-out";

/** The emulator as a browser on this machine reaches it (callback URLs may use http only for localhost). */
export const originOf = (emu: UseEmulator): string => emu.endpoint.replace("127.0.0.1", "localhost");

export interface OAuthPool { poolId: string; clientId: string; clientSecret?: string; domain: string; base: string; issuer: string }

export async function oauthPool(emu: UseEmulator, domain: string, pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}): Promise<OAuthPool> {
  const made = await makePool(emu, pool, {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code", "implicit"], AllowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
    CallbackURLs: [CALLBACK], LogoutURLs: [SIGNED_OUT], SupportedIdentityProviders: ["COGNITO"], ...client,
  });
  await cognito(emu).send(new CreateUserPoolDomainCommand({ UserPoolId: made.poolId, Domain: domain }));
  const origin = originOf(emu);
  return { ...made, domain, base: `${origin}/_cognito/${domain}.auth.us-east-1.amazoncognito.com`, issuer: `${origin}/${made.poolId}` };
}

export async function addUser(emu: UseEmulator, poolId: string, username: string, attributes: Record<string, string> = {}, password = PASSWORD): Promise<void> {
  const c = cognito(emu);
  await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS",
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) }));
  await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}

/** Cookies by name and path, sent where their path is a prefix of the request's (enough for one origin). */
export class CookieJar {
  private readonly cookies = new Map<string, { path: string; name: string; value: string }>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const path = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(`${path} ${name}`);
      else this.cookies.set(`${path} ${name}`, { path, name, value });
    }
  }
  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.values()].filter((c) => path.startsWith(c.path)).map((c) => `${c.name}=${c.value}`).join("; ");
  }
  get size(): number { return this.cookies.size; }
}

export interface Step { url: string; status: number; location?: string; html?: string }

/** One request with the jar's cookies; redirects are not followed (the caller decides). */
export async function visit(jar: CookieJar, url: string, form?: Record<string, string>): Promise<Step> {
  const res = await fetch(url, {
    method: form ? "POST" : "GET", redirect: "manual",
    headers: { cookie: jar.header(url), ...(form && { "content-type": "application/x-www-form-urlencoded" }) },
    body: form ? new URLSearchParams(form) : undefined,
  });
  jar.take(res);
  const type = res.headers.get("content-type") ?? "";
  return { url, status: res.status, location: res.headers.get("location") ?? undefined, html: type.startsWith("text/html") ? await res.text() : (await res.arrayBuffer(), undefined) };
}

const decode = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The page's form: where it posts and its hidden fields (the CSRF token, a challenge session). */
export function formOf(html: string): { action: string; hidden: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  assert.ok(action, `a form on the page:\n${html}`);
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[decode(m[1]!)] = decode(m[2]!);
  return { action: decode(action), hidden };
}

/** Follows redirects from `url` until one leaves the emulator (the app's callback) or a page is shown. */
export async function follow(jar: CookieJar, url: string, origin: string): Promise<Step> {
  let step = await visit(jar, url);
  for (let i = 0; i < 10 && step.location && new URL(step.location, url).href.startsWith(origin); i++) step = await visit(jar, new URL(step.location, step.url).href);
  return step;
}

/** The whole managed login as a person does it: authorize → the login page → username and password → callback. */
export async function signInThroughPages(jar: CookieJar, authorizeUrl: string, origin: string, username: string, password = PASSWORD): Promise<URL> {
  const page = await follow(jar, authorizeUrl, origin);
  if (page.location) return new URL(page.location);   // already signed in (the domain's cookie)
  assert.equal(page.status, 200, `the login page, got ${page.status}`);
  const { action, hidden } = formOf(page.html!);
  const answer = await visit(jar, action, { ...hidden, username, password });
  assert.equal(answer.status, 302, `a redirect after signing in, got ${answer.status}: ${answer.html?.match(/role="alert">([^<]*)/)?.[1] ?? ""}`);
  let location = new URL(answer.location!, action).href;
  // Further redirects inside the emulator (a federated provider's answer) are followed; the app's are not.
  if (location.startsWith(origin)) { const last = await follow(jar, location, origin); location = last.location ?? last.url; }
  return new URL(location);
}

/** aws-jwt-verify against the pool's JWKS: the token's signature, issuer, audience/client and use. */
export async function verifyToken(issuer: string, token: string, use: "id" | "access", clientId: string): Promise<Record<string, unknown>> {
  const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });
  const verifier = use === "id"
    ? JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri: `${issuer}/.well-known/jwks.json` }, { jwksCache })
    : JwtRsaVerifier.create({ issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => { if (payload.client_id !== clientId || payload.token_use !== "access") throw new Error("not this client's access token"); } }, { jwksCache });
  return await verifier.verify(token) as Record<string, unknown>;
}
