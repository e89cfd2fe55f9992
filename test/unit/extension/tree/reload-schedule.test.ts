// The resource tree's fetch schedule: decided requests fetch only the decisions, change events the whole
// snapshot, bursts are gathered, and fetches never overlap.
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { ReloadSchedule } from "../../../../src/extension/tree/reload-schedule.js";

/** Fetches that finish when the test says so, in the order they were started. */
function recorder() {
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const fetch = (kind: string) => () => {
    started.push(kind);
    return new Promise<void>((resolve) => finishers.push(resolve));
  };
  return { started, work: { all: fetch("all"), decisions: fetch("decisions") }, finishNext: async () => { finishers.shift()!(); await settle(); } };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("ReloadSchedule", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("a burst of decided requests is one fetch of the decisions, never of the whole snapshot", async () => {
    const r = recorder();
    const schedule = new ReloadSchedule(r.work);
    for (let i = 0; i < 20; i++) schedule.soon("decisions", 250);
    mock.timers.tick(249);
    assert.deepEqual(r.started, []);
    mock.timers.tick(1);
    assert.deepEqual(r.started, ["decisions"]);
  });

  it("a change in the same burst makes it one fetch of the whole snapshot (which has the decisions)", () => {
    const r = recorder();
    const schedule = new ReloadSchedule(r.work);
    schedule.soon("decisions", 250);
    schedule.soon("all", 60);
    schedule.soon("decisions", 250);
    mock.timers.tick(250);
    assert.deepEqual(r.started, ["all"]);
  });

  it("what is asked for during a fetch runs after it, once, merged", async () => {
    const r = recorder();
    const schedule = new ReloadSchedule(r.work);
    const first = schedule.now("decisions");
    assert.equal(schedule.now("decisions"), first, "the running fetch is what the caller waits for");
    schedule.now("all");
    schedule.now("decisions");
    assert.deepEqual(r.started, ["decisions"]);
    await r.finishNext();
    assert.deepEqual(r.started, ["decisions", "all"]);
    await r.finishNext();
    assert.deepEqual(r.started, ["decisions", "all"], "nothing more was asked for");
  });

  it("cancel forgets what was asked for; a running fetch still finishes", async () => {
    const r = recorder();
    const schedule = new ReloadSchedule(r.work);
    const running = schedule.now("all");
    schedule.now("decisions");
    schedule.soon("all", 60);
    schedule.cancel();
    mock.timers.tick(1000);
    await r.finishNext();
    await running;
    assert.deepEqual(r.started, ["all"]);
  });
});
