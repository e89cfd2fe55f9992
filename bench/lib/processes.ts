// The servers a benchmark measures: our CLI, and the peers — moto's server (the machine's python3) and
// cognito-local (from the npm registry, installed once into a cache folder, never into the project). Every
// process started here is stopped on exit, also when the benchmark fails.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli.js");

const running = new Set<ChildProcess>();
process.on("exit", () => { for (const c of running) c.kill("SIGKILL"); });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

export interface Server {
  readonly name: string;
  readonly child: ChildProcess;
  readonly host: string;
  readonly port: number;
  readonly endpoint: string;
  /** Milliseconds from spawn to ready. */
  readonly startMs: number;
  /** Ours only: the ready line's token that /_emulator/ endpoints which act need in authenticate and enforce modes. */
  readonly adminToken?: string;
  /** Resident memory now, MiB. */
  rss(): number;
  /** CPU the process has used so far (user and system), milliseconds, in /proc's 10 ms ticks. */
  cpuMs(): number;
  stop(): Promise<void>;
}

function track(name: string, child: ChildProcess, host: string, port: number, startMs: number): Server {
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  exited.then(() => running.delete(child));
  return {
    name, child, host, port, endpoint: `http://${host}:${port}`, startMs,
    rss: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) / 1024,
    cpuMs: () => cpuMsOf(child.pid!),
    async stop() { if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM"); await exited; },
  };
}

/** CPU a process has used so far (user and system, threads that ended too), milliseconds: /proc's ticks are
 * USER_HZ, 100 on Linux's every architecture but alpha and ia64. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Our CLI on a free port; ready when it prints its ready line (what a person or the extension waits for). */
export function startEmulator(args: string[]): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, "--port", "0", "--host", "127.0.0.1", "--log-level", "error", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  running.add(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl === -1) return;
      child.stdout!.off("data", onData);
      const line = JSON.parse(out.slice(0, nl));
      if (line.event !== "ready") { reject(new Error(out)); return; }
      const ms = performance.now() - t0;
      child.stdout!.resume();
      resolve({ ...track("emulator", child, "127.0.0.1", line.port, ms), adminToken: line.adminToken });
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`emulator exited ${code} before ready`)));
  });
}

/**
 * The machine's ceiling for a request-answer benchmark: a bare node:http server in its own process that reads
 * each request's body and answers 200 with a fixed `body` of the size ours sends, nothing else. It shares the
 * machine with the load generator as ours does, so ours can be no faster than it.
 */
export async function startBareHttp(body: string): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  const script = `const body = Buffer.from(${JSON.stringify(body)});
require("node:http").createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  req.on("end", () => { res.writeHead(200, { "content-type": "text/xml", "x-amzn-RequestId": require("node:crypto").randomUUID(), "content-length": body.length }); res.end(body); });
}).listen(${port}, "127.0.0.1", () => console.log("ready"));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  running.add(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the bare node:http server exited ${code} before ready`)));
  });
  return track("node:http", child, "127.0.0.1", port, performance.now() - t0);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const port = (s.address() as { port: number }).port; s.close(() => resolve(port)); });
  });
}

/** Polls until `probe` answers (a peer's ready moment: its first answered request). */
async function waitUntil(child: ChildProcess, probe: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => { exited = code ?? -1; });
  for (;;) {
    if (exited !== null) throw new Error(`${what} exited with ${exited} before answering`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`${what} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let motoChecked: string | undefined | null = null;
/** Why moto cannot run here, or undefined when it can. */
export function motoMissing(): string | undefined {
  if (motoChecked !== null) return motoChecked;
  const r = spawnSync("python3", ["-c", "import moto, flask, werkzeug; print(moto.__version__)"], { encoding: "utf8" });
  motoChecked = r.status === 0 ? undefined : `moto's server is not installed for python3 (${(r.stderr || String(r.error)).trim().split("\n").pop()})`;
  return motoChecked;
}

export function motoVersion(): string {
  return spawnSync("python3", ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" }).stdout.trim();
}

/** `python3 -m moto.server -H 127.0.0.1 -p PORT`; ready at its first answered request. */
export async function startMoto(): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err = (err + d).slice(-4000); });
  try {
    await waitUntil(child, async () => (await fetch(`http://127.0.0.1:${port}/moto-api/data.json`)).ok, "moto");
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${err}`);
  }
  return track("moto", child, "127.0.0.1", port, performance.now() - t0);
}

export const COGNITO_LOCAL_VERSION = "5.3.0";
const cognitoLocalDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "aws-identity-emulator-bench", `cognito-local-${COGNITO_LOCAL_VERSION}`);
const cognitoLocalBin = join(cognitoLocalDir, "node_modules", "cognito-local", "lib", "bin", "start.js");

/** Installs cognito-local from the npm registry into a cache folder the first time; the reason when it cannot. */
export function ensureCognitoLocal(): string | undefined {
  if (existsSync(cognitoLocalBin)) return undefined;
  mkdirSync(cognitoLocalDir, { recursive: true });
  console.log(`  (installing cognito-local@${COGNITO_LOCAL_VERSION} from the npm registry into ${cognitoLocalDir}, once)`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--prefix", cognitoLocalDir, `cognito-local@${COGNITO_LOCAL_VERSION}`, "--no-audit", "--no-fund", "--loglevel=error"],
    { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0 || !existsSync(cognitoLocalBin)) return `cognito-local could not be installed: ${(r.stderr || String(r.error)).trim().split("\n").slice(-2).join(" ")}`;
  return undefined;
}

/** cognito-local on a free port with a fresh state folder (its cwd); ready at its first answered request. */
export async function startCognitoLocal(stateDir: string): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  mkdirSync(stateDir, { recursive: true });
  const child = spawn(process.execPath, [cognitoLocalBin], { cwd: stateDir, stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DEBUG: "" } });
  running.add(child);
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err = (err + d).slice(-4000); });
  const probe = async () => (await fetch(`http://127.0.0.1:${port}/`, { method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools" }, body: '{"MaxResults":1}' })).status === 200;
  try {
    await waitUntil(child, probe, "cognito-local");
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${err}`);
  }
  return track("cognito-local", child, "127.0.0.1", port, performance.now() - t0);
}
