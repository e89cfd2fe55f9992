// The npm package's type declarations and ES module entry, beside the CommonJS bundle dist/index.js:
//   dist/types/…       declarations of src/api/types.ts and the two files it reads (tsc, declarations only)
//   dist/index.d.ts    for require(), dist/index.d.mts for import: the types plus the two functions
//   dist/index.mjs     the ES module entry: re-exports the CommonJS bundle, so one copy of the emulator runs
// Skips tsc when the declarations are newer than their sources (`--force` rebuilds).
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = ["src/api/types.ts", "src/config.ts", "src/admin-api/state.ts"].map((f) => join(root, f));
const OUT = join(root, "dist", "types");

const entryTypes = `// The npm package's types: see dist/types/api/types.d.ts.
import type { ConnectEmulator, StartEmulator } from "./types/api/types.js";
export * from "./types/api/types.js";
export declare const startEmulator: StartEmulator;
export declare const connectEmulator: ConnectEmulator;
`;

const esmEntry = `// The ES module entry: the CommonJS bundle's exports, so import and require share one emulator module.
import api from "./index.js";
export const { startEmulator, connectEmulator } = api;
export default api;
`;

export async function writePackageEntries(force = process.argv.includes("--force")) {
  const marker = join(OUT, "api", "types.d.ts");
  const newest = Math.max(...SOURCES.map((f) => statSync(f).mtimeMs));
  if (force || !existsSync(marker) || statSync(marker).mtimeMs < newest) {
    // Loaded only when needed: TypeScript takes longer to load than the rest of the build.
    const { default: ts } = await import("typescript");
    const program = ts.createProgram([SOURCES[0]], {
      declaration: true, emitDeclarationOnly: true, outDir: OUT, rootDir: join(root, "src"), strict: true,
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"], types: [], skipLibCheck: true,
    });
    const result = program.emit();
    const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
    if (problems.length) throw new Error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  }
  mkdirSync(join(root, "dist"), { recursive: true });
  writeFileSync(join(root, "dist", "index.d.ts"), entryTypes);
  writeFileSync(join(root, "dist", "index.d.mts"), entryTypes);
  writeFileSync(join(root, "dist", "index.mjs"), esmEntry);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writePackageEntries();
