// Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
import type { Caller } from "../../auth/caller.js";
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../../store/credentials.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { accessKeyId, secretAccessKey } from "./ids.js";
import { encodeMarker, decodeMarker } from "./pagination.js";
import { iamTables } from "./records.js";
import { nameKey, requireUser, usersOf, type UserRecord } from "./users.js";

const KEYS_PER_USER = 2;

function keysOf(store: AccountStore) {
  return store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE);
}

/** Whose keys a call manages: an IAM user's, or the account root's own. */
type KeyOwner = { readonly kind: "user"; readonly user: UserRecord } | { readonly kind: "root" };

const ROOT_KEYS = "rootAccessKeys";

function rootKeyIds(store: AccountStore): readonly string[] {
  return (iamTables.account(store).get(ROOT_KEYS) as string[] | undefined) ?? [];
}

/** The account root's own access keys, oldest first (the credential report's root row). */
export function rootAccessKeys(store: AccountStore): AccessKeyRecord[] {
  return rootKeyIds(store).map((id) => keysOf(store).get(id)).filter((k) => k !== undefined)
    .sort((a, b) => (a.createDate < b.createDate ? -1 : 1));
}

function ownerKeyIds(store: AccountStore, owner: KeyOwner): readonly string[] {
  return owner.kind === "root" ? rootKeyIds(store) : owner.user.accessKeys;
}

function setOwnerKeyIds(store: AccountStore, owner: KeyOwner, ids: string[]): void {
  if (owner.kind === "root") iamTables.account(store).put(ROOT_KEYS, ids);
  else usersOf(store).put(nameKey(owner.user.UserName), { ...owner.user, accessKeys: ids });
}

/**
 * Without UserName, access-key calls act on the caller's own keys: an IAM user's, or - called with root
 * credentials - the root user's, "even if the account has no associated users" (API_CreateAccessKey).
 */
function targetOwner(store: AccountStore, caller: Caller, userName: string | undefined): KeyOwner {
  if (userName !== undefined) return { kind: "user", user: requireUser(store, userName) };
  if (caller.type === "user" && caller.name) return { kind: "user", user: requireUser(store, caller.name) };
  if (caller.type === "root") return { kind: "root" };
  throw iamErrors.validation("Must specify userName when calling with non-User credentials");
}

export interface AccessKeyInput {
  /** Seed files bring their own key pair; the API never sets these. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

export function createAccessKey(store: AccountStore, user: UserRecord, createDate: string, given: AccessKeyInput = {}): AccessKeyRecord {
  return createOwnedKey(store, { kind: "user", user }, createDate, given);
}

function createOwnedKey(store: AccountStore, owner: KeyOwner, createDate: string, given: AccessKeyInput = {}): AccessKeyRecord {
  const ids = ownerKeyIds(store, owner);
  if (ids.length >= KEYS_PER_USER) throw iamErrors.limitExceeded("AccessKeysPerUser", KEYS_PER_USER);
  const record: AccessKeyRecord = {
    accessKeyId: given.accessKeyId ?? accessKeyId("AKIA"),
    secretAccessKey: given.secretAccessKey ?? secretAccessKey(),
    accountId: store.accountId,
    userName: owner.kind === "user" ? owner.user.UserName : "",
    ...(owner.kind === "root" ? { root: true } : {}),
    status: "Active",
    createDate,
  };
  if (keysOf(store).has(record.accessKeyId)) throw iamErrors.entityAlreadyExists("User", `access key ${record.accessKeyId}`);
  keysOf(store).put(record.accessKeyId, record);
  setOwnerKeyIds(store, owner, [...ids, record.accessKeyId]);
  return record;
}

/** The root user's keys carry no UserName on the wire: the root is not an IAM user. */
const userNameOf = (key: AccessKeyRecord) => (key.root ? undefined : key.userName);

export const CreateAccessKey: Operation<{ UserName?: string }, { AccessKey: object }> = ({ input, caller, store, clock }) => {
  const key = createOwnedKey(store, targetOwner(store, caller, input.UserName), clock.now().toISOString());
  return {
    AccessKey: { UserName: userNameOf(key), AccessKeyId: key.accessKeyId, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: key.createDate },
  };
};

export const ListAccessKeys: Operation<{ UserName?: string; Marker?: string; MaxItems?: number }, object> = ({ input, caller, store }) => {
  const owner = targetOwner(store, caller, input.UserName);
  const after = decodeMarker(input.Marker);
  const limit = input.MaxItems ?? 100;
  const ids = [...ownerKeyIds(store, owner)].sort().filter((id) => after === undefined || id > after);
  const pageIds = ids.slice(0, limit);
  const keys = keysOf(store);
  return {
    AccessKeyMetadata: pageIds.map((id) => keys.get(id)!).map((k) => ({ UserName: userNameOf(k), AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
    IsTruncated: ids.length > limit,
    Marker: ids.length > limit ? encodeMarker(pageIds[pageIds.length - 1]!) : undefined,
  };
};

function ownedKey(store: AccountStore, owner: KeyOwner, id: string): AccessKeyRecord {
  const key = keysOf(store).get(id);
  if (!key || key.accountId !== store.accountId || !ownerKeyIds(store, owner).includes(key.accessKeyId)) throw iamErrors.noSuchAccessKey(id);
  return key;
}

export const UpdateAccessKey: Operation<{ UserName?: string; AccessKeyId: string; Status: "Active" | "Inactive" }, Record<string, never>> = ({ input, caller, store }) => {
  const key = ownedKey(store, targetOwner(store, caller, input.UserName), input.AccessKeyId);
  keysOf(store).put(key.accessKeyId, { ...key, status: input.Status });
  return {};
};

export const DeleteAccessKey: Operation<{ UserName?: string; AccessKeyId: string }, Record<string, never>> = ({ input, caller, store }) => {
  const owner = targetOwner(store, caller, input.UserName);
  const key = ownedKey(store, owner, input.AccessKeyId);
  keysOf(store).delete(key.accessKeyId);
  setOwnerKeyIds(store, owner, ownerKeyIds(store, owner).filter((id) => id !== key.accessKeyId));
  return {};
};
