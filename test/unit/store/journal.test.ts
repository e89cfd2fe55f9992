import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDurable, openDurableStore } from "../../../src/store/open.js";
import { HistoryDamaged } from "../../../src/store/history.js";
import { frame } from "../../../src/store/record-format.js";
import { StorageRefused, type Store } from "../../../src/store/store.js";
import { dump, tempDir } from "./temp-dir.js";

const USERS = "000000000000/iam/users";
const ROLES = "000000000000/iam/roles";
const JOURNAL_1 = "journal-0000000001.log";

/** Commits one put (or delete, for null) in its own transaction, as a request handler would. */
async function put(store: Awaited<ReturnType<typeof openDurableStore>>, table: string, key: string, value: unknown): Promise<void> {
  const tx = store.begin();
  if (value === null) tx.delete(store.table(table), key);
  else tx.put(store.table(table), key, value);
  await tx.commit();
}

describe("journal round trip", () => {
  it("replays puts, overwrites and deletes across tables after close and reopen", async () => {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    assert.equal(store.persistenceDescription, `file:${dir}`);
    await put(store, USERS, "alice", { UserName: "alice", UserId: "AIDA1" });
    await put(store, USERS, "bob", { UserName: "bob" });
    await put(store, ROLES, "admin", { RoleName: "admin", Tags: [{ Key: "k", Value: "v\u00e9\n" }] });
    await put(store, USERS, "alice", { UserName: "alice", UserId: "AIDA2" });
    await put(store, USERS, "bob", null);
    const tx = store.begin();   // one request, two tables: replayed together
    tx.put(store.table(USERS), "carol", { UserName: "carol" });
    tx.put(store.table(ROLES), "reader", { RoleName: "reader" });
    await tx.commit();
    await store.close();

    const reopened = await openDurableStore(dir);
    assert.deepEqual(dump(reopened), {
      [ROLES]: { admin: { RoleName: "admin", Tags: [{ Key: "k", Value: "v\u00e9\n" }] }, reader: { RoleName: "reader" } },
      [USERS]: { alice: { UserName: "alice", UserId: "AIDA2" }, carol: { UserName: "carol" } },
    });
    await reopened.close();
  });

  it("a reset record clears every table, and later writes survive it", async () => {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    await put(store, USERS, "alice", { n: 1 });
    await put(store, ROLES, "admin", { n: 2 });
    await store.reset();
    await put(store, USERS, "zed", { n: 3 });
    await store.close();
    const reopened = await openDurableStore(dir);
    assert.deepEqual(dump(reopened), { [USERS]: { zed: { n: 3 } } });
    await reopened.close();
  });

  it("close() writes appends still queued, then rejects new ones", async () => {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    const pending = Array.from({ length: 20 }, (_, i) => put(store, USERS, `u${i}`, { i }));
    await store.close();
    await Promise.all(pending);
    await assert.rejects(put(store, USERS, "late", {}), { message: `the store in ${dir} is closed` });
    const reopened = await openDurableStore(dir);
    assert.equal(reopened.table(USERS).size, 20);
    await reopened.close();
  });

  it("creates the folder 0700 and every data file 0600", async () => {
    const dir = join(tempDir(), "nested", "data");
    const { store, journal } = await openDurable(dir, { compactAfterBytes: 200 });
    for (let i = 0; i < 10; i++) await put(store, USERS, `u${i}`, { i });
    await journal.settled();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const names = readdirSync(dir).sort();
    assert.ok(names.some((n) => n.startsWith("snapshot-")), names.join());
    assert.ok(names.includes("emulator.lock.0000000001"), names.join());
    for (const name of names) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    await store.close();
    assert.equal(readFileSync(join(dir, "emulator.lock.0000000002"), "utf8"), "released\n", "close() releases the lock");
  });
});

describe("torn tails and damage", () => {
  /**
   * A journal of three good records as a crash leaves it (no clean-close mark): its bytes and where the last
   * record starts.
   */
  async function crashedJournal(): Promise<{ dir: string; bytes: Buffer; lastStart: number }> {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    await put(store, USERS, "alice", { UserName: "alice" });
    await put(store, USERS, "bob", { UserName: "bob" });
    const before = statSync(join(dir, JOURNAL_1)).size;
    await put(store, USERS, "carol", { UserName: "carol", Path: "/" });
    const bytes = readFileSync(join(dir, JOURNAL_1));   // every record synced: what a kill -9 now leaves
    await store.close();
    writeFileSync(join(dir, JOURNAL_1), bytes);
    return { dir, bytes, lastStart: before };
  }
  const names = (store: Store): string[] => [...store.table(USERS).entries()].map(([k]) => k).sort();

  it("a last record cut at any byte is dropped, the file truncated there, and appends continue", async () => {
    const { dir, bytes, lastStart } = await crashedJournal();
    assert.ok(bytes.length - lastStart > 40, "the last record spans many bytes");
    for (let cut = lastStart; cut < bytes.length; cut++) {
      writeFileSync(join(dir, JOURNAL_1), bytes.subarray(0, cut));
      const logs: string[] = [];
      const store = await openDurableStore(dir, { log: (l) => logs.push(l) });
      assert.deepEqual(names(store), ["alice", "bob"], `cut at ${cut}`);
      assert.equal(statSync(join(dir, JOURNAL_1)).size, lastStart, `cut at ${cut}`);
      if (cut > lastStart) assert.match(logs.join("\n"), new RegExp(`dropped ${cut - lastStart} bytes .* at offset ${lastStart}`));
      await put(store, USERS, "dave", { UserName: "dave" });
      await store.close();
      const again = await openDurableStore(dir);
      assert.deepEqual(names(again), ["alice", "bob", "dave"], `cut at ${cut}`);
      await again.close();
    }
  });

  it("in a journal a crash ended, a last record with any one byte changed reads as unfinished and is dropped", async () => {
    const { dir, bytes, lastStart } = await crashedJournal();
    for (let at = lastStart; at < bytes.length; at++) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x5a;
      writeFileSync(join(dir, JOURNAL_1), damaged);
      const store = await openDurableStore(dir);
      assert.deepEqual(names(store), ["alice", "bob"], `byte ${at}`);
      await store.close();
    }
  });

  it("a zero-filled tail (a crash after the file grew) is dropped", async () => {
    const { dir, bytes } = await crashedJournal();
    writeFileSync(join(dir, JOURNAL_1), Buffer.concat([bytes, Buffer.alloc(4096)]));
    const store = await openDurableStore(dir);
    assert.equal(store.table(USERS).size, 3);
    assert.equal(statSync(join(dir, JOURNAL_1)).size, bytes.length);
    await store.close();
  });

  it("an unfinished batch whose first record never reached the disk but later ones did is still unfinished", async () => {
    // One group commit of three records, written out of order by the page cache: the first is zeros.
    const dir = tempDir();
    const batch = (s: number, b: number, key: string) => frame(JSON.stringify({ s, b, c: [[USERS, key, { UserName: key }]] }));
    const first = batch(1, 0, "alice");
    const torn = [batch(2, first.length, "bob"), batch(3, first.length, "carol"), batch(4, first.length, "dave")];
    torn[0] = Buffer.alloc(torn[0]!.length);
    writeFileSync(join(dir, JOURNAL_1), Buffer.concat([first, ...torn]), { mode: 0o600 });
    const store = await openDurableStore(dir);
    assert.deepEqual(names(store), ["alice"]);
    assert.equal(statSync(join(dir, JOURNAL_1)).size, first.length);
    await store.close();
  });

  it("any byte changed in any record but the last batch is refused, naming the file and offset, and nothing is cut", async () => {
    const { dir, bytes, lastStart } = await crashedJournal();
    const secondStart = 8 + bytes.readUInt32LE(0);
    for (let at = 0; at < lastStart; at += 7) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x01;
      writeFileSync(join(dir, JOURNAL_1), damaged);
      const offset = at < secondStart ? 0 : secondStart;
      await assert.rejects(openDurableStore(dir), (err: Error) => err instanceof HistoryDamaged &&
        err.message.startsWith(`${join(dir, JOURNAL_1)} is damaged at offset ${offset}: `) &&
        err.message.includes(`written after it show${offset === 0 ? "" : "s"} it had been saved. The emulator does not start from a partial history. ` +
          `Run \`aws-identity-emulator repair --data-dir ${dir}\` to keep the ${offset === 0 ? "0 journal records" : "1 journal record"} before the damage`), `byte ${at}`);
      assert.deepEqual(readFileSync(join(dir, JOURNAL_1)), damaged, `byte ${at}: the file is left as it was`);
    }
  });

  it("after a clean close, damage to the last record is refused too: the close mark shows it had been saved", async () => {
    const { dir, bytes, lastStart } = await crashedJournal();
    const store = await openDurableStore(dir);
    await store.close();
    const closed = readFileSync(join(dir, JOURNAL_1));
    assert.ok(closed.length > bytes.length, "close appended its mark");
    closed[lastStart + 12] = closed[lastStart + 12]! ^ 0x01;
    writeFileSync(join(dir, JOURNAL_1), closed);
    await assert.rejects(openDurableStore(dir), {
      message: new RegExp(`^${escape(join(dir, JOURNAL_1))} is damaged at offset ${lastStart}: the record checksum does not match, ` +
        "and 1 complete record written after it shows it had been saved\\."),
    });
  });

  it("a corrupt record in an older journal is refused naming the file and offset; once restored the folder opens", async () => {
    const { dir, bytes } = await crashedJournal();
    const secondRecord = 8 + bytes.readUInt32LE(0);
    const damaged = Buffer.from(bytes);
    damaged[secondRecord + 12] = damaged[secondRecord + 12]! ^ 0x01;
    writeFileSync(join(dir, JOURNAL_1), damaged);
    writeFileSync(join(dir, "journal-0000000002.log"), frame(JSON.stringify({ s: 4, b: 0, c: [[USERS, "erin", {}]] })), { mode: 0o600 });
    await assert.rejects(openDurableStore(dir), {
      message: `${join(dir, JOURNAL_1)} is damaged at offset ${secondRecord}: the record checksum does not match, and it is not ` +
        "the newest journal, so all of it had been saved. The emulator does not start from a partial history. " +
        `Run \`aws-identity-emulator repair --data-dir ${dir}\` to keep the 1 journal record before the damage and drop the ` +
        "3 records from it on (the original files are kept aside), or restore the folder from a backup.",
    });
    writeFileSync(join(dir, JOURNAL_1), bytes);
    const store = await openDurableStore(dir);
    assert.deepEqual(names(store), ["alice", "bob", "carol", "erin"]);
    await store.close();
  });

  it("a gap in the sequence numbers is refused: records are missing", async () => {
    const dir = tempDir();
    const one = frame(JSON.stringify({ s: 1, b: 0, c: [[USERS, "a", {}]] }));
    writeFileSync(join(dir, JOURNAL_1), Buffer.concat([one, frame(JSON.stringify({ s: 3, b: one.length, c: [[USERS, "b", {}]] }))]));
    await assert.rejects(openDurableStore(dir), {
      message: new RegExp(`^${escape(join(dir, JOURNAL_1))} is damaged at offset ${one.length}: record 3 follows record 1, so records are missing\\. `),
    });
  });

  it("a missing journal between two others is refused, naming it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, JOURNAL_1), frame(JSON.stringify({ s: 1, b: 0, c: [[USERS, "a", {}]] })));
    writeFileSync(join(dir, "journal-0000000003.log"), frame(JSON.stringify({ s: 2, b: 0, c: [[USERS, "b", {}]] })));
    await assert.rejects(openDurableStore(dir), (err: Error) => err.message.startsWith(`${join(dir, "journal-0000000002.log")} is ` +
      "missing: the history jumps from journal-0000000001.log to journal-0000000003.log. The emulator does not start from a partial history."));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("group commit", () => {
  it("appends made in one turn of the event loop share one write and one fdatasync", async () => {
    const { store, journal } = await openDurable(tempDir());
    await Promise.all(Array.from({ length: 100 }, (_, i) => put(store, USERS, `u${i}`, { i })));
    assert.deepEqual(journal.stats, { appends: 100, syncs: 1, compactions: 0 });
    await store.close();
  });

  it("appends arriving while a sync is in flight are batched into the next sync", async () => {
    let entered!: () => void;
    const syncEntered = new Promise<void>((resolve) => { entered = resolve; });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let held = false;
    const dir = tempDir();
    const { store, journal } = await openDurable(dir, {
      beforeSync: async () => { if (!held) { held = true; entered(); await gate; } },
    });
    const first = put(store, USERS, "first", { n: 0 });
    await syncEntered;                 // the first record is written, its fdatasync not yet done
    let acknowledged = 0;
    const later: Array<Promise<void>> = [];
    for (let i = 0; i < 50; i++) {
      later.push(put(store, USERS, `later${i}`, { i }).then(() => { acknowledged++; }));
      await new Promise((resolve) => setImmediate(resolve));   // each arrives in its own event-loop turn
    }
    assert.equal(acknowledged, 0, "nothing is acknowledged before its sync");
    release();
    await Promise.all([first, ...later]);
    assert.deepEqual(journal.stats, { appends: 51, syncs: 2, compactions: 0 });
    await store.close();
    const reopened = await openDurableStore(dir);
    assert.equal(reopened.table(USERS).size, 51);
    await reopened.close();
  });
});

describe("a disk that refuses writes", () => {
  it("refused batches are answered StorageRefused, applied nowhere, cut from the file, and writes resume", async () => {
    const dir = tempDir();
    let refuse = 0;
    const { store } = await openDurable(dir, {
      // Fault injection: the fdatasync of the next `refuse` batches fails as a full disk makes it fail.
      beforeSync: async () => {
        if (refuse > 0) { refuse--; throw Object.assign(new Error("ENOSPC: no space left on device, fdatasync"), { code: "ENOSPC" }); }
      },
    });
    await put(store, USERS, "alice", { UserName: "alice" });
    const good = statSync(join(dir, JOURNAL_1)).size;
    refuse = 2;
    for (const name of ["bob", "carol"]) {
      await assert.rejects(put(store, USERS, name, { UserName: name }), (err: Error) => err instanceof StorageRefused &&
        err.code === "ENOSPC" && err.message === `the disk refused the write to ${join(dir, JOURNAL_1)} (no space left on device)`);
      assert.equal(store.table(USERS).has(name), false, `${name} was never applied`);
      assert.equal(statSync(join(dir, JOURNAL_1)).size, good, "the refused batch was cut off the file");
      assert.equal(store.health.state, "degraded");
    }
    await put(store, USERS, "dave", { UserName: "dave" });
    assert.deepEqual(store.health, { state: "ok" });
    await store.close();
    const reopened = await openDurableStore(dir);
    assert.deepEqual([...reopened.table(USERS).entries()].map(([k]) => k).sort(), ["alice", "dave"]);
    await reopened.close();
  });
});
