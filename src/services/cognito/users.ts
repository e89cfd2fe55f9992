// Admin user APIs: AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminSetUserPassword, AdminConfirmSignUp,
// AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminDisableUser, AdminEnableUser,
// AdminResetUserPassword, AdminUserGlobalSignOut, ListUsers.
import { randomInt } from "node:crypto";
import type { Operation, OperationContext } from "../operation.js";
import { sendCode, type CodeDeliveryDetails } from "./codes.js";
import { cognitoErrors } from "./errors.js";
import { newSub, poolName } from "./ids.js";
import { pageOf } from "./pagination.js";
import { checkPasswordPolicy, temporaryPassword } from "./password-policy.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type AttributeType, type PoolRecord, type UserRecord } from "./records.js";
import { makeVerifier } from "./srp.js";
import { endAllSessions } from "./tokens.js";
import { postConfirmation, preSignUp } from "./triggers/sign-up-triggers.js";
import {
  attributeOf, checkAttributes, findUser, isEmail, isPhone, mfaShape, removeUser, requireUser, saveUser, userKeyOf, userShape, withAttributes, type UserShape,
} from "./user-records.js";

type Ctx = Pick<OperationContext<unknown>, "store" | "clock" | "log" | "lambda">;

/** The username a new user gets: pools that sign in with email or phone name users by their sub. */
export function usernameFor(pool: PoolRecord, given: string, sub: string): { username: string; attributes: AttributeType[] } {
  const by = (pool.settings.UsernameAttributes as string[] | undefined) ?? [];
  if (!by.length) return { username: given, attributes: [] };
  if (by.includes("email") && isEmail(given)) return { username: sub, attributes: [{ Name: "email", Value: given }] };
  if (by.includes("phone_number") && isPhone(given)) return { username: sub, attributes: [{ Name: "phone_number", Value: given }] };
  throw cognitoErrors.invalidParameter(by.includes("email") && !by.includes("phone_number") ? "Username should be an email." :
    by.includes("phone_number") && !by.includes("email") ? "Username should be a phone number." : "Username should be either an email or a phone number.");
}

/** A new user row (not yet saved): sub first among attributes, as AWS lists them. */
export function newUser(ctx: Ctx, pool: PoolRecord, username: string, sub: string, attributes: readonly AttributeType[], status: UserRecord["UserStatus"], password?: string): UserRecord {
  const now = ctx.clock.now().toISOString();
  const base: UserRecord = { Username: username, sub, Attributes: [{ Name: "sub", Value: sub }], UserCreateDate: now, UserLastModifiedDate: now, Enabled: true, UserStatus: status };
  return { ...base, Attributes: withAttributes(base, attributes), password: password === undefined ? undefined : makeVerifier(poolName(pool.Id), username, password) };
}

export function setPassword(ctx: Ctx, pool: PoolRecord, user: UserRecord, password: string, permanent: boolean): UserRecord {
  const now = ctx.clock.now();
  return {
    ...user, password: makeVerifier(poolName(pool.Id), user.Username, password),
    UserStatus: permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD",
    temporaryPasswordExpires: permanent ? undefined : new Date(now.getTime() + pool.passwordPolicy.TemporaryPasswordValidityDays * 86_400_000).toISOString(),
    UserLastModifiedDate: now.toISOString(),
  };
}

interface AdminCreateUserInput {
  UserPoolId: string; Username: string; UserAttributes?: AttributeType[]; ValidationData?: AttributeType[]; TemporaryPassword?: string;
  MessageAction?: "RESEND" | "SUPPRESS"; DesiredDeliveryMediums?: ("EMAIL" | "SMS")[]; ForceAliasCreation?: boolean; ClientMetadata?: Record<string, string>;
}

