// Pre and post authentication, and user migration: the events a sign-in raises around the password check.
import { cognitoErrors } from "../errors.js";
import type { PoolRecord, UserRecord } from "../records.js";
import { eventAttributes, flag, invalidLambdaResponse, metadata, runTrigger, stringMap, type TriggerContext } from "./run-trigger.js";

type Metadata = Readonly<Record<string, string>> | undefined;

/**
 * Before a sign-in is checked. `user` is undefined only for a name that matches nobody on a client that
 * hides user existence (the event then says userNotFound), as Cognito raises it only then.
 */
export async function preAuthentication(ctx: TriggerContext, pool: PoolRecord, clientId: string, username: string, user: UserRecord | undefined,
  validationData: Metadata, hidesUsers: boolean): Promise<void> {
  await runTrigger(ctx, pool, "PreAuthentication_Authentication", {
    userName: user?.Username ?? username, clientId,
    request: {
      userAttributes: user ? eventAttributes(user) : {},
      ...(validationData && { validationData: metadata(validationData) }),
      ...(hidesUsers && { userNotFound: user === undefined }),
    },
    response: {},
  });
}

/** After the user proved who they are, before tokens are returned. */
export async function postAuthentication(ctx: TriggerContext, pool: PoolRecord, clientId: string, user: UserRecord, newDeviceUsed: boolean | undefined,
  clientMetadata: Metadata): Promise<void> {
  await runTrigger(ctx, pool, "PostAuthentication_Authentication", {
    userName: user.Username, clientId,
    request: {
      userAttributes: eventAttributes(user),
      ...(newDeviceUsed !== undefined && { newDeviceUsed }),
      ...(clientMetadata && { clientMetadata: metadata(clientMetadata) }),
    },
    response: {},
  });
}

export interface MigratedUser {
  readonly attributes: Record<string, string>;
  readonly finalUserStatus?: "CONFIRMED" | "RESET_REQUIRED";
  readonly messageAction?: "SUPPRESS" | "RESEND";
  readonly desiredDeliveryMediums: readonly ("EMAIL" | "SMS")[];
  readonly forceAliasCreation: boolean;
  readonly enableSMSMFA: boolean;
}

/**
 * A name that matches no user, on a pool with a user migration trigger: the function looks the user up in
 * the old directory (checking `password` at sign-in). Undefined when the pool has no such trigger.
 */
export async function userMigration(ctx: TriggerContext, pool: PoolRecord, source: "UserMigration_Authentication" | "UserMigration_ForgotPassword",
  clientId: string, username: string, password: string | undefined, validationData: Metadata, clientMetadata: Metadata): Promise<MigratedUser | undefined> {
  const response = await runTrigger(ctx, pool, source, {
    userName: username, clientId,
    request: {
      ...(password !== undefined && { password }),
      ...(validationData && { validationData: metadata(validationData) }),
      ...(clientMetadata && { clientMetadata: metadata(clientMetadata) }),
    },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  });
  if (!response) return undefined;
  const attributes = stringMap(response.userAttributes, "userAttributes");
  // Without attributes there is no user to create: Cognito answers as for an unknown user.
  if (!attributes) throw cognitoErrors.userNotFound();
  const status = response.finalUserStatus ?? undefined;
  if (status !== undefined && status !== "CONFIRMED" && status !== "RESET_REQUIRED") {
    throw invalidLambdaResponse(`Invalid lambda response: finalUserStatus must be CONFIRMED or RESET_REQUIRED, not ${JSON.stringify(status)}.`);
  }
  const action = response.messageAction ?? undefined;
  if (action !== undefined && action !== "SUPPRESS" && action !== "RESEND") {
    throw invalidLambdaResponse(`Invalid lambda response: messageAction must be SUPPRESS or RESEND, not ${JSON.stringify(action)}.`);
  }
  const mediums = response.desiredDeliveryMediums ?? [];
  if (!Array.isArray(mediums) || mediums.some((m) => m !== "EMAIL" && m !== "SMS")) {
    throw invalidLambdaResponse("Invalid lambda response: desiredDeliveryMediums must list EMAIL or SMS.");
  }
  return {
    attributes, finalUserStatus: status, messageAction: action, desiredDeliveryMediums: mediums as ("EMAIL" | "SMS")[],
    forceAliasCreation: flag(response.forceAliasCreation), enableSMSMFA: flag(response.enableSMSMFA),
  };
}
