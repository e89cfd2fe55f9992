import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDurable, openDurableStore } from "../../../src/store/open.js";
import type { Store } from "../../../src/store/store.js";
import { dump, tempDir } from "./temp-dir.js";

const USERS = "000000000000/iam/users";
const KEYS = "global/access-keys";

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One writer: puts, overwrites and deletes, with some transactions held open across turns and rolled back. */
async function writer(store: Store, id: number, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const tx = store.begin();
    tx.put(store.table(USERS), `w${id}-${n}`, { UserName: `w${id}-${n}`, Version: n, Padding: "x".repeat(40) });
    if (n % 3 === 0) tx.put(store.table(KEYS), `AKIA${id}`, { user: `w${id}-${n}` });
    if (n % 5 === 4) tx.delete(store.table(USERS), `w${id}-${n - 2}`);
    if (n % 7 === 6) {
      await tick();              // still open while other writers commit (and compactions cut)
      tx.rollback();
      continue;
    }
    await tx.commit();
  }
}

function dataFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => !n.startsWith("emulator.lock")).sort();
}

describe("compaction", () => {
  it("keeps every write made by concurrent writers while snapshots are taken", async () => {
    const dir = tempDir();
    const logs: string[] = [];
    const { store, journal } = await openDurable(dir, { compactAfterBytes: 4096, log: (l) => logs.push(l) });
    await Promise.all(Array.from({ length: 16 }, (_, id) => writer(store, id, 60)));
    await journal.settled();
    assert.ok(journal.stats.compactions >= 5, `compactions: ${journal.stats.compactions}`);
    assert.ok(logs.some((l) => l.startsWith("compacted the journal into snapshot-")), logs.join("\n"));
    assert.ok(!logs.some((l) => l.startsWith("compaction failed")), logs.join("\n"));
    const expected = dump(store);
    // Each writer's surviving users: committed puts (n % 7 !== 6) not deleted by a committed n + 2.
    const survivors = [...Array(60).keys()].filter((n) => n % 7 !== 6 && !((n + 2) % 5 === 4 && (n + 2) % 7 !== 6 && n + 2 < 60));
    assert.equal(Object.keys(expected[USERS]!).length, 16 * survivors.length);
    const { generation } = journal.position;
    await store.close();
    // Superseded journals and snapshots are gone: one snapshot and the journal after it remain.
    const g = String(generation).padStart(10, "0");
    assert.deepEqual(dataFiles(dir), [`journal-${g}.log`, `snapshot-${g}.snap`]);

    const reopened = await openDurableStore(dir);
    assert.deepEqual(dump(reopened), expected);
    await reopened.close();
  });

  it("a snapshot cut while a transaction is open holds the committed values, not the uncommitted ones", async () => {
    const dir = tempDir();
    const { store, journal } = await openDurable(dir);
    const setup = store.begin();
    setup.put(store.table(USERS), "alice", { v: "committed" });
    setup.put(store.table(USERS), "bob", { v: "committed" });
    await setup.commit();
    const open = store.begin();
    open.put(store.table(USERS), "alice", { v: "uncommitted" });
    open.delete(store.table(USERS), "bob");
    open.put(store.table(USERS), "carol", { v: "uncommitted" });
    journal.compactSoon();
    await journal.settled();
    assert.equal(journal.stats.compactions, 1);
    open.rollback();
    await store.close();
    const reopened = await openDurableStore(dir);
    assert.deepEqual(dump(reopened), { [USERS]: { alice: { v: "committed" }, bob: { v: "committed" } } });
    await reopened.close();
  });

  it("a transaction open during the cut that then commits is replayed from the new journal", async () => {
    const dir = tempDir();
    const { store, journal } = await openDurable(dir);
    const open = store.begin();
    open.put(store.table(USERS), "alice", { v: 2 });
    journal.compactSoon();
    await journal.settled();
    await open.commit();
    await store.close();
    const reopened = await openDurableStore(dir);
    assert.deepEqual(dump(reopened), { [USERS]: { alice: { v: 2 } } });
    await reopened.close();
  });

  it("a reset before a snapshot, and one after it, both replay", async () => {
    const dir = tempDir();
    const { store, journal } = await openDurable(dir);
    const tx = store.begin();
    tx.put(store.table(USERS), "old", { v: 1 });
    await tx.commit();
    await store.reset();
    const tx2 = store.begin();
    tx2.put(store.table(KEYS), "kept", { v: 2 });
    await tx2.commit();
    journal.compactSoon();
    await journal.settled();
    const tx3 = store.begin();
    tx3.put(store.table(USERS), "gone", { v: 3 });
    await tx3.commit();
    await store.reset();
    const tx4 = store.begin();
    tx4.put(store.table(USERS), "new", { v: 4 });
    await tx4.commit();
    await store.close();
    const reopened = await openDurableStore(dir);
    assert.deepEqual(dump(reopened), { [USERS]: { new: { v: 4 } } });
    await reopened.close();
  });

  it("start-up folds long journals into a snapshot", async () => {
    const dir = tempDir();
    const first = await openDurable(dir, { compactAfterBytes: 1 << 30 });
    for (let i = 0; i < 50; i++) {
      const tx = first.store.begin();
      tx.put(first.store.table(USERS), `u${i}`, { i });
      await tx.commit();
    }
    await first.store.close();
    assert.deepEqual(dataFiles(dir), ["journal-0000000001.log"]);
    const second = await openDurable(dir, { compactAfterBytes: 1024 });
    await second.journal.settled();
    assert.equal(second.journal.stats.compactions, 1);
    assert.deepEqual(dataFiles(dir), ["journal-0000000002.log", "snapshot-0000000002.snap"]);
    await second.store.close();
    const third = await openDurable(dir);
    assert.deepEqual(third.loaded, { rows: 50, records: 0, ms: third.loaded.ms });
    await third.store.close();
  });

  /** A folder after one compaction: snapshot-2 holds u0…u2, journal-2 one more record. */
  async function compacted(): Promise<string> {
    const dir = tempDir();
    const { store, journal } = await openDurable(dir);
    for (let i = 0; i < 3; i++) {
      const tx = store.begin();
      tx.put(store.table(USERS), `u${i}`, { i });
      await tx.commit();
    }
    journal.compactSoon();
    await journal.settled();
    const tx = store.begin();
    tx.put(store.table(USERS), "u3", { i: 3 });
    await tx.commit();
    await store.close();
    assert.deepEqual(dataFiles(dir), ["journal-0000000002.log", "snapshot-0000000002.snap"]);
    return dir;
  }

  it("a damaged snapshot is an error naming the file and offset, never a silent empty state", async () => {
    const dir = await compacted();
    const path = join(dir, "snapshot-0000000002.snap");
    const bytes = readFileSync(path);
    const second = 8 + bytes.readUInt32LE(0);
    bytes[second + 20] = bytes[second + 20]! ^ 0xff;
    writeFileSync(path, bytes);
    await assert.rejects(openDurableStore(dir), {
      message: `${path} is damaged at offset ${second}: the record checksum does not match. The emulator does not start ` +
        `from a partial history. Restore the missing or damaged file from a backup, or move ${dir} aside to start with an empty state.`,
    });
  });

  it("a deleted snapshot is refused: its journal continues a state no file holds", async () => {
    const dir = await compacted();
    rmSync(join(dir, "snapshot-0000000002.snap"));
    await assert.rejects(openDurableStore(dir), {
      message: `${join(dir, "snapshot-0000000002.snap")} is missing: journal-0000000002.log continues the state it held. ` +
        `The emulator does not start from a partial history. Restore the missing or damaged file from a backup, or move ${dir} ` +
        "aside to start with an empty state.",
    });
  });

  it("a snapshot whose journal was deleted is refused: the records after it are gone", async () => {
    const dir = await compacted();
    rmSync(join(dir, "journal-0000000002.log"));
    await assert.rejects(openDurableStore(dir), (err: Error) => err.message.startsWith(
      `${join(dir, "journal-0000000002.log")} is missing: nothing continues snapshot-0000000002.snap. The emulator does not start from a partial history.`));
  });
});
