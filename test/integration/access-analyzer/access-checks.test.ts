// CheckNoNewAccess, CheckAccessNotGranted and CheckNoPublicAccess through the SDK, and every operation of
// the family through the AWS CLI: results, messages and reasons as Access Analyzer gives them, decided by
// the policy engine (conditions, wildcards and principals count, not the text).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AccessAnalyzerClient, CheckNoNewAccessCommand, CheckAccessNotGrantedCommand, CheckNoPublicAccessCommand,
} from "@aws-sdk/client-accessanalyzer";
import { runAwsCli } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const aa = () => new AccessAnalyzerClient(emu.clientConfig);

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const READ_BUCKET = policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" });

describe("CheckNoNewAccess", () => {
  it("PASS when the new policy is narrower, FAIL naming the statement that widens it", async () => {
    const narrower = await aa().send(new CheckNoNewAccessCommand({ existingPolicyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY",
      newPolicyDocument: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/2026/*" }) }));
    assert.deepEqual({ result: narrower.result, message: narrower.message, reasons: narrower.reasons },
      { result: "PASS", message: "The modified permissions do not grant new access compared to your existing policy.", reasons: [] });
    const wider = await aa().send(new CheckNoNewAccessCommand({ existingPolicyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY",
      newPolicyDocument: policy(
        { Sid: "Same", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" },
        { Sid: "Wider", Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::reports/*" },
      ) }));
    assert.deepEqual({ result: wider.result, message: wider.message, reasons: wider.reasons }, {
      result: "FAIL", message: "The modified permissions grant new access compared to your existing policy.",
      reasons: [{ description: "New access in the statement with index: 1.", statementIndex: 1, statementId: "Wider" }],
    });
  });

  it("a condition that the existing policy lacks still narrows; dropping it is new access", async () => {
    const withMfa = policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } });
    assert.equal((await aa().send(new CheckNoNewAccessCommand({ existingPolicyDocument: READ_BUCKET, newPolicyDocument: withMfa, policyType: "IDENTITY_POLICY" }))).result, "PASS");
    assert.equal((await aa().send(new CheckNoNewAccessCommand({ existingPolicyDocument: withMfa, newPolicyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY" }))).result, "FAIL");
  });

  it("resource policies: a new principal is new access", async () => {
    const bucket = (principal: object) => policy({ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" });
    const out = await aa().send(new CheckNoNewAccessCommand({ policyType: "RESOURCE_POLICY",
      existingPolicyDocument: bucket({ AWS: "arn:aws:iam::111122223333:root" }),
      newPolicyDocument: bucket({ AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] }) }));
    assert.equal(out.result, "FAIL");
  });

  it("a document that is not a policy is InvalidParameterException", async () => {
    await assert.rejects(aa().send(new CheckNoNewAccessCommand({ existingPolicyDocument: READ_BUCKET, newPolicyDocument: "{nope", policyType: "IDENTITY_POLICY" })),
      rejectsWith("InvalidParameterException", 400, "Invalid newPolicyDocument: Syntax errors in policy."));
  });
});

describe("CheckAccessNotGranted", () => {
  it("FAIL when the policy allows a listed action, PASS when it does not", async () => {
    const admin = policy({ Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" });
    const fail = await aa().send(new CheckAccessNotGrantedCommand({ policyDocument: admin, policyType: "IDENTITY_POLICY", access: [{ actions: ["s3:DeleteBucket"] }] }));
    assert.deepEqual({ result: fail.result, message: fail.message, reasons: fail.reasons }, {
      result: "FAIL", message: "The policy document grants access to perform one or more of the listed actions or resources.",
      reasons: [{ description: "One or more of the listed actions or resources in the statement with index: 0.", statementIndex: 0, statementId: "S3" }],
    });
    const pass = await aa().send(new CheckAccessNotGrantedCommand({ policyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY", access: [{ actions: ["s3:DeleteBucket", "s3:PutObject"] }] }));
    assert.deepEqual({ result: pass.result, message: pass.message }, { result: "PASS", message: "The policy document does not grant access to perform the listed actions or resources." });
  });

  it("resources alone: any action on a listed resource", async () => {
    const fail = await aa().send(new CheckAccessNotGrantedCommand({ policyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY", access: [{ resources: ["arn:aws:s3:::reports/q1.csv"] }] }));
    assert.equal(fail.result, "FAIL");
    const pass = await aa().send(new CheckAccessNotGrantedCommand({ policyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY", access: [{ resources: ["arn:aws:s3:::secrets/key"] }] }));
    assert.equal(pass.result, "PASS");
  });

  it("an access entry with neither actions nor resources is a ValidationException; more than one entry breaks the model", async () => {
    await assert.rejects(aa().send(new CheckAccessNotGrantedCommand({ policyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY", access: [{}] })),
      rejectsWith("ValidationException", 400, "Each access entry must list at least one action or one resource."));
    await assert.rejects(aa().send(new CheckAccessNotGrantedCommand({ policyDocument: READ_BUCKET, policyType: "IDENTITY_POLICY", access: [{ actions: ["s3:GetObject"] }, { actions: ["s3:PutObject"] }] })),
      rejectsWith("ValidationException", 400, "1 validation error detected: Value at 'access' failed to satisfy constraint: Member must have length less than or equal to 1"));
  });
});

const bucket = (statement: object) => policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*", ...statement });

describe("CheckNoPublicAccess", () => {
  it("Principal * is public; an organization condition makes it private; TLS-only is still public", async () => {
    const check = async (doc: string) => aa().send(new CheckNoPublicAccessCommand({ policyDocument: doc, resourceType: "AWS::S3::Bucket" }));
    const open = await check(bucket({ Principal: "*" }));
    assert.deepEqual({ result: open.result, message: open.message, reasons: open.reasons }, {
      result: "FAIL", message: "The resource policy grants public access for the given resource type.",
      reasons: [{ description: "Public access granted in the following statement with index: 0.", statementIndex: 0 }],
    });
    const org = await check(bucket({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }));
    assert.deepEqual({ result: org.result, message: org.message }, { result: "PASS", message: "The resource policy does not grant public access for the given resource type." });
    assert.equal((await check(bucket({ Principal: { AWS: "arn:aws:iam::111122223333:root" } }))).result, "PASS");
    assert.equal((await check(bucket({ Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }))).result, "FAIL");
  });

  it("a trust policy open to everyone is public for AWS::IAM::AssumeRolePolicyDocument", async () => {
    const trust = policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
    assert.equal((await aa().send(new CheckNoPublicAccessCommand({ policyDocument: trust, resourceType: "AWS::IAM::AssumeRolePolicyDocument" }))).result, "FAIL");
  });
});

describe("the AWS CLI, every operation of the family", () => {
  async function aws(...args: string[]): Promise<{ code: number; body: Record<string, unknown>; err: string }> {
    const out = await runAwsCli(emu, "aws", ["accessanalyzer", ...args]);
    return { code: out.code, body: out.code === 0 && out.stdout.trim() ? JSON.parse(out.stdout) : {}, err: out.stderr };
  }

  it("check-no-new-access, check-access-not-granted, check-no-public-access and the policy generation jobs", async () => {
    const wider = policy({ Effect: "Allow", Action: "s3:*", Resource: "*" });
    const root = `arn:aws:iam::${emu.process.ready.accountId}:role/cli-role`;
    // Independent calls run side by side: each CLI start costs a second or more.
    const [newAccess, notGranted, publicAccess, bad, nope] = await Promise.all([
      aws("check-no-new-access", "--policy-type", "IDENTITY_POLICY", "--existing-policy-document", READ_BUCKET, "--new-policy-document", wider),
      aws("check-access-not-granted", "--policy-type", "IDENTITY_POLICY", "--policy-document", READ_BUCKET, "--access", "actions=s3:PutObject"),
      aws("check-no-public-access", "--resource-type", "AWS::S3::Bucket", "--policy-document", bucket({ Principal: "*" })),
      aws("check-no-public-access", "--resource-type", "AWS::Nope", "--policy-document", READ_BUCKET),
      aws("start-policy-generation", "--policy-generation-details", `principalArn=${root}`),
    ]);
    assert.equal(newAccess.body.result, "FAIL");
    assert.equal(notGranted.body.result, "PASS");
    assert.equal(publicAccess.body.result, "FAIL");
    assert.equal(bad.code, 255);
    assert.equal(nope.code, 0, nope.err);
    const jobId = nope.body.jobId as string;
    const [got, listed, cancel] = await Promise.all([
      aws("get-generated-policy", "--job-id", jobId, "--include-resource-placeholders"),
      aws("list-policy-generations"),
      aws("cancel-policy-generation", "--job-id", jobId),
    ]);
    assert.deepEqual((got.body.jobDetails as { status: string; jobError: unknown }).jobError, { code: "RESOURCE_NOT_FOUND_ERROR", message: `The principal ${root} does not exist.` });
    assert.ok((listed.body.policyGenerations as { jobId: string }[]).some((g) => g.jobId === jobId));
    assert.equal(cancel.code, 255);
    assert.match(cancel.err, /ValidationException.*has already finished with status FAILED and cannot be canceled/);
  });
});
