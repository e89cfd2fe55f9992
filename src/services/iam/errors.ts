// IAM's error wording in one place; statuses come from the model's error shapes.
import { awsError, type AwsError } from "../../protocol/errors.js";

export type EntityKind = "User" | "Group" | "Role" | "Policy" | "Instance Profile" | "Login Profile";

export const iamErrors = {
  noSuchEntity: (kind: EntityKind, name: string): AwsError =>
    awsError("iam", "NoSuchEntity", `The ${kind.toLowerCase()} with name ${name} cannot be found.`),
  noSuchAccessKey: (id: string): AwsError =>
    awsError("iam", "NoSuchEntity", `The Access Key with id ${id} cannot be found.`),
  entityAlreadyExists: (kind: EntityKind, name: string): AwsError =>
    awsError("iam", "EntityAlreadyExists", `${kind} with name ${name} already exists.`),
  deleteConflict: (what: string): AwsError =>
    awsError("iam", "DeleteConflict", `Cannot delete entity, must ${what} first.`),
  limitExceeded: (quota: string, limit: number): AwsError =>
    awsError("iam", "LimitExceeded", `Cannot exceed quota for ${quota}: ${limit}`),
  invalidInput: (message: string): AwsError => awsError("iam", "InvalidInput", message),
  validation: (message: string): AwsError => awsError("iam", "ValidationError", message),
  malformedPolicy: (message: string): AwsError => awsError("iam", "MalformedPolicyDocument", message),
};
