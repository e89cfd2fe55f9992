import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dataDirError } from "../../../src/store/data-dir.js";
import { openDurableStore } from "../../../src/store/open.js";
import { tempDir } from "./temp-dir.js";

const LOCK = "emulator.lock";

describe("data folder lock", () => {
  it("holds our pid while open and refuses a second open in the same process", async () => {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    assert.equal(readFileSync(join(dir, LOCK), "utf8"), `${process.pid}\n`);
    await assert.rejects(openDurableStore(dir), { message: `--data-dir ${dir} is already open in this process.` });
    await store.close();
    const again = await openDurableStore(dir);
    await again.close();
  });

  it("refuses a folder locked by another live process, naming its pid", async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, LOCK), `${other.pid}\n`);
      await assert.rejects(openDurableStore(dir), {
        message: `--data-dir ${dir} is in use by another emulator (pid ${other.pid}). Stop that process or choose ` +
          `another --data-dir; if no emulator is running, delete ${join(dir, LOCK)}.`,
      });
      assert.equal(readFileSync(join(dir, LOCK), "utf8"), `${other.pid}\n`, "the live lock is left alone");
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("takes over a lock left by a process that has died", async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(join(dir, LOCK), `${dead.stdout}\n`);
    const store = await openDurableStore(dir);
    assert.equal(readFileSync(join(dir, LOCK), "utf8"), `${process.pid}\n`);
    await store.close();
  });

  it("takes over an unreadable (empty) lock", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK), "");
    const store = await openDurableStore(dir);
    await store.close();
  });
});

describe("data folder errors", () => {
  it("words permission and read-only errors for the person who chose the folder", () => {
    for (const code of ["EACCES", "EPERM", "EROFS"]) {
      const err = dataDirError("/srv/x", Object.assign(new Error("denied"), { code }));
      assert.equal(err.message, "--data-dir /srv/x is not writable: choose a folder you own, or pass --no-persist.");
    }
    assert.equal(dataDirError("/srv/x", Object.assign(new Error("x"), { code: "ENOTDIR" })).message,
      "--data-dir /srv/x is not a folder: choose a folder path, or pass --no-persist.");
  });

  it("a path under a regular file is not a folder", async () => {
    const file = join(tempDir(), "plain-file");
    writeFileSync(file, "");
    await assert.rejects(openDurableStore(join(file, "data")), {
      message: `--data-dir ${join(file, "data")} is not a folder: choose a folder path, or pass --no-persist.`,
    });
  });

  it("a folder without write permission is not writable", { skip: process.getuid?.() === 0 && "root may write anywhere" }, async () => {
    const dir = join(tempDir(), "read-only");
    mkdirSync(dir, { mode: 0o500 });
    chmodSync(dir, 0o500);
    await assert.rejects(openDurableStore(dir), {
      message: `--data-dir ${dir} is not writable: choose a folder you own, or pass --no-persist.`,
    });
    chmodSync(dir, 0o700);
  });
});
