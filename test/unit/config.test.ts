// Flags (node:util.parseArgs over the OPTIONS table), environment variables and defaults; the Lambda options:
// the SDKs' own endpoint variables as a fallback, and handler maps.
import { describe, it } from "node:test";
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

describe("Lambda options", () => {
  it("--lambda-handlers maps functions to files (as given: relative ones are resolved where they run) and exports", () => {
    const { config } = parseArgs(["--lambda-handlers", "pre-token=./triggers/pre-token.ts#handler, arn:aws:lambda:us-east-1:000000000000:function:migrate=/srv/m.js#handlers.migrate"], {});
    assert.deepEqual(config.lambdaHandlers, [
      { function: "pre-token", file: "./triggers/pre-token.ts", exportName: "handler" },
      { function: "arn:aws:lambda:us-east-1:000000000000:function:migrate", file: "/srv/m.js", exportName: "handlers.migrate" },
    ]);
    assert.equal(parseArgs(["--lambda-handlers", "f=/x.mjs"], {}).config.lambdaHandlers[0]!.exportName, "handler");
  });

  it("refuses a map it cannot read, naming the expected form", () => {
    assert.throws(() => parseArgs(["--lambda-handlers", "no-file"], {}), (e: unknown) => e instanceof ConfigError &&
      e.message === '--lambda-handlers takes FUNCTION=FILE#EXPORT entries separated by commas, e.g. pre-token=./triggers/pre-token.ts#handler; got "no-file".');
    assert.throws(() => parseArgs(["--lambda-handlers", "f=./x.js#not-an-export"], {}), (e: unknown) => e instanceof ConfigError &&
      e.message === '--lambda-handlers: "./x.js#not-an-export" for f must be a file with an optional #export, e.g. ./triggers/pre-token.ts#handler.');
    assert.throws(() => parseArgs(["--lambda-timeout", "0"], {}), ConfigError);
  });

  it("the endpoint: the flag, else our variable, else AWS_ENDPOINT_URL_LAMBDA, else AWS_ENDPOINT_URL", () => {
    const env = { AWS_ENDPOINT_URL: "http://127.0.0.1:4567", AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:3001/" };
    assert.equal(parseArgs([], env).config.lambdaEndpoint, "http://127.0.0.1:3001");
    assert.equal(parseArgs([], { AWS_ENDPOINT_URL: "http://127.0.0.1:4567" }).config.lambdaEndpoint, "http://127.0.0.1:4567");
    assert.equal(parseArgs([], { ...env, AWS_IDENTITY_EMULATOR_LAMBDA_ENDPOINT: "http://localstack:4566" }).config.lambdaEndpoint, "http://localstack:4566");
    assert.equal(parseArgs(["--lambda-endpoint", "http://h:1"], env).config.lambdaEndpoint, "http://h:1");
    assert.equal(parseArgs([], {}).config.lambdaEndpoint, null);
    assert.throws(() => parseArgs(["--lambda-endpoint", "localhost:3001"], {}), ConfigError);
  });
});
