// The one way the emulator runs a Lambda function (Cognito triggers): synchronously, with a JSON event,
// whichever way the function is reached (the Lambda Invoke API or a local handler file). A caller gets the
// function's JSON answer, or one of the failures below, each of which a service words in its own terms.
import type { Clock } from "../clock.js";

export interface InvokeRequest {
  /** The function's ARN as the configuration names it (a qualifier may follow the name). */
  readonly functionArn: string;
  /** The event, serialised as JSON. */
  readonly payload: unknown;
  /** For signing (the Invoke API) and the context object's clock-free deadline. */
  readonly clock: Clock;
}

export interface LambdaInvoker {
  /** The function's result, parsed from JSON (null when it returned nothing). */
  invoke(request: InvokeRequest): Promise<unknown>;
}

/** The function ran and failed: it threw, called back with an error, or its runtime died. */
export class FunctionError extends Error {
  constructor(readonly errorType: string, readonly errorMessage: string) {
    super(`${errorType}: ${errorMessage}`);
    this.name = "FunctionError";
  }
}

/** The function could not be run, or did not answer in time. `reason` is for a person: what to do next. */
export class InvocationFailed extends Error {
  constructor(readonly kind: "timeout" | "unavailable", readonly reason: string) {
    super(reason);
    this.name = "InvocationFailed";
  }
}

/** The function answered something that is not JSON. */
export class InvalidFunctionOutput extends Error {
  constructor(readonly output: string) {
    super("The function's output is not JSON.");
    this.name = "InvalidFunctionOutput";
  }
}

export interface FunctionArnParts { readonly region: string; readonly accountId: string; readonly name: string; readonly qualifier?: string }

/** `arn:aws:lambda:us-east-1:000000000000:function:name[:qualifier]`, or undefined for anything else. */
export function parseFunctionArn(arn: string): FunctionArnParts | undefined {
  const m = /^arn:aws[\w-]*:lambda:([\w-]+):(\d{12}):function:([\w-]+)(?::([\w$-]+))?$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]!, qualifier: m[4] } : undefined;
}

/** The function name an ARN (or a bare name) stands for. */
export const functionNameOf = (arnOrName: string): string => parseFunctionArn(arnOrName)?.name ?? arnOrName;

/** For callers that run no functions (benchmarks, handler unit tests): every invocation fails as unconfigured. */
export const noFunctions: LambdaInvoker = {
  invoke: (request) => Promise.reject(new InvocationFailed("unavailable", `No way to run ${request.functionArn}: no Lambda functions are configured.`)),
};
