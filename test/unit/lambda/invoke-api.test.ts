// The Lambda Invoke API client against a stub server: a RequestResponse POST signed as the SDK signs it, the
// function's answer or error, a retry by name for servers that know no ARNs, and the ways a call fails.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { allowListPolicy, Outbound } from "../../../src/outbound/outbound.js";
import { InvokeApiClient } from "../../../src/lambda/invoke-api.js";
import { FunctionError, InvalidFunctionOutput, InvocationFailed } from "../../../src/lambda/invoker.js";
import { LambdaStub } from "../../support/lambda-stub.js";

const ARN = "arn:aws:lambda:eu-west-1:000000000000:function:pre-token";
const clock = { now: () => new Date("2026-11-29T08:30:00Z") };
let endpoint = "";
const endpointOf = (_client: InvokeApiClient) => endpoint;

describe("Lambda Invoke API client", () => {
  const stub = new LambdaStub();
  let client: InvokeApiClient;
  // The client under test, not the allow-list: every destination allowed (the refused one is tested below).
  const outbound = new Outbound({ refusal: () => undefined });

  before(async () => {
    endpoint = await stub.start();
    client = new InvokeApiClient(outbound, { endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" }, defaultRegion: "us-east-1", timeoutMs: 500 });
  });
  after(() => stub.stop());

  it("POSTs the event to the function's ARN, RequestResponse, SigV4-signed in the function's region", async () => {
    stub.on(ARN, (event) => ({ payload: { ...event, response: { ok: true } } }));
    const out = await client.invoke({ functionArn: ARN, payload: { triggerSource: "PreSignUp_SignUp", response: {} }, clock });
    assert.deepEqual(out, { triggerSource: "PreSignUp_SignUp", response: { ok: true } });
    const call = stub.callsOf("pre-token").at(-1)!;
    assert.equal(call.functionName, ARN);
    assert.equal(call.headers["x-amz-invocation-type"], "RequestResponse");
    assert.equal(call.headers["content-type"], "application/json");
    assert.equal(call.headers["x-amz-date"], "20261129T083000Z");
    assert.equal(call.region, "eu-west-1");
    assert.equal(call.signatureValid, true, "the SDK's signer computes the same signature");
  });

  it("an unknown ARN is retried by function name, as sam local start-lambda knows functions", async () => {
    stub.on("by-name", () => ({ payload: "named" }));
    assert.equal(await client.invoke({ functionArn: "arn:aws:lambda:us-east-1:000000000000:function:by-name", payload: {}, clock }), "named");
    assert.deepEqual(stub.callsOf("by-name").map((c) => c.functionName), ["arn:aws:lambda:us-east-1:000000000000:function:by-name", "by-name"]);
  });

  it("X-Amz-Function-Error is the function's error with its type and message", async () => {
    stub.on("fails", () => ({ functionError: { errorType: "Error", errorMessage: "Sign-up restricted to example.com" } }));
    await assert.rejects(client.invoke({ functionArn: "fails", payload: {}, clock }),
      (e: unknown) => e instanceof FunctionError && e.errorType === "Error" && e.errorMessage === "Sign-up restricted to example.com");
  });

  it("a Lambda service error names the endpoint, the function and the error", async () => {
    await assert.rejects(client.invoke({ functionArn: "missing", payload: {}, clock }), (e: unknown) => e instanceof InvocationFailed && e.kind === "unavailable" &&
      e.reason === `${endpointOf(client)} could not invoke missing: ResourceNotFoundException: Function not found: missing`);
  });

  it("output that is not JSON, a timeout, and an endpoint nobody listens on", async () => {
    stub.on("garbage", () => ({ status: 200, body: "<html>" }));
    await assert.rejects(client.invoke({ functionArn: "garbage", payload: {}, clock }), (e: unknown) => e instanceof InvalidFunctionOutput && e.output === "<html>");
    stub.on("hangs", () => ({ hang: true }));
    await assert.rejects(client.invoke({ functionArn: "hangs", payload: {}, clock }),
      (e: unknown) => e instanceof InvocationFailed && e.kind === "timeout" && e.reason === "hangs did not answer within 500 ms.");
    const nobody = new InvokeApiClient(outbound, { endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "test", secretAccessKey: "test" }, defaultRegion: "us-east-1", timeoutMs: 500 });
    await assert.rejects(nobody.invoke({ functionArn: ARN, payload: {}, clock }), (e: unknown) => e instanceof InvocationFailed && e.kind === "unavailable" &&
      /^Could not reach the Lambda endpoint http:\/\/127\.0\.0\.1:9 \(.*ECONNREFUSED.*\)\. Is the Lambda emulator \(sam local start-lambda, LocalStack\) running there\?$/.test(e.reason));
  });

  it("a destination the outbound policy refuses is never called", async () => {
    const strict = new InvokeApiClient(new Outbound(allowListPolicy([], "--allow-outbound")),
      { endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "test", secretAccessKey: "test" }, defaultRegion: "us-east-1", timeoutMs: 500 });
    await assert.rejects(strict.invoke({ functionArn: ARN, payload: {}, clock }), (e: unknown) => e instanceof InvocationFailed && e.kind === "unavailable" &&
      /^The emulator does not call http:\/\/127\.0\.0\.1:9/.test(e.reason));
  });
});
