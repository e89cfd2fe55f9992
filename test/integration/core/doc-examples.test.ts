// Every example in README.md and docs/*.md that a reader could paste runs here exactly as printed (only the
// port differs): shell, Node and Python blocks in one bash session per document against a fresh emulator, seed
// blocks loaded by it, policy blocks compiled. Markers and conventions: test/support/doc-examples.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { compilePolicy, type PolicyKind } from "../../../src/policy/index.js";
import { spawnEmulator } from "../../support/emulator.js";
import { freePort } from "../../support/free-port.js";
import {
  CODE_LANGUAGES, FAILED, ROOT, documentFiles, mergeSeeds, readDoc, scriptFor, splitOutput, squash, withPort, withPorts, type DocFile,
} from "../../support/doc-examples.js";

function policyKind(doc: { Statement?: unknown }): PolicyKind {
  const statements = ([] as Record<string, unknown>[]).concat((doc.Statement ?? []) as Record<string, unknown>);
  if (!statements.some((s) => s["Principal"] !== undefined || s["NotPrincipal"] !== undefined)) return "identity";
  return statements.every((s) => ([] as string[]).concat(s["Action"] as string[]).every((a) => /^sts:/i.test(a))) ? "trust" : "resource";
}

function runBash(script: string, cwd: string, env: Record<string, string>, limitMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // Not the test runner's NODE_TEST_CONTEXT (a Node example would report to it instead of printing), nor any
    // AWS_* setting of the machine's: the examples must export what they need.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_TEST_CONTEXT" && !k.startsWith("AWS_")));
    const child = spawn("bash", ["-c", script], { cwd, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { out += d; });
    // A generous bound so a hung example fails the test instead of the suite; the whole group is killed.
    const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, limitMs);
    // An example may leave a server running in the background (it holds the pipes open): end the group when
    // bash exits, then take what was printed once the pipes close.
    let status: number | null = null;
    child.on("exit", (code) => {
      status = code;
      clearTimeout(timer);
      try { process.kill(-child.pid!, "SIGKILL"); } catch { /* no background jobs left */ }
    });
    child.on("close", () => resolve({ code: status, out }));
  });
}

async function runDocument(file: DocFile): Promise<void> {
  const work = join(ROOT, "test-artifacts");
  mkdirSync(work, { recursive: true });
  // Inside the project, so Node blocks resolve the project's node_modules as a reader's project would.
  const dir = mkdtempSync(join(work, "doc-examples-"));
  const seeds = file.examples.filter((e) => e.kind === "seed").map((e) => JSON.parse(e.code));
  // The document's own servers (a local issuer) listen on free ports, not the fixed ones it prints.
  const others = new Map<number, number>();
  for (const fixed of file.ports) others.set(fixed, await freePort());
  const args = ["--no-persist", ...file.emulatorArgs.map((arg) => withPorts(arg.replaceAll("$PWD", dir), others))];
  if (seeds.length) {
    writeFileSync(join(dir, "seed.json"), JSON.stringify(mergeSeeds(seeds)));
    args.push("--seed", join(dir, "seed.json"));
  }
  const emu = await spawnEmulator({ args });
  try {
    const port = emu.ready.port;
    // A reader's shell: no AWS settings but what the examples export (and no ~/.aws files to lean on).
    // HOME is the working folder too: the CLI caches assumed-role credentials under ~/.aws/cli/cache, and a
    // cache from another emulator would answer for this one. (pyenv's shims still find their root.)
    const env: Record<string, string> = { AWS_PAGER: "", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", HOME: dir };
    const pyenv = process.env.PYENV_ROOT ?? join(homedir(), ".pyenv");
    if (existsSync(pyenv)) env.PYENV_ROOT = pyenv;
    const { code, out } = await runBash(scriptFor(file, port, others), dir, env, 240_000);
    assert.match(out, /@@end@@/, `${file.doc}: the examples stopped early (exit ${code}):\n${out}`);
    const outputs = splitOutput(out);
    file.examples.forEach((ex, n) => {
      if (ex.kind !== "run" && ex.kind !== "setup") return;
      const got = outputs.get(n) ?? "";
      assert.ok(!got.includes(FAILED), `${ex.doc}:${ex.line}: the example exited with an error:\n${got}`);
      for (const want of ex.expects) {
        const expected = withPort(want, port, others);
        assert.ok(squash(got).includes(squash(expected)),
          `${ex.doc}:${ex.line}: expected the output to contain ${JSON.stringify(expected)}; it printed:\n${got}`);
      }
    });
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(emu.dataDir, { recursive: true, force: true });
  }
}

for (const doc of documentFiles()) {
  const file = readDoc(doc);
  describe(doc, () => {
    it("marks every code block runnable or not", () => {
      const unmarked = file.examples.filter((e) => CODE_LANGUAGES.has(e.language) && e.kind === undefined);
      assert.deepEqual(unmarked.map((e) => `${doc}:${e.line}`), [],
        "precede each with <!-- runnable … --> or <!-- not-runnable: why --> (see test/support/doc-examples.ts)");
      for (const e of file.examples.filter((x) => x.kind === "run")) {
        assert.ok(e.expects.length > 0, `${doc}:${e.line}: a runnable block names what it prints with a "# → …" comment; mark it setup if it prints nothing`);
      }
    });

    for (const ex of file.examples.filter((e) => e.kind === "policy")) {
      it(`the policy at line ${ex.line} compiles`, () => {
        const document = JSON.parse(ex.code);
        assert.doesNotThrow(() => compilePolicy(ex.code, { kind: policyKind(document), name: `${doc}:${ex.line}` }));
      });
    }

    if (file.examples.some((e) => e.kind === "run" || e.kind === "setup" || e.kind === "seed")) {
      it("runs every runnable example as printed", () => runDocument(file));
    }
  });
}
