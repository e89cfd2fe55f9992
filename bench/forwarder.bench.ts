// The forwarder's cost, side by side in one run: S3 GetObject/PutObject (4 KiB) to moto directly, through a
// bare node:http proxy (the floor of any extra hop), and through the emulator in mode none and in enforce mode
// (an IAM user: the engine decides every request). The targets are measured in turns, request by request, so a
// load that comes and goes on the machine falls on all of them alike; "added" is the median of each turn's
// difference to the direct call. Then what each process spends per request, from the kernel's accounting: CPU
// time (/proc/PID/stat) and time spent runnable but waiting for a CPU (schedstat) — on a busy machine the
// second, not our work, is most of what the extra hop adds. Last, one large PutObject streamed through, with
// the emulator's peak RSS (flat memory: it never holds the body).
// Run: npm run bench -- forwarder [--quick]   (2–4 min, --quick 30 s; needs moto)
import { Readable } from "node:stream";
import { readdirSync, readFileSync } from "node:fs";
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { spawnEmulator } from "../test/support/emulator.js";
import { spawnMoto } from "../test/support/moto.js";
import { median, quick, Report } from "./lib/report.js";
import { cpuMsOf } from "./lib/processes.js";

const TURNS = quick ? 100 : 400;
const LARGE_MIB = quick ? 64 : 512;
const BODY = Buffer.alloc(4096, 7);
const ROOT = { accessKeyId: "test", secretAccessKey: "test" };

function s3(endpoint: string, credentials = ROOT): S3Client {
  return new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: true });
}

/** Nanoseconds the process has run (user and system, threads that ended too), and its live threads have waited
 * runnable for a CPU (Linux schedstat). */
function schedOf(pid: number): { run: number; wait: number } {
  const run = cpuMsOf(pid) * 1e6;
  let wait = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try { wait += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[1]); } catch { /* a thread that just ended (moto's) */ }
  }
  return { run, wait };
}

function peakRssOf(pid: number): number {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

/** The floor of one more hop: a bare node:http proxy that streams each request to moto and the answer back. */
const BARE_PROXY = `
  const http = require("node:http");
  const upstream = new URL(process.argv[1]);
  const server = http.createServer((req, res) => {
    const out = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;

async function spawnBareProxy(upstream: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["-e", BARE_PROXY, upstream], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = await once(child.stdout!, "data") as [Buffer];
  return { child, url: `http://127.0.0.1:${line.toString().trim()}` };
}

interface Target { readonly name: string; readonly client: S3Client; readonly pid?: number }

