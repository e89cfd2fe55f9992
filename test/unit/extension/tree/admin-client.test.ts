// The extension's client of /_emulator/* against an emulator in mode authenticate, where every endpoint that
// acts needs the admin token: each of the client's calls carries it (Load State… once did not).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEFAULTS } from "../../../../src/config.js";
import { AdminClient } from "../../../../src/extension/tree/admin-client.js";
import { silentLogger } from "../../../../src/log.js";
import { startEmulator, type RunningEmulator } from "../../../../src/server/emulator.js";

describe("AdminClient in mode authenticate", () => {
  let emulator: RunningEmulator;
  before(async () => { emulator = await startEmulator({ ...DEFAULTS, port: 0, dataDir: null, mode: "authenticate" }, silentLogger); });
  after(() => emulator?.close());

  it("acts with the admin token: call, reset, state export and import, seed export", async () => {
    const client = new AdminClient(emulator.endpoint, emulator.adminToken);
    await client.call({ service: "iam", operation: "CreateUser", input: { UserName: "kept" } });
    const state = await client.exportState({ secrets: true });
    await client.reset();
    assert.deepEqual((await client.resources()).users.map((u) => u.name), []);
    const imported = await client.importState(state);
    assert.ok(imported.rows > 0);
    assert.deepEqual((await client.resources()).users.map((u) => u.name), ["kept"]);
    assert.deepEqual((await client.exportSeed()).seed.iam, { users: [{ name: "kept" }] });
  });

  it("acts with the admin token: a role's session, trigger debugging switched off", async () => {
    const client = new AdminClient(emulator.endpoint, emulator.adminToken);
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }] });
    await client.call({ service: "iam", operation: "CreateRole", input: { RoleName: "app", AssumeRolePolicyDocument: trust } });
    const session = await client.roleCredentials("arn:aws:iam::000000000000:role/app", "vscode");
    assert.match(session.AccessKeyId, /^ASIA/);
    assert.ok(session.SessionToken);
    await assert.rejects(client.roleCredentials("arn:aws:iam::000000000000:role/none", "vscode"), { name: "AwsCallError", code: "NoSuchEntity", status: 404 });
    assert.deepEqual(await client.lambdaDebug(false), { debugging: false, targets: [] });
  });

  it("a state file the emulator refuses rejects with the emulator's reason", async () => {
    const client = new AdminClient(emulator.endpoint, emulator.adminToken);
    await assert.rejects(client.importState([]), { message: "A state file is a JSON object." });
  });

  it("with a token that is not the emulator's, each call is refused with the reason", async () => {
    const client = new AdminClient(emulator.endpoint, "not-the-token");
    await assert.rejects(client.importState({}), /The admin token is not this emulator's/);
    await assert.rejects(client.reset(), /POST \/_emulator\/reset answered 403/);
    await assert.rejects(client.call({ service: "iam", operation: "ListUsers", input: {} }), { name: "AwsCallError", code: "AccessDenied", status: 403 });
  });
});
