// SigV4 verification against the SDK's own signer (@smithy/signature-v4), and against what the real SDK
// clients put on the wire, with AWS's error codes, statuses and messages for every way a request fails.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest, buildQueryString } from "@smithy/core/protocols";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { checkSigV4Time, parseSigV4, verifySigV4, type SignedRequest, type SigV4Credential } from "../../../src/auth/sigv4.js";
import { AwsError } from "../../../src/protocol/errors.js";

const NOW = new Date("2026-11-29T08:30:00Z");
const KEY = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example/token==";
const MISMATCH = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

interface RequestInit {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
}

function signer(service: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY) {
  return new SignatureV4({ service, region: "us-east-1", credentials, sha256: Sha256 });
}

function httpRequest(init: RequestInit): HttpRequest {
  return new HttpRequest({
    protocol: "http:", hostname: "localhost", port: 4566,
    method: init.method ?? "POST", path: init.path ?? "/", query: init.query ?? {},
    headers: { host: "localhost:4566", ...init.headers },
    ...(init.body !== undefined && { body: init.body }),
  });
}

/** The request as node's http server would hand it over: lower-case header names, raw query, body bytes. */
function onTheWire(req: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  return {
    method: req.method, path: req.path,
    rawQuery: buildQueryString((req.query ?? {}) as Record<string, string | string[]>),
    headers, body: Buffer.from(typeof req.body === "string" ? req.body : ""),
  };
}

async function signed(service: string, init: RequestInit, credentials = KEY as Parameters<typeof signer>[1]): Promise<SignedRequest> {
  return onTheWire(await signer(service, credentials).sign(httpRequest(init), { signingDate: NOW }) as HttpRequest);
}

async function presigned(service: string, init: RequestInit, expiresIn: number, credentials = KEY as Parameters<typeof signer>[1]): Promise<SignedRequest> {
  return onTheWire(await signer(service, credentials).presign(httpRequest(init), { signingDate: NOW, expiresIn }));
}

const stsForm = (): RequestInit => ({
  headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  body: "Action=GetCallerIdentity&Version=2011-06-15",
});

const cognitoJson = (): RequestInit => ({
  headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools" },
  body: JSON.stringify({ MaxResults: 10 }),
});

function minutes(n: number): Date {
  return new Date(NOW.getTime() + n * 60_000);
}

/** Parses and verifies with `secret` at `now`; returns the credential. */
function verified(req: SignedRequest, secret = KEY.secretAccessKey, now = NOW): SigV4Credential {
  const cred = parseSigV4(req);
  assert.ok(cred, "the request carries SigV4");
  verifySigV4(req, cred, secret, now);
  return cred;
}

