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
