// Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile, and
// ChangePassword (an IAM user changing its own). Passwords are kept only as salted scrypt hashes.
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { Caller } from "../../auth/caller.js";
import { awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { deleteChecks, iamTables, nameKey, type LoginProfileRecord } from "./records.js";
import { checkPassword, passwordPolicyOf, passwordViolation, POLICY_VIOLATION } from "./password-policy.js";
import { requireUser } from "./users.js";

/** The stored row: the shared record plus what the credential report and reuse prevention need. */
export interface LoginProfileRow extends LoginProfileRecord {
  readonly passwordLastChanged?: string;
  /** Earlier hashes, newest first, kept only as far back as PasswordReusePrevention can look (24). */
  readonly previousHashes?: readonly string[];
}

const HISTORY = 24;
// scrypt's cost: strong enough for a local emulator while keeping each call to a few milliseconds.
const SCRYPT = { N: 8192, r: 8, p: 1 } as const;

export function loginProfilesOf(store: AccountStore): Collection<LoginProfileRow> {
  return iamTables.loginProfiles(store) as Collection<LoginProfileRow>;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function passwordMatches(password: string, stored: string): boolean {
  const [scheme, n, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length, { ...SCRYPT, N: Number(n) });
  return timingSafeEqual(actual, expected);
}

const notFound = (userName: string) => awsError("iam", "NoSuchEntity", `Login Profile for User ${userName} cannot be found.`);

function requireProfile(store: AccountStore, userName: string): LoginProfileRow {
  const profile = loginProfilesOf(store).get(nameKey(userName));
  if (!profile) throw notFound(userName);
  return profile;
}

/** Without UserName these calls act on the calling IAM user, as AWS does. */
function targetName(caller: Caller, userName: string | undefined): string {
  if (userName !== undefined) return userName;
  if (caller.type === "user" && caller.name) return caller.name;
  throw awsError("iam", "ValidationError", "Must specify userName when calling with non-User credentials");
}

function checkNewPassword(store: AccountStore, password: string, profile?: LoginProfileRow): void {
  const problem = checkPassword(store, password);
  if (problem) throw passwordViolation(problem);
  const reuse = passwordPolicyOf(store)?.PasswordReusePrevention;
  if (profile && reuse) {
    const recent = [profile.passwordHash, ...(profile.previousHashes ?? [])].slice(0, reuse);
    if (recent.some((hash) => passwordMatches(password, hash))) throw passwordViolation(POLICY_VIOLATION);
  }
}

function withNewPassword(profile: LoginProfileRow, password: string, now: string): LoginProfileRow {
  return {
    ...profile,
    passwordHash: hashPassword(password),
    passwordLastChanged: now,
    previousHashes: [profile.passwordHash, ...(profile.previousHashes ?? [])].slice(0, HISTORY),
  };
}

function profileShape(profile: LoginProfileRecord) {
  return { UserName: profile.UserName, CreateDate: profile.CreateDate, PasswordResetRequired: profile.PasswordResetRequired };
}

interface CreateInput { UserName?: string; Password?: string; PasswordResetRequired?: boolean }

export const CreateLoginProfile: Operation<CreateInput, object> = ({ input, caller, store, clock }) => {
  const user = requireUser(store, targetName(caller, input.UserName));
  if (input.Password === undefined) {
    throw awsError("iam", "ValidationError", "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null");
  }
  const profiles = loginProfilesOf(store);
  if (profiles.has(nameKey(user.UserName))) {
    throw awsError("iam", "EntityAlreadyExists", `Login Profile for user ${user.UserName} already exists.`);
  }
  checkNewPassword(store, input.Password);
  const now = clock.now().toISOString();
  const profile = profiles.put(nameKey(user.UserName), {
    UserName: user.UserName,
    CreateDate: now,
    PasswordResetRequired: input.PasswordResetRequired ?? false,
    passwordHash: hashPassword(input.Password),
    passwordLastChanged: now,
  });
  return { LoginProfile: profileShape(profile) };
};

export const GetLoginProfile: Operation<{ UserName?: string }, object> = ({ input, caller, store }) => {
  const user = requireUser(store, targetName(caller, input.UserName));
  return { LoginProfile: profileShape(requireProfile(store, user.UserName)) };
};

export const UpdateLoginProfile: Operation<{ UserName: string; Password?: string; PasswordResetRequired?: boolean }, Record<string, never>> = ({ input, store, clock }) => {
  const user = requireUser(store, input.UserName);
  let profile = requireProfile(store, user.UserName);
  if (input.Password !== undefined) {
    checkNewPassword(store, input.Password, profile);
    profile = withNewPassword(profile, input.Password, clock.now().toISOString());
  }
  if (input.PasswordResetRequired !== undefined) profile = { ...profile, PasswordResetRequired: input.PasswordResetRequired };
  loginProfilesOf(store).put(nameKey(user.UserName), profile);
  return {};
};

export const DeleteLoginProfile: Operation<{ UserName?: string }, Record<string, never>> = ({ input, caller, store }) => {
  const user = requireUser(store, targetName(caller, input.UserName));
  requireProfile(store, user.UserName);
  loginProfilesOf(store).delete(nameKey(user.UserName));
  return {};
};

/** The calling IAM user changes its own password; a successful change clears PasswordResetRequired. */
export const ChangePassword: Operation<{ OldPassword: string; NewPassword: string }, Record<string, never>> = ({ input, caller, store, clock }) => {
  if (caller.type !== "user" || !caller.name) {
    throw awsError("iam", "InvalidUserType", "Only IAM Users can change their own password.");
  }
  const user = requireUser(store, caller.name);
  const profile = requireProfile(store, user.UserName);
  if (!passwordMatches(input.OldPassword, profile.passwordHash)) {
    throw awsError("iam", "AccessDenied", "The old password is incorrect.");
  }
  checkNewPassword(store, input.NewPassword, profile);
  loginProfilesOf(store).put(nameKey(user.UserName), {
    ...withNewPassword(profile, input.NewPassword, clock.now().toISOString()),
    PasswordResetRequired: false,
  });
  return {};
};

deleteChecks.user.push((store, userName) => (loginProfilesOf(store).has(nameKey(userName)) ? "delete login profile" : undefined));

export const operations = { CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile, ChangePassword };
