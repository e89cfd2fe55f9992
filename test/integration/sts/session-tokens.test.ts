// GetSessionToken, GetFederationToken, GetAccessKeyInfo and DecodeAuthorizationMessage through the SDK
// against the spawned CLI (mode authenticate), and sessions surviving a restart of the emulator.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DecodeAuthorizationMessageCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetFederationTokenCommand,
  GetSessionTokenCommand, STSClient,
} from "@aws-sdk/client-sts";
import { CreateUserCommand, GetUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { compilePolicy, explain } from "../../../src/policy/index.js";
import { encodeAuthorizationMessage } from "../../../src/services/sts/index.js";
import { spawnEmulator, useEmulator } from "../../support/emulator.js";
import { ACCOUNT, createUserWithKey, keysOf, rejectsWith, stsFor, type Keys } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "authenticate"] });
let bob: { arn: string; keys: Keys };

describe("GetSessionToken", () => {
  it("an IAM user's session acts as the user, 12 hours by default", async () => {
    bob = await createUserWithKey(emu, "bob");
    const before = Date.now();
    const out = await stsFor(emu, bob.keys).send(new GetSessionTokenCommand({}));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    const lifetime = c.Expiration!.getTime() - before;
    assert.ok(lifetime > 43_195_000 && lifetime <= 43_201_000, `lifetime ${lifetime}`);
    const me = await stsFor(emu, keysOf(c)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, bob.arn);
    assert.match(me.UserId!, /^AIDA[A-Z2-7]{17}$/);
  });

  it("root sessions are cut to one hour, as AWS documents", async () => {
    const before = Date.now();
    const out = await stsFor(emu).send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    const lifetime = out.Credentials!.Expiration!.getTime() - before;
    assert.ok(lifetime > 3595_000 && lifetime <= 3601_000, `lifetime ${lifetime}`);
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it("DurationSeconds outside 900…129600 is a ValidationError; session credentials cannot call it", async () => {
    await assert.rejects(stsFor(emu, bob.keys).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })),
      rejectsWith("ValidationError", 400, /Member must have value less than or equal to 129600/));
    const session = await stsFor(emu, bob.keys).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    await assert.rejects(stsFor(emu, keysOf(session.Credentials!)).send(new GetSessionTokenCommand({})),
      rejectsWith("AccessDenied", 403, "Cannot call GetSessionToken with session credentials"));
  });
});

describe("GetFederationToken", () => {
  it("returns a federated user whose credentials identify as arn:aws:sts::ACCT:federated-user/NAME", async () => {
    const Policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] });
    const out = await stsFor(emu, bob.keys).send(new GetFederationTokenCommand({ Name: "carol", Policy, DurationSeconds: 1800 }));
    assert.deepEqual(out.FederatedUser, { FederatedUserId: `${ACCOUNT}:carol`, Arn: `arn:aws:sts::${ACCOUNT}:federated-user/carol` });
    assert.equal(typeof out.PackedPolicySize, "number");
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ Arn: me.Arn, UserId: me.UserId }, { Arn: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, UserId: `${ACCOUNT}:carol` });
    await assert.rejects(stsFor(emu, keysOf(out.Credentials!)).send(new GetFederationTokenCommand({ Name: "dave" })),
      rejectsWith("AccessDenied", 403, "Cannot call GetFederationToken with session credentials"));
  });

  it("a malformed session policy is MalformedPolicyDocument", async () => {
    const Policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket" }] });
    await assert.rejects(stsFor(emu, bob.keys).send(new GetFederationTokenCommand({ Name: "erin", Policy })),
      rejectsWith("MalformedPolicyDocument", 400, "Policy statement must contain resources."));
  });
});

describe("GetAccessKeyInfo", () => {
  it("names the account of long-term and temporary keys, in any account", async () => {
    const sts = stsFor(emu);
    const ask = async (AccessKeyId: string) => (await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId }))).Account;
    assert.equal(await ask(bob.keys.accessKeyId), ACCOUNT);
    const session = await stsFor(emu, bob.keys).send(new GetSessionTokenCommand({}));
    assert.equal(await ask(session.Credentials!.AccessKeyId!), ACCOUNT);
    // A session issued in another account: its key id encodes that account, like AWS's.
    const other = await new STSClient({ ...emu.clientConfig, credentials: { accessKeyId: "111122223333", secretAccessKey: "test" } })
      .send(new GetSessionTokenCommand({}));
    assert.equal(await ask(other.Credentials!.AccessKeyId!), "111122223333");
  });
});

describe("DecodeAuthorizationMessage", () => {
  it("decodes an enforce-mode denial into AWS's document with the engine's explanation", async () => {
    const policy = compilePolicy({ Version: "2012-10-17", Statement: [{ Sid: "NoDelete", Effect: "Deny", Action: "iam:DeleteUser", Resource: "*" }] },
      { kind: "identity", name: "guard" });
    const explanation = explain({ principal: { arn: bob.arn, accountId: ACCOUNT, type: "user" }, action: "iam:DeleteUser",
      resource: `arn:aws:iam::${ACCOUNT}:user/x`, context: { "aws:SourceIp": "127.0.0.1" } }, { identity: [policy] });
    const out = await stsFor(emu).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encodeAuthorizationMessage(explanation) }));
    const doc = JSON.parse(out.DecodedMessage!);
    assert.equal(doc.allowed, false);
    assert.equal(doc.explicitDeny, true);
    assert.deepEqual(doc.matchedStatements.items, [{ statementId: "NoDelete", effect: "DENY", source: "guard", layer: "identity", statementIndex: 0 }]);
    assert.equal(doc.context.action, "iam:DeleteUser");
    assert.equal(doc.context.principal.arn, bob.arn);
    assert.deepEqual(doc.context.conditions.items, [{ key: "aws:SourceIp", values: { items: [{ value: "127.0.0.1" }] } }]);
    assert.equal(doc.explanation.decidingLayer, "identity");
  });

  it("anything else is InvalidAuthorizationMessageException", async () => {
    await assert.rejects(stsFor(emu).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: "bm90LWEtbWVzc2FnZQ" })),
      rejectsWith("InvalidAuthorizationMessageException", 400, "The encoded authorization message is not valid."));
  });
});

describe("persistence", () => {
  it("a session survives a restart of the emulator", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aie-sts-"));
    try {
      let proc = await spawnEmulator({ dataDir, args: ["--mode", "authenticate"] });
      const config = (p: typeof proc) => ({ endpoint: p.ready.endpoint, region: p.ready.region, maxAttempts: 1 });
      const root = { accessKeyId: proc.ready.accessKeyId, secretAccessKey: proc.ready.secretAccessKey };
      await new IAMClient({ ...config(proc), credentials: root }).send(new CreateUserCommand({ UserName: "survivor" }));
      const out = await new STSClient({ ...config(proc), credentials: root }).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      await proc.stop();
      proc = await spawnEmulator({ dataDir, args: ["--mode", "authenticate"] });
      try {
        await new IAMClient({ ...config(proc), credentials: root }).send(new GetUserCommand({ UserName: "survivor" }));
        const me = await new STSClient({ ...config(proc), credentials: keysOf(out.Credentials!) }).send(new GetCallerIdentityCommand({}));
        assert.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:root`);
      } finally {
        await proc.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
