// Runs the mocha suite in suite/ inside a real VS Code downloaded by @vscode/test-electron (machines that
// can reach update.code.visualstudio.com; on this one use test/e2e/code-server.test.mjs instead).
//
//   node --import tsx test/extension/runTest.ts            (VS Code 1.90.0, the engines floor)
//   VSCODE_TEST_VERSION=stable node --import tsx test/extension/runTest.ts
//
// Builds the extension (esbuild.mjs) and bundles the suite to out/extension-tests/ first, because the
// extension host loads plain JavaScript.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { runTests } from "@vscode/test-electron";

const root = join(__dirname, "..", "..");
const outDir = join(root, "out", "extension-tests");

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, "esbuild.mjs")], { cwd: root, stdio: "inherit" });
  const suiteDir = join(__dirname, "suite");
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: readdirSync(suiteDir).filter((f) => f.endsWith(".ts")).map((f) => join(suiteDir, f)),
    outdir: outDir,
    bundle: true,
    platform: "node",
    target: "node18",
    format: "cjs",
    sourcemap: true,
    // VS Code provides `vscode`; mocha is loaded from the project's node_modules.
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });

  // A fresh folder as the workspace, so settings go to its .vscode/settings.json and storageUri exists.
  const workspace = mkdtempSync(join(tmpdir(), "aws-identity-emulator-ext-test-"));
  try {
    const exitCode = await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? "1.90.0",
      extensionDevelopmentPath: root,
      extensionTestsPath: join(outDir, "index.js"),
      launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes"],
    });
    process.exitCode = exitCode;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error("Extension tests failed:", err);
  process.exitCode = 1;
});
