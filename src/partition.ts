// The AWS partition a Region belongs to, as the SDKs' partitions.json defines it by Region name: every ARN the
// emulator forms for a request carries the partition of the request's Region (cn-north-1 → arn:aws-cn:…,
// us-gov-west-1 → arn:aws-us-gov:…). Pure; the policy engine keeps its own list of partition names (it imports nothing).

/** The partitions AWS has, in the order its validators list them. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] as const;
export type Partition = (typeof PARTITIONS)[number];

// Region-name prefixes, most specific first (us-gov- and us-iso- before the commercial us-).
const BY_PREFIX: ReadonlyArray<readonly [RegExp, Partition]> = [
  [/^cn-/, "aws-cn"],
  [/^us-gov-/, "aws-us-gov"],
  [/^us-isob-/, "aws-iso-b"],
  [/^us-isof-/, "aws-iso-f"],
  [/^us-iso-/, "aws-iso"],
  [/^eu-isoe-/, "aws-iso-e"],
  [/^eusc-/, "aws-eusc"],
];

export function partitionOf(region: string): Partition {
  return BY_PREFIX.find(([prefix]) => prefix.test(region))?.[1] ?? "aws";
}
