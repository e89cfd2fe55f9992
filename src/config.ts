// Emulator settings: defaults, flags and environment variables in one table, so --help, the README
// and the extension's settings cannot disagree. The command line is read in cli-flags.ts (this file stays free
// of Node imports: the npm package's type declarations are built from it).
export type AuthMode = "none" | "authenticate" | "enforce";
export type LogLevel = "error" | "warn" | "info" | "debug";

export interface EmulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly mode: AuthMode;
  /** null: memory only (--no-persist). */
  readonly dataDir: string | null;
  readonly seed: string | null;
  readonly accountId: string;
  readonly region: string;
  readonly logLevel: LogLevel;
  /** Root credentials of every account: the access key id and secret the ready line advertises. */
  readonly rootAccessKeyId: string;
  readonly rootSecretAccessKey: string;
  readonly maxBodyBytes: number;
  /** URL prefixes (besides the emulator itself) that outbound calls may reach: JWKS, triggers, identity
   * providers; file:// prefixes name folders whose files a client may ask it to read (a JWKS file). */
  readonly allowOutbound: readonly string[];
  /** A state file (docs/testing.md) that replaces the state at start-up. */
  readonly importState: string | null;
  /** Where the state is written when the emulator stops. */
  readonly exportState: string | null;
  /** Whether that file holds secrets (access key secrets, password verifiers, signing keys, tokens). */
  readonly stateSecrets: "include" | "omit";
  /** Browser origins, besides loopback ones, allowed to call the emulator (CORS, Origin/Referer checks). */
  readonly allowOrigins: readonly string[];
  /** Host names, besides loopback names, IP addresses and --host, that requests may be addressed to. */
  readonly allowHosts: readonly string[];
  /** What /_emulator/ endpoints that act need in authenticate/enforce; null: a random one per process. */
  readonly adminToken: string | null;
  /** A Lambda Invoke API (sam local start-lambda, LocalStack) that runs trigger functions without a local handler. */
  readonly lambdaEndpoint: string | null;
  /** Function name or ARN → a handler file run in a child process (--lambda-handlers). */
  readonly lambdaHandlers: readonly LambdaHandlerMapping[];
  /** How long an invocation may run before it is abandoned (Cognito waits 5 seconds). */
  readonly lambdaTimeoutSeconds: number;
  /** Upstream emulators other services' requests are forwarded to: "URL" for all, "SERVICE=URL" for one. */
  readonly upstream: readonly string[];
  /** "KEY:SECRET" the upstream is signed with; null: the caller's account id as key, as LocalStack and moto expect. */
  readonly upstreamCredentials: string | null;
  /** Seconds the upstream has to start answering before the client gets 504. */
  readonly upstreamTimeoutSeconds: number;
  /** Enforce mode: forwarded operations whose IAM action the emulator cannot know are allowed or denied. */
  readonly unmappedOperations: "allow" | "deny";
}

/** `pre-token=./triggers/pre-token.ts#handler`: a function run from a file on this machine. */
export interface LambdaHandlerMapping {
  /** A function name or a full function ARN, as LambdaConfig names it. */
  readonly function: string;
  /** The module's path; a relative one is resolved by whoever knows its base (the working directory, the seed file's folder). */
  readonly file: string;
  /** The export to call (default `handler`); dots reach into nested objects. */
  readonly exportName: string;
}

export const DEFAULTS: EmulatorConfig = {
  port: 4566,
  host: "127.0.0.1",
  mode: "none",
  dataDir: ".aws-identity-emulator",
  seed: null,
  accountId: "000000000000",
  region: "us-east-1",
  logLevel: "info",
  rootAccessKeyId: "test",
  rootSecretAccessKey: "test",
  upstream: [],
  upstreamCredentials: null,
  upstreamTimeoutSeconds: 30,
  unmappedOperations: "deny",
  maxBodyBytes: 4 * 1024 * 1024,
  allowOutbound: [],
  importState: null,
  exportState: null,
  stateSecrets: "include",
  lambdaEndpoint: null,
  lambdaHandlers: [],
  lambdaTimeoutSeconds: 5,
  allowOrigins: [],
  allowHosts: [],
  adminToken: null,
};

interface Option {
  readonly flag: string;
  readonly env: string;
  readonly key: keyof EmulatorConfig;
  readonly arg: string;
  readonly help: string;
  readonly parse: (raw: string) => EmulatorConfig[keyof EmulatorConfig];
  /** How --help words the default, when the value itself does not say it. */
  readonly defaultText?: string;
}

