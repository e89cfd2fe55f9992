// A sign-in once its first factor is proven, whichever flow proved it (a password, SRP, a custom challenge,
// a one-time code, and the hosted UI): the account's state, then a remembered device or MFA, then tokens
// with the pre token generation, post authentication and device tracking around them. Shared by
// InitiateAuth, RespondToAuthChallenge and every other path that signs a user in.
import type { OperationContext } from "../operation.js";
import { challengeSession, type ChallengeName, type SignInState } from "./challenge-sessions.js";
import { sendCode } from "./codes.js";
import { deviceTracking, findDevice, newDeviceIdentifiers } from "./device-records.js";
import { cognitoErrors } from "./errors.js";
import { cognitoTables, type ClientRecord, type MfaFactor, type PoolRecord, type UserRecord } from "./records.js";
import { signIn, type AuthenticationResult } from "./tokens.js";
import { postAuthentication } from "./triggers/auth-triggers.js";
import type { TokenSource } from "./triggers/token-triggers.js";
import { attributeOf, saveUser } from "./user-records.js";
import { deviceKeyOf } from "./device-records.js";

/**
 * Ends a sign-in in something other than tokens: the managed login pages hand the browser an authorization
 * code, and the token endpoint issues the tokens (pre token generation runs there, in tokens.ts).
 */
export type SignInFinish = (s: SignIn) => Promise<AuthResponse>;
export type Ctx = Omit<OperationContext<unknown>, "input"> & { readonly finish?: SignInFinish };
export type Params = Record<string, string | undefined>;

export interface AuthResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResult & { NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string } };
  AvailableChallenges?: string[];
}

/** A user part-way through signing in. */
export interface SignIn {
  readonly pool: PoolRecord;
  readonly client: ClientRecord;
  readonly userKey: string;
  readonly user: UserRecord;
  readonly state: SignInState;
  /** AdminInitiateAuth/AdminRespondToAuthChallenge: Cognito tracks no devices for the admin flows. */
  readonly admin: boolean;
  /** RespondToAuthChallenge's ClientMetadata: the post authentication and pre token generation triggers see it. */
  readonly clientMetadata?: Readonly<Record<string, string>>;
}

export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw cognitoErrors.missingParameter(name);
  return value;
}

export const hidesUsers = (client: ClientRecord): boolean => client.settings.PreventUserExistenceErrors === "ENABLED";

/** A name that matches no user: UserNotFoundException, unless the client hides user existence. */
export function unknownUser(client: ClientRecord): never {
  throw hidesUsers(client) ? cognitoErrors.incorrectPassword() : cognitoErrors.userNotFound();
}

/** A challenge for the client, with the Session that carries the sign-in to its next step. */
export function challenge(ctx: Ctx, s: SignIn, name: ChallengeName, parameters: Record<string, string>, state: SignInState = s.state): AuthResponse {
  return { ChallengeName: name, Session: challengeSession(ctx.clock, s.pool, s.client, name, s.userKey, state), ChallengeParameters: parameters };
}

/** After a proven password: the account's state decides between an error, a new password, and the next factor. */
export async function afterPassword(ctx: Ctx, s: SignIn): Promise<AuthResponse> {
  const { user } = s;
  if (user.UserStatus === "UNCONFIRMED") throw cognitoErrors.notConfirmed();
  if (user.UserStatus === "RESET_REQUIRED") throw cognitoErrors.resetRequired();
  if (user.UserStatus === "FORCE_CHANGE_PASSWORD") {
    if (user.temporaryPasswordExpires && Date.parse(user.temporaryPasswordExpires) <= ctx.clock.now().getTime()) {
      throw cognitoErrors.notAuthorized("Temporary password has expired and must be reset by an administrator.");
    }
    const attributes = Object.fromEntries(user.Attributes.filter((a) => a.Name !== "sub" && !a.Name.endsWith("_verified")).map((a) => [a.Name, a.Value ?? ""]));
    return challenge(ctx, s, "NEW_PASSWORD_REQUIRED", { USER_ID_FOR_SRP: user.Username, requiredAttributes: "[]", userAttributes: JSON.stringify(attributes) },
      { ...s.state, tokenSource: "TokenGeneration_NewPasswordChallenge" });
  }
  return secondFactorOrTokens(ctx, s);
}

/** A remembered device signs in with device SRP; otherwise MFA when the pool and user call for it; then tokens. */
export async function secondFactorOrTokens(ctx: Ctx, s: SignIn): Promise<AuthResponse> {
  const tracking = deviceTracking(s.pool);
  const device = tracking && !s.admin ? findDevice(ctx.store, s.pool, s.userKey, s.state.deviceKey) : undefined;
  const mfa = mfaRequirement(s.pool, s.user);
  // A remembered device proves itself with device SRP, which stands in for MFA when the pool says so.
  if (device?.status === "remembered" && (!mfa || tracking?.ChallengeRequiredOnNewDevice)) {
    return challenge(ctx, s, "DEVICE_SRP_AUTH", { USERNAME: s.user.Username, DEVICE_KEY: device.deviceKey });
  }
  if (mfa) return mfaChallenge(ctx, s, mfa);
  return finishSignIn(ctx, s);
}

export type MfaRequirement =
  | { readonly kind: "factor"; readonly factor: MfaFactor }
  | { readonly kind: "select"; readonly factors: readonly MfaFactor[] }
  | { readonly kind: "setup"; readonly factors: readonly MfaFactor[] };

