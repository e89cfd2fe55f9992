// The forwarder in front of moto's S3, in enforce mode: the SDK (path style and virtual-hosted style) and the
// AWS CLI talk to the emulator only; allowed requests reach moto, denied ones are answered with S3's own
// AccessDenied, explained in the decisions log, and recorded per principal.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { Agent } from "node:http";
import { lookup } from "node:dns";
import { Readable } from "node:stream";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand,
  DeleteObjectCommand, HeadObjectCommand, S3ServiceException,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import {
  IAMClient, PutUserPolicyCommand, CreateRoleCommand, PutRolePolicyCommand, CreatePolicyCommand,
  PutRolePermissionsBoundaryCommand,
} from "@aws-sdk/client-iam";
import { STSClient, DecodeAuthorizationMessageCommand, AssumeRoleCommand } from "@aws-sdk/client-sts";
import { useMoto } from "../../support/moto.js";
import { useEmulator } from "../../support/emulator.js";
import { policyDocument as policy, userWithPolicy, type UserKeys } from "../../support/iam-users.js";

const moto = useMoto();
const emu = useEmulator(async () => ({ args: ["--mode", "enforce", "--upstream", await moto.started()] }));
const ALICE = "arn:aws:iam::000000000000:user/alice";
const BUCKET = "forwarded-bucket";

/** bucket.localhost → loopback, as a browser or systemd-resolved would: virtual-hosted style without DNS setup. */
const loopbackAgent = new Agent({
  keepAlive: true,
  lookup: ((host: string, options: object, cb: (...a: unknown[]) => void) =>
    host.endsWith(".localhost") ? (options as { all?: boolean }).all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)
      : lookup(host, options, cb as never)) as never,
});

/** moto itself, without the emulator: what the upstream really holds. */
const motoS3 = () => new S3Client({ ...emu.clientConfig, endpoint: moto.url, forcePathStyle: true });
let root: S3Client;
let alice: S3Client;
let aliceVirtual: S3Client;
let aliceKeys: UserKeys;

function accessDenied(action: string, resource: string, reason: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof S3ServiceException, String(e));
    assert.equal(e.name, "AccessDenied");
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.ok(e.message.startsWith(`User: ${ALICE} is not authorized to perform: ${action} on resource: ${resource} `), e.message);
    assert.match(e.message, reason);
    return true;
  };
}

