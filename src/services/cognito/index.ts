// Cognito User Pools (awsJson1.1, per region). Operations arrive with the Cognito issue.
import type { ServiceHandlers } from "../operation.js";

export const cognitoHandlers: ServiceHandlers = {
  id: "cognito-idp",
  operations: {},
};
