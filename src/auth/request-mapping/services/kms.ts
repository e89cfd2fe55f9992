// AWS KMS (JSON 1.1): the key from KeyId (an id or a key ARN). A KeyId that is an alias is authorized at AWS
// on the key it points to, which only the upstream knows: such requests are authorized on "*" here. Key policies
// are read from the upstream. https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
import type { ServiceMapping } from "../types.js";

export const kms: ServiceMapping = {
  signingName: "kms",
  actionPrefix: "kms",
  protocols: ["json"],
  targetPrefix: "TrentService",
  errors: "json-1.1",
  accessDeniedCode: "AccessDeniedException",
  /** KMS answers its client errors, AccessDeniedException too, with 400 (the API reference's Common Errors). */
  accessDeniedStatus: 400,
  bodyNeeded: true,
  unsignedPayload: false,
  operations: {
    CreateKey: { requestTags: "body.Tags|kmsTagList" },
    TagResource: { requestTags: "body.Tags|kmsTagList" },
    PutKeyPolicy: { changesResourcePolicy: true },
  },
  resources: {
    key: { variables: { KeyId: "body.KeyId|keyId" } },
  },
  context: {
    "kms:EncryptionAlgorithm": "body.EncryptionAlgorithm",
    "kms:KeySpec": "body.KeySpec",
    "kms:KeyUsage": "body.KeyUsage",
    "kms:KeyOrigin": "body.Origin",
    "kms:SigningAlgorithm": "body.SigningAlgorithm",
    "kms:EncryptionContextKeys": "body.EncryptionContext|keys",
    "kms:GrantOperations": "body.Operations",
  },
  resourcePolicies: {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html: no principal, not even the
    // account's root, has access to a key unless its key policy allows it, directly or by naming the account.
    key: { reader: "kms-key", target: "body.KeyId|keyId", mustAllow: true },
  },
};
