// Signed STS and IAM requests over keep-alive connections, ours and moto's server in the same run: fixed work
// per run (a set number of requests, elapsed time measured), any non-2xx answer fails the run, min/median/max
// over repeated runs. Then durable writes (CreateUser, then the GetUser that reads it, in order on one
// connection) and the cost of enforce mode. Run: node esbuild.mjs && node --import tsx bench/sts-iam.bench.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, runLoad, type LoadResult } from "./lib/http-load.js";
import { motoMissing, startBareHttp, startEmulator, startMoto, type Server } from "./lib/processes.js";
import { fmtRate, quick, repeat, Report, runCount, times, type Repeated } from "./lib/report.js";
import { signedQuery, type Credentials } from "./lib/signed.js";

const RUNS = runCount(3, 2);
const OURS = quick ? 3000 : 8000;       // requests per run against the emulator: over a second of work per run
const MOTO = quick ? 150 : 500;         // moto answers a few hundred a second: fewer, so the run stays short
const report = new Report("sts-iam");

const GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";
const GET_USER = "Action=GetUser&Version=2010-05-08&UserName=bench";

async function load(server: Server, connections: number, requests: number, body: string, service: "iam" | "sts", credentials?: Credentials): Promise<Repeated> {
  const bytes = await signedQuery(server.host, server.port, service, body, credentials);
  return repeat(RUNS, () => runLoad({ host: server.host, port: server.port, connections, jobs: requests, job: () => [bytes], what: `${server.name} ${body}` }));
}

