// The one door from a Cognito flow to a Lambda trigger: runTrigger(ctx, pool, source, event) finds the
// function the pool's LambdaConfig names for the trigger source, sends the event in the shape the Cognito
// Developer Guide documents (version, triggerSource, region, userPoolId, userName, callerContext, request,
// response with its defaults), and returns the function's `response`. A failure is answered as Cognito
// answers it: UserLambdaValidationException when the function throws, UnexpectedLambdaException when it
// cannot be run or times out, InvalidLambdaResponseException when its output is not an event.
import type { Clock } from "../../../clock.js";
import type { Logger } from "../../../log.js";
import { FunctionError, InvalidFunctionOutput, InvocationFailed, type LambdaInvoker } from "../../../lambda/invoker.js";
import { AwsError, awsError } from "../../../protocol/errors.js";
import { poolRegion } from "../ids.js";
import type { PoolRecord, UserRecord } from "../records.js";

export interface TriggerContext { readonly lambda: LambdaInvoker; readonly clock: Clock; readonly log: Logger }

/** Every trigger source the emulator raises, as the Developer Guide names them. */
export type TriggerSource =
  | "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser" | "PreSignUp_ExternalProvider"
  | "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword"
  | "PreAuthentication_Authentication" | "PostAuthentication_Authentication"
  | "TokenGeneration_HostedAuth" | "TokenGeneration_Authentication" | "TokenGeneration_NewPasswordChallenge"
  | "TokenGeneration_AuthenticateDevice" | "TokenGeneration_RefreshTokens" | "TokenGeneration_ClientCredentials"
  | "UserMigration_Authentication" | "UserMigration_ForgotPassword"
  | "CustomMessage_SignUp" | "CustomMessage_AdminCreateUser" | "CustomMessage_ResendCode" | "CustomMessage_ForgotPassword"
  | "CustomMessage_UpdateUserAttribute" | "CustomMessage_VerifyUserAttribute" | "CustomMessage_Authentication"
  | "DefineAuthChallenge_Authentication" | "CreateAuthChallenge_Authentication" | "VerifyAuthChallengeResponse_Authentication";

/** The LambdaConfig member a trigger is configured in; also the name Cognito's error messages use. */
export type TriggerName = "PreSignUp" | "PostConfirmation" | "PreAuthentication" | "PostAuthentication" | "PreTokenGeneration" |
  "UserMigration" | "CustomMessage" | "DefineAuthChallenge" | "CreateAuthChallenge" | "VerifyAuthChallengeResponse";

export function triggerOf(source: TriggerSource): TriggerName {
  const prefix = source.slice(0, source.indexOf("_"));
  return (prefix === "TokenGeneration" ? "PreTokenGeneration" : prefix) as TriggerName;
}

type LambdaConfig = Record<string, unknown> & { PreTokenGenerationConfig?: { LambdaArn?: string; LambdaVersion?: string } };

const lambdaConfigOf = (pool: PoolRecord): LambdaConfig => (pool.settings.LambdaConfig as LambdaConfig | undefined) ?? {};

/** The function ARN configured for a trigger, if any. */
export function triggerArn(pool: PoolRecord, trigger: TriggerName): string | undefined {
  const config = lambdaConfigOf(pool);
  if (trigger === "PreTokenGeneration") return config.PreTokenGenerationConfig?.LambdaArn ?? (config.PreTokenGeneration as string | undefined);
  const arn = config[trigger];
  return typeof arn === "string" && arn !== "" ? arn : undefined;
}

/** "1", or for pre token generation the configured event version ("2" for V2_0, "3" for V3_0). */
export function eventVersion(pool: PoolRecord, trigger: TriggerName): string {
  if (trigger !== "PreTokenGeneration") return "1";
  const config = lambdaConfigOf(pool);
  if (!config.PreTokenGenerationConfig?.LambdaArn) return "1";
  return { V2_0: "2", V3_0: "3" }[config.PreTokenGenerationConfig.LambdaVersion ?? ""] ?? "1";
}

