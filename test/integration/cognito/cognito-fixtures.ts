// Shared by the Cognito integration tests: an SDK client, pools and clients in one call, AWS-error
// assertions, codes read from the emulator's log or its /_emulator/cognito/codes, and the emulator's clock.
import assert from "node:assert/strict";
import {
  CognitoIdentityProviderClient, CognitoIdentityProviderServiceException, CreateUserPoolClientCommand, CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import type { UseEmulator } from "../../support/emulator.js";

export const PASSWORD = "Correct-Horse-9";

export function cognito(emu: UseEmulator): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ ...emu.clientConfig, maxAttempts: 1 });
}

export async function makePool(emu: UseEmulator, pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}):
  Promise<{ poolId: string; clientId: string; clientSecret?: string }> {
  const c = cognito(emu);
  const created = await c.send(new CreateUserPoolCommand({ PoolName: "test-pool", ...pool }));
  const poolId = created.UserPool!.Id!;
  const app = await c.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: "app",
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    ...client,
  }));
  return { poolId, clientId: app.UserPoolClient!.ClientId!, clientSecret: app.UserPoolClient!.ClientSecret };
}

/** For assert.rejects: the AWS error code (`__type`), HTTP 400, and AWS's exact message. */
export function awsRejects(code: string, message?: string | RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof CognitoIdentityProviderServiceException, `expected a Cognito error, got ${String(e)}`);
    assert.equal(e.name, code, `error code (message: ${e.message})`);
    assert.equal(e.$metadata.httpStatusCode, 400);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

/** The latest code of `purpose` the emulator logged for `username` (it logs at info level). */
export async function loggedCode(emu: UseEmulator, poolId: string, purpose: "SIGN_UP" | "FORGOT_PASSWORD" | "VERIFY_ATTRIBUTE", username: string): Promise<string> {
  const pattern = new RegExp(`cognito-idp ${poolId}: ${purpose} code (\\d{6}) for ${username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "g");
  await emu.process.waitForLog(new RegExp(pattern.source));
  return [...emu.process.stderr().matchAll(pattern)].at(-1)![1]!;
}

/** A code Cognito would have sent, as GET /_emulator/cognito/codes lists it. */
export interface SentCode {
  readonly purpose: string;
  readonly code: string;
  readonly message: string;
  readonly subject?: string;
  readonly attribute?: string;
  readonly deliveryMedium?: string;
}

/** The outstanding codes of one pool user, oldest first. */
export async function sentCodes(emu: UseEmulator, poolId: string, username: string): Promise<SentCode[]> {
  const res = await emu.admin(`cognito/codes?poolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  const body = await res.json() as { codes: SentCode[] };
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.codes;
}

export async function setClock(emu: UseEmulator, offsetSeconds: number): Promise<void> {
  const res = await emu.admin("clock", { method: "POST", body: JSON.stringify({ offsetSeconds }) });
  assert.equal(res.status, 200);
}

export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}
