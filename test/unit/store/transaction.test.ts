// A transaction's changes are visible at once, undone on rollback, and undone when the disk refuses them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Store, type Persistence } from "../../../src/store/store.js";

function failingDisk(): Persistence {
  return {
    append: () => Promise.reject(new Error("disk full")),
    appendReset: () => Promise.resolve(),
    close: () => Promise.resolve(),
    description: "failing",
  };
}

describe("Transaction", () => {
  it("rollback restores every row it changed", () => {
    const store = new Store();
    const table = store.table<string>("a/iam/users");
    const setup = store.begin();
    setup.put(table, "bob", "v1");
    void setup.commit();
    const tx = store.begin();
    tx.put(table, "bob", "v2");
    tx.put(table, "carol", "v1");
    tx.delete(table, "bob");
    assert.equal(table.get("bob"), undefined);
    tx.rollback();
    assert.equal(table.get("bob"), "v1");
    assert.equal(table.has("carol"), false);
  });

  it("a commit the disk refuses is undone in memory and the error reaches the caller", async () => {
    const store = new Store(failingDisk());
    const table = store.table<string>("a/iam/users");
    const tx = store.begin();
    tx.put(table, "dave", "v1");
    assert.equal(table.get("dave"), "v1", "visible to the request at once");
    await assert.rejects(tx.commit(), /disk full/);
    assert.equal(table.has("dave"), false, "never acknowledged, so not kept");
  });
});
