// The extension's costs a person feels: activation (loading dist/extension.js and running activate()
// against a stand-in `vscode` module that records nothing), and the resource tree for an account with
// 1,000 users: parsing the snapshot, building every node, and, with the emulator running, one
// GET /_emulator/resources round trip. Run: node --import tsx bench/extension-tree.bench.ts [--quick]
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { treeOf, walk } from "../src/extension/tree/tree-model.js";
import { largeSnapshot } from "../test/unit/extension/tree/snapshot-fixture.js";
import { Report } from "./lib/report.js";

const quick = process.argv.includes("--quick");
const root = join(__dirname, "..");
const runs = quick ? 5 : 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const ms = (x: number) => `${x.toFixed(2)} ms`;

/**
 * Runs in a plain Node child (no tsx hooks, which would transform the bundle): a `vscode` stand-in where
 * every property is a callable, constructible stub and settings read their defaults, so activate() runs
 * its real code. Node built-ins are loaded first: the extension host has them long before any extension.
 */
const activationScript = String.raw`
const Module = require("node:module");
const make = () => new Proxy(function () {}, {
  get: (_t, key) => (key === "then" ? undefined : key === Symbol.toPrimitive ? () => "" : make()),
  set: () => true, apply: () => make(), construct: () => make(),
});
const names = ["window", "commands", "debug", "env", "languages", "extensions", "Uri", "EventEmitter", "ThemeIcon", "ThemeColor",
  "TreeItem", "MarkdownString", "TreeItemCollapsibleState", "StatusBarAlignment", "FileType", "FileChangeType", "FilePermission",
  "FileSystemError", "Disposable", "ConfigurationTarget", "l10n", "LogLevel", "DiagnosticSeverity", "CodeActionKind",
  "Range", "Position", "Diagnostic", "CodeAction", "CodeLens", "CompletionItem", "CompletionItemKind", "CompletionList",
  "Hover", "SnippetString", "WorkspaceEdit", "ViewColumn", "DecorationRangeBehavior", "OverviewRulerLane", "TextEdit",
  "QuickPickItemKind", "ProgressLocation", "EnvironmentVariableMutatorType", "tasks"];
// A plain object at the top, because the bundle copies the module's own keys (esbuild's __toESM).
const stub = Object.fromEntries(names.map((n) => [n, make()]));
stub.workspace = new Proxy({}, { get: (_t, key) => (key === "getConfiguration" ? () => ({ get: (_k, fallback) => fallback, update: make() }) : make()) });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: stub };
for (const b of ["node:http", "node:https", "node:crypto", "node:child_process", "node:fs", "node:os", "node:net"]) require(b);
const [bundle, storage] = process.argv.slice(1);
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
extension.activate({ subscriptions: [], extensionUri: { fsPath: "/" }, storageUri: { fsPath: storage }, globalStorageUri: { fsPath: storage }, environmentVariableCollection: make() });
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, activate: t2 - t1 }));
process.exit(0);
`;

function measureActivation(): { load: number; activate: number } {
  const samples: Array<{ load: number; activate: number }> = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const out = execFileSync(process.execPath, ["-e", activationScript, join(root, "dist", "extension.js"), join(root, "out", "bench-storage")], { encoding: "utf8" });
    samples.push(JSON.parse(out.trim().split("\n").pop()!));
  }
  return { load: median(samples.map((s) => s.load)), activate: median(samples.map((s) => s.activate)) };
}

async function measureEndpoint(userCount: number): Promise<string> {
  const child = spawn(process.execPath, [join(root, "dist", "cli.js"), "--port", "0", "--no-persist", "--log-level", "error"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d;
        const line = out.split("\n")[0];
        if (out.includes("\n")) { const e = JSON.parse(line!); e.event === "ready" ? resolve(e.endpoint) : reject(new Error(line)); }
      });
      child.once("exit", (code) => reject(new Error(`emulator exited ${code}`)));
    });
    const call = (input: object) => fetch(`${endpoint}/_emulator/call`, { method: "POST", body: JSON.stringify(input) }).then((r) => r.json());
    for (let i = 0; i < userCount; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, userCount - i) }, (_, j) => call({ service: "iam", operation: "CreateUser", input: { UserName: `user-${i + j}` } })));
    }
    const first = await fetch(`${endpoint}/_emulator/resources`);
    if (first.status === 404) return "GET /_emulator/resources is not routed in this build (admin.ts): skipped";
    await first.arrayBuffer();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const body = await (await fetch(`${endpoint}/_emulator/resources`)).text();
      times.push(performance.now() - t);
      bytes = body.length;
    }
    return `${ms(median(times))} median for ${userCount} users (${(bytes / 1024).toFixed(0)} KiB)`;
  } finally {
    child.kill("SIGTERM");
  }
}

async function main(): Promise<void> {
  const activation = measureActivation();
  console.log(`activation: load dist/extension.js ${ms(activation.load)}, activate() ${ms(activation.activate)} (median of fresh processes, stand-in vscode API; no fork at activation)`);

  const snapshot = largeSnapshot(1000);
  const json = JSON.stringify(snapshot);
  const parse: number[] = [];
  const build: number[] = [];
  let nodes = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const parsed = JSON.parse(json);
    parse.push(performance.now() - t);
    t = performance.now();
    nodes = 0;
    for (const _ of walk(treeOf(parsed))) nodes++;
    build.push(performance.now() - t);
  }
  console.log(`tree, 1,000 users: parse snapshot ${ms(median(parse))} (${(json.length / 1024).toFixed(0)} KiB), build ${nodes} nodes ${ms(median(build))} (median of ${runs})`);
  const endpoint = await measureEndpoint(1000);
  console.log(`GET /_emulator/resources: ${endpoint}`);
  const report = new Report("extension-tree");
  report.add({ id: "extension", what: "extension activation; the resource tree of 1,000 users",
    ours: `activate() ${ms(activation.activate)}; ${nodes.toLocaleString("en-US")} nodes built in ${ms(median(build))}; GET /_emulator/resources ${endpoint.split(" median")[0]}` });
  report.save();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
