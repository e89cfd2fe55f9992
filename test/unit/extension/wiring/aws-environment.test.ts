import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { awsEnvironment, exportLines, principalShell } from "../../../../src/extension/wiring/aws-environment.js";

const endpoint = { endpoint: "http://127.0.0.1:4566", accessKeyId: "test", secretAccessKey: "te'st", region: "eu-west-1" };

describe("AWS environment", () => {
  it("points SDKs and the CLI at the emulator", () => {
    assert.deepEqual(awsEnvironment(endpoint), {
      AWS_ENDPOINT_URL: "http://127.0.0.1:4566", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "te'st", AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1",
    });
  });

  it("writes lines each shell accepts, quoting what needs it", () => {
    const vars = { AWS_ENDPOINT_URL: "http://127.0.0.1:4566", AWS_SECRET_ACCESS_KEY: "a'b c" };
    assert.equal(exportLines(vars), "export AWS_ENDPOINT_URL=http://127.0.0.1:4566\nexport AWS_SECRET_ACCESS_KEY='a'\\''b c'\n");
    assert.equal(exportLines(vars, "fish"), "set -gx AWS_ENDPOINT_URL http://127.0.0.1:4566\nset -gx AWS_SECRET_ACCESS_KEY 'a'\\''b c'\n");
    assert.equal(exportLines({ K: 'x"$y' }, "powershell"), '$env:K = "x`"`$y"\n');
    assert.equal(exportLines({ K: "v" }, "cmd"), "set K=v\n");
  });
});

describe("a principal's terminal", () => {
  it("starts the person's shell through env, after the window's variables, without a profile or a stray token", () => {
    const vars = awsEnvironment({ endpoint: "http://127.0.0.1:4566", accessKeyId: "AKIAALICE", secretAccessKey: "s e c", region: "eu-west-1" });
    assert.deepEqual(principalShell(vars, "/bin/zsh", "linux"), {
      shellPath: "/usr/bin/env",
      shellArgs: ["-u", "AWS_PROFILE", "-u", "AWS_SESSION_TOKEN", "-u", "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL=http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID=AKIAALICE", "AWS_SECRET_ACCESS_KEY=s e c", "AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1", "/bin/zsh"],
    });
    const role = principalShell(awsEnvironment({ endpoint: "http://e", accessKeyId: "ASIA1", secretAccessKey: "x", region: "us-east-1", sessionToken: "tok" }), "/bin/bash", "linux");
    assert.ok(role.shellArgs.includes("AWS_SESSION_TOKEN=tok") && !role.shellArgs.includes("AWS_SESSION_TOKEN"));
    const windows = principalShell({ AWS_ACCESS_KEY_ID: "AKIA1" }, "cmd.exe", "win32");
    assert.equal(windows.shellArgs[0], "/K");
    assert.equal(windows.shellArgs[1], 'set "AWS_PROFILE=" && set "AWS_SESSION_TOKEN=" && set "AWS_DEFAULT_PROFILE=" && set "AWS_ACCESS_KEY_ID=AKIA1"');
  });
});
