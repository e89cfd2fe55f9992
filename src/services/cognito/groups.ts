// Groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup,
// AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { cognitoErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type GroupRecord } from "./records.js";
import { requireUser, userShape, type UserShape } from "./user-records.js";

interface GroupInput { UserPoolId: string; GroupName: string; Description?: string; RoleArn?: string; Precedence?: number }

function requireGroup(store: AccountStore, poolId: string, name: string): GroupRecord {
  const group = cognitoTables.groups(store).get(key(poolId, name));
  if (!group) throw cognitoErrors.groupNotFound();
  return group;
}

export const CreateGroup: Operation<GroupInput, { Group: GroupRecord }> = ({ input, store, clock }) => {
  const pool = requirePool(store, input.UserPoolId);
  const groups = cognitoTables.groups(store);
  if (groups.has(key(pool.Id, input.GroupName))) throw cognitoErrors.groupExists(input.GroupName);
  const now = clock.now().toISOString();
  const group = groups.put(key(pool.Id, input.GroupName), {
    GroupName: input.GroupName, UserPoolId: pool.Id, Description: input.Description, RoleArn: input.RoleArn, Precedence: input.Precedence,
    CreationDate: now, LastModifiedDate: now,
  });
  return { Group: group };
};

export const GetGroup: Operation<{ UserPoolId: string; GroupName: string }, { Group: GroupRecord }> = ({ input, store }) => {
  requirePool(store, input.UserPoolId);
  return { Group: requireGroup(store, input.UserPoolId, input.GroupName) };
};

export const UpdateGroup: Operation<GroupInput, { Group: GroupRecord }> = ({ input, store, clock }) => {
  requirePool(store, input.UserPoolId);
  const group = requireGroup(store, input.UserPoolId, input.GroupName);
  const next: GroupRecord = {
    ...group,
    Description: input.Description ?? group.Description, RoleArn: input.RoleArn ?? group.RoleArn, Precedence: input.Precedence ?? group.Precedence,
    LastModifiedDate: clock.now().toISOString(),
  };
  cognitoTables.groups(store).put(key(group.UserPoolId, group.GroupName), next);
  return { Group: next };
};

export const DeleteGroup: Operation<{ UserPoolId: string; GroupName: string }, Record<string, never>> = ({ input, store }) => {
  requirePool(store, input.UserPoolId);
  const group = requireGroup(store, input.UserPoolId, input.GroupName);
  const members = cognitoTables.groupMembers(store);
  for (const [k] of [...members.withPrefix(key(group.UserPoolId, group.GroupName, ""))]) {
    members.delete(k);
    cognitoTables.userGroups(store).delete(key(group.UserPoolId, k.slice(k.lastIndexOf("\u0000") + 1), group.GroupName));
  }
  cognitoTables.groups(store).delete(key(group.UserPoolId, group.GroupName));
  return {};
};

export const ListGroups: Operation<{ UserPoolId: string; Limit?: number; NextToken?: string }, { Groups: GroupRecord[]; NextToken?: string }> = ({ input, store }) => {
  requirePool(store, input.UserPoolId);
  const page = pageOf(cognitoTables.groups(store), key(input.UserPoolId, ""), input.NextToken, input.Limit || 60, () => true, (g) => g);
  return { Groups: page.items, NextToken: page.next };
};

type Membership = { UserPoolId: string; Username: string; GroupName: string };

export const AdminAddUserToGroup: Operation<Membership, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const group = requireGroup(store, pool.Id, input.GroupName);
  const { userKey } = requireUser(store, pool, input.Username);
  cognitoTables.groupMembers(store).put(key(pool.Id, group.GroupName, userKey), true);
  cognitoTables.userGroups(store).put(key(pool.Id, userKey, group.GroupName), true);
  return {};
};

export const AdminRemoveUserFromGroup: Operation<Membership, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const group = requireGroup(store, pool.Id, input.GroupName);
  const { userKey } = requireUser(store, pool, input.Username);
  cognitoTables.groupMembers(store).delete(key(pool.Id, group.GroupName, userKey));
  cognitoTables.userGroups(store).delete(key(pool.Id, userKey, group.GroupName));
  return {};
};

export const AdminListGroupsForUser: Operation<{ UserPoolId: string; Username: string; Limit?: number; NextToken?: string }, { Groups: GroupRecord[]; NextToken?: string }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const { userKey } = requireUser(store, pool, input.Username);
  const page = pageOf(cognitoTables.userGroups(store), key(pool.Id, userKey, ""), input.NextToken, input.Limit || 60, () => true,
    (_, k) => cognitoTables.groups(store).get(key(pool.Id, k.slice(k.lastIndexOf("\u0000") + 1)))!);
  return { Groups: page.items, NextToken: page.next };
};

export const ListUsersInGroup: Operation<{ UserPoolId: string; GroupName: string; Limit?: number; NextToken?: string }, { Users: UserShape[]; NextToken?: string }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const group = requireGroup(store, pool.Id, input.GroupName);
  const page = pageOf(cognitoTables.groupMembers(store), key(pool.Id, group.GroupName, ""), input.NextToken, input.Limit || 60, () => true,
    (_, k) => userShape(cognitoTables.users(store).get(key(pool.Id, k.slice(k.lastIndexOf("\u0000") + 1)))!));
  return { Users: page.items, NextToken: page.next };
};

export const operations = {
  CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup,
};