/** The invitation with the temporary password (logged, and at the codes endpoint), through the custom message trigger. */
async function invite(ctx: Ctx, pool: PoolRecord, userKey: string, user: UserRecord, password: string, input: AdminCreateUserInput): Promise<void> {
  const mediums = input.DesiredDeliveryMediums ?? ["SMS"];
  const attribute = mediums.includes("EMAIL") && attributeOf(user, "email") ? "email" : mediums.includes("SMS") && attributeOf(user, "phone_number") ? "phone_number" : attributeOf(user, "email") ? "email" : undefined;
  await sendCode(ctx, pool, userKey, user, "INVITATION", attribute, { source: "CustomMessage_AdminCreateUser", code: password, clientMetadata: input.ClientMetadata });
  ctx.log.info(`cognito-idp ${pool.Id}: invitation for ${user.Username} with temporary password ${password}${attribute ? ` (would be sent to ${attributeOf(user, attribute)})` : ""}`);
}

export const AdminCreateUser: Operation<AdminCreateUserInput, { User: UserShape }> = async (ctx) => {
  const { input, store } = ctx;
  const pool = requirePool(store, input.UserPoolId);
  if (input.MessageAction === "RESEND") {
    const { userKey, user } = requireUser(store, pool, input.Username);
    if (user.UserStatus !== "FORCE_CHANGE_PASSWORD") throw cognitoErrors.resendNotPossible(user.Username, user.UserStatus);
    const password = input.TemporaryPassword ?? temporaryPassword(pool, randomInt);
    const next = setPassword(ctx, pool, user, password, false);
    saveUser(store, pool, userKey, next, user);
    await invite(ctx, pool, userKey, next, password, input);
    return { User: userShape(next) };
  }
  if (findUser(store, pool, input.Username)) throw cognitoErrors.usernameExists();
  const sub = newSub();
  const { username, attributes: fromUsername } = usernameFor(pool, input.Username, sub);
  const attributes = [...fromUsername, ...(input.UserAttributes ?? []).filter((a) => !fromUsername.some((f) => f.Name === a.Name))];
  checkAttributes(pool, attributes, { requireRequired: true });
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(pool, input.TemporaryPassword, true);
  // Cognito ignores this trigger's auto-confirm answers for admin-created users; it may still refuse the user.
  await preSignUp(ctx, pool, "PreSignUp_AdminCreateUser", { username, attributes, validationData: input.ValidationData, clientMetadata: input.ClientMetadata });
  const password = input.TemporaryPassword ?? temporaryPassword(pool, randomInt);
  const userKey = userKeyOf(pool, username);
  const user = setPassword(ctx, pool, newUser(ctx, pool, username, sub, attributes, "FORCE_CHANGE_PASSWORD"), password, false);
  saveUser(store, pool, userKey, user, undefined, { forceAliases: input.ForceAliasCreation === true });
  if (input.MessageAction !== "SUPPRESS") await invite(ctx, pool, userKey, user, password, input);
  return { User: userShape(user) };
};

export const AdminGetUser: Operation<{ UserPoolId: string; Username: string }, Record<string, unknown>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const { user } = requireUser(store, pool, input.Username);
  const { Attributes, ...rest } = userShape(user);
  return { ...rest, UserAttributes: Attributes, ...mfaShape(user) };
};

export const AdminDeleteUser: Operation<{ UserPoolId: string; Username: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const { userKey, user } = requireUser(store, pool, input.Username);
  removeUser(store, pool, userKey, user);
  return {};
};

export const AdminSetUserPassword: Operation<{ UserPoolId: string; Username: string; Password: string; Permanent?: boolean }, Record<string, never>> = (ctx) => {
  const { input, store } = ctx;
  const pool = requirePool(store, input.UserPoolId);
  const { userKey, user } = requireUser(store, pool, input.Username);
  checkPasswordPolicy(pool, input.Password, true);
  saveUser(store, pool, userKey, setPassword(ctx, pool, user, input.Password, input.Permanent === true), user);
  return {};
};

