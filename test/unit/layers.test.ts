// The layers of docs/architecture.md, checked on every import in src/: a value import that crosses a
// forbidden edge fails here (type-only imports are free: they vanish at build time).
import { it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = join(__dirname, "..", "..", "src");

/** folder → folders (of src/) it must not import values from, and modules it must not load. */
const FORBIDDEN: Record<string, { folders: string[]; modules: string[] }> = {
  "policy": { folders: ["server", "services", "store", "auth", "protocol", "extension", "editor-core", "seed", "state", "api"], modules: ["node:http", "node:fs", "vscode"] },
  "store": { folders: ["server", "services", "auth", "protocol", "policy", "extension", "seed", "state", "api"], modules: ["node:http", "vscode"] },
  "protocol": { folders: ["server", "services", "store", "auth", "extension", "seed", "state", "api"], modules: ["node:http", "vscode"] },
  "auth": { folders: ["server", "services", "extension", "seed", "state", "api"], modules: ["node:http", "vscode"] },
  "services": { folders: ["server", "extension", "seed", "state", "api"], modules: ["node:http", "vscode"] },
  "editor-core": { folders: ["server", "services", "store", "auth", "extension", "seed", "state", "api"], modules: ["node:http", "vscode"] },
  "admin-api": { folders: ["server", "services", "store", "auth", "protocol", "policy", "extension", "seed", "state", "api"], modules: ["vscode"] },
  "lambda": { folders: ["server", "services", "store", "protocol", "policy", "extension", "editor-core", "seed", "state", "api"], modules: ["vscode"] },
  "outbound": { folders: ["server", "services", "store", "auth", "protocol", "policy", "extension", "editor-core", "seed", "state", "api"], modules: ["vscode"] },
  "extension": { folders: ["server", "services", "store", "auth", "protocol", "seed", "outbound", "state", "api", "lambda"], modules: [] },
  "state": { folders: ["server", "extension", "seed", "api", "auth"], modules: ["node:http", "vscode"] },
  "seed": { folders: ["server", "extension", "state", "api"], modules: ["node:http", "vscode"] },
  // The forwarder is a plain-HTTP surface of other services: it reaches the emulator's own services only through auth.
  "server/forward": { folders: ["services", "extension", "editor-core", "seed", "state", "api"], modules: ["vscode"] },
};

/** The most specific rule for a file: "server/forward" before a top-level folder. */
function ruleFolder(path: string): string | undefined {
  return Object.keys(FORBIDDEN).filter((k) => path.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
  });
}

it("no source file imports across a forbidden layer edge", () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const folder = ruleFolder(relative(SRC, file));
    if (!folder) continue;
    const rule = FORBIDDEN[folder]!;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) {
      const spec = m[1]!;
      if (rule.modules.includes(spec)) violations.push(`${relative(SRC, file)} loads ${spec}`);
      if (!spec.startsWith(".")) continue;
      const target = relative(SRC, resolve(dirname(file), spec)).split("/")[0]!;
      if (rule.folders.includes(target)) violations.push(`${relative(SRC, file)} imports ${spec} (${folder}/ → ${target}/)`);
    }
    for (const m of text.matchAll(/require\("([^"]+)"\)/g)) {
      if (rule.modules.includes(m[1]!)) violations.push(`${relative(SRC, file)} requires ${m[1]}`);
    }
  }
  assert.deepEqual(violations, []);
});
