// Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser.
import type { Caller } from "../../auth/caller.js";
import type { AccountStore, Collection } from "../../store/store.js";
import { deleteChecks, iamTables, nameKey, type Tag, type UserRecord } from "./records.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { pageOf } from "./pagination.js";

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

export function iamArn(accountId: string, kind: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

export function checkPath(path: string | undefined): string {
  const value = path ?? "/";
  if (!value.startsWith("/") || !value.endsWith("/")) {
    throw iamErrors.validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
  }
  return value;
}

interface CreateUserInput { UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: Tag[] }

export const CreateUser: Operation<CreateUserInput, { User: UserShape }> = ({ input, caller, store, clock }) => {
  const users = usersOf(store);
  const path = checkPath(input.Path);
  if (users.has(nameKey(input.UserName))) throw iamErrors.entityAlreadyExists("User", input.UserName);
  const user = users.put(nameKey(input.UserName), {
    UserName: input.UserName,
    UserId: uniqueId("AIDA"),
    Arn: iamArn(caller.accountId, "user", path, input.UserName),
    Path: path,
    CreateDate: clock.now().toISOString(),
    PermissionsBoundary: input.PermissionsBoundary ? { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: input.PermissionsBoundary } : undefined,
    Tags: input.Tags?.length ? input.Tags : undefined,
    accessKeys: [],
  });
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
  users.put(nameKey(newName), { ...user, UserName: newName, Path: newPath, Arn: iamArn(caller.accountId, "user", newPath, newName) });
  renameKeyOwner(store, user, newName);
  return {};
};

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
  return {};
};
