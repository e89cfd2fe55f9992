// Which policy documents grant a service namespace, as ListPoliciesGrantingServiceAccess decides it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { grantsNamespace } from "../../../../src/services/iam/policies-granting-access.js";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("grantsNamespace", () => {
  it("Allow statements whose actions name the service, with wildcards and in any case", () => {
    assert.equal(grantsNamespace(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), "s3"), true);
    assert.equal(grantsNamespace(doc({ Effect: "Allow", Action: ["EC2:Describe*"], Resource: "*" }), "ec2"), true);
    assert.equal(grantsNamespace(doc({ Effect: "Allow", Action: "*", Resource: "*" }), "kms"), true);
    assert.equal(grantsNamespace(doc({ Effect: "Allow", Action: "dynamo*:Query", Resource: "*" }), "dynamodb"), true);
    assert.equal(grantsNamespace(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }), "s3-object-lambda"), false);
    assert.equal(grantsNamespace(JSON.stringify({ Statement: { Effect: "Allow", Action: "sqs:*", Resource: "*" } }), "sqs"), true);
  });

  it("Deny statements never grant", () => {
    assert.equal(grantsNamespace(doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }), "s3"), false);
  });

  it("NotAction grants every service it does not exclude whole", () => {
    const allButIam = doc({ Effect: "Allow", NotAction: ["iam:*", "s3:DeleteBucket"], Resource: "*" });
    assert.equal(grantsNamespace(allButIam, "ec2"), true);
    assert.equal(grantsNamespace(allButIam, "s3"), true);
    assert.equal(grantsNamespace(allButIam, "iam"), false);
    assert.equal(grantsNamespace(doc({ Effect: "Allow", NotAction: "*", Resource: "*" }), "s3"), false);
  });
});
