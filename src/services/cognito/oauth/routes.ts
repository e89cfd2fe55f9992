// The authorization server of every pool domain, at <origin>/_cognito/<domain host>/… (urls.ts): the route
// finds the domain's pool (in its own account and region) and hands the request to its endpoint.
import type { HttpAnswer, HttpRequest, HttpRoute, HttpRouteContext } from "../../operation.js";
import { locateDomain } from "../domains.js";
import { DOMAIN_PATH_PREFIX, domainUrls } from "../urls.js";
import { parseAuthorizeRequest } from "./authorize-request.js";
import { oidcResponse, samlResponse, withoutLoginPage } from "./federation.js";
import type { DomainContext } from "./grant.js";
import { htmlPage, redirect } from "./http.js";
import { errorPageAnswer, LOGIN_PAGES, loginPage } from "./login.js";
import { logoutEndpoint } from "./logout.js";
import { errorBody } from "./pages/forms.js";
import { revokeEndpoint, tokenEndpoint } from "./token.js";
import { userInfoEndpoint } from "./user-info.js";
import { wellKnownRoutes } from "./well-known.js";

type Endpoint = (d: DomainContext, req: HttpRequest) => HttpAnswer | Promise<HttpAnswer>;

/** path → method → endpoint; a path with other methods answers 405. */
const ENDPOINTS: Record<string, Record<string, Endpoint>> = {
  "/oauth2/authorize": { GET: authorize },
  "/oauth2/token": { POST: tokenEndpoint },
  "/oauth2/userInfo": { GET: userInfoEndpoint, POST: userInfoEndpoint },
  "/oauth2/revoke": { POST: revokeEndpoint },
  "/oauth2/idpresponse": { GET: oidcResponse },
  "/saml2/idpresponse": { POST: samlResponse },
  "/logout": { GET: logoutEndpoint },
  "/error": { GET: errorPageAnswer },
};

/** GET /oauth2/authorize: straight to the identity provider it names, or signed in by the domain's cookie,
 * or on to the login page with the same parameters. */
async function authorize(d: DomainContext, req: HttpRequest): Promise<HttpAnswer> {
  const parsed = parseAuthorizeRequest(d.ctx.store, d.pool, d.urls, req.query);
  if ("answer" in parsed) return parsed.answer;
  return (await withoutLoginPage(d, req, parsed.request)) ?? redirect(`${d.urls.login}?${parsed.request.query}`);
}

function notFound(title: string, message: string): HttpAnswer {
  return htmlPage({ status: 404, title: "Not found", banner: "AWS Identity Emulator", body: () => errorBody({ title, message }) });
}

async function serveDomain(match: RegExpMatchArray, req: HttpRequest, ctx: HttpRouteContext): Promise<HttpAnswer | undefined> {
  let host: string;
  try { host = decodeURIComponent(match[1]!).toLowerCase(); } catch { return notFound("No such domain", "The domain name in this URL is not valid."); }
  const found = locateDomain(ctx.store, host);
  if (!found) return notFound("No such domain", `No user pool has the domain ${host}. Create it with CreateUserPoolDomain.`);
  const urls = domainUrls(ctx.origin, found.domain.host);
  const d: DomainContext = { ctx: { ...ctx, store: found.store }, pool: found.pool, domain: found.domain, urls, cookiePath: new URL(urls.base).pathname };
  const path = match[2] || "/";
  const page = path.slice(1);
  if (LOGIN_PAGES.has(page)) return (await loginPage(d, req, page)) ?? methodNotAllowed(["GET", "POST"]);
  const endpoint = ENDPOINTS[path];
  if (!endpoint) return notFound("Not found", `${path} is not an endpoint of this domain.`);
  const handler = endpoint[req.method];
  return handler ? handler(d, req) : methodNotAllowed(Object.keys(endpoint));
}

function methodNotAllowed(methods: readonly string[]): HttpAnswer {
  return { status: 405, headers: { allow: methods.join(", "), "content-type": "text/plain" }, body: `Method not allowed: use ${methods.join(" or ")}.` };
}

export const oauthRoutes: readonly HttpRoute[] = [
  ...wellKnownRoutes,
  { methods: ["GET", "POST"], pattern: new RegExp(`^${DOMAIN_PATH_PREFIX}([^/]+)(/[^?]*)?$`), handle: serveDomain },
];
