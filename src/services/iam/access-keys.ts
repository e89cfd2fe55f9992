// Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
import type { Caller } from "../../auth/caller.js";
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../../store/credentials.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { accessKeyId, secretAccessKey } from "./ids.js";
import { encodeMarker, decodeMarker } from "./pagination.js";
import { nameKey, requireUser, usersOf, type UserRecord } from "./users.js";

const KEYS_PER_USER = 2;

function keysOf(store: AccountStore) {
  return store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE);
}

/** Without UserName, access-key calls act on the caller's own user (root has no IAM user keys here). */
function targetUser(store: AccountStore, caller: Caller, userName: string | undefined): UserRecord {
  if (userName !== undefined) return requireUser(store, userName);
  if (caller.type === "user" && caller.name) return requireUser(store, caller.name);
  if (caller.type === "root") {
    throw iamErrors.validation("Must specify userName when calling with root credentials: root access keys are the emulator's configured root credentials.");
  }
  throw iamErrors.validation("Must specify userName when calling with non-User credentials");
}

export interface AccessKeyInput {
  /** Seed files bring their own key pair; the API never sets these. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

export function createAccessKey(store: AccountStore, user: UserRecord, createDate: string, given: AccessKeyInput = {}): AccessKeyRecord {
  if (user.accessKeys.length >= KEYS_PER_USER) throw iamErrors.limitExceeded("AccessKeysPerUser", KEYS_PER_USER);
  const record: AccessKeyRecord = {
    accessKeyId: given.accessKeyId ?? accessKeyId("AKIA"),
    secretAccessKey: given.secretAccessKey ?? secretAccessKey(),
    accountId: store.accountId,
    userName: user.UserName,
    status: "Active",
    createDate,
  };
  if (keysOf(store).has(record.accessKeyId)) throw iamErrors.entityAlreadyExists("User", `access key ${record.accessKeyId}`);
  keysOf(store).put(record.accessKeyId, record);
  usersOf(store).put(nameKey(user.UserName), { ...user, accessKeys: [...user.accessKeys, record.accessKeyId] });
  return record;
}

export const CreateAccessKey: Operation<{ UserName?: string }, { AccessKey: object }> = ({ input, caller, store, clock }) => {
  const user = targetUser(store, caller, input.UserName);
  const key = createAccessKey(store, user, clock.now().toISOString());
  return {
    AccessKey: { UserName: key.userName, AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: key.createDate },
  };
};

export const ListAccessKeys: Operation<{ UserName?: string; Marker?: string; MaxItems?: number }, object> = ({ input, caller, store }) => {
  const user = targetUser(store, caller, input.UserName);
  const after = decodeMarker(input.Marker);
  const limit = input.MaxItems ?? 100;
  const ids = [...user.accessKeys].sort().filter((id) => after === undefined || id > after);
  const pageIds = ids.slice(0, limit);
  const keys = keysOf(store);
  return {
    AccessKeyMetadata: pageIds.map((id) => keys.get(id)!).map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
    IsTruncated: ids.length > limit,
    Marker: ids.length > limit ? encodeMarker(pageIds[pageIds.length - 1]!) : undefined,
  };
};

function ownedKey(store: AccountStore, user: UserRecord, id: string): AccessKeyRecord {
  const key = keysOf(store).get(id);
  if (!key || key.accountId !== store.accountId || nameKey(key.userName) !== nameKey(user.UserName)) throw iamErrors.noSuchAccessKey(id);
  return key;
}

export const UpdateAccessKey: Operation<{ UserName?: string; AccessKeyId: string; Status: "Active" | "Inactive" }, Record<string, never>> = ({ input, caller, store }) => {
  const user = targetUser(store, caller, input.UserName);
  const key = ownedKey(store, user, input.AccessKeyId);
  keysOf(store).put(key.accessKeyId, { ...key, status: input.Status });
  return {};
};

export const DeleteAccessKey: Operation<{ UserName?: string; AccessKeyId: string }, Record<string, never>> = ({ input, caller, store }) => {
  const user = targetUser(store, caller, input.UserName);
  const key = ownedKey(store, user, input.AccessKeyId);
  keysOf(store).delete(key.accessKeyId);
  usersOf(store).put(nameKey(user.UserName), { ...user, accessKeys: user.accessKeys.filter((id) => id !== key.accessKeyId) });
  return {};
};
