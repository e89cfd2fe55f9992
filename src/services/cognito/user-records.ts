// Users as rows: finding one by username, alias or sub; saving one with its alias index kept unique;
// checking attributes against the pool's schema; and the UserType shape the APIs return.
import type { AccountStore } from "../../store/store.js";
import { cognitoErrors } from "./errors.js";
import { cognitoTables, key, type AttributeType, type PoolRecord, type UserRecord } from "./records.js";

export const isEmail = (value: string): boolean => /^[^@\s]+@[^@\s]+$/.test(value);
export const isPhone = (value: string): boolean => /^\+[0-9]{4,20}$/.test(value);

/** Usernames are case-insensitive only when the pool says so (UsernameConfiguration.CaseSensitive false). */
export function userKeyOf(pool: PoolRecord, username: string): string {
  const config = pool.settings.UsernameConfiguration as { CaseSensitive?: boolean } | undefined;
  return config?.CaseSensitive === false ? username.toLowerCase() : username;
}

export function attributeOf(user: UserRecord, name: string): string | undefined {
  return user.Attributes.find((a) => a.Name === name)?.Value;
}

export function withAttributes(user: UserRecord, changes: readonly AttributeType[], remove: readonly string[] = []): AttributeType[] {
  const out = new Map(user.Attributes.map((a) => [a.Name, a.Value ?? ""]));
  for (const name of remove) out.delete(name);
  for (const a of changes) out.set(a.Name, a.Value ?? "");
  return [...out].map(([Name, Value]) => ({ Name, Value }));
}

const usernameAttributes = (pool: PoolRecord) => (pool.settings.UsernameAttributes as string[] | undefined) ?? [];
const aliasAttributes = (pool: PoolRecord) => (pool.settings.AliasAttributes as string[] | undefined) ?? [];

/** The user a sign-in or admin call names: by username, then sign-in alias, then sub. */
export function findUser(store: AccountStore, pool: PoolRecord, name: string): { userKey: string; user: UserRecord } | undefined {
  const users = cognitoTables.users(store);
  const direct = userKeyOf(pool, name);
  const user = users.get(key(pool.Id, direct));
  if (user) return { userKey: direct, user };
  const aliases = cognitoTables.aliases(store);
  for (const attribute of [...usernameAttributes(pool), ...aliasAttributes(pool), "sub"]) {
    const userKey = aliases.get(key(pool.Id, attribute, attribute === "sub" ? name : name.toLowerCase()));
    const found = userKey === undefined ? undefined : users.get(key(pool.Id, userKey));
    if (found) return { userKey: userKey!, user: found };
  }
  return undefined;
}

export function requireUser(store: AccountStore, pool: PoolRecord, name: string): { userKey: string; user: UserRecord } {
  const found = findUser(store, pool, name);
  if (!found) throw cognitoErrors.userNotFound();
  return found;
}

/** Alias rows a user should own: sub always; username attributes always; alias attributes once verified. */
function aliasesOf(pool: PoolRecord, user: UserRecord): Map<string, string> {
  const out = new Map<string, string>([[key(pool.Id, "sub", user.sub), "sub"]]);
  for (const attribute of usernameAttributes(pool)) {
    const value = attributeOf(user, attribute);
    if (value) out.set(key(pool.Id, attribute, value.toLowerCase()), attribute);
  }
  for (const attribute of aliasAttributes(pool)) {
    const value = attributeOf(user, attribute);
    const verified = attribute === "preferred_username" || attributeOf(user, `${attribute}_verified`) === "true";
    if (value && verified) out.set(key(pool.Id, attribute, value.toLowerCase()), attribute);
  }
  return out;
}

/**
 * Writes the user and its alias rows; a value another user already signs in with is refused, unless
 * `forceAliases` (ForceAliasCreation) moves a sign-in alias over: the other user's attribute becomes unverified.
 */
export function saveUser(store: AccountStore, pool: PoolRecord, userKey: string, user: UserRecord, previous?: UserRecord, options: { forceAliases?: boolean } = {}): void {
  const aliases = cognitoTables.aliases(store);
  const next = aliasesOf(pool, user);
  const before = previous ? aliasesOf(pool, previous) : new Map<string, string>();
  for (const [k, attribute] of next) {
    const owner = aliases.get(k);
    const other = owner !== undefined && owner !== userKey ? cognitoTables.users(store).get(key(pool.Id, owner)) : undefined;
    if (!other) continue;
    const label = attribute === "phone_number" ? "phone_number" : attribute;
    if (usernameAttributes(pool).includes(attribute)) throw cognitoErrors.usernameExists(`An account with the given ${label} already exists.`);
    if (!options.forceAliases || attribute === "preferred_username") throw cognitoErrors.aliasExists(label);
    saveUser(store, pool, owner!, { ...other, Attributes: withAttributes(other, [{ Name: `${attribute}_verified`, Value: "false" }]) }, other);
  }
  for (const k of before.keys()) if (!next.has(k)) aliases.delete(k);
  for (const k of next.keys()) aliases.put(k, userKey);
  cognitoTables.users(store).put(key(pool.Id, userKey), user);
}

