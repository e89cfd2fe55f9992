// The examples in README.md and docs/*.md, read as the test that runs them sees them. A fenced block in a
// language a person can run is preceded by a marker comment that says how it is checked:
//
//   <!-- runnable -->            run it; every `# → text` / `// → text` comment in it must appear in its output
//   <!-- runnable: setup -->     run it with `set -e`: every command must succeed (it prints nothing to check)
//   <!-- runnable: seed -->      a seed file: the emulator for this document starts with it (several are merged)
//   <!-- runnable: policy -->    an IAM policy document: it must compile without errors
//   <!-- runnable: file=NAME --> written to NAME (a path, folders made) in the working folder for later blocks to use
//   <!-- not-runnable: why -->   shown only (output, a long-running command, a placeholder)
//
// and once per document, optionally, `<!-- runnable-emulator: --mode enforce -->` gives the emulator's flags
// (`$PWD` in them is the working folder the blocks run in, as in the reader's shell), and
// `<!-- runnable-ports: 9123 -->` the fixed ports the document's own servers listen on (a local issuer): the test
// gives each a free port, in the blocks, their expected output and the emulator's flags, as it does 4566, so a
// document's run never collides with another's or with anything else on the machine.
// All runnable blocks of a document run in order in one bash session against one emulator, so variables a block
// exports reach the next, as they would in a reader's terminal.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");

/** Languages a reader could paste and run; blocks in them must carry a marker. */
export const CODE_LANGUAGES = new Set(["sh", "bash", "shell", "js", "mjs", "javascript", "ts", "typescript", "python", "py", "json"]);

export type ExampleKind = "run" | "setup" | "seed" | "policy" | "file" | "shown";

export interface DocExample {
  readonly doc: string;          // path relative to the project root
  readonly line: number;         // 1-based line of the opening fence
  readonly language: string;
  readonly kind: ExampleKind | undefined;   // undefined: no marker (a test failure for code languages)
  readonly fileName: string | undefined;
  readonly code: string;
  /** `→ text` expectations written in the block's comments. */
  readonly expects: string[];
}

export interface DocFile {
  readonly doc: string;
  readonly emulatorArgs: string[];
  /** Ports the document's own servers listen on, given free ones when it runs. */
  readonly ports: number[];
  readonly examples: DocExample[];
}

const MARKER = /^<!--\s*(runnable|not-runnable)(?::\s*(.*?))?\s*-->$/;

export function documentFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

export function readDoc(doc: string): DocFile {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  const examples: DocExample[] = [];
  let emulatorArgs: string[] = [];
  let ports: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const setup = /^<!--\s*runnable-emulator:\s*(.*?)\s*-->$/.exec(line.trim());
    if (setup) emulatorArgs = setup[1]!.split(/\s+/).filter(Boolean);
    const fixed = /^<!--\s*runnable-ports:\s*([\d\s]+?)\s*-->$/.exec(line.trim());
    if (fixed) ports = fixed[1]!.split(/\s+/).map(Number);
    const fence = /^```(\S*)/.exec(line);
    if (!fence) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith("```")) end++;
    const code = lines.slice(start + 1, end).join("\n");
    const language = fence[1]!;
    let prev = start - 1;
    while (prev >= 0 && lines[prev]!.trim() === "") prev--;
    const marker = prev >= 0 ? MARKER.exec(lines[prev]!.trim()) : null;
    let kind: ExampleKind | undefined;
    let fileName: string | undefined;
    if (marker?.[1] === "not-runnable") kind = "shown";
    else if (marker) {
      const opts = (marker[2] ?? "").trim();
      const file = /^file=(\S+)$/.exec(opts);
      if (file) { kind = "file"; fileName = file[1]; }
      else if (opts === "") kind = "run";
      else if (opts === "setup" || opts === "seed" || opts === "policy") kind = opts;
      else throw new Error(`${doc}:${prev + 1}: unknown runnable option "${opts}"`);
    }
    const expects = [...code.matchAll(/(?:#|\/\/)\s*→\s*(.+)$/gm)].map((m) => m[1]!.trim());
    examples.push({ doc, line: start + 1, language, kind, fileName, code, expects });
    i = end;
  }
  return { doc, emulatorArgs, ports, examples };
}

/** Docs name the default endpoint; the test's emulator listens on a free port (and `others`: see withPorts). */
export function withPort(text: string, port: number, others: ReadonlyMap<number, number> = new Map()): string {
  return withPorts(text.replace(/\b(localhost|127\.0\.0\.1):4566\b/g, `$1:${port}`), others);
}

/** A document's own fixed ports (`runnable-ports`) as the free ones given, wherever the number stands alone
 * (`listen(9123, …)`, `http://127.0.0.1:9123/`, `127.0.0.1:9123:aud`). */
export function withPorts(text: string, others: ReadonlyMap<number, number>): string {
  let out = text;
  for (const [fixed, free] of others) out = out.replace(new RegExp(`(?<![\\d.])${fixed}(?!\\d)`, "g"), String(free));
  return out;
}

/** Several seed blocks in one document become one seed: lists are concatenated, objects merged. */
export function mergeSeeds(seeds: unknown[]): unknown {
  const merge = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
      const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
      for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
      return out;
    }
    return b;
  };
  return seeds.reduce(merge, {});
}

const EOF = "__DOC_EXAMPLE_EOF__";
export const FAILED = "@@example failed@@";

/** One bash script for the document's runnable blocks; `@@block N@@` lines separate their output. */
export function scriptFor(file: DocFile, port: number, others: ReadonlyMap<number, number> = new Map()): string {
  const out = ["set -uo pipefail"];
  file.examples.forEach((ex, n) => {
    const code = withPort(ex.code, port, others);
    if (ex.kind === "file") { out.push(`mkdir -p "$(dirname ${ex.fileName})" && cat > ${ex.fileName} <<'${EOF}'`, code, EOF); return; }
    if (ex.kind !== "run" && ex.kind !== "setup") return;
    out.push(`printf '\\n@@block ${n}@@\\n'`);
    if (ex.kind === "setup") out.push("set -e");
    if (/^(sh|bash|shell)$/.test(ex.language)) out.push(code);
    // A Node or Python example that throws has failed, whatever it printed before.
    else if (/^(js|mjs|javascript)$/.test(ex.language)) out.push(`node --input-type=module 2>&1 <<'${EOF}' || echo "${FAILED}"`, code, EOF);
    else if (/^(python|py)$/.test(ex.language)) out.push(`python3 - 2>&1 <<'${EOF}' || echo "${FAILED}"`, code, EOF);
    else throw new Error(`${ex.doc}:${ex.line}: a ${ex.language} block cannot be run; mark it policy, seed, file=… or not-runnable`);
    if (ex.kind === "setup") out.push("set +e");
  });
  out.push(`printf '\\n@@end@@\\n'`);
  return out.join("\n") + "\n";
}

/** The output of each block, by its index in file.examples. */
export function splitOutput(stdout: string): Map<number, string> {
  const out = new Map<number, string>();
  const parts = stdout.split(/^@@block (\d+)@@$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(Number(parts[i]), parts[i + 1]!.replace(/@@end@@\s*$/, ""));
  return out;
}

export const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
