// GetAccessKeyInfo: the account that owns any access key id: long-term (AKIA), temporary (ASIA), the
// emulator's root key, or a 12-digit key (that account's root, as the emulator reads it).
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../../store/credentials.js";
import type { Operation } from "../operation.js";
import { accountOfKeyId, sessionsOf } from "./sessions.js";

export const GetAccessKeyInfo: Operation<{ AccessKeyId: string }, { Account: string }> = ({ input, store, config }) => {
  const id = input.AccessKeyId;
  if (id === config.rootAccessKeyId) return { Account: config.accountId };
  if (/^\d{12}$/.test(id)) return { Account: id };
  const key = store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE).get(id);
  if (key) return { Account: key.accountId };
  const session = sessionsOf(store).get(id);
  if (session) return { Account: session.accountId };
  // Like AWS, answer for keys it does not hold by the account the key id encodes.
  return { Account: accountOfKeyId(id) ?? config.accountId };
};
