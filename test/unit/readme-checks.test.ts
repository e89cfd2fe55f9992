// The README lists which of Access Analyzer's policy checks are implemented; a list that drifts from the
// code fails here.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { IMPLEMENTED_CHECKS } from "../../src/policy/index.js";

it("README.md lists exactly the implemented policy checks, each under its finding type", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("<!-- checks:start -->"), readme.indexOf("<!-- checks:end -->"));
  const listed: Record<string, string> = {};
  for (const row of table.split("\n").filter((l) => /^\| [A-Z_]+ \|/.test(l))) {
    const [, type, codes] = /^\| ([A-Z_]+) \| (.*) \|$/.exec(row)!;
    for (const code of codes!.matchAll(/`([A-Z0-9_]+)`/g)) listed[code[1]!] = type!;
  }
  assert.deepEqual(Object.entries(listed).sort(), Object.entries(IMPLEMENTED_CHECKS).sort());
});
