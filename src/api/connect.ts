// connectEmulator(): the same interface as startEmulator()'s, for an emulator another process runs (a test
// runner's worker reaching the one its global setup started, or the CLI), through the admin endpoints.
import { adminErrorOf } from "../admin-api/errors.js";
import type { ClockReading, NewAccount, SeedExport, StateFile } from "../admin-api/state.js";
import { accountConfig, clientShapes } from "./account-config.js";
import type { AccountEntry, ConnectEmulator, EmulatorClient } from "./types.js";

export const connectEmulator: ConnectEmulator = async (endpoint, options = {}) => {
  const base = endpoint.replace(/\/+$/, "");
  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {};
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${base}/_emulator/${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    let value: unknown;
    try { value = text ? JSON.parse(text) : undefined; } catch { value = undefined; }
    if (!res.ok) {
      const error = adminErrorOf(value);
      throw new Error(`${method} ${base}/_emulator/${path} answered ${res.status}: ${error ? `${error.code}: ${error.message}` : text.slice(0, 300)}`);
    }
    return value as T;
  }
  const health = await call<{ accountId: string; region: string }>("GET", "health");
  const { region, accountId } = health;
  const clock = (body: unknown) => call<ClockReading>("POST", "clock", body).then((r) => new Date(r.now));
  const client: EmulatorClient = {
    endpoint: base, region, accountId,
    ...clientShapes(base, region, options.credentials ?? { accessKeyId: "test", secretAccessKey: "test" }),
    newAccount: async () => accountConfig(await call<NewAccount>("POST", "accounts"), base, region),
    accounts: async () => (await call<{ accounts: AccountEntry[] }>("GET", "accounts")).accounts,
    reset: async (accountId) => { await call("POST", "reset", accountId === undefined ? undefined : { accountId }); },
    exportState: (exportOptions = {}) => {
      const query = new URLSearchParams();
      if (exportOptions.accountId !== undefined) query.set("accountId", exportOptions.accountId);
      if (exportOptions.secrets === false) query.set("secrets", "omit");
      const search = query.toString();
      return call<StateFile>("GET", `state${search ? `?${search}` : ""}`);
    },
    importState: async (state) => { await call("POST", "state", state); },
    exportSeed: (seedOptions = {}) => call<SeedExport>("GET", `seed${seedOptions.accountId ? `?accountId=${encodeURIComponent(seedOptions.accountId)}` : ""}`),
    clock: {
      now: () => call<ClockReading>("GET", "clock").then((r) => new Date(r.now)),
      advance: (seconds) => clock({ advanceSeconds: seconds }),
      setOffset: (seconds) => clock({ offsetSeconds: seconds }),
      reset: () => clock({ offsetSeconds: 0 }),
    },
  };
  return client;
};
