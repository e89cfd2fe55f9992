// ValidatePolicy through @aws-sdk/client-accessanalyzer and the AWS CLI (v1 and v2), as AWS answers it:
// findings with issue codes, details, learn-more links and spans; pagination; the model's validation errors.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AccessAnalyzerClient, ValidatePolicyCommand, ListAnalyzersCommand, paginateValidatePolicy } from "@aws-sdk/client-accessanalyzer";
import { runAwsCli } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();

const cli = (bin: string, ...args: string[]) => runAwsCli(emu, bin, args);

const PASS_ROLE = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}';

describe("ValidatePolicy with the SDK", () => {
  it("answers AWS's finding for iam:PassRole on every role, with the span of the \"*\"", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const out = await aa.send(new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: "IDENTITY_POLICY" }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(out.findings, [{
      findingType: "SECURITY_WARNING",
      issueCode: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
      findingDetails: "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
      learnMoreLink: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource",
      locations: [{
        path: [{ value: "Statement" }, { index: 0 }, { value: "Resource" }],
        span: { start: { line: 1, column: 90, offset: 90 }, end: { line: 1, column: 93, offset: 93 } },
      }],
    }]);
    assert.equal(out.nextToken, undefined);
  });

  it("pages findings with maxResults and nextToken, and the paginator gathers them all in order", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const doc = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObjekt", "s3:PutObjekt"], Resource: ["*", "arn:aws:s3:us-east-1::b"] }] });
    const all = await aa.send(new ValidatePolicyCommand({ policyDocument: doc, policyType: "IDENTITY_POLICY" }));
    assert.deepEqual(all.findings!.map((f) => f.issueCode), ["MISSING_VERSION", "INVALID_ACTION", "INVALID_ACTION", "ARN_REGION_NOT_ALLOWED"]);
    const first = await aa.send(new ValidatePolicyCommand({ policyDocument: doc, policyType: "IDENTITY_POLICY", maxResults: 3 }));
    assert.equal(first.findings!.length, 3);
    assert.ok(first.nextToken);
    const second = await aa.send(new ValidatePolicyCommand({ policyDocument: doc, policyType: "IDENTITY_POLICY", maxResults: 3, nextToken: first.nextToken }));
    assert.deepEqual(second.findings!.map((f) => f.issueCode), ["ARN_REGION_NOT_ALLOWED"]);
    assert.equal(second.nextToken, undefined);
    const gathered: string[] = [];
    for await (const page of paginateValidatePolicy({ client: aa, pageSize: 1 }, { policyDocument: doc, policyType: "IDENTITY_POLICY" })) {
      gathered.push(...page.findings!.map((f) => f.issueCode!));
    }
    assert.deepEqual(gathered, all.findings!.map((f) => f.issueCode));
  });

  it("refuses a token from another document, a bad policy type, and resource types off resource policies", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const doc = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObjekt", "s3:PutObjekt"], Resource: "*" }] });
    const first = await aa.send(new ValidatePolicyCommand({ policyDocument: doc, policyType: "IDENTITY_POLICY", maxResults: 1 }));
    await assert.rejects(aa.send(new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: "IDENTITY_POLICY", nextToken: first.nextToken })),
      rejectsWith("ValidationException", 400, "Invalid pagination token."));
    await assert.rejects(aa.send(new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: "BOGUS" as never })),
      rejectsWith("ValidationException", 400, "1 validation error detected: Value 'BOGUS' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]"));
    await assert.rejects(aa.send(new ValidatePolicyCommand({ policyDocument: PASS_ROLE, policyType: "IDENTITY_POLICY", validatePolicyResourceType: "AWS::S3::Bucket" })),
      (e: Error & { reason?: string; fieldList?: { name: string }[] }) => {
        rejectsWith("ValidationException", 400, "validatePolicyResourceType can be specified only when policyType is RESOURCE_POLICY.")(e);
        assert.equal(e.reason, "fieldValidationFailed");
        assert.deepEqual(e.fieldList?.map((f) => f.name), ["validatePolicyResourceType"]);
        return true;
      });
  });

  it("checks a role trust policy as one (validatePolicyResourceType), and Region names in ARNs", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const trustDoc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2"},"Action":"sts:AssumeRole"}]}';
    const trust = await aa.send(new ValidatePolicyCommand({ policyDocument: trustDoc, policyType: "RESOURCE_POLICY", validatePolicyResourceType: "AWS::IAM::AssumeRolePolicyDocument" }));
    const at = trustDoc.indexOf('"ec2"');
    assert.deepEqual(trust.findings, [{
      findingType: "ERROR",
      issueCode: "INVALID_SERVICE_PRINCIPAL_FORMAT",
      findingDetails: "The service principal does not match the expected format. Use the format service-name.amazonaws.com.",
      learnMoreLink: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-service-principal-format",
      locations: [{
        path: [{ value: "Statement" }, { index: 0 }, { value: "Principal" }, { value: "Service" }],
        span: { start: { line: 1, column: at, offset: at }, end: { line: 1, column: at + 5, offset: at + 5 } },
      }],
    }]);
    const identity = await aa.send(new ValidatePolicyCommand({ policyType: "IDENTITY_POLICY",
      policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-0:123456789012:table/t"}]}' }));
    assert.deepEqual(identity.findings!.map((f) => [f.issueCode, f.findingDetails]), [
      ["INVALID_ARN_REGION", "The Region us-east-0 is not valid for this resource. Update the resource ARN to include a supported Region."],
    ]);
  });

  it("a JSON syntax error is a finding, not an error, and names where it is", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    const out = await aa.send(new ValidatePolicyCommand({ policyDocument: '{\n  "Version": "2012-10-17",\n  "Statement": [}\n', policyType: "IDENTITY_POLICY", locale: "EN" }));
    assert.deepEqual(out.findings!.map((f) => [f.issueCode, f.findingType, f.findingDetails, f.locations![0]!.span]), [[
      "JSON_SYNTAX_ERROR", "ERROR", "Fix the JSON syntax error at index 45 line 3 column 16.",
      { start: { line: 3, column: 16, offset: 45 }, end: { line: 3, column: 17, offset: 46 } },
    ]]);
  });

  it("operations the emulator does not implement answer NotImplemented (501) by name", async () => {
    const aa = new AccessAnalyzerClient(emu.clientConfig);
    await assert.rejects(aa.send(new ListAnalyzersCommand({})), rejectsWith("NotImplemented", 501, /^ListAnalyzers is not implemented by AWS Identity Emulator for access-analyzer/));
  });
});

