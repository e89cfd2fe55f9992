// The AWS CLI against a spawned emulator, unchanged: only the endpoint, JSON output and the emulator's test
// credentials are set. CLI v1 is the `aws` of the machine's python3 (pyenv); v2 is Debian's /usr/bin/aws.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import type { UseEmulator } from "./emulator.js";

const run = promisify(execFile);

/** Both CLIs; a test skips v2 where Debian's awscli is not installed (.ci/run installs it). */
export const AWS_CLIS: readonly { readonly name: string; readonly bin: string; readonly present: boolean }[] = [
  { name: "AWS CLI v1", bin: "aws", present: true },
  { name: "AWS CLI v2", bin: "/usr/bin/aws", present: existsSync("/usr/bin/aws") },
];

export interface CliRun { readonly code: number; readonly stdout: string; readonly stderr: string }

/** Runs `bin` with `args`; `env` goes over the emulator's. Never rejects for an exit code: tests of failures read it. */
export async function runAwsCli(emu: UseEmulator, bin: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(bin, ["--endpoint-url", emu.endpoint, "--output", "json", ...args], { env: { ...process.env, ...emu.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The command's JSON output ({} when it prints nothing); rejects with its stderr when it fails. */
export async function awsCliJson(emu: UseEmulator, bin: string, args: readonly string[], env: Record<string, string> = {}): Promise<any> {
  const out = await runAwsCli(emu, bin, args, env);
  if (out.code !== 0) throw new Error(`${bin} ${args.join(" ")} exited with ${out.code}: ${out.stderr}`);
  return out.stdout.trim() ? JSON.parse(out.stdout) : {};
}