export interface TriggerEvent {
  readonly userName?: string;
  /** The app client; admin APIs have none (the event then says CLIENT_ID_NOT_APPLICABLE, as Cognito's does). */
  readonly clientId?: string;
  readonly request: Record<string, unknown>;
  /** The response object with the defaults the function sees. */
  readonly response: Record<string, unknown>;
}

/** The function's `response`, or undefined when the pool configures no function for this source's trigger. */
export async function runTrigger(ctx: TriggerContext, pool: PoolRecord, source: TriggerSource, event: TriggerEvent): Promise<Record<string, unknown> | undefined> {
  const trigger = triggerOf(source);
  const functionArn = triggerArn(pool, trigger);
  if (!functionArn) return undefined;
  const payload = {
    version: eventVersion(pool, trigger),
    triggerSource: source,
    region: poolRegion(pool.Id),
    userPoolId: pool.Id,
    userName: event.userName,
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: event.clientId ?? "CLIENT_ID_NOT_APPLICABLE" },
    request: event.request,
    response: event.response,
  };
  let output: unknown;
  try {
    output = await ctx.lambda.invoke({ functionArn, payload, clock: ctx.clock });
  } catch (err) {
    throw failure(ctx.log, pool, trigger, functionArn, err);
  }
  const response = isObject(output) ? output.response : undefined;
  if (!isObject(response)) {
    ctx.log.warn(`cognito-idp ${pool.Id}: ${trigger} (${functionArn}) returned no event with a response object: ${JSON.stringify(output)?.slice(0, 200)}`);
    throw invalidLambdaResponse("Unrecognizable lambda output");
  }
  return response;
}

function failure(log: Logger, pool: PoolRecord, trigger: TriggerName, arn: string, err: unknown): AwsError {
  if (err instanceof FunctionError) {
    log.info(`cognito-idp ${pool.Id}: ${trigger} (${arn}) failed: ${err.errorType}: ${err.errorMessage}`);
    return awsError("cognito-idp", "UserLambdaValidationException", `${trigger} failed with error ${err.errorMessage}.`);
  }
  if (err instanceof InvocationFailed) {
    log.warn(`cognito-idp ${pool.Id}: ${trigger} (${arn}) could not run: ${err.reason}`);
    return awsError("cognito-idp", "UnexpectedLambdaException", err.kind === "timeout"
      ? `${trigger} invocation failed due to error Socket timeout while invoking Lambda function.`
      : `${trigger} invocation failed due to error ${err.reason}`);
  }
  if (err instanceof InvalidFunctionOutput) {
    log.warn(`cognito-idp ${pool.Id}: ${trigger} (${arn}) answered output that is not JSON: ${err.output.slice(0, 200)}`);
    return invalidLambdaResponse("Invalid lambda function output : Invalid JSON");
  }
  throw err;
}

export const invalidLambdaResponse = (message: string): AwsError => awsError("cognito-idp", "InvalidLambdaResponseException", message);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A user's attributes as triggers see them: every value a string, plus cognito:user_status. */
export function eventAttributes(user: UserRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of user.Attributes) out[a.Name] = a.Value ?? "";
  out["cognito:user_status"] = user.UserStatus;
  return out;
}

/** A map of strings from the response, or a precise InvalidLambdaResponseException. */
export function stringMap(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== "string")) throw invalidLambdaResponse(`Invalid lambda response: ${field} must map names to strings.`);
  return value as Record<string, string>;
}

/** A boolean response field: true only when the function set it to true. */
export const flag = (value: unknown): boolean => value === true;

/** ClientMetadata and ValidationData as triggers receive them (undefined when the caller sent none). */
export function metadata(value: Readonly<Record<string, string>> | readonly { Name: string; Value?: string }[] | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return Object.fromEntries(value.map((a: { Name: string; Value?: string }) => [a.Name, a.Value ?? ""]));
  return { ...value as Record<string, string> };
}
