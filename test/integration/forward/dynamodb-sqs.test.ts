// The forwarder in front of moto's DynamoDB and SQS, in enforce mode: JSON 1.0 services whose resources are
// in the body; dynamodb:LeadingKeys from the table's key schema (asked of moto); SQS queue URLs that point
// back at the emulator; denials in each service's JSON error shape.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, DynamoDBServiceException,
} from "@aws-sdk/client-dynamodb";
import { SQSClient, CreateQueueCommand, SendMessageCommand, ReceiveMessageCommand, GetQueueUrlCommand, SQSServiceException } from "@aws-sdk/client-sqs";
import { useMoto } from "../../support/moto.js";
import { useEmulator } from "../../support/emulator.js";
import { userWithPolicy, type UserKeys } from "../../support/iam-users.js";

const moto = useMoto();
const emu = useEmulator(async () => ({ args: ["--mode", "enforce", "--upstream", await moto.started()] }));
const BOB = "arn:aws:iam::000000000000:user/bob";
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/orders";
const QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:jobs";

let bobKeys: UserKeys;

describe("forwarding DynamoDB and SQS to moto (enforce)", () => {
  before(async () => {
    await new DynamoDBClient(emu.clientConfig).send(new CreateTableCommand({
      TableName: "orders", BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "customer", AttributeType: "S" }], KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }],
    }));
    bobKeys = await userWithPolicy(emu, "bob", "own-orders",
      { Sid: "OwnOrders", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: TABLE_ARN,
        Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["bob"] } } },
      { Sid: "Jobs", Effect: "Allow", Action: ["sqs:GetQueueUrl", "sqs:ReceiveMessage"], Resource: QUEUE_ARN });
  });

  it("DynamoDB: items under the caller's own partition key pass; another's are denied with AccessDeniedException", async () => {
    const ddb = new DynamoDBClient({ ...emu.clientConfig, credentials: bobKeys });
    await ddb.send(new PutItemCommand({ TableName: "orders", Item: { customer: { S: "bob" }, total: { N: "12" } } }));
    const got = await ddb.send(new GetItemCommand({ TableName: "orders", Key: { customer: { S: "bob" } } }));
    assert.deepEqual(got.Item, { customer: { S: "bob" }, total: { N: "12" } });
    await assert.rejects(ddb.send(new GetItemCommand({ TableName: "orders", Key: { customer: { S: "alice" } } })), (e: unknown) => {
      assert.ok(e instanceof DynamoDBServiceException, String(e));
      assert.equal(e.name, "AccessDeniedException");
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.message, `User: ${BOB} is not authorized to perform: dynamodb:GetItem on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:GetItem action`);
      return true;
    });
  });

  it("SQS: queue URLs point at the emulator; an action outside the policy is denied with AccessDenied", async () => {
    const root = new SQSClient(emu.clientConfig);
    const { QueueUrl } = await root.send(new CreateQueueCommand({ QueueName: "jobs" }));
    assert.equal(QueueUrl, `${emu.endpoint}/000000000000/jobs`);
    await root.send(new SendMessageCommand({ QueueUrl, MessageBody: "job-1" }));
    const sqs = new SQSClient({ ...emu.clientConfig, credentials: bobKeys });
    assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: "jobs" }))).QueueUrl, QueueUrl);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    assert.deepEqual(received.Messages?.map((m) => m.Body), ["job-1"]);
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "job-2" })), (e: unknown) => {
      assert.ok(e instanceof SQSServiceException, String(e));
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.$metadata.httpStatusCode, 403);
      assert.equal(e.message, `User: ${BOB} is not authorized to perform: sqs:SendMessage on resource: ${QUEUE_ARN} because no identity-based policy allows the sqs:SendMessage action`);
      return true;
    });
  });
});
