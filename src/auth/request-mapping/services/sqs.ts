// Amazon SQS (JSON 1.0, and the older Query protocol): the queue from QueueUrl (its path names the owner
// account and the queue), or QueueName where the queue does not exist yet; batch operations are authorized as
// their single forms. Queue policies are read from the upstream.
import type { ServiceMapping } from "../types.js";

const byName = { queue: { variables: { QueueName: "body.QueueName" }, account: "body.QueueOwnerAWSAccountId" } };

export const sqs: ServiceMapping = {
  signingName: "sqs",
  actionPrefix: "sqs",
  protocols: ["json", "query"],
  targetPrefix: "AmazonSQS",
  errors: "json-1.0",
  accessDeniedCode: "AccessDenied",
  bodyNeeded: true,
  unsignedPayload: false,
  operations: {
    CreateQueue: { resources: byName, requestTags: "body.tags ?? body|flatTags:Tag", rewritesUrls: true },
    GetQueueUrl: { resources: byName, rewritesUrls: true },
    ListQueues: { rewritesUrls: true },
    ListDeadLetterSourceQueues: { rewritesUrls: true },
    SendMessageBatch: { action: "SendMessage" },
    DeleteMessageBatch: { action: "DeleteMessage" },
    ChangeMessageVisibilityBatch: { action: "ChangeMessageVisibility" },
    TagQueue: { requestTags: "body.Tags ?? body|flatTags:Tag" },
    SetQueueAttributes: { changesResourcePolicy: true },
    AddPermission: { changesResourcePolicy: true },
    RemovePermission: { changesResourcePolicy: true },
  },
  resources: {
    queue: { variables: { QueueName: "body.QueueUrl|lastSegment ?? rawPath|lastSegment" }, account: "body.QueueUrl|urlAccount ?? rawPath|urlAccount" },
  },
  resourcePolicies: {
    queue: { reader: "sqs-queue", target: "body.QueueUrl ?? rawPath" },
  },
};
