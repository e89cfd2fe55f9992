// SetSecurityTokenServicePreferences through SDK v3 against the spawned CLI, read back through
// GetAccountSummary's GlobalEndpointTokenVersion.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IAMClient, IAMServiceException, GetAccountSummaryCommand, SetSecurityTokenServicePreferencesCommand } from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);
const version = async () => (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap!.GlobalEndpointTokenVersion;

describe("SetSecurityTokenServicePreferences", () => {
  it("v1Token by default; v2Token makes GlobalEndpointTokenVersion 2, v1Token 1 again", async () => {
    assert.equal(await version(), 1);
    await iam().send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: "v2Token" }));
    assert.equal(await version(), 2);
    await iam().send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: "v1Token" }));
    assert.equal(await version(), 1);
  });

  it("a value outside the enum is ValidationError 400 and changes nothing", async () => {
    await iam().send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: "v2Token" }));
    await assert.rejects(iam().send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: "v3Token" as "v2Token" })), (e: unknown) => {
      assert.ok(e instanceof IAMServiceException);
      assert.equal(e.name, "ValidationError");
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
    assert.equal(await version(), 2);
  });
});