/** Removes a user and everything hanging off it: aliases, groups, codes, sessions, devices, passkeys, provider links. */
export function removeUser(store: AccountStore, pool: PoolRecord, userKey: string, user: UserRecord): void {
  const aliases = cognitoTables.aliases(store);
  for (const k of aliasesOf(pool, user).keys()) if (aliases.get(k) === userKey) aliases.delete(k);
  const userGroups = cognitoTables.userGroups(store);
  for (const [k] of [...userGroups.withPrefix(key(pool.Id, userKey, ""))]) {
    userGroups.delete(k);
    cognitoTables.groupMembers(store).delete(key(pool.Id, k.slice(k.lastIndexOf("\u0000") + 1), userKey));
  }
  const codes = cognitoTables.codes(store);
  for (const [k] of [...codes.withPrefix(key(pool.Id, userKey, ""))]) codes.delete(k);
  const sessions = cognitoTables.sessions(store);
  for (const [k] of [...sessions.withPrefix(key(pool.Id, user.sub, ""))]) sessions.delete(k);
  const devices = cognitoTables.devices(store);
  for (const [k] of [...devices.withPrefix(key(pool.Id, userKey, ""))]) devices.delete(k);
  const passkeys = cognitoTables.webAuthnCredentials(store);
  for (const [k] of [...passkeys.withPrefix(key(pool.Id, userKey, ""))]) passkeys.delete(k);
  cognitoTables.webAuthnRegistrations(store).delete(key(pool.Id, userKey));
  const challenges = cognitoTables.webAuthnChallenges(store);
  for (const [k] of [...challenges.withPrefix(key(pool.Id, userKey, ""))]) challenges.delete(k);
  // Links to it: a later user of the same name must not inherit them.
  const links = cognitoTables.providerLinks(store);
  for (const [k, link] of [...links.withPrefix(key(pool.Id, ""))]) if (link.userKey === userKey) links.delete(k);
  cognitoTables.users(store).delete(key(pool.Id, userKey));
}

export interface AttributeRules {
  /** Creating a user: the schema's required attributes must be present. */
  readonly requireRequired?: boolean;
  /** Updating: immutable attributes may not change. */
  readonly update?: boolean;
  /** The user APIs (not admin) may not write developer-only attributes. */
  readonly developer?: boolean;
}

/** Checks attribute names and values against the pool's schema (InvalidParameterException as AWS words it). */
export function checkAttributes(pool: PoolRecord, attributes: readonly AttributeType[], rules: AttributeRules = {}): void {
  const problems: string[] = [];
  const byName = new Map(pool.schema.map((a) => [a.Name, a]));
  for (const a of attributes) {
    const schema = byName.get(a.Name);
    if (!schema) { problems.push(`${a.Name}: Attribute does not exist in the schema.`); continue; }
    if (a.Name === "sub" || (rules.update && schema.Mutable === false)) problems.push(`${a.Name}: Attribute cannot be updated. (changing an immutable attribute)`);
    const value = a.Value ?? "";
    const max = Number(schema.StringAttributeConstraints?.MaxLength ?? 2048);
    if (schema.AttributeDataType === "String" && value.length > max) problems.push(`${a.Name}: String must be no longer than ${max} characters`);
    if (schema.AttributeDataType === "Number" && value !== "" && !/^-?\d+(\.\d+)?$/.test(value)) problems.push(`${a.Name}: Number must be a number`);
    if (schema.AttributeDataType === "Boolean" && value !== "true" && value !== "false") problems.push(`${a.Name}: Boolean must be true or false`);
    if (a.Name === "email" && value !== "" && !isEmail(value)) problems.push("email: Invalid email address format.");
    if (a.Name === "phone_number" && value !== "" && !isPhone(value)) problems.push("phone_number: Invalid phone number format.");
  }
  if (rules.requireRequired) {
    for (const s of pool.schema) {
      if (s.Required && s.Name !== "sub" && !attributes.some((a) => a.Name === s.Name && a.Value)) problems.push(`${s.Name}: The attribute is required`);
    }
  }
  if (problems.length) throw cognitoErrors.schemaViolation(problems);
}

export interface UserShape {
  Username: string; Attributes: AttributeType[]; UserCreateDate: string; UserLastModifiedDate: string; Enabled: boolean; UserStatus: string;
}

export function userShape(user: UserRecord, only?: readonly string[]): UserShape {
  const attributes = user.Attributes.filter((a) => !only || only.includes(a.Name)).map((a) => ({ Name: a.Name, Value: a.Value }));
  return { Username: user.Username, Attributes: attributes, UserCreateDate: user.UserCreateDate, UserLastModifiedDate: user.UserLastModifiedDate,
    Enabled: user.Enabled, UserStatus: user.UserStatus };
}

/** The MFA fields of AdminGetUser and GetUser. */
export function mfaShape(user: UserRecord): { PreferredMfaSetting?: string; UserMFASettingList?: string[] } {
  const list = [user.smsMfaEnabled && "SMS_MFA", user.totpEnabled && "SOFTWARE_TOKEN_MFA", user.emailMfaEnabled && "EMAIL_OTP"].filter((f): f is string => typeof f === "string");
  return list.length ? { PreferredMfaSetting: user.preferredMfa, UserMFASettingList: list } : {};
}
