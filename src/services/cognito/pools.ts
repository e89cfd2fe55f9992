// User pools: CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools,
// SetUserPoolMfaConfig, GetUserPoolMfaConfig, AddCustomAttributes, and tags (TagResource, UntagResource,
// ListTagsForResource).
import { partitionOf } from "../../partition.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { awsError } from "../../protocol/errors.js";
import { cognitoErrors } from "./errors.js";
import { newPoolId } from "./ids.js";
import { pageOf } from "./pagination.js";
import { cognitoIndexes, cognitoTables, type PasswordPolicy, type PoolRecord, type SchemaAttribute } from "./records.js";
import { newSessionKey } from "./sealed.js";
import { newSigningKey } from "./signing-keys.js";

const STRING = (min = "0", max = "2048") => ({ AttributeDataType: "String", StringAttributeConstraints: { MinLength: min, MaxLength: max } });
const STANDARD: readonly SchemaAttribute[] = [
  { Name: "sub", ...STRING("1"), DeveloperOnlyAttribute: false, Mutable: false, Required: true },
  ...["name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "email"]
    .map((Name) => ({ Name, ...STRING(), DeveloperOnlyAttribute: false, Mutable: true, Required: false })),
  { Name: "email_verified", AttributeDataType: "Boolean", DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  { Name: "gender", ...STRING(), DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  { Name: "birthdate", ...STRING("10", "10"), DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  ...["zoneinfo", "locale", "phone_number"].map((Name) => ({ Name, ...STRING(), DeveloperOnlyAttribute: false, Mutable: true, Required: false })),
  { Name: "phone_number_verified", AttributeDataType: "Boolean", DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  { Name: "address", ...STRING(), DeveloperOnlyAttribute: false, Mutable: true, Required: false },
  { Name: "updated_at", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "0" }, DeveloperOnlyAttribute: false, Mutable: true, Required: false },
];
const STANDARD_NAMES = new Set(STANDARD.map((a) => a.Name));

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7,
};

// Members UpdateUserPool may change; any it omits go back to their defaults, as AWS does.
const UPDATABLE = ["DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes", "SmsVerificationMessage", "EmailVerificationMessage",
  "EmailVerificationSubject", "VerificationMessageTemplate", "SmsAuthenticationMessage", "UserAttributeUpdateSettings", "DeviceConfiguration",
  "EmailConfiguration", "SmsConfiguration", "AdminCreateUserConfig", "UserPoolAddOns", "AccountRecoverySetting", "UserPoolTier"] as const;
const FIXED = ["AliasAttributes", "UsernameAttributes", "UsernameConfiguration"] as const;

/** What CreateUserPool stores for the settings it is not given (DescribeUserPool answers them). */
export const POOL_DEFAULTS: Readonly<Record<string, unknown>> = {
  DeletionProtection: "INACTIVE",
  LambdaConfig: {},
  VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE" },
  EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
  UserPoolTier: "ESSENTIALS",
};

/** Policies.SignInPolicy.AllowedFirstAuthFactors, or Cognito's default (passwords only). */
export function allowedFirstFactors(pool: PoolRecord): readonly string[] {
  return (pool.settings.SignInPolicy as { AllowedFirstAuthFactors?: string[] } | undefined)?.AllowedFirstAuthFactors ?? ["PASSWORD"];
}

export function requirePool(store: AccountStore, poolId: string): PoolRecord {
  const pool = cognitoTables.pools(store).get(poolId);
  if (!pool) throw cognitoErrors.poolNotFound(poolId);
  return pool;
}

export const poolArn = (region: string, accountId: string, poolId: string): string =>
  `arn:${partitionOf(region)}:cognito-idp:${region}:${accountId}:userpool/${poolId}`;

function passwordPolicy(input: Partial<PasswordPolicy> | undefined): PasswordPolicy {
  return { ...DEFAULT_PASSWORD_POLICY, ...Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== undefined)) };
}

const bareName = (name: string) => name.replace(/^(dev:)?custom:/, "");
const sameCustom = (a: SchemaAttribute, name: string) => /^(dev:)?custom:/.test(a.Name) && bareName(a.Name) === name;
/** A custom attribute's name as the pool lists it: developer-only ones carry the dev: prefix (API_SchemaAttributeType). */
const customName = (a: SchemaAttribute) => `${a.DeveloperOnlyAttribute ? "dev:" : ""}custom:${bareName(a.Name)}`;

/**
 * A custom attribute as CreateUserPool and AddCustomAttributes check it (API_SchemaAttributeType,
 * API_StringAttributeConstraintsType, API_NumberAttributeConstraintsType): never required, string lengths
 * within 0..2048, numeric bounds that are numbers, and a minimum not above its maximum.
 */
function checkCustomAttribute(a: SchemaAttribute): void {
  if (a.Required) throw cognitoErrors.invalidParameter("Required custom attributes are not supported currently.");
  const type = a.AttributeDataType ?? "String";
  const s = a.StringAttributeConstraints, n = a.NumberAttributeConstraints;
  if (s && type === "String") {
    const min = s.MinLength === undefined ? 0 : Number(s.MinLength), max = s.MaxLength === undefined ? 2048 : Number(s.MaxLength);
    if (!Number.isInteger(min) || min < 0 || !Number.isInteger(max) || max > 2048) {
      throw cognitoErrors.invalidParameter(`Invalid string attribute constraints for custom:${bareName(a.Name)}: lengths must be whole numbers from 0 to 2048.`);
    }
    if (min > max) throw cognitoErrors.invalidParameter(`Min length cannot be greater than max length for custom:${bareName(a.Name)}.`);
  }
  if (n && type === "Number") {
    const min = n.MinValue === undefined ? -Infinity : Number(n.MinValue), max = n.MaxValue === undefined ? Infinity : Number(n.MaxValue);
    if (Number.isNaN(min) || Number.isNaN(max)) throw cognitoErrors.invalidParameter(`Invalid number attribute constraints for custom:${bareName(a.Name)}: MinValue and MaxValue must be numbers.`);
    if (min > max) throw cognitoErrors.invalidParameter(`Min value cannot be greater than max value for custom:${bareName(a.Name)}.`);
  }
}

function customAttribute(a: SchemaAttribute): SchemaAttribute {
  checkCustomAttribute(a);
  const type = a.AttributeDataType ?? "String";
  return {
    Name: customName(a), AttributeDataType: type, DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false, Mutable: a.Mutable ?? true, Required: false,
    ...(type === "String" && { StringAttributeConstraints: a.StringAttributeConstraints ?? {} }),
    ...(type === "Number" && { NumberAttributeConstraints: a.NumberAttributeConstraints ?? {} }),
  };
}

/** The standard attributes with the pool's choices applied, then its custom ones. */
function schemaFor(input: readonly SchemaAttribute[] | undefined): SchemaAttribute[] {
  const out = STANDARD.map((a) => ({ ...a }));
  for (const given of input ?? []) {
    if (STANDARD_NAMES.has(given.Name)) {
      const i = out.findIndex((a) => a.Name === given.Name);
      out[i] = { ...out[i]!, Required: given.Required ?? out[i]!.Required, Mutable: given.Mutable ?? out[i]!.Mutable };
    } else {
      const name = bareName(given.Name);
      if (out.some((a) => sameCustom(a, name))) throw cognitoErrors.invalidParameter(`Existing attribute already has name custom:${name}.`);
      out.push(customAttribute({ ...given, Name: name }));
    }
  }
  return out;
}

export function poolShape(store: AccountStore, pool: PoolRecord): Record<string, unknown> {
  const estimated = [...cognitoTables.users(store).withPrefix(`${pool.Id}\u0000`)].length;
  const domain = [...cognitoTables.domains(store).withPrefix(`${pool.Id}\u0000`)][0]?.[1];
  const { SignInPolicy, ...settings } = pool.settings;
  return {
    ...POOL_DEFAULTS, ...settings,
    Id: pool.Id, Name: pool.Name, Arn: pool.Arn, CreationDate: pool.CreationDate, LastModifiedDate: pool.LastModifiedDate,
    Policies: { PasswordPolicy: pool.passwordPolicy, SignInPolicy: SignInPolicy ?? { AllowedFirstAuthFactors: [...allowedFirstFactors(pool)] } },
    SchemaAttributes: pool.schema, MfaConfiguration: pool.MfaConfiguration, EstimatedNumberOfUsers: estimated,
    UserPoolTags: pool.tags ?? {},
    ...(domain && (domain.CustomDomainConfig ? { CustomDomain: domain.Domain } : { Domain: domain.Domain })),
  };
}

type PoolInput = Record<string, unknown> & {
  PoolName: string; Policies?: { PasswordPolicy?: Partial<PasswordPolicy>; SignInPolicy?: { AllowedFirstAuthFactors?: string[] } }; Schema?: SchemaAttribute[];
  MfaConfiguration?: "OFF" | "ON" | "OPTIONAL"; UserPoolTags?: Record<string, string>;
  AliasAttributes?: string[]; UsernameAttributes?: string[];
};

// The verification messages are given either at the top level or in VerificationMessageTemplate, and Cognito
// answers both as one setting (its describe output mirrors each into the other, which is why Terraform marks the
// top-level ones computed: hashicorp/terraform-provider-aws#9758).
const MIRRORED = [["SmsVerificationMessage", "SmsMessage"], ["EmailVerificationMessage", "EmailMessage"], ["EmailVerificationSubject", "EmailSubject"]] as const;

function withMirroredMessages(settings: Record<string, unknown>): Record<string, unknown> {
  const template = { ...(settings.VerificationMessageTemplate as Record<string, unknown> | undefined) };
  const out = { ...settings };
  for (const [top, inner] of MIRRORED) {
    const value = template[inner] ?? settings[top];
    if (value === undefined) continue;
    template[inner] = value;
    out[top] = value;
  }
  if (Object.keys(template).length) out.VerificationMessageTemplate = { DefaultEmailOption: "CONFIRM_WITH_CODE", ...template };
  return out;
}

function pick(input: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => input[n] !== undefined).map((n) => [n, input[n]]));
}

