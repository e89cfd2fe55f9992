// Damaged data folders through the real CLI, as a crash or a bad disk leaves them: a byte flipped in the middle
// of the journal, a deleted snapshot, two emulators started on one folder at once. The emulator refuses what
// would lose acknowledged writes, names the file and offset, and `repair` keeps every record before the damage.
// Needs a current build: `node esbuild.mjs` (npm test does it).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateUserCommand, IAMClient, paginateListUsers } from "@aws-sdk/client-iam";
import { CLI, spawnEmulator, type EmulatorProcess } from "../../support/emulator.js";

const JOURNAL = "journal-0000000001.log";

function client(emu: EmulatorProcess): IAMClient {
  return new IAMClient({ endpoint: emu.ready.endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "test", secretAccessKey: "test" } });
}

async function userNames(iam: IAMClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListUsers({ client: iam }, {})) for (const u of page.Users ?? []) names.push(u.UserName!);
  return names.sort();
}

/** A folder whose journal holds `count` users, each created by its own acknowledged request. */
async function folderWithUsers(count: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), "aie-damaged-"));
  const emu = await spawnEmulator({ dataDir });
  try {
    const iam = client(emu);
    for (let i = 0; i < count; i++) await iam.send(new CreateUserCommand({ UserName: `u${String(i).padStart(3, "0")}` }));
    iam.destroy();
  } finally {
    assert.equal(await emu.stop(), 0);
  }
  return dataDir;
}

/** Offsets where the journal's records start. */
function recordStarts(buf: Buffer): number[] {
  const starts: number[] = [];
  for (let at = 0; at < buf.length; at += 8 + buf.readUInt32LE(at)) starts.push(at);
  return starts;
}

describe("damaged data folders", () => {
  it("a byte flipped mid-journal: start is refused naming file and offset; repair keeps every user before it", async () => {
    const dataDir = await folderWithUsers(40);
    let emu: EmulatorProcess | undefined;
    try {
      const path = join(dataDir, JOURNAL);
      const original = readFileSync(path);
      const starts = recordStarts(original);
      const damagedRecord = 20;                 // the 21st user's CreateUser
      const damaged = Buffer.from(original);
      damaged[starts[damagedRecord]! + 30] ^= 0x20;
      writeFileSync(path, damaged);

      await assert.rejects(spawnEmulator({ dataDir }), (err: Error) => err.message.includes(
        `${path} is damaged at offset ${starts[damagedRecord]}: the record checksum does not match, and 20 complete records ` +
        "written after it show it had been saved. The emulator does not start from a partial history. " +
        `Run \`aws-identity-emulator repair --data-dir ${dataDir}\` to keep the 20 journal records before the damage and drop ` +
        "the 21 records from it on"));
      assert.deepEqual(readFileSync(path), damaged, "a refused start changes nothing");

      const repair = spawnSync(process.execPath, [CLI, "repair", "--data-dir", dataDir], { encoding: "utf8" });
      assert.equal(repair.status, 0, repair.stderr);
      const lines = repair.stdout.trim().split("\n");
      assert.match(lines[0]!, new RegExp(`^Found: ${path.replace(/[.]/g, "\\.")} is damaged at offset ${starts[damagedRecord]}`));
      assert.deepEqual(lines.slice(1), [
        "Kept: no snapshot and 20 journal records.",
        `Dropped: 21 records (${original.length - starts[damagedRecord]!} bytes) from the damage on.`,
        `The original files are in ${join(dataDir, "repaired-1")}. Start the emulator again.`,
      ]);
      assert.deepEqual(readFileSync(join(dataDir, "repaired-1", JOURNAL)), damaged, "the damaged original is kept aside");

      emu = await spawnEmulator({ dataDir });
      const iam = client(emu);
      assert.deepEqual(await userNames(iam), Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(3, "0")}`));
      await iam.send(new CreateUserCommand({ UserName: "after-repair" }));
      iam.destroy();
      assert.equal(await emu.stop(), 0);
      emu = undefined;

      const again = spawnSync(process.execPath, [CLI, "repair", "--data-dir", dataDir], { encoding: "utf8" });
      assert.equal(again.status, 0, again.stderr);
      assert.equal(again.stdout, `${dataDir} is whole: no snapshot and 21 journal records. Nothing to repair.\n`);
    } finally {
      await emu?.stop("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a first journal that no snapshot covers is refused, and repair cannot invent the missing history", async () => {
    const dataDir = await folderWithUsers(3);
    try {
      // As if compaction had run and its snapshot then been deleted.
      writeFileSync(join(dataDir, "journal-0000000002.log"), readFileSync(join(dataDir, JOURNAL)));
      rmSync(join(dataDir, JOURNAL));
      const message = `${join(dataDir, "snapshot-0000000002.snap")} is missing: journal-0000000002.log continues the state it held. ` +
        `The emulator does not start from a partial history. Restore the missing or damaged file from a backup, or move ${dataDir} ` +
        "aside to start with an empty state.";
      await assert.rejects(spawnEmulator({ dataDir }), (err: Error) => err.message.includes(message));
      const repair = spawnSync(process.execPath, [CLI, "repair", "--data-dir", dataDir], { encoding: "utf8" });
      assert.equal(repair.status, 1);
      assert.equal(repair.stderr, `repair failed: ${message}\n`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("two emulators started on one folder at the same moment: one runs, the other is refused naming it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aie-race-"));
    const children = [0, 1].map(() => spawn(process.execPath, [CLI, "--port", "0", "--data-dir", dataDir, "--log-level", "error"],
      { stdio: ["ignore", "pipe", "ignore"] }));
    try {
      const lines = await Promise.all(children.map((child) => new Promise<Record<string, unknown>>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d: Buffer) => {
          out += d;
          if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))) as Record<string, unknown>);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code} without a line`)));
      })));
      const ready = lines.filter((l) => l.event === "ready");
      const refused = lines.filter((l) => l.event === "error");
      assert.equal(ready.length, 1, JSON.stringify(lines));
      assert.equal(refused.length, 1, JSON.stringify(lines));
      assert.match(String(refused[0]!.message), new RegExp(`^--data-dir ${dataDir} is in use by another emulator \\(pid ${ready[0]!.pid}\\)`));
      assert.deepEqual(readdirSync(dataDir).filter((n) => n.startsWith("emulator.lock.")).length, 1);
    } finally {
      for (const child of children) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
