// ListPoliciesGrantingServiceAccess through SDK v3 against the spawned CLI: inline and managed (customer and
// AWS) policies of a user, its groups, and a role, matched by the services their Allow statements name.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, CreateGroupCommand, AddUserToGroupCommand, CreateRoleCommand, CreatePolicyCommand,
  PutUserPolicyCommand, PutGroupPolicyCommand, PutRolePolicyCommand, AttachUserPolicyCommand, AttachGroupPolicyCommand,
  ListPoliciesGrantingServiceAccessCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);

const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
let tablesArn = "";
let userArn = "";

function rejectsWith(code: string, status: number, message: string) {
  return (e: unknown) => {
    assert.ok(e instanceof IAMServiceException, `expected an IAM error, got ${String(e)}`);
    assert.equal((e as unknown as { Code: string }).Code, code);
    assert.equal(e.$metadata.httpStatusCode, status);
    assert.equal(e.message, message);
    return true;
  };
}

describe("ListPoliciesGrantingServiceAccess", () => {
  before(async () => {
    const { User } = await iam().send(new CreateUserCommand({ UserName: "analyst", Path: "/data/" }));
    userArn = User!.Arn!;
    await iam().send(new PutUserPolicyCommand({ UserName: "analyst", PolicyName: "read-reports",
      PolicyDocument: doc({ Effect: "Allow", Action: ["s3:GetObject", "S3:ListBucket"], Resource: "*" }, { Effect: "Deny", Action: "dynamodb:*", Resource: "*" }) }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "analyst", PolicyArn: S3_READ_ONLY }));
    const { Policy } = await iam().send(new CreatePolicyCommand({ PolicyName: "tables",
      PolicyDocument: doc({ Effect: "Allow", Action: "dynamo*:Query", Resource: "*" }) }));
    tablesArn = Policy!.Arn!;
    await iam().send(new CreateGroupCommand({ GroupName: "analysts" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "analysts", UserName: "analyst" }));
    await iam().send(new PutGroupPolicyCommand({ GroupName: "analysts", PolicyName: "queues", PolicyDocument: doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }) }));
    await iam().send(new AttachGroupPolicyCommand({ GroupName: "analysts", PolicyArn: tablesArn }));
    // Attached to the user's group too: still listed once.
    await iam().send(new AttachGroupPolicyCommand({ GroupName: "analysts", PolicyArn: S3_READ_ONLY }));
    await iam().send(new CreateRoleCommand({ RoleName: "power", AssumeRolePolicyDocument: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) }));
    await iam().send(new PutRolePolicyCommand({ RoleName: "power", PolicyName: "all-but-iam", PolicyDocument: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }));
  });

  it("a user: its own and its groups' policies per namespace; inline ones name their owner, managed ones their ARN", async () => {
    const out = await iam().send(new ListPoliciesGrantingServiceAccessCommand({ Arn: userArn, ServiceNamespaces: ["s3", "dynamodb", "sqs", "iam"] }));
    assert.equal(out.IsTruncated, false);
    assert.deepEqual(out.PoliciesGrantingServiceAccess, [
      { ServiceNamespace: "s3", Policies: [
        { PolicyName: "read-reports", PolicyType: "INLINE", EntityType: "USER", EntityName: "analyst" },
        { PolicyName: "AmazonS3ReadOnlyAccess", PolicyType: "MANAGED", PolicyArn: S3_READ_ONLY },
      ] },
      { ServiceNamespace: "dynamodb", Policies: [{ PolicyName: "tables", PolicyType: "MANAGED", PolicyArn: tablesArn }] },
      { ServiceNamespace: "sqs", Policies: [{ PolicyName: "queues", PolicyType: "INLINE", EntityType: "GROUP", EntityName: "analysts" }] },
      { ServiceNamespace: "iam", Policies: [] },
    ]);
  });

  it("a role whose Allow uses NotAction grants every service but the ones it excludes", async () => {
    const arn = `arn:aws:iam::${emu.process.ready.accountId}:role/power`;
    const out = await iam().send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn, ServiceNamespaces: ["ec2", "iam"] }));
    assert.deepEqual(out.PoliciesGrantingServiceAccess, [
      { ServiceNamespace: "ec2", Policies: [{ PolicyName: "all-but-iam", PolicyType: "INLINE", EntityType: "ROLE", EntityName: "power" }] },
      { ServiceNamespace: "iam", Policies: [] },
    ]);
  });

  it("a malformed ARN is InvalidInput 400; an entity that does not exist (or another path) NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new ListPoliciesGrantingServiceAccessCommand({ Arn: "arn:aws:s3:::some-bucket", ServiceNamespaces: ["s3"] })),
      rejectsWith("InvalidInput", 400, "ARN arn:aws:s3:::some-bucket is not valid."));
    const account = emu.process.ready.accountId;
    await assert.rejects(iam().send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${account}:user/ghost`, ServiceNamespaces: ["s3"] })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    await assert.rejects(iam().send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${account}:user/analyst`, ServiceNamespaces: ["s3"] })),
      rejectsWith("NoSuchEntity", 404, "The user with name analyst cannot be found."));
  });
});
