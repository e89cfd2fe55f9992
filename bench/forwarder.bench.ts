// The forwarder's cost, side by side in one run: S3 GetObject/PutObject (4 KiB) through the emulator to moto
// against the same calls to moto directly (latency p50/p99, requests per second), in modes none and enforce;
// then one large PutObject streamed through, with the emulator's peak RSS (flat memory: it never holds the body).
// Run: node esbuild.mjs && node --import tsx bench/forwarder.bench.ts [--quick]   (about 40 s; needs moto)
import { Readable } from "node:stream";
import { readFileSync } from "node:fs";
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { spawnEmulator } from "../test/support/emulator.js";
import { spawnMoto } from "../test/support/moto.js";

const QUICK = process.argv.includes("--quick");
const SECONDS = QUICK ? 1 : 4;
const LARGE_MIB = QUICK ? 64 : 1024;
const BODY = Buffer.alloc(4096, 7);
const ROOT = { accessKeyId: "test", secretAccessKey: "test" };

function s3(endpoint: string, credentials = ROOT): S3Client {
  return new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: true });
}

async function measure(once: () => Promise<void>): Promise<{ p50: number; p99: number; rps: number }> {
  for (let i = 0; i < 20; i++) await once();
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  while (performance.now() < until) {
    const t = performance.now();
    await once();
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / ((performance.now() - started) / 1000) };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function main(): Promise<void> {
  const moto = await spawnMoto();
  const processes = [await spawnEmulator({ args: ["--upstream", moto.url, "--no-persist"] }), await spawnEmulator({ args: ["--mode", "enforce", "--upstream", moto.url, "--no-persist"] })];
  try {
    const direct = s3(moto.url);
    await direct.send(new CreateBucketCommand({ Bucket: "bench" }));
    await direct.send(new PutObjectCommand({ Bucket: "bench", Key: "obj", Body: BODY }));
    // In enforce mode a user with an identity policy: the engine decides every request (the root bypasses it).
    const iam = new IAMClient({ endpoint: processes[1]!.ready.endpoint, region: "us-east-1", credentials: ROOT });
    await iam.send(new CreateUserCommand({ UserName: "bench" }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "bench" }));
    await iam.send(new PutUserPolicyCommand({ UserName: "bench", PolicyName: "rw", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::bench/*" }] }) }));
    const targets: [string, S3Client][] = [
      ["moto directly", direct],
      ["via emulator (mode none)", s3(processes[0]!.ready.endpoint)],
      ["via emulator (enforce, IAM user)", s3(processes[1]!.ready.endpoint, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! })],
    ];
    console.log(`4 KiB objects, 1 client, ${SECONDS} s each`);
    console.log("target                              op          p50 ms   p99 ms    req/s");
    for (const [name, client] of targets) {
      const get = await measure(async () => { const out = await client.send(new GetObjectCommand({ Bucket: "bench", Key: "obj" })); await out.Body!.transformToByteArray(); });
      const put = await measure(async () => { await client.send(new PutObjectCommand({ Bucket: "bench", Key: "obj", Body: BODY })); });
      for (const [op, r] of [["GetObject", get], ["PutObject", put]] as const) {
        console.log(`${name.padEnd(36)}${op.padEnd(12)}${r.p50.toFixed(2).padStart(6)}  ${r.p99.toFixed(2).padStart(7)}  ${r.rps.toFixed(0).padStart(7)}`);
      }
    }
    // One large body streamed through mode none (enforce adds the same per-request cost as above).
    const size = LARGE_MIB * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const body = Readable.from((function* () { for (let i = 0; i < LARGE_MIB; i++) yield chunk; })());
    const before = rssOf(processes[0]!.child.pid!);
    const t = performance.now();
    await s3(processes[0]!.ready.endpoint).send(new PutObjectCommand({ Bucket: "bench", Key: "large", Body: body, ContentLength: size }));
    const seconds = (performance.now() - t) / 1000;
    console.log(`\n${LARGE_MIB} MiB PutObject through the emulator: ${(LARGE_MIB / seconds).toFixed(0)} MiB/s; emulator peak RSS ${before.toFixed(0)} MiB before, ${rssOf(processes[0]!.child.pid!).toFixed(0)} MiB after`);
  } finally {
    for (const p of processes) await p.stop();
    moto.child.kill("SIGTERM");
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
