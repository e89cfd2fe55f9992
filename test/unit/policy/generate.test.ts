// Least-privilege generation: actions grouped by the resources they were called on, "*" covering an
// action's ARNs, AWS's placeholders from the catalog's ARN templates, and policies split to fit the quota.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePolicies, policySize } from "../../../src/policy/index.js";
import { testCatalog } from "../editor-core/catalog-fixture.js";

const U = "arn:aws:iam::123456789012:user/alice";

describe("generatePolicies", () => {
  it("groups actions with the same resources and spells actions as AWS does", () => {
    const [policy] = generatePolicies([
      { action: "iam:getuser", resource: U }, { action: "iam:ListUsers", resource: "*" }, { action: "iam:UpdateUser", resource: U },
      { action: "iam:GetUser", resource: U }, { action: "sts:GetCallerIdentity", resource: "*" }, { action: "iam:ListUsers", resource: U },
    ], { catalog: testCatalog() });
    assert.deepEqual(JSON.parse(policy!), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["iam:GetUser", "iam:UpdateUser"], Resource: U },
        { Effect: "Allow", Action: ["iam:ListUsers", "sts:GetCallerIdentity"], Resource: "*" },
      ],
    });
  });

  it("placeholders keep partition, Region and account and name the resource's part as AWS's template does", () => {
    const [policy] = generatePolicies([
      { action: "iam:GetUser", resource: U },
      { action: "cognito-idp:DescribeUserPool", resource: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc" },
      { action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" },
    ], { catalog: testCatalog(), includeResourcePlaceholders: true });
    assert.deepEqual(JSON.parse(policy!).Statement.map((s: { Resource: string }) => s.Resource), [
      "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${UserPoolId}",
      "arn:aws:iam::123456789012:user/${UserNameWithPath}",
      "arn:aws:s3:::${BucketName}/${ObjectName}",
    ]);
  });

  it("splits into policies under the size quota; the service-level template comes last", () => {
    const access = Array.from({ length: 300 }, (_, i) => ({ action: "iam:GetUser", resource: `arn:aws:iam::123456789012:user/user-number-${i}` }))
      .concat(Array.from({ length: 300 }, (_, i) => ({ action: "iam:GetRole", resource: `arn:aws:iam::123456789012:role/role-number-${i}` })));
    const policies = generatePolicies(access, { includeServiceLevelTemplate: true, maxPolicySize: 6144 });
    assert.ok(policies.length >= 3, String(policies.length));
    for (const p of policies) assert.ok(policySize(p) <= 6144 || JSON.parse(p).Statement.length === 1);
    assert.deepEqual(JSON.parse(policies.at(-1)!).Statement, [{ Effect: "Allow", Action: ["iam:*"], Resource: "*" }]);
    assert.deepEqual(generatePolicies([]), []);
  });
});
