// Trust policies decide AssumeRole in enforce mode (principal, sts:ExternalId, MFA, sts:TagSession, root);
// in authenticate mode the call succeeds and the log says what enforce would have answered.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, createRole, createUserWithKey, iamFor, rejectsWith, stsFor, trustPolicy, type Keys } from "./fixtures.js";

const enforce = useEmulator({ args: ["--mode", "enforce"] });
const lenient = useEmulator({ args: ["--mode", "authenticate", "--log-level", "info"] });

let alice: { arn: string; keys: Keys };
let bob: { arn: string; keys: Keys };
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

describe("trust policies in enforce mode", () => {
  it("only the principals the trust policy names may assume the role", async () => {
    alice = await createUserWithKey(enforce, "alice");
    bob = await createUserWithKey(enforce, "bob");
    // Identity policies are the authorizer's half of AssumeRole; these tests are about the trust policy's half.
    for (const UserName of ["alice", "bob"]) await iamFor(enforce).send(new PutUserPolicyCommand({ UserName, PolicyName: "assume",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }] }) }));
    await createRole(enforce, "only-bob", trustPolicy({ AWS: bob.arn }));
    await assert.rejects(stsFor(enforce, alice.keys).send(new AssumeRoleCommand({ RoleArn: role("only-bob"), RoleSessionName: "s-a" })),
      rejectsWith("AccessDenied", 403, `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${role("only-bob")}`));
    const out = await stsFor(enforce, bob.keys).send(new AssumeRoleCommand({ RoleArn: role("only-bob"), RoleSessionName: "s-b" }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/only-bob/s-b`);
  });

  it("sts:ExternalId conditions need the matching ExternalId", async () => {
    await createRole(enforce, "vendor", trustPolicy({ AWS: alice.arn }, "sts:AssumeRole", { StringEquals: { "sts:ExternalId": "x-123" } }));
    const sts = stsFor(enforce, alice.keys);
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: role("vendor"), RoleSessionName: "v1" })), rejectsWith("AccessDenied", 403));
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: role("vendor"), RoleSessionName: "v2", ExternalId: "x-999" })), rejectsWith("AccessDenied", 403));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: role("vendor"), RoleSessionName: "v3", ExternalId: "x-123" }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/vendor/v3`);
  });

  it("aws:MultiFactorAuthPresent conditions refuse a caller without MFA", async () => {
    await createRole(enforce, "mfa-only", trustPolicy({ AWS: alice.arn }, "sts:AssumeRole", { Bool: { "aws:MultiFactorAuthPresent": "true" } }));
    await assert.rejects(stsFor(enforce, alice.keys).send(new AssumeRoleCommand({ RoleArn: role("mfa-only"), RoleSessionName: "s-m" })),
      rejectsWith("AccessDenied", 403));
  });

  it("session tags need sts:TagSession in the trust policy", async () => {
    await createRole(enforce, "no-tags", trustPolicy({ AWS: alice.arn }));
    await createRole(enforce, "tags-ok", trustPolicy({ AWS: alice.arn }, ["sts:AssumeRole", "sts:TagSession"] as unknown as string));
    const Tags = [{ Key: "team", Value: "blue" }];
    await assert.rejects(stsFor(enforce, alice.keys).send(new AssumeRoleCommand({ RoleArn: role("no-tags"), RoleSessionName: "t1", Tags })),
      rejectsWith("AccessDenied", 403, `User: ${alice.arn} is not authorized to perform: sts:TagSession on resource: ${role("no-tags")}`));
    const out = await stsFor(enforce, alice.keys).send(new AssumeRoleCommand({ RoleArn: role("tags-ok"), RoleSessionName: "t2", Tags }));
    assert.ok(out.PackedPolicySize! > 0);
  });

  it("the root user may not assume roles", async () => {
    await createRole(enforce, "open", trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
    await assert.rejects(stsFor(enforce).send(new AssumeRoleCommand({ RoleArn: role("open"), RoleSessionName: "s-r" })),
      rejectsWith("AccessDenied", 403, "Roles may not be assumed by root accounts."));
  });
});

describe("trust policies outside enforce mode", () => {
  it("a refused AssumeRole succeeds and the log says what enforce would answer", async () => {
    const carol = await createUserWithKey(lenient, "carol");
    await createRole(lenient, "nobody", trustPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/someone-else` }));
    const out = await stsFor(lenient, carol.keys).send(new AssumeRoleCommand({ RoleArn: role("nobody"), RoleSessionName: "s-c" }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/nobody/s-c`);
    await lenient.process.waitForLog(
      new RegExp(`trust policy of ${role("nobody")} refuses sts:AssumeRole for ${carol.arn}: .*\\(mode authenticate: allowed anyway; enforce mode would answer AccessDenied\\)`));
  });
});
