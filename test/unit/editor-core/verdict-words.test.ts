// A decision in words before the table: what decided, and for an implicit deny the statement that came closest.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy } from "../../../src/policy/index.js";
import { simulate, simulatePrincipal } from "../../../src/editor-core/simulation.js";
import { verdictSentence } from "../../../src/editor-core/verdict-words.js";

const office = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "OnlyFromOffice", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::uploads/*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } },
    { Sid: "Reports", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" },
    { Sid: "NoSecrets", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::reports/secret/*" },
    { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::reports", Condition: { StringLike: { "s3:prefix": "public/*" } } },
  ],
});

const words = (request: Parameters<typeof simulate>[2]) => verdictSentence(simulate(office, "identity", request, { source: { kind: "identity", name: "uploads" } }).explanation);

describe("verdict in words", () => {
  it("names the closest statement, its failed condition and both values (the issue's example)", () => {
    assert.equal(words({ action: "s3:PutObject", resource: "arn:aws:s3:::uploads/a.txt", context: { "aws:SourceIp": "198.51.100.7" } }),
      "Denied: no statement allows s3:PutObject on arn:aws:s3:::uploads/a.txt — closest was OnlyFromOffice, whose IpAddress condition on aws:SourceIp failed (request 198.51.100.7, allowed 203.0.113.0/24).");
  });

  it("says the request lacked the key when it did", () => {
    assert.equal(words({ action: "s3:ListBucket", resource: "arn:aws:s3:::reports" }),
      "Denied: no statement allows s3:ListBucket on arn:aws:s3:::reports — closest was statement 4, whose StringLike condition on s3:prefix failed (the request has no s3:prefix; allowed public/*).");
  });

  it("a statement for the action but another resource is the next closest", () => {
    assert.equal(words({ action: "s3:PutObject", resource: "arn:aws:s3:::other/x" }),
      "Denied: no statement allows s3:PutObject on arn:aws:s3:::other/x — closest was OnlyFromOffice, which allows this action on other resources.");
  });

  it("no statement names the action at all", () => {
    assert.equal(words({ action: "iam:CreateUser", resource: "arn:aws:iam::000000000000:user/bob" }),
      "Denied: no statement allows iam:CreateUser on arn:aws:iam::000000000000:user/bob.");
  });

  it("allowed and explicit deny name the deciding statement and policy", () => {
    assert.equal(words({ action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" }),
      "Allowed: Reports in identity policy uploads allows s3:GetObject on arn:aws:s3:::reports/q1.csv.");
    assert.equal(words({ action: "s3:GetObject", resource: "arn:aws:s3:::reports/secret/k" }),
      "Denied: NoSecrets in identity policy uploads explicitly denies s3:GetObject on arn:aws:s3:::reports/secret/k.");
  });

  it("a permissions boundary that allows nothing names the boundary", () => {
    const around = {
      principalArn: "arn:aws:iam::000000000000:user/alice",
      identity: [compilePolicy(office, { kind: "identity", name: "uploads", arn: "arn:aws:iam::000000000000:policy/uploads" })],
      boundary: compilePolicy('{"Version":"2012-10-17","Statement":[{"Sid":"IamOnly","Effect":"Allow","Action":"iam:*","Resource":"*"}]}', { kind: "boundary", name: "iam-only", arn: "arn:aws:iam::000000000000:policy/iam-only" }),
    };
    const e = simulatePrincipal({ action: "s3:GetObject", resource: "arn:aws:s3:::reports/q1.csv" }, around).explanation;
    assert.equal(verdictSentence(e), "Denied: the permissions boundary iam-only allows no s3:GetObject on arn:aws:s3:::reports/q1.csv.");
  });
});
