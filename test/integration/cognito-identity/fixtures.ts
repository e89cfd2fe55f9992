// Shared by the identity pool integration tests: SDK clients (signed for the management API; the public
// GetId / GetCredentialsForIdentity / GetOpenIdToken calls the SDK sends unsigned on its own), a user pool
// with a signed-in user, roles trusting cognito-identity.amazonaws.com, and an AWS-error matcher.
import assert from "node:assert/strict";
import {
  CognitoIdentityClient, CognitoIdentityServiceException, CreateIdentityPoolCommand, type CreateIdentityPoolCommandInput,
} from "@aws-sdk/client-cognito-identity";
import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { UseEmulator } from "../../support/emulator.js";
import { cognito, makePool, PASSWORD } from "../cognito/cognito-fixtures.js";

export const ACCOUNT = "000000000000";

export function identity(emu: UseEmulator): CognitoIdentityClient {
  return new CognitoIdentityClient({ ...emu.clientConfig, maxAttempts: 1 });
}

export function iam(emu: UseEmulator, credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): IAMClient {
  return new IAMClient({ ...emu.clientConfig, ...(credentials ? { credentials } : {}), maxAttempts: 1 });
}

/** For assert.rejects: the identity pools error code, HTTP 400, and AWS's exact message (or a pattern). */
export function identityRejects(code: string, message?: string | RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof CognitoIdentityServiceException, `expected a Cognito Identity error, got ${String(e)}`);
    assert.equal(e.name, code, `error code (message: ${e.message})`);
    assert.equal(e.$metadata.httpStatusCode, 400);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

export async function createIdentityPool(emu: UseEmulator, input: Partial<CreateIdentityPoolCommandInput> = {}): Promise<string> {
  const out = await identity(emu).send(new CreateIdentityPoolCommand({ IdentityPoolName: "app identities", AllowUnauthenticatedIdentities: true, ...input }));
  return out.IdentityPoolId!;
}

export interface SignedInUser { poolId: string; clientId: string; providerName: string; sub: string; idToken: string; accessToken: string }

/** A user pool with a client, a confirmed user and that user's tokens (USER_PASSWORD_AUTH). */
export async function signedInUser(emu: UseEmulator, username = "alice", poolId?: string, clientId?: string): Promise<SignedInUser> {
  if (!poolId || !clientId) ({ poolId, clientId } = await makePool(emu));
  const c = cognito(emu);
  await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" }));
  await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  const sub = (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!.find((a) => a.Name === "sub")!.Value!;
  const auth = (await c.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }))).AuthenticationResult!;
  return { poolId, clientId, providerName: `cognito-idp.us-east-1.amazonaws.com/${poolId}`, sub, idToken: auth.IdToken!, accessToken: auth.AccessToken! };
}

/** The trust policy AWS's console writes for an identity pool's role. */
export function cognitoTrust(identityPoolId: string, amr: "authenticated" | "unauthenticated", actions: string[] = ["sts:AssumeRoleWithWebIdentity"]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: actions,
      Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr } },
    }],
  });
}

/** A role with `trust` and, when given, one inline policy; its ARN. */
export async function createRole(emu: UseEmulator, name: string, trust: string, policy?: Record<string, unknown>): Promise<string> {
  const arn = (await iam(emu).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  if (policy) await iam(emu).send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "permissions", PolicyDocument: JSON.stringify(policy) }));
  return arn;
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Another signature on the same header and claims: what a forged or altered token looks like. */
export function withBadSignature(jwt: string): string {
  const [header, payload, signature] = jwt.split(".");
  return `${header}.${payload}.${signature!.slice(0, -6)}AAAAAA`;
}
