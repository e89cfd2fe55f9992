// The README's screenshots come from the e2e runs, so they show the extension as it is: this copies the
// screenshots the e2e tests wrote (test-artifacts/e2e/) to media/screenshots/ under the README's names.
//
//   npm run screenshots            runs the e2e files that take them, then copies
//   node scripts/update-screenshots.mjs --copy-only
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = join(root, "test-artifacts", "e2e");

/** README image → the e2e screenshot it is, and the test file that takes it. */
const screenshots = {
  "welcome.png": ["tree-1-welcome.png", "test/e2e/resource-tree.test.mjs"],
  "resource-tree.png": ["tree-5-overview.png", "test/e2e/resource-tree.test.mjs"],
  "delete-conflict.png": ["tree-4-delete-conflict.png", "test/e2e/resource-tree.test.mjs"],
  "policy-simulated.png": ["simulator-3-denied.png", "test/e2e/simulator.test.mjs"],
  "stepped-picker.png": ["simulator-2-resource.png", "test/e2e/simulator.test.mjs"],
  "requests.png": ["simulator-11-requests.png", "test/e2e/simulator.test.mjs"],
  "decision-fix.png": ["simulator-12-statement.png", "test/e2e/simulator.test.mjs"],
  "port-in-use.png": ["2-port-in-use.png", "test/e2e/code-server.test.mjs"],
};

if (!process.argv.includes("--copy-only")) {
  for (const file of new Set(Object.values(screenshots).map(([, test]) => test))) {
    console.log(`running ${file}`);
    // One at a time: each starts its own code-server and Chromium.
    execFileSync(process.execPath, ["--test", "--test-reporter=spec", join(root, file)], { cwd: root, stdio: "inherit" });
  }
}
let missing = 0;
for (const [name, [shot]] of Object.entries(screenshots)) {
  const from = join(artifacts, shot);
  if (!existsSync(from)) { console.error(`missing ${from}: run its e2e test`); missing++; continue; }
  copyFileSync(from, join(root, "media", "screenshots", name));
  console.log(`media/screenshots/${name} ← ${shot}`);
}
process.exit(missing ? 1 : 0);
