// Which way a function runs: a local handler file mapped to its name or ARN (flag, setting or seed file)
// wins; otherwise the Lambda Invoke API at the configured endpoint; otherwise the invocation fails with a
// message that says how to connect the function. The one LambdaInvoker the services get.
import { resolve } from "node:path";
import type { EmulatorConfig, LambdaHandlerMapping } from "../config.js";
import type { Logger } from "../log.js";
import type { Outbound } from "../outbound/outbound.js";
import { InvokeApiClient } from "./invoke-api.js";
import { functionNameOf, InvocationFailed, parseFunctionArn, type InvokeRequest, type LambdaInvoker } from "./invoker.js";
import { LocalHandlers, type DebugTarget } from "./local-handlers.js";

export interface LambdaFunctionsOptions {
  readonly config: EmulatorConfig;
  readonly outbound: Outbound;
  readonly log: Logger;
  /** dist/lambda-worker.js; tests pass src/lambda/worker.ts with `--import tsx`. */
  readonly workerScript: string;
  readonly workerExecArgv?: readonly string[];
}

export interface LambdaStatus {
  readonly endpoint: string | null;
  readonly handlers: readonly LambdaHandlerMapping[];
  readonly timeoutSeconds: number;
  readonly debugging: boolean;
}

export class LambdaFunctions implements LambdaInvoker {
  private readonly mappings: LambdaHandlerMapping[];
  private readonly local: LocalHandlers;
  private readonly api: InvokeApiClient | undefined;
  private self: URL | undefined;

  constructor(private readonly options: LambdaFunctionsOptions) {
    const { config } = options;
    // The flag's files are relative to the working directory, as a shell would read them.
    this.mappings = config.lambdaHandlers.map((m) => ({ ...m, file: resolve(m.file) }));
    this.local = new LocalHandlers({
      log: options.log, timeoutMs: config.lambdaTimeoutSeconds * 1000, workerScript: options.workerScript,
      workerExecArgv: options.workerExecArgv, env: (mapping) => this.workerEnv(mapping),
    });
    this.api = config.lambdaEndpoint === null ? undefined : new InvokeApiClient(options.outbound, {
      endpoint: config.lambdaEndpoint,
      credentials: { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey },
      defaultRegion: config.region,
      timeoutMs: config.lambdaTimeoutSeconds * 1000,
    });
  }

  /** Where the emulator listens: handlers call back to it, and an endpoint pointing here is not a Lambda. */
  setSelf(endpoint: string): void {
    this.self = new URL(endpoint);
    if (this.api && this.pointsAtSelf()) {
      this.options.log.warn(`The Lambda endpoint ${this.options.config.lambdaEndpoint} is this emulator, which serves no Lambda API ` +
        "(AWS_ENDPOINT_URL points here?): triggers run only from --lambda-handlers.");
    }
  }

  /** Mappings from the seed file (paths already absolute); the flag's win on a clash. */
  addHandlers(mappings: readonly LambdaHandlerMapping[]): void {
    for (const m of mappings) if (!this.mappings.some((own) => own.function === m.function)) this.mappings.push(m);
  }

  status(): LambdaStatus {
    const { config } = this.options;
    return { endpoint: this.api && !this.pointsAtSelf() ? config.lambdaEndpoint : null, handlers: [...this.mappings], timeoutSeconds: config.lambdaTimeoutSeconds, debugging: this.local.debug };
  }

  invoke(request: InvokeRequest): Promise<unknown> {
    const mapping = this.mappingFor(request.functionArn);
    if (mapping) return this.local.invoke(mapping, request.functionArn, request.payload);
    if (this.api && !this.pointsAtSelf()) return this.api.invoke(request);
    const name = functionNameOf(request.functionArn);
    return Promise.reject(new InvocationFailed("unavailable",
      `No way to run ${request.functionArn}: map it to a handler file with --lambda-handlers ${name}=./path/to/handler.js#handler ` +
      `(or the awsIdentityEmulator.lambda.handlers setting, or the seed file's "lambda" section), or point --lambda-endpoint ` +
      "(AWS_ENDPOINT_URL_LAMBDA) at a Lambda emulator such as sam local start-lambda."));
  }

  setDebug(enabled: boolean): Promise<DebugTarget[]> {
    return this.local.setDebug(enabled, this.mappings);
  }

  onDebugTarget(listener: (target: DebugTarget) => void): () => void {
    return this.local.onDebugTarget(listener);
  }

  close(): Promise<void> {
    return this.local.close();
  }

  private mappingFor(functionArn: string): LambdaHandlerMapping | undefined {
    const name = functionNameOf(functionArn);
    return this.mappings.find((m) => m.function === functionArn) ?? this.mappings.find((m) => m.function === name);
  }

  private pointsAtSelf(): boolean {
    if (!this.self || !this.options.config.lambdaEndpoint) return false;
    const target = new URL(this.options.config.lambdaEndpoint);
    const loopback = (host: string) => ["localhost", "127.0.0.1", "[::1]", "0.0.0.0", "[::]"].includes(host);
    return target.port === this.self.port && (target.hostname === this.self.hostname || (loopback(target.hostname) && loopback(this.self.hostname)));
  }

  /** What a Lambda execution environment would set, plus the way back to this emulator for SDK calls. */
  private workerEnv(mapping: LambdaHandlerMapping): Record<string, string> {
    const { config } = this.options;
    const name = functionNameOf(mapping.function);
    const region = parseFunctionArn(mapping.function)?.region ?? config.region;
    const env: Record<string, string> = {
      AWS_LAMBDA_FUNCTION_NAME: name, AWS_LAMBDA_FUNCTION_VERSION: "$LATEST", AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`, AWS_REGION: region, AWS_DEFAULT_REGION: region,
      AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split(".")[0]}.x`, _HANDLER: `${mapping.file}#${mapping.exportName}`,
    };
    if (this.self) {
      const endpoint = this.self.origin.replace("0.0.0.0", "127.0.0.1").replace("[::]", "[::1]");
      for (const service of ["COGNITO_IDENTITY_PROVIDER", "IAM", "STS"]) {
        if (!process.env[`AWS_ENDPOINT_URL_${service}`]) env[`AWS_ENDPOINT_URL_${service}`] = endpoint;
      }
    }
    if (!process.env.AWS_ACCESS_KEY_ID) {
      env.AWS_ACCESS_KEY_ID = config.rootAccessKeyId;
      env.AWS_SECRET_ACCESS_KEY = config.rootSecretAccessKey;
    }
    return env;
  }
}
