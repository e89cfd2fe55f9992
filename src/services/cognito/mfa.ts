// Software-token (TOTP) MFA: AssociateSoftwareToken, VerifySoftwareToken (with an access token, or with the
// Session of an MFA_SETUP challenge), SetUserMFAPreference and AdminSetUserMFAPreference. Codes are RFC 6238.
import type { Operation } from "../operation.js";
import { generateSeed, verifyTotp } from "../totp.js";
import { challengeSession, openSession } from "./challenge-sessions.js";
import { cognitoErrors } from "./errors.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type PoolRecord, type UserRecord } from "./records.js";
import { signedInUser } from "./self-service.js";
import { requireUser, saveUser } from "./user-records.js";
import type { AccountStore } from "../../store/store.js";
import type { Clock } from "../../clock.js";

interface Target { store: AccountStore; pool: PoolRecord; userKey: string; user: UserRecord; session?: { clientId: string } }

/** Whose token is being set up: the access token's user, or the MFA_SETUP challenge's. */
async function targetOf(store: AccountStore, clock: Clock, input: { AccessToken?: string; Session?: string }): Promise<Target> {
  if (input.AccessToken) return signedInUser(store, clock, input.AccessToken);
  if (input.Session) {
    const open = openSession(store, clock, input.Session, { challenge: "MFA_SETUP" });
    return { ...open, session: { clientId: open.clientId } };
  }
  throw cognitoErrors.invalidParameter("Either AccessToken or Session must be provided.");
}

function nextSession(clock: Clock, target: Target): string | undefined {
  if (!target.session) return undefined;
  const client = cognitoTables.clients(target.store).get(key(target.pool.Id, target.session.clientId));
  return client ? challengeSession(clock, target.pool, client, "MFA_SETUP", target.userKey) : undefined;
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
  const enable = target.session !== undefined;
  const next: UserRecord = {
    ...target.user, totpSecret: pending, totpPending: undefined, totpLastStep: step,
    ...(enable && { totpEnabled: true, preferredMfa: "SOFTWARE_TOKEN_MFA" as const }),
    UserLastModifiedDate: clock.now().toISOString(),
  };
  saveUser(target.store, target.pool, target.userKey, next, target.user);
  return { Status: "SUCCESS", Session: nextSession(clock, target) };
};

interface MfaPreference { SoftwareTokenMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean }; SMSMfaSettings?: { Enabled?: boolean }; EmailMfaSettings?: { Enabled?: boolean } }

function applyPreference(clock: Clock, target: Target, input: MfaPreference): void {
  if (input.SMSMfaSettings?.Enabled || input.EmailMfaSettings?.Enabled) {
    throw cognitoErrors.invalidParameter("AWS Identity Emulator supports software token (TOTP) MFA only; SMS and email MFA are not emulated.");
  }
  const totp = input.SoftwareTokenMfaSettings;
  if (!totp) return;
  if ((totp.Enabled || totp.PreferredMfa) && !target.user.totpSecret) throw cognitoErrors.invalidParameter("User has not verified software token mfa");
  const enabled = totp.Enabled ?? target.user.totpEnabled ?? false;
  const next: UserRecord = {
    ...target.user, totpEnabled: enabled,
    preferredMfa: enabled && (totp.PreferredMfa ?? target.user.preferredMfa === "SOFTWARE_TOKEN_MFA") ? "SOFTWARE_TOKEN_MFA" : undefined,
    UserLastModifiedDate: clock.now().toISOString(),
  };
  saveUser(target.store, target.pool, target.userKey, next, target.user);
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
