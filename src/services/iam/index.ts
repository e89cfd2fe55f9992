// IAM (awsQuery, 2010-05-08): operation name → handler, one file per family as the API reference groups them.
import type { ServiceHandlers } from "../operation.js";
import { CreateAccessKey, DeleteAccessKey, ListAccessKeys, UpdateAccessKey } from "./access-keys.js";
import { CreateUser, DeleteUser, GetUser, ListUsers, UpdateUser } from "./users.js";

export const iamHandlers: ServiceHandlers = {
  id: "iam",
  operations: {
    CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser,
    CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
  },
};
