// `aws-identity-emulator repair`: as redis-check-aof --fix does, keeps every journal record before the first
// damage and drops the rest, so a data folder the emulator refuses can be started again. Nothing is deleted:
// the files it changes or drops are moved into repaired-N/ in the folder first.
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, fsyncSync, ftruncateSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { DIR_MODE, FILE_MODE, fsyncDir, journalName, listDataFiles, lockDataDir, snapshotName } from "./data-dir.js";
import { count, HistoryDamaged, loadHistory, type History } from "./history.js";
import { Store } from "./store.js";

export interface RepairOutcome {
  /** False when the folder was whole and nothing was changed. */
  readonly repaired: boolean;
  /** What was found and done, for the person who ran it. */
  readonly lines: readonly string[];
}

/** Repairs `dataDir`; throws (HistoryDamaged) when nothing before the damage can be kept, or the folder is in use. */
export function repairDataDir(dataDir: string): RepairOutcome {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) throw new Error(`--data-dir ${dir} does not exist: there is nothing to repair.`);
  const lock = lockDataDir(dir);
  try {
    const lines: string[] = [];
    let damage: HistoryDamaged;
    try {
      const history = loadHistory(dir, new Store(), (line) => lines.push(line));
      lines.push(`${dir} is whole: ${describe(history)}. Nothing to repair.`);
      return { repaired: false, lines };
    } catch (err) {
      if (!(err instanceof HistoryDamaged) || !err.plan) throw err;
      damage = err;
    }
    const plan = damage.plan!;
    const aside = freeFolder(dir);
    mkdirSync(aside, { mode: DIR_MODE });
    fsyncDir(dir);
    if (plan.cut) {
      const path = join(dir, journalName(plan.cut.generation));
      copyFileSync(path, join(aside, journalName(plan.cut.generation)));
      fsyncFile(join(aside, journalName(plan.cut.generation)));
      fsyncDir(aside);
      const fd = openSync(path, "r+");
      try {
        ftruncateSync(fd, plan.cut.offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const generation of plan.droppedJournals) renameSync(join(dir, journalName(generation)), join(aside, journalName(generation)));
    // A snapshot must be continued by its own journal: when every journal after it was dropped, start one.
    const files = listDataFiles(dir);
    const first = files.snapshots.at(-1) ?? 1;
    if (!files.journals.some((g) => g >= first)) closeSync(openSync(join(dir, journalName(first)), "a", FILE_MODE));
    fsyncDir(aside);
    fsyncDir(dir);
    const history = loadHistory(dir, new Store(), (line) => lines.push(line));
    lines.push(
      `Found: ${damage.problem}`,
      `Kept: ${describe(history)}.`,
      `Dropped: ${count(plan.droppedRecords, "record")} (${plan.droppedBytes} bytes) from the damage on` +
        (plan.droppedJournals.length ? `, including ${plan.droppedJournals.map(journalName).join(", ")}.` : "."),
      `The original files are in ${aside}. Start the emulator again.`,
    );
    return { repaired: true, lines };
  } finally {
    lock.release();
  }
}

function describe(history: History): string {
  return `${history.snapshot === undefined ? "no snapshot" : `${snapshotName(history.snapshot)} (${count(history.rows, "row")})`} and ` +
    `${count(history.records, "journal record")}`;
}

/** repaired-1, repaired-2, …: the first that does not exist yet. */
function freeFolder(dir: string): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `repaired-${n}`);
    if (!existsSync(path)) return path;
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
