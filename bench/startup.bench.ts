// Start-up: a bare `node -e 0` (the floor on this machine) beside our CLI's time to its ready line, in memory and
// with an empty data dir, and to its first answered signed request; moto's server and cognito-local to their
// first answer; resident memory when idle. Fresh processes, min/median/max over repeated runs.
// Run: node esbuild.mjs && node --import tsx bench/startup.bench.ts
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Connection } from "./lib/http-load.js";
import { ensureCognitoLocal, motoMissing, startCognitoLocal, startEmulator, startMoto, type Server } from "./lib/processes.js";
import { fmtMs, Report, runCount, spread } from "./lib/report.js";
import { signedQuery } from "./lib/signed.js";

const RUNS = runCount(11, 3);
const PEER_RUNS = Math.min(RUNS, runCount(3, 1));
const report = new Report("startup");

function bareNode(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  return new Promise((resolve, reject) => child.once("exit", (code) => code === 0 ? resolve(performance.now() - t0) : reject(new Error(`node -e 0 exited ${code}`))));
}

async function firstAnswer(server: Server, t0: number): Promise<number> {
  const c = await Connection.open(server.host, server.port);
  try {
    const a = await c.request(await signedQuery(server.host, server.port, "sts", "Action=GetCallerIdentity&Version=2011-06-15"));
    if (a.status !== 200) throw new Error(`${server.name}: GetCallerIdentity answered ${a.status}`);
    return performance.now() - t0;
  } finally { c.close(); }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "aie-start-"));
  try {
    const node: number[] = [], memory: number[] = [], disk: number[] = [], answered: number[] = [];
    let idle = 0;
    // Interleaved, so a change in the machine's load touches every series alike.
    for (let i = 0; i < RUNS; i++) {
      node.push(await bareNode());
      const m = await startEmulator(["--no-persist"]);
      memory.push(m.startMs);
      await m.stop();
      const t0 = performance.now();
      const d = await startEmulator(["--data-dir", join(dir, `d${i}`)]);
      disk.push(d.startMs);
      answered.push(await firstAnswer(d, t0));
      idle = d.rss();
      await d.stop();
    }
    const bare = spread(node), ready = spread(disk);
    report.add({ id: "node", what: "bare `node -e 0` (spawn → exit)", ours: fmtMs(bare) });
    report.add({ id: "ready", what: "process start → ready line, empty data dir", ours: `${fmtMs(ready)}: ${(ready.median - bare.median).toFixed(0)} ms over node -e 0`,
      target: "within 60 ms of node -e 0", met: ready.median - bare.median <= 60 });
    report.add({ id: "ready-memory", what: "process start → ready line, --no-persist", ours: fmtMs(spread(memory)) });

    const missingMoto = motoMissing();
    let moto: string | undefined = missingMoto && `not run: ${missingMoto}`;
    let motoRss: string | undefined = moto;
    if (!missingMoto) {
      const t: number[] = [];
      for (let i = 0; i < PEER_RUNS; i++) {
        const s = await startMoto();
        const t0 = performance.now() - s.startMs;
        t.push(await firstAnswer(s, t0));
        motoRss = `${s.rss().toFixed(0)} MiB`;
        await s.stop();
      }
      moto = fmtMs(spread(t));
    }
    const missingCl = ensureCognitoLocal();
    let cognitoLocal: string | undefined = missingCl && `not run: ${missingCl}`;
    let clRss: string | undefined = cognitoLocal;
    if (!missingCl) {
      const t: number[] = [];
      for (let i = 0; i < PEER_RUNS; i++) {
        const s = await startCognitoLocal(join(dir, `cl${i}`));
        t.push(s.startMs);
        clRss = `${s.rss().toFixed(0)} MiB`;
        await s.stop();
      }
      cognitoLocal = `${fmtMs(spread(t))} (first answered ListUserPools)`;
    }
    report.add({ id: "first-answer", what: "process start → first signed GetCallerIdentity answered", ours: fmtMs(spread(answered)), moto, cognitoLocal });
    report.add({ id: "idle-rss", what: "resident memory, idle", ours: `${idle.toFixed(0)} MiB`, moto: motoRss, cognitoLocal: clRss });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.save();
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