type LambdaConfig = Record<string, unknown> & { PreTokenGeneration?: string; PreTokenGenerationConfig?: { LambdaArn: string; LambdaVersion: string } };

/**
 * The settings a create or update stores: LambdaConfig's two names for the pre token generation function
 * agree (Cognito fills one from the other), and the sign-in policy lives beside the others.
 */
function settingsOf(input: PoolInput, kept: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...kept, ...pick(input, UPDATABLE) };
  const lambda = input.LambdaConfig as LambdaConfig | undefined;
  if (lambda) {
    const config = lambda.PreTokenGenerationConfig;
    if (config && lambda.PreTokenGeneration !== undefined && lambda.PreTokenGeneration !== config.LambdaArn) {
      throw cognitoErrors.invalidParameter("The PreTokenGeneration and PreTokenGenerationConfig.LambdaArn values must be the same.");
    }
    settings.LambdaConfig = config ? { ...lambda, PreTokenGeneration: config.LambdaArn } : lambda.PreTokenGeneration ? { ...lambda, PreTokenGenerationConfig: { LambdaArn: lambda.PreTokenGeneration, LambdaVersion: "V1_0" } } : lambda;
  }
  if (input.Policies?.SignInPolicy) settings.SignInPolicy = input.Policies.SignInPolicy;
  return withMirroredMessages(settings);
}

