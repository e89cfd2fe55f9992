// Runs the @vscode/test-electron mocha suite (test/extension/suite/) inside code-server's real extension
// host, since this machine cannot download VS Code: the extension is loaded from the checkout for
// development (dist/ built by esbuild.mjs) and the suite is bundled to out/extension-tests/.
//
//   node test/e2e/extension-suite.test.mjs
//
// Needs what code-server.test.mjs needs (test/e2e/install-code-server.sh: chromium, ripgrep, libkrb5-dev).
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { build } from "esbuild";
import { cliPidsUnder, openCodeServer } from "./code-server-session.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const suiteDir = join(root, "test", "extension", "suite");
const outDir = join(root, "out", "extension-tests");
const marker = "[extension-tests] result ";
const verbose = process.env.E2E_VERBOSE === "1";

describe("extension test suite in code-server", { timeout: 300_000 }, () => {
  let vscode;
  after(async () => {
    await vscode?.close();
  });

  it("passes every test of test/extension/suite", async () => {
    execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: "inherit" });
    rmSync(outDir, { recursive: true, force: true });
    await build({
      entryPoints: readdirSync(suiteDir).filter((f) => f.endsWith(".ts")).map((f) => join(suiteDir, f)),
      outdir: outDir, bundle: true, platform: "node", target: "node18", format: "cjs", sourcemap: true,
      external: ["vscode", "mocha"], logLevel: "warning",
    });

    const lines = [];
    let settle;
    const result = new Promise((resolve) => (settle = resolve));
    let printed = Promise.resolve();
    vscode = await openCodeServer({
      developmentPath: root,
      extensionTests: join(outDir, "index.js"),
      settings: {},
      log: verbose ? (line) => process.stderr.write(line) : undefined,
      onConsole: (message) => {
        // The extension host's console arrives as ("%c INFO", "color: …", format, ...args); print it as
        // the extension host would, in arrival order.
        printed = printed.then(async () => {
          let args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => "")));
          if (/^%c\s+\w+$/.test(String(args[0]))) args = args.slice(2);
          const text = format(...args);
          lines.push(text);
          if (verbose) process.stderr.write(`[extension host] ${text}\n`);
          if (text.startsWith(marker)) settle(JSON.parse(text.slice(marker.length)));
        });
      },
    });
    let timer;
    const outcome = await Promise.race([result, new Promise((r) => (timer = setTimeout(() => r("timeout"), 240_000)))]);
    clearTimeout(timer);
    const transcript = lines.filter((l) => !/^(Creating a socket|Resolv|Updating|\[Service Worker\])/.test(l)).join("\n");
    assert.notEqual(outcome, "timeout", `the suite did not finish:\n${transcript}`);
    assert.equal(outcome.failures, 0, transcript);
    assert.ok(outcome.passes > 0 && outcome.passes === outcome.tests, JSON.stringify(outcome));
    console.log(`extension suite: ${outcome.passes}/${outcome.tests} passed`);
    // The suite's teardown stops the emulator; nothing it started may outlive it.
    assert.deepEqual(cliPidsUnder(join(root, "dist"), { ancestor: vscode.serverPid }), []);
  });
});
