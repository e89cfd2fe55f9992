// Temporary credentials: ASIA… keys issued into the global sessions table (so a key alone reveals its owner),
// with a session token and an expiry read against the injected clock by auth/identity.ts.
import { randomBytes } from "node:crypto";
import { SESSIONS_TABLE, type SessionRecord } from "../../store/credentials.js";
import type { AccountStore } from "../../store/store.js";
import { base32Decode, base32Encode } from "../totp.js";
import { secretAccessKey } from "../iam/ids.js";

export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** The record's named fields (its index signature dropped), less those issueSession fills in. */
type Named<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
export type SessionFields = Omit<Named<SessionRecord>, "accessKeyId" | "secretAccessKey" | "sessionToken" | "expiration" | "issuedAt">;

export function sessionsOf(store: AccountStore) {
  return store.global<SessionRecord>(SESSIONS_TABLE);
}

/** The session record behind temporary credentials, if the caller used any. */
export function sessionOf(store: AccountStore, sessionId: string | undefined): SessionRecord | undefined {
  return sessionId === undefined ? undefined : sessionsOf(store).get(sessionId);
}

/**
 * Writes a session valid for `durationSeconds` from `now` and returns its credentials. Expiration is whole
 * seconds, as AWS gives it.
 */
export function issueSession(store: AccountStore, fields: SessionFields, durationSeconds: number, now: Date): { record: SessionRecord; credentials: Credentials } {
  sweepExpired(store, now);
  const issued = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const expiration = new Date(issued.getTime() + durationSeconds * 1000);
  const record: SessionRecord = {
    ...fields,
    accessKeyId: sessionAccessKeyId(fields.accountId),
    secretAccessKey: secretAccessKey(),
    sessionToken: sessionToken(),
    expiration: expiration.toISOString(),
    issuedAt: issued.toISOString(),
  };
  sessionsOf(store).put(record.accessKeyId, record);
  return {
    record,
    credentials: { AccessKeyId: record.accessKeyId, SecretAccessKey: record.secretAccessKey, SessionToken: record.sessionToken, Expiration: expiration },
  };
}

// Expired sessions answer ExpiredToken until purged: an hour of grace keeps that answer (not InvalidClientTokenId)
// for a client that is still using one; the table is swept at most once a minute.
const EXPIRED_GRACE_MS = 3_600_000;

function sweepExpired(store: AccountStore, now: Date): void {
  const t = now.getTime();
  sessionsOf(store).purgeExpired(t, 60_000, (s) => Date.parse(s.expiration) + EXPIRED_GRACE_MS <= t);
}

/**
 * ASIA + 16 base-32 characters that carry the account id the way AWS's newer key ids do (bits 7…46 of the
 * first six bytes), so GetAccessKeyInfo can answer for a key even after its session is gone.
 */
export function sessionAccessKeyId(accountId: string): string {
  const bytes = randomBytes(10);
  const packed = (BigInt(accountId) << 7n) | BigInt(bytes[5]! & 0x7f) | (BigInt(bytes[0]! & 0x80) << 40n);
  for (let i = 0; i < 6; i++) bytes[i] = Number((packed >> BigInt(8 * (5 - i))) & 0xffn);
  return "ASIA" + base32Encode(bytes).slice(0, 16);
}

/** The account a key id encodes (AKIA/ASIA + 16 base-32 characters), or undefined when it encodes none. */
export function accountOfKeyId(keyId: string): string | undefined {
  if (!/^A[KS]IA[A-Z2-7]{16}$/.test(keyId)) return undefined;
  const bytes = base32Decode(keyId.slice(4));
  let z = 0n;
  for (let i = 0; i < 6; i++) z = (z << 8n) | BigInt(bytes[i]!);
  const account = (z & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, "0");
}

// Real session tokens are long opaque base-64 strings beginning "IQoJb3JpZ2luX2Vj"; ours look the same.
function sessionToken(): string {
  return "IQoJb3JpZ2luX2VjE" + randomBytes(330).toString("base64");
}

