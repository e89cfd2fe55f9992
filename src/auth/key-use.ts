// GetAccessKeyLastUsed reports real use: every authenticated request with an IAM user's key records when,
// where and for which service, at most once a minute per key so steady traffic does not fill the journal.
import { ACCESS_KEYS_TABLE, type AccessKeyRecord } from "../store/credentials.js";
import type { AccountStore } from "../store/store.js";

const QUIET_MS = 60_000;

export function recordKeyUse(store: AccountStore, accessKeyId: string | undefined, service: string, region: string, now: Date): void {
  if (!accessKeyId) return;
  const keys = store.global<AccessKeyRecord>(ACCESS_KEYS_TABLE);
  const key = keys.get(accessKeyId);
  if (!key) return;
  const last = key.lastUsed ? Date.parse(key.lastUsed.date) : 0;
  if (now.getTime() - last < QUIET_MS && key.lastUsed?.service === service && key.lastUsed.region === region) return;
  keys.put(accessKeyId, { ...key, lastUsed: { date: now.toISOString(), service, region } });
}
