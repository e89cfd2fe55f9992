// The password as first factor: USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH (the password itself, a
// user migration for a name the pool does not know), and SRP (USER_SRP_AUTH: the PASSWORD_VERIFIER
// challenge). The pre authentication trigger runs before the password is checked.
import { sameSecret } from "../../constant-time.js";
import { readSession } from "./challenge-sessions.js";
import { checkSecretHash } from "./clients.js";
import { continueCustomAuth } from "./custom-auth.js";
import { cognitoErrors } from "./errors.js";
import { poolName } from "./ids.js";
import { cognitoTables, key, type ClientRecord, type PoolRecord, type UserRecord } from "./records.js";
import { seal, unseal } from "./sealed.js";
import { afterPassword, challenge, hidesUsers, required, unknownUser, type AuthResponse, type Ctx, type Params, type SignIn } from "./sign-in.js";
import { claimSignature, serverEphemeral, serverSessionKey, SRP_TIMESTAMP, verifierMatches } from "./srp.js";
import { preAuthentication } from "./triggers/auth-triggers.js";
import { migrateUser } from "./user-migration.js";
import { findUser } from "./user-records.js";

/** How a sign-in began: the admin APIs, and InitiateAuth's ClientMetadata (pre authentication and migration see it). */
export interface Initiation { readonly admin: boolean; readonly clientMetadata?: Readonly<Record<string, string>> }

/** The user a sign-in names, or the client's unknown-user error; runs pre authentication unless `preAuthenticated`. */
export async function signingInUser(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params, init: Initiation,
  options: { password?: string; preAuthenticated?: boolean } = {}): Promise<{ userKey: string; user: UserRecord }> {
  const username = required(params, "USERNAME");
  let found = findUser(ctx.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, username, found?.user.Username);
  // A name the pool does not know may be in the old directory: the migration trigger checks the password there.
  if (!found && options.password !== undefined) found = await migrateUser(ctx, pool, client, username, options.password, init.clientMetadata, undefined);
  if (!options.preAuthenticated && (found || hidesUsers(client))) {
    await preAuthentication(ctx, pool, client.ClientId, username, found?.user, init.clientMetadata, hidesUsers(client));
  }
  if (!found) unknownUser(client);
  return found;
}

export async function passwordAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params, init: Initiation, preAuthenticated = false): Promise<AuthResponse> {
  required(params, "USERNAME");
  const password = required(params, "PASSWORD");
  const { userKey, user } = await signingInUser(ctx, pool, client, params, init, { password, preAuthenticated });
  if (!user.password || !verifierMatches(user.password, poolName(pool.Id), user.Username, password)) throw cognitoErrors.incorrectPassword();
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return afterPassword(ctx, { pool, client, userKey, user, state: { deviceKey: params.DEVICE_KEY }, admin: init.admin });
}

interface SecretBlock { u: string; c: string; A: string; b: string; B: string; e: number; dk?: string }

function srpA(params: Params): string {
  const value = required(params, "SRP_A");
  if (!/^[0-9a-fA-F]+$/.test(value) || BigInt(`0x${value}`) === 0n) throw cognitoErrors.invalidParameter("SRP_A must be a non-zero hexadecimal number");
  return value;
}

/** USER_SRP_AUTH's first step: the PASSWORD_VERIFIER challenge. */
export async function srpStart(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params, init: Initiation, preAuthenticated = false): Promise<AuthResponse> {
  required(params, "USERNAME");
  const a = srpA(params);
  const { userKey, user } = await signingInUser(ctx, pool, client, params, init, { preAuthenticated });
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return passwordVerifierChallenge(ctx, { pool, client, userKey, user, state: { deviceKey: params.DEVICE_KEY }, admin: init.admin }, a, false);
}

/**
 * The PASSWORD_VERIFIER challenge: the server's SRP values and a sealed secret block. In a custom
 * authentication it comes with a Session that carries the custom steps so far.
 */
export function passwordVerifierChallenge(ctx: Ctx, s: SignIn, a: string, withSession: boolean): AuthResponse {
  const { user } = s;
  if (!user.password) throw cognitoErrors.incorrectPassword();
  const { b, B } = serverEphemeral(user.password.verifier);
  const minutes = (s.client.settings.AuthSessionValidity as number | undefined) ?? 3;
  const block: SecretBlock = { u: s.userKey, c: s.client.ClientId, A: a, b: b.toString(16), B: B.toString(16), e: ctx.clock.now().getTime() + minutes * 60_000, dk: s.state.deviceKey };
  const parameters = { SALT: user.password.salt, SECRET_BLOCK: seal(s.pool.sessionKey, block), SRP_B: B.toString(16), USERNAME: user.Username, USER_ID_FOR_SRP: user.Username };
  return withSession ? challenge(ctx, s, "PASSWORD_VERIFIER", parameters) : { ChallengeName: "PASSWORD_VERIFIER", ChallengeParameters: parameters };
}

/** Checks an SRP password claim (PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER) against the verifier it was issued for. */
export function checkPasswordClaim(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, verifierOf: (block: SecretBlock) => { hex: string; poolName: string; userId: string } | undefined): SecretBlock {
  const secretBlock = required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
  const signature = required(responses, "PASSWORD_CLAIM_SIGNATURE");
  const timestamp = required(responses, "TIMESTAMP");
  required(responses, "USERNAME");
  if (!SRP_TIMESTAMP.test(timestamp)) throw cognitoErrors.invalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
  const block = unseal<SecretBlock>(pool.sessionKey, secretBlock);
  if (!block || block.c !== client.ClientId) throw cognitoErrors.notAuthorized("Invalid secret block.");
  if (block.e <= ctx.clock.now().getTime()) throw cognitoErrors.invalidSession();
  const verifier = verifierOf(block);
  if (!verifier) throw cognitoErrors.incorrectPassword();
  const sessionKey = serverSessionKey(BigInt(`0x${block.A}`), BigInt(`0x${block.B}`), BigInt(`0x${block.b}`), verifier.hex);
  const expected = sessionKey && claimSignature(sessionKey, verifier.poolName, verifier.userId, secretBlock, timestamp);
  if (!expected || !sameSecret(signature, expected)) throw cognitoErrors.incorrectPassword();
  return block;
}

/** The answer to PASSWORD_VERIFIER: the user's SRP proof of the password. */
export async function passwordVerifier(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined,
  admin: boolean, clientMetadata: Readonly<Record<string, string>> | undefined): Promise<AuthResponse> {
  let user: UserRecord | undefined;
  const block = checkPasswordClaim(ctx, pool, client, responses, (b) => {
    user = cognitoTables.users(ctx.store).get(key(pool.Id, b.u));
    if (!user?.password) return undefined;
    checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, user.Username);
    return { hex: user.password.verifier, poolName: poolName(pool.Id), userId: user.Username };
  });
  if (!user!.Enabled) throw cognitoErrors.userDisabled();
  const s: SignIn = { pool, client, userKey: block.u, user: user!, state: { deviceKey: responses.DEVICE_KEY ?? block.dk }, admin, clientMetadata };
  // In a custom authentication the password is one step: the define trigger decides what follows.
  if (sessionText !== undefined) {
    const opened = readSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "PASSWORD_VERIFIER" });
    if (opened.state.custom && opened.userKey === block.u) {
      return continueCustomAuth(ctx, { ...s, state: { ...opened.state, deviceKey: s.state.deviceKey } },
        [...opened.state.custom.session, { challengeName: "PASSWORD_VERIFIER", challengeResult: true }]);
    }
  }
  return afterPassword(ctx, s);
}
