// Transactions are isolated: a request's writes are private until its commit is durable, a rollback undoes
// nothing anyone else wrote, concurrent writers of the same rows are run again instead of losing an update,
// and a commit the disk refuses changes nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AccountStore, Collection, StorageRefused, Store, TransactionConflict, type Persistence } from "../../../src/store/store.js";

const USERS = "000000000000/iam/users";
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A handler's view of the users table in a transaction. */
const users = (tx: ReturnType<Store["begin"]>): Collection<{ name: string; n?: number }> =>
  new AccountStore("000000000000", "us-east-1", tx).collection("iam", "users");

/** Memory persistence whose appends wait for `release()` (a sync in flight), or are refused while `refusing`. */
function gatedDisk(): Persistence & { release(): void; refusing: boolean; synced: number } {
  let waiting: Array<() => void> = [];
  const disk = {
    refusing: false,
    synced: 0,
    description: "gated",
    release() { for (const go of waiting.splice(0)) go(); },
    append(_changes: unknown, apply: () => void): Promise<void> {
      if (disk.refusing) return Promise.reject(new StorageRefused("/data/journal-0000000001.log", "ENOSPC", new Error("ENOSPC")));
      return new Promise<void>((resolve) => waiting.push(() => { apply(); disk.synced++; resolve(); }));
    },
    appendReset(apply: () => void): Promise<void> { apply(); return Promise.resolve(); },
    close: () => Promise.resolve(),
  };
  return disk;
}

