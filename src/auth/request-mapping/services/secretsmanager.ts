// AWS Secrets Manager (JSON 1.1): the secret from SecretId (an ARN, or a name: then the ARN is built without
// the random suffix AWS adds, so a policy should name it as secret:NAME*), Name where it does not exist yet.
import type { ServiceMapping } from "../types.js";

export const secretsmanager: ServiceMapping = {
  signingName: "secretsmanager",
  actionPrefix: "secretsmanager",
  protocols: ["json"],
  targetPrefix: "secretsmanager",
  errors: "json-1.1",
  accessDeniedCode: "AccessDeniedException",
  /** Secrets Manager answers AccessDeniedException with 400 (the API reference's Common Errors). */
  accessDeniedStatus: 400,
  bodyNeeded: true,
  unsignedPayload: false,
  operations: {
    CreateSecret: { resources: { Secret: { variables: { SecretId: "body.Name" } } }, requestTags: "body.Tags|tagList" },
    TagResource: { requestTags: "body.Tags|tagList" },
    PutResourcePolicy: { changesResourcePolicy: true },
    DeleteResourcePolicy: { changesResourcePolicy: true },
  },
  resources: {
    Secret: { arn: "body.SecretId", variables: { SecretId: "body.SecretId" } },
  },
  context: {
    "secretsmanager:SecretId": "body.SecretId",
    "secretsmanager:Name": "body.Name",
    "secretsmanager:Description": "body.Description",
    "secretsmanager:KmsKeyId": "body.KmsKeyId",
    "secretsmanager:VersionId": "body.VersionId",
    "secretsmanager:VersionStage": "body.VersionStage",
  },
  resourcePolicies: {
    Secret: { reader: "secretsmanager-secret", target: "body.SecretId" },
  },
};