export class ConfigError extends Error {}

function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (raw: string): T => {
    if (!values.includes(raw as T)) throw new ConfigError(`${name} must be one of ${values.join(", ")}; got "${raw}".`);
    return raw as T;
  };
}

function port(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new ConfigError(`--port must be a number from 0 to 65535; got "${raw}".`);
  return n;
}

/** A comma-separated list whose every item must match `pattern`; `what` says what an item looks like. */
function listOf(flag: string, pattern: RegExp, what: string) {
  return (raw: string): string[] => {
    const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
    for (const item of list) {
      if (!pattern.test(item)) throw new ConfigError(`${flag} takes ${what} separated by commas; got "${item}".`);
    }
    return list;
  };
}

const urlPrefixes = listOf("--allow-outbound", /^(https?:\/\/[^/]|file:\/\/\/)/, "http(s) URL prefixes or file:/// folders");
const origins = listOf("--allow-origin", /^(\*|null|[a-z][a-z0-9+.-]*:\/\/[^/\s]+)$/i, "origins such as https://app.example.com or http://*.test:*");
const hostNames = listOf("--allow-host", /^(\*|(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/i, "host names such as host.docker.internal or *.example.test");

function adminToken(raw: string): string {
  if (!/^[\x21-\x7e]{16,}$/.test(raw)) throw new ConfigError("--admin-token must be at least 16 printable characters without spaces.");
  return raw;
}

export function lambdaEndpoint(raw: string): string {
  if (!/^https?:\/\/[^/]/.test(raw)) throw new ConfigError(`--lambda-endpoint must be an http(s) URL such as http://127.0.0.1:3001; got "${raw}".`);
  return raw.replace(/\/+$/, "");
}

/** `NAME=FILE[#EXPORT]`, comma-separated; files as given (LambdaFunctions resolves them against the working directory). */
export function lambdaHandlerMappings(raw: string, what = "--lambda-handlers"): LambdaHandlerMapping[] {
  return raw.split(",").map((s) => s.trim()).filter(Boolean).map((item) => {
    const eq = item.indexOf("=");
    const name = eq > 0 ? item.slice(0, eq).trim() : "";
    const target = eq > 0 ? item.slice(eq + 1).trim() : "";
    if (!name || !target) {
      throw new ConfigError(`${what} takes FUNCTION=FILE#EXPORT entries separated by commas, e.g. pre-token=./triggers/pre-token.ts#handler; got "${item}".`);
    }
    return lambdaHandlerMapping(name, target, what);
  });
}

export function lambdaHandlerMapping(name: string, target: string, what: string): LambdaHandlerMapping {
  const hash = target.lastIndexOf("#");
  const file = hash === -1 ? target : target.slice(0, hash);
  const exportName = hash === -1 ? "handler" : target.slice(hash + 1);
  if (!file || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(exportName)) {
    throw new ConfigError(`${what}: "${target}" for ${name} must be a file with an optional #export, e.g. ./triggers/pre-token.ts#handler.`);
  }
  return { function: name, file, exportName };
}

/**
 * "http://localhost:4567", "s3=http://localhost:9000" → the service ("*" for every other) and the origin. Plain
 * string checks: this file is part of the npm package's types, which know no URL.
 */
export function parseUpstream(entry: string): { service: string; origin: string } {
  const m = /^(?:([a-z0-9-]+)=)?(https?):\/\/([^/?#\s]+)\/?$/i.exec(entry.trim());
  if (!m) throw new Error(`"${entry.trim()}" is not URL nor SERVICE=URL, with URL an http(s) origin without a path`);
  return { service: m[1]?.toLowerCase() ?? "*", origin: `${m[2]!.toLowerCase()}://${m[3]}` };
}

function upstreams(raw: string): string[] {
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const seen = new Set<string>();
  for (const item of list) {
    let parsed: { service: string };
    try { parsed = parseUpstream(item); } catch (err) {
      throw new ConfigError(`--upstream takes URL or SERVICE=URL entries separated by commas (http://localhost:4567,s3=http://localhost:9000): ${(err as Error).message}.`);
    }
    if (seen.has(parsed.service)) throw new ConfigError(`--upstream names ${parsed.service === "*" ? "the default upstream" : `an upstream for ${parsed.service}`} twice.`);
    seen.add(parsed.service);
  }
  return list;
}

function upstreamCredentials(raw: string): string {
  if (!/^[^:\s]+:\S+$/.test(raw)) throw new ConfigError(`--upstream-credentials takes ACCESS_KEY_ID:SECRET_ACCESS_KEY; got "${raw}".`);
  return raw;
}

function seconds(raw: string): number {
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || n <= 0 || n > 900) throw new ConfigError(`--lambda-timeout must be a number of seconds above 0, at most 900; got "${raw}".`);
  return n;
}

function upstreamSeconds(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new ConfigError(`--upstream-timeout takes seconds between 0 and 3600; got "${raw}".`);
  return n;
}

export const OPTIONS = [
  { flag: "--port", env: "AWS_IDENTITY_EMULATOR_PORT", key: "port", arg: "N", help: "port to listen on (0 picks a free one)", parse: port },
  { flag: "--host", env: "AWS_IDENTITY_EMULATOR_HOST", key: "host", arg: "HOST", help: "address to listen on", parse: (s) => s },
  { flag: "--mode", env: "AWS_IDENTITY_EMULATOR_MODE", key: "mode", arg: "MODE", help: "none | authenticate | enforce", parse: oneOf("--mode", ["none", "authenticate", "enforce"] as const) },
  { flag: "--data-dir", env: "AWS_IDENTITY_EMULATOR_DATA_DIR", key: "dataDir", arg: "DIR", help: "where state is kept", parse: (s) => s },
  { flag: "--seed", env: "AWS_IDENTITY_EMULATOR_SEED", key: "seed", arg: "FILE", help: "JSON seed file loaded at start-up", parse: (s) => s },
  { flag: "--account-id", env: "AWS_IDENTITY_EMULATOR_ACCOUNT_ID", key: "accountId", arg: "ID", help: "the default account", parse: (s) => {
    if (!/^\d{12}$/.test(s)) throw new ConfigError(`--account-id must be 12 digits; got "${s}".`);
    return s;
  } },
  { flag: "--region", env: "AWS_IDENTITY_EMULATOR_REGION", key: "region", arg: "REGION", help: "the default region", parse: (s) => s },
  { flag: "--allow-outbound", env: "AWS_IDENTITY_EMULATOR_ALLOW_OUTBOUND", key: "allowOutbound", arg: "URLS", help: "comma-separated URL prefixes, besides the emulator itself, that it may call on a client's behalf (JWKS, triggers, identity providers); file:///DIR/ lets it read JWKS files there", parse: urlPrefixes },
  { flag: "--import-state", env: "AWS_IDENTITY_EMULATOR_IMPORT_STATE", key: "importState", arg: "FILE", help: "state file (docs/testing.md) that replaces the state at start-up", parse: (s) => s },
  { flag: "--export-state", env: "AWS_IDENTITY_EMULATOR_EXPORT_STATE", key: "exportState", arg: "FILE", help: "write the state to FILE when the emulator stops", parse: (s) => s },
  { flag: "--state-secrets", env: "AWS_IDENTITY_EMULATOR_STATE_SECRETS", key: "stateSecrets", arg: "WHICH", help: "include | omit: whether --export-state writes secrets", parse: oneOf("--state-secrets", ["include", "omit"] as const) },
  { flag: "--lambda-endpoint", env: "AWS_IDENTITY_EMULATOR_LAMBDA_ENDPOINT", key: "lambdaEndpoint", arg: "URL", help: "Lambda Invoke API that runs Cognito triggers (sam local start-lambda, LocalStack); AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL are used when unset", parse: lambdaEndpoint },
  { flag: "--lambda-handlers", env: "AWS_IDENTITY_EMULATOR_LAMBDA_HANDLERS", key: "lambdaHandlers", arg: "MAP", help: "comma-separated FUNCTION=FILE#EXPORT: run these functions from local files (JavaScript or TypeScript) in a child process", parse: (s) => lambdaHandlerMappings(s) },
  { flag: "--lambda-timeout", env: "AWS_IDENTITY_EMULATOR_LAMBDA_TIMEOUT", key: "lambdaTimeoutSeconds", arg: "SECONDS", help: "how long a trigger may run", parse: seconds },
  { flag: "--allow-origin", env: "AWS_IDENTITY_EMULATOR_ALLOW_ORIGINS", key: "allowOrigins", arg: "ORIGINS", help: "comma-separated browser origins, besides http://localhost:*, 127.0.0.1 and [::1], allowed to call the emulator (e.g. https://app.example.test, http://*.test:*)", parse: origins },
  { flag: "--allow-host", env: "AWS_IDENTITY_EMULATOR_ALLOW_HOSTS", key: "allowHosts", arg: "NAMES", help: "comma-separated host names, besides localhost, *.localhost and IP addresses, that requests may address the emulator by (e.g. host.docker.internal, a Docker service name)", parse: hostNames },
  { flag: "--admin-token", env: "AWS_IDENTITY_EMULATOR_ADMIN_TOKEN", key: "adminToken", arg: "TOKEN", help: "the token /_emulator/ endpoints that act require in authenticate and enforce modes", parse: adminToken, defaultText: "a random one per start, in the ready line" },
  { flag: "--upstream", env: "AWS_IDENTITY_EMULATOR_UPSTREAM", key: "upstream", arg: "URLS", help: "comma-separated upstream emulators (LocalStack, moto, MinIO) that every other service's requests are forwarded to: URL for all, SERVICE=URL for one (s3=http://localhost:9000)", parse: upstreams },
  { flag: "--upstream-credentials", env: "AWS_IDENTITY_EMULATOR_UPSTREAM_CREDENTIALS", key: "upstreamCredentials", arg: "KEY:SECRET", help: "what forwarded requests are signed with for the upstream (MinIO: minioadmin:minioadmin); default: the caller's account id and the root secret", parse: upstreamCredentials },
  { flag: "--upstream-timeout", env: "AWS_IDENTITY_EMULATOR_UPSTREAM_TIMEOUT", key: "upstreamTimeoutSeconds", arg: "SECONDS", help: "how long the upstream has to start answering before the client gets 504", parse: upstreamSeconds },
  { flag: "--unmapped-operations", env: "AWS_IDENTITY_EMULATOR_UNMAPPED_OPERATIONS", key: "unmappedOperations", arg: "allow|deny", help: "enforce mode: forwarded operations whose IAM action is not known are allowed or denied (the decision says which)", parse: oneOf("--unmapped-operations", ["allow", "deny"] as const) },
  { flag: "--log-level", env: "AWS_IDENTITY_EMULATOR_LOG_LEVEL", key: "logLevel", arg: "LEVEL", help: "error | warn | info | debug", parse: oneOf("--log-level", ["error", "warn", "info", "debug"] as const) },
] as const satisfies readonly Option[];

/** The config names of the CLI's options (the npm package's startEmulator() takes the same). */
export type OptionKey = (typeof OPTIONS)[number]["key"];

export const NO_PERSIST = { flag: "--no-persist", env: "AWS_IDENTITY_EMULATOR_NO_PERSIST", help: "keep state in memory only" };

export interface ParsedArgs { readonly config: EmulatorConfig; readonly help: boolean; readonly version: boolean }

export function helpText(version: string): string {
  const shown = (o: Option) => {
    const value = DEFAULTS[o.key];
    return o.defaultText ?? (value === null || (Array.isArray(value) && value.length === 0) ? "none" : String(value));
  };
  const rows = [...OPTIONS.map((o) => [`${o.flag} ${o.arg}`, o.env, `${o.help} (default: ${shown(o)})`]),
    [NO_PERSIST.flag, NO_PERSIST.env, NO_PERSIST.help]];
  const width = Math.max(...rows.map((r) => r[0]!.length));
  const envWidth = Math.max(...rows.map((r) => r[1]!.length));
  return [
    `aws-identity-emulator ${version}: a local AWS IAM, STS and Cognito (user pools, identity pools) emulator`,
    "",
    "Usage: aws-identity-emulator [options]",
    "       aws-identity-emulator repair [--data-dir DIR]",
    "",
    "repair: when the emulator refuses a damaged data folder, keep every journal record before the damage and",
    "drop the rest, moving the original files into DIR/repaired-N first.",
    "",
    ...rows.map(([f, e, h]) => `  ${f!.padEnd(width)}  ${e!.padEnd(envWidth)}  ${h}`),
    `  ${"--help".padEnd(width)}  ${"".padEnd(envWidth)}  show this help`,
    `  ${"--version".padEnd(width)}  ${"".padEnd(envWidth)}  print the version`,
    "",
    "Point clients at it: AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test",
  ].join("\n");
}
