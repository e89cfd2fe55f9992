// External identity providers of a pool: CreateIdentityProvider, DescribeIdentityProvider,
// UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier.
// OIDC providers are completed from the issuer's discovery document (fetched through the allow-listed
// outbound client, as AWS fetches it at creation); SAML providers from their metadata document or URL.
// Federated sign-in itself is in oauth/federation.ts.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { AccountStore } from "../../store/store.js";
import type { Operation, OperationContext } from "../operation.js";
import { signingCertificatesOf } from "../sts/saml.js";
import { cognitoErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type IdentityProviderRecord, type PoolRecord, type ProviderType } from "./records.js";

const OIDC_REQUIRED = ["client_id", "authorize_scopes", "oidc_issuer", "attributes_request_method"];
const OIDC_ENDPOINTS = ["authorize_url", "token_url", "attributes_url", "jwks_uri"] as const;
const SOCIAL_REQUIRED: Record<string, string[]> = {
  Google: ["client_id", "client_secret", "authorize_scopes"],
  Facebook: ["client_id", "client_secret", "authorize_scopes"],
  LoginWithAmazon: ["client_id", "client_secret", "authorize_scopes"],
  SignInWithApple: ["client_id", "team_id", "key_id", "private_key", "authorize_scopes"],
};

export function requireIdentityProvider(store: AccountStore, poolId: string, name: string): IdentityProviderRecord {
  const found = cognitoTables.identityProviders(store).get(key(poolId, name));
  if (!found) throw cognitoErrors.resourceNotFound(`Identity provider ${name} does not exist.`);
  return found;
}

/** The provider an IdpIdentifier names (authorize's idp_identifier). */
export function providerByIdentifier(store: AccountStore, poolId: string, identifier: string): IdentityProviderRecord | undefined {
  const wanted = identifier.toLowerCase();
  for (const [, p] of cognitoTables.identityProviders(store).withPrefix(key(poolId, ""))) {
    if (p.IdpIdentifiers.some((i) => i.toLowerCase() === wanted)) return p;
  }
  return undefined;
}

function missing(details: Readonly<Record<string, string>>, names: readonly string[]): void {
  const absent = names.filter((n) => !details[n]);
  if (absent.length) throw cognitoErrors.invalidParameter(`ProviderDetails is missing required keys: ${absent.join(", ")}`);
}

type Ctx = Pick<OperationContext<unknown>, "outbound" | "log" | "requestId">;

