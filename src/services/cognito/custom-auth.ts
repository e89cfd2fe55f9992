// CUSTOM_AUTH: the define auth challenge trigger decides each step from the session so far, the create
// trigger makes each CUSTOM_CHALLENGE (public parameters to the client, private ones sealed in the
// Session), the verify trigger checks each answer. It may start with SRP (CHALLENGE_NAME SRP_A), so Cognito
// checks the password first. On a client that hides user existence, an unknown name goes through the same
// steps (userNotFound in every event) and can never get tokens.
import { readSession, type SignInState } from "./challenge-sessions.js";
import { checkSecretHash } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { cognitoTables, key, type ClientRecord, type PoolRecord, type UserRecord } from "./records.js";
import { passwordVerifierChallenge, type Initiation } from "./password-auth.js";
import { challengeSession } from "./challenge-sessions.js";
import { finishSignIn, hidesUsers, required, type AuthResponse, type Ctx, type Params, type SignIn } from "./sign-in.js";
import { preAuthentication } from "./triggers/auth-triggers.js";
import {
  createAuthChallenge, defineAuthChallenge, requireCustomAuthTriggers, verifyAuthChallengeResponse, type ChallengeResult, type ChallengeSubject,
} from "./triggers/challenge-triggers.js";
import { findUser } from "./user-records.js";

/** A custom authentication's sign-in: `user` is undefined for a name that matches nobody (hidden by the client). */
type CustomSignIn = Omit<SignIn, "user"> & { readonly user: UserRecord | undefined; readonly username: string };

function subject(s: CustomSignIn): ChallengeSubject {
  return { clientId: s.client.ClientId, username: s.username, user: s.user, hidesUsers: hidesUsers(s.client), clientMetadata: s.clientMetadata };
}

export async function initiateCustomAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params, init: Initiation): Promise<AuthResponse> {
  requireCustomAuthTriggers(pool);
  const username = required(params, "USERNAME");
  const found = findUser(ctx.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, username, found?.user.Username);
  if (!found && !hidesUsers(client)) throw cognitoErrors.userNotFound();
  if (found && !found.user.Enabled) throw cognitoErrors.userDisabled();
  await preAuthentication(ctx, pool, client.ClientId, username, found?.user, init.clientMetadata, hidesUsers(client));
  const s: CustomSignIn = { pool, client, userKey: found?.userKey ?? "", user: found?.user, username, admin: init.admin, state: { deviceKey: params.DEVICE_KEY } };
  // SRP first: Cognito checks the password before the custom challenges.
  if (params.CHALLENGE_NAME === "SRP_A") {
    const a = required(params, "SRP_A");
    if (!/^[0-9a-fA-F]+$/.test(a) || BigInt(`0x${a}`) === 0n) throw cognitoErrors.invalidParameter("SRP_A must be a non-zero hexadecimal number");
    return next(ctx, s, [{ challengeName: "SRP_A", challengeResult: true }], a);
  }
  return next(ctx, s, []);
}

/** After a step the client answered (a password verified in the custom flow): ask the define trigger again. */
export function continueCustomAuth(ctx: Ctx, s: SignIn, session: readonly ChallengeResult[]): Promise<AuthResponse> {
  return next(ctx, { ...s, username: s.user.Username }, session);
}

async function next(ctx: Ctx, s: CustomSignIn, session: readonly ChallengeResult[], srpA?: string): Promise<AuthResponse> {
  const decision = await defineAuthChallenge(ctx, s.pool, subject(s), session);
  const state: SignInState = { deviceKey: s.state.deviceKey, username: s.username, custom: { session } };
  if (decision.kind === "fail") throw cognitoErrors.incorrectPassword();
  if (decision.kind === "issueTokens") {
    // A name that matches nobody can never be signed in, whatever the trigger says.
    if (!s.user) throw cognitoErrors.incorrectPassword();
    if (s.user.UserStatus === "UNCONFIRMED") throw cognitoErrors.notConfirmed();
    return finishSignIn(ctx, { ...s, user: s.user, state: { deviceKey: s.state.deviceKey } });
  }
  if (decision.challengeName === "PASSWORD_VERIFIER") {
    if (!s.user?.password) throw cognitoErrors.incorrectPassword();
    return passwordVerifierChallenge(ctx, { ...s, user: s.user, state }, srpA!, true);
  }
  const created = await createAuthChallenge(ctx, s.pool, subject(s), session);
  const sealed: SignInState = { ...state, custom: { session, private: created.privateChallengeParameters, metadata: created.challengeMetadata } };
  return {
    ChallengeName: "CUSTOM_CHALLENGE",
    Session: challengeSession(ctx.clock, s.pool, s.client, "CUSTOM_CHALLENGE", s.userKey, sealed),
    ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: s.user?.Username ?? s.username },
  };
}

/** The answer to a CUSTOM_CHALLENGE: the verify trigger grades it, and the define trigger decides what follows. */
export async function respondCustomChallenge(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined,
  admin: boolean, clientMetadata: Readonly<Record<string, string>> | undefined): Promise<AuthResponse> {
  const opened = readSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "CUSTOM_CHALLENGE" });
  const custom = opened.state.custom;
  if (!custom) throw cognitoErrors.invalidSession();
  const user = opened.userKey ? cognitoTables.users(opened.store).get(key(pool.Id, opened.userKey)) : undefined;
  if (opened.userKey && !user) throw cognitoErrors.invalidSession();
  const username = required(responses, "USERNAME");
  const answer = required(responses, "ANSWER");
  checkSecretHash(client, responses.SECRET_HASH, username, user?.Username ?? opened.state.username);
  const s: CustomSignIn = {
    pool, client, userKey: opened.userKey, user, username: opened.state.username ?? username, admin, clientMetadata,
    state: { deviceKey: responses.DEVICE_KEY ?? opened.state.deviceKey },
  };
  const correct = await verifyAuthChallengeResponse(ctx, pool, subject(s), custom.private ?? {}, answer);
  return next(ctx, s, [...custom.session, { challengeName: "CUSTOM_CHALLENGE", challengeResult: correct, ...(custom.metadata !== undefined && { challengeMetadata: custom.metadata }) }]);
}
