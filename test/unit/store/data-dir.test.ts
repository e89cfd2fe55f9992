import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { buildSync } from "esbuild";
import { join } from "node:path";
import { dataDirError, startTimeOf } from "../../../src/store/data-dir.js";
import { openDurableStore } from "../../../src/store/open.js";
import { tempDir } from "./temp-dir.js";

// Bundled once to plain JavaScript: forty children under plain node start in a fraction of tsx's time.
const TAKER = join(tempDir(), "lock-taker.cjs");
buildSync({ entryPoints: [join(__dirname, "lock-taker.ts")], outfile: TAKER,
  bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "error" });
const lock = (n: number): string => `emulator.lock.${String(n).padStart(10, "0")}`;

/** A pid that no process has any more. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}

/** Polls `probe` (a child's /proc entry appears as it starts) until it answers. */
async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("timed out");
}

interface Taker { readonly child: ChildProcess; readonly answer: Promise<string> }

/** Starts `count` children, waits until each is ready, then lets them all try the lock at once. */
async function race(dir: string, count: number): Promise<Taker[]> {
  const takers = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, [TAKER, dir], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => { ready = resolve; });
    const answer = new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        out += d;
        if (out.startsWith("ready\n")) ready();
        const line = out.split("\n")[1];
        if (line && out.split("\n").length > 2) resolve(line);
      });
      child.once("exit", (code) => reject(new Error(`taker exited ${code} before answering: ${out}`)));
    });
    answer.catch(() => undefined);
    return { child, answer, isReady };
  });
  await Promise.all(takers.map((t) => t.isReady));
  for (const t of takers) t.child.stdin!.write("go\n");
  return takers;
}

function killAll(takers: readonly Taker[]): void {
  for (const t of takers) t.child.kill("SIGKILL");
}

describe("data folder lock", () => {
  it("refuses a second open in the same process, and reopens after close", async () => {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    // The pid and when that process started (Linux: /proc/PID/stat's starttime, ticks since boot).
    assert.match(readFileSync(join(dir, lock(1)), "utf8"), new RegExp(`^${process.pid} ${startTimeOf(process.pid)}\\n$`));
    assert.match(startTimeOf(process.pid)!, /^\d+$/);
    await assert.rejects(openDurableStore(dir), { message: `--data-dir ${dir} is already open in this process.` });
    await store.close();
    assert.equal(readFileSync(join(dir, lock(2)), "utf8"), "released\n");
    const again = await openDurableStore(dir);
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("emulator.lock")), [lock(3)]);
    await again.close();
  });

  it("refuses a folder locked by another live process, naming its pid, and leaves its lock alone", async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, lock(4)), `${other.pid}\n`);
      await assert.rejects(openDurableStore(dir), {
        message: `--data-dir ${dir} is in use by another emulator (pid ${other.pid}). Stop that process or choose ` +
          `another --data-dir; if no emulator is running, delete ${join(dir, lock(4))}.`,
      });
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("emulator.lock")), [lock(4)]);
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("a live pid holds the folder only if it started when the lock's writer did: a reused pid holds nothing", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      const started = await waitFor(() => startTimeOf(other.pid!));
      const held = tempDir();
      writeFileSync(join(held, lock(4)), `${other.pid} ${started}\n`);
      await assert.rejects(openDurableStore(held), { message: new RegExp(`in use by another emulator \\(pid ${other.pid}\\)`) });
      // The same pid, written by a process that started at another time: the pid was reused after a crash.
      const reused = tempDir();
      writeFileSync(join(reused, lock(4)), `${other.pid} ${Number(started) - 1}\n`);
      const store = await openDurableStore(reused);
      assert.deepEqual(readdirSync(reused).filter((n) => n.startsWith("emulator.lock")), [lock(5)]);
      await store.close();
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("takes over a lock left by a process that died, and an unreadable one", async () => {
    for (const content of [`${deadPid()}\n`, ""]) {
      const dir = tempDir();
      writeFileSync(join(dir, lock(1)), content);
      const store = await openDurableStore(dir);
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("emulator.lock")), [lock(2)]);
      await store.close();
    }
  });

  it("40 processes starting at once on a stale lock left by a crash: exactly one takes the folder", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, lock(7)), `${deadPid()}\n`);
    const takers = await race(dir, 40);
    try {
      const answers = await Promise.all(takers.map((t) => t.answer));
      const winners = takers.filter((_, i) => answers[i] === "took");
      assert.equal(winners.length, 1, answers.join("\n"));
      const pid = winners[0]!.child.pid!;
      for (const answer of answers.filter((a) => a !== "took")) {
        assert.match(answer, new RegExp(`^refused --data-dir ${dir} is in use by another emulator \\(pid ${pid}\\)`));
      }
      // The winner dies without releasing (kill -9): its lock is stale, and the next start takes it over.
      winners[0]!.child.kill("SIGKILL");
      await new Promise((resolve) => winners[0]!.child.once("exit", resolve));
      const store = await openDurableStore(dir);
      await store.close();
    } finally {
      killAll(takers);
    }
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
