// The shape of a service's request mapping: how a forwarded request names its operation, which IAM action
// and resources it is authorized as, and which condition keys it carries. Each service is data of this shape
// (services/*.ts); mapping.ts interprets it, so a service is added by writing data, not code.

/**
 * Where a value comes from in a request: `<root>.<name>` and optional `|transform`s applied left to right.
 * Roots: `bucket`, `key` (S3's, path or virtual host), `path.<Param>` (a REST route's {Param}), `query.<name>`,
 * `header.<name>` (lower case), `body.<a>.<b>` (the decoded JSON or Query input; `body` alone: all of it),
 * `rawPath` (the request's path), `const.<text>`. `a ?? b`: the first source that gives a value.
 * Transforms: see TRANSFORMS in mapping.ts (lastSegment, urlAccount, keys, tagList, …).
 */
export type ValueSource = string;

/** How the service's requests are told apart. */
export type WireProtocol =
  /** S3: the method, the bucket and key (path style or virtual host) and the sub-resource in the query. */
  | "rest-xml"
  /** Lambda: the method and a path template per operation. */
  | "rest-json"
  /** X-Amz-Target: `${targetPrefix}.${Operation}` (DynamoDB, KMS, Secrets Manager, SQS). */
  | "json"
  /** Action=Operation in the query or the form body (SNS; SQS's older protocol). */
  | "query";

/** How a denial and an upstream failure are written for the service's clients. */
export type ErrorFormat = "s3-xml" | "json-1.0" | "json-1.1" | "rest-json" | "query-xml";

/** One REST rule: the first that matches names the operation. */
export interface RestRule {
  readonly method: string;
  readonly operation: string;
  /** rest-xml: what the path addresses. */
  readonly on?: "service" | "bucket" | "object";
  /** rest-xml: a query parameter that must be present (the sub-resource: "policy", "uploadId", …). */
  readonly query?: string;
  /** rest-xml: a header that must be present (x-amz-copy-source makes a PUT a copy). */
  readonly header?: string;
  /** rest-json: the path, with {Param} segments ({Param+} takes the rest). */
  readonly path?: string;
  /** The action, when this form of the operation needs another (GetObject of a version: s3:GetObjectVersion). */
  readonly action?: string;
}

/** How to build one resource type's ARN (its template comes from AWS's data, in the action catalog). */
export interface ResourceBuilder {
  /** A source that already holds the whole ARN when the request gives one (TopicArn, a function ARN). */
  readonly arn?: ValueSource;
  /** The template's variables (BucketName, TableName, …); Partition, Region and Account are filled in. */
  readonly variables?: Readonly<Record<string, ValueSource>>;
  /** The owning account when the request says it (an SQS queue URL does). */
  readonly account?: ValueSource;
}

/** A resource-based policy kept by the upstream, read when a decision needs it. */
export interface ResourcePolicyRef {
  /** The reader (server/forward/resource-policies.ts): "s3-bucket", "sqs-queue", "kms-key", … */
  readonly reader: string;
  /** What the reader is given: the bucket name, the queue's account/name, the key id. */
  readonly target: ValueSource;
  /** The policy must allow even within the account (a KMS key policy); naming the account delegates to IAM. */
  readonly mustAllow?: boolean;
}

export interface OperationMapping {
  /** The IAM action when it is not `${prefix}:${operation}` (AWS's exceptions: ListObjectsV2 → s3:ListBucket). */
  readonly action?: string;
  /** Further actions the operation also needs (CopyObject reads its source: s3:GetObject on it). */
  readonly alsoRequires?: readonly {
    readonly action: string; readonly resourceType: string; readonly builder: ResourceBuilder; readonly resourcePolicy?: ResourcePolicyRef;
  }[];
  /** How this operation names a resource type, where it differs from the service's `resources`. */
  readonly resources?: Readonly<Record<string, ResourceBuilder>>;
  /** REST services: the operation's resources are in its (small) body, so it is read first. */
  readonly readsBody?: boolean;
  /** The resource types to try, in order, instead of the catalog's list for the action. */
  readonly resourceTypes?: readonly string[];
  /** Condition keys this operation supplies beyond the service's common ones. */
  readonly context?: Readonly<Record<string, ValueSource>>;
  /** aws:RequestTag/* and aws:TagKeys: where the request's tags are (a transform makes them a map). */
  readonly requestTags?: ValueSource;
  /** The operation changes the resource policy: a cached copy is dropped once it succeeds. */
  readonly changesResourcePolicy?: boolean;
  /** URLs of the upstream in the answer (SQS QueueUrl, S3 Location) are rewritten to the emulator's. */
  readonly rewritesUrls?: boolean;
}

export interface ServiceMapping {
  /** The SigV4 credential scope's service ("s3", "dynamodb", …): how a request names the service. */
  readonly signingName: string;
  /** The IAM action prefix ("s3", "dynamodb", …): the action catalog's key. */
  readonly actionPrefix: string;
  readonly protocols: readonly WireProtocol[];
  /** json: the X-Amz-Target prefix. */
  readonly targetPrefix?: string;
  readonly errors: ErrorFormat;
  /** The error code AWS answers a denial with (AccessDenied, AccessDeniedException, AuthorizationError). */
  readonly accessDeniedCode: string;
  /** Its HTTP status when not 403: DynamoDB answers every client error, AccessDeniedException too, with 400. */
  readonly accessDeniedStatus?: number;
  /** json and query: the operation and its resources are in the body, so it is read (and size-limited) first. */
  readonly bodyNeeded: boolean;
  /** S3 accepts a body whose hash was not signed (UNSIGNED-PAYLOAD, unsigned aws-chunked); others do not. */
  readonly unsignedPayload: boolean;
  readonly rules?: readonly RestRule[];
  /** Operations whose mapping is known. An operation not listed here is "unmapped": see MappedRequest. */
  readonly operations: Readonly<Record<string, OperationMapping>>;
  readonly resources: Readonly<Record<string, ResourceBuilder>>;
  /** Condition keys every operation may carry; each is supplied only where AWS's data lists it for the action. */
  readonly context?: Readonly<Record<string, ValueSource>>;
  /** Resource types whose resource-based policy lives with the resource, and how to read it. */
  readonly resourcePolicies?: Readonly<Record<string, ResourcePolicyRef>>;
}
