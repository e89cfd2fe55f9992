// Spawns the machine's moto server (`python3 -m moto.server`) on a free loopback port as the upstream of the
// forwarder's tests, waits for its "Running on" line and kills it afterwards. moto is a required tool of the
// suite (.ci/run checks for it): a missing moto fails the tests loudly, never skips them.
import { spawn, type ChildProcess } from "node:child_process";
import { after, before } from "node:test";
import { freePort } from "./free-port.js";

/** The account the emulator's tests use: moto names its resources with it (its ARNs, SQS queue URLs). */
export const MOTO_ACCOUNT = "000000000000";

export interface UseMoto {
  /** "http://127.0.0.1:PORT" (valid inside tests). */
  readonly url: string;
  /** The URL once moto listens: for useEmulator's arguments (the root hooks of a file may run side by side). */
  started(): Promise<string>;
}

export async function spawnMoto(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MOTO_ACCOUNT_ID: MOTO_ACCOUNT, PYTHONUNBUFFERED: "1" },
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes(`Running on http://127.0.0.1:${port}`)) { child.stderr!.off("data", onData); child.stdout!.off("data", onData); resolve(); }
    };
    child.stderr!.on("data", onData);
    child.stdout!.on("data", onData);
    child.once("error", (err) => reject(new Error(`python3 -m moto.server could not start (${err.message}); install moto: pip install 'moto[server]'`)));
    child.once("exit", (code) => reject(new Error(`python3 -m moto.server exited with ${code} before it listened; is moto[server] installed?\n${output}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Starts moto before the file's tests: `useEmulator(async () => ({ args: ["--upstream", await moto.started()] }))`. */
export function useMoto(): UseMoto {
  let moto: { child: ChildProcess; url: string } | undefined;
  let starting: Promise<{ child: ChildProcess; url: string }> | undefined;
  const start = () => (starting ??= spawnMoto().then((m) => (moto = m)));
  before(async () => { await start(); });
  after(async () => {
    const child = moto?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  });
  return {
    get url() { if (!moto) throw new Error("moto not started: use it inside a test"); return moto.url; },
    started: async () => (await start()).url,
  };
}
