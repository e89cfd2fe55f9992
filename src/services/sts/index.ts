// STS (awsQuery, 2011-06-15).
import type { ServiceHandlers } from "../operation.js";
import { GetCallerIdentity } from "./caller-identity.js";

export const stsHandlers: ServiceHandlers = {
  id: "sts",
  operations: { GetCallerIdentity },
};
