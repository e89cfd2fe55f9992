// Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge and
// GetTokensFromRefreshToken. Each flow and challenge lives with its family: passwords and SRP in
// password-auth.ts, CUSTOM_AUTH in custom-auth.ts, USER_AUTH in choice-auth.ts, MFA and one-time codes in
// challenge-responses.ts, devices in devices.ts; what follows a first factor in sign-in.ts.
import { sameSecret } from "../../constant-time.js";
import type { Operation } from "../operation.js";
import { respondCode, respondMfaSetup, respondNewPassword, respondSelectMfaType, respondSoftwareToken, respondWebAuthn } from "./challenge-responses.js";
import { initiateChoice, respondSelectChallenge } from "./choice-auth.js";
import { checkSecretHash, locateClient, requireClient, requireFlow, type AuthFlow } from "./clients.js";
import { initiateCustomAuth, respondCustomChallenge } from "./custom-auth.js";
import { respondDevicePasswordVerifier, respondDeviceSrpAuth } from "./devices.js";
import { cognitoErrors } from "./errors.js";
import { passwordAuth, passwordVerifier, srpStart, type Initiation } from "./password-auth.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type ClientRecord, type PoolRecord } from "./records.js";
import { required, type AuthResponse, type Ctx, type Params } from "./sign-in.js";
import { refresh, sessionOfRefreshToken, type AuthenticationResult } from "./tokens.js";
import { userKeyOf } from "./user-records.js";

export type { AuthResponse } from "./sign-in.js";

type Metadata = Record<string, string> | undefined;

