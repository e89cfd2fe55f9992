// The `awsIdentityEmulator.*` settings and how they become the CLI's flags. No `vscode` import: reading
// the configuration lives in configuration.ts; this file is the mapping, unit-tested on its own.
import { isAbsolute, join, resolve } from "node:path";
import type { AuthMode } from "./emulator-state.js";

export type LogLevel = "error" | "warn" | "info" | "debug";

export interface EmulatorSettings {
  port: number;
  host: string;
  mode: AuthMode;
  /** Empty: the extension's own storage for this workspace. */
  dataDir: string;
  persist: boolean;
  /** Empty: no seed file. */
  seed: string;
  accountId: string;
  region: string;
  logLevel: LogLevel;
  autoStart: boolean;
  /** Function name or ARN → "path#export" of a local handler file. */
  lambdaHandlers: Record<string, string>;
  /** Empty: the standard AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL, if any. */
  lambdaEndpoint: string;
  lambdaTimeoutSeconds: number;
  /** Browser origins besides loopback ones that may call the emulator (--allow-origin). */
  allowedOrigins: string[];
  /** Host names besides loopback names and addresses that requests may use (--allow-host). */
  allowedHosts: string[];
  /** Empty: no upstream; other services' requests get NotImplemented. */
  upstream: string;
}

/** The same defaults package.json declares under contributes.configuration. */
export const defaultSettings: Readonly<EmulatorSettings> = {
  port: 4566,
  host: "127.0.0.1",
  mode: "none",
  dataDir: "",
  persist: true,
  seed: "",
  accountId: "000000000000",
  region: "us-east-1",
  logLevel: "info",
  autoStart: false,
  lambdaHandlers: {},
  lambdaEndpoint: "",
  lambdaTimeoutSeconds: 5,
  allowedOrigins: [],
  allowedHosts: [],
  upstream: "",
};

/** Where relative paths in settings are anchored, and where state goes when dataDir is empty. */
export interface PathContext {
  /** The first workspace folder, if a folder is open. */
  workspaceFolder?: string;
  /** The extension's storage: storageUri (per workspace) or else globalStorageUri. */
  storageDir: string;
  homeDir: string;
}

/** Resolves `~`, `${workspaceFolder}` and relative paths (against the workspace folder, else home). */
export function resolveSettingPath(value: string, paths: PathContext): string {
  let p = value.trim();
  if (p.includes("${workspaceFolder}")) p = p.replaceAll("${workspaceFolder}", paths.workspaceFolder ?? paths.homeDir);
  if (p === "~" || p.startsWith("~/")) p = join(paths.homeDir, p.slice(1));
  return isAbsolute(p) ? p : resolve(paths.workspaceFolder ?? paths.homeDir, p);
}

/** The emulator's state folder for these settings, or null when it keeps state in memory. */
export function dataDirOf(settings: EmulatorSettings, paths: PathContext): string | null {
  if (!settings.persist) return null;
  return settings.dataDir.trim() ? resolveSettingPath(settings.dataDir, paths) : join(paths.storageDir, "emulator-state");
}

/** The CLI flags for these settings. Every value is passed, so the settings alone decide. */
export function cliArgsOf(settings: EmulatorSettings, paths: PathContext): string[] {
  const args = [
    "--port", String(settings.port),
    "--host", settings.host,
    "--mode", settings.mode,
    "--account-id", settings.accountId,
    "--region", settings.region,
    "--log-level", settings.logLevel,
    "--lambda-timeout", String(settings.lambdaTimeoutSeconds),
  ];
  const dataDir = dataDirOf(settings, paths);
  if (dataDir === null) args.push("--no-persist");
  else args.push("--data-dir", dataDir);
  if (settings.seed.trim()) args.push("--seed", resolveSettingPath(settings.seed, paths));
  if (settings.lambdaEndpoint.trim()) args.push("--lambda-endpoint", settings.lambdaEndpoint.trim());
  const handlers = Object.entries(settings.lambdaHandlers).map(([name, target]) => {
    const hash = target.lastIndexOf("#");
    const file = hash === -1 ? target : target.slice(0, hash);
    return `${name}=${resolveSettingPath(file, paths)}${hash === -1 ? "" : target.slice(hash)}`;
  });
  if (handlers.length) args.push("--lambda-handlers", handlers.join(","));
  const origins = settings.allowedOrigins.map((o) => o.trim()).filter(Boolean);
  if (origins.length) args.push("--allow-origin", origins.join(","));
  const hosts = settings.allowedHosts.map((h) => h.trim()).filter(Boolean);
  if (hosts.length) args.push("--allow-host", hosts.join(","));
  if (settings.upstream.trim()) args.push("--upstream", settings.upstream.trim());
  return args;
}

/**
 * The child's environment: the extension host's, minus any AWS_IDENTITY_EMULATOR_* a shell left there
 * (the settings decide, not a stray variable), plus ELECTRON_RUN_AS_NODE so that VS Code's Electron
 * binary (process.execPath in the extension host) runs the CLI as plain Node.
 */
export function childEnvOf(hostEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(hostEnv)) if (!k.startsWith("AWS_IDENTITY_EMULATOR_")) env[k] = v;
  env.ELECTRON_RUN_AS_NODE = "1";
  return env;
}
