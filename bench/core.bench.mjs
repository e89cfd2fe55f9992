// Emulator core benchmarks: time to the first answered GetCallerIdentity, signed request throughput and
// latency with 1 and 8 keep-alive connections (autocannon), and resident memory. Prints one table.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const quick = process.argv.includes("--quick");

function start(args) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, "--port", "0", "--log-level", "error", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (!out.includes("\n")) return;
      const line = JSON.parse(out.split("\n")[0]);
      line.event === "ready" ? resolve({ child, ready: line, t0 }) : reject(new Error(out));
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}`)));
  });
}

async function stop(child) {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

async function signed(endpoint, body, service = "sts", credentials = { accessKeyId: "test", secretAccessKey: "test" }) {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service, region: "us-east-1", credentials, sha256: Sha256 });
  const req = await signer.sign({
    method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", query: {},
    headers: { host: url.host, "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body,
  });
  return { method: "POST", path: "/", headers: req.headers, body };
}

async function timeToFirstAnswer(args) {
  const { child, ready, t0 } = await start(args);
  const req = await signed(ready.endpoint, "Action=GetCallerIdentity&Version=2011-06-15");
  const res = await fetch(ready.endpoint, { method: "POST", headers: req.headers, body: req.body });
  if (res.status !== 200) throw new Error(`GetCallerIdentity answered ${res.status}`);
  const ms = performance.now() - t0;
  await stop(child);
  return ms;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function load(url, requests, connections, amount) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, pipelining: 1, amount, requests }, (err, result) => err ? reject(err) : resolve(result));
  });
}

const rows = [];
const dir = mkdtempSync(join(tmpdir(), "aie-bench-"));
try {
  const runs = quick ? 3 : 7;
  const memStarts = [], diskStarts = [];
  for (let i = 0; i < runs; i++) memStarts.push(await timeToFirstAnswer(["--no-persist"]));
  for (let i = 0; i < runs; i++) diskStarts.push(await timeToFirstAnswer(["--data-dir", join(dir, `start-${i}`)]));
  rows.push(["process start → first GetCallerIdentity (memory)", `${median(memStarts).toFixed(0)} ms`, `median of ${runs}`]);
  rows.push(["process start → first GetCallerIdentity (data dir)", `${median(diskStarts).toFixed(0)} ms`, `median of ${runs}`]);

  const { child, ready } = await start(["--mode", "authenticate", "--data-dir", join(dir, "load")]);
  const rss = () => Number(readFileSync(`/proc/${child.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]) / 1024;
  rows.push(["resident memory, idle", `${rss().toFixed(0)} MiB`, ""]);
  const whoami = await signed(ready.endpoint, "Action=GetCallerIdentity&Version=2011-06-15");
  const amount = quick ? 5000 : 40000;
  for (const connections of [1, 8]) {
    const r = await load(ready.endpoint, [whoami], connections, amount);
    if (r.non2xx) throw new Error(`${r.non2xx} non-2xx answers`);
    rows.push([`signed GetCallerIdentity, ${connections} connection(s)`, `${Math.round(r.requests.total / r.duration).toLocaleString("en")} req/s`, `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`]);
  }
  // Each CreateUser is a durable write (journal fsync, batched across connections); GetUser reads it back.
  const pairs = quick ? 1000 : 5000;
  for (const connections of [1, 8]) {
    const requests = [];
    for (let i = 0; i < pairs; i++) {
      const name = `bench-${connections}-${i}`;
      requests.push(await signed(ready.endpoint, `Action=CreateUser&Version=2010-05-08&UserName=${name}`, "iam"));
      requests.push(await signed(ready.endpoint, `Action=GetUser&Version=2010-05-08&UserName=${name}`, "iam"));
    }
    // One connection keeps CreateUser before its GetUser; with 8, a GetUser may overtake its CreateUser,
    // so the 8-connection run sends each pair's requests in order per connection.
    let next = 0;
    const r = await new Promise((resolve, reject) => {
      autocannon({ url: ready.endpoint, connections, amount: requests.length, requests: [{ setupRequest: () => requests[next++] }, { setupRequest: () => requests[next++] }] },
        (err, result) => err ? reject(err) : resolve(result));
    });
    if (r.non2xx) console.warn(`  note: ${r.non2xx} non-2xx answers in CreateUser+GetUser with ${connections} connections`);
    rows.push([`signed CreateUser+GetUser (durable), ${connections} connection(s)`, `${Math.round(r.requests.total / r.duration).toLocaleString("en")} req/s`, `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`]);
  }
  rows.push(["resident memory after load", `${rss().toFixed(0)} MiB`, `${pairs * 2} users`]);
  await stop(child);

  // The cost of enforce mode: the same IAM user's signed GetUser, authenticated only vs authorized by the
  // engine against its policies (an inline policy with a condition, a managed policy and a group's policy).
  for (const mode of ["authenticate", "enforce"]) {
    const emu = await start(["--mode", mode, "--no-persist"]);
    const call = (operation, input) => fetch(`${emu.ready.endpoint}/_emulator/call`, { method: "POST", body: JSON.stringify({ service: "iam", operation, input }) }).then((r) => r.json());
    await call("CreateUser", { UserName: "bench" });
    const doc = (statement) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    await call("PutUserPolicy", { UserName: "bench", PolicyName: "self", PolicyDocument: doc({ Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "arn:aws:iam::*:user/${aws:username}", Condition: { IpAddress: { "aws:SourceIp": ["127.0.0.0/8", "::1/128"] } } }) });
    await call("CreateGroup", { GroupName: "readers" });
    await call("AddUserToGroup", { GroupName: "readers", UserName: "bench" });
    await call("AttachGroupPolicy", { GroupName: "readers", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    const key = (await call("CreateAccessKey", { UserName: "bench" })).output.AccessKey;
    const getUser = await signed(emu.ready.endpoint, "Action=GetUser&Version=2010-05-08", "iam", { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
    const r = await load(emu.ready.endpoint, [getUser], 8, quick ? 5000 : 40000);
    if (r.non2xx) throw new Error(`${mode}: ${r.non2xx} non-2xx answers`);
    rows.push([`IAM user's signed GetUser, mode ${mode}, 8 connections`, `${Math.round(r.requests.total / r.duration).toLocaleString("en")} req/s`, `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`]);
    await stop(emu.child);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
console.log("\nEmulator core (targets: ready < 150 ms, > 10,000 signed req/s; moto's server: ~470 req/s, ~400 ms to ready)");
for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
