// What a signed-in user does with their access token: GetUser, UpdateUserAttributes, DeleteUserAttributes,
// GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, DeleteUser, GlobalSignOut; and
// RevokeToken (a refresh token and the access tokens issued from it).
import { sameSecret } from "../../constant-time.js";
import type { Clock } from "../../clock.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { sendCode, spendCode, type CodeDeliveryDetails } from "./codes.js";
import { locateClient } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { poolName } from "./ids.js";
import { checkPasswordPolicy } from "./password-policy.js";
import { cognitoTables, key, type AttributeType, type PoolRecord, type SessionRecord, type UserRecord } from "./records.js";
import { verifierMatches } from "./srp.js";
import { API_SCOPE, authenticateAccessToken, endAllSessions, parseRefreshToken } from "./tokens.js";
import { attributeOf, mfaShape, removeUser, saveUser, userKeyOf, userShape, withAttributes } from "./user-records.js";
import { applyAttributeChanges, deleteAttributes, setPassword } from "./users.js";

export interface SignedInUser { store: AccountStore; pool: PoolRecord; userKey: string; user: UserRecord; session: SessionRecord }

/** The user an access token belongs to, refused as AWS refuses it (expired, revoked, deleted, disabled). */
export async function signedInUser(store: AccountStore, clock: Clock, token: string): Promise<SignedInUser> {
  const { store: home, pool, session, claims } = await authenticateAccessToken(store, clock, token);
  // OAuth access tokens reach the user API only with this scope, as on AWS.
  if (!claims.scope?.split(" ").includes(API_SCOPE)) throw cognitoErrors.notAuthorized("Access Token does not have required scopes");
  const userKey = userKeyOf(pool, claims.username);
  const user = cognitoTables.users(home).get(key(pool.Id, userKey));
  if (!user || user.sub !== claims.sub) throw cognitoErrors.notAuthorized("User does not exist.");
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return { store: home, pool, userKey, user, session };
}

export const GetUser: Operation<{ AccessToken: string }, Record<string, unknown>> = async ({ input, store, clock }) => {
  const { user } = await signedInUser(store, clock, input.AccessToken);
  return { Username: user.Username, UserAttributes: userShape(user).Attributes, ...mfaShape(user) };
};

export const UpdateUserAttributes: Operation<{ AccessToken: string; UserAttributes: AttributeType[]; ClientMetadata?: Record<string, string> }, { CodeDeliveryDetailsList?: CodeDeliveryDetails[] }> = async (ctx) => {
  const me = await signedInUser(ctx.store, ctx.clock, ctx.input.AccessToken);
  const writable = (cognitoTables.clients(me.store).get(key(me.pool.Id, me.session.clientId))?.settings.WriteAttributes as string[] | undefined);
  const refused = ctx.input.UserAttributes.filter((a) => a.Name.endsWith("_verified") || (writable?.length && !writable.includes(a.Name)));
  if (refused.length) throw cognitoErrors.notAuthorized(`A client attempted to write unauthorized attribute`);
  const { deliveries } = await applyAttributeChanges({ ...ctx, store: me.store }, me.pool, me.userKey, me.user, ctx.input.UserAttributes,
    { admin: false, clientId: me.session.clientId, clientMetadata: ctx.input.ClientMetadata });
  const list = deliveries.filter((d): d is CodeDeliveryDetails => d !== undefined);
  return { CodeDeliveryDetailsList: list.length ? list : undefined };
};

export const DeleteUserAttributes: Operation<{ AccessToken: string; UserAttributeNames: string[] }, Record<string, never>> = async (ctx) => {
  const me = await signedInUser(ctx.store, ctx.clock, ctx.input.AccessToken);
  deleteAttributes({ ...ctx, store: me.store }, me.pool, me.userKey, me.user, ctx.input.UserAttributeNames);
  return {};
};

