// The durable store through the real CLI: SIGKILL the emulator in the middle of a concurrent CreateUser load,
// restart it on the same data folder, and find every user whose CreateUser was acknowledged.
// Needs a current build: `node esbuild.mjs` (npm test does it).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateUserCommand, GetUserCommand, IAMClient, paginateListUsers } from "@aws-sdk/client-iam";
import { spawnEmulator, type EmulatorProcess } from "../../support/emulator.js";

const WRITERS = 16;

function client(emu: EmulatorProcess): IAMClient {
  // One attempt: a retried CreateUser would blur which request was acknowledged.
  return new IAMClient({ endpoint: emu.ready.endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "test", secretAccessKey: "test" } });
}

/**
 * Runs WRITERS concurrent CreateUser loops and SIGKILLs the emulator when `killAfter` have been acknowledged,
 * with the other writers' requests still in flight. Returns the names acknowledged and the names attempted.
 */
async function loadAndKill(emu: EmulatorProcess, round: number, killAfter: number): Promise<{ acked: string[]; attempted: string[] }> {
  const iam = client(emu);
  const acked: string[] = [];
  const attempted: string[] = [];
  let killed = false;
  const exited = new Promise<void>((resolve) => emu.child.once("exit", () => resolve()));
  await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
    for (let n = 0; !killed; n++) {
      const name = `r${round}-w${w}-u${n}`;
      attempted.push(name);
      try {
        await iam.send(new CreateUserCommand({ UserName: name, Path: `/load/r${round}/` }));
      } catch (err) {
        if (killed) return;      // the connection died with the process: not acknowledged
        throw err;
      }
      if (killed) return;       // the response raced the kill; only count writes acknowledged before it
      acked.push(name);
      if (acked.length === killAfter) {
        killed = true;
        emu.child.kill("SIGKILL");
      }
    }
  }));
  await exited;
  iam.destroy();
  assert.equal(emu.child.signalCode, "SIGKILL");
  return { acked, attempted };
}

describe("durability", () => {
  it("every acknowledged CreateUser survives SIGKILL mid-load, across two crashes and restarts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aie-durability-"));
    let emu: EmulatorProcess | undefined;
    try {
      const acked = new Set<string>();
      const attempted = new Set<string>();
      for (const [round, killAfter] of [150, 400].entries()) {
        emu = await spawnEmulator({ dataDir });
        assert.equal(emu.ready.dataDir, dataDir);
        const result = await loadAndKill(emu, round, killAfter);
        assert.equal(result.acked.length, killAfter);
        for (const name of result.acked) acked.add(name);
        for (const name of result.attempted) attempted.add(name);
      }

      emu = await spawnEmulator({ dataDir });   // loads after two crashes, and takes over the dead process's lock
      const iam = client(emu);
      const listed = new Set<string>();
      for await (const page of paginateListUsers({ client: iam, pageSize: 1000 }, { PathPrefix: "/load/" })) {
        for (const user of page.Users ?? []) listed.add(user.UserName!);
      }
      const missing = [...acked].filter((name) => !listed.has(name));
      assert.deepEqual(missing, [], `${missing.length} of ${acked.size} acknowledged users are missing`);
      // Unacknowledged requests may or may not have landed, but nothing else can appear.
      assert.deepEqual([...listed].filter((name) => !attempted.has(name)), []);
      assert.ok(listed.size - acked.size <= 2 * WRITERS, `${listed.size - acked.size} unacknowledged users landed`);

      const names = [...acked];
      await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = w; i < names.length; i += WRITERS) {
          const out = await iam.send(new GetUserCommand({ UserName: names[i] }));
          assert.equal(out.User?.UserName, names[i]);
          assert.equal(out.User?.Path, `/load/${names[i]!.split("-")[0]}/`);
        }
      }));
      iam.destroy();

      // A second emulator on the same folder is refused while this one holds it.
      await assert.rejects(spawnEmulator({ dataDir }), (err: Error) =>
        err.message.includes(`--data-dir ${dataDir} is in use by another emulator (pid ${emu!.ready.pid}).`));
      assert.equal(await emu.stop(), 0, "SIGTERM after recovery exits cleanly");
      emu = undefined;
      const locks = readdirSync(dataDir).filter((n) => n.startsWith("emulator.lock."));
      assert.equal(locks.length, 1);
      assert.equal(readFileSync(join(dataDir, locks[0]!), "utf8"), "released\n", "a clean shutdown releases the lock");
    } finally {
      await emu?.stop("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
