// GetAccessKeyLastUsed: when, where and for which service a user's access key last signed a request. The
// gateway records real use on the key's row (auth/key-use.ts); a key never used answers "N/A" for the
// service and region and no date, as AWS does.
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../../store/credentials.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";

interface Output {
  UserName?: string;
  AccessKeyLastUsed: { LastUsedDate?: string; ServiceName: string; Region: string };
}

export const GetAccessKeyLastUsed: Operation<{ AccessKeyId: string }, Output> = ({ input, store }) => {
  const key = store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE).get(input.AccessKeyId);
  // Another account's key is as unknown here as one that never existed.
  if (!key || key.accountId !== store.accountId) throw iamErrors.noSuchAccessKey(input.AccessKeyId);
  const used = key.lastUsed;
  return {
    UserName: key.root ? undefined : key.userName,   // the root user is not an IAM user
    AccessKeyLastUsed: used
      ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region }
      : { ServiceName: "N/A", Region: "N/A" },
  };
};

export const operations = { GetAccessKeyLastUsed } satisfies Readonly<Record<string, Operation>>;