describe("Transaction isolation", () => {
  it("a write is private to its transaction until committed, and a rollback leaves nothing behind", async () => {
    const store = new Store();
    const a = store.begin();
    users(a).put("alice", { name: "alice" });
    assert.deepEqual(users(a).get("alice"), { name: "alice" }, "the writer reads its own write");
    assert.equal(users(a).size, 1);
    const b = store.begin();
    assert.equal(users(b).get("alice"), undefined, "another transaction does not see it");
    assert.equal(store.table(USERS).has("alice"), false, "nor do the shared tables");
    a.rollback();
    assert.equal(users(store.begin()).has("alice"), false);
    const c = store.begin();
    users(c).put("bob", { name: "bob" });
    await c.commit();
    assert.deepEqual(users(b).get("bob"), { name: "bob" }, "committed: visible to everyone");
  });

  it("scans merge the transaction's own puts and deletes in key order", async () => {
    const store = new Store();
    const setup = store.begin();
    for (const name of ["a1", "a3", "b1"]) users(setup).put(name, { name });
    await setup.commit();
    const tx = store.begin();
    users(tx).put("a2", { name: "a2" });
    users(tx).put("a3", { name: "a3", n: 2 });
    users(tx).delete("a1");
    users(tx).put("c1", { name: "c1" });
    assert.deepEqual([...users(tx).from()].map(([k, v]) => `${k}:${v.n ?? 1}`), ["a2:1", "a3:2", "b1:1", "c1:1"]);
    assert.deepEqual([...users(tx).from("a2")].map(([k]) => k), ["a3", "b1", "c1"]);
    assert.deepEqual([...users(tx).withPrefix("a")].map(([k]) => k), ["a2", "a3"]);
    assert.deepEqual([...users(tx).values()].map((v) => v.name).sort(), ["a2", "a3", "b1", "c1"]);
    assert.equal(users(tx).size, 4);
    assert.equal(users(tx).delete("zz"), false);
  });

  it("interleaved async handlers: none sees another's uncommitted write, and a rollback never undoes another's commit", async () => {
    const disk = gatedDisk();
    const store = new Store(disk);
    const seenByReader: Array<unknown> = [];
    // Handler A writes alice, then awaits (as a handler awaiting a JWKS fetch or a key generation does).
    const a = store.transact(async (tx) => {
      users(tx).put("alice", { name: "alice", n: 1 });
      await turn();
      await turn();
      return "a";
    });
    // Handler B runs while A is open: it must not see alice, and it fails after writing bob, so it rolls back.
    const b = store.transact(async (tx) => {
      await turn();
      seenByReader.push(users(tx).get("alice"));
      users(tx).put("bob", { name: "bob" });
      users(tx).put("alice", { name: "alice", n: 99 });   // a write it will roll back
      await turn();
      throw new Error("B fails");
    });
    await assert.rejects(b, /B fails/);
    // A has committed by now (queued, its sync held): still nobody else sees alice.
    await turn();
    const reader = store.begin();
    assert.equal(users(reader).get("alice"), undefined, "queued but not durable: not visible");
    disk.release();
    assert.equal(await a, "a");
    assert.deepEqual(seenByReader, [undefined], "B never saw A's uncommitted write");
    assert.deepEqual(store.table(USERS).get("alice"), { name: "alice", n: 1 }, "B's rollback did not undo A's commit");
    assert.equal(store.table(USERS).has("bob"), false, "nor did any of B's writes survive it");
  });

  it("two handlers that read then write the same row concurrently: the later one runs again, no update is lost", async () => {
    const disk = gatedDisk();
    const store = new Store(disk);
    const setup = store.begin();
    users(setup).put("counter", { name: "counter", n: 0 });
    const ready = setup.commit();
    disk.release();
    await ready;
    let runs = 0;
    const increment = (): Promise<void> => store.transact(async (tx) => {
      runs++;
      const row = users(tx).get("counter")!;
      await turn();                       // both read 0 before either commits
      users(tx).put("counter", { name: "counter", n: row.n! + 1 });
    });
    const both = Promise.all([increment(), increment()]);
    while (runs < 2) await turn();
    for (let i = 0; i < 10 && disk.synced < 3; i++) { await turn(); disk.release(); }
    await both;
    assert.equal(store.table<{ n: number }>(USERS).get("counter")!.n, 2);
    assert.equal(runs, 3, "the second writer was run once more, after the first was durable");
  });

  it("check-then-insert by two concurrent requests: the second sees the first's row when it runs again", async () => {
    const store = new Store();
    const create = (name: string): Promise<string> => store.transact(async (tx) => {
      if (users(tx).has("alice")) throw new Error(`EntityAlreadyExists (${name})`);
      await turn();
      users(tx).put("alice", { name });
      return name;
    });
    const results = await Promise.allSettled([create("first"), create("second")]);
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    const winner = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<string>).value;
    assert.equal(store.table<{ name: string }>(USERS).get("alice")!.name, winner);
  });

  it("a request that keeps conflicting gives up with TransactionConflict", async () => {
    const store = new Store();
    let runs = 0;
    await assert.rejects(store.transact(async (tx) => {
      runs++;
      users(tx).get("hot");
      const other = store.begin();          // someone else commits the same row every time
      users(other).put("hot", { name: "hot", n: runs });
      await other.commit();
      users(tx).put("hot", { name: "mine" });
    }), TransactionConflict);
    assert.equal(runs, 10);
  });

  it("a commit the disk refuses is never applied, answers StorageRefused, and marks the store degraded until a write lands", async () => {
    const disk = gatedDisk();
    const store = new Store(disk);
    const states: string[] = [];
    store.onHealth((h) => states.push(h.state));
    disk.refusing = true;
    const tx = store.begin();
    users(tx).put("dave", { name: "dave" });
    await assert.rejects(tx.commit(), (err: Error) =>
      err instanceof StorageRefused && err.message === "the disk refused the write to /data/journal-0000000001.log (no space left on device)");
    assert.equal(store.table(USERS).has("dave"), false);
    assert.deepEqual(store.health, { state: "degraded", code: "ENOSPC",
      reason: "the disk refused the write to /data/journal-0000000001.log (no space left on device)" });
    disk.refusing = false;
    const again = store.begin();
    users(again).put("dave", { name: "dave" });
    const done = again.commit();
    disk.release();
    await done;
    assert.deepEqual(store.health, { state: "ok" });
    assert.deepEqual(states, ["degraded", "ok"]);
    assert.ok(store.table(USERS).has("dave"));
  });
});
