// Request bodies wait for room in a shared budget before they are read; small ones never wait.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BodyBudget } from "../../../src/server/body-budget.js";

const MiB = 1024 * 1024;

describe("BodyBudget", () => {
  it("admits bodies while they fit, and the next one when room is given back", async () => {
    const budget = new BodyBudget(8 * MiB);
    const first = await budget.reserve(4 * MiB);
    const second = await budget.reserve(4 * MiB);
    let thirdIn = false;
    const third = budget.reserve(4 * MiB).then((release) => { thirdIn = true; return release; });
    await new Promise((r) => setImmediate(r));
    assert.equal(thirdIn, false, "a third 4 MiB body waits");
    first();
    (await third)();
    assert.equal(thirdIn, true);
    second();
  });

  it("small bodies never wait, and one body larger than the budget still runs, alone", async () => {
    const budget = new BodyBudget(8 * MiB);
    const big = await budget.reserve(6 * MiB);
    const small = await budget.reserve(60 * 1024);
    small();
    let hugeIn = false;
    const huge = budget.reserve(20 * MiB).then((release) => { hugeIn = true; return release; });
    await new Promise((r) => setImmediate(r));
    assert.equal(hugeIn, false);
    big();
    big(); // giving back twice gives back once
    (await huge)();
    assert.equal(hugeIn, true);
  });
});
