// SetSecurityTokenServicePreferences: which version of session token the global STS endpoint issues
// (v1Token: valid only in regions enabled by default; v2Token: valid in all regions). GetAccountSummary
// reports it as GlobalEndpointTokenVersion, 1 or 2.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamTables } from "./records.js";

const KEY = "stsGlobalEndpointTokenVersion";

export function globalEndpointTokenVersion(store: AccountStore): 1 | 2 {
  return iamTables.account(store).get(KEY) === "v2Token" ? 2 : 1;
}

export const SetSecurityTokenServicePreferences: Operation<{ GlobalEndpointTokenVersion: "v1Token" | "v2Token" }, Record<string, never>> = ({ input, store }) => {
  iamTables.account(store).put(KEY, input.GlobalEndpointTokenVersion);
  return {};
};

export const operations = { SetSecurityTokenServicePreferences } satisfies Readonly<Record<string, Operation>>;
