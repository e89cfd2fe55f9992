// OpenID Connect identity providers: Create/Get/List/DeleteOpenIDConnectProvider, Add/RemoveClientID…,
// UpdateOpenIDConnectProviderThumbprint, Tag/Untag/ListOpenIDConnectProviderTags. STS reads them back
// with oidcProviderForIssuer when a web identity token arrives.
import { awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamTables, type OidcProviderRecord, type Tag } from "./records.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules } from "./tags.js";

const PROVIDERS_PER_ACCOUNT = 100;
const CLIENT_IDS_PER_PROVIDER = 100;
const THUMBPRINTS_PER_PROVIDER = 5;

export function oidcProvidersOf(store: AccountStore): Collection<OidcProviderRecord> {
  return iamTables.oidcProviders(store);
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The provider's identity as IAM keeps it: host and path without scheme or trailing slash. AWS takes
 * https only, on the default port, without query or credentials; loopback issuers (the emulator's own
 * Cognito pools, http://127.0.0.1:PORT/poolId) are also taken, with http and a port.
 */
export function oidcProviderId(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw awsError("iam", "ValidationError", "Invalid Open ID Connect Provider URL");
  let parsed: URL;
  try { parsed = new URL(url); }
  catch { throw awsError("iam", "ValidationError", "Invalid Open ID Connect Provider URL"); }
  if (!parsed.hostname) throw awsError("iam", "ValidationError", "Invalid Open ID Connect Provider URL");
  const loopback = LOOPBACK.has(parsed.hostname);
  if (parsed.protocol !== "https:" && !(loopback && parsed.protocol === "http:")) {
    throw awsError("iam", "InvalidInput", "Invalid Open ID Connect Provider URL. The URL must begin with https://.");
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash || (parsed.port && !loopback)) {
    throw awsError("iam", "InvalidInput", "Invalid Open ID Connect Provider URL.");
  }
  return `${parsed.host}${parsed.pathname}`.replace(/\/+$/, "");
}

export function oidcProviderArn(store: AccountStore, url: string): string {
  return `arn:${store.partition}:iam::${store.accountId}:oidc-provider/${oidcProviderId(url)}`;
}

/** The provider a token's `iss` names, if the account registered it. */
export function oidcProviderForIssuer(store: AccountStore, issuer: string): OidcProviderRecord | undefined {
  try { return oidcProvidersOf(store).get(oidcProviderArn(store, issuer)); }
  catch { return undefined; }
}

function requireProvider(store: AccountStore, arn: string): OidcProviderRecord {
  const provider = oidcProvidersOf(store).get(arn);
  if (!provider) throw awsError("iam", "NoSuchEntity", `OpenIDConnect Provider not found for arn ${arn}`);
  return provider;
}

function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > THUMBPRINTS_PER_PROVIDER) throw awsError("iam", "InvalidInput", "Thumbprint list must contain fewer than 5 entries.");
  return [...new Set(list.map((t) => t.toLowerCase()))];
}

function checkClientIds(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.length > CLIENT_IDS_PER_PROVIDER) {
    throw awsError("iam", "LimitExceeded", `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`);
  }
  return unique;
}

interface CreateInput { Url: string; ClientIDList?: string[]; ThumbprintList?: string[]; Tags?: Tag[] }

export const CreateOpenIDConnectProvider: Operation<CreateInput, object> = ({ input, caller, store, clock }) => {
  const arn = oidcProviderArn(store, input.Url);
  const providers = oidcProvidersOf(store);
  const ThumbprintList = checkThumbprints(input.ThumbprintList ?? []);
  const ClientIDList = checkClientIds(input.ClientIDList ?? []);
  const Tags = initialTags(input.Tags, tagRules.oidcProvider);
  if (providers.has(arn)) throw awsError("iam", "EntityAlreadyExists", `Provider with url ${input.Url} already exists.`);
  if (providers.size >= PROVIDERS_PER_ACCOUNT) {
    throw awsError("iam", "LimitExceeded", `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${PROVIDERS_PER_ACCOUNT}`);
  }
  providers.put(arn, { Arn: arn, Url: input.Url, ClientIDList, ThumbprintList, CreateDate: clock.now().toISOString(), Tags });
  return { OpenIDConnectProviderArn: arn, Tags };
};

