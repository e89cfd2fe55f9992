// GET/POST /oauth2/userInfo: the signed-in user's attributes that the access token's scopes allow — openid:
// sub; email: email, email_verified; phone: phone_number, phone_number_verified; profile and
// aws.cognito.signin.user.admin: every attribute the client may read. Refusals are 401 with a Bearer
// challenge (RFC 6750), as Cognito answers them.
import { AwsError } from "../../../protocol/errors.js";
import type { HttpAnswer, HttpRequest } from "../../operation.js";
import { cognitoTables, key } from "../records.js";
import { API_SCOPE, authenticateAccessToken } from "../tokens.js";
import { userKeyOf } from "../user-records.js";
import type { DomainContext } from "./grant.js";
import { bearerToken, json } from "./http.js";

const BY_SCOPE: Record<string, readonly string[]> = { email: ["email", "email_verified"], phone: ["phone_number", "phone_number_verified"] };

function refused(error: "invalid_token" | "insufficient_scope", description: string): HttpAnswer {
  return json(error === "invalid_token" ? 401 : 403, { error, error_description: description }, {
    "www-authenticate": `Bearer error="${error}", error_description="${description.replace(/"/g, "'")}"`,
  });
}

export async function userInfoEndpoint(d: DomainContext, req: HttpRequest): Promise<HttpAnswer> {
  const token = bearerToken(req) ?? req.form.get("access_token") ?? undefined;
  if (!token) return refused("invalid_token", "Access token is missing");
  let authenticated;
  try {
    authenticated = await authenticateAccessToken(d.ctx.store, d.ctx.clock, token);
  } catch (err) {
    if (err instanceof AwsError) return refused("invalid_token", err.message);
    throw err;
  }
  const { pool, claims } = authenticated;
  if (pool.Id !== d.pool.Id) return refused("invalid_token", "Invalid Access Token");
  const scopes = new Set(claims.scope?.split(" ") ?? []);
  if (!scopes.has("openid") && !scopes.has(API_SCOPE)) return refused("insufficient_scope", "Access token does not have the openid scope");
  const user = cognitoTables.users(d.ctx.store).get(key(pool.Id, userKeyOf(pool, claims.username)));
  if (!user || user.sub !== claims.sub) return refused("invalid_token", "User does not exist.");
  if (!user.Enabled) return refused("invalid_token", "User is disabled.");
  const client = cognitoTables.clients(d.ctx.store).get(key(pool.Id, claims.client_id));
  const readable = client?.settings.ReadAttributes as string[] | undefined;
  const everything = scopes.has("profile") || scopes.has(API_SCOPE);
  const named = new Set([...scopes].flatMap((s) => BY_SCOPE[s] ?? []));
  const out: Record<string, string> = { sub: user.sub };
  for (const a of user.Attributes) {
    if (a.Name === "sub" || a.Value === undefined) continue;
    if (readable?.length && !readable.includes(a.Name)) continue;
    const byScope = Object.values(BY_SCOPE).some((names) => names.includes(a.Name));
    if (byScope ? named.has(a.Name) || scopes.has(API_SCOPE) : everything) out[a.Name] = a.Value;
  }
  out.username = user.Username;
  return json(200, out);
}