export const CreateUserPool: Operation<PoolInput, { UserPool: Record<string, unknown> }> = async ({ input, store, clock, region, caller }) => {
  if (input.AliasAttributes?.length && input.UsernameAttributes?.length) {
    throw cognitoErrors.invalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.");
  }
  const mfa = input.MfaConfiguration ?? "OFF";
  if (mfa === "ON") throw cognitoErrors.invalidParameter("Invalid MFA configuration given, can't turn on MFA and disable all MFA types.");
  const signingKey = await newSigningKey();
  const now = clock.now().toISOString();
  const id = newPoolId(region);
  const pool: PoolRecord = {
    Id: id, Name: input.PoolName, Arn: poolArn(region, caller.accountId, id), CreationDate: now, LastModifiedDate: now,
    settings: settingsOf(input, pick(input, FIXED)),
    passwordPolicy: passwordPolicy(input.Policies?.PasswordPolicy),
    schema: schemaFor(input.Schema),
    MfaConfiguration: mfa,
    softwareTokenMfaEnabled: false,
    signingKey,
    sessionKey: newSessionKey(),
    tags: input.UserPoolTags && Object.keys(input.UserPoolTags).length ? input.UserPoolTags : undefined,
  };
  cognitoTables.pools(store).put(id, pool);
  cognitoIndexes.pools(store).put(id, { accountId: store.accountId, region: store.region, poolId: id });
  return { UserPool: poolShape(store, pool) };
};

export const DescribeUserPool: Operation<{ UserPoolId: string }, { UserPool: Record<string, unknown> }> = ({ input, store }) =>
  ({ UserPool: poolShape(store, requirePool(store, input.UserPoolId)) });

