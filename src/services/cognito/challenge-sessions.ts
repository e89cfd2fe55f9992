// The Session string a challenge hands the client: "<poolId>.<sealed payload>", so steps that carry only
// the Session (AssociateSoftwareToken, VerifySoftwareToken) find the pool; it expires with the client's
// AuthSessionValidity (minutes, default 3).
import type { Clock } from "../../clock.js";
import type { AccountStore } from "../../store/store.js";
import { locatePool } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { cognitoTables, key, type ClientRecord, type PoolRecord, type UserRecord } from "./records.js";
import { seal, unseal } from "./sealed.js";

export type ChallengeName = "NEW_PASSWORD_REQUIRED" | "SOFTWARE_TOKEN_MFA" | "MFA_SETUP" | "SELECT_CHALLENGE";

interface Payload { n: ChallengeName; u: string; c: string; e: number }

export function challengeSession(clock: Clock, pool: PoolRecord, client: ClientRecord, challenge: ChallengeName, userKey: string): string {
  const minutes = (client.settings.AuthSessionValidity as number | undefined) ?? 3;
  const payload: Payload = { n: challenge, u: userKey, c: client.ClientId, e: clock.now().getTime() + minutes * 60_000 };
  return `${pool.Id}.${seal(pool.sessionKey, payload)}`;
}

export interface OpenSession { store: AccountStore; pool: PoolRecord; clientId: string; challenge: ChallengeName; userKey: string; user: UserRecord }

/** The session's user, if the session is genuine, unexpired, and (when given) for this client and challenge. */
export function openSession(store: AccountStore, clock: Clock, session: string | undefined, expect: { clientId?: string; challenge?: ChallengeName } = {}): OpenSession {
  const dot = session?.indexOf(".") ?? -1;
  if (!session || dot < 0) throw cognitoErrors.invalidSession();
  const home = locatePool(store, session.slice(0, dot));
  const payload = home ? unseal<Payload>(home.pool.sessionKey, session.slice(dot + 1)) : undefined;
  if (!home || !payload || payload.e <= clock.now().getTime()) throw cognitoErrors.invalidSession();
  if (expect.clientId !== undefined && payload.c !== expect.clientId) throw cognitoErrors.invalidSession();
  if (expect.challenge !== undefined && payload.n !== expect.challenge) throw cognitoErrors.invalidParameter("Invalid session provided for the challenge.");
  const user = cognitoTables.users(home.store).get(key(home.pool.Id, payload.u));
  if (!user) throw cognitoErrors.invalidSession();
  return { store: home.store, pool: home.pool, clientId: payload.c, challenge: payload.n, userKey: payload.u, user };
}
