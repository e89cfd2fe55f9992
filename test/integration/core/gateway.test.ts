// The gateway over real HTTP: admin endpoints, routing, unsigned curl forms, bad input, request ids.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { sendRaw } from "../../support/http.js";

const emu = useEmulator();

const send = (method: string, path: string, body = "", headers: Record<string, string> = {}) => sendRaw(emu.endpoint, method, path, headers, body);

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("admin endpoints", () => {
  it("GET /_emulator/health describes the emulator", async () => {
    const res = await send("GET", "/_emulator/health");
    assert.equal(res.status, 200);
    const health = JSON.parse(res.body);
    assert.equal(health.status, "ok");
    assert.deepEqual(health.services, ["iam", "sts", "cognito-idp", "cognito-identity", "access-analyzer"]);
    assert.equal(health.mode, "none");
    assert.equal(health.accountId, "000000000000");
    assert.equal(health.persistence.kind, "file");
  });

  it("unknown /_emulator path answers 404 naming the known ones", async () => {
    const res = await send("GET", "/_emulator/nope");
    assert.equal(res.status, 404);
    const { error } = JSON.parse(res.body);
    assert.equal(error.code, "UnknownEndpoint");
    assert.match(error.message, /GET \/_emulator\/health/);
  });

  it("POST /_emulator/reset clears state", async () => {
    await send("POST", "/", "Action=CreateUser&Version=2010-05-08&UserName=resetme", FORM);
    assert.equal((await send("POST", "/", "Action=GetUser&Version=2010-05-08&UserName=resetme", FORM)).status, 200);
    assert.equal((await send("POST", "/_emulator/reset")).status, 200);
    const after = await send("POST", "/", "Action=GetUser&Version=2010-05-08&UserName=resetme", FORM);
    assert.equal(after.status, 404);
    assert.match(after.body, /<Code>NoSuchEntity<\/Code>/);
  });
});

describe("the Date header", () => {
  it("says the emulator's clock on AWS answers, its own endpoints and refusals, and follows the clock when a test moves it", async () => {
    const dateOf = (res: { headers: Record<string, string | string[] | undefined> }) => Date.parse(String(res.headers["date"]));
    try {
      const moved = await send("POST", "/_emulator/clock", JSON.stringify({ offsetSeconds: 86_400 * 400 }));
      assert.equal(moved.status, 200);
      const now = Date.parse(JSON.parse(moved.body).now);
      const answers = [
        await send("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", FORM),
        await send("GET", "/_emulator/health"),
        await send("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", { ...FORM, origin: "https://evil.example" }),
      ];
      assert.deepEqual(answers.map((a) => a.status), [200, 200, 403]);
      for (const a of answers) {
        assert.match(String(a.headers["date"]), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
        // A year and more ahead of the host's time, to the second the clock says.
        assert.ok(Math.abs(dateOf(a) - now) < 5_000, `${a.headers["date"]} vs ${new Date(now).toUTCString()}`);
      }
    } finally {
      await send("POST", "/_emulator/clock", JSON.stringify({ offsetSeconds: 0 }));
    }
  });
});

describe("unsigned curl forms (mode none)", () => {
  it("POST /?Action=GetCallerIdentity&Version=2011-06-15 answers the root identity in STS XML", async () => {
    const res = await send("POST", "/?Action=GetCallerIdentity&Version=2011-06-15");
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "text/xml");
    assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/">/);
    assert.match(res.body, /<Arn>arn:aws:iam::000000000000:root<\/Arn>/);
    assert.match(res.body, /<Account>000000000000<\/Account>/);
    const id = res.headers["x-amzn-requestid"] as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.match(res.body, new RegExp(`<RequestId>${id}</RequestId>`));
  });

  it("a form body works the same", async () => {
    const res = await send("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", FORM);
    assert.equal(res.status, 200);
    assert.match(res.body, /<GetCallerIdentityResult>/);
  });
});

