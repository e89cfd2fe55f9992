// The entry VS Code's extension host calls with --extensionTestsPath: runs every *.test.js beside it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

/** Printed once at the end, for runners that only see the console (test/e2e/extension-suite.test.mjs). */
export const resultMarker = "[extension-tests] result";

export function run(): Promise<void> {
  // No colours: the output also travels through a browser console (code-server), where escapes are noise.
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 30_000 });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith(".test.js")).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, tests = 0 } = runner.stats ?? {};
      console.log(`${resultMarker} ${JSON.stringify({ tests, passes, failures })}`);
      if (failures) reject(new Error(`${failures} extension test(s) failed.`));
      else resolve();
    });
  });
}
