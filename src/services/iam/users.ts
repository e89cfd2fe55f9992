// Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser, ListUserTags,
// PutUserPermissionsBoundary, DeleteUserPermissionsBoundary.
import type { Caller } from "../../auth/caller.js";
import { awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import { deleteChecks, iamTables, nameKey, relationKey, type Boundary, type Tag, type UserRecord } from "./records.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { pageOf } from "./pagination.js";
import { setBoundaryUsage } from "./attachments.js";
import { awsManagedPolicy, isAwsManagedArn } from "./aws-managed-policies.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules } from "./tags.js";

export interface UserShape {
  UserName?: string; UserId: string; Arn: string; Path?: string; CreateDate: string;
  PermissionsBoundary?: UserRecord["PermissionsBoundary"]; Tags?: readonly Tag[]; PasswordLastUsed?: string;
}

export { nameKey, type UserRecord };

export function usersOf(store: AccountStore): Collection<UserRecord> {
  return iamTables.users(store);
}

export function requireUser(store: AccountStore, name: string): UserRecord {
  const user = usersOf(store).get(nameKey(name));
  if (!user) throw iamErrors.noSuchEntity("User", name);
  return user;
}

export function userShape(user: UserRecord, withTags = false): UserShape {
  const { UserName, UserId, Arn, Path, CreateDate, PermissionsBoundary, Tags, PasswordLastUsed } = user;
  return { Path, UserName, UserId, Arn, CreateDate, PasswordLastUsed, PermissionsBoundary, Tags: withTags && Tags?.length ? Tags : undefined };
}

/** An IAM entity's ARN in the request's account and partition. */
export function iamArn(store: AccountStore, kind: string, path: string, name: string): string {
  return `arn:${store.partition}:iam::${store.accountId}:${kind}${path}${name}`;
}

export function checkPath(path: string | undefined): string {
  const value = path ?? "/";
  if (!value.startsWith("/") || !value.endsWith("/")) {
    throw iamErrors.validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
  }
  return value;
}

const POLICY_ARN = /^arn:[\w-]+:iam::(\d{12}|aws):policy\/./;

/**
 * A permissions boundary must name a managed policy that exists: an AWS-managed one from the bundled
 * catalog, or a customer one in this account's policy table.
 */
export function permissionsBoundary(store: AccountStore, arn: string): Boundary {
  if (!POLICY_ARN.test(arn)) throw iamErrors.invalidInput(`ARN ${arn} is not valid.`);
  const exists = isAwsManagedArn(arn) ? awsManagedPolicy(arn) !== undefined : iamTables.policies(store).has(arn);
  if (!exists) throw awsError("iam", "NoSuchEntity", `Scope ARN: ${arn} does not exist or is not attachable.`);
  return { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: arn };
}

interface CreateUserInput { UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: Tag[] }

export const CreateUser: Operation<CreateUserInput, { User: UserShape }> = ({ input, caller, store, clock }) => {
  const users = usersOf(store);
  const path = checkPath(input.Path);
  const tags = initialTags(input.Tags, tagRules.user);
  const boundary = input.PermissionsBoundary !== undefined ? permissionsBoundary(store, input.PermissionsBoundary) : undefined;
  if (users.has(nameKey(input.UserName))) throw iamErrors.entityAlreadyExists("User", input.UserName);
  const user = users.put(nameKey(input.UserName), {
    UserName: input.UserName,
    UserId: uniqueId("AIDA"),
    Arn: iamArn(store, "user", path, input.UserName),
    Path: path,
    CreateDate: clock.now().toISOString(),
    PermissionsBoundary: boundary,
    Tags: tags,
    accessKeys: [],
  });
  setBoundaryUsage(store, "user", user.UserName, undefined, boundary?.PermissionsBoundaryArn);
  return { User: userShape(user, true) };
};

export const GetUser: Operation<{ UserName?: string }, { User: UserShape }> = ({ input, caller, store }) => {
  if (input.UserName !== undefined) return { User: userShape(requireUser(store, input.UserName), true) };
  return { User: callerAsUser(caller, store) };
};

/** GetUser without a name describes the caller: the root user, or the IAM user whose key signed. */
function callerAsUser(caller: Caller, store: AccountStore): UserShape {
  if (caller.type === "root") return { UserId: caller.accountId, Arn: caller.arn, CreateDate: new Date(0).toISOString() };
  if (caller.type === "user" && caller.name) return userShape(requireUser(store, caller.name), true);
  throw iamErrors.validation("Must specify userName when calling with non-User credentials");
}

export const ListUsers: Operation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, { Users: UserShape[]; IsTruncated: boolean; Marker?: string }> = ({ input, store }) => {
  const prefix = input.PathPrefix ?? "/";
  const { items, IsTruncated, Marker } = pageOf(usersOf(store), input, (u) => u.Path.startsWith(prefix), (u) => userShape(u));
  return { Users: items, IsTruncated, Marker };
};

export const UpdateUser: Operation<{ UserName: string; NewPath?: string; NewUserName?: string }, Record<string, never>> = ({ input, caller, store }) => {
  const users = usersOf(store);
  const user = requireUser(store, input.UserName);
  const newName = input.NewUserName ?? user.UserName;
  const newPath = input.NewPath !== undefined ? checkPath(input.NewPath) : user.Path;
  if (nameKey(newName) !== nameKey(user.UserName) && users.has(nameKey(newName))) throw iamErrors.entityAlreadyExists("User", newName);
  users.delete(nameKey(user.UserName));
  users.put(nameKey(newName), { ...user, UserName: newName, Path: newPath, Arn: iamArn(store, "user", newPath, newName) });
  renameKeyOwner(store, user, newName);
  if (newName !== user.UserName) {
    renamePrincipal(store, "user", user.UserName, newName);
    const boundaryArn = user.PermissionsBoundary?.PermissionsBoundaryArn;
    setBoundaryUsage(store, "user", user.UserName, boundaryArn, undefined);
    setBoundaryUsage(store, "user", newName, undefined, boundaryArn);
    renameUserCredentials(store, user.UserName, newName);
  }
  return {};
};

/**
 * A user or group renamed keeps what hangs off its name: group memberships, attached and inline
 * policies (every relation table is keyed by the lower-cased name, see records.ts).
 */
export function renamePrincipal(store: AccountStore, kind: "user" | "group", oldName: string, newName: string): void {
  const from = nameKey(oldName);
  const to = nameKey(newName);
  const members = iamTables.groupMembers(store);
  const reverse = iamTables.userGroups(store);
  // Membership is indexed both ways: the side keyed by this principal moves, the other is rewritten.
  const [own, other] = kind === "user" ? [reverse, members] : [members, reverse];
  for (const [key, row] of [...own.withPrefix(relationKey(from, ""))]) {
    const otherName = nameKey(kind === "user" ? row.GroupName : row.UserName);
    const moved = kind === "user" ? { ...row, UserName: newName } : { ...row, GroupName: newName };
    own.delete(key);
    own.put(relationKey(to, otherName), moved);
    other.delete(relationKey(otherName, from));
    other.put(relationKey(otherName, to), moved);
  }
  const attachments = iamTables.attachments(store);
  const byPolicy = iamTables.policyAttachments(store);
  for (const [key, row] of [...attachments.withPrefix(relationKey(kind, from, ""))]) {
    attachments.delete(key);
    attachments.put(relationKey(kind, to, row.PolicyArn), { ...row, name: newName });
    byPolicy.delete(relationKey(row.PolicyArn, kind, from));
    byPolicy.put(relationKey(row.PolicyArn, kind, to), { ...row, name: newName });
  }
  const inline = iamTables.inlinePolicies(store);
  for (const [key, row] of [...inline.withPrefix(relationKey(kind, from, ""))]) {
    inline.delete(key);
    inline.put(relationKey(kind, to, row.PolicyName), { ...row, name: newName });
  }
}

/** The console password and MFA devices follow a renamed user, as they do on AWS. */
function renameUserCredentials(store: AccountStore, oldName: string, newName: string): void {
  const profiles = iamTables.loginProfiles(store);
  const profile = profiles.get(nameKey(oldName));
  if (profile) {
    profiles.delete(nameKey(oldName));
    profiles.put(nameKey(newName), { ...profile, UserName: newName });
  }
  const devices = iamTables.mfaDevices(store);
  for (const device of [...devices.values()]) {
    if (device.UserName !== undefined && nameKey(device.UserName) === nameKey(oldName)) {
      devices.put(device.SerialNumber, { ...device, UserName: newName });
    }
  }
}

function renameKeyOwner(store: AccountStore, user: UserRecord, newName: string): void {
  const keys = store.global<{ userName: string }>("accessKeys");
  for (const id of user.accessKeys) {
    const key = keys.get(id);
    if (key) keys.put(id, { ...key, userName: newName });
  }
}

export const DeleteUser: Operation<{ UserName: string }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  if (user.accessKeys.length > 0) throw iamErrors.deleteConflict("delete access keys");
  for (const check of deleteChecks.user) {
    const conflict = check(store, user.UserName);
    if (conflict) throw iamErrors.deleteConflict(conflict);
  }
  usersOf(store).delete(nameKey(user.UserName));
  setBoundaryUsage(store, "user", user.UserName, user.PermissionsBoundary?.PermissionsBoundaryArn, undefined);
  return {};
};

