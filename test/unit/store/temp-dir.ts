// Temporary data folders for the store tests, removed when the test file ends.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

const made: string[] = [];
after(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "aie-store-"));
  made.push(dir);
  return dir;
}

/** Every table's rows, for comparing two stores' states. */
export function dump(store: { allTables(): Iterable<{ id: string; entries(): Iterable<[string, unknown]> }> }): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const table of store.allTables()) {
    const rows = Object.fromEntries([...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    if (Object.keys(rows).length > 0) out[table.id] = rows;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