describe("bad input", () => {
  it("unknown action → InvalidAction 400", async () => {
    const res = await send("POST", "/", "Action=FlyToTheMoon&Version=2010-05-08", FORM);
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>InvalidAction<\/Code>/);
    assert.match(res.body, /<Message>Could not find operation FlyToTheMoon for version 2010-05-08<\/Message>/);
    assert.match(res.body, /<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/">/);
  });

  it("an object's own property names are no operations: __proto__ and constructor are unknown, not a 500", async () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      const query = await send("POST", "/", `Action=${name}`, FORM);
      assert.equal(query.status, 400, name);
      assert.match(query.body, new RegExp(`<Code>InvalidAction</Code><Message>Could not find operation ${name} for version NO_VERSION_SPECIFIED</Message>`));
      const json = await send("POST", "/", "{}", { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${name}` });
      assert.equal(json.status, 400, name);
      assert.deepEqual(JSON.parse(json.body), { __type: "UnknownOperationException", message: `Unknown operation ${name}.` });
      const call = await send("POST", "/_emulator/call", JSON.stringify({ service: "iam", operation: name, input: {} }), { "content-type": "application/json" });
      assert.equal(call.status, 400, name);
      assert.deepEqual(JSON.parse(call.body), { error: { code: "InvalidAction", message: `${name} is not an operation of iam.` } });
    }
  });

  it("no Action → MissingAction 400", async () => {
    const res = await send("POST", "/", "Version=2010-05-08", FORM);
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>MissingAction<\/Code>/);
  });

  it("an operation in the model but not implemented → NotImplemented 501 naming it", async () => {
    // AWS Organizations features are outside an IAM emulator's reach (see the README's coverage table).
    const res = await send("POST", "/", "Action=ListOrganizationsFeatures&Version=2010-05-08", FORM);
    assert.equal(res.status, 501);
    assert.match(res.body, /<Code>NotImplemented<\/Code>/);
    assert.match(res.body, /ListOrganizationsFeatures is not implemented by AWS Identity Emulator for iam; see the coverage table in the README\./);
  });

  it("a service we do not emulate → NotImplemented naming the served ones", async () => {
    const res = await send("POST", "/", "Action=ListBuckets", {
      ...FORM, authorization: "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00",
    });
    assert.equal(res.status, 501);
    assert.match(res.body, /The service &apos;s3&apos; is not emulated here|The service 's3' is not emulated here/);
    assert.match(res.body, /iam, sts, cognito-idp, cognito-identity and access-analyzer/);
  });

  it("an unknown JSON target → UnknownOperationException in JSON", async () => {
    const res = await send("POST", "/", "{}", { "content-type": "application/x-amz-json-1.1", "x-amz-target": "DynamoDB_20120810.ListTables" });
    assert.equal(res.status, 400);
    assert.equal(res.headers["content-type"], "application/x-amz-json-1.1");
    assert.equal(JSON.parse(res.body).__type, "UnknownOperationException");
  });

  it("malformed JSON body → SerializationException", async () => {
    const res = await send("POST", "/", "{not json", { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.DescribeUserPool" });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.body).__type, "SerializationException");
  });

  it("wrong content type for the Query protocol → InvalidParameterValue", async () => {
    const res = await send("POST", "/?Action=ListUsers&Version=2010-05-08", '{"a":1}', { "content-type": "application/json" });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>InvalidParameterValue<\/Code>/);
  });

  it("a body over the limit → 413 RequestEntityTooLarge, and the server keeps serving", async () => {
    const res = await send("POST", "/", "Action=ListUsers&x=" + "a".repeat(5 * 1024 * 1024), FORM);
    assert.equal(res.status, 413);
    assert.match(res.body, /<Code>RequestEntityTooLarge<\/Code>/);
    assert.equal((await send("GET", "/_emulator/health")).status, 200);
  });

  it("constraint violations → ValidationError with AWS's wording", async () => {
    const res = await send("POST", "/", `Action=CreateUser&Version=2010-05-08&UserName=${"x".repeat(65)}`, FORM);
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>ValidationError<\/Code>/);
    assert.match(res.body, /1 validation error detected: Value &apos;x{65}&apos; at &apos;userName&apos; failed to satisfy constraint: Member must have length less than or equal to 64|1 validation error detected: Value 'x{65}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64/);
  });

  it("a non-integer MaxItems → ValidationError, not a crash", async () => {
    const res = await send("POST", "/", "Action=ListUsers&Version=2010-05-08&MaxItems=lots", FORM);
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>ValidationError<\/Code>/);
  });

  it("malformed HTTP gets 400 and the server keeps serving", async () => {
    const { connect } = await import("node:net");
    const url = new URL(emu.endpoint);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write("BLAH / HTTP/9.9\r\n\r\n"));
      let text = "";
      socket.on("data", (d) => { text += d; });
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
    });
    assert.match(reply, /^HTTP\/1.1 400/);
    assert.equal((await send("GET", "/_emulator/health")).status, 200);
  });
});

describe("mode none takes the Authorization headers that documentation examples send", () => {
  // Exactly as the examples print them: curl with a header that names only a credential scope, or a fake signature.
  const curl = (...args: string[]) => {
    const out = spawnSync("curl", ["-s", "-w", "\n%{http_code}", ...args], { encoding: "utf8" });
    const nl = out.stdout.lastIndexOf("\n");
    return { body: out.stdout.slice(0, nl), status: Number(out.stdout.slice(nl + 1)) };
  };

  it("a header naming only a credential scope is a request as the account root", () => {
    const res = curl("-X", "POST", `${emu.endpoint}/`,
      "-H", "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request",
      "-d", "Action=CreateUser&UserName=alice-from-docs&Version=2010-05-08");
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /<Arn>arn:aws:iam::000000000000:user\/alice-from-docs<\/Arn>/);
  });

  it("Signature=fake is a request as the account root", () => {
    const res = curl("-X", "POST", `${emu.endpoint}/`,
      "-H", "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=fake",
      "-d", "Action=GetCallerIdentity&Version=2011-06-15");
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /<Arn>arn:aws:iam::000000000000:root<\/Arn>/);
  });

  it("a JSON call with a fake signature is served too", () => {
    const res = curl("-X", "POST", `${emu.endpoint}/`,
      "-H", "Content-Type: application/x-amz-json-1.1", "-H", "X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools",
      "-H", "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=fake",
      "-d", '{"MaxResults": 10}');
    assert.equal(res.status, 200, res.body);
    assert.ok(Array.isArray(JSON.parse(res.body).UserPools));
  });

  it("a scope naming an access key of a user acts as that user", async () => {
    await send("POST", "/", "Action=CreateUser&Version=2010-05-08&UserName=doc-user", FORM);
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec((await send("POST", "/", "Action=CreateAccessKey&Version=2010-05-08&UserName=doc-user", FORM)).body)![1];
    const res = curl("-X", "POST", `${emu.endpoint}/`,
      "-H", `Authorization: AWS4-HMAC-SHA256 Credential=${key}/20240101/us-east-1/sts/aws4_request`,
      "-d", "Action=GetCallerIdentity&Version=2011-06-15");
    assert.match(res.body, /<Arn>arn:aws:iam::000000000000:user\/doc-user<\/Arn>/);
  });
});

describe("SDK v3", () => {
  it("GetCallerIdentity with the default test/test credentials", async () => {
    const sts = new STSClient(emu.clientConfig);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, "arn:aws:iam::000000000000:root");
    assert.equal(out.Account, "000000000000");
    assert.equal(out.UserId, "000000000000");
    assert.match(out.$metadata.requestId!, /^[0-9a-f-]{36}$/);
  });

  it("a 12-digit access key id acts as that account's root", async () => {
    const sts = new STSClient({ ...emu.clientConfig, credentials: { accessKeyId: "111122223333", secretAccessKey: "test" } });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, "arn:aws:iam::111122223333:root");
  });
});
