// The forwarder when the upstream is not there or says nothing: 502 and 504 in the service's own error
// format, never a hang, and the upstream's health in /_emulator/health; operations the emulator cannot map to
// an IAM action are denied in enforce mode with a decision that says why.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { S3Client, GetObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { DynamoDBClient, ListTablesCommand, DynamoDBServiceException } from "@aws-sdk/client-dynamodb";
import { useEmulator } from "../../support/emulator.js";
import { userWithPolicy, type UserKeys } from "../../support/iam-users.js";

/** Accepts connections and never answers (an upstream that hangs); `closedPort` was listened on once and closed. */
let silent: Server;
const sockets = new Set<Socket>();
let silentPort = 0;
let closedPort = 0;
const ports = (async () => {
  silent = createServer((s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as { port: number }).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
})();

const emu = useEmulator(async () => {
  await ports;
  return { args: ["--mode", "enforce", "--upstream", `s3=http://127.0.0.1:${silentPort},http://127.0.0.1:${closedPort}`, "--upstream-timeout", "1"] };
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

let carolKeys: UserKeys;

describe("an upstream that is down or silent", () => {
  before(async () => {
    carolKeys = await userWithPolicy(emu, "carol", "all", { Effect: "Allow", Action: "*", Resource: "*" });
  });

  it("a refused connection is a 502 in DynamoDB's JSON, naming the upstream; health says down", async () => {
    const ddb = new DynamoDBClient({ ...emu.clientConfig, credentials: carolKeys, maxAttempts: 1 });
    await assert.rejects(ddb.send(new ListTablesCommand({})), (e: unknown) => {
      assert.ok(e instanceof DynamoDBServiceException, String(e));
      assert.equal(e.name, "BadGateway");
      assert.equal(e.$metadata.httpStatusCode, 502);
      assert.equal(e.message, `The upstream http://127.0.0.1:${closedPort} did not answer: connection refused. Start it (or fix --upstream) and try again.`);
      return true;
    });
    const health = await (await fetch(`${emu.endpoint}/_emulator/health`)).json() as { upstreams: { url: string; services: string[]; state: string; error?: string }[] };
    const down = health.upstreams.find((u) => u.url === `http://127.0.0.1:${closedPort}`);
    assert.deepEqual(down && { services: down.services, state: down.state }, { services: ["*"], state: "down" });
    assert.match(down!.error!, /connection refused/);
  });

  it("an upstream that accepts and never answers is a 504 in S3's XML after --upstream-timeout", async () => {
    const s3 = new S3Client({ ...emu.clientConfig, credentials: carolKeys, forcePathStyle: true, maxAttempts: 1 });
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: "some-bucket", Key: "k" })), (e: unknown) => {
      assert.ok(e instanceof S3ServiceException, String(e));
      assert.equal(e.name, "GatewayTimeout");
      assert.equal(e.$metadata.httpStatusCode, 504);
      assert.equal(e.message, `The upstream http://127.0.0.1:${silentPort} sent no answer within 1 s (--upstream-timeout).`);
      return true;
    });
  });

  it("an operation of a service without a mapping is denied in enforce mode, and the decision says why", async () => {
    const url = new URL(emu.endpoint);
    const body = "Action=DescribeInstances&Version=2016-11-15";
    const signer = new SignatureV4({ service: "ec2", region: "us-east-1", credentials: carolKeys, sha256: Sha256 });
    const signed = await signer.sign({
      method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/",
      headers: { host: url.host, "content-type": "application/x-www-form-urlencoded" }, body,
    });
    const res = await fetch(`${emu.endpoint}/`, { method: "POST", headers: signed.headers as Record<string, string>, body });
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /<Code>AccessDenied<\/Code>/);
    assert.match(text, /<Message>User: arn:aws:iam::000000000000:user\/carol is not authorized to perform: ec2:DescribeInstances because the emulator does not know which IAM action and resource this is \(no mapping for the service ec2\), and unmapped operations are denied \(--unmapped-operations deny\)<\/Message>/);
    const { decisions } = await (await fetch(`${emu.endpoint}/_emulator/decisions`)).json() as { decisions: { action: string; decision: string; summary: string }[] };
    const decision = decisions.find((d) => d.action === "ec2:DescribeInstances");
    assert.equal(decision?.decision, "implicitDeny");
    assert.match(decision!.summary, /^Denied: the emulator does not know which IAM action/);
  });
});