export const UpdateUserPool: Operation<PoolInput & { UserPoolId: string }, Record<string, never>> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const mfa = input.MfaConfiguration ?? "OFF";
  if (mfa !== "OFF" && !pool.softwareTokenMfaEnabled && !pool.smsMfa && !pool.emailMfa) {
    throw cognitoErrors.invalidParameter("Invalid MFA configuration given, can't turn on MFA and disable all MFA types.");
  }
  // A sign-in policy left out is kept: UpdateUserPool's Policies replaces the password policy only when given.
  const kept = { ...pick(pool.settings, FIXED), ...(input.Policies?.SignInPolicy === undefined && pool.settings.SignInPolicy !== undefined && { SignInPolicy: pool.settings.SignInPolicy }) };
  cognitoTables.pools(store).put(pool.Id, {
    ...pool,
    Name: input.PoolName ?? pool.Name,
    settings: settingsOf(input, kept),
    passwordPolicy: passwordPolicy(input.Policies?.PasswordPolicy),
    MfaConfiguration: mfa,
    tags: input.UserPoolTags !== undefined ? input.UserPoolTags : pool.tags,
    LastModifiedDate: clock.now().toISOString(),
  });
  return {};
};

export const DeleteUserPool: Operation<{ UserPoolId: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  if (pool.settings.DeletionProtection === "ACTIVE") {
    throw cognitoErrors.invalidParameter("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
  }
  if ([...cognitoTables.domains(store).withPrefix(`${pool.Id}\u0000`)].length) {
    throw cognitoErrors.invalidParameter("User pool cannot be deleted. It has a domain configured that should be deleted first.");
  }
  const prefix = `${pool.Id}\u0000`;
  for (const [name, table] of Object.entries(cognitoTables)) {
    if (name === "pools") continue;
    const rows = table(store);
    for (const [key, row] of [...rows.withPrefix(prefix)]) {
      if (name === "clients") cognitoIndexes.clients(store).delete((row as { ClientId: string }).ClientId);
      rows.delete(key);
    }
  }
  cognitoTables.pools(store).delete(pool.Id);
  cognitoIndexes.pools(store).delete(pool.Id);
  return {};
};

export const ListUserPools: Operation<{ MaxResults: number; NextToken?: string }, { UserPools: unknown[]; NextToken?: string }> = ({ input, store }) => {
  const page = pageOf(cognitoTables.pools(store), "", input.NextToken, input.MaxResults, () => true,
    (p) => ({ Id: p.Id, Name: p.Name, LambdaConfig: p.settings.LambdaConfig ?? {}, CreationDate: p.CreationDate, LastModifiedDate: p.LastModifiedDate }));
  return { UserPools: page.items, NextToken: page.next };
};

interface MfaConfigInput {
  UserPoolId: string; MfaConfiguration?: "OFF" | "ON" | "OPTIONAL"; SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  SmsMfaConfiguration?: PoolRecord["smsMfa"]; EmailMfaConfiguration?: PoolRecord["emailMfa"];
  WebAuthnConfiguration?: { RelyingPartyId?: string; UserVerification?: string; FactorConfiguration?: string };
}

function mfaConfigShape(pool: PoolRecord): Record<string, unknown> {
  return {
    MfaConfiguration: pool.MfaConfiguration, SoftwareTokenMfaConfiguration: { Enabled: pool.softwareTokenMfaEnabled },
    ...(pool.smsMfa && { SmsMfaConfiguration: pool.smsMfa }), ...(pool.emailMfa && { EmailMfaConfiguration: pool.emailMfa }),
    ...(pool.webAuthn && { WebAuthnConfiguration: pool.webAuthn }),
  };
}

/** Passkeys' relying party: a host name (no scheme, port or path), the user verification they ask for. */
function webAuthnConfig(input: { RelyingPartyId?: string; UserVerification?: string; FactorConfiguration?: string }, current: PoolRecord["webAuthn"]): PoolRecord["webAuthn"] {
  const rpId = input.RelyingPartyId ?? current?.RelyingPartyId;
  if (rpId !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(rpId)) {
    throw cognitoErrors.invalidParameter(`RelyingPartyId must be a host name such as auth.example.com or localhost, without scheme, port or path: got ${rpId}.`);
  }
  // Passkeys as a second factor are not emulated: say so rather than store a setting that would do nothing.
  if (input.FactorConfiguration === "MULTI_FACTOR_WITH_USER_VERIFICATION") {
    throw awsError("cognito-idp", "NotImplemented", "WebAuthnConfiguration.FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION (passkeys as MFA) is not implemented by AWS Identity Emulator; passkeys sign in as a first factor (USER_AUTH).");
  }
  const verification = (input.UserVerification ?? current?.UserVerification ?? "preferred") as "required" | "preferred";
  return { ...(rpId !== undefined && { RelyingPartyId: rpId }), UserVerification: verification, ...(input.FactorConfiguration && { FactorConfiguration: input.FactorConfiguration }) };
}

/** Each factor left out keeps its setting; the pool needs at least one factor before MFA can be OPTIONAL or ON. */
export const SetUserPoolMfaConfig: Operation<MfaConfigInput, Record<string, unknown>> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const webAuthn = input.WebAuthnConfiguration !== undefined ? webAuthnConfig(input.WebAuthnConfiguration, pool.webAuthn) : pool.webAuthn;
  const email = input.EmailMfaConfiguration ?? pool.emailMfa;
  if (input.EmailMfaConfiguration !== undefined && (pool.settings.EmailConfiguration as { EmailSendingAccount?: string } | undefined)?.EmailSendingAccount !== "DEVELOPER") {
    throw cognitoErrors.invalidParameter("Email MFA requires the user pool to send email with Amazon SES: set EmailConfiguration.EmailSendingAccount to DEVELOPER.");
  }
  const totp = input.SoftwareTokenMfaConfiguration?.Enabled ?? pool.softwareTokenMfaEnabled;
  const sms = input.SmsMfaConfiguration ?? pool.smsMfa;
  const mfa = input.MfaConfiguration ?? pool.MfaConfiguration;
  if (mfa !== "OFF" && !totp && !sms && !email) throw cognitoErrors.invalidParameter("Invalid MFA configuration given, can't turn on MFA and disable all MFA types.");
  const next: PoolRecord = { ...pool, MfaConfiguration: mfa, softwareTokenMfaEnabled: totp, smsMfa: sms, emailMfa: email, webAuthn, LastModifiedDate: clock.now().toISOString() };
  cognitoTables.pools(store).put(pool.Id, next);
  return mfaConfigShape(next);
};

