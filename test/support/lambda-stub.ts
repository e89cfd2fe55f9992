// A stub of the Lambda Invoke API (POST /2015-03-31/functions/{FunctionName}/invocations) for tests of the
// emulator's Invoke API path: it records every event it receives, checks each request's SigV4 signature
// with the SDK's own signer (@smithy/signature-v4), and answers per function as the test says.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";

export interface StubCall {
  /** FunctionName as it appeared in the path, decoded. */
  readonly functionName: string;
  readonly event: any;
  readonly headers: IncomingMessage["headers"];
  /** The signature the SDK computes for this request equals the one sent. */
  readonly signatureValid: boolean;
  /** The credential scope's region. */
  readonly region: string;
}

/** What a stub function answers: the event it returns, a function error, or a raw HTTP answer. */
export type StubAnswer =
  | { readonly payload: unknown }
  | { readonly functionError: { readonly errorType: string; readonly errorMessage: string } }
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  | { readonly hang: true };

export type StubFunction = (event: any) => StubAnswer | Promise<StubAnswer>;

/** A function's ARN in the emulator's default account and region. */
export const functionArn = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** A trigger that lets everything through: it returns the event it was given. */
export const returnEvent: StubFunction = (event) => ({ payload: event });

export class LambdaStub {
  readonly calls: StubCall[] = [];
  private readonly functions = new Map<string, StubFunction>();
  private server: Server | undefined;
  private readonly hanging: ServerResponse[] = [];

  /** Answers invocations of `name` (a function name or a full ARN, as it appears in the path). */
  on(name: string, fn: StubFunction): this {
    this.functions.set(name, fn);
    return this;
  }

  /** The calls one function received, oldest first. */
  callsOf(name: string): StubCall[] {
    return this.calls.filter((c) => c.functionName === name || c.functionName.endsWith(`:function:${name}`));
  }

  /** The event of the latest call of `name`. */
  lastEvent(name: string): any {
    return this.callsOf(name).at(-1)!.event;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "").split("?")[0]!;
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
    if (req.method !== "POST" || !m) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ Type: "User", message: `No route ${req.method} ${path}` }));
      return;
    }
    const functionName = decodeURIComponent(m[1]!);
    const { valid, region } = await checkSignature(req, path, body);
    const event = JSON.parse(body);
    this.calls.push({ functionName, event, headers: req.headers, signatureValid: valid, region });
    const fn = this.functions.get(functionName);
    if (!fn) {
      res.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "ResourceNotFoundException" })
        .end(JSON.stringify({ Type: "User", message: `Function not found: ${functionName}` }));
      return;
    }
    const answer = await fn(event);
    if ("hang" in answer) { this.hanging.push(res); return; }
    if ("payload" in answer) { res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer.payload)); return; }
    if ("functionError" in answer) {
      res.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" })
        .end(JSON.stringify({ ...answer.functionError, trace: [] }));
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(answer.body);
  }
}

async function checkSignature(req: IncomingMessage, path: string, body: string): Promise<{ valid: boolean; region: string }> {
  const authorization = String(req.headers.authorization ?? "");
  const scope = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/lambda\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})/.exec(authorization);
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!scope || !amzDate) return { valid: false, region: "" };
  const [, , , region, signed] = scope as unknown as string[];
  const headers: Record<string, string> = {};
  for (const name of signed!.split(";")) headers[name] = String(req.headers[name]);
  const signer = new SignatureV4({ service: "lambda", region: region!, sha256: Sha256, applyChecksum: false, credentials: { accessKeyId: scope[1]!, secretAccessKey: "test" } });
  const [host, port] = String(req.headers.host).split(":");
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signedRequest = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: host!, port: Number(port), path, headers, body }), { signingDate });
  return { valid: signedRequest.headers.authorization === authorization, region: region! };
}
