import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { trustTemplates } from "../../../../src/extension/tree/trust-templates.js";

const template = (id: string) => trustTemplates.find((t) => t.id === id)!;
const context = { accountId: "000000000000", oidcProviders: [{ arn: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com", url: "token.actions.githubusercontent.com", clientIds: ["sts.amazonaws.com"] }] };

describe("trust templates", () => {
  it("let a service assume the role", () => {
    assert.deepEqual(template("lambda").document("", context), {
      Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    assert.deepEqual((template("ec2").document("", context) as any).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
  });

  it("trust another account's root after checking its id", () => {
    const t = template("account");
    assert.equal(t.asks!.validate("12345"), "An AWS account id is 12 digits.");
    assert.equal(t.asks!.validate("111122223333"), undefined);
    assert.deepEqual((t.document(" 111122223333 ", context) as any).Statement[0].Principal, { AWS: "arn:aws:iam::111122223333:root" });
  });

  it("trust an OIDC provider, using the registered provider's ARN and audience", () => {
    const doc = template("oidc").document("https://token.actions.githubusercontent.com", context) as any;
    assert.deepEqual(doc.Statement[0], {
      Effect: "Allow", Principal: { Federated: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com" },
      Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
    });
  });
});
