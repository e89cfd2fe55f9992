// Passkeys: StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials,
// DeleteWebAuthnCredential (a signed-in user's own), and the WEB_AUTHN first factor of USER_AUTH: its options and
// the check of its answer are here, choice-auth.ts offers it, challenge-responses.ts takes the answer. The relying
// party is the pool's WebAuthnConfiguration.RelyingPartyId, else its domain's host; webauthn.ts checks ceremonies.
import { randomBytes } from "node:crypto";
import type { Clock } from "../../clock.js";
import { awsError, type AwsError } from "../../protocol/errors.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { cognitoErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { allowedFirstFactors } from "./pools.js";
import { cognitoTables, key, type PoolRecord, type WebAuthnCredentialRecord } from "./records.js";
import { signedInUser } from "./self-service.js";
import { assertionNames, verifyAssertion, verifyRegistration, WebAuthnRefused } from "./webauthn.js";

/** How long the browser has for its ceremony (the options' timeout), and how long a challenge is answered. */
const CEREMONY_MS = 180_000;
/** Passkeys one user may register. */
const MAX_PASSKEYS = 20;
const e = (code: string, message: string): AwsError => awsError("cognito-idp", code, message);

/** Whether the pool lets users sign in with passkeys (WEB_AUTHN among its first factors). */
function passkeysEnabled(pool: PoolRecord): boolean {
  return allowedFirstFactors(pool).includes("WEB_AUTHN");
}

/** The relying party passkeys are made for: the configured id, or the host of the pool's domain. */
export function relyingParty(store: AccountStore, pool: PoolRecord): string {
  const configured = pool.webAuthn?.RelyingPartyId;
  if (configured) return configured;
  const domain = [...cognitoTables.domains(store).withPrefix(key(pool.Id, ""))][0]?.[1];
  if (domain) return domain.host;
  throw e("WebAuthnConfigurationMissingException", "The user pool has no relying party for passkeys: set WebAuthnConfiguration.RelyingPartyId with SetUserPoolMfaConfig, or give the pool a domain.");
}

export const userVerificationOf = (pool: PoolRecord): "required" | "preferred" => pool.webAuthn?.UserVerification ?? "preferred";

const newChallenge = (): string => randomBytes(32).toString("base64url");

export function passkeysOf(store: AccountStore, pool: PoolRecord, userKey: string, rpId?: string): WebAuthnCredentialRecord[] {
  return [...cognitoTables.webAuthnCredentials(store).withPrefix(key(pool.Id, userKey, ""))].map(([, c]) => c).filter((c) => rpId === undefined || c.RelyingPartyId === rpId);
}

const descriptor = (c: WebAuthnCredentialRecord) => ({ type: "public-key", id: c.CredentialId, ...(c.AuthenticatorTransports.length && { transports: [...c.AuthenticatorTransports] }) });

/**
 * WEB_AUTHN's CREDENTIAL_REQUEST_OPTIONS (PublicKeyCredentialRequestOptionsJSON) for a user's passkeys. Its
 * challenge is kept until answered once (or three minutes pass): a replayed assertion finds none.
 */
export function requestOptions(store: AccountStore, clock: Clock, pool: PoolRecord, userKey: string): Record<string, unknown> {
  const rpId = relyingParty(store, pool);
  const challenge = newChallenge();
  const now = clock.now().getTime();
  const pending = cognitoTables.webAuthnChallenges(store);
  for (const [k, c] of [...pending.withPrefix(key(pool.Id, userKey, ""))]) if (c.expiresAt <= now) pending.delete(k);
  pending.put(key(pool.Id, userKey, challenge), { expiresAt: now + CEREMONY_MS });
  return { challenge, timeout: CEREMONY_MS, rpId, allowCredentials: passkeysOf(store, pool, userKey, rpId).map(descriptor), userVerification: userVerificationOf(pool) };
}

/**
 * WEB_AUTHN's answer: the assertion (CREDENTIAL, an AuthenticationResponseJSON) of one of the user's passkeys,
 * for a challenge this user was given and has not used, verified against the passkey's key; its counter is kept.
 */
export function verifyPasskeySignIn(store: AccountStore, clock: Clock, pool: PoolRecord, userKey: string, credentialText: string): void {
  let credential: unknown;
  try { credential = JSON.parse(credentialText); } catch { throw cognitoErrors.invalidParameter("CREDENTIAL must be the passkey's PublicKeyCredential as JSON (toJSON() of navigator.credentials.get())."); }
  const names = assertionNames(credential);
  const passkeys = cognitoTables.webAuthnCredentials(store);
  const passkey = names && passkeys.get(key(pool.Id, userKey, names.credentialId));
  if (!names || !passkey) throw cognitoErrors.notAuthorized("The passkey is not registered for this user.");
  const { challenge } = names;
  const pending = cognitoTables.webAuthnChallenges(store);
  const waiting = pending.get(key(pool.Id, userKey, challenge));
  if (!waiting || waiting.expiresAt <= clock.now().getTime()) throw cognitoErrors.notAuthorized("The passkey answers no challenge this user is waiting on: start the sign-in again.");
  let signCount: number;
  try {
    ({ signCount } = verifyAssertion(credential, { challenge, rpId: passkey.RelyingPartyId, userVerification: userVerificationOf(pool) }, passkey));
  } catch (err) {
    if (err instanceof WebAuthnRefused) throw cognitoErrors.notAuthorized(err.message);
    throw err;
  }
  pending.delete(key(pool.Id, userKey, challenge));
  passkeys.put(key(pool.Id, userKey, passkey.CredentialId), { ...passkey, signCount });
}

