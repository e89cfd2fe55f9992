// Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge.
// Flows USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH), USER_SRP_AUTH with the
// PASSWORD_VERIFIER challenge, REFRESH_TOKEN_AUTH (REFRESH_TOKEN), and USER_AUTH with the PASSWORD and
// PASSWORD_SRP choices; challenges NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA and MFA_SETUP.
import { sameSecret } from "../../constant-time.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation, OperationContext } from "../operation.js";
import { verifyTotp } from "../totp.js";
import { challengeSession, openSession } from "./challenge-sessions.js";
import { checkSecretHash, locateClient, requireClient, requireFlow, type AuthFlow } from "./clients.js";
import { cognitoErrors } from "./errors.js";
import { poolName } from "./ids.js";
import { checkPasswordPolicy } from "./password-policy.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type AttributeType, type ClientRecord, type PoolRecord, type UserRecord } from "./records.js";
import { seal, unseal } from "./sealed.js";
import { claimSignature, serverEphemeral, serverSessionKey, SRP_TIMESTAMP, verifierMatches } from "./srp.js";
import { refresh, sessionOfRefreshToken, signIn, type AuthenticationResult } from "./tokens.js";
import { checkAttributes, findUser, saveUser, userKeyOf, withAttributes } from "./user-records.js";
import { setPassword } from "./users.js";

type Params = Record<string, string | undefined>;
/** Finishes a sign-in once every challenge is answered. The API issues tokens; the managed login pages
 * (oauth/login.ts) pass their own, which hands the browser an authorization code instead. */
export type SignInFinish = (pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord) => Promise<AuthResponse>;
export type SignInContext = Omit<OperationContext<unknown>, "input"> & { readonly finish?: SignInFinish };
type Ctx = SignInContext;

export interface AuthResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResult;
  AvailableChallenges?: string[];
}

