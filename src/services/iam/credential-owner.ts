// Whose credential a call acts on. Signing certificates and service-specific credentials take an optional
// UserName: without it AWS acts on the IAM user whose key signed the request.
import type { Caller } from "../../auth/caller.js";
import type { AccountStore } from "../../store/store.js";
import { iamErrors } from "./errors.js";
import { requireUser, type UserRecord } from "./users.js";

/** The named user (NoSuchEntity if missing), else the calling IAM user, else undefined (root, roles). */
export function credentialOwner(store: AccountStore, caller: Caller, userName: string | undefined): UserRecord | undefined {
  if (userName !== undefined) return requireUser(store, userName);
  if (caller.type === "user" && caller.name) return requireUser(store, caller.name);
  return undefined;
}

/** As credentialOwner, for calls that change something: a caller that is not an IAM user must name one. */
export function requireCredentialOwner(store: AccountStore, caller: Caller, userName: string | undefined): UserRecord {
  const user = credentialOwner(store, caller, userName);
  if (!user) throw iamErrors.validation("Must specify userName when calling with non-User credentials");
  return user;
}
