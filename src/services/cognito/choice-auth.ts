// USER_AUTH, choice-based sign-in: the first factors the pool allows (Policies.SignInPolicy.
// AllowedFirstAuthFactors) and the user can use — WEB_AUTHN (a registered passkey), PASSWORD, PASSWORD_SRP,
// EMAIL_OTP, SMS_OTP — taken directly with PREFERRED_CHALLENGE, or offered as AvailableChallenges in a
// SELECT_CHALLENGE.
import type { AccountStore } from "../../store/store.js";
import { openSession } from "./challenge-sessions.js";
import { checkSecretHash } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import type { ClientRecord, PoolRecord, UserRecord } from "./records.js";
import { passkeysOf, relyingParty, requestOptions } from "./passkeys.js";
import { passwordAuth, signingInUser, srpStart, type Initiation } from "./password-auth.js";
import { allowedFirstFactors } from "./pools.js";
import { challenge, codeChallenge, required, type AuthResponse, type Ctx, type Params, type SignIn } from "./sign-in.js";
import { attributeOf } from "./user-records.js";

type Factor = "WEB_AUTHN" | "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP";

/** A passkey for the pool's current relying party (none while the pool has none). */
function hasPasskey(store: AccountStore, pool: PoolRecord, userKey: string): boolean {
  let rpId: string;
  try { rpId = relyingParty(store, pool); } catch { return false; }
  return passkeysOf(store, pool, userKey, rpId).length > 0;
}

/** The first factors this user can sign in with, in the order Cognito lists them. */
export function firstFactors(store: AccountStore, pool: PoolRecord, userKey: string, user: UserRecord): Factor[] {
  const allowed = allowedFirstFactors(pool);
  const out: Factor[] = [];
  if (allowed.includes("WEB_AUTHN") && hasPasskey(store, pool, userKey)) out.push("WEB_AUTHN");
  if (allowed.includes("PASSWORD") && user.password) out.push("PASSWORD", "PASSWORD_SRP");
  if (allowed.includes("EMAIL_OTP") && attributeOf(user, "email") && attributeOf(user, "email_verified") === "true") out.push("EMAIL_OTP");
  if (allowed.includes("SMS_OTP") && attributeOf(user, "phone_number") && attributeOf(user, "phone_number_verified") === "true") out.push("SMS_OTP");
  return out;
}

export async function initiateChoice(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params, init: Initiation): Promise<AuthResponse> {
  const preferred = params.PREFERRED_CHALLENGE;
  const { userKey, user } = await signingInUser(ctx, pool, client, params, init);
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  const s: SignIn = { pool, client, userKey, user, state: { deviceKey: params.DEVICE_KEY }, admin: init.admin };
  const available = firstFactors(ctx.store, pool, userKey, user);
  const chosen = preferred !== undefined ? available.find((f) => f === preferred)
    : params.PASSWORD !== undefined ? available.find((f) => f === "PASSWORD")
    : params.SRP_A !== undefined ? available.find((f) => f === "PASSWORD_SRP") : undefined;
  if (chosen) return startFactor(ctx, s, chosen, params, init);
  // No usable preference: the client chooses among what this user can do.
  return { ...challenge(ctx, s, "SELECT_CHALLENGE", {}), AvailableChallenges: available };
}

function startFactor(ctx: Ctx, s: SignIn, factor: Factor, params: Params, init: Initiation): Promise<AuthResponse> {
  switch (factor) {
    case "PASSWORD": return passwordAuth(ctx, s.pool, s.client, params, init, true);
    case "PASSWORD_SRP": return srpStart(ctx, s.pool, s.client, params, init, true);
    case "EMAIL_OTP": case "SMS_OTP": return codeChallenge(ctx, s, factor, "first-factor");
    case "WEB_AUTHN": return Promise.resolve(challenge(ctx, s, "WEB_AUTHN", { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(requestOptions(ctx.store, ctx.clock, s.pool, s.userKey)) }));
  }
}

/** The answer to SELECT_CHALLENGE: the chosen factor's first step. */
export async function respondSelectChallenge(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined,
  admin: boolean, clientMetadata: Readonly<Record<string, string>> | undefined): Promise<AuthResponse> {
  const opened = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "SELECT_CHALLENGE" });
  const answer = required(responses, "ANSWER");
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, opened.user.Username);
  const available = firstFactors(ctx.store, pool, opened.userKey, opened.user);
  const factor = available.find((f) => f === answer);
  if (!factor) throw cognitoErrors.invalidParameter(`${answer} is not an available challenge for this user: choose one of ${available.join(", ")}.`);
  const s: SignIn = { pool, client, userKey: opened.userKey, user: opened.user, state: opened.state, admin, clientMetadata };
  return startFactor(ctx, s, factor, { ...responses, USERNAME: responses.USERNAME ?? opened.user.Username, DEVICE_KEY: responses.DEVICE_KEY ?? opened.state.deviceKey },
    { admin, clientMetadata });
}
