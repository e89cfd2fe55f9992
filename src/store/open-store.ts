// Memory for --no-persist, otherwise the durable journal in the data dir.
import type { Logger } from "../log.js";
import { openDurableStore } from "./open.js";
import { Store } from "./store.js";

export async function openStore(dataDir: string | null, log: Logger): Promise<Store> {
  if (dataDir === null) return new Store();
  return openDurableStore(dataDir, { log: (line) => log.info(line) });
}
