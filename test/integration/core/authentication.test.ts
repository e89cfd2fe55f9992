// Mode `authenticate`: keys must exist and SigV4 must verify, answered with AWS's codes and messages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
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
    const before = await fetch(`${emu.endpoint}/_emulator/call`, { method: "POST", body: JSON.stringify({ service: "iam", operation: "GetAccessKeyLastUsed", input: { AccessKeyId: AccessKey!.AccessKeyId } }) });
    const idle = await before.json() as { output?: { AccessKeyLastUsed: { ServiceName: string } } };
    if (idle.output) assert.equal(idle.output.AccessKeyLastUsed.ServiceName, "N/A");
    await sts(AccessKey!.AccessKeyId!, AccessKey!.SecretAccessKey!).send(new GetCallerIdentityCommand({}));
    const after = await fetch(`${emu.endpoint}/_emulator/call`, { method: "POST", body: JSON.stringify({ service: "iam", operation: "GetAccessKeyLastUsed", input: { AccessKeyId: AccessKey!.AccessKeyId } }) });
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