/** The second factor the pool and the user's settings call for, if any. */
export function mfaRequirement(pool: PoolRecord, user: UserRecord): MfaRequirement | undefined {
  if (pool.MfaConfiguration === "OFF") return undefined;
  const onPool: Record<MfaFactor, boolean> = { SOFTWARE_TOKEN_MFA: pool.softwareTokenMfaEnabled, SMS_MFA: pool.smsMfa !== undefined, EMAIL_OTP: pool.emailMfa !== undefined };
  const onUser: Record<MfaFactor, boolean> = { SOFTWARE_TOKEN_MFA: user.totpEnabled === true, SMS_MFA: user.smsMfaEnabled === true, EMAIL_OTP: user.emailMfaEnabled === true };
  const enabled = (["SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP"] as const).filter((f) => onPool[f] && onUser[f]);
  if (enabled.length === 1) return { kind: "factor", factor: enabled[0]! };
  if (enabled.length > 1) {
    return user.preferredMfa && enabled.includes(user.preferredMfa) ? { kind: "factor", factor: user.preferredMfa } : { kind: "select", factors: enabled };
  }
  if (pool.MfaConfiguration !== "ON") return undefined;
  // MFA is required and the user chose nothing: a phone or email on file receives the code; else set one up.
  if (onPool.SMS_MFA && attributeOf(user, "phone_number")) return { kind: "factor", factor: "SMS_MFA" };
  if (onPool.EMAIL_OTP && attributeOf(user, "email")) return { kind: "factor", factor: "EMAIL_OTP" };
  return { kind: "setup", factors: (["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"] as const).filter((f) => onPool[f]) };
}

export async function mfaChallenge(ctx: Ctx, s: SignIn, mfa: MfaRequirement): Promise<AuthResponse> {
  const id = { USER_ID_FOR_SRP: s.user.Username };
  if (mfa.kind === "select") return challenge(ctx, s, "SELECT_MFA_TYPE", { MFAS_CAN_CHOOSE: JSON.stringify(mfa.factors), ...id });
  if (mfa.kind === "setup") return challenge(ctx, s, "MFA_SETUP", { MFAS_CAN_SETUP: JSON.stringify(mfa.factors), ...id });
  if (mfa.factor === "SOFTWARE_TOKEN_MFA") return challenge(ctx, s, "SOFTWARE_TOKEN_MFA", id);
  return codeChallenge(ctx, s, mfa.factor, "mfa");
}

/** Sends a one-time code by SMS or email (custom message trigger source Authentication) and asks for it. */
export async function codeChallenge(ctx: Ctx, s: SignIn, name: "SMS_MFA" | "EMAIL_OTP" | "SMS_OTP", otp: NonNullable<SignInState["otp"]>, user: UserRecord = s.user): Promise<AuthResponse> {
  const attribute = name === "EMAIL_OTP" ? "email" : "phone_number";
  const delivery = await sendCode(ctx, s.pool, s.userKey, user, "AUTHENTICATION", attribute,
    { source: "CustomMessage_Authentication", clientId: s.client.ClientId, clientMetadata: s.clientMetadata });
  if (!delivery) throw cognitoErrors.invalidParameter(`The user has no ${attribute} to send the ${name} code to.`);
  return challenge(ctx, s, name, { CODE_DELIVERY_DELIVERY_MEDIUM: delivery.DeliveryMedium, CODE_DELIVERY_DESTINATION: delivery.Destination }, { ...s.state, otp });
}

/**
 * Tokens for a user who has proven everything asked: the pre token generation trigger shapes them, a new
 * device gets NewDeviceMetadata (when the pool tracks devices), and the post authentication trigger runs
 * before they are returned.
 */
export async function finishSignIn(ctx: Ctx, s: SignIn, source: TokenSource = s.state.tokenSource ?? "TokenGeneration_Authentication"): Promise<AuthResponse> {
  if (ctx.finish) {
    ctx.afterCommit(() => postAuthentication(ctx, s.pool, s.client.ClientId, s.user, undefined, s.clientMetadata));
    return ctx.finish(s);
  }
  const tracking = deviceTracking(s.pool) !== undefined && !s.admin;
  const known = tracking ? findDevice(ctx.store, s.pool, s.userKey, s.state.deviceKey) : undefined;
  const newDevice = tracking && !known ? newDeviceIdentifiers(s.pool) : undefined;
  if (known) {
    const now = ctx.clock.now().toISOString();
    cognitoTables.devices(ctx.store).put(deviceKeyOf(s.pool.Id, s.userKey, known.deviceKey), { ...known, lastAuthenticatedAt: now });
  }
  const tokens = await signIn(ctx, s.pool, s.client, s.userKey, s.user, { source, clientMetadata: s.clientMetadata, pendingDevice: newDevice });
  // Once the sign-in is saved: a function that records it through the API (a last-sign-in attribute) changes
  // the saved user, and when it fails the client gets its error instead of the tokens.
  ctx.afterCommit(() => postAuthentication(ctx, s.pool, s.client.ClientId, s.user, tracking ? newDevice !== undefined : undefined, s.clientMetadata));
  return {
    ChallengeParameters: {},
    AuthenticationResult: { ...tokens, ...(newDevice && { NewDeviceMetadata: { DeviceKey: newDevice.key, DeviceGroupKey: newDevice.groupKey } }) },
  };
}

/** Saves a change to the signing-in user and carries on with the changed record. */
export function withUser(ctx: Ctx, s: SignIn, next: UserRecord): SignIn {
  saveUser(ctx.store, s.pool, s.userKey, next, s.user);
  return { ...s, user: next };
}
