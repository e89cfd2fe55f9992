// Answers to the challenges after a first factor: NEW_PASSWORD_REQUIRED, the MFA challenges
// (SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP), and the one-time codes of a
// passwordless first factor (EMAIL_OTP, SMS_OTP). Codes sent by SMS or email are read at
// GET /_emulator/cognito/codes.
import { verifyTotp } from "../totp.js";
import { openSession, type ChallengeName, type OpenSession } from "./challenge-sessions.js";
import { checkSecretHash } from "./clients.js";
import { spendCode } from "./codes.js";
import { cognitoErrors } from "./errors.js";
import { verifyPasskeySignIn } from "./passkeys.js";
import { checkPasswordPolicy } from "./password-policy.js";
import type { AttributeType, ClientRecord, MfaFactor, PoolRecord, UserRecord } from "./records.js";
import { codeChallenge, finishSignIn, mfaChallenge, required, secondFactorOrTokens, withUser, type AuthResponse, type Ctx, type Params, type SignIn } from "./sign-in.js";
import { checkAttributes, isEmail, withAttributes } from "./user-records.js";
import { setPassword } from "./users.js";

type Metadata = Readonly<Record<string, string>> | undefined;

/** The session's sign-in, for the challenge it must be for; SECRET_HASH checked against its user. */
function resume(ctx: Ctx, pool: PoolRecord, client: ClientRecord, challenge: ChallengeName, responses: Params, sessionText: string | undefined,
  admin: boolean, clientMetadata: Metadata): SignIn & { opened: OpenSession } {
  const opened = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge });
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, opened.user.Username);
  return { pool, client, userKey: opened.userKey, user: opened.user, state: opened.state, admin, clientMetadata, opened };
}

export async function respondNewPassword(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined, admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  const s = resume(ctx, pool, client, "NEW_PASSWORD_REQUIRED", responses, sessionText, admin, clientMetadata);
  const password = required(responses, "NEW_PASSWORD");
  checkPasswordPolicy(pool, password);
  const changes: AttributeType[] = Object.entries(responses)
    .filter(([name, value]) => name.startsWith("userAttributes.") && value !== undefined)
    .map(([name, value]) => ({ Name: name.slice("userAttributes.".length), Value: value }));
  if (changes.length) checkAttributes(pool, changes, { update: true });
  const withPassword = setPassword(ctx, pool, s.user, password, true);
  return secondFactorOrTokens(ctx, withUser(ctx, s, { ...withPassword, Attributes: withAttributes(withPassword, changes) }));
}

export async function respondSoftwareToken(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined, admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  const s = resume(ctx, pool, client, "SOFTWARE_TOKEN_MFA", responses, sessionText, admin, clientMetadata);
  const code = required(responses, "SOFTWARE_TOKEN_MFA_CODE");
  const step = s.user.totpSecret ? verifyTotp(s.user.totpSecret, code, ctx.clock.now(), { lastStep: s.user.totpLastStep }) : undefined;
  if (step === undefined) {
    // A code that was right but already spent (its step at or before the last one accepted) is refused as Cognito
    // refuses it: ExpiredCodeException, not a mismatch.
    if (s.user.totpSecret && verifyTotp(s.user.totpSecret, code, ctx.clock.now()) !== undefined) throw cognitoErrors.softwareTokenReused();
    throw cognitoErrors.codeMismatch("Invalid code received for user");
  }
  return finishSignIn(ctx, withUser(ctx, s, { ...s.user, totpLastStep: step }));
}

const CODE_RESPONSE = { SMS_MFA: "SMS_MFA_CODE", EMAIL_OTP: "EMAIL_OTP_CODE", SMS_OTP: "SMS_OTP_CODE" } as const;

/** A code sent by SMS or email: MFA, a passwordless first factor, or the proof that sets up email MFA. */
export async function respondCode(ctx: Ctx, pool: PoolRecord, client: ClientRecord, name: "SMS_MFA" | "EMAIL_OTP" | "SMS_OTP", responses: Params,
  sessionText: string | undefined, admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  const s = resume(ctx, pool, client, name, responses, sessionText, admin, clientMetadata);
  const code = required(responses, CODE_RESPONSE[name]);
  try {
    spendCode(ctx, pool, s.userKey, "AUTHENTICATION", code);
  } catch {
    throw cognitoErrors.codeMismatch("Invalid code or auth state for the user.");
  }
  if (s.state.otp === "setup-email") {
    const verified: UserRecord = { ...s.user, emailMfaEnabled: true, Attributes: withAttributes(s.user, [{ Name: "email_verified", Value: "true" }]) };
    return finishSignIn(ctx, withUser(ctx, s, verified));
  }
  return finishSignIn(ctx, s);
}

/** WEB_AUTHN: a passkey's assertion (CREDENTIAL) for the challenge the sign-in was given; a first factor, so tokens follow. */
export async function respondWebAuthn(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined,
  admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  const s = resume(ctx, pool, client, "WEB_AUTHN", responses, sessionText, admin, clientMetadata);
  verifyPasskeySignIn(ctx.store, ctx.clock, pool, s.userKey, required(responses, "CREDENTIAL"));
  return finishSignIn(ctx, s);
}

export async function respondSelectMfaType(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined, admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  const s = resume(ctx, pool, client, "SELECT_MFA_TYPE", responses, sessionText, admin, clientMetadata);
  const answer = required(responses, "ANSWER");
  const factors: MfaFactor[] = ["SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP"];
  if (!factors.includes(answer as MfaFactor)) throw cognitoErrors.invalidParameter(`ANSWER must be one of ${factors.join(", ")}.`);
  return mfaChallenge(ctx, s, { kind: "factor", factor: answer as MfaFactor });
}

/**
 * MFA_SETUP: after AssociateSoftwareToken and VerifySoftwareToken with this session (TOTP), or with the
 * email address to send codes to (EMAIL), which an EMAIL_OTP challenge then confirms.
 */
export async function respondMfaSetup(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined, admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  const s = resume(ctx, pool, client, "MFA_SETUP", responses, sessionText, admin, clientMetadata);
  const email = responses.EMAIL;
  if (email !== undefined) {
    if (!pool.emailMfa) throw cognitoErrors.invalidParameter("Email MFA is not enabled for this user pool.");
    if (!isEmail(email)) throw cognitoErrors.invalidParameter("Invalid email address format.");
    const next: UserRecord = { ...s.user, Attributes: withAttributes(s.user, [{ Name: "email", Value: email }, { Name: "email_verified", Value: "false" }]) };
    const updated = withUser(ctx, s, next);
    return codeChallenge(ctx, updated, "EMAIL_OTP", "setup-email");
  }
  if (!s.user.totpEnabled) throw cognitoErrors.invalidParameter("Software token MFA has not been verified: call AssociateSoftwareToken and VerifySoftwareToken with this session first.");
  return finishSignIn(ctx, s);
}
