// startEmulator(): the emulator in the calling process on a free loopback port — what a test suite's
// global setup runs. Everything it offers goes through server/control.ts, as /_emulator/* does.
import { createLogger } from "../log.js";
import { startEmulator as startServer } from "../server/emulator.js";
import { accountConfig, clientShapes } from "./account-config.js";
import { configFromOptions } from "./options.js";
import type { Emulator, StartEmulator } from "./types.js";

export const startEmulator: StartEmulator = async (options = {}) => {
  const config = configFromOptions(options);
  const log = createLogger(config.logLevel, options.log);
  const seedDocument = typeof options.seed === "object" && options.seed !== null ? options.seed : undefined;
  const running = await startServer(config, log, { seedDocument });
  const { control, endpoint, port, adminToken } = running;
  const { region, accountId } = config;
  const at = (offsetSeconds: number) => new Date(control.setClock({ offsetSeconds }).now);
  const emulator: Emulator = {
    endpoint, port, region, accountId, adminToken,
    ...clientShapes(endpoint, region, { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey }),
    newAccount: async () => accountConfig(await control.newAccount(), endpoint, region),
    accounts: async () => control.accounts(),
    reset: (id) => control.reset(id),
    exportState: async (exportOptions) => control.exportState(exportOptions),
    importState: async (state) => { await control.importState(state); },
    exportSeed: async (seedOptions) => control.exportSeed(seedOptions?.accountId),
    clock: {
      now: async () => new Date(control.readClock().now),
      advance: async (seconds) => new Date(control.setClock({ advanceSeconds: seconds }).now),
      setOffset: async (seconds) => at(seconds),
      reset: async () => at(0),
    },
    stop: () => running.close(),
  };
  return emulator;
};
