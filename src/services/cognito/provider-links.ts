// Linking an external provider's identity to a user of the pool: AdminLinkProviderForUser,
// AdminDisableProviderForUser. A link names the user the identity signs in as (oauth/federation.ts follows it)
// instead of "<provider>_<id>"; the destination's `identities` attribute lists its links, as Cognito keeps it.
// Links match the provider's subject (Cognito_Subject); a SAML link may match any attribute of the assertion.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { awsError } from "../../protocol/errors.js";
import { cognitoErrors } from "./errors.js";
import { requireIdentityProvider } from "./identity-providers.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type IdentityProviderRecord, type PoolRecord, type UserRecord } from "./records.js";
import { attributeOf, requireUser, saveUser, userKeyOf, withAttributes } from "./user-records.js";

const SUBJECT = "Cognito_Subject";
const COGNITO = "Cognito";
/** Cognito links at most five external identities to one user. */
const MAX_LINKS = 5;

interface ProviderUser { readonly ProviderName?: string; readonly ProviderAttributeName?: string; readonly ProviderAttributeValue?: string }

/** One entry of the `identities` attribute (and of the ID token's `identities` claim). */
export interface IdentityEntry {
  readonly userId: string;
  readonly providerName: string;
  readonly providerType: string;
  readonly issuer: null;
  /** "true" for the identity a federated user was made from, "false" for a linked one. */
  readonly primary: string;
  readonly dateCreated: string;
}

export function identityEntry(userId: string, provider: IdentityProviderRecord, primary: boolean, dateCreated: number): IdentityEntry {
  return { userId, providerName: provider.ProviderName, providerType: provider.ProviderType, issuer: null, primary: String(primary), dateCreated: String(dateCreated) };
}

function identitiesOf(user: UserRecord): IdentityEntry[] {
  const text = attributeOf(user, "identities");
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed as IdentityEntry[] : [];
  } catch {
    return [];
  }
}

function withIdentities(user: UserRecord, entries: readonly IdentityEntry[], now: string): UserRecord {
  const Attributes = entries.length ? withAttributes(user, [{ Name: "identities", Value: JSON.stringify(entries) }]) : withAttributes(user, [], ["identities"]);
  return { ...user, Attributes, UserLastModifiedDate: now };
}

function field(user: ProviderUser, member: keyof ProviderUser, owner: string): string {
  const value = user[member];
  if (!value) throw cognitoErrors.invalidParameter(`${owner}.${member} is required.`);
  return value;
}

/** The user a provider's identity is linked to, if any: by its subject, or (SAML) by an attribute the link names. */
export function linkedUser(store: AccountStore, pool: PoolRecord, provider: IdentityProviderRecord, subject: string,
  claims: Readonly<Record<string, unknown>>): { userKey: string; user: UserRecord } | undefined {
  const links = cognitoTables.providerLinks(store);
  let link = links.get(key(pool.Id, provider.ProviderName, SUBJECT, subject));
  if (!link && provider.ProviderType === "SAML") {
    for (const [k, candidate] of links.withPrefix(key(pool.Id, provider.ProviderName, ""))) {
      const [, , attribute, value] = k.split("\u0000");
      const claim = claims[attribute!];
      if (attribute === SUBJECT || claim === undefined || claim === null) continue;
      if ((Array.isArray(claim) ? claim.map(String) : [String(claim)]).includes(value!)) { link = candidate; break; }
    }
  }
  const user = link && cognitoTables.users(store).get(key(pool.Id, link.userKey));
  return link && user ? { userKey: link.userKey, user } : undefined;
}

