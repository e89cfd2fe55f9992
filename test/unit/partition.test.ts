// The partition of a Region, as ARNs carry it: "ARNs for Amazon Web Services in China"
// (https://docs.amazonaws.cn/en_us/general/latest/gr/ARNs.html: cn-north-1, cn-northwest-1 → arn:aws-cn) and
// "Amazon Resource Names (ARNs) in GovCloud (US) Regions"
// (https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html: us-gov-west-1, us-gov-east-1 → arn:aws-us-gov).
import { it } from "node:test";
import assert from "node:assert/strict";
import { partitionOf } from "../../src/partition.js";

it("maps each Region name to its partition, commercial by default", () => {
  const cases: Record<string, string> = {
    "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn",
    "us-gov-west-1": "aws-us-gov", "us-gov-east-1": "aws-us-gov",
    "us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "eu-isoe-west-1": "aws-iso-e", "us-isof-south-1": "aws-iso-f",
    "eusc-de-east-1": "aws-eusc",
    "us-east-1": "aws", "eu-central-1": "aws", "ap-southeast-2": "aws", "mx-central-1": "aws", "local": "aws",
  };
  assert.deepEqual(Object.fromEntries(Object.keys(cases).map((r) => [r, partitionOf(r)])), cases);
});
