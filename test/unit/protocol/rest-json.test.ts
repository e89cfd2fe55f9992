// restJson1 from the model: URI templates pick operations (literal segments before labels), members come
// from the path, query string and body, the model's constraints answer ValidationException with its
// reason, and errors carry x-amzn-errortype plus the error shape's members.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AwsError } from "../../../src/protocol/errors.js";
import { MODELS } from "../../../src/protocol/model.js";
import { decodeRestJson, encodeRestJsonError, encodeRestJsonOutput, matchRestJsonOperation } from "../../../src/protocol/rest-json.js";

const model = MODELS["access-analyzer"];
const req = (method: string, path: string, query = "", body = "") => ({ method, path, query: new URLSearchParams(query), headers: {}, body });

describe("restJson1", () => {
  it("routes by method and URI template, decoding labels", () => {
    assert.equal(matchRestJsonOperation(model, "POST", "/policy/validation")?.operation.name, "ValidatePolicy");
    assert.equal(matchRestJsonOperation(model, "PUT", "/policy/generation")?.operation.name, "StartPolicyGeneration");
    const get = matchRestJsonOperation(model, "GET", "/policy/generation/job%2F1");
    assert.deepEqual([get?.operation.name, get?.labels], ["GetGeneratedPolicy", { jobId: "job/1" }]);
    assert.equal(matchRestJsonOperation(model, "GET", "/policy/validation"), undefined);
    assert.equal(matchRestJsonOperation(model, "GET", "/policy/generation/%zz"), undefined);
  });

  it("binds query, path and body members, typed by the model", () => {
    const op = model.operations.GetGeneratedPolicy!;
    assert.deepEqual(decodeRestJson(model, op, req("GET", "/policy/generation/j1", "includeResourcePlaceholders=true"), { jobId: "j1" }),
      { jobId: "j1", includeResourcePlaceholders: true });
    const validate = model.operations.ValidatePolicy!;
    assert.deepEqual(decodeRestJson(model, validate, req("POST", "/policy/validation", "maxResults=2", '{"policyDocument":"{}","policyType":"IDENTITY_POLICY"}'), {}),
      { maxResults: 2, policyDocument: "{}", policyType: "IDENTITY_POLICY" });
  });

  it("answers the protocol's errors: bad scalars, bad JSON, the model's constraints", () => {
    const op = model.operations.GetGeneratedPolicy!;
    assert.throws(() => decodeRestJson(model, op, req("GET", "/x", "includeResourcePlaceholders=yes"), { jobId: "j" }),
      (e: AwsError) => e.code === "SerializationException" && e.message === "Expected true or false for includeResourcePlaceholders, got 'yes'.");
    const validate = model.operations.ValidatePolicy!;
    assert.throws(() => decodeRestJson(model, validate, req("POST", "/policy/validation", "", "{nope"), {}), (e: AwsError) => e.code === "SerializationException");
    assert.throws(() => decodeRestJson(model, validate, req("POST", "/policy/validation", "", "{}"), {}), (e: AwsError) =>
      e.code === "ValidationException" && e.status === 400 && (e.fields as { reason: string }).reason === "fieldValidationFailed" &&
      e.message === "2 validation errors detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null; Value null at 'policyType' failed to satisfy constraint: Member must not be null");
  });

  it("writes output members as JSON with ISO timestamps, and errors with x-amzn-errortype", () => {
    const out = encodeRestJsonOutput(model, model.operations.ListPolicyGenerations!, { policyGenerations: [{ jobId: "j", principalArn: "p", status: "SUCCEEDED", startedOn: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) }] });
    assert.deepEqual([out.status, JSON.parse(out.body)], [200, { policyGenerations: [{ jobId: "j", principalArn: "p", status: "SUCCEEDED", startedOn: "2026-01-02T03:04:05.000Z" }] }]);
    const err = encodeRestJsonError(new AwsError("ValidationException", "bad", 400).withFields({ reason: "other" }));
    assert.deepEqual([err.status, err.headers["x-amzn-errortype"], JSON.parse(err.body)], [400, "ValidationException", { message: "bad", reason: "other" }]);
    const denied = encodeRestJsonError(new AwsError("SignatureDoesNotMatch", "sig", 403));
    assert.deepEqual([denied.status, denied.headers["x-amzn-errortype"]], [403, "InvalidSignatureException"]);
  });
});
