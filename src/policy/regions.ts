// The partitions and their Regions as the AWS SDKs' partitions.json lists them (@aws-sdk/core, late 2026): the
// policy checks need them to tell a Region from a typo (INVALID_ARN_REGION, INVALID_REGION). Pure data, kept
// here because src/policy imports nothing from outside itself; update it when AWS opens a Region.

export const PARTITION_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-east-1", "sa-west-1",
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  ],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
  "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
  "aws-iso-b": ["us-isob-east-1", "us-isob-west-1"],
  "aws-iso-e": ["eu-isoe-west-1"],
  "aws-iso-f": ["us-isof-east-1", "us-isof-south-1"],
  "aws-eusc": ["eusc-de-east-1"],
};

/** The partition names, in the order AWS's validators list them. */
export const PARTITION_NAMES: readonly string[] = Object.keys(PARTITION_REGIONS);

const ALL = new Set(Object.values(PARTITION_REGIONS).flat());

/** True for a Region AWS has, in the given partition when one is named. */
export function isKnownRegion(region: string, partition?: string): boolean {
  return partition === undefined ? ALL.has(region) : (PARTITION_REGIONS[partition]?.includes(region) ?? false);
}