async function once(server: Server, bytes: Buffer): Promise<void> {
  const c = await Connection.open(server.host, server.port);
  try {
    const a = await c.request(bytes);
    if (a.status !== 200) throw new Error(`${server.name}: ${a.status} ${a.body}`);
  } finally { c.close(); }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "aie-bench-"));
  try {
    const ours = await startEmulator(["--mode", "authenticate", "--data-dir", join(dir, "data")]);
    await once(ours, await signedQuery(ours.host, ours.port, "iam", "Action=CreateUser&Version=2010-05-08&UserName=bench"));
    const missing = motoMissing();
    const moto = missing ? undefined : await startMoto();
    if (moto) await once(moto, await signedQuery(moto.host, moto.port, "iam", "Action=CreateUser&Version=2010-05-08&UserName=bench"));
    const absent = missing ? `not run: ${missing}` : undefined;

    // The ceiling: the same signed bytes answered by a bare node:http server with a body of our answer's size.
    const sample = await Connection.open(ours.host, ours.port);
    const answer = (await sample.request(await signedQuery(ours.host, ours.port, "sts", GET_CALLER_IDENTITY))).body.toString("utf8");
    sample.close();
    const bare = await startBareHttp(answer);
    const ceiling = await load(bare, 8, OURS, GET_CALLER_IDENTITY, "sts");
    await bare.stop();
    report.add({ id: "ceiling-8", what: "the machine's ceiling: a bare node:http server answering the same signed requests with a fixed body of the same size, 8 connections", ours: fmtRate(ceiling) });

    for (const [what, body, service] of [["signed GetCallerIdentity", GET_CALLER_IDENTITY, "sts"], ["signed GetUser", GET_USER, "iam"]] as const) {
      const one = await load(ours, 1, OURS, body, service);
      report.add({ id: `${service}-1`, what: `${what}, 1 connection`, ours: fmtRate(one) });
      const eight = await load(ours, 8, OURS, body, service);
      const peer = moto && await load(moto, 8, MOTO, body, service);
      report.add({
        id: `${service}-8`, what: `${what}, 8 connections`, ours: fmtRate(eight),
        moto: peer ? `${fmtRate(peer)}; ours is ${times(eight.rate.median, peer.rate.median)}` : absent,
        target: "≥ 10,000 req/s, p99 < 5 ms, ≥ 20× moto",
        met: eight.rate.median >= 10_000 && eight.p99 < 5 && (!peer || eight.rate.median >= 20 * peer.rate.median),
      });
    }

    // Durable writes: each job is a CreateUser and then the GetUser that reads it back, in order on one connection.
    for (const connections of [1, 8]) {
      const pairs = quick ? 300 : 1500;
      let round = 0;
      const pair = async (server: Server, prefix: string): Promise<Buffer[][]> => {
        const jobs: Buffer[][] = [];
        for (let i = 0; i < pairs; i++) {
          const name = `${prefix}-${i}`;
          jobs.push([await signedQuery(server.host, server.port, "iam", `Action=CreateUser&Version=2010-05-08&UserName=${name}`),
            await signedQuery(server.host, server.port, "iam", `Action=GetUser&Version=2010-05-08&UserName=${name}`)]);
        }
        return jobs;
      };
      const prepared: Buffer[][][] = [];
      for (let r = 0; r < RUNS + 1; r++) prepared.push(await pair(ours, `w${connections}-${r}`));
      const r = await repeat(RUNS, (): Promise<LoadResult> => {
        const jobs = prepared[round++]!;
        return runLoad({ host: ours.host, port: ours.port, connections, jobs: jobs.length, job: (i) => jobs[i]!, what: "CreateUser+GetUser" });
      });
      report.add({ id: `durable-${connections}`, what: `signed CreateUser then GetUser, every write durable (fsync), ${connections} connection${connections > 1 ? "s" : ""}`, ours: fmtRate(r) });
    }
    report.add({ id: "rss", what: `resident memory after ${(quick ? 300 : 1500) * 2 * (RUNS + 1)} users`, ours: `${ours.rss().toFixed(0)} MiB` });
    await ours.stop();
    await moto?.stop();

    // Enforce mode: the same IAM user's signed GetUser, authenticated only vs authorized against its policies
    // (an inline policy with a condition and a policy variable, a group's AWS-managed policy).
    const rates: Record<string, Repeated> = {};
    const cpu: Record<string, number> = {};
    for (const mode of ["authenticate", "enforce"]) {
      const emu = await startEmulator(["--mode", mode, "--no-persist"]);
      const call = async (operation: string, input: object) => {
        const res = await fetch(`${emu.endpoint}/_emulator/call`, { method: "POST", headers: { authorization: `Bearer ${emu.adminToken}` },
          body: JSON.stringify({ service: "iam", operation, input }) });
        const json = await res.json() as { output?: any };
        if (res.status !== 200) throw new Error(`${operation}: ${JSON.stringify(json)}`);
        return json.output;
      };
      await call("CreateUser", { UserName: "bench" });
      const doc = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
      await call("PutUserPolicy", { UserName: "bench", PolicyName: "self", PolicyDocument: doc({ Effect: "Allow", Action: ["iam:Get*", "iam:List*"],
        Resource: "arn:aws:iam::*:user/${aws:username}", Condition: { IpAddress: { "aws:SourceIp": ["127.0.0.0/8", "::1/128"] } } }) });
      await call("CreateGroup", { GroupName: "readers" });
      await call("AddUserToGroup", { GroupName: "readers", UserName: "bench" });
      await call("AttachGroupPolicy", { GroupName: "readers", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
      const key = (await call("CreateAccessKey", { UserName: "bench" })).AccessKey;
      const credentials = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      // Warmed up first (the JIT, the compiled policies), so the CPU counted below is the steady cost.
      const bytes = await signedQuery(emu.host, emu.port, "iam", "Action=GetUser&Version=2010-05-08", credentials);
      await runLoad({ host: emu.host, port: emu.port, connections: 8, jobs: OURS, job: () => [bytes], what: `${mode} warm-up` });
      const cpu0 = emu.cpuMs();
      rates[mode] = await load(emu, 8, OURS, "Action=GetUser&Version=2010-05-08", "iam", credentials);
      // The server's CPU per request over every run (its warm-up run too): steadier than a rate on a shared machine.
      cpu[mode] = (emu.cpuMs() - cpu0) * 1000 / (OURS * (RUNS + 1));
      await emu.stop();
    }
    // The server is what runs out of CPU, so the throughput enforce costs is the CPU it adds per request; the rates
    // are printed too, but they swing by ±10 % between runs here.
    const cost = 1 - cpu.authenticate! / cpu.enforce!;
    report.add({ id: "enforce", what: "an IAM user's signed GetUser (inline + group's AWS-managed policy), 8 connections: authenticate vs enforce",
      ours: `${fmtRate(rates.authenticate!)} vs ${fmtRate(rates.enforce!)}; server CPU ${cpu.authenticate!.toFixed(0)} vs ${cpu.enforce!.toFixed(0)} µs per request: enforce costs ${(cost * 100).toFixed(0)} % of the throughput`,
      target: "enforce < 15 % cost", met: cost < 0.15 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.save();
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
