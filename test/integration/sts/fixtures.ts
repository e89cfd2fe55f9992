// Shared set-up for the STS integration tests: IAM users with keys, roles with trust policies, clients
// for credentials, the emulator's clock, and an error matcher.
import assert from "node:assert/strict";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { STSClient, STSServiceException } from "@aws-sdk/client-sts";
import type { UseEmulator } from "../../support/emulator.js";

export const ACCOUNT = "000000000000";

export interface Keys { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export function stsFor(emu: UseEmulator, credentials?: Keys, systemClockOffset = 0): STSClient {
  return new STSClient({ ...emu.clientConfig, ...(credentials ? { credentials } : {}), systemClockOffset, maxAttempts: 1 });
}

export function iamFor(emu: UseEmulator): IAMClient {
  return new IAMClient({ ...emu.clientConfig, maxAttempts: 1 });
}

export async function createUserWithKey(emu: UseEmulator, userName: string): Promise<{ arn: string; keys: Keys }> {
  const iam = iamFor(emu);
  const user = (await iam.send(new CreateUserCommand({ UserName: userName }))).User!;
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  return { arn: user.Arn!, keys: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
}

export function trustPolicy(principal: Record<string, unknown> | "*", action = "sts:AssumeRole", condition?: Record<string, unknown>): string {
  const statement: Record<string, unknown> = { Effect: "Allow", Principal: principal, Action: action };
  if (condition) statement.Condition = condition;
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

export async function createRole(emu: UseEmulator, roleName: string, trust: string, maxSessionDuration?: number) {
  return (await iamFor(emu).send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust, MaxSessionDuration: maxSessionDuration }))).Role!;
}

export function keysOf(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Keys {
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** Moves the emulator's clock; clients signing for it pass the same offset (ms) as systemClockOffset. */
export async function setClock(emu: UseEmulator, offsetSeconds: number): Promise<void> {
  const res = await emu.admin("clock", { method: "POST", body: JSON.stringify({ offsetSeconds }) });
  assert.equal(res.status, 200);
}

export function rejectsWith(code: string, status: number, message?: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof STSServiceException, `expected an STS error, got ${String(e)}`);
    assert.equal((e as unknown as { Code?: string }).Code ?? e.name, code, `the wire error code (message: ${e.message})`);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (typeof message === "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}