/** GetOpenIDConnectProvider answers the URL without its scheme, as AWS does. */
export const GetOpenIDConnectProvider: Operation<{ OpenIDConnectProviderArn: string }, object> = ({ input, store }) => {
  const p = requireProvider(store, input.OpenIDConnectProviderArn);
  return { Url: oidcProviderId(p.Url), ClientIDList: p.ClientIDList, ThumbprintList: p.ThumbprintList, CreateDate: p.CreateDate, Tags: p.Tags };
};

export const ListOpenIDConnectProviders: Operation<Record<string, never>, object> = ({ store }) => ({
  OpenIDConnectProviderList: [...oidcProvidersOf(store).from()].map(([arn]) => ({ Arn: arn })),
});

/** Unlike its documentation, AWS refuses to delete a provider that is not there. */
export const DeleteOpenIDConnectProvider: Operation<{ OpenIDConnectProviderArn: string }, Record<string, never>> = ({ input, store }) => {
  // "This operation is idempotent; it does not fail or return an error if you call the operation for a provider
  // that does not exist." (API_DeleteOpenIDConnectProvider)
  oidcProvidersOf(store).delete(input.OpenIDConnectProviderArn);
  return {};
};

type ClientIdInput = { OpenIDConnectProviderArn: string; ClientID: string };

/** Adding a client id already present, or removing one absent, succeeds and changes nothing. */
export const AddClientIDToOpenIDConnectProvider: Operation<ClientIdInput, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.OpenIDConnectProviderArn);
  if (!p.ClientIDList.includes(input.ClientID)) {
    oidcProvidersOf(store).put(p.Arn, { ...p, ClientIDList: checkClientIds([...p.ClientIDList, input.ClientID]) });
  }
  return {};
};

export const RemoveClientIDFromOpenIDConnectProvider: Operation<ClientIdInput, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.OpenIDConnectProviderArn);
  if (p.ClientIDList.includes(input.ClientID)) {
    oidcProvidersOf(store).put(p.Arn, { ...p, ClientIDList: p.ClientIDList.filter((id) => id !== input.ClientID) });
  }
  return {};
};

export const UpdateOpenIDConnectProviderThumbprint: Operation<{ OpenIDConnectProviderArn: string; ThumbprintList: string[] }, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.OpenIDConnectProviderArn);
  oidcProvidersOf(store).put(p.Arn, { ...p, ThumbprintList: checkThumbprints(input.ThumbprintList) });
  return {};
};

export const TagOpenIDConnectProvider: Operation<{ OpenIDConnectProviderArn: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.OpenIDConnectProviderArn);
  oidcProvidersOf(store).put(p.Arn, { ...p, Tags: mergeTags(p.Tags, input.Tags, tagRules.oidcProvider) });
  return {};
};

export const UntagOpenIDConnectProvider: Operation<{ OpenIDConnectProviderArn: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.OpenIDConnectProviderArn);
  oidcProvidersOf(store).put(p.Arn, { ...p, Tags: removeTags(p.Tags, input.TagKeys, tagRules.oidcProvider) });
  return {};
};

export const ListOpenIDConnectProviderTags: Operation<{ OpenIDConnectProviderArn: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireProvider(store, input.OpenIDConnectProviderArn).Tags, input, tagRules.oidcProvider);

export const operations = {
  CreateOpenIDConnectProvider, GetOpenIDConnectProvider, ListOpenIDConnectProviders, DeleteOpenIDConnectProvider,
  AddClientIDToOpenIDConnectProvider, RemoveClientIDFromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint,
  TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags,
};
