// Writes the README's coverage table from the service registries and the models:
// `npm run coverage`. test/unit/readme-coverage.test.ts fails when the README is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MODELS, SERVICE_IDS, type ServiceId } from "../src/protocol/model.js";
import type { CoverageNote } from "../src/services/coverage-notes.js";
import { COVERAGE_NOTES } from "../src/services/coverage-notes.js";
import { serviceHandlers } from "../src/services/registry.js";

export const START = "<!-- coverage:start -->";
export const END = "<!-- coverage:end -->";
export const README = join(__dirname, "..", "README.md");

/** Notes that name an operation the model lacks, or call an unimplemented operation partial, are mistakes. */
export function coverageNoteProblems(): string[] {
  const services = serviceHandlers();
  const problems: string[] = [];
  for (const [id, notes] of Object.entries(COVERAGE_NOTES) as [ServiceId, Record<string, CoverageNote>][]) {
    for (const [op, note] of Object.entries(notes)) {
      if (!MODELS[id].operations[op]) problems.push(`${id} ${op}: not an operation of the model`);
      else if (note.partial && !services.get(id)!.operations[op]) problems.push(`${id} ${op}: partial, but not implemented`);
    }
  }
  return problems;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function coverageSection(): string {
  const services = serviceHandlers();
  const lines: string[] = [START, ""];
  for (const id of SERVICE_IDS) {
    const implemented = services.get(id)!.operations;
    const notes = COVERAGE_NOTES[id] ?? {};
    const all = Object.keys(MODELS[id].operations).sort();
    const done = all.filter((op) => implemented[op]);
    const partial = done.filter((op) => notes[op]?.partial);
    lines.push(`<details><summary><b>${id}</b>: ${done.length} of ${all.length} operations (${partial.length} partial)</summary>`, "");
    lines.push("| operation | status | notes |", "|---|---|---|");
    for (const op of all) {
      const note = notes[op];
      const status = !implemented[op] ? "— NotImplemented (501)" : note?.partial ? "🟡 partial" : "✅ supported";
      lines.push(`| ${op} | ${status} | ${cell([note?.partial, note?.note].filter(Boolean).join("; "))} |`);
    }
    lines.push("", "</details>", "");
  }
  lines.push(END);
  return lines.join("\n");
}

export function withCoverage(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`README.md needs the markers ${START} and ${END}.`);
  return readme.slice(0, start) + coverageSection() + readme.slice(end + END.length);
}

if (require.main === module) {
  writeFileSync(README, withCoverage(readFileSync(README, "utf8")));
  console.log("README.md coverage table updated");
}
