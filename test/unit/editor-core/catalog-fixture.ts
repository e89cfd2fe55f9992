// The editor catalog for unit tests: dist/editor-catalog.json.gz when the build made it from the installed
// iam-data, otherwise built once into a temp folder that is removed when the process exits.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Catalog } from "../../../src/editor-core/catalog.js";

const root = join(__dirname, "..", "..", "..");
const script = join(root, "scripts", "build-editor-catalog.mjs");
const built = join(root, "dist", "editor-catalog.json.gz");
const iamData = join(root, "node_modules", "@cloud-copilot", "iam-data", "package.json");

let catalog: Catalog | undefined;

export function testCatalog(): Catalog {
  if (catalog) return catalog;
  const fresh = existsSync(built) && statSync(built).mtimeMs >= Math.max(statSync(script).mtimeMs, statSync(iamData).mtimeMs);
  if (fresh) return (catalog = Catalog.fromFile(built));
  const dir = mkdtempSync(join(tmpdir(), "editor-catalog-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "editor-catalog.json.gz");
  execFileSync(process.execPath, [script, "--out", out], { stdio: "ignore" });
  return (catalog = Catalog.fromFile(out));
}
