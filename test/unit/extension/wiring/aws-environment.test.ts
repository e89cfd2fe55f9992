import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { awsEnvironment, exportLines } from "../../../../src/extension/wiring/aws-environment.js";

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