async function main(): Promise<void> {
  const moto = await spawnMoto();
  const none = await spawnEmulator({ args: ["--upstream", moto.url, "--no-persist"] });
  const enforce = await spawnEmulator({ args: ["--mode", "enforce", "--upstream", moto.url, "--no-persist"] });
  const bare = await spawnBareProxy(moto.url);
  const report = new Report("forwarder");
  try {
    const direct = s3(moto.url);
    await direct.send(new CreateBucketCommand({ Bucket: "bench" }));
    await direct.send(new PutObjectCommand({ Bucket: "bench", Key: "obj", Body: BODY }));
    // In enforce mode a user with an identity policy: the engine decides every request (the root bypasses it).
    const iam = new IAMClient({ endpoint: enforce.ready.endpoint, region: "us-east-1", credentials: ROOT });
    await iam.send(new CreateUserCommand({ UserName: "bench" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "bench" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "bench", PolicyName: "rw", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::bench/*" }] }) }));
    const targets: Target[] = [
      { name: "moto directly", client: direct },
      // SigV4 signs the Host: the bare proxy passes the request on unchanged, and moto does not check signatures.
      { name: "through a bare node:http proxy", client: s3(bare.url), pid: bare.child.pid },
      { name: "through the emulator, mode none", client: s3(none.ready.endpoint), pid: none.child.pid },
      { name: "through the emulator, enforce (IAM user)", client: s3(enforce.ready.endpoint, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }), pid: enforce.child.pid },
    ];
    const ops: [string, (c: S3Client) => Promise<void>][] = [
      ["GetObject", async (c) => { const out = await c.send(new GetObjectCommand({ Bucket: "bench", Key: "obj" })); await out.Body!.transformToByteArray(); }],
      ["PutObject", async (c) => { await c.send(new PutObjectCommand({ Bucket: "bench", Key: "obj", Body: BODY })); }],
    ];
    console.log(`4 KiB objects, 1 client, ${TURNS} turns (each target once per turn, in rotating order)`);
    console.log(`${"op".padEnd(10)}${"target".padEnd(42)}${"p50 ms".padStart(8)}${"p99 ms".padStart(9)}${"added p50".padStart(11)}${"CPU µs/req".padStart(12)}${"CPU wait µs/req".padStart(17)}`);
    const rows: Parameters<Report["add"]>[0][] = [];
    for (const [op, request] of ops) {
      for (let i = 0; i < 20; i++) for (const t of targets) await request(t.client);
      const latencies = targets.map(() => [] as number[]);
      const before = targets.map((t) => t.pid && schedOf(t.pid));
      const motoBefore = schedOf(moto.child.pid!);
      for (let turn = 0; turn < TURNS; turn++) {
        for (let k = 0; k < targets.length; k++) {
          const i = (turn + k) % targets.length;
          const started = performance.now();
          await request(targets[i]!.client);
          latencies[i]!.push(performance.now() - started);
        }
      }
      const after = targets.map((t) => t.pid && schedOf(t.pid));
      const motoAfter = schedOf(moto.child.pid!);
      targets.forEach((t, i) => {
        const own = latencies[i]!;
        const sorted = [...own].sort((a, b) => a - b);
        const p50 = median(own), p99 = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
        const added = i === 0 ? undefined : median(own.map((ms, turn) => ms - latencies[0]![turn]!));
        const cpu = before[i] && after[i] ? (after[i].run - before[i].run) / TURNS / 1000 : undefined;
        const wait = before[i] && after[i] ? (after[i].wait - before[i].wait) / TURNS / 1000 : undefined;
        console.log(`${op.padEnd(10)}${t.name.padEnd(42)}${p50.toFixed(2).padStart(8)}${p99.toFixed(2).padStart(9)}${(added === undefined ? "" : `${added >= 0 ? "+" : ""}${added.toFixed(2)}`).padStart(11)}${(cpu?.toFixed(0) ?? "").padStart(12)}${(wait?.toFixed(0) ?? "").padStart(17)}`);
        if (added !== undefined && i >= 2) {
          rows.push({ id: `forwarder-${op}-${i === 2 ? "none" : "enforce"}`, what: `S3 ${op} 4 KiB ${t.name}: added p50 (the emulator's CPU per request)`,
            ours: `+${added.toFixed(2)} ms (${cpu!.toFixed(0)} µs)`, moto: `p50 ${median(latencies[0]!).toFixed(2)} ms directly`, target: "< 1 ms added", met: added < 1 });
        }
      });
      console.log(`${op.padEnd(10)}${"(moto itself, for scale: CPU µs per request it serves)".padEnd(78)}${((motoAfter.run - motoBefore.run) / TURNS / targets.length / 1000).toFixed(0).padStart(12)}`);
    }
    console.log("");
    for (const row of rows) report.add(row);
    // One large body streamed through mode none (enforce adds the same per-request cost as above).
    const size = LARGE_MIB * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const body = Readable.from((function* () { for (let i = 0; i < LARGE_MIB; i++) yield chunk; })());
    const rssBefore = peakRssOf(none.child.pid!);
    const t = performance.now();
    await s3(none.ready.endpoint).send(new PutObjectCommand({ Bucket: "bench", Key: "large", Body: body, ContentLength: size }));
    const seconds = (performance.now() - t) / 1000;
    console.log(`\n${LARGE_MIB} MiB PutObject through the emulator: ${(LARGE_MIB / seconds).toFixed(0)} MiB/s; emulator peak RSS ${rssBefore.toFixed(0)} MiB before, ${peakRssOf(none.child.pid!).toFixed(0)} MiB after`);
    report.save();
  } finally {
    bare.child.kill("SIGTERM");
    moto.child.kill("SIGTERM");
    await Promise.allSettled([none.stop(), enforce.stop()]);
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