export const AdminConfirmSignUp: Operation<{ UserPoolId: string; Username: string; ClientMetadata?: Record<string, string> }, Record<string, never>> = async (ctx) => {
  const { input, store, clock } = ctx;
  const pool = requirePool(store, input.UserPoolId);
  const { userKey, user } = requireUser(store, pool, input.Username);
  if (user.UserStatus !== "UNCONFIRMED") throw cognitoErrors.notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`);
  const confirmed: UserRecord = { ...user, UserStatus: "CONFIRMED", UserLastModifiedDate: clock.now().toISOString() };
  saveUser(store, pool, userKey, confirmed, user);
  postConfirmation(ctx, pool, "PostConfirmation_ConfirmSignUp", confirmed, undefined, input.ClientMetadata);
  return {};
};

/** Who asks for an attribute change, for the custom message trigger: the app client (none for admin APIs). */
export interface ChangeRequest { readonly admin: boolean; readonly clientId?: string; readonly clientMetadata?: Record<string, string> }

/** Attribute changes as both the admin and the user APIs apply them: a changed email or phone is unverified again. */
export async function applyAttributeChanges(ctx: Ctx, pool: PoolRecord, userKey: string, user: UserRecord, changes: readonly AttributeType[],
  request: ChangeRequest): Promise<{ user: UserRecord; deliveries: (CodeDeliveryDetails | undefined)[] }> {
  const { admin } = request;
  checkAttributes(pool, changes, { update: true });
  const extra: AttributeType[] = [];
  const toVerify: string[] = [];
  for (const name of ["email", "phone_number"]) {
    const change = changes.find((c) => c.Name === name);
    if (!change || change.Value === attributeOf(user, name)) continue;
    if (!changes.some((c) => c.Name === `${name}_verified`)) extra.push({ Name: `${name}_verified`, Value: "false" });
    const autoVerified = ((pool.settings.AutoVerifiedAttributes as string[] | undefined) ?? []).includes(name);
    if (autoVerified && !(admin && changes.some((c) => c.Name === `${name}_verified` && c.Value === "true"))) toVerify.push(name);
  }
  const next: UserRecord = { ...user, Attributes: withAttributes(user, [...changes, ...extra]), UserLastModifiedDate: ctx.clock.now().toISOString() };
  saveUser(ctx.store, pool, userKey, next, user);
  const deliveries: (CodeDeliveryDetails | undefined)[] = [];
  for (const name of toVerify) {
    deliveries.push(await sendCode(ctx, pool, userKey, next, "VERIFY_ATTRIBUTE", name,
      { source: "CustomMessage_UpdateUserAttribute", clientId: request.clientId, clientMetadata: request.clientMetadata }));
  }
  return { user: next, deliveries };
}

export const AdminUpdateUserAttributes: Operation<{ UserPoolId: string; Username: string; UserAttributes: AttributeType[]; ClientMetadata?: Record<string, string> }, Record<string, never>> = async (ctx) => {
  const pool = requirePool(ctx.store, ctx.input.UserPoolId);
  const { userKey, user } = requireUser(ctx.store, pool, ctx.input.Username);
  await applyAttributeChanges(ctx, pool, userKey, user, ctx.input.UserAttributes, { admin: true, clientMetadata: ctx.input.ClientMetadata });
  return {};
};

export function deleteAttributes(ctx: Ctx, pool: PoolRecord, userKey: string, user: UserRecord, names: readonly string[]): void {
  const problems: string[] = [];
  for (const name of names) {
    const schema = pool.schema.find((s) => s.Name === name);
    if (!schema) problems.push(`${name}: Attribute does not exist in the schema.`);
    else if (schema.Required || name === "sub") problems.push(`${name}: The attribute is required`);
  }
  if (problems.length) throw cognitoErrors.schemaViolation(problems);
  saveUser(ctx.store, pool, userKey, { ...user, Attributes: withAttributes(user, [], names), UserLastModifiedDate: ctx.clock.now().toISOString() }, user);
}

export const AdminDeleteUserAttributes: Operation<{ UserPoolId: string; Username: string; UserAttributeNames: string[] }, Record<string, never>> = (ctx) => {
  const pool = requirePool(ctx.store, ctx.input.UserPoolId);
  const { userKey, user } = requireUser(ctx.store, pool, ctx.input.Username);
  deleteAttributes(ctx, pool, userKey, user, ctx.input.UserAttributeNames);
  return {};
};

function setEnabled(enabled: boolean): Operation<{ UserPoolId: string; Username: string }, Record<string, never>> {
  return ({ input, store, clock }) => {
    const pool = requirePool(store, input.UserPoolId);
    const { userKey, user } = requireUser(store, pool, input.Username);
    saveUser(store, pool, userKey, { ...user, Enabled: enabled, UserLastModifiedDate: clock.now().toISOString() }, user);
    return {};
  };
}
export const AdminDisableUser = setEnabled(false);
export const AdminEnableUser = setEnabled(true);

export const AdminResetUserPassword: Operation<{ UserPoolId: string; Username: string; ClientMetadata?: Record<string, string> }, Record<string, never>> = async (ctx) => {
  const { input, store, clock } = ctx;
  const pool = requirePool(store, input.UserPoolId);
  const { userKey, user } = requireUser(store, pool, input.Username);
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  const next: UserRecord = { ...user, UserStatus: "RESET_REQUIRED", UserLastModifiedDate: clock.now().toISOString() };
  saveUser(store, pool, userKey, next, user);
  await sendCode(ctx, pool, userKey, next, "FORGOT_PASSWORD", recoveryAttribute(next), { source: "CustomMessage_ForgotPassword", clientMetadata: input.ClientMetadata });
  endAllSessions(store, pool.Id, user.sub);
  return {};
};

/** Where a reset code goes: a verified email, else a verified phone. */
export function recoveryAttribute(user: UserRecord): string | undefined {
  if (attributeOf(user, "email") && attributeOf(user, "email_verified") === "true") return "email";
  if (attributeOf(user, "phone_number") && attributeOf(user, "phone_number_verified") === "true") return "phone_number";
  return undefined;
}

export const AdminUserGlobalSignOut: Operation<{ UserPoolId: string; Username: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const { user } = requireUser(store, pool, input.Username);
  endAllSessions(store, pool.Id, user.sub);
  return {};
};

// ListUsers' Filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix), on these attributes.
const SEARCHABLE = new Set(["username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username", "cognito:user_status", "status", "sub"]);

export function parseFilter(filter: string | undefined): ((user: UserRecord) => boolean) | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const m = /^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!m) throw cognitoErrors.invalidParameter("Error while parsing filter.");
  const [, name, op, raw] = m as unknown as [string, string, string, string];
  if (!SEARCHABLE.has(name)) throw cognitoErrors.invalidParameter(`Invalid search attribute: ${name}`);
  const wanted = raw.replace(/\\(.)/g, "$1");
  const valueOf = (u: UserRecord): string | undefined =>
    name === "username" ? u.Username : name === "cognito:user_status" ? u.UserStatus : name === "status" ? (u.Enabled ? "Enabled" : "Disabled") : attributeOf(u, name);
  return (u) => {
    const value = valueOf(u);
    return value !== undefined && (op === "=" ? value === wanted : value.startsWith(wanted));
  };
}

export const ListUsers: Operation<{ UserPoolId: string; AttributesToGet?: string[]; Limit?: number; PaginationToken?: string; Filter?: string }, { Users: UserShape[]; PaginationToken?: string }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const keep = parseFilter(input.Filter) ?? (() => true);
  const page = pageOf(cognitoTables.users(store), key(pool.Id, ""), input.PaginationToken, input.Limit || 60, keep, (u) => userShape(u, input.AttributesToGet));
  return { Users: page.items, PaginationToken: page.next };
};

export const operations = {
  AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminSetUserPassword, AdminConfirmSignUp, AdminUpdateUserAttributes,
  AdminDeleteUserAttributes, AdminDisableUser, AdminEnableUser, AdminResetUserPassword, AdminUserGlobalSignOut, ListUsers,
};
