// The recipes of docs/testing.md, as files: each code block under a `<!-- recipe NAME: PATH -->` line.
// test/integration/package/ runs the Vitest, Jest, mocha and node:test ones with their runners; this script
// checks the rest against a packed, installed package:
//   pytest          runs the fixture and test with pytest (python3 with pytest and boto3)
//   github-actions  parses the workflow, runs its start step (its port swapped for a free one), checks the rest
//   docker-compose  parses the file, starts the emulator with the `aws` service's flags, checks the wiring
//
//   node scripts/check-recipes.mjs        (builds nothing: run `npm run build` first)
import { spawn, spawnSync } from "node:child_process";
import { get } from "node:http";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packAndInstall, root } from "./packed-package.mjs";

/** recipe name → [{ path, text }] in the order docs/testing.md gives them. */
export function readRecipes(markdown = readFileSync(join(root, "docs", "testing.md"), "utf8")) {
  const recipes = new Map();
  for (const m of markdown.matchAll(/<!-- recipe ([\w-]+): (\S+) -->\n(?:<!-- not-runnable:[^\n]*-->\n)?```\w*\n([\s\S]*?)\n```/g)) {
    const [, name, path, text] = m;
    recipes.set(name, [...(recipes.get(name) ?? []), { path, text: `${text}\n` }]);
  }
  return recipes;
}

/** Writes a recipe's files under `dir`. */
export function writeRecipe(recipes, name, dir) {
  const files = recipes.get(name);
  if (!files?.length) throw new Error(`docs/testing.md has no recipe "${name}"`);
  for (const { path, text } of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return files;
}

function yamlFile(path) {
  const out = spawnSync("python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`${path} is not valid YAML: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on("error", reject);
  });
}

/** The environment a recipe runs in: npx may use only what is installed, never the registry. */
const offlineEnv = (project) => ({ ...process.env, npm_config_offline: "true", npm_config_update_notifier: "false", PATH: `${join(project, "node_modules", ".bin")}:${process.env.PATH}` });

/** Processes whose command line names `dir` (Linux /proc): what a recipe started and may have left running. */
function processesUnder(dir) {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      return cmdline.includes(dir) ? [{ pid: Number(pid), cmdline }] : [];
    } catch { return []; }
  });
}

export async function checkPytest(project) {
  const dir = join(project, "pytest");
  writeRecipe(readRecipes(), "pytest", dir);
  const out = spawnSync("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", dir], { cwd: dir, encoding: "utf8", env: offlineEnv(project), timeout: 120_000 });
  check(out.status === 0, `the pytest recipe failed (exit ${out.status}):\n${out.stdout}\n${out.stderr}`);
  check(/\b1 passed\b/.test(out.stdout), `the pytest recipe ran no test:\n${out.stdout}`);
  // The fixture's teardown must stop the emulator, not only npx: nothing of the project may be left running.
  await untilGone(project, "the pytest fixture");
  return "pytest: 1 passed";
}

