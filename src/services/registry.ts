// Every emulated service's handlers, keyed by model id. The router answers NotImplemented for the rest.
import type { ServiceId } from "../protocol/model.js";
import { accessAnalyzerHandlers } from "./access-analyzer/index.js";
import { cognitoHandlers } from "./cognito/index.js";
import { cognitoIdentityHandlers } from "./cognito-identity/index.js";
import { iamHandlers } from "./iam/index.js";
import type { ServiceHandlers } from "./operation.js";
import { stsHandlers } from "./sts/index.js";

export function serviceHandlers(): ReadonlyMap<ServiceId, ServiceHandlers> {
  return new Map<ServiceId, ServiceHandlers>([
    ["iam", iamHandlers],
    ["sts", stsHandlers],
    ["cognito-idp", cognitoHandlers],
    ["cognito-identity", cognitoIdentityHandlers],
    ["access-analyzer", accessAnalyzerHandlers],
  ]);
}
