// `npm run bench`: every benchmark in bench/, one after the other, each printing its own figures and keeping
// them in out/bench/<name>.json. `--write-readme` then writes the README's performance table from this run's
// figures (with the machine, Node, the peers' versions and the load average). `--quick` shortens the runs (a
// smoke test of the benchmarks themselves; its figures are not kept); `--runs=N` repeats each figure's
// full-size work N times instead of the benchmark's own count. Names narrow the run: `npm run bench -- cognito`.
import { cpus, loadavg } from "node:os";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "bench");
const results = join(root, "out", "bench");
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith("--"));
const flags = args.filter((a) => a.startsWith("--") && a !== "--write-readme");
const writeReadme = args.includes("--write-readme");
if (writeReadme && (only.length || flags.includes("--quick"))) {
  console.error("--write-readme needs the whole run at full size (no names, no --quick)");
  process.exit(2);
}

const files = readdirSync(dir).filter((f) => /\.bench\.(mjs|ts)$/.test(f) && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
if (!only.length) rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const loadBefore = load();
console.log(`${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; load average ${loadBefore} (1, 5, 15 min)`);
const t0 = performance.now();
let failed = 0;
for (const file of files) {
  console.log(`\n── ${file}`);
  const argv = file.endsWith(".ts") ? ["--import", "tsx", join(dir, file), ...flags] : [join(dir, file), ...flags];
  const r = spawnSync(process.execPath, argv, { stdio: "inherit", cwd: root });
  if (r.status !== 0) { failed++; console.error(`${file} failed (exit ${r.status})`); }
}
const loadAfter = load();
const minutes = (performance.now() - t0) / 60_000;
console.log(`\n${files.length} benchmarks in ${minutes.toFixed(1)} min; load average ${loadAfter} at the end`);

if (writeReadme) {
  if (failed) { console.error("not writing the README: a benchmark failed"); process.exit(1); }
  writeTable({ loadBefore, loadAfter, minutes });
}
process.exit(failed ? 1 : 0);

function version(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The table between the README's bench markers, from out/bench/*.json in the order the benchmarks ran. */
function writeTable(run) {
  const rows = files.flatMap((f) => {
    const json = join(results, `${f.replace(/\.bench\.(mjs|ts)$/, "")}.json`);
    return existsSync(json) ? JSON.parse(readFileSync(json, "utf8")).rows : [];
  });
  const cell = (s) => (s ?? "").replace(/\|/g, "\\|");
  const moto = version("python3", ["-c", "import moto; print(moto.__version__)"]);
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `Measured by \`npm run bench -- --write-readme\` on ${date}: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
      `the load generator on the same machine; load average ${run.loadBefore} before and ${run.loadAfter} after (1, 5, 15 min); ` +
      `${run.minutes.toFixed(1)} min in all. Peers in the same run: moto ${moto ?? "(not installed)"} (\`python3 -m moto.server\`), ` +
      "cognito-local from the npm registry. Rates are medians of repeated runs of fixed work, with min and max; every run fails on any non-2xx answer.",
    "",
    "| what | AWS Identity Emulator | moto | cognito-local | target |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${cell(r.what)} | ${cell(r.ours)} | ${cell(r.moto ?? "—")} | ${cell(r.cognitoLocal ?? "—")} | ${r.target ? `${cell(r.target)}: ${r.met === undefined ? "" : r.met ? "met" : "**not met**"}` : ""} |`),
  ];
  const readme = join(root, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench:start -->", end = "<!-- bench:end -->";
  const a = text.indexOf(start), b = text.indexOf(end);
  if (a === -1 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
  writeFileSync(readme, `${text.slice(0, a + start.length)}\n${lines.join("\n")}\n${text.slice(b)}`);
  console.log(`README.md: performance table written (${rows.length} rows)`);
}
