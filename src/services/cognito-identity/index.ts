// Cognito identity pools (awsJson1.1, 2014-06-30, per region): operation name → handler, one file per family
// as the API reference groups them. Credentials come from STS (services/sts/web-identity.ts).
import type { ServiceHandlers } from "../operation.js";
import { operations as credentials } from "./credentials.js";
import { operations as developerIdentities } from "./developer-identities.js";
import { operations as identities } from "./identities.js";
import { operations as pools } from "./pools.js";
import { operations as principalTags } from "./principal-tags.js";
import { operations as roles } from "./roles.js";

export const cognitoIdentityHandlers: ServiceHandlers = {
  id: "cognito-identity",
  operations: { ...pools, ...roles, ...identities, ...credentials, ...developerIdentities, ...principalTags },
};