export const GetUserPoolMfaConfig: Operation<{ UserPoolId: string }, Record<string, unknown>> = ({ input, store }) =>
  mfaConfigShape(requirePool(store, input.UserPoolId));

export const AddCustomAttributes: Operation<{ UserPoolId: string; CustomAttributes: SchemaAttribute[] }, Record<string, never>> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const schema = [...pool.schema];
  for (const a of input.CustomAttributes) {
    const name = bareName(a.Name);
    if (schema.some((s) => sameCustom(s, name))) {
      throw cognitoErrors.invalidParameter(`Existing attribute already has name custom:${name}.`);
    }
    schema.push(customAttribute({ ...a, Name: name }));
  }
  cognitoTables.pools(store).put(pool.Id, { ...pool, schema, LastModifiedDate: clock.now().toISOString() });
  return {};
};

function poolByArn(store: AccountStore, arn: string): PoolRecord {
  const id = /^arn:[\w-]+:cognito-idp:[^:]+:\d{12}:userpool\/(.+)$/.exec(arn)?.[1];
  const pool = id ? cognitoTables.pools(store).get(id) : undefined;
  if (!pool || pool.Arn !== arn) throw cognitoErrors.resourceNotFound(`The resource ${arn} does not exist.`);
  return pool;
}

export const TagResource: Operation<{ ResourceArn: string; Tags: Record<string, string> }, Record<string, never>> = ({ input, store }) => {
  const pool = poolByArn(store, input.ResourceArn);
  cognitoTables.pools(store).put(pool.Id, { ...pool, tags: { ...pool.tags, ...input.Tags } });
  return {};
};

export const UntagResource: Operation<{ ResourceArn: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const pool = poolByArn(store, input.ResourceArn);
  const tags = Object.fromEntries(Object.entries(pool.tags ?? {}).filter(([k]) => !input.TagKeys.includes(k)));
  cognitoTables.pools(store).put(pool.Id, { ...pool, tags });
  return {};
};

export const ListTagsForResource: Operation<{ ResourceArn: string }, { Tags: Record<string, string> }> = ({ input, store }) =>
  ({ Tags: { ...poolByArn(store, input.ResourceArn).tags } });

export const operations = {
  CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools,
  SetUserPoolMfaConfig, GetUserPoolMfaConfig, AddCustomAttributes, TagResource, UntagResource, ListTagsForResource,
};
