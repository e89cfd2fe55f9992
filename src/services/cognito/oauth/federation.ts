// Federated sign-in through a pool's identity providers. /oauth2/authorize?identity_provider=… sends the
// browser to the provider with a sealed state; the provider answers at /oauth2/idpresponse (OIDC: the code is
// exchanged at its token endpoint, the ID token verified with its JWKS, all through the allow-listed outbound
// client) or /saml2/idpresponse (SAML: the Response verified exactly as STS's AssumeRoleWithSAML verifies
// it). The user "<provider>_<id>" is created or updated from the attribute mapping, with the `identities`
// attribute Cognito keeps (or, linked by AdminLinkProviderForUser, the user it is linked to is updated), and
// the pool's own flow finishes as after the login page.
import { deflateRawSync } from "node:zlib";
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import { AwsError } from "../../../protocol/errors.js";
import type { HttpAnswer, HttpRequest } from "../../operation.js";
import { attributesOf, verifiedSamlResponse } from "../../sts/saml.js";
import { attr, child, childElements, textOf } from "../../sts/xml-signature.js";
import { newSub } from "../ids.js";
import { samlIdpMetadata } from "../identity-providers.js";
import { cognitoTables, key, type AttributeType, type IdentityProviderRecord, type UserRecord } from "../records.js";
import { seal, unseal } from "../sealed.js";
import { identityEntry, linkedUser } from "../provider-links.js";
import { preSignUp } from "../triggers/sign-up-triggers.js";
import { checkAttributes, saveUser, userKeyOf, withAttributes } from "../user-records.js";
import { newUser } from "../users.js";
import { errorPage, parseAuthorizeRequest, redirectError, type AuthorizeRequest } from "./authorize-request.js";
import { grant, signedInByCookie, type DomainContext } from "./grant.js";
import { htmlPage, redirect, withParams } from "./http.js";
import { errorBody } from "./pages/forms.js";
import { esc, hidden } from "./pages/layout.js";

const STATE_SECONDS = 600;
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

/** What the round trip through the provider must bring back: the client's request and our own checks. */
interface FederationState { q: string; p: string; n?: string; i?: string; e: number }

const spEntityId = (poolId: string): string => `urn:amazon:cognito:sp:${poolId}`;

/** What /oauth2/authorize and the login page do before showing a page: go to the identity provider the
 * request names, sign in by the domain's cookie (unless prompt=login), or answer prompt=none's login_required. */
export async function withoutLoginPage(d: DomainContext, req: HttpRequest, request: AuthorizeRequest): Promise<HttpAnswer | undefined> {
  if (request.provider) return startFederation(d, request, request.provider);
  const known = request.prompt !== "login" ? signedInByCookie(d, req) : undefined;
  if (known) return grant(d, request, known.userKey, known.user, known.authTime);
  if (request.prompt === "none") return redirectError(request.redirectUri, request.responseType, "login_required", undefined, request.state);
  return undefined;
}

function startFederation(d: DomainContext, request: AuthorizeRequest, provider: IdentityProviderRecord): HttpAnswer {
  const details = provider.ProviderDetails;
  const base: FederationState = { q: request.query, p: provider.ProviderName, e: d.ctx.clock.now().getTime() + STATE_SECONDS * 1000 };
  if (provider.ProviderType === "OIDC") {
    const nonce = randomUUID();
    return redirect(withParams(details.authorize_url!, {
      client_id: details.client_id, response_type: "code", redirect_uri: d.urls.idpResponse, scope: details.authorize_scopes,
      state: seal(d.pool.sessionKey, { ...base, n: nonce }), nonce,
    }));
  }
  if (provider.ProviderType === "SAML") {
    const id = `_${randomUUID()}`;
    const destination = details.SSORedirectBindingURI ?? details.SSOPostBindingURI!;
    const authnRequest = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="${ASSERTION_NS}" ID="${id}" Version="2.0" ` +
      `IssueInstant="${d.ctx.clock.now().toISOString()}" Destination="${esc(destination)}" AssertionConsumerServiceURL="${esc(d.urls.saml2IdpResponse)}" ` +
      `ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>${spEntityId(d.pool.Id)}</saml:Issuer>` +
      `<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" AllowCreate="true"/></samlp:AuthnRequest>`;
    const relayState = seal(d.pool.sessionKey, { ...base, i: id });
    if (details.SSORedirectBindingURI) {
      return redirect(withParams(destination, { SAMLRequest: deflateRawSync(Buffer.from(authnRequest)).toString("base64"), RelayState: relayState }));
    }
    // The HTTP-POST binding without a script (the pages run none): one button posts the request.
    return htmlPage({
      title: "Continue", banner: request.client.ClientName,
      body: () => `<h1>Continue to ${esc(provider.ProviderName)}</h1>\n<form method="post" action="${esc(destination)}">\n` +
        `${hidden("SAMLRequest", Buffer.from(authnRequest).toString("base64"))}\n${hidden("RelayState", relayState)}\n<button type="submit">Continue</button>\n</form>`,
    });
  }
  return redirectError(request.redirectUri, request.responseType, "invalid_request",
    `Signing in through ${provider.ProviderType} is not emulated: configure the provider as an OIDC identity provider.`, request.state);
}

