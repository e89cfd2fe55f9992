// The last simulated request per document or principal: kept across restarts, the most recent ones only.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LastRequests } from "../../../../src/extension/editor/last-requests.js";

/** workspaceState's get/update over a Map, as VS Code's Memento behaves. */
function memento() {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string, fallback?: T) => (values.has(key) ? values.get(key) as T : fallback) as T,
    update: async (key: string, value: unknown) => { values.set(key, value); },
  };
}

describe("LastRequests", () => {
  it("gives back what was set, under its workspaceState key, read again by a new instance (a restart)", async () => {
    const state = memento();
    await new LastRequests<{ action: string }>(state, "k").set("arn:aws:iam::000000000000:user/alice", { action: "s3:GetObject" });
    assert.deepEqual(new LastRequests<{ action: string }>(state, "k").get("arn:aws:iam::000000000000:user/alice"), { action: "s3:GetObject" });
    assert.equal(new LastRequests(state, "other").get("arn:aws:iam::000000000000:user/alice"), undefined);
  });

  it("keeps only the most recent ones; setting one again makes it the newest", async () => {
    const state = memento();
    const last = new LastRequests<number>(state, "k", 3);
    for (const id of ["a", "b", "c"]) await last.set(id, 1);
    await last.set("a", 2); // a is now the newest
    await last.set("d", 1); // b, the oldest, goes
    assert.deepEqual(Object.keys(state.values.get("k") as object), ["c", "a", "d"]);
    assert.equal(last.get("b"), undefined);
    assert.equal(last.get("a"), 2);
  });
});
