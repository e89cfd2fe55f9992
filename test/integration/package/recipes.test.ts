// docs/testing.md's recipes, run as written against the packed, installed package: Vitest (four workers, each
// in its own account of one emulator), Jest, mocha and node:test with their own runners; pytest, GitHub Actions
// and docker-compose through scripts/check-recipes.mjs.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error: plain ES modules of the repository's scripts, without type declarations.
import { packAndInstall, root } from "../../../scripts/packed-package.mjs";
// @ts-expect-error: as above.
import { checkDockerCompose, checkGithubActions, checkPytest, readRecipes, writeRecipe } from "../../../scripts/check-recipes.mjs";

let project: { dir: string; remove(): void };
before(() => {
  project = packAndInstall({ link: ["vitest", "jest", "mocha", "@aws-sdk/client-iam", "@aws-sdk/client-sts"] });
});
after(() => project?.remove());

const recipes = readRecipes();
const bin = (name: string, path: string) => join(root, "node_modules", name, path);

function runner(dir: string, args: string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  // Without this run's NODE_TEST_CONTEXT, which would make a `node --test` child think it is nested in us.
  const { NODE_TEST_CONTEXT: _nested, ...inherited } = process.env;
  const out = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", timeout: 180_000, env: { ...inherited, CI: "true", NO_COLOR: "1", ...env } });
  return { status: out.status, output: `${out.stdout}\n${out.stderr}` };
}

describe("docs/testing.md recipes", () => {
  it("Vitest: four workers, each in its own account of one emulator started by startEmulator()", () => {
    const dir = join(project.dir, "vitest");
    writeRecipe(recipes, "vitest", dir);
    const results = join(dir, "results.jsonl");
    // The recipe's test file four times, each also reporting the account and worker it ran in.
    for (let i = 1; i <= 4; i++) {
      const file = join(dir, "test", `users-${i}.test.ts`);
      copyFileSync(join(dir, "test", "users.test.ts"), file);
      appendFileSync(file, `\nimport { appendFileSync } from "node:fs";\ntest("reports where it ran", () => {\n` +
        `  appendFileSync(${JSON.stringify(results)}, JSON.stringify({ account: process.env.AWS_ACCESS_KEY_ID, worker: process.env.VITEST_POOL_ID }) + "\\n");\n});\n`);
    }
    const run = runner(dir, [bin("vitest", "vitest.mjs"), "run", "--maxWorkers=4"]);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /Test Files\s+5 passed \(5\)/);
    const ran = readFileSync(results, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { account: string; worker: string });
    assert.equal(ran.length, 4);
    assert.equal(new Set(ran.map((r) => r.account)).size, 4, `four accounts: ${JSON.stringify(ran)}`);
    assert.equal(new Set(ran.map((r) => r.worker)).size, 4, `four workers: ${JSON.stringify(ran)}`);
    for (const r of ran) assert.match(r.account, /^1\d{11}$/, "handed out by newAccount()");
  });

  it("Jest: globalSetup starts it, each test file gets its own account", () => {
    const dir = join(project.dir, "jest");
    writeRecipe(recipes, "jest", dir);
    // Two files creating the same user: they pass only if each has its own account.
    copyFileSync(join(dir, "test", "users.test.js"), join(dir, "test", "users-again.test.js"));
    const run = runner(dir, [bin("jest", "bin/jest.js"), "--ci"]);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /Tests:\s+2 passed, 2 total/);
  });

  it("mocha: root hooks put the seeded state back before every test", () => {
    const dir = join(project.dir, "mocha");
    writeRecipe(recipes, "mocha", dir);
    const run = runner(dir, [bin("mocha", "bin/mocha.js")]);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /2 passing/);
  });

  it("node:test: an emulator per file, and the clock expires a session", () => {
    const dir = join(project.dir, "node-test");
    writeRecipe(recipes, "node-test", dir);
    const run = runner(dir, ["--test", "test/session.test.mjs"]);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /# pass 1\n# fail 0/);
  });

  it("pytest: the fixture reads the CLI's ready line; each test gets its own account; nothing is left running", async () => {
    assert.equal(await checkPytest(project.dir), "pytest: 1 passed");
  });

  it("GitHub Actions: the start step starts the CLI in the background and waits for it", async () => {
    assert.equal(await checkGithubActions(project.dir), "github-actions: the start step ran");
  });

  it("docker-compose: the official Node image's command, flags and wiring", async () => {
    mkdirSync(join(project.dir, "docker-compose"), { recursive: true });
    assert.equal(await checkDockerCompose(project.dir), "docker-compose: the aws service's command starts");
  });
});
