// STS (awsQuery, 2011-06-15): one file per operation family.
import type { ServiceHandlers } from "../operation.js";
import { GetAccessKeyInfo } from "./access-key-info.js";
import { AssumeRole } from "./assume-role.js";
import { DecodeAuthorizationMessage } from "./authorization-message.js";
import { GetCallerIdentity } from "./caller-identity.js";
import { GetFederationToken } from "./federation-token.js";
import { AssumeRoleWithSAML } from "./saml.js";
import { GetSessionToken } from "./session-token.js";
import { AssumeRoleWithWebIdentity } from "./web-identity.js";

export { encodeAuthorizationMessage } from "./authorization-message.js";
export { trustPolicyOf } from "./trust.js";

export const stsHandlers: ServiceHandlers = {
  id: "sts",
  operations: {
    GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, GetSessionToken, GetFederationToken,
    GetAccessKeyInfo, DecodeAuthorizationMessage,
  },
};
