// dist/cli.js: runs the CLI's bundle (dist/emulator.js) from V8's code cache. Compiling the 900 KB bundle was
// most of the start-up the emulator added to Node's own; with the cache V8 reads the bytecode instead (what
// Node 22's module.enableCompileCache does, which the Node versions we run on lack). The cache is written when
// the process exits, so it holds every function start-up and the requests compiled; it lives in a folder only
// this user can write (a cache is code), is keyed by the bundle file and Node, and any failure falls back to a
// plain compile. Node's own code only: this runs before anything else is loaded.
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

const WEEK_MS = 7 * 86_400_000;

/** $TMPDIR/aws-identity-emulator-<uid>, made 0700 if absent; undefined unless it is a real folder only we can write. */
export function privateCacheDir(base = tmpdir()): string | undefined {
  const uid = process.getuid?.();
  const dir = join(base, `aws-identity-emulator-${uid ?? "cache"}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
  }
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Requires `file` as the main module, compiled with the code cache in `cacheDir` when it has one for it. */
export function runWithCodeCache(file: string, cacheDir: string | undefined): void {
  const source = readFileSync(file, "utf8");
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (cacheDir) {
    const st = statSync(file);
    // V8 checks a cache against the source's length, not its text: the key names this very build.
    const key = createHash("sha256").update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}\0${process.execArgv.join(" ")}`).digest("hex").slice(0, 24);
    cacheFile = join(cacheDir, `emulator-${key}.v8cache`);
    try { cachedData = readFileSync(cacheFile); } catch { /* none yet */ }
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData && { cachedData }) });
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  if (cacheFile && fresh) process.once("exit", () => saveCache(cacheFile, cacheDir!, script));
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
}

function saveCache(cacheFile: string, cacheDir: string, script: Script): void {
  try {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
    // Caches of earlier builds: kept a week (another install may still use one), then dropped.
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      if (path !== cacheFile && name.startsWith("emulator-") && Date.now() - statSync(path).mtimeMs > WEEK_MS) unlinkSync(path);
    }
  } catch {
    // A cache is an optimization: a full disk or a vanished folder only means the next start compiles.
  }
}

if (require.main === module) runWithCodeCache(join(__dirname, "emulator.js"), privateCacheDir());
