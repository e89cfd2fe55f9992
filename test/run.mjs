// `npm test`: unit and integration tests (node's test runner, TypeScript via tsx), then the end-to-end tests
// that drive the packaged extension in a real VS Code (code-server + headless Chromium), one at a time.
// `node test/run.mjs unit` or `node test/run.mjs integration/iam` narrows to a folder or file;
// E2E=0 skips the end-to-end phase (it needs Debian's chromium, which .ci/run installs).
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawn } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const scopes = process.argv.slice(2);

function collect(path, out) {
  if (!statSync(path, { throwIfNoEntry: false })) return out;
  if (statSync(path).isFile()) { out.push(path); return out; }
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (/\.test\.(ts|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}

/**
 * Runs node's test runner on `files` in its own process group. A run that outlives `limitMs` is a hang (a
 * process a test left behind holds it open): its whole group is killed and the run fails, so `npm test` always
 * ends with an answer instead of stalling CI.
 */
function run(files, concurrency, limitMs) {
  const child = spawn(process.execPath, [
    "--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files,
  ], { stdio: "inherit", cwd: root, detached: true });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ended meanwhile
    }
  };
  const timer = setTimeout(() => {
    console.error(`\nerror: ${files.map((f) => relative(root, f)).join(", ")} still running after ${limitMs / 60_000} min: killed`);
    killGroup("SIGKILL");
  }, limitMs);
  // Its own group does not get the terminal's Ctrl-C: pass it on, and stop there.
  const stop = (signal) => { killGroup(signal); process.exit(130); };
  process.once("SIGINT", stop).once("SIGTERM", stop);
  return new Promise((resolve) => child.once("exit", (code) => {
    clearTimeout(timer);
    process.off("SIGINT", stop).off("SIGTERM", stop);
    resolve(code ?? 1);
  }));
}

if (scopes.length) {
  const files = scopes.flatMap((s) => collect(join(root, "test", s), []));
  if (files.length === 0) { console.error(`no test files under ${scopes.join(", ")}`); process.exit(1); }
  process.exit(await run(files, scopes.every((s) => s.startsWith("e2e")) ? 1 : 2, 60 * 60_000));
}

const files = [join(root, "test", "unit"), join(root, "test", "integration")].flatMap((r) => collect(r, []));
let status = await run(files, 2, 45 * 60_000);
if (process.env.E2E !== "0") {
  console.log(`\n── end-to-end: the packaged extension in code-server (${relative(root, join(root, "test", "e2e"))})`);
  const e2e = collect(join(root, "test", "e2e"), []);
  // One at a time: each starts its own code-server and Chromium.
  for (const file of e2e) status = (await run([file], 1, 15 * 60_000)) || status;
}
process.exit(status);
