// What a test suite does to a running emulator besides calling AWS: new accounts, resets, state files, seed
// exports, the clock. One implementation behind both doors — the admin endpoints (/_emulator/*, for any
// language) and the npm package's startEmulator() (in-process) — so neither can do what the other cannot.
import type { AccountEntry, ClockReading, ExportStateOptions, NewAccount, SeedExport, StateFile } from "../admin-api/state.js";
import type { DecisionLog } from "../auth/decision-log.js";
import type { RequestLog } from "../auth/request-log.js";
import type { OffsetClock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { Logger } from "../log.js";
import { seedFromState } from "../seed/from-state.js";
import { isAccountId, listAccounts, newAccount, resetAccount } from "../state/accounts.js";
import { exportState, importState, StateFileError, type ImportResult } from "../state/state-file.js";
import type { Store } from "../store/store.js";

export interface EmulatorControl {
  newAccount(): Promise<NewAccount>;
  accounts(): AccountEntry[];
  /** Everything, or one account's users, roles, policies, pools… (it stays handed out). */
  reset(accountId?: string): Promise<void>;
  exportState(options?: ExportStateOptions): StateFile;
  importState(file: unknown): Promise<ImportResult>;
  exportSeed(accountId?: string): SeedExport;
  readClock(): ClockReading;
  /** Sets the offset from real time, or moves it by `advanceSeconds`. */
  setClock(change: { offsetSeconds?: number; advanceSeconds?: number }): ClockReading;
}

export interface ControlDeps {
  readonly store: Store;
  readonly clock: OffsetClock;
  readonly config: EmulatorConfig;
  readonly decisions: DecisionLog;
  /** The request recorder: it holds its writes while its tables are replaced, then rereads them. */
  readonly requests?: Pick<RequestLog, "replacing">;
  readonly log: Logger;
}

export function emulatorControl({ store, clock, config, decisions, requests, log }: ControlDeps): EmulatorControl {
  const account = (accountId: string | undefined): string => {
    if (accountId === undefined) return config.accountId;
    if (!isAccountId(accountId)) throw new StateFileError(`accountId must be 12 digits; got "${String(accountId)}".`);
    return accountId;
  };
  const replacing = <T>(replace: () => Promise<T>, accountOf: (result: T) => string | undefined): Promise<T> =>
    requests ? requests.replacing(replace, accountOf) : replace();
  return {
    newAccount: () => newAccount(store, clock, config),
    accounts: () => listAccounts(store),
    async reset(accountId) {
      if (accountId === undefined) {
        await replacing(() => store.reset(), () => undefined);
        decisions.clear();
        log.info("state reset");
        return;
      }
      const rows = await replacing(() => resetAccount(store, account(accountId)), () => accountId);
      log.info(`account ${accountId} reset (${rows} rows)`);
    },
    exportState: (options) => exportState(store, options),
    async importState(file) {
      const result = await replacing(() => importState(store, file), (r) => r.accountId);
      if (result.accountId === undefined) decisions.clear();
      log.info(`state imported: ${result.rows} rows${result.accountId ? ` into account ${result.accountId}` : ""}`);
      return result;
    },
    exportSeed: (accountId) => seedFromState(store, account(accountId), config.region),
    readClock: () => ({ now: clock.now().toISOString(), offsetSeconds: clock.offsetSeconds }),
    setClock(change) {
      if (change.advanceSeconds !== undefined) clock.offsetSeconds += change.advanceSeconds;
      else if (change.offsetSeconds !== undefined) clock.offsetSeconds = change.offsetSeconds;
      return { now: clock.now().toISOString(), offsetSeconds: clock.offsetSeconds };
    },
  };
}