const USER_FLOWS = new Set(["USER_PASSWORD_AUTH", "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "USER_AUTH"]);
const ADMIN_FLOWS = new Set(["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "USER_AUTH"]);

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw cognitoErrors.missingParameter(name);
  return value;
}

/** A name that matches no user: UserNotFoundException, unless the client hides user existence. */
function unknownUser(client: ClientRecord): never {
  throw client.settings.PreventUserExistenceErrors === "ENABLED" ? cognitoErrors.incorrectPassword() : cognitoErrors.userNotFound();
}

function userOrUnknown(store: AccountStore, pool: PoolRecord, client: ClientRecord, username: string): { userKey: string; user: UserRecord } {
  const found = findUser(store, pool, username);
  if (!found) unknownUser(client);
  if (!found.user.Enabled) throw cognitoErrors.userDisabled();
  return found;
}

/** After a proven password: the account's state decides between an error, a challenge and tokens. */
async function afterPassword(ctx: Ctx, pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord): Promise<AuthResponse> {
  if (user.UserStatus === "UNCONFIRMED") throw cognitoErrors.notConfirmed();
  if (user.UserStatus === "RESET_REQUIRED") throw cognitoErrors.resetRequired();
  if (user.UserStatus === "FORCE_CHANGE_PASSWORD") {
    if (user.temporaryPasswordExpires && Date.parse(user.temporaryPasswordExpires) <= ctx.clock.now().getTime()) {
      throw cognitoErrors.notAuthorized("Temporary password has expired and must be reset by an administrator.");
    }
    const attributes = Object.fromEntries(user.Attributes.filter((a) => a.Name !== "sub" && !a.Name.endsWith("_verified")).map((a) => [a.Name, a.Value ?? ""]));
    return {
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: challengeSession(ctx.clock, pool, client, "NEW_PASSWORD_REQUIRED", userKey),
      ChallengeParameters: { USER_ID_FOR_SRP: user.Username, requiredAttributes: "[]", userAttributes: JSON.stringify(attributes) },
    };
  }
  return mfaOrTokens(ctx, pool, client, userKey, user);
}

async function mfaOrTokens(ctx: Ctx, pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord): Promise<AuthResponse> {
  if (pool.MfaConfiguration !== "OFF" && pool.softwareTokenMfaEnabled && user.totpEnabled) {
    return {
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      Session: challengeSession(ctx.clock, pool, client, "SOFTWARE_TOKEN_MFA", userKey),
      ChallengeParameters: { USER_ID_FOR_SRP: user.Username },
    };
  }
  if (pool.MfaConfiguration === "ON") {
    return {
      ChallengeName: "MFA_SETUP",
      Session: challengeSession(ctx.clock, pool, client, "MFA_SETUP", userKey),
      ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.Username },
    };
  }
  return finishSignIn(ctx, pool, client, userKey, user);
}

async function finishSignIn(ctx: Ctx, pool: PoolRecord, client: ClientRecord, userKey: string, user: UserRecord): Promise<AuthResponse> {
  if (ctx.finish) return ctx.finish(pool, client, userKey, user);
  return { ChallengeParameters: {}, AuthenticationResult: await signIn({ store: ctx.store, clock: ctx.clock, origin: ctx.origin }, pool, client, userKey, user) };
}

/** USER_PASSWORD_AUTH's check, shared with the managed login page (which acts as the client, SECRET_HASH included). */
export async function passwordAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params): Promise<AuthResponse> {
  const username = required(params, "USERNAME");
  const password = required(params, "PASSWORD");
  const found = findUser(ctx.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, username, found?.user.Username);
  if (!found) unknownUser(client);
  const { userKey, user } = found;
  if (!user.password || !verifierMatches(user.password, poolName(pool.Id), user.Username, password)) throw cognitoErrors.incorrectPassword();
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return afterPassword(ctx, pool, client, userKey, user);
}

interface SecretBlock { u: string; c: string; A: string; b: string; B: string; e: number }

function srpStart(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params): AuthResponse {
  const username = required(params, "USERNAME");
  const srpA = required(params, "SRP_A");
  if (!/^[0-9a-fA-F]+$/.test(srpA) || BigInt(`0x${srpA}`) === 0n) throw cognitoErrors.invalidParameter("SRP_A must be a non-zero hexadecimal number");
  const found = findUser(ctx.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, username, found?.user.Username);
  if (!found) unknownUser(client);
  const { userKey, user } = found;
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  if (!user.password) throw cognitoErrors.incorrectPassword();
  const { b, B } = serverEphemeral(user.password.verifier);
  const minutes = (client.settings.AuthSessionValidity as number | undefined) ?? 3;
  const block: SecretBlock = { u: userKey, c: client.ClientId, A: srpA, b: b.toString(16), B: B.toString(16), e: ctx.clock.now().getTime() + minutes * 60_000 };
  return {
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeParameters: {
      SALT: user.password.salt, SECRET_BLOCK: seal(pool.sessionKey, block), SRP_B: B.toString(16), USERNAME: user.Username, USER_ID_FOR_SRP: user.Username,
    },
  };
}

async function passwordVerifier(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params): Promise<AuthResponse> {
  const secretBlock = required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
  const signature = required(responses, "PASSWORD_CLAIM_SIGNATURE");
  const timestamp = required(responses, "TIMESTAMP");
  required(responses, "USERNAME");
  if (!SRP_TIMESTAMP.test(timestamp)) throw cognitoErrors.invalidParameter("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.");
  const block = unseal<SecretBlock>(pool.sessionKey, secretBlock);
  if (!block || block.c !== client.ClientId) throw cognitoErrors.notAuthorized("Invalid secret block.");
  if (block.e <= ctx.clock.now().getTime()) throw cognitoErrors.invalidSession();
  const user = cognitoTables.users(ctx.store).get(key(pool.Id, block.u));
  if (!user?.password) throw cognitoErrors.incorrectPassword();
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, user.Username);
  const sessionKey = serverSessionKey(BigInt(`0x${block.A}`), BigInt(`0x${block.B}`), BigInt(`0x${block.b}`), user.password.verifier);
  const expected = sessionKey && claimSignature(sessionKey, poolName(pool.Id), user.Username, secretBlock, timestamp);
  if (!expected || !sameSecret(signature, expected)) throw cognitoErrors.incorrectPassword();
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return afterPassword(ctx, pool, client, block.u, user);
}

async function refreshAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params): Promise<AuthResponse> {
  const token = required(params, "REFRESH_TOKEN");
  const session = sessionOfRefreshToken(ctx.store, ctx.clock, pool, client, token);
  const userKey = userKeyOf(pool, session.username);
  const user = cognitoTables.users(ctx.store).get(key(pool.Id, userKey));
  if (!user || user.sub !== session.sub) throw cognitoErrors.refreshTokenRevoked();
  checkSecretHash(client, params.SECRET_HASH, params.USERNAME, user.Username, user.sub);
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  const result = await refresh({ store: ctx.store, clock: ctx.clock, origin: ctx.origin }, pool, client, session, userKey, user);
  return { ChallengeParameters: {}, AuthenticationResult: result };
}

