// Who holds a TCP port: "Use another port" shows it before the person picks another one. Linux reads /proc
// (no tool needed); elsewhere `lsof` (macOS) or `netstat -ano` (Windows) answers. No `vscode` import.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface PortHolder { pid: number; command: string }

/** Socket inodes listening on `port` in a /proc/net/tcp{,6} text (state 0A is LISTEN). */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const out: string[] = [];
  for (const line of procNetTcp.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 9 && f[1]!.endsWith(`:${hex}`) && f[3] === "0A") out.push(f[9]!);
  }
  return out;
}

function fromProc(port: number): PortHolder | undefined {
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try { for (const i of listeningInodes(readFileSync(file, "utf8"), port)) inodes.add(`socket:[${i}]`); } catch { /* no IPv6 */ }
  }
  if (!inodes.size) return undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try { fds = readdirSync(`/proc/${entry}/fd`); } catch { continue; } // another user's process, or gone
    for (const fd of fds) {
      let target: string;
      try { target = readlinkSync(`/proc/${entry}/fd/${fd}`); } catch { continue; }
      if (!inodes.has(target)) continue;
      let command = "";
      try { command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean).join(" "); } catch { /* gone */ }
      return { pid: Number(entry), command };
    }
  }
  return undefined;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => execFile(file, args, { timeout: 5000 }, (err, stdout) => resolve(err && !stdout ? "" : String(stdout))));
}

/** The process listening on `port`, if it can be found (it may belong to another user). */
export async function portHolder(port: number, platform = process.platform): Promise<PortHolder | undefined> {
  if (platform === "linux") return fromProc(port);
  if (platform === "win32") {
    const line = (await run("netstat", ["-ano", "-p", "TCP"])).split("\n").find((l) => new RegExp(`:${port}\\s+\\S+\\s+LISTENING`, "i").test(l));
    const pid = Number(line?.trim().split(/\s+/).pop());
    return pid ? { pid, command: (await run("tasklist", ["/FI", `PID eq ${pid}`, "/FO", "CSV", "/NH"])).split(",")[0]?.replace(/"/g, "") ?? "" } : undefined;
  }
  const out = await run("lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-Fpc"]);
  const pid = Number(/^p(\d+)/m.exec(out)?.[1]);
  return pid ? { pid, command: /^c(.*)$/m.exec(out)?.[1] ?? "" } : undefined;
}
