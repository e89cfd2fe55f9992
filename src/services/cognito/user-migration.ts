// User migration: a name that matches nobody, on a pool with a UserMigration trigger, is looked up in the
// old directory by the function. At sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH's
// PASSWORD) the user is created with the password they typed and the status the function chose (CONFIRMED
// by default); in the forgot-password flow, with no password and status RESET_REQUIRED.
import type { OperationContext } from "../operation.js";
import { newSub } from "./ids.js";
import type { AttributeType, ClientRecord, PoolRecord, UserRecord } from "./records.js";
import { userMigration } from "./triggers/auth-triggers.js";
import { checkAttributes, saveUser, userKeyOf } from "./user-records.js";
import { newUser, usernameFor } from "./users.js";

type Ctx = Omit<OperationContext<unknown>, "input">;
type Metadata = Readonly<Record<string, string>> | undefined;

/** The migrated user, saved; undefined when the pool has no migration trigger. */
export async function migrateUser(ctx: Ctx, pool: PoolRecord, client: ClientRecord, username: string, password: string | undefined,
  validationData: Metadata, clientMetadata: Metadata): Promise<{ userKey: string; user: UserRecord } | undefined> {
  const source = password === undefined ? "UserMigration_ForgotPassword" : "UserMigration_Authentication";
  const migrated = await userMigration(ctx, pool, source, client.ClientId, username, password, validationData, clientMetadata);
  if (!migrated) return undefined;
  const sub = newSub();
  const { username: name, attributes: fromUsername } = usernameFor(pool, username, sub);
  // Cognito owns sub and its own cognito: attributes; the rest must fit the pool's schema.
  const given: AttributeType[] = Object.entries(migrated.attributes)
    .filter(([n]) => n !== "sub" && !n.startsWith("cognito:") && !fromUsername.some((f) => f.Name === n))
    .map(([Name, Value]) => ({ Name, Value }));
  const attributes = [...fromUsername, ...given];
  checkAttributes(pool, attributes, { requireRequired: true });
  const status = password === undefined ? "RESET_REQUIRED" : migrated.finalUserStatus ?? "CONFIRMED";
  const user: UserRecord = { ...newUser(ctx, pool, name, sub, attributes, status, password), ...(migrated.enableSMSMFA && { smsMfaEnabled: true }) };
  const userKey = userKeyOf(pool, name);
  saveUser(ctx.store, pool, userKey, user, undefined, { forceAliases: migrated.forceAliasCreation });
  ctx.log.info(`cognito-idp ${pool.Id}: migrated ${name} (${status}) through the user migration trigger` +
    (migrated.messageAction === "SUPPRESS" ? "" : `; a welcome message would be sent by ${migrated.desiredDeliveryMediums.join(" and ") || "SMS"}`));
  return { userKey, user };
}
