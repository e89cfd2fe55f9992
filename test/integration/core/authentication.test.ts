// Mode `authenticate`: keys must exist and SigV4 must verify, answered with AWS's codes and messages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/core/protocols";
import { Sha256 } from "@aws-crypto/sha256-js";
import { STSClient, GetCallerIdentityCommand, STSServiceException } from "@aws-sdk/client-sts";
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { CognitoIdentityProviderClient, ListUserPoolsCommand, CognitoIdentityProviderServiceException } from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator({ args: ["--mode", "authenticate"] });

function sts(accessKeyId: string, secretAccessKey: string) {
  return new STSClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}


async function presign(expiresIn: number, signingDate?: Date): Promise<string> {
  const url = new URL(emu.endpoint);
  const signer = new SignatureV4({ service: "sts", region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, sha256: Sha256 });
  const req = await signer.presign({
    method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/",
    query: { Action: "GetCallerIdentity", Version: "2011-06-15" }, headers: { host: url.host },
  }, { expiresIn, signingDate });
  const query = new URLSearchParams(req.query as Record<string, string>).toString();
  return `${emu.endpoint}/?${query}`;
}

describe("mode authenticate", () => {
  it("the root credentials test/test verify", async () => {
    assert.equal((await sts("test", "test").send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::000000000000:root");
  });

  it("a wrong secret → SignatureDoesNotMatch 403", async () => {
    await assert.rejects(sts("test", "wrong").send(new GetCallerIdentityCommand({})), rejectsWith("SignatureDoesNotMatch", 403,
      /^The request signature we calculated does not match the signature you provided\./));
  });

  it("an unknown key → InvalidClientTokenId 403", async () => {
    await assert.rejects(sts("AKIAIDONOTEXIST00000", "x").send(new GetCallerIdentityCommand({})),
      rejectsWith("InvalidClientTokenId", 403, "The security token included in the request is invalid."));
  });

  it("an unsigned request → MissingAuthenticationToken 403", async () => {
    const res = await fetch(`${emu.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`, { method: "POST" });
    assert.equal(res.status, 403);
    const body = await res.text();
    assert.match(body, /<Code>MissingAuthenticationToken<\/Code>/);
  });

  it("a malformed Authorization header → IncompleteSignature 400", async () => {
    const res = await fetch(`${emu.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`, {
      method: "POST", headers: { authorization: "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request" },
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>IncompleteSignature<\/Code>/);
  });

  it("an IAM user's key authenticates; once Inactive it is refused", async () => {
    const iam = new IAMClient(emu.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: "signer" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "signer" }));
    const client = sts(AccessKey!.AccessKeyId!, AccessKey!.SecretAccessKey!);
    assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::000000000000:user/signer");
    await iam.send(new UpdateAccessKeyCommand({ UserName: "signer", AccessKeyId: AccessKey!.AccessKeyId!, Status: "Inactive" }));
    await assert.rejects(client.send(new GetCallerIdentityCommand({})), rejectsWith("InvalidClientTokenId", 403));
  });

  it("a presigned URL verifies", async () => {
    const res = await fetch(await presign(300));
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(await res.text(), /<Arn>arn:aws:iam::000000000000:root<\/Arn>/);
  });

  it("an expired presigned URL is refused", async () => {
    const res = await fetch(await presign(60, new Date(Date.now() - 3600_000)));
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Code>RequestExpired<\/Code>/);
  });

  it("JSON-protocol services name the same failures their way (Cognito)", async () => {
    const cognito = (accessKeyId: string, secretAccessKey: string) =>
      new CognitoIdentityProviderClient({ endpoint: emu.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
    await assert.rejects(cognito("test", "wrong").send(new ListUserPoolsCommand({ MaxResults: 10 })), (e: unknown) => {
      assert.ok(e instanceof CognitoIdentityProviderServiceException);
      assert.equal(e.name, "InvalidSignatureException");
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
    await assert.rejects(cognito("AKIAIDONOTEXIST00000", "x").send(new ListUserPoolsCommand({ MaxResults: 10 })), (e: unknown) => {
      assert.ok(e instanceof CognitoIdentityProviderServiceException);
      assert.equal(e.name, "UnrecognizedClientException");
      assert.equal(e.message, "The security token included in the request is invalid.");
      return true;
    });
  });

  it("GetAccessKeyLastUsed reports real use of a key", async () => {
    const iam = new IAMClient(emu.clientConfig);
    await iam.send(new CreateUserCommand({ UserName: "used" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "used" }));
    const before = await emu.admin("call", { method: "POST", body: JSON.stringify({ service: "iam", operation: "GetAccessKeyLastUsed", input: { AccessKeyId: AccessKey!.AccessKeyId } }) });
    const idle = await before.json() as { output?: { AccessKeyLastUsed: { ServiceName: string } } };
    if (idle.output) assert.equal(idle.output.AccessKeyLastUsed.ServiceName, "N/A");
    await sts(AccessKey!.AccessKeyId!, AccessKey!.SecretAccessKey!).send(new GetCallerIdentityCommand({}));
    const after = await emu.admin("call", { method: "POST", body: JSON.stringify({ service: "iam", operation: "GetAccessKeyLastUsed", input: { AccessKeyId: AccessKey!.AccessKeyId } }) });
    const used = await after.json() as { output?: { UserName: string; AccessKeyLastUsed: { ServiceName: string; Region: string; LastUsedDate: number } }; error?: { code: string } };
    assert.ok(used.output, JSON.stringify(used));
    assert.equal(used.output.UserName, "used");
    assert.equal(used.output.AccessKeyLastUsed.ServiceName, "sts");
    assert.equal(used.output.AccessKeyLastUsed.Region, "us-east-1");
    assert.ok(Math.abs(used.output.AccessKeyLastUsed.LastUsedDate * 1000 - Date.now()) < 60_000);
  });

  it("Cognito's unauthenticated operations need no signature", async () => {
    const res = await fetch(emu.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
      body: JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: "nosuchclient", AuthParameters: { USERNAME: "a", PASSWORD: "b" } }),
    });
    assert.notEqual(res.status, 403);
    assert.notEqual(JSON.parse(await res.text()).__type, "MissingAuthenticationTokenException");
  });
});

/** A request signed here, sent with fetch; `sendBody` replaces the body after signing. */
async function signedPost(init: {
  service: string; region?: string; body: string; headers?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; sendBody?: string;
}): Promise<{ status: number; text: string }> {
  const url = new URL(emu.endpoint);
  const signer = new SignatureV4({ service: init.service, region: init.region ?? "us-east-1", credentials: init.credentials ?? { accessKeyId: "test", secretAccessKey: "test" }, sha256: Sha256 });
  const req = await signer.sign(new HttpRequest({
    method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/",
    headers: { host: url.host, "content-type": "application/x-www-form-urlencoded", ...init.headers }, body: init.body,
  }));
  const { host: _host, ...headers } = req.headers;
  const res = await fetch(emu.endpoint, { method: "POST", headers, body: init.sendBody ?? init.body });
  return { status: res.status, text: await res.text() };
}

const code = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? JSON.parse(text).__type;
const unescapeXml = (text: string) => text.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const message = (text: string) => {
  const xml = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return xml !== undefined ? unescapeXml(xml) : JSON.parse(text).message;
};

describe("SigV4 as strict as AWS", () => {
  it("IAM is signed for its partition's region: any other region is refused", async () => {
    const res = await signedPost({ service: "iam", region: "eu-west-1", body: "Action=ListUsers&Version=2010-05-08" });
    assert.equal(res.status, 403);
    assert.equal(code(res.text), "SignatureDoesNotMatch");
    assert.equal(message(res.text), "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    assert.equal((await signedPost({ service: "iam", body: "Action=ListUsers&Version=2010-05-08" })).status, 200);
  });

  it("STS is regional: a request signed for eu-west-1 is served", async () => {
    const res = await signedPost({ service: "sts", region: "eu-west-1", body: "Action=GetCallerIdentity&Version=2011-06-15" });
    assert.equal(res.status, 200, res.text);
  });

  it("a region that is no region is refused", async () => {
    const res = await signedPost({ service: "sts", region: "moon", body: "Action=GetCallerIdentity&Version=2011-06-15" });
    assert.equal(res.status, 403);
    assert.equal(message(res.text), "Credential should be scoped to a valid region, not 'moon'. ");
  });

  it("the scope must name the service called: a Cognito call signed for iam is refused", async () => {
    const res = await signedPost({
      service: "iam", body: JSON.stringify({ MaxResults: 10 }),
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools" },
    });
    assert.equal(res.status, 400);
    assert.equal(code(res.text), "InvalidSignatureException");
    assert.equal(message(res.text), "Credential should be scoped to correct service: 'cognito-idp'. ");
  });

  it("a session token sent with a long-term key is refused", async () => {
    const res = await signedPost({
      service: "sts", body: "Action=GetCallerIdentity&Version=2011-06-15",
      credentials: { accessKeyId: "test", secretAccessKey: "test", sessionToken: "FwoGZXIvYXdzEExampleToken" },
    });
    assert.equal(res.status, 403);
    assert.equal(code(res.text), "InvalidClientTokenId");
    assert.equal(message(res.text), "The security token included in the request is invalid.");
  });

  it("UNSIGNED-PAYLOAD is not for IAM: a GetUser signature does not carry a CreateUser body", async () => {
    const res = await signedPost({
      service: "iam", body: "Action=GetUser&Version=2010-05-08", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      sendBody: "Action=CreateUser&Version=2010-05-08&UserName=smuggled",
    });
    assert.equal(res.status, 403);
    assert.equal(code(res.text), "SignatureDoesNotMatch");
    const check = await signedPost({ service: "iam", body: "Action=GetUser&Version=2010-05-08&UserName=smuggled" });
    assert.equal(code(check.text), "NoSuchEntity");
  });

  it("a body changed after signing is refused", async () => {
    const res = await signedPost({ service: "iam", body: "Action=GetUser&Version=2010-05-08", sendBody: "Action=CreateUser&Version=2010-05-08&UserName=smuggled" });
    assert.equal(res.status, 403);
    assert.equal(code(res.text), "SignatureDoesNotMatch");
  });

  it("input is validated after authentication: bad signature and bad input answer 403", async () => {
    const badName = await signedPost({ service: "iam", body: "Action=CreateUser&Version=2010-05-08&UserName=not%20valid!", credentials: { accessKeyId: "test", secretAccessKey: "wrong" } });
    assert.equal(badName.status, 403);
    assert.equal(code(badName.text), "SignatureDoesNotMatch");
    const badIndex = await fetch(emu.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=CreateUser&Version=2010-05-08&UserName=u&Tags.member.0x1.Key=a" });
    assert.equal(badIndex.status, 403);
    assert.equal(code(await badIndex.text()), "MissingAuthenticationToken");
    const unknownAction = await fetch(emu.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=FlyToTheMoon&Version=2010-05-08" });
    assert.equal(unknownAction.status, 403);
    const badJson = await fetch(emu.endpoint, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools" }, body: "{not json" });
    assert.equal(JSON.parse(await badJson.text()).__type, "MissingAuthenticationTokenException");
  });

  it("a signed request with bad input gets the validation error", async () => {
    const res = await signedPost({ service: "iam", body: "Action=CreateUser&Version=2010-05-08&UserName=u&Tags.member.01.Key=a&Tags.member.01.Value=b" });
    assert.equal(res.status, 400);
    assert.equal(code(res.text), "ValidationError");
    assert.match(message(res.text), /^Invalid parameter Tags\.member\.01: list members and map entries are numbered 1, 2, 3/);
  });
});
