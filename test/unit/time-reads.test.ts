// Every read of time in src/ goes through the injected clock (src/clock.ts), so tests move time instead of
// sleeping and nothing expires, ages or stamps by the host's clock behind the emulator's back. The few other
// uses of time are listed here, file by file, with the reason; anything new fails until it is listed or fixed.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** What reads the time or schedules by it. A Date built from a value (new Date(ms), new Date(iso)) is fine. */
const TIME_USES: Record<string, RegExp> = {
  "Date.now()": /\bDate\.now\s*\(/,
  "new Date()": /\bnew Date\s*\(\s*\)/,
  "Date()": /(?<![\w.])Date\s*\(\s*\)/,
  "performance.now()": /\bperformance\.now\s*\(/,
  "process.hrtime": /\bprocess\.hrtime\b/,
  "setTimeout": /\bsetTimeout\s*\(/,
  "setInterval": /\bsetInterval\s*\(/,
};

const ALLOWED: Record<string, { uses: string[]; why: string }> = {
  "src/clock.ts": { uses: ["Date.now()"], why: "the clock itself (systemClock, and OffsetClock on top of it)" },
  "src/outbound/outbound.ts": { uses: ["setTimeout"], why: "a network deadline on an outbound call" },
  "src/editor-core/principal-policies.ts": { uses: ["setTimeout"], why: "a network deadline on the editor's fetch from the emulator" },
  "src/extension/emulator-process.ts": { uses: ["setTimeout"], why: "deadlines for the child process to start and to stop" },
  "src/extension/tree/change-events.ts": { uses: ["setTimeout"], why: "the reconnect back-off of the change stream (a network retry)" },
  "src/extension/tree/reload-schedule.ts": { uses: ["setTimeout"], why: "gathering a burst of change events and decisions into one fetch (UI)" },
  "src/extension/requests/requests-view.ts": { uses: ["setTimeout"], why: "coalescing a burst of requests into one render of the Requests view (UI)" },
  "src/extension/editor/principal-simulator.ts": { uses: ["setTimeout"], why: "coalescing a burst of change events into one re-simulation (UI)" },
  "src/extension/editor/simulate-lens.ts": { uses: ["setTimeout"], why: "waiting for typing to pause before simulating (UI)" },
  "src/extension/editor/policy-diagnostics.ts": { uses: ["setTimeout", "performance.now()"], why: "typing debounce (UI); how long a pass took, for the log" },
  "src/extension/editor/editor-catalog.ts": { uses: ["performance.now()"], why: "how long loading the catalog took, for the log" },
  "src/extension/tree/resource-documents.ts": { uses: ["Date.now()"], why: "VS Code's FileStat.mtime is wall-clock milliseconds by contract" },
  "src/launch.ts": { uses: ["Date.now()"], why: "dropping code caches of earlier builds by their files' age (file mtimes are wall-clock), before the emulator runs" },
  "src/store/open.ts": { uses: ["performance.now()"], why: "how long loading the store took, for the log" },
  "src/store/journal.ts": { uses: ["performance.now()"], why: "how long a compaction took, for the log" },
  "src/lambda/local-handlers.ts": { uses: ["setTimeout"], why: "a trigger's deadline (Lambda's timeout) and a worker's start-up: process deadlines, as Cognito's wait is" },
  "src/lambda/worker.ts": { uses: ["performance.now()"], why: "the handler's getRemainingTimeInMillis() counts down its own deadline, which the emulator's clock must not move" },
  "src/auth/request-log.ts": { uses: ["setTimeout"], why: "batching the recorder's rows into one store write (I/O coalescing, not a time read)" },
  "src/server/forward/forwarder.ts": { uses: ["setTimeout"], why: "a network deadline: the upstream's answer within --upstream-timeout" },
  "src/server/forward/upstreams.ts": { uses: ["setInterval"], why: "probing the upstreams' health every few seconds (network polling, not a time read)" },
};

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.ts$/.test(entry)) out.push(full);
  }
  return out;
}

/** The code without comments and string contents, so prose about Date.now() is not a use of it. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:\\])\/\/.*$/gm, "$1")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
}

it("src/ reads time only through the injected clock, except where listed with a reason", () => {
  const found: string[] = [];
  const unused: string[] = [];
  for (const file of sources(join(ROOT, "src"))) {
    const rel = relative(ROOT, file);
    const code = codeOnly(readFileSync(file, "utf8"));
    const allowed = ALLOWED[rel]?.uses ?? [];
    for (const [name, re] of Object.entries(TIME_USES)) {
      const used = re.test(code);
      if (used && !allowed.includes(name)) found.push(`${rel}: ${name}`);
      if (!used && allowed.includes(name)) unused.push(`${rel}: ${name}`);
    }
  }
  assert.deepEqual(found, [], "take the time from the injected Clock (ctx.clock, deps.clock), or list the use above with why it is not one");
  assert.deepEqual(unused, [], "an allowance that is no longer needed: remove it, so the list stays narrow");
});

it("the rule sees the uses it is meant to see", () => {
  const sample = codeOnly('const a = Date.now(); // Date.now() in a comment\nconst b = new Date(); const c = new Date(a); const s = "setTimeout(";');
  assert.equal(TIME_USES["Date.now()"]!.test(sample), true);
  assert.equal(TIME_USES["new Date()"]!.test(sample), true);
  assert.equal(TIME_USES["setTimeout"]!.test(sample), false);
  assert.equal(TIME_USES["new Date()"]!.test(codeOnly("const c = new Date(a);")), false);
});
