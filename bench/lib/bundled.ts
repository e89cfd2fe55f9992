// In-process benchmarks measure code as it ships: the emulator, the extension and the npm package all run
// esbuild bundles, so a module is bundled here with the same options before it is timed. Loaded through tsx
// instead, every imported name is read through a getter of tsx's module interop, which was a sixth of the
// policy engine's time — a cost no user pays.
import { buildSync } from "esbuild";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./processes.js";

/** `entry` (a path under src/) bundled as dist's bundles are, and loaded; typed as the module itself. */
export function bundled<T>(entry: string): T {
  const dir = join(ROOT, "out", "bench", "bundles");
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${entry.replace(/^src\//, "").replace(/\.ts$/, "").replace(/[/\\]/g, "-")}.cjs`);
  buildSync({
    entryPoints: [join(ROOT, entry)], outfile, bundle: true, platform: "node", target: "node20", format: "cjs",
    minifyWhitespace: true, minifySyntax: true, logLevel: "warning", define: { __EMULATOR_VERSION__: JSON.stringify("bench") },
  });
  return require(outfile) as T;
}
