// Resource-based policies the forwarder reads from moto in enforce mode — SQS queue, SNS topic, KMS key,
// Secrets Manager secret and Lambda function policies — and the cross-account path: a principal of account A
// on account B's queue or bucket needs B's resource policy and its own identity policy; in its own account the
// resource policy alone is enough. Each decision is checked in the service's own error shape and in the
// decisions log, whose explanation names the statement that decided.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { SQSClient, CreateQueueCommand, SendMessageCommand, ReceiveMessageCommand, SetQueueAttributesCommand, SQSServiceException } from "@aws-sdk/client-sqs";
import { SNSClient, CreateTopicCommand, PublishCommand, SetTopicAttributesCommand, SNSServiceException } from "@aws-sdk/client-sns";
import { KMSClient, CreateKeyCommand, DescribeKeyCommand, KMSServiceException } from "@aws-sdk/client-kms";
import { SecretsManagerClient, CreateSecretCommand, GetSecretValueCommand, PutResourcePolicyCommand, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";
import { LambdaClient, CreateFunctionCommand, GetFunctionCommand, AddPermissionCommand, LambdaServiceException } from "@aws-sdk/client-lambda";
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, PutBucketPolicyCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { IAMClient, PutUserPolicyCommand, DeleteUserPolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import { useMoto } from "../../support/moto.js";
import { useEmulator } from "../../support/emulator.js";
import { policyDocument as policy, userWithPolicy, type UserKeys } from "../../support/iam-users.js";

const moto = useMoto();
// Debug logging keeps the explanation of allowed decisions too, so an allow can be traced to its statement.
const emu = useEmulator(async () => ({ args: ["--mode", "enforce", "--upstream", await moto.started(), "--log-level", "debug"] }));

const A = "000000000000";
const B = "111111111111";
const BOB = `arn:aws:iam::${A}:user/bob`;
const REGION = "us-east-1";
/** Account B's root: a 12-digit access key id (secret "test") is that account's root. */
const rootOfB = { accessKeyId: B, secretAccessKey: "test" };

let bob: UserKeys;
let iam: IAMClient;

interface Decision { id: number; principal: string; action: string; resource: string; decision: string; summary: string }
interface Explained { explanation: { decision: string; decidingLayer?: string; decidingStatement?: { sid?: string; layer: string; source: { name?: string } } } }

/** The newest decision (the log lists newest first) for `action` on `resource`, with its full explanation. */
async function lastDecision(action: string, resource: string): Promise<Decision & Explained> {
  const { decisions } = await (await fetch(`${emu.endpoint}/_emulator/decisions`)).json() as { decisions: Decision[] };
  const found = decisions.find((d) => d.action === action && d.resource === resource && d.principal === BOB);
  assert.ok(found, `no decision for ${action} on ${resource}: ${JSON.stringify(decisions.map((d) => `${d.action} ${d.resource}`))}`);
  const full = await (await fetch(`${emu.endpoint}/_emulator/decisions?id=${found.id}`)).json() as Explained;
  return { ...found, ...full };
}

/** A denial in the service's own words: its error code and status, and IAM's sentence. */
function denied(type: new (...args: never[]) => Error, code: string, status: number, action: string, resource: string, reason: string) {
  return (e: unknown) => {
    assert.ok(e instanceof type, String(e));
    assert.equal(e.name, code);
    assert.equal((e as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, status);
    assert.equal(e.message, `User: ${BOB} is not authorized to perform: ${action} on resource: ${resource} ${reason}`);
    return true;
  };
}

async function allowedBy(action: string, resource: string, sid: string): Promise<void> {
  const d = await lastDecision(action, resource);
  assert.equal(d.decision, "allowed");
  assert.equal(d.explanation.decidingLayer, "resource");
  assert.equal(d.explanation.decidingStatement?.sid, sid);
}

const noIdentityPolicy = (action: string) => `because no identity-based policy allows the ${action} action`;

describe("resource policies read from moto (enforce)", () => {
  before(async () => {
    iam = new IAMClient(emu.clientConfig);
    // Bob's identity policy grants nothing the tests ask for: resource policies decide.
    bob = await userWithPolicy(emu, "bob", "whoami", { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" });
  });

  it("SQS: a queue policy alone lets a user of the same account in; setting it through the emulator takes effect at once", async () => {
    const root = new SQSClient(emu.clientConfig);
    const { QueueUrl } = await root.send(new CreateQueueCommand({ QueueName: "inbox" }));
    const queueArn = `arn:aws:sqs:${REGION}:${A}:inbox`;
    const sqs = new SQSClient({ ...emu.clientConfig, credentials: bob });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "1" })),
      denied(SQSServiceException, "AccessDenied", 403, "sqs:SendMessage", queueArn, noIdentityPolicy("sqs:SendMessage")));
    // The "no policy" answer just read is kept, but SetQueueAttributes through the emulator drops it.
    await root.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy({ Sid: "BobSends", Effect: "Allow", Principal: { AWS: BOB }, Action: "sqs:SendMessage", Resource: queueArn }) } }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "2" }));
    await allowedBy("sqs:SendMessage", queueArn, "BobSends");
    const got = await root.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    assert.deepEqual(got.Messages?.map((m) => m.Body), ["2"]);
  });

  it("SQS: a policy changed behind the emulator's back counts once its copy is two seconds old by the emulator's clock", async () => {
    const root = new SQSClient(emu.clientConfig);
    const { QueueUrl } = await root.send(new CreateQueueCommand({ QueueName: "outbox" }));
    const queueArn = `arn:aws:sqs:${REGION}:${A}:outbox`;
    await root.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy({ Sid: "BobSends", Effect: "Allow", Principal: { AWS: BOB }, Action: "sqs:SendMessage", Resource: queueArn }) } }));
    const sqs = new SQSClient({ ...emu.clientConfig, credentials: bob });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "1" }));
    // Straight to moto: the emulator does not see this change.
    const direct = new SQSClient({ endpoint: moto.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: "test" } });
    await direct.send(new SetQueueAttributesCommand({ QueueUrl: `${moto.url}/${A}/outbox`, Attributes: { Policy: policy({ Sid: "Nobody", Effect: "Deny", Principal: "*", Action: "sqs:SendMessage", Resource: queueArn }) } }));
    const moved = await emu.admin("clock", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: 3 }) });
    assert.equal(moved.status, 200);
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "2" })),
      denied(SQSServiceException, "AccessDenied", 403, "sqs:SendMessage", queueArn, "with an explicit deny in a resource-based policy"));
    const d = await lastDecision("sqs:SendMessage", queueArn);
    assert.equal(d.explanation.decidingStatement?.sid, "Nobody");
  });

  it("SNS: a topic policy lets a user publish; without it SNS's AuthorizationError (the SDK's AuthorizationErrorException)", async () => {
    const root = new SNSClient(emu.clientConfig);
    const { TopicArn } = await root.send(new CreateTopicCommand({ Name: "alerts" }));
    assert.equal(TopicArn, `arn:aws:sns:${REGION}:${A}:alerts`);
    const sns = new SNSClient({ ...emu.clientConfig, credentials: bob });
    await assert.rejects(sns.send(new PublishCommand({ TopicArn, Message: "1" })),
      denied(SNSServiceException, "AuthorizationErrorException", 403, "sns:Publish", TopicArn!, noIdentityPolicy("sns:Publish")));
    await root.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "Policy", AttributeValue: policy({ Sid: "BobPublishes", Effect: "Allow", Principal: { AWS: BOB }, Action: "SNS:Publish", Resource: TopicArn }) }));
    assert.match((await sns.send(new PublishCommand({ TopicArn, Message: "2" }))).MessageId!, /^[0-9a-f-]{36}$/);
    await allowedBy("sns:Publish", TopicArn!, "BobPublishes");
  });

  it("KMS: the key policy decides for a user with no identity policy", async () => {
    const root = new KMSClient(emu.clientConfig);
    const allowsBob = policy(
      { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" },
      { Sid: "BobDescribes", Effect: "Allow", Principal: { AWS: BOB }, Action: "kms:DescribeKey", Resource: "*" },
    );
    const { KeyMetadata } = await root.send(new CreateKeyCommand({ Policy: allowsBob }));
    const { KeyMetadata: other } = await root.send(new CreateKeyCommand({}));
    const kms = new KMSClient({ ...emu.clientConfig, credentials: bob });
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).KeyMetadata?.KeyId, KeyMetadata!.KeyId);
    await allowedBy("kms:DescribeKey", KeyMetadata!.Arn!, "BobDescribes");
    await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: other!.KeyId })),
      denied(KMSServiceException, "AccessDeniedException", 400, "kms:DescribeKey", other!.Arn!, noIdentityPolicy("kms:DescribeKey")));
  });

  it("KMS: an identity policy counts only where the key policy allows the account; a key policy that does not denies", async () => {
    const root = new KMSClient(emu.clientConfig);
    const { KeyMetadata: delegating } = await root.send(new CreateKeyCommand({}));
    const { KeyMetadata: closed } = await root.send(new CreateKeyCommand({
      BypassPolicyLockoutSafetyCheck: true,
      Policy: policy({ Sid: "CarolOnly", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:user/carol` }, Action: "kms:*", Resource: "*" }),
    }));
    await iam.send(new PutUserPolicyCommand({ UserName: "bob", PolicyName: "keys", PolicyDocument: policy({ Sid: "DescribeKeys", Effect: "Allow", Action: "kms:DescribeKey", Resource: "*" }) }));
    try {
      const kms = new KMSClient({ ...emu.clientConfig, credentials: bob });
      // moto's default key policy gives the account's root kms:*, which hands the decision to IAM.
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: delegating!.KeyId }))).KeyMetadata?.Arn, delegating!.Arn);
      await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: closed!.KeyId })),
        denied(KMSServiceException, "AccessDeniedException", 400, "kms:DescribeKey", closed!.Arn!, "because no resource-based policy allows the kms:DescribeKey action"));
      const d = await lastDecision("kms:DescribeKey", closed!.Arn!);
      assert.equal(d.explanation.decidingLayer, "resource");
    } finally {
      await iam.send(new DeleteUserPolicyCommand({ UserName: "bob", PolicyName: "keys" }));
    }
  });

  it("Secrets Manager: a resource policy put through the emulator lets a user read the secret", async () => {
    const root = new SecretsManagerClient(emu.clientConfig);
    const { ARN } = await root.send(new CreateSecretCommand({ Name: "db-password", SecretString: "hunter2" }));
    const sm = new SecretsManagerClient({ ...emu.clientConfig, credentials: bob });
    await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: ARN })),
      denied(SecretsManagerServiceException, "AccessDeniedException", 400, "secretsmanager:GetSecretValue", ARN!, noIdentityPolicy("secretsmanager:GetSecretValue")));
    await root.send(new PutResourcePolicyCommand({ SecretId: "db-password", ResourcePolicy: policy({ Sid: "BobReads", Effect: "Allow", Principal: { AWS: BOB }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: ARN }))).SecretString, "hunter2");
    await allowedBy("secretsmanager:GetSecretValue", ARN!, "BobReads");
  });

  it("Lambda: a function policy added through the emulator lets a user of the same account get the function", async () => {
    // moto checks the execution role in its own IAM: made there directly (the emulator serves IAM itself).
    await new IAMClient({ endpoint: moto.url, region: REGION, credentials: { accessKeyId: A, secretAccessKey: "test" } }).send(new CreateRoleCommand({
      RoleName: "lambda", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
    }));
    const root = new LambdaClient(emu.clientConfig);
    const created = await root.send(new CreateFunctionCommand({
      FunctionName: "resize", Runtime: "nodejs20.x", Handler: "index.handler", Role: `arn:aws:iam::${A}:role/lambda`,
      Code: { ZipFile: Buffer.from("UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "base64") },
    }));
    const fnArn = created.FunctionArn!;
    const lambda = new LambdaClient({ ...emu.clientConfig, credentials: bob });
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: "resize" })),
      denied(LambdaServiceException, "AccessDeniedException", 403, "lambda:GetFunction", fnArn, noIdentityPolicy("lambda:GetFunction")));
    await root.send(new AddPermissionCommand({ FunctionName: "resize", StatementId: "BobGets", Action: "lambda:GetFunction", Principal: BOB }));
    assert.equal((await lambda.send(new GetFunctionCommand({ FunctionName: "resize" }))).Configuration?.FunctionName, "resize");
    await allowedBy("lambda:GetFunction", fnArn, "BobGets");
  });
});

describe("cross-account: account A's user on account B's queue and bucket (enforce)", () => {
  it("B's queue policy alone is not enough; with A's identity policy too the message reaches B's queue", async () => {
    const ownerB = new SQSClient({ ...emu.clientConfig, credentials: rootOfB });
    await ownerB.send(new CreateQueueCommand({ QueueName: "shared" }));
    // moto keeps every queue in its one account (MOTO_ACCOUNT_ID) and finds it by name: the URL names B.
    const QueueUrl = `${emu.endpoint}/${B}/shared`;
    const queueArn = `arn:aws:sqs:${REGION}:${B}:shared`;
    await ownerB.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy({ Sid: "AccountASends", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sqs:SendMessage", Resource: queueArn }) } }));
    const sqs = new SQSClient({ ...emu.clientConfig, credentials: bob });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "1" })),
      denied(SQSServiceException, "AccessDenied", 403, "sqs:SendMessage", queueArn, noIdentityPolicy("sqs:SendMessage")));
    const d = await lastDecision("sqs:SendMessage", queueArn);
    assert.equal(d.decision, "implicitDeny");
    assert.equal(d.explanation.decidingLayer, "identity");
    await iam.send(new PutUserPolicyCommand({ UserName: "bob", PolicyName: "send-shared", PolicyDocument: policy({ Sid: "SendShared", Effect: "Allow", Action: "sqs:SendMessage", Resource: queueArn }) }));
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "2" }));
      const got = await ownerB.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
      assert.deepEqual(got.Messages?.map((m) => m.Body), ["2"]);
    } finally {
      await iam.send(new DeleteUserPolicyCommand({ UserName: "bob", PolicyName: "send-shared" }));
    }
  });

  it("A's identity policy alone is not enough for B's bucket; B's bucket policy naming A makes it pass", async () => {
    const ownerB = new S3Client({ ...emu.clientConfig, credentials: rootOfB, forcePathStyle: true });
    await ownerB.send(new CreateBucketCommand({ Bucket: "b-reports" }));
    await ownerB.send(new PutObjectCommand({ Bucket: "b-reports", Key: "q1.csv", Body: "a,b" }));
    const objectArn = "arn:aws:s3:::b-reports/q1.csv";
    await iam.send(new PutUserPolicyCommand({ UserName: "bob", PolicyName: "reports", PolicyDocument: policy({ Sid: "ReadReports", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b-reports/*" }) }));
    const s3 = new S3Client({ ...emu.clientConfig, credentials: bob, forcePathStyle: true });
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "b-reports", Key: "q1.csv" })),
      denied(S3ServiceException, "AccessDenied", 403, "s3:GetObject", objectArn, "because no resource-based policy allows the s3:GetObject action"));
    await ownerB.send(new PutBucketPolicyCommand({ Bucket: "b-reports", Policy: policy({ Sid: "AccountAReads", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b-reports/*" }) }));
    const got = await s3.send(new GetObjectCommand({ Bucket: "b-reports", Key: "q1.csv" }));
    assert.equal(await got.Body!.transformToString(), "a,b");
    const d = await lastDecision("s3:GetObject", objectArn);
    assert.equal(d.decision, "allowed");
  });
});
