// Answers of the authorization server: redirects, JSON, and HTML pages with a strict Content-Security-Policy
// (nothing loads from anywhere, no script, one nonce'd style, no framing), plus its cookies. There is no
// form-action: browsers apply it to every redirect after a post, and a sign-in's chain of redirects ends at
// the app's callback (through a federated provider's pages, which cannot know it).
import { randomBytes } from "node:crypto";
import type { HttpAnswer, HttpRequest } from "../../operation.js";
import { shell } from "./pages/layout.js";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export function redirect(location: string, cookies: readonly string[] = []): HttpAnswer {
  return { status: 302, headers: { location, ...NO_STORE, ...(cookies.length && { "set-cookie": cookies }) } };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { "content-type": "application/json;charset=UTF-8", ...NO_STORE, ...headers }, body: JSON.stringify(body) };
}

/** An OAuth 2.0 error answer of a JSON endpoint (token, revoke): `{"error": …}`, as Cognito words it. */
export const oauthError = (error: string, status = 400, description?: string): HttpAnswer =>
  json(status, description ? { error, error_description: description } : { error });

export interface PageAnswer {
  readonly status?: number;
  readonly title: string;
  readonly body: (nonce: string) => string;
  readonly banner: string;
  readonly customCss?: string;
  readonly cookies?: readonly string[];
}

export function htmlPage(p: PageAnswer): HttpAnswer {
  const nonce = randomBytes(16).toString("base64");
  const csp = [
    "default-src 'none'", `style-src 'nonce-${nonce}'`, "img-src data:", "frame-ancestors 'none'", "base-uri 'none'",
  ].join("; ");
  // Referrer-Policy same-origin: the pages' own forms carry their Origin (which the transport checks), and
  // nothing of a sign-in's URL reaches the app or a provider.
  return {
    status: p.status ?? 200,
    headers: {
      "content-type": "text/html; charset=utf-8", "content-security-policy": csp, "x-frame-options": "DENY", "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin", ...NO_STORE, ...(p.cookies?.length && { "set-cookie": p.cookies }),
    },
    body: shell({ title: p.title, nonce, banner: p.banner, customCss: p.customCss, body: p.body(nonce) }),
  };
}

/** A cookie of the domain's own pages: scoped to its base path, never sent cross-site, unreadable to scripts. */
export function cookie(name: string, value: string, path: string, maxAgeSeconds?: number): string {
  const age = maxAgeSeconds === undefined ? "" : `; Max-Age=${maxAgeSeconds}`;
  return `${name}=${encodeURIComponent(value)}; Path=${path}; HttpOnly; SameSite=Lax${age}`;
}

export const expiredCookie = (name: string, path: string): string => `${name}=; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=0`;

/** `url` with `params` added to its query (or, for implicit grants, to its fragment). */
export function withParams(url: string, params: Readonly<Record<string, string | undefined>>, where: "query" | "fragment" = "query"): string {
  const text = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  if (!text) return url;
  if (where === "fragment") return `${url}#${text}`;
  return `${url}${url.includes("?") ? "&" : "?"}${text}`;
}

export function header(req: HttpRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The client id and secret of an `Authorization: Basic` header (RFC 6749 §2.3.1: form-encoded, then base64). */
export function basicCredentials(req: HttpRequest): { id: string; secret: string } | undefined | "malformed" {
  const value = header(req, "authorization");
  if (!value || !/^basic\s/i.test(value)) return undefined;
  const decoded = Buffer.from(value.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")) };
  } catch {
    return "malformed";
  }
}

export function bearerToken(req: HttpRequest): string | undefined {
  const value = header(req, "authorization");
  const m = value ? /^bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m?.[1];
}
