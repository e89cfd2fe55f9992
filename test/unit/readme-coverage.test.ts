// The README's coverage table is generated from the registries; a stale one fails here.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { README, coverageNoteProblems, withCoverage } from "../../scripts/coverage.js";

it("README.md's coverage table matches the implemented operations (run `npm run coverage`)", () => {
  const readme = readFileSync(README, "utf8");
  assert.equal(readme, withCoverage(readme));
});

it("coverage notes name operations of the models, and only implemented ones are partial", () => {
  assert.deepEqual(coverageNoteProblems(), []);
});