const USER_FLOWS = new Set(["USER_PASSWORD_AUTH", "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "USER_AUTH"]);
const ADMIN_FLOWS = new Set(["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH", "USER_AUTH"]);

async function refreshAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, params: Params): Promise<AuthResponse> {
  const token = required(params, "REFRESH_TOKEN");
  const session = sessionOfRefreshToken(ctx.store, ctx.clock, pool, client, token);
  const userKey = userKeyOf(pool, session.username);
  const user = cognitoTables.users(ctx.store).get(key(pool.Id, userKey));
  if (!user || user.sub !== session.sub) throw cognitoErrors.refreshTokenRevoked();
  checkSecretHash(client, params.SECRET_HASH, params.USERNAME, user.Username, user.sub);
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return { ChallengeParameters: {}, AuthenticationResult: await refresh(ctx, pool, client, session, userKey, user) };
}

async function initiate(ctx: Ctx, pool: PoolRecord, client: ClientRecord, flow: string, params: Params, init: Initiation): Promise<AuthResponse> {
  if (!(init.admin ? ADMIN_FLOWS : USER_FLOWS).has(flow)) throw cognitoErrors.invalidParameter("Initiate Auth method not supported.");
  requireFlow(client, flow as AuthFlow);
  switch (flow) {
    case "USER_PASSWORD_AUTH": case "ADMIN_USER_PASSWORD_AUTH": case "ADMIN_NO_SRP_AUTH": return passwordAuth(ctx, pool, client, params, init);
    case "USER_SRP_AUTH": return srpStart(ctx, pool, client, params, init);
    case "REFRESH_TOKEN_AUTH": case "REFRESH_TOKEN": return refreshAuth(ctx, pool, client, params);
    case "USER_AUTH": return initiateChoice(ctx, pool, client, params, init);
    default: return initiateCustomAuth(ctx, pool, client, params, init);
  }
}

interface InitiateAuthInput { AuthFlow: string; AuthParameters?: Params; ClientId: string; ClientMetadata?: Metadata }

export const InitiateAuth: Operation<InitiateAuthInput, AuthResponse> = (ctx) => {
  const { store, pool, client } = locateClient(ctx.store, ctx.input.ClientId);
  return initiate({ ...ctx, store }, pool, client, ctx.input.AuthFlow, ctx.input.AuthParameters ?? {}, { admin: false, clientMetadata: ctx.input.ClientMetadata });
};

export const AdminInitiateAuth: Operation<InitiateAuthInput & { UserPoolId: string }, AuthResponse> = (ctx) => {
  const pool = requirePool(ctx.store, ctx.input.UserPoolId);
  const client = requireClient(ctx.store, pool.Id, ctx.input.ClientId);
  return initiate(ctx, pool, client, ctx.input.AuthFlow, ctx.input.AuthParameters ?? {}, { admin: true, clientMetadata: ctx.input.ClientMetadata });
};

/** The refresh flow as its own operation (newer SDKs and Amplify): same checks, client secret instead of SECRET_HASH. */
export const GetTokensFromRefreshToken: Operation<{ RefreshToken: string; ClientId: string; ClientSecret?: string; ClientMetadata?: Metadata }, { AuthenticationResult: AuthenticationResult }> = async (ctx) => {
  const { store, pool, client } = locateClient(ctx.store, ctx.input.ClientId);
  if (client.ClientSecret && !sameSecret(ctx.input.ClientSecret ?? "", client.ClientSecret)) throw cognitoErrors.notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  requireFlow(client, "REFRESH_TOKEN_AUTH");
  const session = sessionOfRefreshToken(store, ctx.clock, pool, client, ctx.input.RefreshToken);
  const userKey = userKeyOf(pool, session.username);
  const user = cognitoTables.users(store).get(key(pool.Id, userKey));
  if (!user || user.sub !== session.sub) throw cognitoErrors.refreshTokenRevoked();
  if (!user.Enabled) throw cognitoErrors.userDisabled();
  return { AuthenticationResult: await refresh({ ...ctx, store }, pool, client, session, userKey, user, { clientMetadata: ctx.input.ClientMetadata }) };
};

/** RespondToAuthChallenge's answers, for every path that signs a user in (the API, and pages that act as a client). */
export async function respond(ctx: Ctx, pool: PoolRecord, client: ClientRecord, challenge: string, responses: Params, session: string | undefined,
  admin: boolean, clientMetadata: Metadata): Promise<AuthResponse> {
  switch (challenge) {
    case "PASSWORD_VERIFIER": return passwordVerifier(ctx, pool, client, responses, session, admin, clientMetadata);
    case "NEW_PASSWORD_REQUIRED": return respondNewPassword(ctx, pool, client, responses, session, admin, clientMetadata);
    case "SOFTWARE_TOKEN_MFA": return respondSoftwareToken(ctx, pool, client, responses, session, admin, clientMetadata);
    case "SMS_MFA": case "EMAIL_OTP": case "SMS_OTP": return respondCode(ctx, pool, client, challenge, responses, session, admin, clientMetadata);
    case "SELECT_MFA_TYPE": return respondSelectMfaType(ctx, pool, client, responses, session, admin, clientMetadata);
    case "MFA_SETUP": return respondMfaSetup(ctx, pool, client, responses, session, admin, clientMetadata);
    case "SELECT_CHALLENGE": return respondSelectChallenge(ctx, pool, client, responses, session, admin, clientMetadata);
    case "CUSTOM_CHALLENGE": return respondCustomChallenge(ctx, pool, client, responses, session, admin, clientMetadata);
    case "DEVICE_SRP_AUTH": return respondDeviceSrpAuth(ctx, pool, client, responses, session, admin, clientMetadata);
    case "DEVICE_PASSWORD_VERIFIER": return respondDevicePasswordVerifier(ctx, pool, client, responses, session, admin, clientMetadata);
    // USER_AUTH's PASSWORD answered directly, as some clients do instead of SELECT_CHALLENGE.
    case "PASSWORD": return passwordAuth(ctx, pool, client, responses, { admin, clientMetadata });
    case "WEB_AUTHN": return respondWebAuthn(ctx, pool, client, responses, session, admin, clientMetadata);
    default: throw cognitoErrors.invalidParameter(`${challenge} challenge is not supported by AWS Identity Emulator.`);
  }
}

interface RespondInput { ClientId: string; ChallengeName: string; Session?: string; ChallengeResponses?: Params; ClientMetadata?: Metadata }

export const RespondToAuthChallenge: Operation<RespondInput, AuthResponse> = (ctx) => {
  const { store, pool, client } = locateClient(ctx.store, ctx.input.ClientId);
  return respond({ ...ctx, store }, pool, client, ctx.input.ChallengeName, ctx.input.ChallengeResponses ?? {}, ctx.input.Session, false, ctx.input.ClientMetadata);
};

export const AdminRespondToAuthChallenge: Operation<RespondInput & { UserPoolId: string }, AuthResponse> = (ctx) => {
  const pool = requirePool(ctx.store, ctx.input.UserPoolId);
  const client = requireClient(ctx.store, pool.Id, ctx.input.ClientId);
  return respond(ctx, pool, client, ctx.input.ChallengeName, ctx.input.ChallengeResponses ?? {}, ctx.input.Session, true, ctx.input.ClientMetadata);
};

export const operations = { InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge, GetTokensFromRefreshToken };
