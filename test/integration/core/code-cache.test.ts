// dist/cli.js runs the CLI's bundle from V8's code cache: written at exit into a folder only this user can write,
// used by the next start, replaced when V8 rejects it (damaged), and never written into a folder others can change.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnEmulator } from "../../support/emulator.js";

const uid = process.getuid!();

async function startAndStop(tmp: string): Promise<void> {
  const emu = await spawnEmulator({ args: ["--no-persist"], env: { TMPDIR: tmp } });
  const res = await fetch(`${emu.ready.endpoint}/_emulator/health`);
  assert.equal(res.status, 200);
  assert.equal(await emu.stop(), 0);
}

const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8cache"));

describe("the CLI's code cache", () => {
  it("is written at exit into a private folder, used as it is by the next start, and replaced when damaged", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "aie-codecache-"));
    try {
      await startAndStop(tmp);
      const dir = join(tmp, `aws-identity-emulator-${uid}`);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      const [file] = caches(dir);
      assert.ok(file, "a cache file after the first run");
      const path = join(dir, file);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const first = readFileSync(path);
      assert.ok(first.length > 100_000, `cache of ${first.length} bytes`);

      await startAndStop(tmp);
      assert.deepEqual(caches(dir), [file]);
      assert.ok(readFileSync(path).equals(first), "an accepted cache is not rewritten");

      writeFileSync(path, Buffer.alloc(first.length, 7));
      await startAndStop(tmp);
      assert.ok(!readFileSync(path).equals(Buffer.alloc(first.length, 7)), "a rejected cache is replaced");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("is not used when the folder is writable by others: the CLI starts and writes nothing there", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "aie-codecache-"));
    try {
      const dir = join(tmp, `aws-identity-emulator-${uid}`);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      await startAndStop(tmp);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