describe("aws accessanalyzer validate-policy", () => {
  for (const bin of ["aws", "/usr/bin/aws"]) {
    it(`${bin}: the same findings, and the model's validation error`, async () => {
      const [ok, bad, err] = await Promise.all([
        cli(bin, "accessanalyzer", "validate-policy", "--policy-type", "IDENTITY_POLICY", "--policy-document", PASS_ROLE),
        cli(bin, "accessanalyzer", "validate-policy", "--policy-type", "RESOURCE_POLICY", "--validate-policy-resource-type", "AWS::S3::Bucket",
          "--policy-document", '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}'),
        cli(bin, "accessanalyzer", "validate-policy", "--policy-type", "IDENTITY_POLICY", "--policy-document", PASS_ROLE, "--locale", "XX"),
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      const body = JSON.parse(ok.stdout) as { findings: { issueCode: string; locations: { span: { start: { offset: number } } }[] }[] };
      assert.deepEqual(body.findings.map((f) => [f.issueCode, f.locations[0]!.span.start.offset]), [["PASS_ROLE_WITH_STAR_IN_RESOURCE", 90]]);
      assert.equal(bad.code, 0, bad.stderr);
      assert.deepEqual((JSON.parse(bad.stdout) as { findings: { issueCode: string }[] }).findings.map((f) => f.issueCode), ["MISSING_RESOURCE"]);
      // v1 checks the enum itself (255); v2 sends it and reports the service's ValidationException (254).
      assert.equal(err.code, bin === "aws" ? 255 : 254);
      assert.match(err.stderr, bin === "aws" ? /locale/ : /ValidationException.*Value 'XX' at 'locale' failed to satisfy constraint/);
    });
  }
});
