// Runs every test file under test/unit and test/integration with node's test runner (TypeScript via tsx).
// `node test/run.mjs unit` or `node test/run.mjs integration/iam` narrows to a folder.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const scopes = process.argv.slice(2);
const roots = scopes.length ? scopes.map((s) => join(root, "test", s)) : [join(root, "test", "unit"), join(root, "test", "integration")];

function collect(path, out) {
  if (!statSync(path, { throwIfNoEntry: false })) return out;
  if (statSync(path).isFile()) { out.push(path); return out; }
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (/\.test\.(ts|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}

const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) { console.error("no test files found under", roots.map((r) => relative(root, r)).join(", ")); process.exit(1); }
const result = spawnSync(process.execPath, [
  "--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files,
], { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
