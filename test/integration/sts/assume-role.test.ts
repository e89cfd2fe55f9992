// AssumeRole through the real SDK v3 client against the spawned CLI (mode authenticate, so signatures,
// session tokens and expiry are checked): sessions, role chaining, durations, session policies and tags,
// SourceIdentity, MFA, expiry by the emulator's clock, and credentials used by a second client.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CreateRoleCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { totpCode } from "../../../src/services/totp.js";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, createRole, createUserWithKey, iamFor, keysOf, rejectsWith, setClock, stsFor, trustPolicy, type Keys } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "authenticate"] });

let alice: { arn: string; keys: Keys };
let appRoleId = "";

describe("AssumeRole", () => {
  after(() => setClock(emu, 0));

  it("returns ASIA credentials, the assumed-role user and an Expiration an hour away", async () => {
    alice = await createUserWithKey(emu, "alice");
    const role = await createRole(emu, "app", trustPolicy({ AWS: alice.arn }), 7200);
    appRoleId = role.RoleId!;
    const before = Date.now();
    const out = await stsFor(emu, alice.keys).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "s1" }));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.SecretAccessKey!.length, 40);
    assert.ok(c.SessionToken!.length > 300);
    const lifetime = c.Expiration!.getTime() - before;
    assert.ok(lifetime > 3595_000 && lifetime <= 3601_000, `expires in ${lifetime} ms`);
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: `${appRoleId}:s1`, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1` });
    assert.equal(out.PackedPolicySize, undefined, "no session policy or tags, no packed size");
    assert.match(appRoleId, /^AROA[A-Z2-7]{17}$/);

    const me = await stsFor(emu, keysOf(c)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ Arn: me.Arn, UserId: me.UserId, Account: me.Account },
      { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`, UserId: `${appRoleId}:s1`, Account: ACCOUNT });

    const used = (await iamFor(emu).send(new GetRoleCommand({ RoleName: "app" }))).Role!.RoleLastUsed!;
    assert.equal(used.Region, "us-east-1");
    assert.ok(used.LastUsedDate instanceof Date);
  });

  it("DurationSeconds up to the role's MaxSessionDuration; beyond it ValidationError", async () => {
    const sts = stsFor(emu, alice.keys);
    const arn = `arn:aws:iam::${ACCOUNT}:role/app`;
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "long", DurationSeconds: 7200 }));
    assert.ok(out.Credentials!.Expiration!.getTime() - Date.now() > 7100_000);
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "toolong", DurationSeconds: 7201 })),
      rejectsWith("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "short", DurationSeconds: 899 })),
      rejectsWith("ValidationError", 400, /Member must have value greater than or equal to 900/));
  });

  it("a role that does not exist answers AccessDenied naming the caller, as AWS does", async () => {
    await assert.rejects(
      stsFor(emu, alice.keys).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/nope`, RoleSessionName: "x1" })),
      rejectsWith("AccessDenied", 403,
        `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/nope`));
  });

  it("role chaining: a session assumes a second role, capped at one hour", async () => {
    const first = await stsFor(emu, alice.keys).send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/app`, RoleSessionName: "hop1", SourceIdentity: "alice@example.com",
      Tags: [{ Key: "team", Value: "blue" }, { Key: "cost", Value: "42" }], TransitiveTagKeys: ["team"],
    }));
    assert.equal(first.SourceIdentity, "alice@example.com");
    assert.equal(typeof first.PackedPolicySize, "number");
    const second = await createRole(emu, "app2", trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/app` }), 43200);
    const sts = stsFor(emu, keysOf(first.Credentials!));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: "hop2", DurationSeconds: 3601 })),
      rejectsWith("ValidationError", 400, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: "hop2", DurationSeconds: 3600 }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app2/hop2`);
    assert.equal(out.SourceIdentity, "alice@example.com", "the source identity carries through the chain");
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app2/hop2`);
    // A transitive tag cannot be set again further down the chain.
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: "hop3", Tags: [{ Key: "TEAM", Value: "red" }] })),
      rejectsWith("ValidationError", 400));
  });

  it("a role in another account: the session belongs to that account", async () => {
    const other = { ...emu.clientConfig, credentials: { accessKeyId: "111122223333", secretAccessKey: "test" }, maxAttempts: 1 };
    const role = (await new IAMClient(other).send(new CreateRoleCommand({ RoleName: "partner",
      AssumeRolePolicyDocument: trustPolicy({ AWS: ACCOUNT }) }))).Role!;
    assert.equal(role.Arn, "arn:aws:iam::111122223333:role/partner");
    const out = await stsFor(emu, alice.keys).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "x-acct" }));
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ Arn: me.Arn, Account: me.Account }, { Arn: "arn:aws:sts::111122223333:assumed-role/partner/x-acct", Account: "111122223333" });
  });

  it("session policies: malformed → MalformedPolicyDocument, valid → PackedPolicySize, too large → PackedPolicyTooLarge", async () => {
    const sts = stsFor(emu, alice.keys);
    const RoleArn = `arn:aws:iam::${ACCOUNT}:role/app`;
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "p1", Policy: "{not json" })),
      rejectsWith("MalformedPolicyDocument", 400, "Syntax errors in policy."));
    const Policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "p2", Policy,
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }] }));
    assert.ok(ok.PackedPolicySize! >= 1 && ok.PackedPolicySize! < 30, `packed ${ok.PackedPolicySize}`);
    // 50 tags of hash text hardly compress: far over the packed budget.
    const noise = (seed: string, n: number) => createHash("sha512").update(seed).digest("hex").repeat(2).slice(0, n);
    const Tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}-${noise(`k${i}`, 120)}`, Value: noise(`v${i}`, 250) }));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "p3", Tags })),
      rejectsWith("PackedPolicyTooLarge", 400, /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/));
  });

  it("SerialNumber/TokenCode are checked against the caller's virtual MFA device", async () => {
    const iam = iamFor(emu);
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "alice-mfa" }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString("ascii");
    const t = Date.now();
    await iam.send(new EnableMFADeviceCommand({ UserName: "alice", SerialNumber: device.SerialNumber,
      AuthenticationCode1: totpCode(seed, new Date(t)), AuthenticationCode2: totpCode(seed, new Date(t + 30_000)) }));
    // Enabling spent the next step's code too, so STS needs a later one: move the emulator a minute on.
    await setClock(emu, 60);
    const sts = stsFor(emu, alice.keys, 60_000);
    const RoleArn = `arn:aws:iam::${ACCOUNT}:role/app`;
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "m1", SerialNumber: device.SerialNumber, TokenCode: "000000" === totpCode(seed, new Date(t + 60_000)) ? "111111" : "000000" })),
      rejectsWith("AccessDenied", 403, "MultiFactorAuthentication failed with invalid MFA one time pass code. "));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "m2", SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/nobody`, TokenCode: "123456" })),
      rejectsWith("AccessDenied", 403, /^MultiFactorAuthentication failed, unable to validate MFA code\./));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: "m3", SerialNumber: device.SerialNumber,
      TokenCode: totpCode(seed, new Date(Date.now() + 60_000)) }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app/m3`);
    await setClock(emu, 0);
  });

  it("session credentials expire by the emulator's clock: ExpiredToken 403", async () => {
    const out = await stsFor(emu, alice.keys).send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/app`, RoleSessionName: "brief", DurationSeconds: 900 }));
    const keys = keysOf(out.Credentials!);
    assert.equal((await stsFor(emu, keys).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app/brief`);
    await setClock(emu, 901);
    await assert.rejects(stsFor(emu, keys, 901_000).send(new GetCallerIdentityCommand({})),
      rejectsWith("ExpiredToken", 403, "The security token included in the request is expired"));
    await setClock(emu, 0);
  });

  it("a wrong session token answers InvalidClientTokenId 403", async () => {
    const out = await stsFor(emu, alice.keys).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/app`, RoleSessionName: "tok" }));
    const keys = { ...keysOf(out.Credentials!), sessionToken: "IQoJb3JpZ2luX2VjEForged" };
    await assert.rejects(stsFor(emu, keys).send(new GetCallerIdentityCommand({})),
      rejectsWith("InvalidClientTokenId", 403, "The security token included in the request is invalid."));
    const { sessionToken: _omitted, ...noToken } = keysOf(out.Credentials!);
    await assert.rejects(stsFor(emu, noToken).send(new GetCallerIdentityCommand({})), rejectsWith("InvalidClientTokenId", 403));
  });
});