export const GetUserAttributeVerificationCode: Operation<{ AccessToken: string; AttributeName: string; ClientMetadata?: Record<string, string> }, { CodeDeliveryDetails?: CodeDeliveryDetails }> = async (ctx) => {
  const me = await signedInUser(ctx.store, ctx.clock, ctx.input.AccessToken);
  const name = ctx.input.AttributeName;
  if ((name !== "email" && name !== "phone_number") || !attributeOf(me.user, name)) {
    throw cognitoErrors.invalidParameter(`${name} is not a verifiable attribute of this user: only a set email or phone_number can be verified.`);
  }
  return { CodeDeliveryDetails: await sendCode({ ...ctx, store: me.store }, me.pool, me.userKey, me.user, "VERIFY_ATTRIBUTE", name,
    { source: "CustomMessage_VerifyUserAttribute", clientId: me.session.clientId, clientMetadata: ctx.input.ClientMetadata }) };
};

export const VerifyUserAttribute: Operation<{ AccessToken: string; AttributeName: string; Code: string }, Record<string, never>> = async (ctx) => {
  const me = await signedInUser(ctx.store, ctx.clock, ctx.input.AccessToken);
  const name = ctx.input.AttributeName;
  spendCode({ ...ctx, store: me.store }, me.pool, me.userKey, "VERIFY_ATTRIBUTE", ctx.input.Code, name);
  saveUser(me.store, me.pool, me.userKey, { ...me.user, Attributes: withAttributes(me.user, [{ Name: `${name}_verified`, Value: "true" }]), UserLastModifiedDate: ctx.clock.now().toISOString() }, me.user);
  return {};
};

export const ChangePassword: Operation<{ AccessToken: string; PreviousPassword?: string; ProposedPassword: string }, Record<string, never>> = async (ctx) => {
  const me = await signedInUser(ctx.store, ctx.clock, ctx.input.AccessToken);
  const previous = ctx.input.PreviousPassword;
  if (previous === undefined || !me.user.password || !verifierMatches(me.user.password, poolName(me.pool.Id), me.user.Username, previous)) {
    throw cognitoErrors.incorrectPassword();
  }
  checkPasswordPolicy(me.pool, ctx.input.ProposedPassword);
  saveUser(me.store, me.pool, me.userKey, setPassword({ ...ctx, store: me.store }, me.pool, me.user, ctx.input.ProposedPassword, true), me.user);
  return {};
};

export const DeleteUser: Operation<{ AccessToken: string }, Record<string, never>> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  removeUser(me.store, me.pool, me.userKey, me.user);
  return {};
};

export const GlobalSignOut: Operation<{ AccessToken: string }, Record<string, never>> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  endAllSessions(me.store, me.pool.Id, me.user.sub);
  return {};
};

export const RevokeToken: Operation<{ Token: string; ClientId: string; ClientSecret?: string }, Record<string, never>> = ({ input, store }) => {
  const { store: home, pool, client } = locateClient(store, input.ClientId);
  if (client.ClientSecret && (input.ClientSecret === undefined || !sameSecret(input.ClientSecret, client.ClientSecret))) {
    throw cognitoErrors.badClientCredentials();
  }
  if (client.settings.EnableTokenRevocation === false) throw cognitoErrors.unsupported("Token revocation is not enabled for this client.");
  const parts = parseRefreshToken(input.Token);
  if (!parts) throw cognitoErrors.unsupportedTokenType();
  const sessions = cognitoTables.sessions(home);
  const k = key(pool.Id, parts.sub, parts.originJti);
  const session = sessions.get(k);
  // Revoking what is already revoked succeeds (RFC 7009), but a token of another client does not.
  if (session && sameSecret(parts.secret, session.secret)) {
    if (session.clientId !== client.ClientId) throw cognitoErrors.badClientCredentials();
    sessions.delete(k);
  }
  return {};
};

export const operations = {
  GetUser, UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute, ChangePassword, DeleteUser,
  GlobalSignOut, RevokeToken,
};