/** USER_AUTH (choice-based sign-in) with the password factors: PASSWORD, or PASSWORD_SRP when SRP_A is sent. */
async function choiceAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params): Promise<AuthResponse> {
  const username = required(params, "USERNAME");
  const preferred = params.PREFERRED_CHALLENGE;
  if (preferred === "PASSWORD" || (preferred === undefined && params.PASSWORD !== undefined)) return passwordAuth(ctx, pool, client, params);
  if (preferred === "PASSWORD_SRP" || (preferred === undefined && params.SRP_A !== undefined)) return srpStart(ctx, pool, client, params);
  if (preferred !== undefined) throw cognitoErrors.invalidParameter(`${preferred} is not an available challenge: AWS Identity Emulator offers PASSWORD and PASSWORD_SRP.`);
  const found = findUser(ctx.store, pool, username);
  checkSecretHash(client, params.SECRET_HASH, username, found?.user.Username);
  if (!found) unknownUser(client);
  return {
    ChallengeName: "SELECT_CHALLENGE",
    Session: challengeSession(ctx.clock, pool, client, "SELECT_CHALLENGE", found.userKey),
    ChallengeParameters: {},
    AvailableChallenges: ["PASSWORD", "PASSWORD_SRP"],
  };
}

async function initiate(ctx: Ctx, pool: PoolRecord, client: ClientRecord, flow: string, params: Params, admin: boolean): Promise<AuthResponse> {
  if (!(admin ? ADMIN_FLOWS : USER_FLOWS).has(flow)) throw cognitoErrors.invalidParameter("Initiate Auth method not supported.");
  requireFlow(client, flow as AuthFlow);
  switch (flow) {
    case "USER_PASSWORD_AUTH": case "ADMIN_USER_PASSWORD_AUTH": case "ADMIN_NO_SRP_AUTH": return passwordAuth(ctx, pool, client, params);
    case "USER_SRP_AUTH": return srpStart(ctx, pool, client, params);
    case "REFRESH_TOKEN_AUTH": case "REFRESH_TOKEN": return refreshAuth(ctx, pool, client, params);
    case "USER_AUTH": return choiceAuth(ctx, pool, client, params);
    default: throw cognitoErrors.invalidParameter("Custom auth lambda trigger is not configured for the user pool.");
  }
}

interface InitiateAuthInput { AuthFlow: string; AuthParameters?: Params; ClientId: string; Session?: string }

export const InitiateAuth: Operation<InitiateAuthInput, AuthResponse> = (ctx) => {
  const { store, pool, client } = locateClient(ctx.store, ctx.input.ClientId);
  return initiate({ ...ctx, store }, pool, client, ctx.input.AuthFlow, ctx.input.AuthParameters ?? {}, false);
};

export const AdminInitiateAuth: Operation<InitiateAuthInput & { UserPoolId: string }, AuthResponse> = (ctx) => {
  const pool = requirePool(ctx.store, ctx.input.UserPoolId);
  const client = requireClient(ctx.store, pool.Id, ctx.input.ClientId);
  return initiate(ctx, pool, client, ctx.input.AuthFlow, ctx.input.AuthParameters ?? {}, true);
};

async function newPasswordRequired(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined): Promise<AuthResponse> {
  const session = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "NEW_PASSWORD_REQUIRED" });
  const password = required(responses, "NEW_PASSWORD");
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, session.user.Username);
  checkPasswordPolicy(pool, password);
  const changes: AttributeType[] = Object.entries(responses)
    .filter(([name, value]) => name.startsWith("userAttributes.") && value !== undefined)
    .map(([name, value]) => ({ Name: name.slice("userAttributes.".length), Value: value }));
  if (changes.length) checkAttributes(pool, changes, { update: true });
  const withPassword = setPassword(ctx, pool, session.user, password, true);
  const next: UserRecord = { ...withPassword, Attributes: withAttributes(withPassword, changes) };
  saveUser(ctx.store, pool, session.userKey, next, session.user);
  return mfaOrTokens(ctx, pool, client, session.userKey, next);
}

async function softwareTokenMfa(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined): Promise<AuthResponse> {
  const session = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "SOFTWARE_TOKEN_MFA" });
  const code = required(responses, "SOFTWARE_TOKEN_MFA_CODE");
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, session.user.Username);
  const user = session.user;
  const step = user.totpSecret ? verifyTotp(user.totpSecret, code, ctx.clock.now(), { lastStep: user.totpLastStep }) : undefined;
  if (step === undefined) {
    // A code that was right but already spent (its step at or before the last one accepted) is refused as Cognito
    // refuses it: ExpiredCodeException, not a mismatch.
    if (user.totpSecret && verifyTotp(user.totpSecret, code, ctx.clock.now()) !== undefined) throw cognitoErrors.softwareTokenReused();
    throw cognitoErrors.codeMismatch("Invalid code received for user");
  }
  const next = { ...user, totpLastStep: step };
  saveUser(ctx.store, pool, session.userKey, next, user);
  return finishSignIn(ctx, pool, client, session.userKey, next);
}

