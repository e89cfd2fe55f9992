import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { childEnvOf, cliArgsOf, dataDirOf, defaultSettings, resolveSettingPath, type PathContext } from "../../../src/extension/emulator-settings.js";

const paths: PathContext = { workspaceFolder: "/ws/app", storageDir: "/vs/storage/abc", homeDir: "/home/me" };

describe("cliArgsOf", () => {
  it("passes every default, with state in the extension's workspace storage", () => {
    assert.deepEqual(cliArgsOf(defaultSettings, paths), [
      "--port", "4566", "--host", "127.0.0.1", "--mode", "none", "--account-id", "000000000000",
      "--region", "us-east-1", "--log-level", "info", "--lambda-timeout", "5", "--data-dir", "/vs/storage/abc/emulator-state",
    ]);
  });

  it("passes allowed origins and hosts when there are any", () => {
    const args = cliArgsOf({ ...defaultSettings, allowedOrigins: ["https://app.example.test", " http://*.test:* "], allowedHosts: ["host.docker.internal", ""] }, paths);
    assert.deepEqual(args.slice(-4), ["--allow-origin", "https://app.example.test,http://*.test:*", "--allow-host", "host.docker.internal"]);
  });

  it("passes --upstream only when an upstream is set", () => {
    const args = cliArgsOf({ ...defaultSettings, upstream: " http://localhost:4567,s3=http://localhost:9000 " }, paths);
    assert.deepEqual(args.slice(-2), ["--upstream", "http://localhost:4567,s3=http://localhost:9000"]);
  });

  it("maps persist: false to --no-persist and drops the data dir", () => {
    const args = cliArgsOf({ ...defaultSettings, persist: false, dataDir: "/ignored" }, paths);
    assert.equal(args.includes("--no-persist"), true);
    assert.equal(args.includes("--data-dir"), false);
  });

  it("resolves dataDir and seed against the workspace folder", () => {
    const args = cliArgsOf({ ...defaultSettings, dataDir: ".emulator", seed: "${workspaceFolder}/seed.json", mode: "enforce", port: 0 }, paths);
    assert.deepEqual(args, [
      "--port", "0", "--host", "127.0.0.1", "--mode", "enforce", "--account-id", "000000000000",
      "--region", "us-east-1", "--log-level", "info", "--lambda-timeout", "5", "--data-dir", "/ws/app/.emulator", "--seed", "/ws/app/seed.json",
    ]);
  });

  it("maps the Lambda settings: handler files resolved against the workspace folder, their exports kept", () => {
    const args = cliArgsOf({ ...defaultSettings, lambdaEndpoint: " http://127.0.0.1:3001 ", lambdaTimeoutSeconds: 2.5,
      lambdaHandlers: { "pre-token": "./triggers/pre-token.ts#handler", "arn:aws:lambda:us-east-1:000000000000:function:migrate": "/srv/migrate.js" } }, paths);
    assert.deepEqual(args.slice(args.indexOf("--lambda-timeout"), args.indexOf("--lambda-timeout") + 2), ["--lambda-timeout", "2.5"]);
    assert.deepEqual(args.slice(-4), [
      "--lambda-endpoint", "http://127.0.0.1:3001",
      "--lambda-handlers", "pre-token=/ws/app/triggers/pre-token.ts#handler,arn:aws:lambda:us-east-1:000000000000:function:migrate=/srv/migrate.js",
    ]);
  });
});

describe("resolveSettingPath", () => {
  it("expands ~ and keeps absolute paths", () => {
    assert.equal(resolveSettingPath("~/state", paths), "/home/me/state");
    assert.equal(resolveSettingPath("/srv/x", paths), "/srv/x");
  });

  it("anchors relative paths at home when no folder is open", () => {
    assert.equal(resolveSettingPath("state", { storageDir: "/g", homeDir: "/home/me" }), "/home/me/state");
  });
});

describe("dataDirOf", () => {
  it("prefers the dataDir setting over the extension's storage", () => {
    assert.equal(dataDirOf({ ...defaultSettings, dataDir: "/srv/iam" }, paths), "/srv/iam");
    assert.equal(dataDirOf({ ...defaultSettings, dataDir: "  " }, paths), "/vs/storage/abc/emulator-state");
    assert.equal(dataDirOf({ ...defaultSettings, persist: false }, paths), null);
  });
});

describe("childEnvOf", () => {
  it("drops inherited AWS_IDENTITY_EMULATOR_* and runs Electron as Node", () => {
    const env = childEnvOf({ PATH: "/bin", AWS_IDENTITY_EMULATOR_PORT: "9999", AWS_REGION: "eu-west-1" });
    assert.deepEqual(env, { PATH: "/bin", AWS_REGION: "eu-west-1", ELECTRON_RUN_AS_NODE: "1" });
  });
});
