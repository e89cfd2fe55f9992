// Self sign-up and password recovery: SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
// ConfirmForgotPassword. The codes go to the emulator's log and GET /_emulator/cognito/codes. The pre
// sign-up, post confirmation, user migration and custom message triggers run where Cognito runs them.
import type { Operation, OperationContext } from "../operation.js";
import { sendCode, spendCode, type CodeDeliveryDetails } from "./codes.js";
import { checkSecretHash, locateClient } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { newSub } from "./ids.js";
import { checkPasswordPolicy } from "./password-policy.js";
import { cognitoTables, key, type AttributeType, type PoolRecord, type UserRecord } from "./records.js";
import { postConfirmation, preSignUp } from "./triggers/sign-up-triggers.js";
import { invalidLambdaResponse } from "./triggers/run-trigger.js";
import { migrateUser } from "./user-migration.js";
import { attributeOf, checkAttributes, findUser, saveUser, userKeyOf, withAttributes } from "./user-records.js";
import { newUser, recoveryAttribute, setPassword, usernameFor } from "./users.js";

type Metadata = Record<string, string> | undefined;

/** The attribute a sign-up code goes to: the first auto-verified attribute the user has. */
function signUpAttribute(pool: PoolRecord, user: UserRecord): string | undefined {
  const auto = (pool.settings.AutoVerifiedAttributes as string[] | undefined) ?? [];
  return ["email", "phone_number"].find((a) => auto.includes(a) && attributeOf(user, a));
}

interface SignUpInput {
  ClientId: string; SecretHash?: string; Username: string; Password?: string; UserAttributes?: AttributeType[];
  ValidationData?: AttributeType[]; ClientMetadata?: Metadata;
}

export const SignUp: Operation<SignUpInput, { UserConfirmed: boolean; UserSub: string; CodeDeliveryDetails?: CodeDeliveryDetails }> = async (outer) => {
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
  const answer = await preSignUp(ctx, pool, "PreSignUp_SignUp", {
    username, clientId: client.ClientId, attributes, validationData: input.ValidationData, clientMetadata: input.ClientMetadata,
  });
  const verified: AttributeType[] = [];
  for (const [wanted, attribute] of [[answer.autoVerifyEmail, "email"], [answer.autoVerifyPhone, "phone_number"]] as const) {
    if (!wanted) continue;
    if (!attributes.some((a) => a.Name === attribute && a.Value)) {
      throw invalidLambdaResponse(`Invalid lambda response: auto${attribute === "email" ? "VerifyEmail" : "VerifyPhone"} is true but the user has no ${attribute}.`);
    }
    verified.push({ Name: `${attribute}_verified`, Value: "true" });
  }
  const userKey = userKeyOf(pool, username);
  const created = newUser(ctx, pool, username, sub, attributes, answer.autoConfirmUser ? "CONFIRMED" : "UNCONFIRMED", input.Password);
  const user: UserRecord = verified.length ? { ...created, Attributes: withAttributes(created, verified) } : created;
  saveUser(store, pool, userKey, user, undefined, { forceAliases: verified.length > 0 });
  // A user the trigger confirmed needs no code (and Cognito raises no post confirmation for it).
  if (answer.autoConfirmUser) return { UserConfirmed: true, UserSub: sub };
  const delivery = await sendCode(ctx, pool, userKey, user, "SIGN_UP", signUpAttribute(pool, user),
    { source: "CustomMessage_SignUp", clientId: client.ClientId, clientMetadata: input.ClientMetadata });
  return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: delivery };
};

interface ClientUserInput { ClientId: string; SecretHash?: string; Username: string; ClientMetadata?: Metadata }
interface ConfirmInput extends ClientUserInput { ConfirmationCode: string }

