// Requests signed once, before a timed run, by the SDK's own SigV4 signer (a signature stays valid for
// 15 minutes, and AWS accepts the same signed request again, so the timed run sends prepared bytes).
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { httpRequest } from "./http-load.js";

export interface Credentials { readonly accessKeyId: string; readonly secretAccessKey: string }
export const ROOT_CREDENTIALS: Credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** A signed Query-protocol POST (IAM, STS) as the AWS SDKs send it. */
export async function signedQuery(host: string, port: number, service: "iam" | "sts", body: string, credentials: Credentials = ROOT_CREDENTIALS): Promise<Buffer> {
  const signer = new SignatureV4({ service, region: "us-east-1", credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: "POST", protocol: "http:", hostname: host, port, path: "/", query: {},
    headers: { host: `${host}:${port}`, "content-type": "application/x-www-form-urlencoded; charset=utf-8", "user-agent": "aws-sdk-js/3 bench" },
    body,
  });
  return httpRequest("POST", "/", signed.headers, body);
}

/** An unsigned JSON 1.1 request to Cognito's user-pool API (InitiateAuth and its challenges are unsigned in AWS). */
export function cognitoRequest(host: string, port: number, target: string, input: unknown): Buffer {
  return httpRequest("POST", "/", {
    host: `${host}:${port}`, "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
  }, JSON.stringify(input));
}
