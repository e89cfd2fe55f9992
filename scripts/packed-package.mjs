// The npm package as a user gets it: `npm pack` (the built dist/ must be current), then `npm install` of the
// tarball into a new project in a temporary folder. Tools the tests run there (runners, SDKs) are linked from
// this repository's node_modules rather than installed again. Used by test/integration/package/ and
// scripts/check-recipes.mjs.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Packs and installs; `link` names packages of this repository's node_modules to link into the project. */
export function packAndInstall({ link = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "aie-package-"));
  try {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    const tarball = join(dir, packed[0].filename);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "aie-package-test", private: true }));
    // Offline first: every dependency is in the cache once the repository's `npm ci` has run.
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    for (const name of link) {
      const target = join(dir, "node_modules", name);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(root, "node_modules", name), target, "dir");
    }
    return { dir, tarball, files: packed[0].files.map((f) => f.path), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
