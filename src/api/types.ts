// The npm package's public types: what `import { startEmulator, connectEmulator } from "aws-identity-emulator"`
// gives. Types only; dist/index.d.ts is built from this file (esbuild.mjs), so it cannot drift from the code.
import type { AccountEntry, ExportStateOptions, NewAccount, SeedDocument, SeedExport, StateFile } from "../admin-api/state.js";
import type { EmulatorConfig, OptionKey } from "../config.js";

export type { AccountEntry, ExportStateOptions, MarkedSecret, NewAccount, SeedDocument, SeedExport, StateFile } from "../admin-api/state.js";
export type { AuthMode, LogLevel } from "../config.js";

/**
 * Every option of the CLI (`aws-identity-emulator --help`), by its config name: port, host, mode, dataDir,
 * seed, accountId, region, allowOutbound, importState, exportState, stateSecrets, logLevel, … Defaults differ
 * from the CLI's where a test suite wants otherwise: port 0 (a free one), state in memory (dataDir null),
 * log level "warn".
 */
export type EmulatorOptions = { readonly [K in Exclude<OptionKey, "seed" | "lambdaHandlers">]?: EmulatorConfig[K] } & {
  /** Memory only when null or absent; a folder keeps the state across starts, as the CLI's --data-dir does. */
  readonly dataDir?: string | null;
  /** A seed file's path (as --seed), or the seed document itself. */
  readonly seed?: string | SeedDocument | null;
  /**
   * Cognito triggers run from handler files, as --lambda-handlers: `{ "pre-token": "./triggers/pre-token.ts#handler" }`
   * or `["pre-token=./triggers/pre-token.ts#handler"]`; relative files resolve against the working directory.
   */
  readonly lambdaHandlers?: Readonly<Record<string, string>> | readonly string[];
  /** Receives each log line (default: stderr). */
  readonly log?: (line: string) => void;
};

export interface Credentials { readonly accessKeyId: string; readonly secretAccessKey: string }

/** What SDK v3 clients take: `new IAMClient(emulator.clientConfig)`. */
export interface ClientConfig { readonly endpoint: string; readonly region: string; readonly credentials: Credentials }

/** An account's root credentials, ready for an SDK client or a child process. */
export interface Account extends NewAccount {
  readonly credentials: Credentials;
  readonly clientConfig: ClientConfig;
  /** AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION. */
  readonly env: Readonly<Record<string, string>>;
}

/** The emulator's time: move it to expire sessions, tokens and codes instead of sleeping. */
export interface EmulatorClock {
  now(): Promise<Date>;
  /** Moves time forward (or back, negative) by `seconds`; resolves to the new time. */
  advance(seconds: number): Promise<Date>;
  /** Sets how far ahead of the real time the emulator runs. */
  setOffset(seconds: number): Promise<Date>;
  /** Back to the real time. */
  reset(): Promise<Date>;
}

/** A running emulator, in this process (startEmulator) or another one (connectEmulator). */
export interface EmulatorClient {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly region: string;
  /** The default account, which `credentials` are the root of. */
  readonly accountId: string;
  readonly credentials: Credentials;
  readonly clientConfig: ClientConfig;
  /** The variables an SDK or a child process needs: AWS_ENDPOINT_URL, keys, region. */
  readonly env: Readonly<Record<string, string>>;
  /** A fresh, empty account: parallel test files and workers never see each other's users, roles or pools. */
  newAccount(): Promise<Account>;
  /** The accounts newAccount() handed out. */
  accounts(): Promise<AccountEntry[]>;
  /** Deletes everything, or everything in one account. */
  reset(accountId?: string): Promise<void>;
  /** The state (or one account's) as a JSON value: docs/testing.md describes the format. */
  exportState(options?: ExportStateOptions): Promise<StateFile>;
  /** Replaces the state with an exported one (a one-account file replaces that account only). */
  importState(state: StateFile): Promise<void>;
  /** An account (default: the default one) in the seed file's shape, and what a seed cannot hold. */
  exportSeed(options?: { readonly accountId?: string }): Promise<SeedExport>;
  readonly clock: EmulatorClock;
}

/** An emulator running in this process. */
export interface Emulator extends EmulatorClient {
  readonly port: number;
  /** What another process passes to connectEmulator (adminToken) to use the admin endpoints in modes
   * authenticate and enforce: the adminToken option, or a random one made at start. */
  readonly adminToken: string;
  /** Closes the port and every handle: the process can exit by itself afterwards. Writes exportState if set. */
  stop(): Promise<void>;
}

export type StartEmulator = (options?: EmulatorOptions) => Promise<Emulator>;

export interface ConnectOptions {
  /** The root credentials the emulator was started with (default test/test). */
  readonly credentials?: Credentials;
  /** Sent as `Authorization: Bearer …` to the admin endpoints, for emulators that require a token for them. */
  readonly adminToken?: string;
}

/** Talks to an emulator another process started (a Vitest globalSetup, the CLI) through /_emulator/*. */
export type ConnectEmulator = (endpoint: string, options?: ConnectOptions) => Promise<EmulatorClient>;
