// The request mapping as data: a forwarded request → the IAM actions, resource ARNs and condition keys AWS
// authorizes it as, for each service's protocol; unknown operations are reported unmapped, never guessed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mapRequest, mappingForSigningName, mappingForTarget, type MappingRequest } from "../../../../src/auth/request-mapping/index.js";

const ACCOUNT = "111122223333";

function request(partial: Omit<Partial<MappingRequest>, "query"> & { query?: URLSearchParams | string }): MappingRequest {
  const query = typeof partial.query === "string" ? new URLSearchParams(partial.query) : partial.query ?? new URLSearchParams();
  return { method: "GET", path: "/", headers: {}, region: "eu-west-1", accountId: ACCOUNT, ...partial, query };
}

const s3 = mappingForSigningName("s3")!;
const targets = (m: ReturnType<typeof mapRequest>) => m.authorizations.map((a) => `${a.action} ${a.resource}`);

describe("S3", () => {
  it("ListObjectsV2 is s3:ListBucket on the bucket, with s3:prefix and s3:max-keys", () => {
    const m = mapRequest(s3, request({ path: "/photos", query: "list-type=2&prefix=2024%2F&max-keys=10" }));
    assert.equal(m.operation, "ListObjectsV2");
    assert.deepEqual(targets(m), ["s3:ListBucket arn:aws:s3:::photos"]);
    assert.equal(m.context["s3:prefix"], "2024/");
    assert.equal(m.context["s3:max-keys"], "10");
  });

  it("ARNs carry the partition of the request's Region (China, GovCloud), as policies there name them", () => {
    assert.deepEqual(targets(mapRequest(s3, request({ path: "/photos/a.txt", region: "cn-north-1" }))), ["s3:GetObject arn:aws-cn:s3:::photos/a.txt"]);
    const sqs = mappingForSigningName("sqs")!;
    const m = mapRequest(sqs, request({ method: "POST", region: "us-gov-west-1", target: "AmazonSQS.SendMessage", body: { QueueUrl: "http://localhost:4566/444455556666/jobs" } }));
    assert.deepEqual(targets(m), ["sqs:SendMessage arn:aws-us-gov:sqs:us-gov-west-1:444455556666:jobs"]);
  });

  it("virtual-hosted style: the bucket from the Host, the whole path is the key (percent-decoded)", () => {
    const m = mapRequest(s3, request({ method: "PUT", path: "/a%20b/c.txt", hostBucket: "photos", headers: { "x-amz-acl": "public-read" } }));
    assert.equal(m.operation, "PutObject");
    assert.deepEqual(targets(m), ["s3:PutObject arn:aws:s3:::photos/a b/c.txt"]);
    assert.equal(m.context["s3:x-amz-acl"], "public-read");
  });

  it("CopyObject also needs s3:GetObject on its source; a version is s3:GetObjectVersion", () => {
    const copy = mapRequest(s3, request({ method: "PUT", path: "/dst/k", headers: { "x-amz-copy-source": "/src/dir%2Fobj" } }));
    assert.deepEqual(targets(copy), ["s3:PutObject arn:aws:s3:::dst/k", "s3:GetObject arn:aws:s3:::src/dir/obj"]);
    const version = mapRequest(s3, request({ path: "/b/k", query: "versionId=3" }));
    assert.deepEqual(targets(version), ["s3:GetObjectVersion arn:aws:s3:::b/k"]);
  });

  it("bucket and object ARNs reach the bucket policy reader; a policy change is flagged", () => {
    const put = mapRequest(s3, request({ method: "PUT", path: "/b", query: "policy=" }));
    assert.equal(put.operation, "PutBucketPolicy");
    assert.equal(put.changesResourcePolicy, true);
    assert.deepEqual(put.authorizations[0]!.resourcePolicy, { reader: "s3-bucket", target: "b" });
  });

  it("ListBuckets has no resource: *", () => {
    assert.deepEqual(targets(mapRequest(s3, request({ path: "/" }))), ["s3:ListAllMyBuckets *"]);
  });
});

describe("JSON and Query services", () => {
  it("DynamoDB GetItem: the table ARN, and dynamodb:LeadingKeys once the key schema is known", () => {
    const ddb = mappingForTarget("DynamoDB_20120810.GetItem")!;
    const body = { TableName: "orders", Key: { customer: { S: "bob" } } };
    const unknown = mapRequest(ddb, request({ method: "POST", target: "DynamoDB_20120810.GetItem", body }));
    assert.deepEqual(targets(unknown), [`dynamodb:GetItem arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`]);
    assert.equal(unknown.context["dynamodb:LeadingKeys"], undefined);
    const known = mapRequest(ddb, request({ method: "POST", target: "DynamoDB_20120810.GetItem", body, facts: { partitionKeyOf: () => "customer" } }));
    assert.equal(known.context["dynamodb:LeadingKeys"], "bob");
  });

  it("SQS SendMessageBatch is sqs:SendMessage on the queue its URL names, in the URL's account", () => {
    const sqs = mappingForSigningName("sqs")!;
    const m = mapRequest(sqs, request({ method: "POST", target: "AmazonSQS.SendMessageBatch", body: { QueueUrl: "http://localhost:4566/444455556666/jobs", Entries: [] } }));
    assert.deepEqual(targets(m), ["sqs:SendMessage arn:aws:sqs:eu-west-1:444455556666:jobs"]);
    assert.equal(m.authorizations[0]!.resourceAccount, "444455556666");
  });

  it("SNS over Query: the Action names the operation, TopicArn the resource", () => {
    const sns = mappingForSigningName("sns")!;
    const m = mapRequest(sns, request({ method: "POST", body: { Action: "Publish", TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`, Message: "x" } }));
    assert.equal(m.operation, "Publish");
    assert.deepEqual(targets(m), [`sns:Publish arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`]);
  });

  it("Lambda Invoke from its REST path", () => {
    const lambda = mappingForSigningName("lambda")!;
    const m = mapRequest(lambda, request({ method: "POST", path: "/2015-03-31/functions/resize/invocations" }));
    assert.equal(m.operation, "Invoke");
    assert.deepEqual(targets(m), [`lambda:InvokeFunction arn:aws:lambda:eu-west-1:${ACCOUNT}:function:resize`]);
  });

  it("an operation with no IAM action of its name is unmapped, and says why", () => {
    const ddb = mappingForSigningName("dynamodb")!;
    const m = mapRequest(ddb, request({ method: "POST", target: "DynamoDB_20120810.FrobnicateTable", body: { TableName: "t" } }));
    assert.equal(m.mapped, false);
    assert.equal(m.operation, "FrobnicateTable");
    assert.match(m.reason!, /dynamodb:FrobnicateTable has no IAM action of the same name/);
  });
});
