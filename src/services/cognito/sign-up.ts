// Self sign-up and password recovery: SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
// ConfirmForgotPassword. The codes go to the emulator's log and GET /_emulator/cognito/codes.
import type { Operation, OperationContext } from "../operation.js";
import { sendCode, spendCode, type CodeDeliveryDetails } from "./codes.js";
import { checkSecretHash, locateClient } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { newSub } from "./ids.js";
import { checkPasswordPolicy } from "./password-policy.js";
import { cognitoTables, key, type AttributeType, type PoolRecord, type UserRecord } from "./records.js";
import { attributeOf, checkAttributes, findUser, saveUser, userKeyOf, withAttributes } from "./user-records.js";
import { newUser, recoveryAttribute, setPassword, usernameFor } from "./users.js";

/** The attribute a sign-up code goes to: the first auto-verified attribute the user has. */
function signUpAttribute(pool: PoolRecord, user: UserRecord): string | undefined {
  const auto = (pool.settings.AutoVerifiedAttributes as string[] | undefined) ?? [];
  return ["email", "phone_number"].find((a) => auto.includes(a) && attributeOf(user, a));
}

interface SignUpInput { ClientId: string; SecretHash?: string; Username: string; Password?: string; UserAttributes?: AttributeType[] }

export const SignUp: Operation<SignUpInput, { UserConfirmed: boolean; UserSub: string; CodeDeliveryDetails?: CodeDeliveryDetails }> = (outer) => {
  const { store, pool, client } = locateClient(outer.store, outer.input.ClientId);
  const ctx = { ...outer, store };
  const { input } = ctx;
  checkSecretHash(client, input.SecretHash, input.Username);
  if ((pool.settings.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined)?.AllowAdminCreateUserOnly) {
    throw cognitoErrors.notAuthorized("SignUp is not permitted for this user pool");
  }
  if (input.Password === undefined) throw cognitoErrors.invalidParameter("Password is required for this sign-up: AWS Identity Emulator does not offer passwordless sign-up.");
  const sub = newSub();
  const { username, attributes: fromUsername } = usernameFor(pool, input.Username, sub);
  const attributes = [...fromUsername, ...(input.UserAttributes ?? []).filter((a) => !fromUsername.some((f) => f.Name === a.Name))];
  checkAttributes(pool, attributes, { requireRequired: true });
  checkPasswordPolicy(pool, input.Password);
  if (findUser(store, pool, input.Username)) {
    throw cognitoErrors.usernameExists(fromUsername.length ? `An account with the given ${fromUsername[0]!.Name} already exists.` : "User already exists");
  }
  const userKey = userKeyOf(pool, username);
  const user = newUser(ctx, pool, username, sub, attributes, "UNCONFIRMED", input.Password);
  saveUser(store, pool, userKey, user);
  const delivery = sendCode(ctx, pool, userKey, user, "SIGN_UP", signUpAttribute(pool, user));
  return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: delivery };
};

interface ClientUserInput { ClientId: string; SecretHash?: string; Username: string }
interface ConfirmInput extends ClientUserInput { ConfirmationCode: string }

/** The user an unauthenticated API names through its app client, SECRET_HASH checked first as Cognito does. */
function userOfClient<I extends ClientUserInput>(outer: OperationContext<I>) {
  const { store, pool, client } = locateClient(outer.store, outer.input.ClientId);
  const found = findUser(store, pool, outer.input.Username);
  checkSecretHash(client, outer.input.SecretHash, outer.input.Username, found?.user.Username);
  if (!found) throw cognitoErrors.userNotFound();
  return { ctx: { ...outer, store }, store, pool, found };
}

export const ConfirmSignUp: Operation<ConfirmInput, Record<string, never>> = (outer) => {
  const { ctx, store, pool, found } = userOfClient(outer);
  const { userKey, user } = found;
  if (user.UserStatus !== "UNCONFIRMED") throw cognitoErrors.notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`);
  const code = cognitoTables.codes(store).get(key(pool.Id, userKey, "SIGN_UP"));
  spendCode(ctx, pool, userKey, "SIGN_UP", ctx.input.ConfirmationCode);
  // Confirming with a code proves the address it went to.
  const verified = code?.attribute ? [{ Name: `${code.attribute}_verified`, Value: "true" }] : [];
  saveUser(store, pool, userKey, { ...user, UserStatus: "CONFIRMED", Attributes: withAttributes(user, verified), UserLastModifiedDate: ctx.clock.now().toISOString() }, user);
  return {};
};

export const ResendConfirmationCode: Operation<ClientUserInput, { CodeDeliveryDetails?: CodeDeliveryDetails }> = (outer) => {
  const { ctx, pool, found } = userOfClient(outer);
  if (found.user.UserStatus !== "UNCONFIRMED") throw cognitoErrors.invalidParameter("User is already confirmed.");
  return { CodeDeliveryDetails: sendCode(ctx, pool, found.userKey, found.user, "SIGN_UP", signUpAttribute(pool, found.user)) };
};

export const ForgotPassword: Operation<ClientUserInput, { CodeDeliveryDetails?: CodeDeliveryDetails }> = (outer) => {
  const { ctx, pool, found } = userOfClient(outer);
  if (!found.user.Enabled) throw cognitoErrors.userDisabled();
  const attribute = recoveryAttribute(found.user);
  if (!attribute) throw cognitoErrors.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
  return { CodeDeliveryDetails: sendCode(ctx, pool, found.userKey, found.user, "FORGOT_PASSWORD", attribute) };
};

export const ConfirmForgotPassword: Operation<ConfirmInput & { Password: string }, Record<string, never>> = (outer) => {
  const { ctx, store, pool, found } = userOfClient(outer);
  const { userKey, user } = found;
  spendCode(ctx, pool, userKey, "FORGOT_PASSWORD", ctx.input.ConfirmationCode);
  checkPasswordPolicy(pool, ctx.input.Password);
  saveUser(store, pool, userKey, setPassword(ctx, pool, user, ctx.input.Password, true), user);
  return {};
};

export const operations = { SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword };
