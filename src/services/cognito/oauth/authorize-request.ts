// An authorization request (/oauth2/authorize, and the same parameters on every managed login page), checked
// in Cognito's order: an unknown client or an unregistered redirect_uri ends on the domain's error page and
// never redirects; every later problem is sent back to the registered redirect_uri as `error=` with the state.
import type { AccountStore } from "../../../store/store.js";
import type { HttpAnswer } from "../../operation.js";
import { cognitoTables, key, type ClientRecord, type IdentityProviderRecord, type PoolRecord } from "../records.js";
import { providerByIdentifier } from "../identity-providers.js";
import type { DomainUrls } from "../urls.js";
import { redirect, withParams } from "./http.js";

export interface AuthorizeRequest {
  readonly client: ClientRecord;
  readonly redirectUri: string;
  readonly responseType: "code" | "token";
  readonly scopes: readonly string[];
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: "S256" | "plain";
  readonly prompt?: "none" | "login" | "select_account" | "consent";
  /** identity_provider or idp_identifier, resolved: the browser goes straight to it. */
  readonly provider?: IdentityProviderRecord;
  /** The request's own parameters, which every page link and form action carries on. */
  readonly query: string;
}

export type Parsed = { readonly request: AuthorizeRequest } | { readonly answer: HttpAnswer };

const CARRIED = ["client_id", "response_type", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "identity_provider", "idp_identifier", "prompt", "lang"];
const PROMPTS = new Set(["none", "login", "select_account", "consent"]);

/** The domain's error page (Cognito's /error), for requests that cannot be answered at the redirect_uri. */
export function errorPage(urls: DomainUrls, error: string, params: Record<string, string | undefined> = {}): HttpAnswer {
  return redirect(withParams(`${urls.base}/error`, { error, ...params }));
}

/** An error sent back to the app: in the query for the code flow, in the fragment for the implicit flow. */
export function redirectError(redirectUri: string, responseType: string | null, error: string, description: string | undefined, state: string | undefined): HttpAnswer {
  return redirect(withParams(redirectUri, { error, error_description: description, state }, responseType === "token" ? "fragment" : "query"));
}

/** Where this request's answer may go: a client, a registered callback URL. */
export function clientOfDomain(store: AccountStore, pool: PoolRecord, clientId: string | null): ClientRecord | undefined {
  return clientId ? cognitoTables.clients(store).get(key(pool.Id, clientId)) : undefined;
}

export function parseAuthorizeRequest(store: AccountStore, pool: PoolRecord, urls: DomainUrls, params: URLSearchParams): Parsed {
  const clientId = params.get("client_id");
  const client = clientOfDomain(store, pool, clientId);
  if (!client) return { answer: errorPage(urls, "invalid_request", { error_description: clientId ? `Client ${clientId} does not exist in this user pool.` : "client_id is required." }) };
  const redirectUri = params.get("redirect_uri") ?? "";
  const callbacks = (client.settings.CallbackURLs as string[] | undefined) ?? [];
  if (!callbacks.includes(redirectUri)) return { answer: errorPage(urls, "redirect_mismatch", { client_id: client.ClientId }) };

  const responseType = params.get("response_type");
  const state = params.get("state") ?? undefined;
  const fail = (error: string, description?: string): Parsed => ({ answer: redirectError(redirectUri, responseType, error, description, state) });
  if (!responseType) return fail("invalid_request", "response_type is required.");
  if (responseType !== "code" && responseType !== "token") return fail("unsupported_response_type");
  const flows = (client.settings.AllowedOAuthFlows as string[] | undefined) ?? [];
  if (client.settings.AllowedOAuthFlowsUserPoolClient !== true || !flows.includes(responseType === "code" ? "code" : "implicit")) return fail("unauthorized_client");

  const allowed = (client.settings.AllowedOAuthScopes as string[] | undefined) ?? [];
  const asked = params.get("scope")?.split(" ").filter(Boolean);
  // Without a scope parameter, Cognito grants every scope the client allows.
  const scopes = asked?.length ? [...new Set(asked)] : allowed;
  if (scopes.some((s) => !allowed.includes(s))) return fail("invalid_scope");

  const challenge = params.get("code_challenge") ?? undefined;
  const method = params.get("code_challenge_method") ?? (challenge ? "plain" : undefined);
  if (method !== undefined && (method !== "S256" && method !== "plain")) return fail("invalid_request", "code_challenge_method must be S256 or plain.");
  if (method !== undefined && !challenge) return fail("invalid_request", "code_challenge is required with code_challenge_method.");
  if (challenge && !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return fail("invalid_request", "code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-].");

  const prompt = params.get("prompt") ?? undefined;
  if (prompt !== undefined && !PROMPTS.has(prompt)) return fail("invalid_request", "prompt must be none, login, select_account or consent.");

  let provider: IdentityProviderRecord | undefined;
  const supported = (client.settings.SupportedIdentityProviders as string[] | undefined) ?? [];
  const named = params.get("identity_provider");
  const identifier = params.get("idp_identifier");
  if (named && named !== "COGNITO") {
    provider = cognitoTables.identityProviders(store).get(key(pool.Id, named));
    if (!provider || !supported.includes(named)) return fail("invalid_request", `Identity provider ${named} is not supported by client ${client.ClientId}.`);
  } else if (named === "COGNITO" && !supported.includes("COGNITO")) {
    return fail("invalid_request", `Identity provider COGNITO is not supported by client ${client.ClientId}.`);
  } else if (identifier) {
    provider = providerByIdentifier(store, pool.Id, identifier);
    if (!provider || !supported.includes(provider.ProviderName)) return fail("invalid_request", `No identity provider of client ${client.ClientId} has the identifier ${identifier}.`);
  }

  const carried = new URLSearchParams();
  for (const name of CARRIED) { const v = params.get(name); if (v !== null) carried.set(name, v); }
  return {
    request: {
      client, redirectUri, responseType, scopes, state, nonce: params.get("nonce") ?? undefined,
      codeChallenge: challenge, codeChallengeMethod: method as "S256" | "plain" | undefined,
      prompt: prompt as AuthorizeRequest["prompt"], provider, query: carried.toString(),
    },
  };
}
