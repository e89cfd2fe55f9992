// GET /<poolId>/.well-known/jwks.json and /<poolId>/.well-known/openid-configuration. The discovery document
// names the pool's domain's endpoints (urls.ts) when it has a domain, as Cognito's does; without one there is
// no authorization server, so it names none.
import type { HttpAnswer, HttpRoute } from "../../operation.js";
import { locatePool } from "../clients.js";
import { domainOfPool } from "../domains.js";
import { jwk } from "../signing-keys.js";
import { domainUrls, poolUrls } from "../urls.js";
import { json } from "./http.js";

const POOL = "([\\w-]+_[0-9a-zA-Z]+)";
const cacheable = (body: unknown): HttpAnswer => ({ ...json(200, body), headers: { "content-type": "application/json" } });

export const wellKnownRoutes: readonly HttpRoute[] = [
  {
    methods: ["GET"],
    pattern: new RegExp(`^/${POOL}/\\.well-known/jwks\\.json$`),
    handle: (match, _req, ctx) => {
      const home = locatePool(ctx.store, match[1]!);
      return home ? cacheable({ keys: [jwk(home.pool.signingKey)] }) : undefined;
    },
  },
  {
    methods: ["GET"],
    pattern: new RegExp(`^/${POOL}/\\.well-known/openid-configuration$`),
    handle: (match, _req, ctx) => {
      const home = locatePool(ctx.store, match[1]!);
      if (!home) return undefined;
      const pool = poolUrls(ctx.origin, home.pool.Id);
      const domain = domainOfPool(home.store, home.pool.Id);
      const at = domain && domainUrls(ctx.origin, domain.host);
      return cacheable({
        ...(at && { authorization_endpoint: at.authorize, end_session_endpoint: at.logout }),
        id_token_signing_alg_values_supported: ["RS256"],
        issuer: pool.issuer,
        jwks_uri: pool.jwksUri,
        response_types_supported: ["code", "token"],
        ...(at && { revocation_endpoint: at.revoke }),
        scopes_supported: ["openid", "email", "phone", "profile"],
        subject_types_supported: ["public"],
        ...(at && { token_endpoint: at.token }),
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        ...(at && { userinfo_endpoint: at.userInfo }),
        ...(at && { code_challenge_methods_supported: ["S256", "plain"], grant_types_supported: ["authorization_code", "refresh_token", "client_credentials", "implicit"] }),
      });
    },
  },
];
