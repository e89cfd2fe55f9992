// `npm run bench`: every benchmark in bench/, one after the other, each printing its own figures.
// `--quick` shortens the runs (CI smoke); otherwise they run at full size.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const dir = new URL(".", import.meta.url).pathname;
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const files = readdirSync(dir).filter((f) => /\.bench\.(mjs|ts)$/.test(f) && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n── ${file}`);
  const args = file.endsWith(".ts") ? ["--import", "tsx", dir + file, ...flags] : [dir + file, ...flags];
  const r = spawnSync(process.execPath, args, { stdio: "inherit", cwd: new URL("..", import.meta.url).pathname });
  if (r.status !== 0) { failed++; console.error(`${file} failed (exit ${r.status})`); }
}
process.exit(failed ? 1 : 0);
