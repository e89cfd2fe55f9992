// Groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AddUserToGroup,
// RemoveUserFromGroup, ListGroupsForUser. Membership is kept in two index tables (group → users and
// user → groups) written together, so both directions page without scanning.
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { decodeMarker, page, pageOf, type Page } from "./pagination.js";
import { deleteChecks, iamTables, nameKey, relationKey, type GroupRecord, type MembershipRecord } from "./records.js";
import { checkPath, iamArn, renamePrincipal, requireUser, userShape, usersOf, type UserShape } from "./users.js";

const GROUPS_PER_USER = 10;

export function groupsOf(store: AccountStore): Collection<GroupRecord> {
  return iamTables.groups(store);
}

export function requireGroup(store: AccountStore, name: string): GroupRecord {
  const group = groupsOf(store).get(nameKey(name));
  if (!group) throw iamErrors.noSuchEntity("Group", name);
  return group;
}

export interface GroupShape { Path: string; GroupName: string; GroupId: string; Arn: string; CreateDate: string }

export function groupShape({ Path, GroupName, GroupId, Arn, CreateDate }: GroupRecord): GroupShape {
  return { Path, GroupName, GroupId, Arn, CreateDate };
}

/**
 * A page of an index table's rows under `owner` ("a\0b" keys with a = owner). The marker is the last
 * key returned; reading starts right after it, so a page costs the page, not the table.
 */
export function relationPage<T, R>(table: Collection<T>, owner: string, input: { Marker?: string; MaxItems?: number }, map: (row: T) => R | undefined): Page<R> {
  const prefix = relationKey(owner, "");
  const after = decodeMarker(input.Marker);
  if (after !== undefined && !after.startsWith(prefix)) throw iamErrors.validation("Invalid Marker.");
  const rows = after === undefined ? table.withPrefix(prefix) : table.from(after);
  return page(mapped(rows, prefix, map), input.MaxItems);
}

/** Rows still under `prefix`, mapped; rows whose target is gone are skipped. */
function* mapped<T, R>(rows: Iterable<[string, T]>, prefix: string, map: (row: T) => R | undefined): Generator<[string, R]> {
  for (const [key, row] of rows) {
    if (!key.startsWith(prefix)) return;
    const value = map(row);
    if (value !== undefined) yield [key, value];
  }
}

/** Whether `userName` belongs to any group: DeleteUser refuses until memberships are gone. */
function inAnyGroup(store: AccountStore, userName: string): boolean {
  return !iamTables.userGroups(store).withPrefix(relationKey(nameKey(userName), "")).next().done;
}

deleteChecks.user.push((store, userName) => (inAnyGroup(store, userName) ? "remove users from group" : undefined));

export const CreateGroup: Operation<{ GroupName: string; Path?: string }, { Group: GroupShape }> = ({ input, caller, store, clock }) => {
  const path = checkPath(input.Path);
  const groups = groupsOf(store);
  if (groups.has(nameKey(input.GroupName))) throw iamErrors.entityAlreadyExists("Group", input.GroupName);
  const group = groups.put(nameKey(input.GroupName), {
    GroupName: input.GroupName,
    GroupId: uniqueId("AGPA"),
    Arn: iamArn(store, "group", path, input.GroupName),
    Path: path,
    CreateDate: clock.now().toISOString(),
  });
  return { Group: groupShape(group) };
};

interface GetGroupOutput { Group: GroupShape; Users: UserShape[]; IsTruncated: boolean; Marker?: string }

export const GetGroup: Operation<{ GroupName: string; Marker?: string; MaxItems?: number }, GetGroupOutput> = ({ input, store }) => {
  const group = requireGroup(store, input.GroupName);
  const users = usersOf(store);
  const { items, IsTruncated, Marker } = relationPage(iamTables.groupMembers(store), nameKey(group.GroupName), input, (m: MembershipRecord) => {
    const user = users.get(nameKey(m.UserName));
    return user && userShape(user);
  });
  return { Group: groupShape(group), Users: items, IsTruncated, Marker };
};

