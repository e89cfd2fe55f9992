// Amazon SNS (Query): the topic from TopicArn (TargetArn for Publish to a topic), Name where it does not exist
// yet. SNS answers a denial as AuthorizationError. Topic policies are read from the upstream.
import type { ServiceMapping } from "../types.js";

export const sns: ServiceMapping = {
  signingName: "sns",
  actionPrefix: "sns",
  protocols: ["query"],
  errors: "query-xml",
  accessDeniedCode: "AuthorizationError",
  bodyNeeded: true,
  unsignedPayload: false,
  operations: {
    CreateTopic: { resources: { topic: { variables: { TopicName: "body.Name" } } }, requestTags: "body|flatTags:Tags.member" },
    TagResource: { resources: { topic: { arn: "body.ResourceArn" } }, requestTags: "body|flatTags:Tags.member" },
    UntagResource: { resources: { topic: { arn: "body.ResourceArn" } } },
    ListTagsForResource: { resources: { topic: { arn: "body.ResourceArn" } } },
    SetTopicAttributes: { changesResourcePolicy: true },
    AddPermission: { changesResourcePolicy: true },
    RemovePermission: { changesResourcePolicy: true },
  },
  resources: {
    topic: { arn: "body.TopicArn ?? body.TargetArn" },
  },
  resourcePolicies: {
    topic: { reader: "sns-topic", target: "body.TopicArn ?? body.TargetArn" },
  },
};
