// Flags (node:util.parseArgs over the OPTIONS table), environment variables and defaults.
import { it } from "node:test";
import assert from "node:assert/strict";
import { parseArgs } from "../../src/cli-flags.js";
import { ConfigError, OPTIONS } from "../../src/config.js";

it("flags win over environment variables, which win over defaults; --flag=value and --flag value both work", () => {
  const { config } = parseArgs(["--port=0", "--mode", "enforce"], { AWS_IDENTITY_EMULATOR_PORT: "5000", AWS_IDENTITY_EMULATOR_REGION: "eu-west-1" });
  assert.equal(config.port, 0);
  assert.equal(config.mode, "enforce");
  assert.equal(config.region, "eu-west-1");
  assert.equal(config.host, "127.0.0.1");
  assert.equal(parseArgs(["--no-persist"], {}).config.dataDir, null);
  assert.equal(parseArgs([], { AWS_IDENTITY_EMULATOR_NO_PERSIST: "true" }).config.dataDir, null);
  assert.deepEqual([parseArgs(["-h"], {}).help, parseArgs(["--version"], {}).version], [true, true]);
});

it("every OPTIONS row is a flag (its own check may refuse the value, the parser never refuses the flag)", () => {
  for (const o of OPTIONS) {
    try { parseArgs([o.flag, "value"], {}); }
    catch (e) { assert.ok(e instanceof ConfigError && !/^Unknown option/.test(e.message) && !/needs a value/.test(e.message), `${o.flag}: ${(e as Error).message}`); }
  }
});

it("bad command lines are refused with a message that names the flag", () => {
  const refused = (argv: string[], message: string) => assert.throws(() => parseArgs(argv, {}), (e: unknown) => e instanceof ConfigError && e.message === message);
  refused(["--colour", "blue"], "Unknown option --colour. Run with --help to list the options.");
  refused(["--port"], "--port needs a value (N).");
  refused(["--no-persist=yes"], "--no-persist takes no value.");
  refused(["stray"], "Unexpected argument stray. Run with --help to list the options.");
  refused(["--mode", "strict"], '--mode must be one of none, authenticate, enforce; got "strict".');
});