function requireEnabled(pool: PoolRecord): void {
  if (!passkeysEnabled(pool)) {
    throw e("WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool: add WEB_AUTHN to Policies.SignInPolicy.AllowedFirstAuthFactors.");
  }
}

export const StartWebAuthnRegistration: Operation<{ AccessToken: string }, { CredentialCreationOptions: Record<string, unknown> }> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  requireEnabled(me.pool);
  const rpId = relyingParty(me.store, me.pool);
  const existing = passkeysOf(me.store, me.pool, me.userKey, rpId);
  if (existing.length >= MAX_PASSKEYS) throw e("LimitExceededException", `A user can register at most ${MAX_PASSKEYS} passkeys.`);
  const challenge = newChallenge();
  cognitoTables.webAuthnRegistrations(me.store).put(key(me.pool.Id, me.userKey), {
    challenge, clientId: me.session.clientId, rpId, userVerification: userVerificationOf(me.pool), expiresAt: clock.now().getTime() + CEREMONY_MS,
  });
  return {
    CredentialCreationOptions: {
      challenge, rp: { id: rpId, name: rpId },
      user: { id: Buffer.from(me.user.sub).toString("base64url"), name: me.user.Username, displayName: me.user.Username },
      pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
      timeout: CEREMONY_MS, excludeCredentials: existing.map(descriptor), attestation: "none",
      authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: userVerificationOf(me.pool) },
      extensions: { credProps: true },
    },
  };
};

export const CompleteWebAuthnRegistration: Operation<{ AccessToken: string; Credential: unknown }, Record<string, never>> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  requireEnabled(me.pool);
  const registrations = cognitoTables.webAuthnRegistrations(me.store);
  const started = registrations.get(key(me.pool.Id, me.userKey));
  if (!started || started.expiresAt <= clock.now().getTime()) {
    throw e("WebAuthnChallengeNotFoundException", "No passkey registration is waiting for this user: call StartWebAuthnRegistration first (its challenge lasts three minutes).");
  }
  if (started.clientId !== me.session.clientId) throw e("WebAuthnClientMismatchException", "The passkey registration was started by another app client.");
  let registered;
  try {
    registered = verifyRegistration(input.Credential, { challenge: started.challenge, rpId: started.rpId, userVerification: started.userVerification });
  } catch (err) {
    throw err instanceof WebAuthnRefused ? registrationError(err) : err;
  }
  registrations.delete(key(me.pool.Id, me.userKey));
  const credentials = cognitoTables.webAuthnCredentials(me.store);
  const rowKey = key(me.pool.Id, me.userKey, registered.credentialId);
  if (credentials.has(rowKey)) throw cognitoErrors.invalidParameter("This passkey is already registered for the user.");
  credentials.put(rowKey, {
    CredentialId: registered.credentialId, RelyingPartyId: started.rpId, AuthenticatorTransports: [...registered.transports], CreatedAt: clock.now().toISOString(),
    FriendlyCredentialName: registered.attachment === "platform" ? "Platform passkey" : registered.attachment === "cross-platform" ? "Roaming passkey" : "Passkey",
    ...(registered.attachment && { AuthenticatorAttachment: registered.attachment }),
    publicKey: registered.publicKey as Record<string, string>, alg: registered.alg, signCount: registered.signCount,
  });
  return {};
};

function registrationError(err: WebAuthnRefused): AwsError {
  switch (err.reason) {
    case "relyingParty": return e("WebAuthnRelyingPartyMismatchException", err.message);
    case "origin": return e("WebAuthnOriginNotAllowedException", err.message);
    case "algorithm": return e("WebAuthnCredentialNotSupportedException", err.message);
    default: return cognitoErrors.invalidParameter(err.message);
  }
}

export const ListWebAuthnCredentials: Operation<{ AccessToken: string; NextToken?: string; MaxResults?: number }, { Credentials: unknown[]; NextToken?: string }> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  const page = pageOf(cognitoTables.webAuthnCredentials(me.store), key(me.pool.Id, me.userKey, ""), input.NextToken, input.MaxResults ?? 10, () => true,
    (c) => ({ CredentialId: c.CredentialId, FriendlyCredentialName: c.FriendlyCredentialName, RelyingPartyId: c.RelyingPartyId,
      ...(c.AuthenticatorAttachment && { AuthenticatorAttachment: c.AuthenticatorAttachment }), AuthenticatorTransports: [...c.AuthenticatorTransports], CreatedAt: c.CreatedAt }));
  return { Credentials: page.items, NextToken: page.next };
};

export const DeleteWebAuthnCredential: Operation<{ AccessToken: string; CredentialId: string }, Record<string, never>> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  const credentials = cognitoTables.webAuthnCredentials(me.store);
  const rowKey = key(me.pool.Id, me.userKey, input.CredentialId);
  if (!credentials.has(rowKey)) throw cognitoErrors.resourceNotFound("Credential not found.");
  credentials.delete(rowKey);
  return {};
};

export const operations = { StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential };
