// MFA settings: AssociateSoftwareToken and VerifySoftwareToken (TOTP, RFC 6238; with an access token, or
// with the Session of an MFA_SETUP challenge), and SetUserMFAPreference and AdminSetUserMFAPreference for
// software token, SMS and email MFA.
import type { Operation } from "../operation.js";
import { generateSeed, verifyTotp } from "../totp.js";
import { challengeSession, openSession, type SignInState } from "./challenge-sessions.js";
import { awsError } from "../../protocol/errors.js";
import { cognitoErrors } from "./errors.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type MfaFactor, type PoolRecord, type UserRecord } from "./records.js";
import { signedInUser } from "./self-service.js";
import { attributeOf, requireUser, saveUser } from "./user-records.js";
import type { AccountStore } from "../../store/store.js";
import type { Clock } from "../../clock.js";

interface Target { store: AccountStore; pool: PoolRecord; userKey: string; user: UserRecord; challenge?: { clientId: string; state: SignInState } }

/** Whose token is being set up: the access token's user, or the MFA_SETUP challenge's. */
async function targetOf(store: AccountStore, clock: Clock, input: { AccessToken?: string; Session?: string }): Promise<Target> {
  if (input.AccessToken) {
    const me = await signedInUser(store, clock, input.AccessToken);
    return { store: me.store, pool: me.pool, userKey: me.userKey, user: me.user };
  }
  if (input.Session) {
    const open = openSession(store, clock, input.Session, { challenge: "MFA_SETUP" });
    return { ...open, challenge: { clientId: open.clientId, state: open.state } };
  }
  throw cognitoErrors.invalidParameter("Either AccessToken or Session must be provided.");
}

function nextSession(clock: Clock, target: Target): string | undefined {
  if (!target.challenge) return undefined;
  const client = cognitoTables.clients(target.store).get(key(target.pool.Id, target.challenge.clientId));
  return client ? challengeSession(clock, target.pool, client, "MFA_SETUP", target.userKey, target.challenge.state) : undefined;
}

export const AssociateSoftwareToken: Operation<{ AccessToken?: string; Session?: string }, { SecretCode: string; Session?: string }> = async ({ input, store, clock }) => {
  const target = await targetOf(store, clock, input);
  const secret = generateSeed(32);
  saveUser(target.store, target.pool, target.userKey, { ...target.user, totpPending: secret }, target.user);
  return { SecretCode: secret, Session: nextSession(clock, target) };
};

export const VerifySoftwareToken: Operation<{ AccessToken?: string; Session?: string; UserCode: string; FriendlyDeviceName?: string }, { Status: "SUCCESS"; Session?: string }> = async ({ input, store, clock }) => {
  const target = await targetOf(store, clock, input);
  const pending = target.user.totpPending;
  if (!pending) throw cognitoErrors.softwareTokenNotFound();
  const step = verifyTotp(pending, input.UserCode, clock.now());
  if (step === undefined) throw cognitoErrors.softwareTokenMismatch();
  // In the MFA_SETUP challenge, verifying is what turns MFA on; with an access token SetUserMFAPreference does.
  const enable = target.challenge !== undefined;
  const next: UserRecord = {
    ...target.user, totpSecret: pending, totpPending: undefined, totpLastStep: step,
    ...(enable && { totpEnabled: true, preferredMfa: "SOFTWARE_TOKEN_MFA" as const }),
    UserLastModifiedDate: clock.now().toISOString(),
  };
  saveUser(target.store, target.pool, target.userKey, next, target.user);
  return { Status: "SUCCESS", Session: nextSession(clock, target) };
};

interface FactorSettings { Enabled?: boolean; PreferredMfa?: boolean }
interface MfaPreference { SoftwareTokenMfaSettings?: FactorSettings; SMSMfaSettings?: FactorSettings; EmailMfaSettings?: FactorSettings; WebAuthnMfaSettings?: unknown }

/** Each factor: its settings member, the user field that switches it on, and what it needs first. */
const FACTORS: readonly { factor: MfaFactor; input: "SoftwareTokenMfaSettings" | "SMSMfaSettings" | "EmailMfaSettings"; field: "totpEnabled" | "smsMfaEnabled" | "emailMfaEnabled" }[] = [
  { factor: "SOFTWARE_TOKEN_MFA", input: "SoftwareTokenMfaSettings", field: "totpEnabled" },
  { factor: "SMS_MFA", input: "SMSMfaSettings", field: "smsMfaEnabled" },
  { factor: "EMAIL_OTP", input: "EmailMfaSettings", field: "emailMfaEnabled" },
];

function missing(pool: PoolRecord, user: UserRecord, factor: MfaFactor): string | undefined {
  switch (factor) {
    case "SOFTWARE_TOKEN_MFA": return user.totpSecret ? undefined : "User has not verified software token mfa";
    case "SMS_MFA": return !pool.smsMfa ? "SMS MFA is not enabled for this user pool." : attributeOf(user, "phone_number") ? undefined : "User does not have a phone number.";
    case "EMAIL_OTP": return !pool.emailMfa ? "Email MFA is not enabled for this user pool." : attributeOf(user, "email") ? undefined : "User does not have an email address.";
  }
}

function applyPreference(clock: Clock, target: Target, input: MfaPreference): void {
  if (input.WebAuthnMfaSettings !== undefined) {
    throw awsError("cognito-idp", "NotImplemented", "WebAuthnMfaSettings (passkeys as MFA) is not implemented by AWS Identity Emulator; passkeys sign in as a first factor (USER_AUTH).");
  }
  let next: UserRecord = { ...target.user };
  for (const { factor, input: member, field } of FACTORS) {
    const settings = input[member];
    if (!settings) continue;
    if (settings.Enabled || settings.PreferredMfa) {
      const reason = missing(target.pool, target.user, factor);
      if (reason) throw cognitoErrors.invalidParameter(reason);
    }
    const enabled = settings.Enabled ?? target.user[field] ?? false;
    next = { ...next, [field]: enabled };
    if (enabled && settings.PreferredMfa) next = { ...next, preferredMfa: factor };
    else if (next.preferredMfa === factor && (!enabled || settings.PreferredMfa === false)) next = { ...next, preferredMfa: undefined };
  }
  saveUser(target.store, target.pool, target.userKey, { ...next, UserLastModifiedDate: clock.now().toISOString() }, target.user);
}

export const SetUserMFAPreference: Operation<MfaPreference & { AccessToken: string }, Record<string, never>> = async ({ input, store, clock }) => {
  applyPreference(clock, await signedInUser(store, clock, input.AccessToken), input);
  return {};
};

export const AdminSetUserMFAPreference: Operation<MfaPreference & { UserPoolId: string; Username: string }, Record<string, never>> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  applyPreference(clock, { store, pool, ...requireUser(store, pool, input.Username) }, input);
  return {};
};

export const operations = { AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, AdminSetUserMFAPreference };
