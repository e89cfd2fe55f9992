// The services whose requests the forwarder can authorize, by SigV4 signing name and X-Amz-Target prefix.
// Adding a service: a data file in services/ and a line here.
import { dynamodb } from "./services/dynamodb.js";
import { kms } from "./services/kms.js";
import { lambda } from "./services/lambda.js";
import { s3 } from "./services/s3.js";
import { secretsmanager } from "./services/secretsmanager.js";
import { sns } from "./services/sns.js";
import { sqs } from "./services/sqs.js";
import type { ServiceMapping } from "./types.js";

export const SERVICE_MAPPINGS: readonly ServiceMapping[] = [s3, dynamodb, sqs, sns, lambda, secretsmanager, kms];

const bySigningName = new Map(SERVICE_MAPPINGS.map((s) => [s.signingName, s]));
const byTargetPrefix = new Map(SERVICE_MAPPINGS.filter((s) => s.targetPrefix).map((s) => [s.targetPrefix!, s]));

export function mappingForSigningName(name: string): ServiceMapping | undefined {
  return bySigningName.get(name);
}

/** "DynamoDB_20120810.GetItem" → DynamoDB's mapping. */
export function mappingForTarget(target: string): ServiceMapping | undefined {
  return byTargetPrefix.get(target.slice(0, target.lastIndexOf(".")));
}

export { bucketAndKey, mapRequest, readSource } from "./mapping.js";
export type { MappedAuthorization, MappedRequest, MappingRequest, RequestFacts } from "./mapping.js";
export type { ErrorFormat, ServiceMapping } from "./types.js";
