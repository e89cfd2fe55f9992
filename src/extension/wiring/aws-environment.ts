// The environment that points AWS SDKs and the AWS CLI at the emulator, and the same variables as lines
// to paste into other shells. No `vscode` import.

export interface EmulatorEndpoint {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  /** Temporary credentials (a role session) carry one. */
  readonly sessionToken?: string;
}

/** AWS_ENDPOINT_URL is read by SDK v3, boto3 (1.28+) and AWS CLI v2 (2.13+); AWS_DEFAULT_REGION by older CLIs. */
export function awsEnvironment(e: EmulatorEndpoint): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: e.endpoint,
    AWS_ACCESS_KEY_ID: e.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.secretAccessKey,
    AWS_REGION: e.region,
    AWS_DEFAULT_REGION: e.region,
    ...(e.sessionToken ? { AWS_SESSION_TOKEN: e.sessionToken } : {}),
  };
}

export type ShellKind = "posix" | "fish" | "powershell" | "cmd";

const posixQuote = (v: string): string => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** `export AWS_…=…` lines (or the shell's own syntax), one per variable. */
export function exportLines(vars: Record<string, string>, shell: ShellKind = "posix"): string {
  return Object.entries(vars).map(([k, v]) => {
    switch (shell) {
      case "fish": return `set -gx ${k} ${posixQuote(v)}`;
      case "powershell": return `$env:${k} = "${v.replace(/[`"$]/g, "`$&")}"`;
      case "cmd": return `set ${k}=${v}`;
      default: return `export ${k}=${posixQuote(v)}`;
    }
  }).join("\n") + "\n";
}

/**
 * The shell a principal's terminal runs: the window's environment variable collection (the root keys every
 * terminal gets) is applied to every terminal, even one created with strictEnv (VS Code 1.100), so the
 * principal's variables are set by a wrapper that starts the person's shell after it: `env` on POSIX,
 * `cmd /K set …` on Windows. A profile or a session token left from elsewhere is dropped, so they cannot mix.
 */
export function principalShell(vars: Record<string, string>, shell: string, platform = process.platform): { shellPath: string; shellArgs: string[] } {
  const dropped = ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"].filter((k) => !(k in vars));
  if (platform === "win32") {
    const sets = [...dropped.map((k) => `set "${k}="`), ...Object.entries(vars).map(([k, v]) => `set "${k}=${v}"`)];
    return { shellPath: process.env.ComSpec ?? "cmd.exe", shellArgs: ["/K", sets.join(" && ")] };
  }
  return { shellPath: "/usr/bin/env", shellArgs: [...dropped.flatMap((k) => ["-u", k]), ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), shell] };
}
