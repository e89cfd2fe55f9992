// The data folder: its files' names, creating it, telling the user what is wrong with it, and the lock
// that keeps two emulators from writing the same journal.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

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

// The lock is a series of files emulator.lock.0000000001, .0000000002, …, each made whole and at once (written
// aside, then hard-linked into place, which fails if the name exists) and never changed. Whoever made the
// highest number holds the folder, while its process lives; "released" in it means nobody does. To take the
// folder, a process makes the next number: of two that race for it, exactly one can. A stale lock left by a
// crash is never deleted to be taken over (deleting what another process may have just taken is the race
// that let two emulators in), only superseded by a higher number. A lock names its holder by pid and, where the
// system tells it (Linux), the time that process started: a pid reused by an unrelated process holds nothing.
const LOCK_FILE = /^emulator\.lock\.(\d{10})$/;
const lockName = (n: number): string => `emulator.lock.${String(n).padStart(10, "0")}`;
const RELEASED = "released";

/** Takes the folder for this process, or says which live process holds it. */
export function lockDataDir(dir: string): DataDirLock {
  if (openHere.has(dir)) throw new Error(`--data-dir ${dir} is already open in this process.`);
  const mine = takeLock(dir);
  openHere.add(dir);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      openHere.delete(dir);
      // A higher "released" lock frees the folder even while this process goes on living.
      try {
        writeAside(dir, RELEASED, (aside) => linkSync(aside, join(dir, lockName(mine + 1))));
        unlinkSync(join(dir, lockName(mine)));
      } catch { /* a full disk: our pid in the lock is stale once we exit */ }
    },
  };
}

function takeLock(dir: string): number {
  const started = startTimeOf(process.pid);
  return writeAside(dir, started === undefined ? String(process.pid) : `${process.pid} ${started}`, (aside) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const top = highestLock(dir);
      if (top !== undefined) {
        const holder = readLock(join(dir, lockName(top)));
        if (holder === undefined) continue;   // superseded and removed since the listing: look again
        // Our own pid here was left by this process (a release that could not write) or a dead one that had it.
        if (holder !== RELEASED && holder.pid !== process.pid && holds(holder)) {
          throw new Error(`--data-dir ${dir} is in use by another emulator (pid ${holder.pid}). Stop that process or choose ` +
            `another --data-dir; if no emulator is running, delete ${join(dir, lockName(top))}.`);
        }
      }
      const mine = (top ?? 0) + 1;
      try {
        linkSync(aside, join(dir, lockName(mine)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;   // another process took that number
        throw dataDirError(dir, err);
      }
      // A process that listed before our number existed may have made a lower one; only the highest holds.
      if (highestLock(dir) !== mine) {
        unlinkSync(join(dir, lockName(mine)));
        continue;
      }
      for (const n of lockNumbers(dir)) if (n < mine) try { unlinkSync(join(dir, lockName(n))); } catch { /* gone */ }
      return mine;
    }
    throw new Error(`--data-dir ${dir}: could not take the lock (too many emulators starting at once); start again.`);
  });
}

/** Writes `content` to a private file beside the locks, runs `use` on it, and removes it. */
function writeAside<R>(dir: string, content: string, use: (path: string) => R): R {
  const aside = join(dir, `emulator.lock.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(aside, `${content}\n`, { mode: FILE_MODE, flag: "wx" });
  } catch (err) {
    throw dataDirError(dir, err);
  }
  try {
    return use(aside);
  } finally {
    try { unlinkSync(aside); } catch { /* already gone */ }
  }
}

function lockNumbers(dir: string): number[] {
  let names: string[];
  try { names = readdirSync(dir); } catch (err) { throw dataDirError(dir, err); }
  return names.flatMap((name) => { const m = LOCK_FILE.exec(name); return m ? [Number(m[1])] : []; });
}

function highestLock(dir: string): number | undefined {
  const numbers = lockNumbers(dir);
  return numbers.length === 0 ? undefined : Math.max(...numbers);
}

interface Holder { readonly pid: number; readonly started?: string }

/** The holder, RELEASED, or undefined when the file is gone. An unreadable pid holds nothing. */
function readLock(path: string): Holder | typeof RELEASED | undefined {
  let text: string;
  try { text = readFileSync(path, "utf8").trim(); } catch { return undefined; }
  const [pidText, started] = text.split(" ");
  const pid = Number(pidText);
  return text !== RELEASED && Number.isInteger(pid) && pid > 0 ? { pid, started } : RELEASED;
}

/** Whether the process that wrote the lock still lives: its pid is alive and, where known, started when it did. */
function holds(holder: Holder): boolean {
  if (!isAlive(holder.pid)) return false;
  const now = holder.started === undefined ? undefined : startTimeOf(holder.pid);
  return now === undefined || now === holder.started;
}

/** When `pid` started, in the kernel's clock ticks since boot (Linux's /proc/PID/stat), or undefined elsewhere. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2, the command name, is in parentheses and may hold spaces; starttime is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
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