async function mfaSetup(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined): Promise<AuthResponse> {
  const session = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "MFA_SETUP" });
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, session.user.Username);
  if (!session.user.totpEnabled) throw cognitoErrors.invalidParameter("Software token MFA has not been verified: call AssociateSoftwareToken and VerifySoftwareToken with this session first.");
  return finishSignIn(ctx, pool, client, session.userKey, session.user);
}

/** RespondToAuthChallenge's answers, shared with the managed login pages (new password, TOTP, MFA setup). */
export async function respond(ctx: Ctx, pool: PoolRecord, client: ClientRecord, challenge: string, responses: Params, session: string | undefined): Promise<AuthResponse> {
  switch (challenge) {
    case "PASSWORD_VERIFIER": return passwordVerifier(ctx, pool, client, responses);
    case "NEW_PASSWORD_REQUIRED": return newPasswordRequired(ctx, pool, client, responses, session);
    case "SOFTWARE_TOKEN_MFA": return softwareTokenMfa(ctx, pool, client, responses, session);
    case "MFA_SETUP": return mfaSetup(ctx, pool, client, responses, session);
    case "SELECT_CHALLENGE": {
      // USER_AUTH's choice: answer with the chosen factor's first step.
      const opened = openSession(ctx.store, ctx.clock, session, { clientId: client.ClientId, challenge: "SELECT_CHALLENGE" });
      const params: Params = { ...responses, USERNAME: responses.USERNAME ?? opened.user.Username };
      if (responses.ANSWER === "PASSWORD") return passwordAuth(ctx, pool, client, params);
      if (responses.ANSWER === "PASSWORD_SRP") return srpStart(ctx, pool, client, params);
      throw cognitoErrors.invalidParameter("ANSWER must be PASSWORD or PASSWORD_SRP.");
    }
    case "PASSWORD": return passwordAuth(ctx, pool, client, responses);
    default: throw cognitoErrors.invalidParameter(`${challenge} challenge is not supported by AWS Identity Emulator.`);
  }
}

/** The refresh flow as its own operation (newer SDKs and Amplify): same checks, client secret instead of SECRET_HASH. */
export const GetTokensFromRefreshToken: Operation<{ RefreshToken: string; ClientId: string; ClientSecret?: string }, { AuthenticationResult: AuthenticationResult }> = async (ctx) => {
  const { store, pool, client } = locateClient(ctx.store, ctx.input.ClientId);
  if (client.ClientSecret && ctx.input.ClientSecret !== client.ClientSecret) throw cognitoErrors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  requireFlow(client, "REFRESH_TOKEN_AUTH");
  const session = sessionOfRefreshToken(store, ctx.clock, pool, client, ctx.input.RefreshToken);
  const userKey = userKeyOf(pool, session.username);
  const user = cognitoTables.users(store).get(key(pool.Id, userKey));
  if (!user || user.sub !== session.sub) throw cognitoErrors.refreshTokenRevoked();
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return { AuthenticationResult: await refresh({ store, clock: ctx.clock, origin: ctx.origin }, pool, client, session, userKey, user) };
};

interface RespondInput { ClientId: string; ChallengeName: string; Session?: string; ChallengeResponses?: Params }

export const RespondToAuthChallenge: Operation<RespondInput, AuthResponse> = (ctx) => {
  const { store, pool, client } = locateClient(ctx.store, ctx.input.ClientId);
  return respond({ ...ctx, store }, pool, client, ctx.input.ChallengeName, ctx.input.ChallengeResponses ?? {}, ctx.input.Session);
};

export const AdminRespondToAuthChallenge: Operation<RespondInput & { UserPoolId: string }, AuthResponse> = (ctx) => {
  const pool = requirePool(ctx.store, ctx.input.UserPoolId);
  const client = requireClient(ctx.store, pool.Id, ctx.input.ClientId);
  return respond(ctx, pool, client, ctx.input.ChallengeName, ctx.input.ChallengeResponses ?? {}, ctx.input.Session);
};

export const operations = { InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge, GetTokensFromRefreshToken };
