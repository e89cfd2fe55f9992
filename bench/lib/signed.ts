// Requests signed once, before a timed run, by the SDK's own SigV4 signer (a signature stays valid for
// 15 minutes, and AWS accepts the same signed request again, so the timed run sends prepared bytes).
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { httpRequest } from "./http-load.js";

export interface Credentials { readonly accessKeyId: string; readonly secretAccessKey: string }
export const ROOT_CREDENTIALS: Credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** The signer's SHA-256 and HMAC from node:crypto: preparing thousands of requests takes seconds, not a minute. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Uint8Array => typeof d === "string" ? d
  : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

class NodeSha256 {
  private hash!: Hash | Hmac;
  constructor(private readonly secret?: Data) { this.reset(); }
  update(data: Data): void { this.hash.update(bytes(data)); }
  async digest(): Promise<Uint8Array> { return this.hash.digest(); }
  reset(): void { this.hash = this.secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(this.secret)); }
}

/** A signed Query-protocol POST (IAM, STS) as the AWS SDKs send it. */
export async function signedQuery(host: string, port: number, service: "iam" | "sts", body: string, credentials: Credentials = ROOT_CREDENTIALS): Promise<Buffer> {
  const signer = new SignatureV4({ service, region: "us-east-1", credentials, sha256: NodeSha256 });
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
