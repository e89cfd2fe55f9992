// startEmulator()'s options are the CLI's: every row of config.ts's OPTIONS is accepted by its config name
// and goes through the flag's own parser, so an option added to the table is an option of the API at once.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { configFromOptions } from "../../../src/api/options.js";
import { ConfigError, DEFAULTS, OPTIONS, type EmulatorConfig } from "../../../src/config.js";

describe("configFromOptions", () => {
  it("takes every CLI option, typed as the config holds it", () => {
    for (const option of OPTIONS) {
      const value = DEFAULTS[option.key];
      const config = configFromOptions({ [option.key]: value } as never);
      assert.deepEqual(config[option.key], value, option.flag);
    }
  });

  it("defaults to a free port, memory only and a quiet log; the rest as the CLI", () => {
    const config = configFromOptions();
    assert.deepEqual({ port: config.port, dataDir: config.dataDir, logLevel: config.logLevel, host: config.host },
      { port: 0, dataDir: null, logLevel: "warn", host: "127.0.0.1" });
    assert.equal(config.mode, DEFAULTS.mode);
    assert.equal(config.accountId, DEFAULTS.accountId);
  });

  it("parses as the flag does, and says which flag refused what", () => {
    const config: EmulatorConfig = configFromOptions({ port: 4567, allowOutbound: ["https://a.example", "https://b.example"], mode: "enforce", dataDir: "/tmp/x" });
    assert.deepEqual([config.port, config.allowOutbound, config.mode, config.dataDir], [4567, ["https://a.example", "https://b.example"], "enforce", "/tmp/x"]);
    const refuses = (options: object, message: string) =>
      assert.throws(() => configFromOptions(options as never), (e: Error) => e instanceof ConfigError && e.message === message);
    refuses({ port: 70000 }, '--port must be a number from 0 to 65535; got "70000".');
    refuses({ accountId: "12" }, '--account-id must be 12 digits; got "12".');
    refuses({ mode: null }, 'Option "mode" (--mode) cannot be null.');
    refuses({ region: { eu: 1 } }, 'Option "region" (--region REGION) takes a string or number.');
    const handlers = configFromOptions({ lambdaHandlers: { "pre-token": "/t/pre-token.ts#handler" }, lambdaTimeoutSeconds: 2 });
    assert.deepEqual([handlers.lambdaHandlers, handlers.lambdaTimeoutSeconds], [[{ function: "pre-token", file: "/t/pre-token.ts", exportName: "handler" }], 2]);
    assert.deepEqual(configFromOptions({ lambdaHandlers: ["migrate=/t/migrate.mjs"] }).lambdaHandlers, [{ function: "migrate", file: "/t/migrate.mjs", exportName: "handler" }]);
    assert.throws(() => configFromOptions({ colour: "blue" } as never), /^Error: Unknown option "colour"\. startEmulator\(\) takes the CLI's options: port, host, mode/);
  });
});