function awsError(code: string, status: number, message: string) {
  return (err: unknown) => {
    assert.ok(err instanceof AwsError, `expected an AwsError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    assert.equal(err.message, message);
    return true;
  };
}

function withHeader(req: SignedRequest, name: string, value: string | undefined): SignedRequest {
  const headers = { ...req.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...req, headers };
}

describe("SigV4 requests signed by @smithy/signature-v4 verify", () => {
  it("a POST form body, IAM/STS style, and the credential's parts are read from the header", async () => {
    const req = await signed("sts", stsForm());
    assert.deepEqual(verified(req), {
      accessKeyId: KEY.accessKeyId, date: "20261129", region: "us-east-1", service: "sts",
      signedHeaders: ["content-type", "host", "x-amz-content-sha256", "x-amz-date"],
      signature: /Signature=([0-9a-f]{64})$/.exec(req.headers["authorization"] as string)![1],
      amzDate: "20261129T083000Z", presigned: false,
    });
  });

  it("a JSON 1.1 body with X-Amz-Target (cognito-idp)", async () => {
    const cred = verified(await signed("cognito-idp", cognitoJson()));
    assert.equal(cred.service, "cognito-idp");
    assert.deepEqual(cred.signedHeaders, ["content-type", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-target"]);
  });

  it("a GET whose query has spaces, '~', '*', unicode and repeated keys", async () => {
    const req = await signed("iam", {
      method: "GET",
      query: { Action: "ListUsers", "Path Prefix": "/dev team/~*!'()", "ü": "ñ 😀", Marker: ["b", "a", "a c"] },
    });
    assert.equal(req.rawQuery, "Action=ListUsers&Marker=b&Marker=a&Marker=a%20c&Path%20Prefix=%2Fdev%20team%2F~%2A%21%27%28%29&%C3%BC=%C3%B1%20%F0%9F%98%80");
    verified(req);
  });

  it("the same query in any order, with lower-case escapes, '+' for space and '~' escaped", async () => {
    const req = await signed("iam", { method: "GET", query: { Action: "ListUsers", "Path Prefix": "/a b~", x: ["2", "1"] } });
    verified({ ...req, rawQuery: "x=1&Path+Prefix=%2fa+b%7E&x=2&Action=ListUsers" });
  });

  it("a path whose segments need encoding twice, with dot segments, as SDK v3 signs non-S3 paths", async () => {
    verified(await signed("cognito-idp", { ...cognitoJson(), path: "/a%20b/./c/../d*e/" }));
  });

  it("a body with multi-byte characters and header values that need trimming", async () => {
    const req = await signed("iam", {
      headers: { "content-type": "application/x-www-form-urlencoded", "x-amz-meta-note": "  two  spaces\tand tab  " },
      body: "Action=CreateUser&UserName=J%C3%BCrgen&Path=%2F%C3%A9quipe%2F&Version=2010-05-08",
    });
    // node trims header values; the canonical value is the same either way.
    verified(withHeader(req, "x-amz-meta-note", "two  spaces\tand tab"));
  });

  it("repeated header values are joined by ','", async () => {
    const req = await signed("sts", { ...stsForm(), headers: { ...stsForm().headers, "x-amz-meta-list": "a,b" } });
    verified({ ...req, headers: { ...req.headers, "x-amz-meta-list": ["a", " b "] } });
  });

  it("temporary credentials: the X-Amz-Security-Token header is signed and reported", async () => {
    const req = await signed("sts", stsForm(), { ...KEY, sessionToken: TOKEN });
    const cred = verified(req);
    assert.equal(cred.sessionToken, TOKEN);
    assert.ok(cred.signedHeaders.includes("x-amz-security-token"));
  });

  it("a request at the edge of the 15-minute window either side still verifies", async () => {
    const req = await signed("sts", stsForm());
    verified(req, KEY.secretAccessKey, minutes(15));
    verified(req, KEY.secretAccessKey, minutes(-15));
  });

  it("a Date header stands in for X-Amz-Date, in the string to sign's form", async () => {
    const req = await signed("sts", stsForm());
    const dated = withHeader(withHeader(req, "x-amz-date", undefined), "date", "Sun, 29 Nov 2026 08:30:00 GMT");
    // Signed with the date under its other name: the canonical header list names `date`.
    const auth = (req.headers["authorization"] as string).replace("x-amz-date", "date");
    const cred = parseSigV4(withHeader(dated, "authorization", auth));
    assert.equal(cred?.amzDate, "20261129T083000Z");
  });

  it("signing keys are cached per secret, date, region and service without mixing them up", async () => {
    // More secrets than the cache holds, twice over: evicted keys are derived again, correctly.
    const secrets = Array.from({ length: 300 }, (_, i) => `secret-${i}-${"x".repeat(30)}`);
    const reqs = await Promise.all(secrets.map((s) => signed("sts", stsForm(), { accessKeyId: KEY.accessKeyId, secretAccessKey: s })));
    for (let round = 0; round < 2; round++) {
      reqs.forEach((req, i) => verified(req, secrets[i]));
    }
    assert.throws(() => verified(reqs[0]!, secrets[1]), awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });
});

describe("presigned URLs", () => {
  const getCallerIdentity = (): RequestInit => ({ method: "GET", query: { Action: "GetCallerIdentity", Version: "2011-06-15" } });

  it("a valid one verifies, and its parts come from the query", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    const cred = verified(req, KEY.secretAccessKey, minutes(14));
    assert.equal(cred.presigned, true);
    assert.equal(cred.expiresSeconds, 900);
    assert.equal(cred.amzDate, "20261129T083000Z");
    assert.deepEqual(cred.signedHeaders, ["host"]);
    assert.equal(cred.sessionToken, undefined);
  });

  it("one made with temporary credentials carries X-Amz-Security-Token", async () => {
    const req = await presigned("sts", getCallerIdentity(), 60, { ...KEY, sessionToken: TOKEN });
    assert.equal(verified(req).sessionToken, TOKEN);
  });

  it("one with a week of life is accepted until the week is over", async () => {
    const req = await presigned("sts", getCallerIdentity(), 604800);
    verified(req, KEY.secretAccessKey, minutes(7 * 24 * 60));
    assert.throws(() => verified(req, KEY.secretAccessKey, minutes(7 * 24 * 60 + 1)),
      awsError("RequestExpired", 400, "Request has expired."));
  });

  it("an UNSIGNED-PAYLOAD presign verifies without a body, whether or not the URL says so", async () => {
    const s = signer("sts");
    const init = httpRequest({ method: "GET", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    // Stated in a signed header.
    const stated = await s.presign(init, { signingDate: NOW, expiresIn: 300, unhoistableHeaders: new Set(["x-amz-content-sha256"]) });
    verified(onTheWire(stated));
    // Not stated anywhere on the wire (botocore and S3 presigners sign UNSIGNED-PAYLOAD without sending it).
    const unstated = await s.presign(init, { signingDate: NOW, expiresIn: 300, unsignableHeaders: new Set(["x-amz-content-sha256"]),
      unhoistableHeaders: new Set(["x-amz-content-sha256"]) });
    verified(withHeader(onTheWire(unstated), "x-amz-content-sha256", undefined));
  });

  it("an UNSIGNED-PAYLOAD presign with a body verifies only where the service allows it (S3): elsewhere the body is unsigned", async () => {
    const s = signer("sts");
    const init = httpRequest({ method: "PUT", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    const stated = await s.presign(init, { signingDate: NOW, expiresIn: 300, unhoistableHeaders: new Set(["x-amz-content-sha256"]) });
    const withBody = { ...onTheWire(stated), body: Buffer.from("Action=CreateUser&UserName=mallory") };
    assert.throws(() => verified(withBody), awsError("SignatureDoesNotMatch", 403, MISMATCH));
    verifySigV4(withBody, parseSigV4(withBody)!, KEY.secretAccessKey, NOW, true);
  });

  it("an expired one answers RequestExpired", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    assert.throws(() => verified(req, KEY.secretAccessKey, new Date(NOW.getTime() + 901_000)),
      awsError("RequestExpired", 400, "Request has expired."));
  });

  it("one dated more than 15 minutes ahead is not yet current", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    assert.throws(() => verified(req, KEY.secretAccessKey, minutes(-16)),
      awsError("SignatureDoesNotMatch", 403,
        "Signature not yet current: 20261129T083000Z is still later than 20261129T082900Z (20261129T081400Z + 15 min.)"));
  });

  it("a tampered query parameter does not match", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    const tampered = { ...req, rawQuery: req.rawQuery.replace("Action=GetCallerIdentity", "Action=GetSessionToken") };
    assert.throws(() => verified(tampered), awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("missing parameters are each named", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    const without = (...names: string[]) => ({
      ...req, rawQuery: req.rawQuery.split("&").filter((p) => !names.includes(p.split("=")[0]!)).join("&"),
    });
    assert.throws(() => parseSigV4(without("X-Amz-Signature")), awsError("IncompleteSignature", 400,
      "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters."));
    assert.throws(() => parseSigV4(without("X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Date")),
      awsError("IncompleteSignature", 400,
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."));
  });

  it("an X-Amz-Expires over a week, or not a number, is refused", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    assert.throws(() => parseSigV4({ ...req, rawQuery: req.rawQuery.replace("X-Amz-Expires=900", "X-Amz-Expires=604801") }),
      awsError("IncompleteSignature", 400, "X-Amz-Expires must be less than a week (in seconds) that is; 604800"));
    assert.throws(() => parseSigV4({ ...req, rawQuery: req.rawQuery.replace("X-Amz-Expires=900", "X-Amz-Expires=-1") }),
      awsError("IncompleteSignature", 400, "X-Amz-Expires should be a number"));
  });

  it("an algorithm other than AWS4-HMAC-SHA256 is no authentication at all", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    assert.throws(() => parseSigV4({ ...req, rawQuery: req.rawQuery.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1") }),
      awsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"));
  });

  it("a presigned query and an Authorization header at once are refused", async () => {
    const req = await presigned("sts", getCallerIdentity(), 900);
    const header = (await signed("sts", stsForm())).headers["authorization"] as string;
    assert.throws(() => parseSigV4(withHeader(req, "authorization", header)), awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });
});

describe("requests that do not verify", () => {
  it("a clock more than 15 minutes behind the request's: Signature expired", async () => {
    const req = await signed("sts", stsForm());
    const late = new Date(NOW.getTime() + 15 * 60_000 + 1000);
    assert.throws(() => verified(req, KEY.secretAccessKey, late), awsError("SignatureDoesNotMatch", 403,
      "Signature expired: 20261129T083000Z is now earlier than 20261129T083001Z (20261129T084501Z - 15 min.)"));
  });

  it("a request dated more than 15 minutes ahead: Signature not yet current", async () => {
    const req = await signed("cognito-idp", cognitoJson());
    assert.throws(() => verified(req, KEY.secretAccessKey, minutes(-20)), awsError("SignatureDoesNotMatch", 403,
      "Signature not yet current: 20261129T083000Z is still later than 20261129T082500Z (20261129T081000Z + 15 min.)"));
  });

  it("checkSigV4Time alone answers the same, before any key is known", async () => {
    const cred = parseSigV4(await signed("sts", stsForm()))!;
    assert.throws(() => checkSigV4Time(cred, minutes(16)), awsError("SignatureDoesNotMatch", 403,
      "Signature expired: 20261129T083000Z is now earlier than 20261129T083100Z (20261129T084600Z - 15 min.)"));
    checkSigV4Time(cred, minutes(1));
  });

  it("a tampered body", async () => {
    const req = await signed("sts", stsForm());
    assert.throws(() => verified({ ...req, body: Buffer.from("Action=GetSessionToken&Version=2011-06-15") }),
      awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("a tampered signed header", async () => {
    const req = await signed("cognito-idp", cognitoJson());
    assert.throws(() => verified(withHeader(req, "x-amz-target", "AWSCognitoIdentityProviderService.DeleteUserPool")),
      awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("a tampered query, path or method", async () => {
    const req = await signed("iam", { method: "GET", query: { Action: "ListUsers", MaxItems: "5" } });
    for (const tampered of [
      { ...req, rawQuery: req.rawQuery.replace("MaxItems=5", "MaxItems=6") },
      { ...req, rawQuery: req.rawQuery + "&Extra=1" },
      { ...req, path: "/other" },
      { ...req, method: "POST" },
    ]) {
      assert.throws(() => verified(tampered), awsError("SignatureDoesNotMatch", 403, MISMATCH));
    }
  });

  it("an unsigned header may change; a header added after signing is not signed and does not matter", async () => {
    const req = await signed("sts", stsForm());
    verified(withHeader(withHeader(req, "user-agent", "changed/1.0"), "x-forwarded-for", "10.0.0.1"));
  });

  it("a wrong secret", async () => {
    const req = await signed("sts", stsForm());
    assert.throws(() => verified(req, "not-the-secret"), awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("a signature in upper case is not the signature", async () => {
    const req = await signed("sts", stsForm());
    const auth = (req.headers["authorization"] as string).replace(/Signature=([0-9a-f]+)$/, (_, s: string) => `Signature=${s.toUpperCase()}`);
    assert.throws(() => verified(withHeader(req, "authorization", auth)), awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("a body stating UNSIGNED-PAYLOAD that was signed with its hash", async () => {
    const req = await signed("sts", stsForm());
    assert.throws(() => verified(withHeader(req, "x-amz-content-sha256", "UNSIGNED-PAYLOAD")),
      awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("a header-signed UNSIGNED-PAYLOAD request: the body's own hash is what AWS checks, so another body cannot ride on it", async () => {
    // A GetCallerIdentity signature, its body swapped for CreateUser.
    const req = await signed("sts", { ...stsForm(), headers: { ...stsForm().headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    assert.throws(() => verified(req), awsError("SignatureDoesNotMatch", 403, MISMATCH));
    assert.throws(() => verified({ ...req, body: Buffer.from("Action=CreateUser&Version=2010-05-08&UserName=mallory") }),
      awsError("SignatureDoesNotMatch", 403, MISMATCH));
    // Where the service allows unsigned payloads (S3), the signature stands without the body.
    verifySigV4({ ...req, body: Buffer.from("anything") }, parseSigV4(req)!, KEY.secretAccessKey, NOW, true);
  });

  it("Host not among the signed headers", async () => {
    const req = await signed("sts", stsForm(), KEY);
    const auth = (req.headers["authorization"] as string).replace("host;", "");
    assert.throws(() => verified(withHeader(req, "authorization", auth)),
      awsError("SignatureDoesNotMatch", 403, "'Host' must be a 'SignedHeader' in the AWS Authorization."));
  });
});

describe("malformed SigV4", () => {
  const auth = (parts: string) => `AWS4-HMAC-SHA256 ${parts}`;
  const CREDENTIAL = `Credential=${KEY.accessKeyId}/20261129/us-east-1/sts/aws4_request`;
  const SIGNED = "SignedHeaders=host;x-amz-date";
  const SIGNATURE = `Signature=${"0".repeat(64)}`;
  const base = (authorization: string, headers: Record<string, string> = { "x-amz-date": "20261129T083000Z" }): SignedRequest => ({
    method: "POST", path: "/", rawQuery: "", body: Buffer.alloc(0),
    headers: { host: "localhost:4566", authorization, ...headers },
  });

  it("no SigV4 at all is not an error: parse answers undefined", () => {
    assert.equal(parseSigV4({ method: "POST", path: "/", rawQuery: "Action=GetCallerIdentity&Version=2011-06-15", headers: { host: "h" }, body: Buffer.alloc(0) }), undefined);
    assert.equal(parseSigV4({ method: "GET", path: "/", rawQuery: "", headers: {}, body: Buffer.alloc(0) }), undefined);
  });

  it("missing SignedHeaders", () => {
    const value = auth(`${CREDENTIAL}, ${SIGNATURE}`);
    assert.throws(() => parseSigV4(base(value)), awsError("IncompleteSignature", 400,
      `Authorization header requires 'SignedHeaders' parameter. Authorization=${value}`));
  });

  it("missing Credential", () => {
    const value = auth(`${SIGNED}, ${SIGNATURE}`);
    assert.throws(() => parseSigV4(base(value)), awsError("IncompleteSignature", 400,
      `Authorization header requires 'Credential' parameter. Authorization=${value}`));
  });

  it("missing Signature", () => {
    const value = auth(`${CREDENTIAL}, ${SIGNED}`);
    assert.throws(() => parseSigV4(base(value)), awsError("IncompleteSignature", 400,
      `Authorization header requires 'Signature' parameter. Authorization=${value}`));
  });

  it("everything missing, the date too: every requirement named, in AWS's order", () => {
    const value = "AWS4-HMAC-SHA256";
    assert.throws(() => parseSigV4(base(value, {})), awsError("IncompleteSignature", 400,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
      "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"));
  });

  it("a parameter without '='", () => {
    const value = auth(`${CREDENTIAL}, SignedHeaders, ${SIGNATURE}`);
    assert.throws(() => parseSigV4(base(value)), awsError("IncompleteSignature", 400,
      `'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`));
  });

  it("an unknown AWS4 algorithm", () => {
    assert.throws(() => parseSigV4(base(`AWS4-HMAC-SHA512 ${CREDENTIAL}, ${SIGNED}, ${SIGNATURE}`)),
      awsError("IncompleteSignature", 400, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "));
  });

  it("an Authorization header that is not SigV4 at all (Bearer, Basic, SigV2)", () => {
    for (const value of ["Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "Basic dGVzdDp0ZXN0", `AWS ${KEY.accessKeyId}:c2lnbmF0dXJl`]) {
      assert.throws(() => parseSigV4(base(value)),
        awsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"));
    }
  });

  it("a date not in ISO-8601 basic format", () => {
    assert.throws(() => parseSigV4(base(auth(`${CREDENTIAL}, ${SIGNED}, ${SIGNATURE}`), { "x-amz-date": "2026-11-29T08:30:00Z" })),
      awsError("IncompleteSignature", 400,
        "Date must be in ISO-8601 'basic format'. Got '2026-11-29T08:30:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"));
    assert.throws(() => parseSigV4(base(auth(`${CREDENTIAL}, ${SIGNED}, ${SIGNATURE}`), { "x-amz-date": "20260230T083000Z" })),
      awsError("IncompleteSignature", 400,
        "Date must be in ISO-8601 'basic format'. Got '20260230T083000Z'. See http://en.wikipedia.org/wiki/ISO_8601"));
  });

  it("a credential without five parts", () => {
    assert.throws(() => parseSigV4(base(auth(`Credential=${KEY.accessKeyId}/20261129/us-east-1/sts, ${SIGNED}, ${SIGNATURE}`))),
      awsError("IncompleteSignature", 400,
        `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${KEY.accessKeyId}/20261129/us-east-1/sts'`));
  });

  it("trailing slashes in the credential are ignored", () => {
    const cred = parseSigV4(base(auth(`${CREDENTIAL}//, ${SIGNED}, ${SIGNATURE}`)));
    assert.equal(cred?.service, "sts");
  });

  it("a scope with the wrong terminator and a date that is not the request's", () => {
    assert.throws(() => parseSigV4(base(auth(`Credential=${KEY.accessKeyId}/20261128/us-east-1/sts/aws5_request, ${SIGNED}, ${SIGNATURE}`))),
      awsError("SignatureDoesNotMatch", 403,
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261128' != '20261129', from '20261129T083000Z'."));
  });
});

// What the SDK clients themselves send (all their middleware: content-length, user agent, invocation ids,
// retries' headers), captured by a real node http server, verifies.
describe("requests from the real SDK clients, as node's http server receives them", () => {
  let server: Server;
  let endpoint = "";
  const captured: { req: SignedRequest; at: Date }[] = [];
  const responses: Record<string, { type: string; body: string }> = {
    sts: {
      type: "text/xml",
      body: '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        "<Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId><Account>000000000000</Account>" +
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
    },
    iam: {
      type: "text/xml",
      body: '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users/>' +
        "<IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListUsersResponse>",
    },
    "cognito-idp": { type: "application/x-amz-json-1.1", body: '{"UserPools":[]}' },
  };

  before(async () => {
    server = createServer((msg: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      msg.on("data", (c: Buffer) => chunks.push(c));
      msg.on("end", () => {
        const url = msg.url ?? "/";
        const q = url.indexOf("?");
        const req: SignedRequest = {
          method: msg.method ?? "GET", path: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? "" : url.slice(q + 1),
          headers: msg.headers, body: Buffer.concat(chunks),
        };
        captured.push({ req, at: new Date() });
        const service = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(msg.headers.authorization))?.[1] ?? "sts";
        const reply = responses[service]!;
        res.writeHead(200, { "content-type": reply.type, "x-amzn-requestid": "r" }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const config = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY) =>
    ({ endpoint, region: "eu-west-1", credentials, maxAttempts: 1 });

  function lastVerified(secret = KEY.secretAccessKey): SigV4Credential {
    const { req, at } = captured.at(-1)!;
    const cred = parseSigV4(req);
    assert.ok(cred);
    verifySigV4(req, cred, secret, at);
    return cred;
  }

  it("STSClient GetCallerIdentity", async () => {
    const client = new STSClient(config());
    try {
      assert.equal((await client.send(new GetCallerIdentityCommand({}))).Account, "000000000000");
    } finally { client.destroy(); }
    const cred = lastVerified();
    assert.deepEqual([cred.service, cred.region, cred.accessKeyId], ["sts", "eu-west-1", KEY.accessKeyId]);
    assert.throws(() => lastVerified("wrong"), awsError("SignatureDoesNotMatch", 403, MISMATCH));
  });

  it("STSClient with a session token", async () => {
    const client = new STSClient(config({ ...KEY, sessionToken: TOKEN }));
    try { await client.send(new GetCallerIdentityCommand({})); } finally { client.destroy(); }
    assert.equal(lastVerified().sessionToken, TOKEN);
  });

  it("IAMClient ListUsers with a path prefix of spaces, '~', '*' and unicode", async () => {
    const client = new IAMClient(config());
    try { await client.send(new ListUsersCommand({ PathPrefix: "/dév team/~*/", MaxItems: 5 })); } finally { client.destroy(); }
    const { req } = captured.at(-1)!;
    assert.match(req.body.toString(), /PathPrefix=%2Fd%C3%A9v%20team%2F~%2A%2F/);
    assert.equal(lastVerified().service, "iam");
  });

  it("CognitoIdentityProviderClient ListUserPools (JSON 1.1)", async () => {
    const client = new CognitoIdentityProviderClient(config());
    try { await client.send(new ListUserPoolsCommand({ MaxResults: 10 })); } finally { client.destroy(); }
    const cred = lastVerified();
    assert.equal(cred.service, "cognito-idp");
    assert.ok(cred.signedHeaders.includes("x-amz-target"));
  });
});

// botocore (boto3, the AWS CLI) builds the canonical request its own way: it signs fewer headers, no
// x-amz-content-sha256, and sends spaces in the query as '+'. Signed here by botocore itself.
const BOTOCORE_SIGNER = String.raw`
import json
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

def wire(r):
    p = r.prepare()
    body = p.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    return {"method": p.method, "url": p.url, "headers": {k: v for k, v in p.headers.items()}, "body": body or ""}

plain = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
temporary = Credentials("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2Vj//token==")
out = {}
r = AWSRequest(method="POST", url="http://localhost:4566/", data="Action=GetCallerIdentity&Version=2011-06-15",
               headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(plain, "sts", "us-east-1").add_auth(r)
out["form"] = wire(r)
r = AWSRequest(method="POST", url="http://localhost:4566/", data='{"MaxResults": 10}',
               headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools"})
SigV4Auth(temporary, "cognito-idp", "us-east-1").add_auth(r)
out["json"] = wire(r)
r = AWSRequest(method="GET", url="http://localhost:4566/",
               params={"Action": "ListUsers", "Path Prefix": "/d\u00e9v team/~*!'()", "Version": "2010-05-08"})
SigV4Auth(plain, "iam", "us-east-1").add_auth(r)
out["query"] = wire(r)
r = AWSRequest(method="GET", url="http://localhost:4566/", params={"Action": "GetCallerIdentity", "Version": "2011-06-15"})
SigV4QueryAuth(temporary, "sts", "us-east-1", expires=900).add_auth(r)
out["presigned"] = wire(r)
print(json.dumps(out))
`;

describe("requests signed by botocore", () => {
  const run = spawnSync("python3", ["-c", BOTOCORE_SIGNER], { encoding: "utf8", timeout: 20_000 });
  const signedAt = new Date();
  const skip = run.status === 0 ? false : `python3 with botocore is not available: ${run.stderr || run.error}`;
  const requests = run.status === 0
    ? JSON.parse(run.stdout) as Record<string, { method: string; url: string; headers: Record<string, string>; body: string }>
    : {};

  function fromBotocore(name: string): SignedRequest {
    const r = requests[name]!;
    const url = new URL(r.url);
    const headers: Record<string, string> = { host: url.host };
    for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
    return { method: r.method, path: url.pathname, rawQuery: url.search.slice(1), headers, body: Buffer.from(r.body) };
  }

  it("a form POST (sts)", { skip }, () => {
    assert.deepEqual(verified(fromBotocore("form"), KEY.secretAccessKey, signedAt).signedHeaders, ["content-type", "host", "x-amz-date"]);
  });

  it("a JSON 1.1 POST with a session token (cognito-idp)", { skip }, () => {
    assert.equal(verified(fromBotocore("json"), KEY.secretAccessKey, signedAt).sessionToken, "IQoJb3JpZ2luX2Vj//token==");
  });

  it("a GET whose query carries spaces as '+', unicode and reserved characters (iam)", { skip }, () => {
    const req = fromBotocore("query");
    assert.match(req.rawQuery, /Path\+Prefix=%2Fd%C3%A9v\+team/);
    verified(req, KEY.secretAccessKey, signedAt);
  });

  it("a presigned URL with a session token (sts)", { skip }, () => {
    const cred = verified(fromBotocore("presigned"), KEY.secretAccessKey, signedAt);
    assert.deepEqual([cred.presigned, cred.expiresSeconds, cred.sessionToken], [true, 900, "IQoJb3JpZ2luX2Vj//token=="]);
  });
});
