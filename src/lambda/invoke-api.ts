// Runs a function through the Lambda Invoke API (POST /2015-03-31/functions/{FunctionName}/invocations,
// RequestResponse, SigV4-signed), as `sam local start-lambda`, serverless-offline and LocalStack serve it,
// so an existing local Lambda set-up runs the emulator's triggers unchanged. Every call goes through the
// outbound client: allow-listed, with a timeout.
import { signSigV4, type SigningCredentials } from "../auth/sigv4.js";
import { OutboundFailure, OutboundRefused, OutboundTimeout, type Outbound, type OutboundResponse } from "../outbound/outbound.js";
import { FunctionError, InvalidFunctionOutput, InvocationFailed, parseFunctionArn, type InvokeRequest, type LambdaInvoker } from "./invoker.js";

export interface InvokeApiOptions {
  /** e.g. "http://127.0.0.1:3001" (no trailing slash). */
  readonly endpoint: string;
  readonly credentials: SigningCredentials;
  /** Used when the function is named without an ARN. */
  readonly defaultRegion: string;
  readonly timeoutMs: number;
}

export class InvokeApiClient implements LambdaInvoker {
  constructor(private readonly outbound: Outbound, private readonly options: InvokeApiOptions) {}

  async invoke(request: InvokeRequest): Promise<unknown> {
    const body = JSON.stringify(request.payload);
    let res = await this.post(request.functionArn, body, request);
    // `sam local start-lambda` knows functions by name only: an ARN it does not know is retried by name.
    const parts = parseFunctionArn(request.functionArn);
    if (res.status === 404 && parts) res = await this.post(parts.qualifier ? `${parts.name}:${parts.qualifier}` : parts.name, body, request);
    return answerOf(res, this.options.endpoint, request.functionArn);
  }

  private async post(functionName: string, body: string, request: InvokeRequest): Promise<OutboundResponse> {
    const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    const url = new URL(this.options.endpoint + path);
    const region = parseFunctionArn(request.functionArn)?.region ?? this.options.defaultRegion;
    const headers = signSigV4(
      { method: "POST", path: url.pathname, rawQuery: "", body: Buffer.from(body, "utf8"),
        headers: { host: url.host, "content-type": "application/json", "x-amz-invocation-type": "RequestResponse", "x-amz-log-type": "None" } },
      this.options.credentials, { region, service: "lambda" }, request.clock.now());
    try {
      return await this.outbound.request({ url: url.href, method: "POST", headers, body, timeoutMs: this.options.timeoutMs });
    } catch (err) {
      if (err instanceof OutboundTimeout) throw new InvocationFailed("timeout", `${request.functionArn} did not answer within ${err.timeoutMs} ms.`);
      if (err instanceof OutboundRefused) throw new InvocationFailed("unavailable", err.message);
      if (err instanceof OutboundFailure) {
        throw new InvocationFailed("unavailable", `Could not reach the Lambda endpoint ${this.options.endpoint} (${err.message}). ` +
          "Is the Lambda emulator (sam local start-lambda, LocalStack) running there?");
      }
      throw err;
    }
  }
}

function answerOf(res: OutboundResponse, endpoint: string, functionArn: string): unknown {
  const text = res.body.toString("utf8");
  if (res.status >= 200 && res.status < 300) {
    if (res.headers["x-amz-function-error"] !== undefined) {
      const error = parseObject(text);
      throw new FunctionError(stringOr(error?.errorType, "Error"), stringOr(error?.errorMessage, text));
    }
    if (text === "") return null;
    try { return JSON.parse(text); } catch { throw new InvalidFunctionOutput(text); }
  }
  // A Lambda service error (ResourceNotFoundException, AccessDeniedException, …): the function never ran.
  const error = parseObject(text);
  // Lambda names the error in x-amzn-ErrorType (its body's "Type" is only User or Service).
  const code = stringOr(res.headers["x-amzn-errortype"] ?? error?.__type ?? error?.code, `HTTP ${res.status}`).split(":")[0]!.split("#").pop()!;
  const message = stringOr(error?.message ?? error?.Message, text.slice(0, 200));
  throw new InvocationFailed("unavailable", `${endpoint} could not invoke ${functionArn}: ${code}${message ? `: ${message}` : ""}`);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : fallback;
}
