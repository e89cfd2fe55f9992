// The Session string a challenge hands the client: "<poolId>.<sealed payload>", so steps that carry only
// the Session (AssociateSoftwareToken, VerifySoftwareToken) find the pool; it expires with the client's
// AuthSessionValidity (minutes, default 3). It also carries what a sign-in needs from one step to the
// next (the device key presented, a custom authentication's steps so far), so no table holds sign-ins.
import type { Clock } from "../../clock.js";
import type { AccountStore } from "../../store/store.js";
import { locatePool } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { cognitoTables, key, type ClientRecord, type PoolRecord, type UserRecord } from "./records.js";
import { seal, unseal } from "./sealed.js";
import type { ChallengeResult } from "./triggers/challenge-triggers.js";
import type { TokenSource } from "./triggers/token-triggers.js";

export type ChallengeName = "NEW_PASSWORD_REQUIRED" | "SOFTWARE_TOKEN_MFA" | "MFA_SETUP" | "SELECT_CHALLENGE" | "SELECT_MFA_TYPE" | "SMS_MFA" |
  "EMAIL_OTP" | "SMS_OTP" | "CUSTOM_CHALLENGE" | "PASSWORD_VERIFIER" | "DEVICE_SRP_AUTH" | "DEVICE_PASSWORD_VERIFIER" | "WEB_AUTHN";

/** What a sign-in carries between its steps. */
export interface SignInState {
  /** The DEVICE_KEY the client presented: a remembered device signs in with device SRP. */
  readonly deviceKey?: string;
  /** The pre token generation source of the tokens the sign-in ends with (default TokenGeneration_Authentication). */
  readonly tokenSource?: TokenSource;
  /** CUSTOM_AUTH: the steps so far; for an open CUSTOM_CHALLENGE its private parameters and metadata. */
  readonly custom?: { readonly session: readonly ChallengeResult[]; readonly private?: Record<string, string>; readonly metadata?: string };
  /** The name the sign-in started with, for a custom authentication of a name that matches nobody. */
  readonly username?: string;
  /** An EMAIL_OTP or SMS_OTP code: a passwordless first factor, MFA, or setting up email MFA. */
  readonly otp?: "first-factor" | "mfa" | "setup-email";
}

interface Payload { n: ChallengeName; u: string; c: string; e: number; s?: SignInState }

const MAX_SESSION = 2048;

export function challengeSession(clock: Clock, pool: PoolRecord, client: ClientRecord, challenge: ChallengeName, userKey: string, state?: SignInState): string {
  const minutes = (client.settings.AuthSessionValidity as number | undefined) ?? 3;
  const payload: Payload = { n: challenge, u: userKey, c: client.ClientId, e: clock.now().getTime() + minutes * 60_000, ...(state && Object.keys(state).length && { s: state }) };
  const session = `${pool.Id}.${seal(pool.sessionKey, payload)}`;
  // The API limits Session to 2048 characters: a client could not send a longer one back.
  if (session.length > MAX_SESSION) {
    throw cognitoErrors.invalidParameter("The challenge's private parameters are too large to carry in a session: keep privateChallengeParameters under about 1,200 characters.");
  }
  return session;
}

export interface ReadSession { store: AccountStore; pool: PoolRecord; clientId: string; challenge: ChallengeName; userKey: string; state: SignInState }
export interface OpenSession extends ReadSession { user: UserRecord }

/** The session's payload if it is genuine, unexpired, and (when given) for this client and challenge. */
export function readSession(store: AccountStore, clock: Clock, session: string | undefined, expect: { clientId?: string; challenge?: ChallengeName } = {}): ReadSession {
  const dot = session?.indexOf(".") ?? -1;
  if (!session || dot < 0) throw cognitoErrors.invalidSession();
  const home = locatePool(store, session.slice(0, dot));
  const payload = home ? unseal<Payload>(home.pool.sessionKey, session.slice(dot + 1)) : undefined;
  if (!home || !payload || payload.e <= clock.now().getTime()) throw cognitoErrors.invalidSession();
  if (expect.clientId !== undefined && payload.c !== expect.clientId) throw cognitoErrors.invalidSession();
  if (expect.challenge !== undefined && payload.n !== expect.challenge) throw cognitoErrors.invalidParameter("Invalid session provided for the challenge.");
  return { store: home.store, pool: home.pool, clientId: payload.c, challenge: payload.n, userKey: payload.u, state: payload.s ?? {} };
}

/** readSession, and the session's user, who must still exist. */
export function openSession(store: AccountStore, clock: Clock, session: string | undefined, expect: { clientId?: string; challenge?: ChallengeName } = {}): OpenSession {
  const read = readSession(store, clock, session, expect);
  const user = cognitoTables.users(read.store).get(key(read.pool.Id, read.userKey));
  if (!user) throw cognitoErrors.invalidSession();
  return { ...read, user };
}
