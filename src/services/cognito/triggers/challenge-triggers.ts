// The custom authentication triggers: define auth challenge decides what comes next from the session so
// far, create auth challenge makes a CUSTOM_CHALLENGE (public parameters for the client, private ones for
// the check), verify auth challenge response checks the answer.
import { cognitoErrors } from "../errors.js";
import type { PoolRecord, UserRecord } from "../records.js";
import { eventAttributes, flag, invalidLambdaResponse, metadata, runTrigger, stringMap, triggerArn, type TriggerContext } from "./run-trigger.js";

/** One step of the sign-in so far, as the define and create triggers see it. */
export interface ChallengeResult {
  readonly challengeName: string;
  readonly challengeResult: boolean;
  readonly challengeMetadata?: string;
}

/** Who is signing in: `user` is undefined only on a client that hides user existence (userNotFound). */
export interface ChallengeSubject {
  readonly clientId: string;
  readonly username: string;
  readonly user: UserRecord | undefined;
  readonly hidesUsers: boolean;
  readonly clientMetadata?: Readonly<Record<string, string>>;
}

function common(subject: ChallengeSubject) {
  return {
    userAttributes: subject.user ? eventAttributes(subject.user) : {},
    ...(subject.clientMetadata && { clientMetadata: metadata(subject.clientMetadata) }),
    ...(subject.hidesUsers && { userNotFound: subject.user === undefined }),
  };
}

const notConfigured = () => cognitoErrors.invalidParameter("Custom auth lambda trigger is not configured for the user pool.");

/** CUSTOM_AUTH needs all three triggers; Cognito refuses the flow when one is missing. */
export function requireCustomAuthTriggers(pool: PoolRecord): void {
  if (!triggerArn(pool, "DefineAuthChallenge") || !triggerArn(pool, "CreateAuthChallenge") || !triggerArn(pool, "VerifyAuthChallengeResponse")) throw notConfigured();
}

export type Decision = { readonly kind: "issueTokens" } | { readonly kind: "fail" } | { readonly kind: "challenge"; readonly challengeName: "CUSTOM_CHALLENGE" | "PASSWORD_VERIFIER" };

export async function defineAuthChallenge(ctx: TriggerContext, pool: PoolRecord, subject: ChallengeSubject, session: readonly ChallengeResult[]): Promise<Decision> {
  const response = await runTrigger(ctx, pool, "DefineAuthChallenge_Authentication", {
    userName: subject.user?.Username ?? subject.username, clientId: subject.clientId,
    request: { ...common(subject), session: session.map(resultShape) },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  if (!response) throw notConfigured();
  if (flag(response.failAuthentication)) return { kind: "fail" };
  if (flag(response.issueTokens)) return { kind: "issueTokens" };
  const name = response.challengeName;
  if (name === "CUSTOM_CHALLENGE") return { kind: "challenge", challengeName: name };
  // Cognito checks the password itself, and only right after the SRP_A step.
  if (name === "PASSWORD_VERIFIER" && session.at(-1)?.challengeName === "SRP_A") return { kind: "challenge", challengeName: name };
  throw invalidLambdaResponse(name === undefined || name === null
    ? "Invalid lambda response: set issueTokens, failAuthentication or a challengeName."
    : `Invalid lambda response: challengeName ${JSON.stringify(name)} cannot follow ${session.at(-1)?.challengeName ?? "the start of the sign-in"}.`);
}

export interface CreatedChallenge {
  readonly publicChallengeParameters: Record<string, string>;
  readonly privateChallengeParameters: Record<string, string>;
  readonly challengeMetadata?: string;
}

export async function createAuthChallenge(ctx: TriggerContext, pool: PoolRecord, subject: ChallengeSubject, session: readonly ChallengeResult[]): Promise<CreatedChallenge> {
  const response = await runTrigger(ctx, pool, "CreateAuthChallenge_Authentication", {
    userName: subject.user?.Username ?? subject.username, clientId: subject.clientId,
    request: { ...common(subject), challengeName: "CUSTOM_CHALLENGE", session: session.map(resultShape) },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  });
  if (!response) throw notConfigured();
  const metadataValue = response.challengeMetadata;
  if (metadataValue !== undefined && metadataValue !== null && typeof metadataValue !== "string") {
    throw invalidLambdaResponse("Invalid lambda response: challengeMetadata must be a string.");
  }
  return {
    publicChallengeParameters: stringMap(response.publicChallengeParameters, "publicChallengeParameters") ?? {},
    privateChallengeParameters: stringMap(response.privateChallengeParameters, "privateChallengeParameters") ?? {},
    challengeMetadata: metadataValue ?? undefined,
  };
}

export async function verifyAuthChallengeResponse(ctx: TriggerContext, pool: PoolRecord, subject: ChallengeSubject,
  privateChallengeParameters: Record<string, string>, challengeAnswer: string): Promise<boolean> {
  const response = await runTrigger(ctx, pool, "VerifyAuthChallengeResponse_Authentication", {
    userName: subject.user?.Username ?? subject.username, clientId: subject.clientId,
    request: { ...common(subject), privateChallengeParameters, challengeAnswer },
    response: { answerCorrect: null },
  });
  if (!response) throw notConfigured();
  return flag(response.answerCorrect);
}

function resultShape(r: ChallengeResult): Record<string, unknown> {
  return { challengeName: r.challengeName, challengeResult: r.challengeResult, ...(r.challengeMetadata !== undefined && { challengeMetadata: r.challengeMetadata }) };
}
