// Which requests are forwarded: decided from the request line and headers alone; the emulator's own services
// and routes are never forwarded.
import { it } from "node:test";
import assert from "node:assert/strict";
import { forwardTargetOf } from "../../../../src/server/forward/classify.js";
import type { RequestHead } from "../../../../src/server/gateway.js";

const head = (partial: Partial<RequestHead>): RequestHead => ({
  method: "GET", path: "/", rawQuery: "", headers: { host: "localhost:4566" }, sourceIp: "127.0.0.1", origin: "http://localhost:4566", ...partial,
});
const signed = (service: string) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

it("a signed request's scope names its service; IAM, STS and Cognito stay with the emulator", () => {
  assert.equal(forwardTargetOf(head({ method: "POST", headers: { host: "localhost:4566", authorization: signed("dynamodb"), "x-amz-target": "DynamoDB_20120810.GetItem" } }))?.signingName, "dynamodb");
  for (const own of ["iam", "sts", "cognito-idp"]) assert.equal(forwardTargetOf(head({ method: "POST", headers: { authorization: signed(own) } })), undefined, own);
});

it("S3's bucket host, virtual-hosted or localhost-style, names the bucket", () => {
  assert.equal(forwardTargetOf(head({ path: "/k", headers: { host: "photos.s3.localhost:4566", authorization: signed("s3") } }))?.hostBucket, "photos");
  assert.equal(forwardTargetOf(head({ path: "/k", headers: { host: "photos.localhost:4566", authorization: signed("s3") } }))?.hostBucket, "photos");
  assert.equal(forwardTargetOf(head({ path: "/photos/k", headers: { host: "localhost:4566", authorization: signed("s3") } }))?.hostBucket, undefined);
});

it("unsigned: admin and Cognito routes, POST / and pool paths are the emulator's; another path is S3's", () => {
  assert.equal(forwardTargetOf(head({ path: "/_emulator/health" })), undefined);
  assert.equal(forwardTargetOf(head({ path: "/" })), undefined);
  assert.equal(forwardTargetOf(head({ path: "/us-east-1_AbC123/.well-known/jwks.json" })), undefined);
  assert.equal(forwardTargetOf(head({ path: "/public-bucket/logo.png" }))?.signingName, "s3");
  assert.equal(forwardTargetOf(head({ method: "POST", headers: { "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" } })), undefined);
});