describe("forwarding S3 to moto (enforce)", () => {
  before(async () => {
    root = new S3Client({ ...emu.clientConfig, forcePathStyle: true });
    await root.send(new CreateBucketCommand({ Bucket: BUCKET }));
    aliceKeys = await userWithPolicy(emu, "alice", "app-data",
      { Sid: "ReadWriteAppData", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${BUCKET}/app/*` },
      { Sid: "ListAppPrefix", Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringLike: { "s3:prefix": "app/*" } } });
    alice = new S3Client({ ...emu.clientConfig, credentials: aliceKeys, forcePathStyle: true });
    const port = new URL(emu.endpoint).port;
    aliceVirtual = new S3Client({
      ...emu.clientConfig, endpoint: `http://localhost:${port}`, credentials: aliceKeys, forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent: loopbackAgent }),
    });
  });

  it("the root's objects reach moto and come back (path style)", async () => {
    await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: "root.txt", Body: "from root" }));
    const out = await root.send(new GetObjectCommand({ Bucket: BUCKET, Key: "root.txt" }));
    assert.equal(await out.Body!.transformToString(), "from root");
    // moto holds it: asked directly, without the emulator.
    const direct = await motoS3().send(new GetObjectCommand({ Bucket: BUCKET, Key: "root.txt" }));
    assert.equal(await direct.Body!.transformToString(), "from root");
  });

  it("a user's allowed PutObject and GetObject pass, path style and virtual-hosted style", async () => {
    await alice.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/one.json", Body: '{"n":1}', ContentType: "application/json" }));
    const viaHost = await aliceVirtual.send(new GetObjectCommand({ Bucket: BUCKET, Key: "app/one.json" }));
    assert.equal(await viaHost.Body!.transformToString(), '{"n":1}');
    assert.equal(viaHost.ContentType, "application/json");
    await aliceVirtual.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/two.json", Body: '{"n":2}' }));
    const listed = await alice.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "app/" }));
    assert.deepEqual(listed.Contents!.map((o) => o.Key), ["app/one.json", "app/two.json"]);
  });

  it("outside its policy a user gets S3's AccessDenied naming the action, resource and reason", async () => {
    await assert.rejects(alice.send(new GetObjectCommand({ Bucket: BUCKET, Key: "root.txt" })),
      accessDenied("s3:GetObject", `arn:aws:s3:::${BUCKET}/root.txt`, /no identity-based policy allows the s3:GetObject action/));
    await assert.rejects(aliceVirtual.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "app/one.json" })),
      accessDenied("s3:DeleteObject", `arn:aws:s3:::${BUCKET}/app/one.json`, /no identity-based policy allows the s3:DeleteObject action/));
    // The condition on s3:prefix: listing another prefix is denied.
    await assert.rejects(alice.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "secret/" })),
      accessDenied("s3:ListBucket", `arn:aws:s3:::${BUCKET}`, /s3:ListBucket/));
    // Nothing reached moto: the object is still there.
    assert.equal((await motoS3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: "app/one.json" }))).ContentLength, 7);
  });

  it("each denial is in the decisions log with its explanation and an encoded message STS decodes", async () => {
    const res = await fetch(`${emu.endpoint}/_emulator/decisions`);
    const { decisions } = await res.json() as { decisions: { id: number; principal: string; action: string; resource: string; decision: string; summary: string; encodedMessage?: string }[] };
    const denial = decisions.find((d) => d.action === "s3:DeleteObject");
    assert.ok(denial, JSON.stringify(decisions.map((d) => d.action)));
    assert.equal(denial.principal, ALICE);
    assert.equal(denial.resource, `arn:aws:s3:::${BUCKET}/app/one.json`);
    assert.equal(denial.decision, "implicitDeny");
    // The full explanation names the statement that came closest: ReadWriteAppData matched neither action nor resource.
    const full = await (await fetch(`${emu.endpoint}/_emulator/decisions?id=${denial.id}`)).json() as {
      explanation: { decidingLayer: string; policies: { statements: { sid?: string; actionMatched: boolean; resourceMatched: boolean; matched: boolean }[] }[] } };
    assert.equal(full.explanation.decidingLayer, "identity");
    const closest = full.explanation.policies.flatMap((p) => p.statements).find((st) => st.sid === "ReadWriteAppData");
    assert.deepEqual(closest && [closest.actionMatched, closest.resourceMatched, closest.matched], [false, true, false]);
    const sts = new STSClient(emu.clientConfig);
    const { DecodedMessage } = await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: denial.encodedMessage! }));
    const decoded = JSON.parse(DecodedMessage!) as { allowed: boolean; context: { action: string; resource: string; principal: { arn: string } } };
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.context.action, "s3:DeleteObject");
    assert.equal(decoded.context.resource, `arn:aws:s3:::${BUCKET}/app/one.json`);
    assert.ok(decisions.some((d) => d.action === "s3:PutObject" && d.decision === "allowed" && d.principal === ALICE));
  });

  it("a bucket policy read from moto denies what the identity policy allows", async () => {
    await root.send(new PutBucketPolicyCommand({
      Bucket: BUCKET, Policy: policy({ Sid: "NoFrozen", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/app/frozen/*` }),
    }));
    await assert.rejects(alice.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/frozen/x", Body: "x" })),
      accessDenied("s3:PutObject", `arn:aws:s3:::${BUCKET}/app/frozen/x`, /explicit deny in a resource-based policy/));
    await alice.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/thawed/x", Body: "x" }));
  });

  it("a role session is limited by its session policy and the role's permissions boundary", async () => {
    const iam = new IAMClient(emu.clientConfig);
    await iam.send(new CreateRoleCommand({
      RoleName: "uploader", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }),
    }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "uploader", PolicyName: "s3", PolicyDocument: policy({ Effect: "Allow", Action: "s3:*", Resource: "*" }) }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: "no-deletes", PolicyDocument: policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }) }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: "uploader", PermissionsBoundary: Policy!.Arn! }));
    await iam.send(new PutUserPolicyCommand({ UserName: "alice", PolicyName: "assume", PolicyDocument: policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::000000000000:role/uploader" }) }));
    const { Credentials } = await new STSClient({ ...emu.clientConfig, credentials: aliceKeys }).send(new AssumeRoleCommand({
      RoleArn: "arn:aws:iam::000000000000:role/uploader", RoleSessionName: "job-7",
      Policy: policy({ Effect: "Allow", Action: "s3:*", Resource: `arn:aws:s3:::${BUCKET}/uploads/*` }),
    }));
    const session = new S3Client({ ...emu.clientConfig, forcePathStyle: true, credentials: {
      accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! } });
    await session.send(new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/a.txt", Body: "a" }));
    const SESSION = "arn:aws:sts::000000000000:assumed-role/uploader/job-7";
    const deniedAs = (action: string, resource: string, reason: string) => (e: unknown) => {
      assert.ok(e instanceof S3ServiceException, String(e));
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.message, `User: ${SESSION} is not authorized to perform: ${action} on resource: ${resource} because ${reason}`);
      return true;
    };
    await assert.rejects(session.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/a.txt", Body: "a" })),
      deniedAs("s3:PutObject", `arn:aws:s3:::${BUCKET}/app/a.txt`, "no session policy allows the s3:PutObject action"));
    await assert.rejects(session.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "uploads/a.txt" })),
      deniedAs("s3:DeleteObject", `arn:aws:s3:::${BUCKET}/uploads/a.txt`, "no permissions boundary allows the s3:DeleteObject action"));
  });

  it("a 24 MiB streamed upload arrives byte for byte and comes back whole", async () => {
    const data = randomBytes(24 * 1024 * 1024);
    const digest = createHash("sha256").update(data).digest("hex");
    // A stream of unknown hash: the SDK sends it aws-chunked with a trailing checksum.
    const chunks = function* () { for (let i = 0; i < data.length; i += 1024 * 1024) yield data.subarray(i, i + 1024 * 1024); };
    await alice.send(new PutObjectCommand({ Bucket: BUCKET, Key: "app/big.bin", Body: Readable.from(chunks()), ContentLength: data.length }));
    const out = await alice.send(new GetObjectCommand({ Bucket: BUCKET, Key: "app/big.bin" }));
    const back = Buffer.from(await out.Body!.transformToByteArray());
    assert.equal(back.length, data.length);
    assert.equal(createHash("sha256").update(back).digest("hex"), digest);
  });

  it("the AWS CLI (v1 and v2) copies through the emulator, and is denied in S3's words", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aie-fwd-"));
    try {
      const file = join(dir, "cli.txt");
      writeFileSync(file, "via the cli");
      // Debian's CLI v2 predates AWS_ENDPOINT_URL: both get --endpoint-url.
      const env = { ...process.env, ...emu.env, AWS_ACCESS_KEY_ID: aliceKeys.accessKeyId, AWS_SECRET_ACCESS_KEY: aliceKeys.secretAccessKey };
      // v1 (the machine's python3) uploads and is denied; v2 (Debian's, aws-chunked with a trailing checksum) round-trips.
      const run = (cli: string, ...args: string[]) => spawnSync(cli, ["s3", "cp", ...args, "--only-show-errors", "--endpoint-url", emu.endpoint], { env, encoding: "utf8" });
      const up = run("aws", file, `s3://${BUCKET}/app/cli-v1.txt`);
      assert.equal(up.status, 0, up.stderr);
      const denied = run("aws", file, `s3://${BUCKET}/elsewhere.txt`);
      assert.notEqual(denied.status, 0);
      assert.match(denied.stderr, /An error occurred \(AccessDenied\) when calling the PutObject operation: User: arn:aws:iam::000000000000:user\/alice is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::forwarded-bucket\/elsewhere.txt because no identity-based policy allows the s3:PutObject action/);
      const upV2 = run("/usr/bin/aws", file, `s3://${BUCKET}/app/cli-v2.txt`);
      assert.equal(upV2.status, 0, upV2.stderr);
      const down = run("/usr/bin/aws", `s3://${BUCKET}/app/cli-v2.txt`, join(dir, "back.txt"));
      assert.equal(down.status, 0, down.stderr);
      assert.equal(readFileSync(join(dir, "back.txt"), "utf8"), "via the cli");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the requests are recorded under the user, source forwarder", async () => {
    const res = await fetch(`${emu.endpoint}/_emulator/requests?identity=${encodeURIComponent(ALICE)}`);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.match(text, /"source":"forwarder"/);
    assert.match(text, /"action":"s3:PutObject"/);
    assert.match(text, /"decision":"implicitDeny"/);
  });
});
