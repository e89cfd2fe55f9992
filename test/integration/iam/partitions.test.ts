// Partitions through real SDK v3 clients: a request signed for a China or GovCloud Region gets ARNs in that
// Region's partition, from IAM, STS and Cognito alike, and policies match them as IAM does (an arn:aws: pattern
// does not match an arn:aws-cn: resource).
// "ARNs for Amazon Web Services in China": https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html
// "Amazon Resource Names (ARNs) in GovCloud (US) Regions":
//   https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, GetPolicyCommand,
  GetRoleCommand, GetUserCommand, IAMClient, IAMServiceException, ListAttachedUserPoliciesCommand, ListPoliciesCommand, PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CognitoIdentityProviderClient, CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });
const ACCOUNT = "000000000000";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const iam = (region: string, credentials?: Credentials) => new IAMClient({ ...emu.clientConfig, region, maxAttempts: 1, ...(credentials && { credentials }) });
const sts = (region: string, credentials?: Credentials) => new STSClient({ ...emu.clientConfig, region, maxAttempts: 1, ...(credentials && { credentials }) });
const cognito = (region: string) => new CognitoIdentityProviderClient({ ...emu.clientConfig, region, maxAttempts: 1 });

describe("partitions", () => {
  it("the caller's ARN carries the partition of the Region the request is signed for", async () => {
    const arnIn = async (region: string) => (await sts(region).send(new GetCallerIdentityCommand({}))).Arn;
    assert.equal(await arnIn("cn-north-1"), `arn:aws-cn:iam::${ACCOUNT}:root`);
    assert.equal(await arnIn("cn-northwest-1"), `arn:aws-cn:iam::${ACCOUNT}:root`);
    assert.equal(await arnIn("us-gov-west-1"), `arn:aws-us-gov:iam::${ACCOUNT}:root`);
    assert.equal(await arnIn("us-gov-east-1"), `arn:aws-us-gov:iam::${ACCOUNT}:root`);
    assert.equal(await arnIn("eu-west-1"), `arn:aws:iam::${ACCOUNT}:root`);
  });

  it("IAM entities created in cn-north-1 are arn:aws-cn:, and policies match them by partition", async () => {
    const cn = iam("cn-north-1");
    const user = (await cn.send(new CreateUserCommand({ UserName: "li" }))).User!;
    assert.equal(user.Arn, `arn:aws-cn:iam::${ACCOUNT}:user/li`);
    const role = (await cn.send(new CreateRoleCommand({
      RoleName: "reader",
      AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: user.Arn }, Action: "sts:AssumeRole" }] }),
    }))).Role!;
    assert.equal(role.Arn, `arn:aws-cn:iam::${ACCOUNT}:role/reader`);
    const policy = (await cn.send(new CreatePolicyCommand({
      PolicyName: "none", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }),
    }))).Policy!;
    assert.equal(policy.Arn, `arn:aws-cn:iam::${ACCOUNT}:policy/none`);

    // li may read users in the aws-cn partition; the role grant names the commercial partition, so it matches nothing.
    await cn.send(new PutUserPolicyCommand({
      UserName: "li", PolicyName: "read",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [
        { Effect: "Allow", Action: "iam:GetUser", Resource: `arn:aws-cn:iam::${ACCOUNT}:user/*` },
        { Effect: "Allow", Action: "iam:GetRole", Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws-cn:iam::${ACCOUNT}:role/*` },
      ] }),
    }));
    const key = (await cn.send(new CreateAccessKeyCommand({ UserName: "li" }))).AccessKey!;
    const li = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    assert.equal((await iam("cn-north-1", li).send(new GetUserCommand({ UserName: "li" }))).User!.Arn, user.Arn);
    await assert.rejects(iam("cn-north-1", li).send(new GetRoleCommand({ RoleName: "reader" })), (e: unknown) => {
      assert.ok(e instanceof IAMServiceException);
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.message, `User: arn:aws-cn:iam::${ACCOUNT}:user/li is not authorized to perform: iam:GetRole on resource: ` +
        `arn:aws-cn:iam::${ACCOUNT}:role/reader because no identity-based policy allows the iam:GetRole action`);
      return true;
    });

    const session = await sts("cn-north-1", li).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: "s1" }));
    assert.equal(session.AssumedRoleUser!.Arn, `arn:aws-cn:sts::${ACCOUNT}:assumed-role/reader/s1`);
    const c = session.Credentials!;
    const me = await sts("cn-north-1", { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })
      .send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws-cn:sts::${ACCOUNT}:assumed-role/reader/s1`);
  });

  // The AWS-managed policies exist in every partition under its own ARN (arn:aws-cn:iam::aws:policy/…).
  it("an AWS-managed policy is found, attached and enforced under its aws-cn ARN", async () => {
    const cn = iam("cn-north-1");
    const arn = "arn:aws-cn:iam::aws:policy/IAMReadOnlyAccess";
    const policy = (await cn.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    assert.deepEqual({ Arn: policy.Arn, PolicyName: policy.PolicyName }, { Arn: arn, PolicyName: "IAMReadOnlyAccess" });
    await cn.send(new CreateUserCommand({ UserName: "wang" }));
    await cn.send(new AttachUserPolicyCommand({ UserName: "wang", PolicyArn: arn }));
    assert.deepEqual((await cn.send(new ListAttachedUserPoliciesCommand({ UserName: "wang" }))).AttachedPolicies,
      [{ PolicyName: "IAMReadOnlyAccess", PolicyArn: arn }]);
    const key = (await cn.send(new CreateAccessKeyCommand({ UserName: "wang" }))).AccessKey!;
    const role = await iam("cn-north-1", { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new GetRoleCommand({ RoleName: "reader" }));
    assert.equal(role.Role!.Arn, `arn:aws-cn:iam::${ACCOUNT}:role/reader`);
  });

  it("ListPolicies Scope=AWS in China lists AWS's policies under aws-cn ARNs, and its marker pages on", async () => {
    const cn = iam("cn-north-1");
    const first = await cn.send(new ListPoliciesCommand({ Scope: "AWS", MaxItems: 2 }));
    assert.equal(first.Policies!.length, 2);
    for (const p of first.Policies!) assert.match(p.Arn!, /^arn:aws-cn:iam::aws:policy\//);
    const next = await cn.send(new ListPoliciesCommand({ Scope: "AWS", MaxItems: 1, Marker: first.Marker }));
    const all = await iam("us-east-1").send(new ListPoliciesCommand({ Scope: "AWS", MaxItems: 3 }));
    assert.deepEqual([...first.Policies!, ...next.Policies!].map((p) => p.Arn), all.Policies!.map((p) => p.Arn!.replace(/^arn:aws:/, "arn:aws-cn:")));
    assert.match(all.Policies![0]!.Arn!, /^arn:aws:iam::aws:policy\//);
  });

  it("user pools in China and GovCloud Regions have ARNs in those partitions", async () => {
    const cn = (await cognito("cn-northwest-1").send(new CreateUserPoolCommand({ PoolName: "ningxia" }))).UserPool!;
    assert.match(cn.Id!, /^cn-northwest-1_[0-9a-zA-Z]+$/);
    assert.equal(cn.Arn, `arn:aws-cn:cognito-idp:cn-northwest-1:${ACCOUNT}:userpool/${cn.Id}`);
    const gov = (await cognito("us-gov-west-1").send(new CreateUserPoolCommand({ PoolName: "govcloud" }))).UserPool!;
    assert.equal(gov.Arn, `arn:aws-us-gov:cognito-idp:us-gov-west-1:${ACCOUNT}:userpool/${gov.Id}`);
  });
});
