// AWS's service authorization data for the policy checks: the same compact catalog the policy editor reads
// (dist/editor-catalog.json.gz, built by scripts/build-editor-catalog.mjs), loaded once on first use.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Catalog } from "../../editor-core/catalog.js";

const CANDIDATES = [join(__dirname, "editor-catalog.json.gz"), join(__dirname, "..", "..", "..", "dist", "editor-catalog.json.gz")];

let loaded: Catalog | undefined | null = null; // null: not tried yet

/** The catalog, or undefined when the build did not write it (the checks that need it then stay quiet). */
export function serviceCatalog(): Catalog | undefined {
  if (loaded === null) {
    const path = CANDIDATES.find((p) => existsSync(p));
    try { loaded = path ? Catalog.fromFile(path) : undefined; } catch { loaded = undefined; }
  }
  return loaded;
}