export const AdminLinkProviderForUser: Operation<{ UserPoolId: string; DestinationUser: ProviderUser; SourceUser: ProviderUser }, Record<string, never>> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const source = input.SourceUser;
  if (source.ProviderName === COGNITO) {
    throw cognitoErrors.invalidParameter("Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser");
  }
  const provider = requireIdentityProvider(store, pool.Id, field(source, "ProviderName", "SourceUser"));
  const attribute = field(source, "ProviderAttributeName", "SourceUser");
  const value = field(source, "ProviderAttributeValue", "SourceUser");
  if (attribute !== SUBJECT && provider.ProviderType !== "SAML") {
    throw cognitoErrors.invalidParameter(`Invalid SourceUser: ProviderAttributeName must be ${SUBJECT} for ${provider.ProviderType} identity providers.`);
  }
  const users = cognitoTables.users(store);
  if (attribute === SUBJECT && users.has(key(pool.Id, userKeyOf(pool, `${provider.ProviderName}_${value}`)))) {
    throw cognitoErrors.invalidParameter("Merging is not currently supported, provide a SourceUser that has not been signed up in order to link");
  }
  const destination = destinationOf(store, pool, input.DestinationUser);
  const links = cognitoTables.providerLinks(store);
  const linkKey = key(pool.Id, provider.ProviderName, attribute, value);
  const existing = links.get(linkKey);
  if (existing?.userKey === destination.userKey) return {};
  if (existing && users.has(key(pool.Id, existing.userKey))) {
    throw awsError("cognito-idp", "AliasExistsException", "The SourceUser is already linked to another user.");
  }
  const entries = identitiesOf(destination.user);
  if (entries.filter((e) => e.primary !== "true").length >= MAX_LINKS) {
    throw awsError("cognito-idp", "LimitExceededException", `A user can be linked to at most ${MAX_LINKS} identities of external providers.`);
  }
  const now = clock.now();
  links.put(linkKey, { userKey: destination.userKey, dateCreated: now.getTime() });
  const next = withIdentities(destination.user, [...entries, identityEntry(value, provider, false, now.getTime())], now.toISOString());
  saveUser(store, pool, destination.userKey, next, destination.user);
  return {};
};

/** DestinationUser: a user of the pool by username (ProviderName Cognito), or a federated user by its provider and id. */
function destinationOf(store: AccountStore, pool: PoolRecord, user: ProviderUser): { userKey: string; user: UserRecord } {
  const name = field(user, "ProviderName", "DestinationUser");
  const value = field(user, "ProviderAttributeValue", "DestinationUser");
  if (name === COGNITO) return requireUser(store, pool, value);
  requireIdentityProvider(store, pool.Id, name);
  const userKey = userKeyOf(pool, `${name}_${value}`);
  const found = cognitoTables.users(store).get(key(pool.Id, userKey));
  if (!found) throw cognitoErrors.userNotFound();
  return { userKey, user: found };
}

export const AdminDisableProviderForUser: Operation<{ UserPoolId: string; User: ProviderUser }, Record<string, never>> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const name = field(input.User, "ProviderName", "User");
  const attribute = field(input.User, "ProviderAttributeName", "User");
  const value = field(input.User, "ProviderAttributeValue", "User");
  const now = clock.now().toISOString();
  const disable = (userKey: string, user: UserRecord) => saveUser(store, pool, userKey, { ...user, Enabled: false, UserLastModifiedDate: now }, user);
  if (name === COGNITO) {
    // A user of the pool itself can no longer sign in with its password.
    if (attribute !== SUBJECT) throw cognitoErrors.invalidParameter(`To disable a Cognito user, ProviderAttributeName must be ${SUBJECT}.`);
    const { userKey, user } = requireUser(store, pool, value);
    disable(userKey, user);
    return {};
  }
  requireIdentityProvider(store, pool.Id, name);
  let found = false;
  const links = cognitoTables.providerLinks(store);
  const linkKey = key(pool.Id, name, attribute, value);
  const link = links.get(linkKey);
  if (link) {
    // Unlinked, the identity's next sign-in makes a user of its own, as its first did before the link.
    links.delete(linkKey);
    const destination = cognitoTables.users(store).get(key(pool.Id, link.userKey));
    if (destination) {
      const entries = identitiesOf(destination).filter((e) => !(e.providerName === name && e.userId === value && e.primary !== "true"));
      saveUser(store, pool, link.userKey, withIdentities(destination, entries, now), destination);
    }
    found = true;
  }
  if (attribute === SUBJECT) {
    const userKey = userKeyOf(pool, `${name}_${value}`);
    const federated = cognitoTables.users(store).get(key(pool.Id, userKey));
    if (federated) { disable(userKey, federated); found = true; }
  }
  if (!found) throw cognitoErrors.userNotFound();
  return {};
};

export const operations = { AdminLinkProviderForUser, AdminDisableProviderForUser };
