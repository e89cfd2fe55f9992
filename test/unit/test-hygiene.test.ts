// The suite's own rules (brief: "How we test"): no todo tests left behind, no t.skip() taken when something
// fails, and no sleeping in unit or integration tests where a clock or an event exists. The few timers that
// are not sleeps are listed with the reason.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) files(full, out);
    else if (/\.(ts|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}

const SELF = "test/unit/test-hygiene.test.ts";

/** Timers in tests that are not waits for something that has an event. */
const TIMERS_ALLOWED: Record<string, string> = {
  "test/integration/core/doc-examples.test.ts": "a bound that kills a hung example, not a wait",
  "test/integration/core/hostile-input.test.ts": "req.setTimeout: the bound that names a stalled request, not a wait",
  "test/support/emulator.ts": "the bound on waitForLog, not a wait",
  "test/unit/time-reads.test.ts": "names setTimeout as a pattern to look for",
  "test/unit/extension/fixtures/fake-cli.mjs": "a stand-in CLI that writes its ready line late and crashes late, on purpose",
  "test/unit/store/data-dir.test.ts": "a child process kept alive to hold a lock",
};

it("no todo tests and no t.skip() inside a test", () => {
  const found: string[] = [];
  for (const file of files(join(ROOT, "test"))) {
    const rel = relative(ROOT, file);
    if (rel === SELF) continue;
    const text = readFileSync(file, "utf8");
    if (/\{\s*todo\s*:|\.todo\(|\bit\.todo\b/.test(text)) found.push(`${rel}: todo`);
    if (/\bt\.skip\(/.test(text)) found.push(`${rel}: t.skip()`);
  }
  assert.deepEqual(found, [], "finish the test, or delete it; a failure must fail");
});

it("unit and integration tests wait for events, not for time", () => {
  const found: string[] = [];
  for (const dir of ["unit", "integration", "support"]) {
    for (const file of files(join(ROOT, "test", dir))) {
      const rel = relative(ROOT, file);
      if (rel === SELF || TIMERS_ALLOWED[rel]) continue;
      if (/\bsetTimeout\s*\(|\bsleep\s*\(/.test(readFileSync(file, "utf8"))) found.push(rel);
    }
  }
  assert.deepEqual(found, [], "wait for the event (a log line: waitForLog, a callback, a child's exit) or move the clock (/_emulator/clock)");
});
