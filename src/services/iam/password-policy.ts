// Account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy,
// and checkPassword, which login profiles (and ChangePassword) apply to every new password.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { awsError } from "../../protocol/errors.js";
import { iamTables } from "./records.js";

export interface PasswordPolicy {
  readonly MinimumPasswordLength: number;
  readonly RequireSymbols: boolean;
  readonly RequireNumbers: boolean;
  readonly RequireUppercaseCharacters: boolean;
  readonly RequireLowercaseCharacters: boolean;
  readonly AllowUsersToChangePassword: boolean;
  readonly ExpirePasswords: boolean;
  readonly MaxPasswordAge?: number;
  readonly PasswordReusePrevention?: number;
  readonly HardExpiry?: boolean;
}

const KEY = "passwordPolicy";

export function passwordPolicyOf(store: AccountStore): PasswordPolicy | undefined {
  return iamTables.account(store).get(KEY) as PasswordPolicy | undefined;
}

// IAM's symbol set, per the password policy documentation.
const SYMBOL = /[!@#$%^&*()_+\-=[\]{}|']/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const NUMBER = /[0-9]/;

export const POLICY_VIOLATION = "Password does not conform to the account password policy.";

/**
 * Why `password` is refused by the account's policy (AWS's PasswordPolicyViolation message), or undefined.
 * Without a custom policy AWS applies its default: 8 characters and three of the four character kinds.
 */
export function checkPassword(store: AccountStore, password: string): string | undefined {
  const policy = passwordPolicyOf(store);
  if (policy) {
    const fails = password.length < policy.MinimumPasswordLength
      || (policy.RequireSymbols && !SYMBOL.test(password))
      || (policy.RequireNumbers && !NUMBER.test(password))
      || (policy.RequireUppercaseCharacters && !UPPER.test(password))
      || (policy.RequireLowercaseCharacters && !LOWER.test(password));
    return fails ? POLICY_VIOLATION : undefined;
  }
  if (password.length < 8) return "Password should have a minimum length of 8";
  const missing = [
    [UPPER, "Password should have at least one uppercase letter"],
    [LOWER, "Password should have at least one lowercase letter"],
    [NUMBER, "Password should have at least one number"],
    [SYMBOL, "Password should have at least one symbol"],
  ].filter(([re]) => !(re as RegExp).test(password)).map(([, text]) => text as string);
  if (missing.length <= 1) return undefined;
  return `Password should meet ${missing.length - 1} more of the following requirements: ${missing.join(", ")}`;
}

export function passwordViolation(message: string) {
  return awsError("iam", "PasswordPolicyViolation", message);
}

interface UpdateInput {
  MinimumPasswordLength?: number; RequireSymbols?: boolean; RequireNumbers?: boolean; RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean; AllowUsersToChangePassword?: boolean; MaxPasswordAge?: number;
  PasswordReusePrevention?: number; HardExpiry?: boolean;
}

/** Replaces the whole policy: a parameter left out takes its default, as AWS documents. */
export const UpdateAccountPasswordPolicy: Operation<UpdateInput, Record<string, never>> = ({ input, store }) => {
  const policy: PasswordPolicy = {
    MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
    RequireSymbols: input.RequireSymbols ?? false,
    RequireNumbers: input.RequireNumbers ?? false,
    RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
    RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
    AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
    ExpirePasswords: (input.MaxPasswordAge ?? 0) > 0,
    MaxPasswordAge: input.MaxPasswordAge,
    PasswordReusePrevention: input.PasswordReusePrevention,
    HardExpiry: input.HardExpiry,
  };
  iamTables.account(store).put(KEY, policy);
  return {};
};

export const GetAccountPasswordPolicy: Operation<Record<string, never>, { PasswordPolicy: PasswordPolicy }> = ({ store }) => {
  const policy = passwordPolicyOf(store);
  if (!policy) throw awsError("iam", "NoSuchEntity", `The Password Policy with domain name ${store.accountId} cannot be found.`);
  return { PasswordPolicy: policy };
};

export const DeleteAccountPasswordPolicy: Operation<Record<string, never>, Record<string, never>> = ({ store }) => {
  if (!iamTables.account(store).delete(KEY)) {
    throw awsError("iam", "NoSuchEntity", "The account policy with name PasswordPolicy cannot be found.");
  }
  return {};
};

export const operations = { UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy };
