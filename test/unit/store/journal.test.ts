import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDurable, openDurableStore } from "../../../src/store/open.js";
import { frame } from "../../../src/store/record-format.js";
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
    assert.ok(names.includes("emulator.lock"), names.join());
    for (const name of names) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    await store.close();
    assert.ok(!readdirSync(dir).includes("emulator.lock"), "close() releases the lock");
  });
});

describe("torn and corrupt records", () => {
  /** A journal of three good records and the byte range of the last one. */
  async function journalWithLastRecord(): Promise<{ dir: string; bytes: Buffer; lastStart: number }> {
    const dir = tempDir();
    const store = await openDurableStore(dir);
    await put(store, USERS, "alice", { UserName: "alice" });
    await put(store, USERS, "bob", { UserName: "bob" });
    const before = statSync(join(dir, JOURNAL_1)).size;
    await put(store, USERS, "carol", { UserName: "carol", Path: "/" });
    await store.close();
    return { dir, bytes: readFileSync(join(dir, JOURNAL_1)), lastStart: before };
  }

  it("a last record cut at any byte is dropped, the file truncated there, and appends continue", async () => {
    const { dir, bytes, lastStart } = await journalWithLastRecord();
    assert.ok(bytes.length - lastStart > 40, "the last record spans many bytes");
    for (let cut = lastStart; cut < bytes.length; cut++) {
      writeFileSync(join(dir, JOURNAL_1), bytes.subarray(0, cut));
      const logs: string[] = [];
      const store = await openDurableStore(dir, { log: (l) => logs.push(l) });
      assert.deepEqual([...store.table(USERS).entries()].map(([k]) => k).sort(), ["alice", "bob"], `cut at ${cut}`);
      assert.equal(statSync(join(dir, JOURNAL_1)).size, lastStart, `cut at ${cut}`);
      if (cut > lastStart) assert.match(logs.join("\n"), new RegExp(`dropped ${cut - lastStart} bytes .* at offset ${lastStart}`));
      await put(store, USERS, "dave", { UserName: "dave" });
      await store.close();
      const again = await openDurableStore(dir);
      assert.deepEqual([...again.table(USERS).entries()].map(([k]) => k).sort(), ["alice", "bob", "dave"], `cut at ${cut}`);
      await again.close();
    }
  });

  it("a last record with any one byte changed fails its checksum and is dropped", async () => {
    const { dir, bytes, lastStart } = await journalWithLastRecord();
    for (let at = lastStart; at < bytes.length; at++) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x5a;
      writeFileSync(join(dir, JOURNAL_1), damaged);
      const store = await openDurableStore(dir);
      assert.deepEqual([...store.table(USERS).entries()].map(([k]) => k).sort(), ["alice", "bob"], `byte ${at}`);
      await store.close();
    }
  });

  it("a zero-filled tail (a crash after the file grew) is dropped", async () => {
    const { dir, bytes } = await journalWithLastRecord();
    writeFileSync(join(dir, JOURNAL_1), Buffer.concat([bytes, Buffer.alloc(4096)]));
    const store = await openDurableStore(dir);
    assert.equal(store.table(USERS).size, 3);
    assert.equal(statSync(join(dir, JOURNAL_1)).size, bytes.length);
    await store.close();
  });

  it("a corrupt record in an older journal is an error naming the file and offset", async () => {
    const { dir, bytes } = await journalWithLastRecord();
    const secondRecord = 8 + bytes.readUInt32LE(0);
    const damaged = Buffer.from(bytes);
    damaged[secondRecord + 12] = damaged[secondRecord + 12]! ^ 0x01;
    writeFileSync(join(dir, JOURNAL_1), damaged);
    writeFileSync(join(dir, "journal-0000000002.log"), frame(JSON.stringify({ s: 4, c: [[USERS, "erin", {}]] })), { mode: 0o600 });
    await assert.rejects(openDurableStore(dir), {
      message: `${join(dir, JOURNAL_1)} is corrupt at offset ${secondRecord}: the record checksum does not match. ` +
        "Restore the data folder from a backup, or move it aside to start with an empty state.",
    });
    // The failed open released the folder: once repaired it opens.
    writeFileSync(join(dir, JOURNAL_1), bytes);
    const store = await openDurableStore(dir);
    assert.deepEqual([...store.table(USERS).entries()].map(([k]) => k).sort(), ["alice", "bob", "carol", "erin"]);
    await store.close();
  });

  it("a missing journal between two others is an error naming it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, JOURNAL_1), frame(JSON.stringify({ s: 1, c: [[USERS, "a", {}]] })));
    writeFileSync(join(dir, "journal-0000000003.log"), frame(JSON.stringify({ s: 2, c: [[USERS, "b", {}]] })));
    await assert.rejects(openDurableStore(dir), (err: Error) =>
      err.message.startsWith(`${join(dir, "journal-0000000002.log")} is missing`));
  });
});

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
