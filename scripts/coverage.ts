// Writes the README's coverage table from the service registries and the models:
// `npm run coverage`. test/unit/readme-coverage.test.ts fails when the README is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MODELS, SERVICE_IDS } from "../src/protocol/model.js";
import { serviceHandlers } from "../src/services/registry.js";

export const START = "<!-- coverage:start -->";
export const END = "<!-- coverage:end -->";
export const README = join(__dirname, "..", "README.md");

export function coverageSection(): string {
  const services = serviceHandlers();
  const lines: string[] = [START, ""];
  for (const id of SERVICE_IDS) {
    const implemented = services.get(id)!.operations;
    const all = Object.keys(MODELS[id].operations).sort();
    const done = all.filter((op) => implemented[op]);
    lines.push(`<details><summary><b>${id}</b>: ${done.length} of ${all.length} operations</summary>`, "");
    lines.push("| operation | status |", "|---|---|");
    for (const op of all) lines.push(`| ${op} | ${implemented[op] ? "✅ supported" : "— NotImplemented (501)"} |`);
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
