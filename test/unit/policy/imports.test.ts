// The engine stays pure so the editor can load it: no node:http, node:fs, vscode, nor anything outside src/policy/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(__dirname, "../../../src/policy");

describe("policy engine imports", () => {
  it("imports only its own files and ajv", () => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      const src = readFileSync(join(dir, f), "utf8");
      for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"/g)) {
        const spec = m[1]!;
        assert.ok((spec.startsWith("./") && !spec.includes("..")) || spec === "ajv", `${f} imports ${spec}`);
      }
    }
  });
});