export const TagUser: Operation<{ UserName: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  usersOf(store).put(nameKey(user.UserName), { ...user, Tags: mergeTags(user.Tags, input.Tags, tagRules.user) });
  return {};
};

export const UntagUser: Operation<{ UserName: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  usersOf(store).put(nameKey(user.UserName), { ...user, Tags: removeTags(user.Tags, input.TagKeys, tagRules.user) });
  return {};
};

export const ListUserTags: Operation<{ UserName: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireUser(store, input.UserName).Tags, input, tagRules.user);

export const PutUserPermissionsBoundary: Operation<{ UserName: string; PermissionsBoundary: string }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  usersOf(store).put(nameKey(user.UserName), { ...user, PermissionsBoundary: permissionsBoundary(store, input.PermissionsBoundary) });
  setBoundaryUsage(store, "user", user.UserName, user.PermissionsBoundary?.PermissionsBoundaryArn, input.PermissionsBoundary);
  return {};
};

export const DeleteUserPermissionsBoundary: Operation<{ UserName: string }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  if (user.PermissionsBoundary) usersOf(store).put(nameKey(user.UserName), { ...user, PermissionsBoundary: undefined });
  setBoundaryUsage(store, "user", user.UserName, user.PermissionsBoundary?.PermissionsBoundaryArn, undefined);
  return {};
};

/** Every user operation, for the registry (index.ts). */
export const operations = {
  CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser,
  TagUser, UntagUser, ListUserTags, PutUserPermissionsBoundary, DeleteUserPermissionsBoundary,
} satisfies Readonly<Record<string, Operation>>;

