// The resource-policy cache: one read per policy within KEEP_MS of the emulator's clock, a re-read after it or
// when the clock goes back, every policy of a kind dropped when a forwarded request changes one (whatever name
// it was read under), a bounded size, and what the readers make of the upstream's answers.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KEEP_MS, ResourcePolicies, type PolicyReaderContext } from "../../../../src/server/forward/resource-policies.js";

function upstream(answer: () => { status: number; body: string }) {
  const asked: string[] = [];
  const ctx: PolicyReaderContext = { region: "us-east-1", ask: async (call) => { asked.push(`${call.method} ${call.path}${call.rawQuery ? `?${call.rawQuery}` : ""}`); return answer(); } };
  return { asked, ctx };
}

describe("ResourcePolicies", () => {
  const doc = '{"Version":"2012-10-17","Statement":[]}';

  it("reads a policy once within KEEP_MS, again after it or when the clock went back", async () => {
    let now = 1_000_000;
    const cache = new ResourcePolicies(() => new Date(now));
    const { asked, ctx } = upstream(() => ({ status: 200, body: doc }));
    assert.equal(await cache.read("s3-bucket", "photos", ctx), doc);
    now += KEEP_MS - 1;
    assert.equal(await cache.read("s3-bucket", "photos", ctx), doc);
    assert.deepEqual(asked, ["GET /photos?policy="]);
    now += 1;
    await cache.read("s3-bucket", "photos", ctx);
    assert.equal(asked.length, 2);
    now -= 10_000;
    await cache.read("s3-bucket", "photos", ctx);
    assert.equal(asked.length, 3);
  });

  it("forget drops every kept policy of the reader, under any of its names, and no other reader's", async () => {
    const cache = new ResourcePolicies(() => new Date(0));
    const { asked, ctx } = upstream(() => ({ status: 200, body: JSON.stringify({ Attributes: { Policy: doc }, Policy: doc }) }));
    await cache.read("sqs-queue", "http://localhost:4566/000000000000/jobs", ctx);
    await cache.read("sqs-queue", "http://127.0.0.1:4566/000000000000/jobs", ctx);
    await cache.read("kms-key", "1234abcd-12ab-34cd-56ef-1234567890ab", ctx);
    assert.equal(asked.length, 3);
    cache.forget("sqs-queue");
    await cache.read("sqs-queue", "http://localhost:4566/000000000000/jobs", ctx);
    await cache.read("sqs-queue", "http://127.0.0.1:4566/000000000000/jobs", ctx);
    await cache.read("kms-key", "1234abcd-12ab-34cd-56ef-1234567890ab", ctx);
    assert.equal(asked.length, 5);
  });

  it("keeps at most its bound, dropping the oldest", async () => {
    const cache = new ResourcePolicies(() => new Date(0), 2);
    const { asked, ctx } = upstream(() => ({ status: 404, body: "" }));
    for (const b of ["a", "b", "c", "b", "c", "a"]) assert.equal(await cache.read("s3-bucket", b, ctx), undefined);
    assert.deepEqual(asked.map((a) => a.split("?")[0]), ["GET /a", "GET /b", "GET /c", "GET /a"]);
  });

  it("an upstream that fails is no policy, never a thrown error", async () => {
    const cache = new ResourcePolicies(() => new Date(0));
    const ctx: PolicyReaderContext = { region: "us-east-1", ask: async () => { throw new Error("connection refused"); } };
    assert.equal(await cache.read("secretsmanager-secret", "db", ctx), undefined);
    assert.equal(await cache.read("no-such-reader", "x", ctx), undefined);
  });

  it("Lambda policies with bare-string principals (moto's) come back in AWS's {AWS} / {Service} shape", async () => {
    const cache = new ResourcePolicies(() => new Date(0));
    const policy = { Version: "2012-10-17", Statement: [
      { Sid: "u", Effect: "Allow", Principal: "arn:aws:iam::000000000000:user/bob", Action: "lambda:GetFunction", Resource: "*" },
      { Sid: "a", Effect: "Allow", Principal: "111111111111", Action: "lambda:InvokeFunction", Resource: "*" },
      { Sid: "s", Effect: "Allow", Principal: "s3.amazonaws.com", Action: "lambda:InvokeFunction", Resource: "*" },
      { Sid: "x", Effect: "Allow", Principal: "*", Action: "lambda:InvokeFunction", Resource: "*" },
    ] };
    const { asked, ctx } = upstream(() => ({ status: 200, body: JSON.stringify({ Policy: JSON.stringify(policy) }) }));
    const read = JSON.parse((await cache.read("lambda-function", "resize", ctx))!) as typeof policy;
    assert.deepEqual(asked, ["GET /2015-03-31/functions/resize/policy"]);
    assert.deepEqual(read.Statement.map((s) => s.Principal), [
      { AWS: "arn:aws:iam::000000000000:user/bob" }, { AWS: "arn:aws:iam::111111111111:root" }, { Service: "s3.amazonaws.com" }, "*",
    ]);
  });
});
