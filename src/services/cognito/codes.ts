// Codes Cognito would mail or text (sign-up, forgot password, attribute verification). No message leaves
// the emulator: the code is written to the log and read through GET /_emulator/cognito/codes.
import { sameSecret } from "../../constant-time.js";
import type { Clock } from "../../clock.js";
import type { Logger } from "../../log.js";
import type { AccountStore } from "../../store/store.js";
import { cognitoErrors } from "./errors.js";
import { newCode } from "./ids.js";
import { cognitoTables, key, type CodePurpose, type CodeRecord, type PoolRecord, type UserRecord } from "./records.js";
import { attributeOf } from "./user-records.js";

export interface CodeDeliveryDetails { Destination: string; DeliveryMedium: "EMAIL" | "SMS"; AttributeName: string }
export interface CodeContext { readonly store: AccountStore; readonly clock: Clock; readonly log: Logger }

const LIFETIME_SECONDS: Record<CodePurpose, number> = { SIGN_UP: 86_400, FORGOT_PASSWORD: 3_600, VERIFY_ATTRIBUTE: 86_400 };

/** "t***@e***" and "+*******1234", as AWS masks destinations. */
export function maskDestination(attribute: string, value: string): string {
  if (attribute === "phone_number") return `+${"*".repeat(Math.max(0, value.length - 5))}${value.slice(-4)}`;
  const [local = "", domain = ""] = value.split("@");
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

const codeKey = (poolId: string, userKey: string, purpose: CodePurpose, attribute?: string): string =>
  attribute ? key(poolId, userKey, purpose, attribute) : key(poolId, userKey, purpose);

/** Makes (or replaces) a code; the delivery details name where a real pool would have sent it. */
export function sendCode(ctx: CodeContext, pool: PoolRecord, userKey: string, user: UserRecord, purpose: CodePurpose, attribute?: string): CodeDeliveryDetails | undefined {
  const now = ctx.clock.now();
  const value = attribute ? attributeOf(user, attribute) : undefined;
  const record: CodeRecord = {
    poolId: pool.Id, username: user.Username, purpose, code: newCode(), attribute, destination: value,
    createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + LIFETIME_SECONDS[purpose] * 1000).toISOString(),
  };
  const codes = cognitoTables.codes(ctx.store);
  // A missing code answers as an expired one does (spendCode), so expired codes go at once.
  codes.purgeExpired(now.getTime(), 60_000, (c) => Date.parse(c.expiresAt) <= now.getTime());
  codes.put(codeKey(pool.Id, userKey, purpose, purpose === "VERIFY_ATTRIBUTE" ? attribute : undefined), record);
  ctx.log.info(`cognito-idp ${pool.Id}: ${purpose} code ${record.code} for ${user.Username}${value ? ` (would be sent to ${value})` : ""}`);
  if (!attribute || value === undefined) return undefined;
  return { Destination: maskDestination(attribute, value), DeliveryMedium: attribute === "phone_number" ? "SMS" : "EMAIL", AttributeName: attribute };
}

/** Checks and spends a code: CodeMismatchException when wrong, ExpiredCodeException when none is live. */
export function spendCode(ctx: CodeContext, pool: PoolRecord, userKey: string, purpose: CodePurpose, code: string, attribute?: string): void {
  const codes = cognitoTables.codes(ctx.store);
  const k = codeKey(pool.Id, userKey, purpose, attribute);
  const record = codes.get(k);
  if (!record || Date.parse(record.expiresAt) <= ctx.clock.now().getTime()) throw cognitoErrors.expiredCode();
  if (!sameSecret(code, record.code)) throw cognitoErrors.codeMismatch();
  codes.delete(k);
}

/** Codes of one user (or all users of the pool), newest first: what the emulator's endpoint shows. */
export function codesOf(store: AccountStore, poolId: string, username?: string): CodeRecord[] {
  return [...cognitoTables.codes(store).withPrefix(key(poolId, ""))]
    .map(([, r]) => r)
    .filter((r) => username === undefined || r.username === username || r.username.toLowerCase() === username.toLowerCase())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
