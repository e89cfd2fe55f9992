// Codes Cognito would mail or text (sign-up, forgot password, attribute verification, MFA and passwordless
// sign-in, an invitation's temporary password). No message leaves the emulator: the code and the message a
// user would receive — the pool's template, or the custom message trigger's text — are written to the log
// and read through GET /_emulator/cognito/codes.
import { sameSecret } from "../../constant-time.js";
import type { Clock } from "../../clock.js";
import type { Logger } from "../../log.js";
import { awsError } from "../../protocol/errors.js";
import type { AccountStore } from "../../store/store.js";
import { cognitoErrors } from "./errors.js";
import { newCode } from "./ids.js";
import { cognitoTables, key, type CodePurpose, type CodeRecord, type PoolRecord, type UserRecord } from "./records.js";
import { CODE_PARAMETER, customMessage, USERNAME_PARAMETER, type MessageSource } from "./triggers/message-triggers.js";
import { eventAttributes, type TriggerContext } from "./triggers/run-trigger.js";
import { attributeOf } from "./user-records.js";

export interface CodeDeliveryDetails { Destination: string; DeliveryMedium: "EMAIL" | "SMS"; AttributeName: string }
export interface CodeContext extends TriggerContext { readonly store: AccountStore; readonly clock: Clock; readonly log: Logger }

const LIFETIME_SECONDS: Record<CodePurpose, number> = {
  SIGN_UP: 86_400, FORGOT_PASSWORD: 3_600, VERIFY_ATTRIBUTE: 86_400, AUTHENTICATION: 180, INVITATION: 7 * 86_400,
};

/** "t***@e***" and "+*******1234", as AWS masks destinations. */
export function maskDestination(attribute: string, value: string): string {
  if (attribute === "phone_number") return `+${"*".repeat(Math.max(0, value.length - 5))}${value.slice(-4)}`;
  const [local = "", domain = ""] = value.split("@");
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

const codeKey = (poolId: string, userKey: string, purpose: CodePurpose, attribute?: string): string =>
  attribute ? key(poolId, userKey, purpose, attribute) : key(poolId, userKey, purpose);

/** Why the message is sent: the custom message trigger source, and what that trigger sees. */
export interface MessageOptions {
  readonly source: MessageSource;
  readonly clientId?: string;
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** The code to send instead of a fresh one (an invitation's temporary password). */
  readonly code?: string;
}

interface Template { readonly email: string; readonly subject: string; readonly sms: string }

/** The pool's own message for a purpose, with Cognito's defaults. */
function templateOf(pool: PoolRecord, purpose: CodePurpose): Template {
  const s = pool.settings as Record<string, any>;
  if (purpose === "INVITATION") {
    const t = s.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
    const text = `Your username is ${USERNAME_PARAMETER} and temporary password is ${CODE_PARAMETER}. `;
    return { email: t.EmailMessage ?? text, subject: t.EmailSubject ?? "Your temporary password", sms: t.SMSMessage ?? text };
  }
  if (purpose === "AUTHENTICATION") {
    const text = `Your authentication code is ${CODE_PARAMETER}. `;
    return { email: pool.emailMfa?.Message ?? text, subject: pool.emailMfa?.Subject ?? "Your authentication code",
      sms: pool.smsMfa?.SmsAuthenticationMessage ?? s.SmsAuthenticationMessage ?? text };
  }
  const t = s.VerificationMessageTemplate ?? {};
  const text = `Your verification code is ${CODE_PARAMETER}. `;
  return { email: t.EmailMessage ?? s.EmailVerificationMessage ?? text, subject: t.EmailSubject ?? s.EmailVerificationSubject ?? "Your verification code",
    sms: t.SmsMessage ?? s.SmsVerificationMessage ?? text };
}

/**
 * Makes (or replaces) a code and the message that carries it; the delivery details name where a real pool
 * would have sent it. Runs the custom message trigger when the pool has one.
 */
export async function sendCode(ctx: CodeContext, pool: PoolRecord, userKey: string, user: UserRecord, purpose: CodePurpose, attribute: string | undefined,
  options: MessageOptions): Promise<CodeDeliveryDetails | undefined> {
  const now = ctx.clock.now();
  const value = attribute ? attributeOf(user, attribute) : undefined;
  const medium = attribute === "phone_number" ? "SMS" : "EMAIL";
  if (value !== undefined) refuseCustomSender(pool, medium);
  const code = options.code ?? newCode();
  const template = templateOf(pool, purpose);
  const custom = await customMessage(ctx, pool, options.source, {
    userName: user.Username, clientId: options.clientId, userAttributes: eventAttributes(user), clientMetadata: options.clientMetadata,
  });
  const fill = (text: string) => text.replaceAll(CODE_PARAMETER, code).replaceAll(USERNAME_PARAMETER, user.Username);
  const message = fill(medium === "SMS" ? custom?.smsMessage ?? template.sms : custom?.emailMessage ?? template.email);
  const record: CodeRecord = {
    poolId: pool.Id, username: user.Username, purpose, code, attribute, destination: value, message,
    subject: medium === "EMAIL" ? custom?.emailSubject ?? template.subject : undefined, deliveryMedium: value === undefined ? undefined : medium,
    createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + LIFETIME_SECONDS[purpose] * 1000).toISOString(),
  };
  const codes = cognitoTables.codes(ctx.store);
  // A missing code answers as an expired one does (spendCode), so expired codes go at once.
  codes.purgeExpired(now.getTime(), 60_000, (c) => Date.parse(c.expiresAt) <= now.getTime());
  codes.put(codeKey(pool.Id, userKey, purpose, purpose === "VERIFY_ATTRIBUTE" ? attribute : undefined), record);
  ctx.log.info(`cognito-idp ${pool.Id}: ${purpose} code ${record.code} for ${user.Username}${value ? ` (would be sent to ${value})` : ""}`);
  if (custom) ctx.log.info(`cognito-idp ${pool.Id}: ${options.source} message for ${user.Username}: ${message}`);
  if (!attribute || value === undefined) return undefined;
  return { Destination: maskDestination(attribute, value), DeliveryMedium: medium, AttributeName: attribute };
}

/** Custom sender triggers get the code encrypted with KMS, which the emulator does not serve: refused precisely. */
function refuseCustomSender(pool: PoolRecord, medium: "EMAIL" | "SMS"): void {
  const config = (pool.settings.LambdaConfig as Record<string, { LambdaArn?: string } | undefined> | undefined) ?? {};
  const name = medium === "EMAIL" ? "CustomEmailSender" : "CustomSMSSender";
  if (config[name]?.LambdaArn) {
    throw awsError("cognito-idp", "NotImplemented", `The ${name} Lambda trigger is not implemented by AWS Identity Emulator: Cognito encrypts the code for it with ` +
      `KMS, which the emulator does not serve. Remove LambdaConfig.${name} and read codes at GET /_emulator/cognito/codes, or use a CustomMessage trigger.`);
  }
}

/** Checks and spends a code: CodeMismatchException when wrong, ExpiredCodeException when none is live. */
export function spendCode(ctx: Pick<CodeContext, "store" | "clock">, pool: PoolRecord, userKey: string, purpose: CodePurpose, code: string, attribute?: string): void {
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
