// The seed file's sections. Each turns its JSON into API calls; services add sections as they grow.
// Shape (snake_case keys as in the seed documents):
// { "iam": { "users": [ { "name", "path", "access_keys": [ { "access_key_id", "secret_access_key" } ],
//                          "tags": { "k": "v" } } ] } }
import type { Clock } from "../clock.js";
import type { ServiceId } from "../protocol/model.js";
import { createAccessKey } from "../services/iam/access-keys.js";
import { requireUser } from "../services/iam/users.js";
import type { AccountStore } from "../store/store.js";

export interface SeedApi {
  /** Runs an operation as the account's root; `at` names the seed path for error messages. */
  call(service: ServiceId, operation: string, input: Record<string, unknown>, at: string, accountId?: string, region?: string): Promise<unknown>;
  store(accountId?: string, region?: string): AccountStore;
  readonly clock: Clock;
}

export type SeedSection = (value: unknown, api: SeedApi, at: string) => Promise<void>;

class SeedShapeError extends Error {}

function list(value: unknown, at: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "object" || v === null || Array.isArray(v))) {
    throw new SeedShapeError(`${at} must be a list of objects`);
  }
  return value as Record<string, unknown>[];
}

function text(value: unknown, at: string, required = true): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "") throw new SeedShapeError(`${at} must be a non-empty string`);
  return value;
}

function tags(value: unknown, at: string): { Key: string; Value: string }[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SeedShapeError(`${at} must be an object of tag keys to values`);
  return Object.entries(value).map(([Key, v]) => ({ Key, Value: text(v, `${at}.${Key}`)! }));
}

const iamSection: SeedSection = async (value, api, at) => {
  if (typeof value !== "object" || value === null) throw new SeedShapeError(`${at} must be an object`);
  const iam = value as Record<string, unknown>;
  for (const [i, user] of list(iam.users, `${at}.users`).entries()) {
    const here = `${at}.users[${i}]`;
    const name = text(user.name ?? user.user_name, `${here}.name`)!;
    await api.call("iam", "CreateUser", { UserName: name, Path: text(user.path, `${here}.path`, false), Tags: tags(user.tags, `${here}.tags`) }, here);
    for (const [k, key] of list(user.access_keys, `${here}.access_keys`).entries()) {
      const keyAt = `${here}.access_keys[${k}]`;
      const accessKeyId = text(key.access_key_id, `${keyAt}.access_key_id`)!;
      const secret = text(key.secret_access_key, `${keyAt}.secret_access_key`)!;
      if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) throw new SeedShapeError(`${keyAt}.access_key_id must be 16 to 128 upper-case letters and digits`);
      const store = api.store();
      createAccessKey(store, requireUser(store, name), api.clock.now().toISOString(), { accessKeyId, secretAccessKey: secret });
    }
  }
};

export const seedSections: Readonly<Record<string, SeedSection>> = {
  iam: iamSection,
};
