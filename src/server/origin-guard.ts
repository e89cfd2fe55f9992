// What a browser may do, decided once for every request from its request line and headers alone (before
// any body is read or any route is chosen): the Host must be one of the emulator's own names (DNS
// rebinding), a page's Origin — or, failing that, its Referer — must be allowed, and a browser request
// that hides both is refused. Allowed origins get CORS as AWS endpoints answer it: preflights, and
// Allow-Origin and Expose-Headers on every answer, errors included.
import { hostname as machineName } from "node:os";
import { isIP } from "node:net";

/** The part of a request the guard reads. */
export interface GuardedHead {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface GuardSettings {
  /** The address the emulator listens on (--host). */
  readonly host: string;
  readonly allowOrigins: readonly string[];
  readonly allowHosts: readonly string[];
}

export type GuardVerdict =
  /** Serve it; `headers` go on the answer, whatever it is. */
  | { readonly kind: "pass"; readonly headers: Readonly<Record<string, string>> }
  /** A CORS preflight from an allowed origin: answer it now with these headers. */
  | { readonly kind: "preflight"; readonly headers: Readonly<Record<string, string>> }
  /** Refused before it has any effect; `message` names the setting that would allow it. */
  | { readonly kind: "refuse"; readonly message: string };

export const ORIGIN_SETTING = "--allow-origin (AWS_IDENTITY_EMULATOR_ALLOW_ORIGINS, VS Code setting awsIdentityEmulator.allowedOrigins)";
export const HOST_SETTING = "--allow-host (AWS_IDENTITY_EMULATOR_ALLOW_HOSTS, VS Code setting awsIdentityEmulator.allowedHosts)";

/** What AWS endpoints let a page read from an answer: request ids, error types, S3's ids and ETag. */
const EXPOSED = [
  "x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "x-amz-request-id", "x-amz-id-2", "x-amz-version-id",
  "x-amzn-authorization-message", "ETag", "Date", "Content-Length",
].join(", ");
const METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
/** A day: the longest any browser keeps a preflight's answer. */
const PREFLIGHT_MAX_AGE = "86400";
/** localhost and its subdomains (browsers resolve them to loopback), 127.0.0.0/8, [::1]. */
const LOOPBACK_NAMES = /^((.+\.)?localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export class OriginGuard {
  private readonly origins: readonly RegExp[];
  private readonly anyOrigin: boolean;
  private readonly names: readonly RegExp[];
  private readonly anyHost: boolean;

  constructor(settings: GuardSettings) {
    this.anyOrigin = settings.allowOrigins.includes("*");
    this.origins = settings.allowOrigins.filter((o) => o !== "*").map(originPattern);
    this.anyHost = settings.allowHosts.includes("*");
    const names = [...settings.allowHosts.filter((h) => h !== "*")];
    if (isIP(settings.host) === 0) names.push(settings.host);
    // Listening beyond loopback, the machine's own name is one of the emulator's names too.
    else if (!isLoopbackAddress(settings.host)) names.push(machineName());
    this.names = names.map(namePattern);
  }

  check(head: GuardedHead): GuardVerdict {
    const host = one(head.headers.host);
    if (host !== undefined && !this.isOwnHost(host)) {
      return {
        kind: "refuse",
        message: `Host ${host} is not a name of this emulator, so the request is refused: a page may not reach it through a ` +
          `DNS name it controls (DNS rebinding). It answers to localhost, *.localhost, IP addresses, its --host and the names ` +
          `you allow with ${HOST_SETTING}, e.g. host.docker.internal or a Docker service name.`,
      };
    }
    const origin = one(head.headers.origin);
    const referer = origin === undefined ? one(head.headers.referer) : undefined;
    const claimed = origin ?? (referer === undefined ? undefined : refererOrigin(referer));
    if (claimed === undefined) {
      // A browser always says which site a request comes from (Sec-Fetch-Site); one that hides the page's
      // origin too (no Origin, a no-referrer policy) cannot be checked, so it is not let in.
      const site = one(head.headers["sec-fetch-site"]);
      if (site === "cross-site" || site === "same-site") {
        return { kind: "refuse", message: `A page whose origin is hidden (no Origin or Referer) may not call the emulator. Browsers may call it from loopback origins and the origins you allow with ${ORIGIN_SETTING}.` };
      }
      return { kind: "pass", headers: {} };
    }
    if (!this.isAllowedOrigin(claimed, host)) {
      return {
        kind: "refuse",
        message: `Origin ${claimed} may not call the emulator: browsers may call it only from loopback origins ` +
          `(http://localhost:*, http://127.0.0.1:*, http://[::1]:*, http://*.localhost:*) and from the origins you allow with ${ORIGIN_SETTING}.`,
      };
    }
    // A Referer proves where a request comes from, but only an Origin asks for CORS.
    if (origin === undefined) return { kind: "pass", headers: {} };
    const cors = { "access-control-allow-origin": origin, vary: "Origin" };
    const requestedMethod = one(head.headers["access-control-request-method"]);
    if (head.method === "OPTIONS" && requestedMethod !== undefined) {
      const requestedHeaders = one(head.headers["access-control-request-headers"]);
      return {
        kind: "preflight",
        headers: {
          ...cors,
          "access-control-allow-methods": METHODS,
          // Whatever the SDK sends (authorization, x-amz-*, amz-sdk-*, content-type): echoed, as names only.
          ...(requestedHeaders && /^[\w-]+(\s*,\s*[\w-]+)*$/.test(requestedHeaders.trim()) && { "access-control-allow-headers": requestedHeaders.trim() }),
          "access-control-max-age": PREFLIGHT_MAX_AGE,
          // Chromium's Private Network Access: a public page (an allowed https origin) asking for localhost.
          ...(one(head.headers["access-control-request-private-network"]) === "true" && { "access-control-allow-private-network": "true" }),
        },
      };
    }
    return { kind: "pass", headers: { ...cors, "access-control-expose-headers": EXPOSED } };
  }

  private isOwnHost(host: string): boolean {
    if (this.anyHost) return true;
    const name = hostName(host).toLowerCase();
    // An address is never a DNS name a page controls; loopback names always mean this machine.
    if (isIP(name.replace(/^\[|\]$/g, "")) !== 0 || LOOPBACK_NAMES.test(name)) return true;
    return this.names.some((p) => p.test(name));
  }

  private isAllowedOrigin(origin: string, host: string | undefined): boolean {
    if (this.anyOrigin) return true;
    const normalized = origin.toLowerCase();
    // The emulator's own pages (the Host is already known to be its own).
    if (host !== undefined && normalized === `http://${host.toLowerCase()}`) return true;
    if (isLoopbackOrigin(normalized)) return true;
    return this.origins.some((p) => p.test(normalized));
  }
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The Host header without its port. */
function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.indexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

function refererOrigin(referer: string): string {
  try {
    return new URL(referer).origin;
  } catch {
    return referer;
  }
}

function isLoopbackOrigin(origin: string): boolean {
  const m = /^(?:https?):\/\/(\[[^\]]+\]|[^:/]+)(?::\d+)?$/.exec(origin);
  return m !== null && LOOPBACK_NAMES.test(m[1]!);
}

/** True for an address only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackAddress(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address === "localhost";
}

/** Regular-expression syntax escaped, except `*`, which the patterns below give a meaning. */
const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** `https://*.example.test`, `http://localhost:*`: `*` is any labels in the name, and any port or none after ':'. */
function originPattern(pattern: string): RegExp {
  const lower = pattern.toLowerCase();
  const anyPort = lower.endsWith(":*");
  const base = anyPort ? lower.slice(0, -2) : lower;
  return new RegExp(`^${escapeRegExp(base).replace(/\*/g, "[^/:]*")}${anyPort ? "(?::\\d+)?" : ""}$`);
}

/** `host.docker.internal`, `*.example.test` (any subdomain, not the name itself). */
function namePattern(name: string): RegExp {
  return new RegExp(`^${escapeRegExp(name.toLowerCase()).replace(/\*/g, "[^:]+")}$`);
}
