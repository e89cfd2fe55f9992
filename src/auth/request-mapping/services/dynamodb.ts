// Amazon DynamoDB (JSON 1.0): the action is the operation's name; the table (or index) from TableName, the
// tables of a batch from RequestItems; dynamodb:LeadingKeys from the key's partition attribute (the key schema
// comes from the upstream). https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
import type { ServiceMapping } from "../types.js";

const batch = { resources: { table: { variables: { TableName: "body.RequestItems|keys" } } } };

export const dynamodb: ServiceMapping = {
  signingName: "dynamodb",
  actionPrefix: "dynamodb",
  protocols: ["json"],
  targetPrefix: "DynamoDB_20120810",
  errors: "json-1.0",
  accessDeniedCode: "AccessDeniedException",
  accessDeniedStatus: 400,
  bodyNeeded: true,
  unsignedPayload: false,
  operations: {
    GetItem: { context: { "dynamodb:LeadingKeys": "body.Key|partitionKey" } },
    DeleteItem: { context: { "dynamodb:LeadingKeys": "body.Key|partitionKey" } },
    UpdateItem: { context: { "dynamodb:LeadingKeys": "body.Key|partitionKey" } },
    PutItem: { context: { "dynamodb:LeadingKeys": "body.Item|partitionKey" } },
    Query: { resourceTypes: ["index", "table"] },
    Scan: { resourceTypes: ["index", "table"] },
    BatchGetItem: batch,
    BatchWriteItem: batch,
    CreateTable: { requestTags: "body.Tags|tagList" },
    TagResource: { requestTags: "body.Tags|tagList" },
  },
  resources: {
    table: { arn: "body.TableName ?? body.ResourceArn", variables: { TableName: "body.TableName" } },
    index: { variables: { TableName: "body.TableName", IndexName: "body.IndexName" } },
  },
  context: {
    "dynamodb:Select": "body.Select",
    "dynamodb:ReturnValues": "body.ReturnValues",
    "dynamodb:ReturnConsumedCapacity": "body.ReturnConsumedCapacity",
    "dynamodb:Attributes": "body.AttributesToGet ?? body.ProjectionExpression|projection",
  },
};