/** Waits (bounded) until no process of the project runs; fails naming (and ending) what is left. */
async function untilGone(project, what) {
  for (let i = 0; i < 100 && processesUnder(project).length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  const left = processesUnder(project);
  for (const { pid } of left) try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
  check(left.length === 0, `${what} left processes running: ${left.map((p) => `${p.pid} ${p.cmdline}`).join("; ")}`);
}

export async function checkGithubActions(project) {
  const dir = join(project, "github-actions");
  const [file] = writeRecipe(readRecipes(), "github-actions", dir);
  const workflow = yamlFile(join(dir, file.path));
  const job = workflow.jobs?.test;
  check(job && Array.isArray(job.steps), "the workflow has no jobs.test.steps");
  const start = job.steps.find((s) => s.name === "Start the AWS Identity Emulator");
  check(start && typeof start.run === "string", "no step named \"Start the AWS Identity Emulator\" with a run script");
  const endpoint = new URL(job.env.AWS_ENDPOINT_URL);
  check(start.run.includes(`--port ${endpoint.port}`) && start.run.includes(`${endpoint.origin}/_emulator/health`), "the start step's port and health URL differ from AWS_ENDPOINT_URL");
  check(job.steps.findIndex((s) => s === start) < job.steps.findIndex((s) => s.run === "npm test"), "the emulator starts after the tests run");
  // The step as a runner would run it, on a free port (4566 may be taken here), in a process group to end after.
  const port = await freePort();
  mkdirSync(join(dir, "test"), { recursive: true });
  writeFileSync(join(dir, "test", "seed.json"), JSON.stringify({ iam: { users: [{ name: "from-seed" }] } }));
  const script = start.run.replaceAll(String(endpoint.port), String(port));
  const step = spawn("bash", ["-e", "-c", script], { cwd: dir, env: offlineEnv(project), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  step.stdout.on("data", (d) => { stdout += d; });
  step.stderr.on("data", (d) => { stderr += d; });
  const code = await new Promise((resolve) => step.on("exit", resolve));
  try {
    check(code === 0, `the start step failed (exit ${code}): ${stderr}`);
    check(JSON.parse(stdout).status === "ok", `the health check answered ${stdout}`);
    const users = await fetch(`http://127.0.0.1:${port}/?Action=ListUsers&Version=2010-05-08`).then((r) => r.text());
    check(users.includes("<UserName>from-seed</UserName>"), `the emulator the step started did not load the seed: ${users}`);
  } finally {
    try { process.kill(-step.pid, "SIGTERM"); } catch { /* already gone */ }
  }
  // The background emulator is in the step's process group, which was sent SIGTERM.
  await untilGone(project, "the start step");
  return "github-actions: the start step ran";
}

export async function checkDockerCompose(project) {
  const dir = join(project, "docker-compose");
  const [file] = writeRecipe(readRecipes(), "docker-compose", dir);
  const compose = yamlFile(join(dir, file.path));
  const aws = compose.services?.aws;
  check(aws && /^node:\d+(-[a-z]+)?$/.test(aws.image), "services.aws must run the official Node image");
  const words = aws.command.split(/\s+/);
  check(words.slice(0, 3).join(" ") === "npx --yes aws-identity-emulator", "services.aws.command must run npx --yes aws-identity-emulator");
  const flags = words.slice(3);
  check(flags.join(" ").includes("--host 0.0.0.0"), "the emulator must listen on 0.0.0.0 to be reachable from other containers");
  const port = flags[flags.indexOf("--port") + 1];
  check(aws.ports.some((p) => p.endsWith(`:${port}:${port}`)), "services.aws publishes another port than it listens on");
  check(aws.healthcheck.test.some((t) => t === `http://127.0.0.1:${port}/_emulator/health`), "the health check asks another port");
  const app = compose.services.app;
  check(app.environment.AWS_ENDPOINT_URL === `http://aws:${port}`, "services.app must reach the emulator as aws:PORT");
  check(app.depends_on.aws.condition === "service_healthy", "services.app must wait for the emulator to be healthy");
  // The same flags on this machine (a free port, the seed at its host path): they must parse and start.
  const seed = aws.volumes.map((v) => v.split(":")).find(([, inside]) => flags.includes(inside));
  check(seed, "the --seed file must come from a volume");
  mkdirSync(join(dir, "test"), { recursive: true });
  writeFileSync(join(dir, seed[0]), JSON.stringify({ iam: { users: [{ name: "from-seed" }] } }));
  const args = flags.map((f, i) => (flags[i - 1] === "--port" ? "0" : f === seed[1] ? join(dir, seed[0]) : f));
  const child = spawn(process.execPath, [join(project, "node_modules", "aws-identity-emulator", "dist", "cli.js"), ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => { out += d; if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n")))); });
      child.on("exit", (code) => reject(new Error(`the aws service's command exited with ${code}`)));
    });
    check(line.event === "ready" && line.host === "0.0.0.0", `the aws service's command did not start: ${JSON.stringify(line)}`);
    // The app container addresses it as aws:PORT: the emulator must answer to that name.
    const status = await new Promise((resolve, reject) => {
      get({ host: "127.0.0.1", port: line.port, path: "/_emulator/health", headers: { host: `aws:${port}` } }, (res) => { res.resume(); resolve(res.statusCode); }).on("error", reject);
    });
    check(status === 200, `a request addressed to aws:${port} was answered ${status}: the command must allow the host name aws`);
  } finally {
    child.kill("SIGTERM");
  }
  await untilGone(project, "the aws service's command");
  return "docker-compose: the aws service's command starts";
}

async function main() {
  const installed = packAndInstall();
  try {
    console.log(await checkPytest(installed.dir));
    console.log(await checkGithubActions(installed.dir));
    console.log(await checkDockerCompose(installed.dir));
  } finally {
    installed.remove();
  }
}

// No top-level await: the tests load this module through a CommonJS transform.
if (process.argv[1] === fileURLToPath(import.meta.url)) main().catch((err) => { console.error(err.message); process.exitCode = 1; });