/** OIDC: the four endpoints, from the details when all are given, else from the issuer's discovery document. */
async function completeOidc(ctx: Ctx, details: Record<string, string>): Promise<Record<string, string>> {
  missing(details, OIDC_REQUIRED);
  const method = details.attributes_request_method;
  if (method !== "GET" && method !== "POST") throw cognitoErrors.invalidParameter("attributes_request_method must be GET or POST.");
  if (!details.authorize_scopes!.split(/\s+/).includes("openid")) throw cognitoErrors.invalidParameter("authorize_scopes must include openid.");
  const out = { ...details };
  if (OIDC_ENDPOINTS.some((n) => !out[n])) {
    const url = `${details.oidc_issuer!.replace(/\/+$/, "")}/.well-known/openid-configuration`;
    let discovered: Record<string, unknown>;
    try {
      discovered = await ctx.outbound.getJson(url, 5000) as Record<string, unknown>;
    } catch (err) {
      throw cognitoErrors.invalidParameter(`Unable to contact well-known endpoint ${url}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof discovered !== "object" || discovered === null || discovered.issuer !== details.oidc_issuer) {
      throw cognitoErrors.invalidParameter(`The discovery document at ${url} does not name issuer ${details.oidc_issuer}.`);
    }
    const fromDiscovery: Record<(typeof OIDC_ENDPOINTS)[number], unknown> = {
      authorize_url: discovered.authorization_endpoint, token_url: discovered.token_endpoint,
      attributes_url: discovered.userinfo_endpoint, jwks_uri: discovered.jwks_uri,
    };
    for (const name of OIDC_ENDPOINTS) {
      if (out[name]) continue;
      const value = fromDiscovery[name];
      if (typeof value !== "string") throw cognitoErrors.invalidParameter(`The discovery document at ${url} has no ${name === "attributes_url" ? "userinfo_endpoint" : name}.`);
      out[name] = value;
    }
  }
  out.attributes_url_add_attributes ??= "false";
  return out;
}

const metadataParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", removeNSPrefix: true,
  isArray: (name) => name === "SingleSignOnService" || name === "SingleLogoutService" });

export interface SamlIdpMetadata { entityId: string; ssoRedirect?: string; ssoPost?: string; sloRedirect?: string; certificates: string[] }

/** What Cognito reads from a SAML IdP's metadata: its entity id, sign-in endpoints and signing certificates. */
export function samlIdpMetadata(xml: string): SamlIdpMetadata | undefined {
  if (XMLValidator.validate(xml) !== true || /<!DOCTYPE/i.test(xml)) return undefined;
  try {
    const doc = metadataParser.parse(xml) as Record<string, any>;
    const root = doc.EntityDescriptor;
    const idp = root?.IDPSSODescriptor;
    if (typeof root?.["@_entityID"] !== "string" || !idp) return undefined;
    const binding = (list: any[] | undefined, suffix: string) => list?.find((s) => String(s["@_Binding"]).endsWith(suffix))?.["@_Location"] as string | undefined;
    return {
      entityId: root["@_entityID"], ssoRedirect: binding(idp.SingleSignOnService, "HTTP-Redirect"), ssoPost: binding(idp.SingleSignOnService, "HTTP-POST"),
      sloRedirect: binding(idp.SingleLogoutService, "HTTP-Redirect"), certificates: signingCertificatesOf(xml),
    };
  } catch {
    return undefined;
  }
}

async function completeSaml(ctx: Ctx, details: Record<string, string>): Promise<{ details: Record<string, string>; metadata: string }> {
  if (!details.MetadataFile === !details.MetadataURL) throw cognitoErrors.invalidParameter("Exactly one of MetadataFile or MetadataURL must be provided.");
  let xml = details.MetadataFile;
  if (details.MetadataURL) {
    try {
      const res = await ctx.outbound.request({ url: details.MetadataURL, timeoutMs: 5000 });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      xml = res.body.toString("utf8");
    } catch (err) {
      throw cognitoErrors.invalidParameter(`Unable to retrieve metadata from ${details.MetadataURL}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const metadata = samlIdpMetadata(xml!);
  if (!metadata) throw cognitoErrors.invalidParameter("Could not parse metadata");
  if (!metadata.ssoRedirect && !metadata.ssoPost) throw cognitoErrors.invalidParameter("The metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding.");
  if (!metadata.certificates.length) throw cognitoErrors.invalidParameter("The metadata has no signing certificate (KeyDescriptor).");
  const out: Record<string, string> = { ...details };
  if (metadata.ssoRedirect) out.SSORedirectBindingURI = metadata.ssoRedirect;
  if (metadata.ssoPost) out.SSOPostBindingURI = metadata.ssoPost;
  if (metadata.sloRedirect) out.SLORedirectBindingURI = metadata.sloRedirect;
  out.IDPSignout ??= "false";
  return { details: out, metadata: xml! };
}

async function completeDetails(ctx: Ctx, type: ProviderType, details: Record<string, string>): Promise<{ details: Record<string, string>; metadata?: string }> {
  switch (type) {
    case "OIDC": return { details: await completeOidc(ctx, details) };
    case "SAML": return completeSaml(ctx, details);
    default: missing(details, SOCIAL_REQUIRED[type] ?? []); return { details: { ...details } };
  }
}

function checkMapping(pool: PoolRecord, mapping: Readonly<Record<string, string>>): void {
  const known = new Set(pool.schema.map((a) => a.Name));
  const unknown = Object.keys(mapping).filter((a) => a !== "username" && !known.has(a));
  if (unknown.length) throw cognitoErrors.invalidParameter(`Attributes in the attribute mapping do not exist in the user pool schema: ${unknown.join(", ")}`);
}

function checkIdentifiers(store: AccountStore, poolId: string, name: string, identifiers: readonly string[]): void {
  for (const id of identifiers) {
    const owner = providerByIdentifier(store, poolId, id);
    if (owner && owner.ProviderName !== name) throw cognitoErrors.invalidParameter(`The identifier ${id} is already used by identity provider ${owner.ProviderName}.`);
  }
}

interface CreateInput {
  UserPoolId: string; ProviderName: string; ProviderType: ProviderType; ProviderDetails: Record<string, string>;
  AttributeMapping?: Record<string, string>; IdpIdentifiers?: string[];
}

export const CreateIdentityProvider: Operation<CreateInput, { IdentityProvider: IdentityProviderRecord }> = async (ctx) => {
  const { input, store, clock } = ctx;
  const pool = requirePool(store, input.UserPoolId);
  if (input.ProviderName === "COGNITO") throw cognitoErrors.invalidParameter("COGNITO is a reserved provider name.");
  if (cognitoTables.identityProviders(store).has(key(pool.Id, input.ProviderName))) {
    throw cognitoErrors.duplicateProvider(`A provider with the name ${input.ProviderName} already exists in this user pool.`);
  }
  // OIDC providers sign users in under their subject unless a mapping says otherwise.
  const mapping = { ...(input.ProviderType === "OIDC" ? { username: "sub" } : {}), ...input.AttributeMapping };
  checkMapping(pool, mapping);
  checkIdentifiers(store, pool.Id, input.ProviderName, input.IdpIdentifiers ?? []);
  const now = clock.now().toISOString();
  const completed = await completeDetails(ctx, input.ProviderType, input.ProviderDetails);
  const record: IdentityProviderRecord = {
    UserPoolId: pool.Id, ProviderName: input.ProviderName, ProviderType: input.ProviderType,
    ProviderDetails: completed.details, AttributeMapping: mapping, samlMetadata: completed.metadata,
    IdpIdentifiers: input.IdpIdentifiers ?? [], CreationDate: now, LastModifiedDate: now,
  };
  cognitoTables.identityProviders(store).put(key(pool.Id, input.ProviderName), record);
  return { IdentityProvider: record };
};

export const DescribeIdentityProvider: Operation<{ UserPoolId: string; ProviderName: string }, { IdentityProvider: IdentityProviderRecord }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  return { IdentityProvider: requireIdentityProvider(store, pool.Id, input.ProviderName) };
};

export const UpdateIdentityProvider: Operation<Omit<CreateInput, "ProviderType"> & { ProviderDetails?: Record<string, string> }, { IdentityProvider: IdentityProviderRecord }> = async (ctx) => {
  const { input, store, clock } = ctx;
  const pool = requirePool(store, input.UserPoolId);
  const current = requireIdentityProvider(store, pool.Id, input.ProviderName);
  if (input.AttributeMapping) checkMapping(pool, input.AttributeMapping);
  if (input.IdpIdentifiers) checkIdentifiers(store, pool.Id, current.ProviderName, input.IdpIdentifiers);
  // Discovered endpoints are found again from the new details, unless the update names them.
  const completed = input.ProviderDetails
    ? await completeDetails(ctx, current.ProviderType, current.ProviderType === "SAML" ? input.ProviderDetails : { ...withoutDiscovered(current), ...input.ProviderDetails })
    : { details: current.ProviderDetails, metadata: current.samlMetadata };
  const next: IdentityProviderRecord = {
    ...current, ProviderDetails: completed.details, samlMetadata: completed.metadata ?? current.samlMetadata,
    AttributeMapping: input.AttributeMapping ?? current.AttributeMapping,
    IdpIdentifiers: input.IdpIdentifiers ?? current.IdpIdentifiers, LastModifiedDate: clock.now().toISOString(),
  };
  cognitoTables.identityProviders(store).put(key(pool.Id, current.ProviderName), next);
  return { IdentityProvider: next };
};

function withoutDiscovered(p: IdentityProviderRecord): Record<string, string> {
  const out = { ...p.ProviderDetails };
  for (const name of OIDC_ENDPOINTS) delete out[name];
  return out;
}

export const DeleteIdentityProvider: Operation<{ UserPoolId: string; ProviderName: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  requireIdentityProvider(store, pool.Id, input.ProviderName);
  cognitoTables.identityProviders(store).delete(key(pool.Id, input.ProviderName));
  return {};
};

export const ListIdentityProviders: Operation<{ UserPoolId: string; MaxResults?: number; NextToken?: string }, { Providers: unknown[]; NextToken?: string }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const page = pageOf(cognitoTables.identityProviders(store), key(pool.Id, ""), input.NextToken, input.MaxResults ?? 60, () => true,
    (p) => ({ ProviderName: p.ProviderName, ProviderType: p.ProviderType, LastModifiedDate: p.LastModifiedDate, CreationDate: p.CreationDate }));
  return { Providers: page.items, NextToken: page.next };
};

export const GetIdentityProviderByIdentifier: Operation<{ UserPoolId: string; IdpIdentifier: string }, { IdentityProvider: IdentityProviderRecord }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const found = providerByIdentifier(store, pool.Id, input.IdpIdentifier);
  if (!found) throw cognitoErrors.resourceNotFound(`Identity provider with identifier ${input.IdpIdentifier} does not exist.`);
  return { IdentityProvider: found };
};

export const operations = {
  CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier,
};
