// GET /logout: ends the domain's sign-in (its cookie) and sends the browser to a registered sign-out URL
// (client_id + logout_uri), or back to the login page (client_id + redirect_uri + response_type).
import type { HttpAnswer, HttpRequest } from "../../operation.js";
import { clientOfDomain, errorPage } from "./authorize-request.js";
import { SIGN_IN_COOKIE, type DomainContext } from "./grant.js";
import { expiredCookie, redirect, withParams } from "./http.js";

export function logoutEndpoint(d: DomainContext, req: HttpRequest): HttpAnswer {
  const clientId = req.query.get("client_id");
  const client = clientOfDomain(d.ctx.store, d.pool, clientId);
  if (!client) return errorPage(d.urls, "invalid_request", { error_description: clientId ? `Client ${clientId} does not exist in this user pool.` : "client_id is required." });
  const signOut = [expiredCookie(SIGN_IN_COOKIE, d.cookiePath)];
  const logoutUri = req.query.get("logout_uri");
  if (logoutUri !== null) {
    if (!((client.settings.LogoutURLs as string[] | undefined) ?? []).includes(logoutUri)) return errorPage(d.urls, "redirect_mismatch", { client_id: client.ClientId });
    return redirect(logoutUri, signOut);
  }
  const redirectUri = req.query.get("redirect_uri");
  if (redirectUri === null) return errorPage(d.urls, "invalid_request", { error_description: "logout_uri, or redirect_uri with response_type, is required." });
  if (!((client.settings.CallbackURLs as string[] | undefined) ?? []).includes(redirectUri)) return errorPage(d.urls, "redirect_mismatch", { client_id: client.ClientId });
  const params: Record<string, string | undefined> = {};
  for (const name of ["client_id", "response_type", "redirect_uri", "state", "scope", "nonce", "code_challenge", "code_challenge_method"]) params[name] = req.query.get(name) ?? undefined;
  return redirect(withParams(d.urls.login, params), signOut);
}