/** The unauthenticated APIs name a user through an app client; SECRET_HASH is checked first, as Cognito does. */
function clientUser<I extends ClientUserInput>(outer: OperationContext<I>) {
  const { store, pool, client } = locateClient(outer.store, outer.input.ClientId);
  const found = findUser(store, pool, outer.input.Username);
  checkSecretHash(client, outer.input.SecretHash, outer.input.Username, found?.user.Username);
  return { ctx: { ...outer, store }, store, pool, client, found };
}

function userOfClient<I extends ClientUserInput>(outer: OperationContext<I>) {
  const located = clientUser(outer);
  if (!located.found) throw cognitoErrors.userNotFound();
  return { ...located, found: located.found };
}

export const ConfirmSignUp: Operation<ConfirmInput, Record<string, never>> = async (outer) => {
  const { ctx, store, pool, client, found } = userOfClient(outer);
  const { userKey, user } = found;
  if (user.UserStatus !== "UNCONFIRMED") throw cognitoErrors.notAuthorized(`User cannot be confirmed. Current status is ${user.UserStatus}`);
  const code = cognitoTables.codes(store).get(key(pool.Id, userKey, "SIGN_UP"));
  spendCode(ctx, pool, userKey, "SIGN_UP", ctx.input.ConfirmationCode);
  // Confirming with a code proves the address it went to.
  const verified = code?.attribute ? [{ Name: `${code.attribute}_verified`, Value: "true" }] : [];
  const confirmed: UserRecord = { ...user, UserStatus: "CONFIRMED", Attributes: withAttributes(user, verified), UserLastModifiedDate: ctx.clock.now().toISOString() };
  saveUser(store, pool, userKey, confirmed, user);
  postConfirmation(ctx, pool, "PostConfirmation_ConfirmSignUp", confirmed, client.ClientId, ctx.input.ClientMetadata);
  return {};
};

export const ResendConfirmationCode: Operation<ClientUserInput, { CodeDeliveryDetails?: CodeDeliveryDetails }> = async (outer) => {
  const { ctx, pool, client, found } = userOfClient(outer);
  if (found.user.UserStatus !== "UNCONFIRMED") throw cognitoErrors.invalidParameter("User is already confirmed.");
  return { CodeDeliveryDetails: await sendCode(ctx, pool, found.userKey, found.user, "SIGN_UP", signUpAttribute(pool, found.user),
    { source: "CustomMessage_ResendCode", clientId: client.ClientId, clientMetadata: ctx.input.ClientMetadata }) };
};

export const ForgotPassword: Operation<ClientUserInput, { CodeDeliveryDetails?: CodeDeliveryDetails }> = async (outer) => {
  const { ctx, pool, client, found: existing } = clientUser(outer);
  // A user the pool does not know yet may live in the old directory: the migration trigger brings it over.
  const found = existing ?? await migrateUser(ctx, pool, client, ctx.input.Username, undefined, undefined, ctx.input.ClientMetadata);
  if (!found) throw cognitoErrors.userNotFound();
  if (!found.user.Enabled) throw cognitoErrors.userDisabled();
  const attribute = recoveryAttribute(found.user);
  if (!attribute) throw cognitoErrors.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
  return { CodeDeliveryDetails: await sendCode(ctx, pool, found.userKey, found.user, "FORGOT_PASSWORD", attribute,
    { source: "CustomMessage_ForgotPassword", clientId: client.ClientId, clientMetadata: ctx.input.ClientMetadata }) };
};

export const ConfirmForgotPassword: Operation<ConfirmInput & { Password: string }, Record<string, never>> = async (outer) => {
  const { ctx, store, pool, client, found } = userOfClient(outer);
  const { userKey, user } = found;
  spendCode(ctx, pool, userKey, "FORGOT_PASSWORD", ctx.input.ConfirmationCode);
  checkPasswordPolicy(pool, ctx.input.Password);
  const next = setPassword(ctx, pool, user, ctx.input.Password, true);
  saveUser(store, pool, userKey, next, user);
  postConfirmation(ctx, pool, "PostConfirmation_ConfirmForgotPassword", next, client.ClientId, ctx.input.ClientMetadata);
  return {};
};

export const operations = { SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword };
