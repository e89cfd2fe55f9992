// Child process for crash.test.ts: writes through the durable store from 8 concurrent writers with tiny
// compactions and prints "ack <key> <version>" for each commit once it has resolved, until it is killed.
import { openDurable } from "../../../src/store/open.js";

const TABLE = "000000000000/iam/users";

async function main(dir: string, prefix: string): Promise<void> {
  const { store } = await openDurable(dir, { compactAfterBytes: 32768 });
  process.stdout.write("ready\n");
  await Promise.all(Array.from({ length: 8 }, async (_, w) => {
    for (let n = 0; ; n++) {
      const key = `${prefix}-${w}-${n % 40}`;         // keys are rewritten, so replay order matters
      const tx = store.begin();
      tx.put(store.table(TABLE), key, { key, version: n, padding: "p".repeat(n % 200) });
      await tx.commit();
      process.stdout.write(`ack ${key} ${n}\n`);        // stdout to a pipe is synchronous on Linux
    }
  }));
}

void main(process.argv[2]!, process.argv[3]!);
