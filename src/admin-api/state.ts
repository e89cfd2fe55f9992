// The wire shapes of state files, accounts and seed exports: GET/POST /_emulator/state, /_emulator/accounts,
// GET /_emulator/seed, and the npm package's exportState()/importState()/newAccount()/exportSeed().
// Types only, so the extension and the package's type declarations may import them. docs/testing.md
// documents the state file; src/state/ builds and reads it.

export const STATE_FORMAT = "aws-identity-emulator-state";

/** A secret in a state file: marked so it can be found, and `null` where the export left it out. */
export interface MarkedSecret { readonly $secret: unknown }

/**
 * Everything the emulator holds (or one account of it) at one moment. Tables are the store's own, named
 * "<account>/<service>/<name>", "<account>/<region>/<service>/<name>" or "global/<name>"; rows are
 * [key, record] pairs in key order, so two exports of the same state are the same bytes.
 */
export interface StateFile {
  readonly format: typeof STATE_FORMAT;
  /** The format's version: a newer emulator reads every older one. */
  readonly version: number;
  /** The emulator version that wrote it (information only). */
  readonly emulator: string;
  /** Set when the file holds one account: importing it replaces only that account. */
  readonly accountId?: string;
  /** "omitted": every secret is `{"$secret": null}`, and importing makes new ones. */
  readonly secrets: "included" | "omitted";
  readonly tables: Readonly<Record<string, ReadonlyArray<readonly [string, unknown]>>>;
}

export interface ExportStateOptions {
  /** Only this account (its tables and the global rows it owns). */
  readonly accountId?: string;
  /** false: leave every secret out (access key secrets, passwords, signing keys, tokens, codes). */
  readonly secrets?: boolean;
}

/** A fresh, empty account and the root credentials that act in it. */
export interface NewAccount {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface AccountEntry { readonly accountId: string; readonly createdAt: string }

/** The seed file's shape (README "Seed file"), written from live state. */
export interface SeedDocument {
  readonly iam?: Readonly<Record<string, unknown>>;
  readonly cognito?: Readonly<Record<string, unknown>>;
}

export interface SeedExport {
  readonly seed: SeedDocument;
  /** What the account holds that a seed file cannot express, one line each ("1 OpenID Connect provider"). */
  readonly leftOut: readonly string[];
}

/** GET/POST /_emulator/clock. */
export interface ClockReading { readonly now: string; readonly offsetSeconds: number }
