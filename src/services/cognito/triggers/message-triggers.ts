// The custom message trigger: the text of every code or temporary password Cognito would send, per trigger
// source. The emulator sends nothing; the message (with the code in place of {####}) is what the codes
// endpoint shows, so a test reads exactly what a user would receive.
import type { PoolRecord } from "../records.js";
import { invalidLambdaResponse, runTrigger, type TriggerContext, type TriggerSource } from "./run-trigger.js";

export type MessageSource = Extract<TriggerSource, `CustomMessage_${string}`>;

export interface CustomMessageAnswer { readonly smsMessage?: string; readonly emailMessage?: string; readonly emailSubject?: string }

export const CODE_PARAMETER = "{####}";
export const USERNAME_PARAMETER = "{username}";

/** The function's messages, or undefined when the pool has no custom message trigger. */
export async function customMessage(ctx: TriggerContext, pool: PoolRecord, source: MessageSource, input: {
  readonly userName: string; readonly clientId?: string; readonly userAttributes: Record<string, string>; readonly clientMetadata?: Readonly<Record<string, string>>;
}): Promise<CustomMessageAnswer | undefined> {
  const response = await runTrigger(ctx, pool, source, {
    userName: input.userName, clientId: input.clientId,
    request: {
      userAttributes: input.userAttributes,
      codeParameter: CODE_PARAMETER,
      linkParameter: "{##Click Here##}",
      usernameParameter: source === "CustomMessage_AdminCreateUser" ? USERNAME_PARAMETER : null,
      ...(input.clientMetadata && { clientMetadata: { ...input.clientMetadata } }),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return undefined;
  const text = (name: string): string | undefined => {
    const value = response[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw invalidLambdaResponse(`Invalid lambda response: ${name} must be a string.`);
    return value;
  };
  const answer = { smsMessage: text("smsMessage"), emailMessage: text("emailMessage"), emailSubject: text("emailSubject") };
  // As the Developer Guide says: email text is the function's to set only when the pool sends through SES.
  const sending = (pool.settings.EmailConfiguration as { EmailSendingAccount?: string } | undefined)?.EmailSendingAccount ?? "COGNITO_DEFAULT";
  if ((answer.emailMessage !== undefined || answer.emailSubject !== undefined) && sending !== "DEVELOPER") {
    throw invalidLambdaResponse("Invalid lambda response: emailMessage and emailSubject are allowed only when the user pool's EmailSendingAccount is DEVELOPER.");
  }
  return answer;
}