export const ListGroups: Operation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, { Groups: GroupShape[]; IsTruncated: boolean; Marker?: string }> = ({ input, store }) => {
  const prefix = input.PathPrefix ?? "/";
  const { items, IsTruncated, Marker } = pageOf(groupsOf(store), input, (g) => g.Path.startsWith(prefix), groupShape);
  return { Groups: items, IsTruncated, Marker };
};

export const UpdateGroup: Operation<{ GroupName: string; NewPath?: string; NewGroupName?: string }, Record<string, never>> = ({ input, caller, store }) => {
  const groups = groupsOf(store);
  const group = requireGroup(store, input.GroupName);
  const newName = input.NewGroupName ?? group.GroupName;
  const newPath = input.NewPath !== undefined ? checkPath(input.NewPath) : group.Path;
  if (nameKey(newName) !== nameKey(group.GroupName) && groups.has(nameKey(newName))) throw iamErrors.entityAlreadyExists("Group", newName);
  groups.delete(nameKey(group.GroupName));
  groups.put(nameKey(newName), { ...group, GroupName: newName, Path: newPath, Arn: iamArn(store, "group", newPath, newName) });
  if (newName !== group.GroupName) renamePrincipal(store, "group", group.GroupName, newName);
  return {};
};

export const DeleteGroup: Operation<{ GroupName: string }, Record<string, never>> = ({ input, store }) => {
  const group = requireGroup(store, input.GroupName);
  if (!iamTables.groupMembers(store).withPrefix(relationKey(nameKey(group.GroupName), "")).next().done) {
    throw iamErrors.deleteConflict("remove users from group");
  }
  for (const check of deleteChecks.group) {
    const conflict = check(store, group.GroupName);
    if (conflict) throw iamErrors.deleteConflict(conflict);
  }
  groupsOf(store).delete(nameKey(group.GroupName));
  return {};
};

// AWS looks the user up before the group: with both missing, the user is the one reported.
export const AddUserToGroup: Operation<{ GroupName: string; UserName: string }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  const group = requireGroup(store, input.GroupName);
  const members = iamTables.groupMembers(store);
  const key = relationKey(nameKey(group.GroupName), nameKey(user.UserName));
  if (members.has(key)) return {};
  let count = 0;
  for (const _ of iamTables.userGroups(store).withPrefix(relationKey(nameKey(user.UserName), ""))) count++;
  if (count >= GROUPS_PER_USER) throw iamErrors.limitExceeded("GroupsPerUser", GROUPS_PER_USER);
  const row: MembershipRecord = { GroupName: group.GroupName, UserName: user.UserName };
  members.put(key, row);
  iamTables.userGroups(store).put(relationKey(nameKey(user.UserName), nameKey(group.GroupName)), row);
  return {};
};

/** Removing a user who is not a member succeeds without change, as AWS does. */
export const RemoveUserFromGroup: Operation<{ GroupName: string; UserName: string }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  const group = requireGroup(store, input.GroupName);
  iamTables.groupMembers(store).delete(relationKey(nameKey(group.GroupName), nameKey(user.UserName)));
  iamTables.userGroups(store).delete(relationKey(nameKey(user.UserName), nameKey(group.GroupName)));
  return {};
};

export const ListGroupsForUser: Operation<{ UserName: string; Marker?: string; MaxItems?: number }, { Groups: GroupShape[]; IsTruncated: boolean; Marker?: string }> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  const groups = groupsOf(store);
  const { items, IsTruncated, Marker } = relationPage(iamTables.userGroups(store), nameKey(user.UserName), input, (m: MembershipRecord) => {
    const group = groups.get(nameKey(m.GroupName));
    return group && groupShape(group);
  });
  return { Groups: items, IsTruncated, Marker };
};

export const operations = {
  CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup,
  AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser,
} satisfies Readonly<Record<string, Operation>>;
