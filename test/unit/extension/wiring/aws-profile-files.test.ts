import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { awsFilePaths, configSectionName, isValidProfileName, profileFiles, upsertIniSection } from "../../../../src/extension/wiring/aws-profile-files.js";

const endpoint = { endpoint: "http://127.0.0.1:4566", accessKeyId: "AKIA1", secretAccessKey: "s3cret", region: "us-east-1" };

describe("AWS profile files", () => {
  it("create both files from nothing", () => {
    assert.deepEqual(profileFiles("emulator", endpoint, { config: "", credentials: "" }), {
      config: "[profile emulator]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4566\n",
      credentials: "[emulator]\naws_access_key_id = AKIA1\naws_secret_access_key = s3cret\n",
    });
  });

  it("append a new profile and keep every other line, comment and profile", () => {
    const config = "# mine\n[default]\nregion = eu-west-1\n\n[profile prod]\nregion = us-west-2\nsso_start_url = https://x\n";
    assert.equal(profileFiles("emulator", endpoint, { config, credentials: "" }).config,
      config + "\n[profile emulator]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4566\n");
  });

  it("update an existing profile in place, keeping keys it does not set", () => {
    const config = "[profile emulator]\nregion=eu-central-1\noutput = json\n\n[profile other]\nregion = ap-south-1\n";
    assert.equal(upsertIniSection(config, "profile emulator", { region: "us-east-1", endpoint_url: "http://127.0.0.1:4566" }),
      "[profile emulator]\nregion = us-east-1\noutput = json\nendpoint_url = http://127.0.0.1:4566\n\n[profile other]\nregion = ap-south-1\n");
  });

  it("keep Windows line endings", () => {
    assert.equal(upsertIniSection("[a]\r\nx = 1\r\n", "a", { x: "2" }), "[a]\r\nx = 2\r\n");
  });

  it("name sections as the CLI does and accept its profile names", () => {
    assert.equal(configSectionName("default"), "default");
    assert.equal(configSectionName("emulator"), "profile emulator");
    assert.equal(isValidProfileName("dev.emulator-1"), true);
    assert.equal(isValidProfileName("bad name]"), false);
  });

  it("are found where the CLI looks, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE", () => {
    assert.deepEqual(awsFilePaths({}, "/home/dev"), { config: "/home/dev/.aws/config", credentials: "/home/dev/.aws/credentials" });
    assert.deepEqual(awsFilePaths({ AWS_CONFIG_FILE: "/etc/aws/config", AWS_SHARED_CREDENTIALS_FILE: "/run/creds" }, "/home/dev"),
      { config: "/etc/aws/config", credentials: "/run/creds" });
  });
});
