// SAML identity providers: Create/Get/List/Update/DeleteSAMLProvider, Tag/Untag/ListSAMLProviderTags.
// Names are unique regardless of case, so the table is keyed by the lower-cased name.
import { randomBytes } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { AwsError, awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamTables, nameKey, type SamlProviderRecord, type Tag } from "./records.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules } from "./tags.js";

const SAML_PROVIDERS_PER_ACCOUNT = 100;
const VALID_YEARS = 100;

export interface SamlProviderRow extends SamlProviderRecord {
  readonly SAMLProviderUUID?: string;
  readonly AssertionEncryptionMode?: "Required" | "Allowed";
  /** The IdP's entityID from the metadata: what SAML assertions name as their Issuer. */
  readonly entityId?: string;
}

export function samlProvidersOf(store: AccountStore): Collection<SamlProviderRow> {
  return iamTables.samlProviders(store) as Collection<SamlProviderRow>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", removeNSPrefix: true });

/** The metadata's entityID, or InvalidInput as AWS answers a document it cannot read. */
export function parseSamlMetadata(document: string): { entityId: string } {
  const invalid = () => awsError("iam", "InvalidInput", "Could not parse metadata");
  if (XMLValidator.validate(document) !== true) throw invalid();
  let parsed: Record<string, unknown>;
  try { parsed = parser.parse(document) as Record<string, unknown>; }
  catch { throw invalid(); }
  const root = parsed.EntityDescriptor as Record<string, unknown> | undefined;
  if (!root || typeof root !== "object" || typeof root["@_entityID"] !== "string" || !root.IDPSSODescriptor) throw invalid();
  return { entityId: root["@_entityID"] };
}

function arnOf(store: AccountStore, name: string): string {
  return `arn:${store.partition}:iam::${store.accountId}:saml-provider/${name}`;
}

/** The provider `arn` names in this account (the name part compared without case), for STS's AssumeRoleWithSAML too. */
export function samlProviderByArn(store: AccountStore, arn: string): SamlProviderRow | undefined {
  const match = /^arn:[\w-]+:iam::(\d{12}):saml-provider\/([\w._-]+)$/.exec(arn);
  return match && match[1] === store.accountId ? samlProvidersOf(store).get(nameKey(match[2]!)) : undefined;
}

function requireProvider(store: AccountStore, arn: string): SamlProviderRow {
  const provider = samlProviderByArn(store, arn);
  if (!provider) throw awsError("iam", "NoSuchEntity", `Manifest not found for arn ${arn}`);
  return provider;
}

/** Private keys for encrypted assertions are not emulated: say so rather than pretend to keep them. */
function refusePrivateKeys(input: { AddPrivateKey?: string; RemovePrivateKey?: string; AssertionEncryptionMode?: string }, operation: string): void {
  if (input.AddPrivateKey !== undefined || input.RemovePrivateKey !== undefined) {
    throw new AwsError("NotImplemented",
      `${operation} with AddPrivateKey or RemovePrivateKey is not implemented by AWS Identity Emulator for iam; see the coverage table in the README.`, 501);
  }
  if (input.AssertionEncryptionMode === "Required") {
    throw awsError("iam", "InvalidInput", "Cannot set AssertionEncryptionMode to Required because no private key is provided.");
  }
}

interface CreateInput {
  Name: string; SAMLMetadataDocument: string; Tags?: Tag[];
  AssertionEncryptionMode?: "Required" | "Allowed"; AddPrivateKey?: string;
}

export const CreateSAMLProvider: Operation<CreateInput, object> = ({ input, caller, store, clock }) => {
  refusePrivateKeys(input, "CreateSAMLProvider");
  const { entityId } = parseSamlMetadata(input.SAMLMetadataDocument);
  const Tags = initialTags(input.Tags, tagRules.samlProvider);
  const providers = samlProvidersOf(store);
  if (providers.has(nameKey(input.Name))) throw awsError("iam", "EntityAlreadyExists", `SAMLProvider with name ${input.Name} already exists.`);
  if (providers.size >= SAML_PROVIDERS_PER_ACCOUNT) {
    throw awsError("iam", "LimitExceeded", `Cannot exceed quota for SAMLProvidersPerAccount: ${SAML_PROVIDERS_PER_ACCOUNT}`);
  }
  const created = clock.now();
  const validUntil = new Date(created);
  validUntil.setUTCFullYear(validUntil.getUTCFullYear() + VALID_YEARS);
  const arn = arnOf(store, input.Name);
  providers.put(nameKey(input.Name), {
    Arn: arn,
    Name: input.Name,
    SAMLMetadataDocument: input.SAMLMetadataDocument,
    CreateDate: created.toISOString(),
    ValidUntil: validUntil.toISOString(),
    Tags,
    SAMLProviderUUID: "SAML" + randomBytes(18).toString("base64").replace(/[^A-Za-z0-9]/g, "").toUpperCase().padEnd(18, "0").slice(0, 18),
    AssertionEncryptionMode: input.AssertionEncryptionMode,
    entityId,
  });
  return { SAMLProviderArn: arn, Tags };
};

export const GetSAMLProvider: Operation<{ SAMLProviderArn: string }, object> = ({ input, store }) => {
  const p = requireProvider(store, input.SAMLProviderArn);
  return {
    SAMLProviderUUID: p.SAMLProviderUUID, SAMLMetadataDocument: p.SAMLMetadataDocument, CreateDate: p.CreateDate,
    ValidUntil: p.ValidUntil, Tags: p.Tags, AssertionEncryptionMode: p.AssertionEncryptionMode,
  };
};

export const ListSAMLProviders: Operation<Record<string, never>, object> = ({ store }) => ({
  SAMLProviderList: [...samlProvidersOf(store).from()].map(([, p]) => ({ Arn: p.Arn, ValidUntil: p.ValidUntil, CreateDate: p.CreateDate })),
});

interface UpdateInput {
  SAMLProviderArn: string; SAMLMetadataDocument?: string; AssertionEncryptionMode?: "Required" | "Allowed";
  AddPrivateKey?: string; RemovePrivateKey?: string;
}

export const UpdateSAMLProvider: Operation<UpdateInput, object> = ({ input, store }) => {
  const p = requireProvider(store, input.SAMLProviderArn);
  refusePrivateKeys(input, "UpdateSAMLProvider");
  if (input.SAMLMetadataDocument === undefined && input.AssertionEncryptionMode === undefined) {
    throw awsError("iam", "InvalidInput", "No updates are defined for the SAML provider.");
  }
  const updated: SamlProviderRow = { ...p, AssertionEncryptionMode: input.AssertionEncryptionMode ?? p.AssertionEncryptionMode };
  const next = input.SAMLMetadataDocument === undefined
    ? updated
    : { ...updated, SAMLMetadataDocument: input.SAMLMetadataDocument, entityId: parseSamlMetadata(input.SAMLMetadataDocument).entityId };
  samlProvidersOf(store).put(nameKey(p.Name), next);
  return { SAMLProviderArn: p.Arn };
};

export const DeleteSAMLProvider: Operation<{ SAMLProviderArn: string }, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.SAMLProviderArn);
  samlProvidersOf(store).delete(nameKey(p.Name));
  return {};
};

export const TagSAMLProvider: Operation<{ SAMLProviderArn: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.SAMLProviderArn);
  samlProvidersOf(store).put(nameKey(p.Name), { ...p, Tags: mergeTags(p.Tags, input.Tags, tagRules.samlProvider) });
  return {};
};

export const UntagSAMLProvider: Operation<{ SAMLProviderArn: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const p = requireProvider(store, input.SAMLProviderArn);
  samlProvidersOf(store).put(nameKey(p.Name), { ...p, Tags: removeTags(p.Tags, input.TagKeys, tagRules.samlProvider) });
  return {};
};

export const ListSAMLProviderTags: Operation<{ SAMLProviderArn: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireProvider(store, input.SAMLProviderArn).Tags, input, tagRules.samlProvider);

export const operations = {
  CreateSAMLProvider, GetSAMLProvider, ListSAMLProviders, UpdateSAMLProvider, DeleteSAMLProvider,
  TagSAMLProvider, UntagSAMLProvider, ListSAMLProviderTags,
};