/** The request and provider a federation state names, if it is ours, live, and the request still valid. */
function resume(d: DomainContext, sealed: string | null, type: "OIDC" | "SAML"): { state: FederationState; request: AuthorizeRequest; provider: IdentityProviderRecord } | HttpAnswer {
  const state = sealed ? unseal<FederationState>(d.pool.sessionKey, sealed) : undefined;
  if (!state || state.e <= d.ctx.clock.now().getTime()) return errorPage(d.urls, "invalid_request", { error_description: "Invalid or expired state." });
  const parsed = parseAuthorizeRequest(d.ctx.store, d.pool, d.urls, new URLSearchParams(state.q));
  if ("answer" in parsed) return parsed.answer;
  const provider = cognitoTables.identityProviders(d.ctx.store).get(key(d.pool.Id, state.p));
  if (!provider || provider.ProviderType !== type) return errorPage(d.urls, "invalid_request", { error_description: `Identity provider ${state.p} does not exist.` });
  return { state, request: parsed.request, provider };
}

const fail = (request: AuthorizeRequest, description: string): HttpAnswer => redirectError(request.redirectUri, request.responseType, "invalid_request", description, request.state);

/** GET /oauth2/idpresponse: the OIDC provider's answer. */
export async function oidcResponse(d: DomainContext, req: HttpRequest): Promise<HttpAnswer> {
  const resumed = resume(d, req.query.get("state"), "OIDC");
  if (!("state" in resumed)) return resumed;
  const { state, request, provider } = resumed;
  const details = provider.ProviderDetails;
  const error = req.query.get("error");
  if (error) return fail(request, `${error}${req.query.get("error_description") ? `: ${req.query.get("error_description")}` : ""}`);
  const code = req.query.get("code");
  if (!code) return fail(request, "The identity provider answered without a code.");
  let claims: JWTPayload;
  try {
    claims = await exchange(d, details, code, state.n);
  } catch (err) {
    if (err instanceof AwsError) throw err;
    d.ctx.log.debug(`${d.ctx.requestId} ${provider.ProviderName}: ${err instanceof Error ? err.message : String(err)}`);
    return fail(request, err instanceof Error ? err.message : String(err));
  }
  return signInFederated(d, request, provider, claims as Record<string, unknown>);
}

