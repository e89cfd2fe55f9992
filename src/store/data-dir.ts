// The data folder: its files' names, creating it, telling the user what is wrong with it, and the lock
// that keeps two emulators from writing the same journal.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;
const LOCK_FILE = "emulator.lock";

// Generations are zero-padded so a plain sort orders them. snapshot-G holds the state before journal-G.
export const journalName = (generation: number): string => `journal-${String(generation).padStart(10, "0")}.log`;
export const snapshotName = (generation: number): string => `snapshot-${String(generation).padStart(10, "0")}.snap`;
const DATA_FILE = /^(journal|snapshot)-(\d{10})\.(log|snap)$/;

export interface DataFiles {
  /** Generations present, ascending. */
  readonly journals: number[];
  readonly snapshots: number[];
}

/** Lists journals and snapshots; removes the temporary files a crash during compaction can leave. */
export function listDataFiles(dir: string): DataFiles {
  const journals: number[] = [];
  const snapshots: number[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".snap.tmp")) { unlinkSync(join(dir, name)); continue; }
    const match = DATA_FILE.exec(name);
    if (!match) continue;
    (match[1] === "journal" ? journals : snapshots).push(Number(match[2]));
  }
  const ascending = (a: number, b: number): number => a - b;
  return { journals: journals.sort(ascending), snapshots: snapshots.sort(ascending) };
}

/** Makes a new file's directory entry durable: without this a crash can lose a whole fsynced file. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** An error about the data folder, worded for the person who chose it. */
export function dataDirError(dir: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EACCES": case "EPERM": case "EROFS":
      return new Error(`--data-dir ${dir} is not writable: choose a folder you own, or pass --no-persist.`, { cause: err });
    case "ENOTDIR": case "EEXIST":
      return new Error(`--data-dir ${dir} is not a folder: choose a folder path, or pass --no-persist.`, { cause: err });
    case "ENOSPC":
      return new Error(`--data-dir ${dir} is on a full disk: free some space, or pass --no-persist.`, { cause: err });
    default:
      return new Error(`--data-dir ${dir} cannot be used: ${(err as Error).message}`, { cause: err });
  }
}

/** Creates the folder (0700) and its parents when missing. */
export function ensureDataDir(dir: string): void {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (err) {
    throw dataDirError(dir, err);
  }
  // Each new folder's entry must survive a crash too, or every file in it is lost with it.
  if (created === undefined) return;
  for (let made = dir; ; made = dirname(made)) {
    fsyncDir(dirname(made));
    if (made === created || dirname(made) === made) break;
  }
}

/** Folders this process holds open: a second open in-process would share nothing and corrupt the journal. */
const openHere = new Set<string>();

export interface DataDirLock { release(): void }

/**
 * Takes the folder for this process: a lock file holding our pid, created atomically with its content
 * (written aside, then hard-linked into place). A lock whose process is gone was left by a crash and is taken over.
 */
export function lockDataDir(dir: string): DataDirLock {
  if (openHere.has(dir)) throw new Error(`--data-dir ${dir} is already open in this process.`);
  const lockPath = join(dir, LOCK_FILE);
  const aside = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
  try {
    writeFileSync(aside, `${process.pid}\n`, { mode: FILE_MODE });
  } catch (err) {
    throw dataDirError(dir, err);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(aside, lockPath);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw dataDirError(dir, err);
        const holder = readPid(lockPath);
        if (holder !== null && holder !== process.pid && isAlive(holder)) {
          throw new Error(`--data-dir ${dir} is in use by another emulator (pid ${holder}). Stop that process or choose ` +
            `another --data-dir; if no emulator is running, delete ${lockPath}.`);
        }
        if (attempt >= 3) throw new Error(`--data-dir ${dir}: could not take over the stale lock ${lockPath}; delete it and start again.`);
        // The holder died without closing (kill -9, power loss): its lock protects nothing any more.
        try { unlinkSync(lockPath); } catch (e) { if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw dataDirError(dir, e); }
      }
    }
  } finally {
    try { unlinkSync(aside); } catch { /* already gone */ }
  }
  openHere.add(dir);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      openHere.delete(dir);
      // Only our own lock: if another process took it over meanwhile, it is theirs now.
      if (readPid(lockPath) === process.pid) try { unlinkSync(lockPath); } catch { /* already gone */ }
    },
  };
}

function readPid(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";   // alive, owned by someone else
  }
}
