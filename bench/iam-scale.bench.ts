// IAM at scale: 10,000 users, 10,000 roles, 5,000 managed policies and 50,000 attachments, built in-process
// through the real handlers into a durable data dir; then the real CLI is started on it and measured:
// start-up with that state, p50/p99 of single-resource calls and pages, resident memory.
// `--quick` builds a tenth of it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Connection, httpRequest, Latencies, percentile } from "./lib/http-load.js";
import { quick, Report } from "./lib/report.js";
import { rootCaller } from "../src/auth/caller.js";
import { OffsetClock } from "../src/clock.js";
import { DEFAULTS } from "../src/config.js";
import { silentLogger } from "../src/log.js";
import { noFunctions } from "../src/lambda/invoker.js";
import { allowListPolicy, Outbound } from "../src/outbound/outbound.js";
import { serviceHandlers } from "../src/services/registry.js";
import { openDurableStore } from "../src/store/open.js";
import { AccountStore } from "../src/store/store.js";

const report = new Report("iam-scale");
const scale = quick ? 0.1 : 1;
const USERS = 10_000 * scale, ROLES = 10_000 * scale, POLICIES = 5_000 * scale;
const CLI = join(__dirname, "..", "dist", "cli.js");
const dir = mkdtempSync(join(tmpdir(), "aie-scale-"));
const ACCOUNT = "000000000000";

async function build(): Promise<{ attachments: number; ms: number }> {
  const t0 = performance.now();
  const store = await openDurableStore(dir);
  const iam = serviceHandlers().get("iam")!.operations;
  const clock = new OffsetClock();
  const outbound = new Outbound(allowListPolicy([], "--allow-outbound"));
  const config = { ...DEFAULTS, dataDir: dir };
  let tx = store.begin();
  let pending = 0;
  const call = async (op: string, input: Record<string, unknown>) => {
    await iam[op]!({ input, caller: rootCaller(ACCOUNT, "127.0.0.1"), store: new AccountStore(ACCOUNT, "us-east-1", tx), clock, config, log: silentLogger, requestId: "bench", origin: "http://127.0.0.1", region: "us-east-1", outbound, lambda: noFunctions, afterCommit: () => undefined });
    if (++pending === 2000) { await tx.commit(); tx = store.begin(); pending = 0; }
  };
  const doc = (i: number) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [`s3:Get*`, `dynamodb:Query`], Resource: `arn:aws:s3:::bucket-${i}/*` }] });
  const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
  for (let i = 0; i < POLICIES; i++) await call("CreatePolicy", { PolicyName: `policy-${i}`, PolicyDocument: doc(i) });
  for (let i = 0; i < USERS; i++) await call("CreateUser", { UserName: `user-${i}`, Path: `/team-${i % 50}/` });
  for (let i = 0; i < ROLES; i++) await call("CreateRole", { RoleName: `role-${i}`, AssumeRolePolicyDocument: trust });
  let attachments = 0;
  const arn = (i: number) => `arn:aws:iam::${ACCOUNT}:policy/policy-${i % POLICIES}`;
  for (let i = 0; i < USERS; i++) for (let k = 0; k < 2; k++) { await call("AttachUserPolicy", { UserName: `user-${i}`, PolicyArn: arn(i * 7 + k) }); attachments++; }
  for (let i = 0; i < ROLES; i++) for (let k = 0; k < 3; k++) { await call("AttachRolePolicy", { RoleName: `role-${i}`, PolicyArn: arn(i * 11 + k) }); attachments++; }
  await tx.commit();
  await store.close();
  return { attachments, ms: performance.now() - t0 };
}

function start(): Promise<{ child: ReturnType<typeof spawn>; endpoint: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, "--port", "0", "--data-dir", dir, "--log-level", "error"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (!out.includes("\n")) return;
      const line = JSON.parse(out.split("\n")[0]!);
      line.event === "ready" ? resolve({ child, endpoint: line.endpoint, ms: performance.now() - t0 }) : reject(new Error(out));
    });
  });
}

/** One connection, one request at a time: each answer's latency; any non-2xx fails. */
async function latency(endpoint: string, body: string): Promise<{ p50: number; p99: number }> {
  const url = new URL(endpoint);
  const c = await Connection.open(url.hostname, Number(url.port));
  const bytes = httpRequest("POST", "/", { host: url.host, "content-type": "application/x-www-form-urlencoded" }, body);
  const lat = new Latencies();
  try {
    for (let i = 0; i < (quick ? 300 : 2000); i++) {
      const t = performance.now();
      const a = await c.request(bytes);
      lat.add(performance.now() - t);
      if (a.status !== 200) throw new Error(`${body}: HTTP ${a.status}: ${a.body.toString().slice(0, 200)}`);
    }
  } finally { c.close(); }
  const sorted = lat.sorted();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

async function main(): Promise<void> {
const rows: string[][] = [];
try {
  const built = await build();
  rows.push([`build ${USERS} users, ${ROLES} roles, ${POLICIES} policies, ${built.attachments} attachments (in-process, durable)`, `${(built.ms / 1000).toFixed(1)} s`]);
  const starts: number[] = [];
  for (let i = 0; i < 2; i++) { const s = await start(); starts.push(s.ms); s.child.kill("SIGTERM"); await new Promise((r) => s.child.once("exit", r)); }
  const { child, endpoint, ms } = await start();
  starts.push(ms);
  const startMs = Math.min(...starts.slice(1)); // the first start also compacts the journal into a snapshot
  rows.push(["start-up with that state persisted (process start → ready)", `${startMs.toFixed(0)} ms (first start, which compacts the journal: ${starts[0]!.toFixed(0)} ms)`]);
  const marker = Buffer.from(`user-${Math.floor(USERS / 2)}`).toString("base64url");
  const calls: Array<[string, string]> = [
    ["GetUser", `Action=GetUser&Version=2010-05-08&UserName=user-${USERS - 1}`],
    ["ListUsers page of 100 (middle of the table)", `Action=ListUsers&Version=2010-05-08&MaxItems=100&Marker=${marker}`],
    ["ListAttachedRolePolicies", `Action=ListAttachedRolePolicies&Version=2010-05-08&RoleName=role-${ROLES - 1}`],
    ["GetAccountAuthorizationDetails page of 100", "Action=GetAccountAuthorizationDetails&Version=2010-05-08&MaxItems=100"],
  ];
  for (const [name, body] of calls) {
    const r = await latency(endpoint, body);
    rows.push([name, `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`]);
  }
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) / 1024;
  rows.push(["resident memory with that state", `${rss.toFixed(0)} MiB`]);
  report.add({ id: "scale-start", what: `start-up with ${USERS.toLocaleString("en-US")} users, ${ROLES.toLocaleString("en-US")} roles, ${POLICIES.toLocaleString("en-US")} policies and ${built.attachments.toLocaleString("en-US")} attachments on disk`,
    ours: `${startMs.toFixed(0)} ms to ready; ${rss.toFixed(0)} MiB resident`, target: "< 1 s", met: startMs < 1000 });
  report.add({ id: "scale-latency", what: "at that size, one connection: GetUser / ListUsers page of 100 / ListAttachedRolePolicies / GetAccountAuthorizationDetails page of 100",
    ours: rows.slice(-5, -1).map((r) => r[1]!.replace(/^p50 [\d.]+ ms, /, "")).join(" / ") });
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const w = Math.max(...rows.map((r) => r[0]!.length));
console.log("\nIAM at scale (targets: start-up < 1 s, single-resource p99 < 5 ms)");
for (const [a, b] of rows) console.log(`  ${a!.padEnd(w)}  ${b}`);
report.save();
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