/** The code exchanged at the provider's token endpoint, its ID token verified, and its userinfo added. */
async function exchange(d: DomainContext, details: Readonly<Record<string, string>>, code: string, nonce: string | undefined): Promise<JWTPayload> {
  const { outbound, clock } = d.ctx;
  const form = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: d.urls.idpResponse, client_id: details.client_id! });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (details.client_secret) {
    const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
    headers.authorization = `Basic ${Buffer.from(`${encode(details.client_id!)}:${encode(details.client_secret)}`).toString("base64")}`;
  }
  const res = await outbound.request({ url: details.token_url!, method: "POST", headers, body: form.toString(), timeoutMs: 5000 });
  let tokens: { id_token?: unknown; access_token?: unknown; error?: unknown };
  try { tokens = JSON.parse(res.body.toString("utf8")) as typeof tokens; } catch { tokens = {}; }
  if (res.status !== 200 || typeof tokens.id_token !== "string") {
    throw new Error(`The identity provider's token endpoint answered HTTP ${res.status}${typeof tokens.error === "string" ? ` ${tokens.error}` : ""}.`);
  }
  const jwks = await outbound.getJson(details.jwks_uri!, 5000) as JSONWebKeySet;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), { issuer: details.oidc_issuer, audience: details.client_id, currentDate: clock.now() }));
  } catch (err) {
    throw new Error(`Bad id_token: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (nonce !== undefined && payload.nonce !== nonce) throw new Error("Bad id_token: the nonce does not match the request's.");
  if (details.attributes_url && typeof tokens.access_token === "string") {
    const method = details.attributes_request_method === "POST" ? "POST" : "GET";
    const info = await outbound.request({ url: details.attributes_url, method, headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" }, timeoutMs: 5000 });
    if (info.status === 200) {
      try { return { ...JSON.parse(info.body.toString("utf8")) as JWTPayload, ...payload }; } catch { /* the ID token's claims are enough */ }
    }
  }
  return payload;
}

/** POST /saml2/idpresponse: the SAML provider's Response, with the RelayState we sent. */
export async function samlResponse(d: DomainContext, req: HttpRequest): Promise<HttpAnswer> {
  const relayState = req.form.get("RelayState");
  if (!relayState) {
    return htmlPage({ status: 400, title: "Error", banner: d.pool.Name, body: () => errorBody({
      title: "An error was encountered with the requested page.",
      message: "invalid_request: IdP-initiated sign-in is not enabled: start at /oauth2/authorize with identity_provider.",
    }) });
  }
  const resumed = resume(d, relayState, "SAML");
  if (!("state" in resumed)) return resumed;
  const { state, request, provider } = resumed;
  let verified;
  try {
    verified = verifiedSamlResponse(req.form.get("SAMLResponse") ?? "", { metadata: provider.samlMetadata ?? "", entityId: samlIdpMetadata(provider.samlMetadata ?? "")?.entityId, unsignedAllowed: false });
  } catch (err) {
    if (err instanceof AwsError) return fail(request, err.message);
    throw err;
  }
  const { response, assertion } = verified;
  const now = d.ctx.clock.now().getTime();
  const conditions = child(assertion, "Conditions", ASSERTION_NS);
  const notBefore = attr(conditions, "NotBefore");
  const notOnOrAfter = attr(conditions, "NotOnOrAfter");
  if (notBefore !== undefined && now < Date.parse(notBefore)) return fail(request, "The SAML assertion is not yet valid (NotBefore).");
  if (notOnOrAfter !== undefined && !(now < Date.parse(notOnOrAfter))) return fail(request, "The SAML assertion has expired (NotOnOrAfter).");
  const audiences = (conditions ? childElements(conditions, "AudienceRestriction", ASSERTION_NS) : [])
    .flatMap((r) => childElements(r, "Audience", ASSERTION_NS).map((a) => textOf(a).trim()));
  if (!audiences.includes(spEntityId(d.pool.Id))) return fail(request, `Invalid SAML response: the audience must be ${spEntityId(d.pool.Id)}.`);
  const inResponseTo = attr(response, "InResponseTo");
  if (inResponseTo !== undefined && inResponseTo !== state.i) return fail(request, "Invalid SAML response: InResponseTo does not match the request.");
  const nameId = textOf(child(child(assertion, "Subject", ASSERTION_NS), "NameID", ASSERTION_NS)).trim();
  if (!nameId) return fail(request, "Invalid SAML response: the assertion has no NameID.");
  const claims: Record<string, unknown> = { sub: nameId };
  for (const [name, values] of attributesOf(assertion)) claims[name] = values.length === 1 ? values[0] : values;
  return signInFederated(d, request, provider, claims, nameId);
}

/** Creates or updates "<provider>_<id>" from the mapping, then finishes the pool's own flow. */
async function signInFederated(d: DomainContext, request: AuthorizeRequest, provider: IdentityProviderRecord, claims: Record<string, unknown>, subject?: string): Promise<HttpAnswer> {
  const { ctx, pool } = d;
  const idClaim = provider.AttributeMapping.username;
  const providerUserId = idClaim ? claims[idClaim] : subject ?? claims.sub;
  if (providerUserId === undefined || providerUserId === null || providerUserId === "") return fail(request, `The identity provider sent no ${idClaim ?? "sub"} to name the user by.`);
  const username = `${provider.ProviderName}_${String(providerUserId)}`;
  const mapped: AttributeType[] = [];
  for (const [attribute, claim] of Object.entries(provider.AttributeMapping)) {
    if (attribute === "username") continue;
    const value = claims[claim];
    if (value === undefined || value === null) continue;
    mapped.push({ Name: attribute, Value: typeof value === "string" ? value : Array.isArray(value) ? value.join(",") : String(value) });
  }
  // An identity linked to a user (AdminLinkProviderForUser) signs in as that user.
  const linked = linkedUser(ctx.store, pool, provider, String(providerUserId), claims);
  const userKey = linked?.userKey ?? userKeyOf(pool, username);
  const existing = linked?.user ?? cognitoTables.users(ctx.store).get(key(pool.Id, userKey));
  let user: UserRecord;
  try {
    checkAttributes(pool, mapped, { requireRequired: !existing });
    if (existing) {
      if (!existing.Enabled) return fail(request, "User is disabled.");
      user = { ...existing, Attributes: withAttributes(existing, mapped), UserLastModifiedDate: ctx.clock.now().toISOString() };
      saveUser(ctx.store, pool, userKey, user, existing);
    } else {
      // A first sign-in creates the user: the pre sign-up trigger sees the mapped attributes and may refuse it
      // (its answer's auto-confirm and auto-verify flags mean nothing for a federated user).
      await preSignUp(ctx, pool, "PreSignUp_ExternalProvider", { username, clientId: request.client.ClientId, attributes: mapped });
      const identities = JSON.stringify([identityEntry(String(providerUserId), provider, true, ctx.clock.now().getTime())]);
      user = newUser(ctx, pool, username, newSub(), [...mapped, { Name: "identities", Value: identities }], "EXTERNAL_PROVIDER");
      saveUser(ctx.store, pool, userKey, user);
    }
  } catch (err) {
    if (err instanceof AwsError) return fail(request, err.message);
    throw err;
  }
  return grant(d, request, userKey, user, Math.floor(ctx.clock.now().getTime() / 1000));
}
