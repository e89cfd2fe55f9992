import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { canMove, transitions, type StateKind } from "../../../src/extension/emulator-state.js";

const kinds: StateKind[] = ["stopped", "starting", "running", "stopping", "failed"];

describe("emulator state transitions", () => {
  it("allows exactly the lifecycle's edges", () => {
    const allowed = kinds.flatMap((from) => kinds.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
    assert.deepEqual(allowed, [
      "stopped→starting", "stopped→failed",
      "starting→running", "starting→stopping", "starting→failed",
      "running→stopping", "running→failed",
      "stopping→stopped",
      "failed→stopped", "failed→starting",
    ]);
  });

  it("never lets running skip stopping on the way to stopped", () => {
    assert.equal(canMove("running", "stopped"), false);
    assert.equal(canMove("starting", "stopped"), false);
  });

  it("has no self-loops, so every fired event is a change", () => {
    for (const k of kinds) assert.equal(transitions[k].includes(k), false, k);
  });
});
