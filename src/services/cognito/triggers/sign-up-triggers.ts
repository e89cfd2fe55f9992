// Pre sign-up and post confirmation: the events SignUp, AdminCreateUser, ConfirmSignUp, AdminConfirmSignUp
// and ConfirmForgotPassword raise, and what Cognito takes from the answers.
import type { AttributeType, PoolRecord, UserRecord } from "../records.js";
import { eventAttributes, flag, metadata, runTrigger, type TriggerContext } from "./run-trigger.js";

export interface PreSignUpAnswer { readonly autoConfirmUser: boolean; readonly autoVerifyEmail: boolean; readonly autoVerifyPhone: boolean }

export interface PreSignUpInput {
  readonly username: string;
  readonly clientId?: string;
  /** The attributes the user is being created with (no sub yet). */
  readonly attributes: readonly AttributeType[];
  readonly validationData?: readonly AttributeType[];
  readonly clientMetadata?: Readonly<Record<string, string>>;
}

/** Runs the pre sign-up trigger; for AdminCreateUser its auto-confirm and auto-verify answers are ignored, as Cognito ignores them. */
export async function preSignUp(ctx: TriggerContext, pool: PoolRecord, source: "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser" | "PreSignUp_ExternalProvider",
  input: PreSignUpInput): Promise<PreSignUpAnswer> {
  const response = await runTrigger(ctx, pool, source, {
    userName: input.username,
    clientId: input.clientId,
    request: {
      userAttributes: Object.fromEntries(input.attributes.map((a) => [a.Name, a.Value ?? ""])),
      validationData: metadata(input.validationData) ?? null,
      ...(input.clientMetadata && { clientMetadata: metadata(input.clientMetadata) }),
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (!response || source === "PreSignUp_AdminCreateUser") return { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
  return { autoConfirmUser: flag(response.autoConfirmUser), autoVerifyEmail: flag(response.autoVerifyEmail), autoVerifyPhone: flag(response.autoVerifyPhone) };
}

/**
 * Runs the post confirmation trigger (its answer carries nothing) once the confirmation is saved: when the
 * function fails, the caller gets its error and the user stays confirmed, as in Cognito. A function that
 * changes the user through the API (a group, an attribute) changes the saved user.
 */
export function postConfirmation(ctx: TriggerContext & { afterCommit: (work: () => Promise<void>) => void }, pool: PoolRecord,
  source: "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword", user: UserRecord, clientId: string | undefined,
  clientMetadata: Readonly<Record<string, string>> | undefined): void {
  ctx.afterCommit(async () => {
    await runTrigger(ctx, pool, source, {
      userName: user.Username, clientId,
      request: { userAttributes: eventAttributes(user), ...(clientMetadata && { clientMetadata: metadata(clientMetadata) }) },
      response: {},
    });
  });
}
