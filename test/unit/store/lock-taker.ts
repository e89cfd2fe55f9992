// Child process for data-dir.test.ts: says "ready", waits for "go" on stdin, tries to take the data folder's
// lock, prints "took" or "refused <message>", and holds what it took until it is killed.
import { lockDataDir } from "../../../src/store/data-dir.js";

process.stdout.write("ready\n");
process.stdin.once("data", () => {
  try {
    lockDataDir(process.argv[2]!);
    process.stdout.write("took\n");
  } catch (err) {
    process.stdout.write(`refused ${(err as Error).message}\n`);
  }
});
