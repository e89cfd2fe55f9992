// GetAccessKeyLastUsed through SDK v3 against the spawned CLI: "N/A" until a key signs a request, then the
// service, region and time of its last use.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IAMClient, IAMServiceException, CreateUserCommand, CreateAccessKeyCommand, GetAccessKeyLastUsedCommand, GetUserCommand } from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);

describe("GetAccessKeyLastUsed", () => {
  it("a key never used answers its owner and N/A for service and region, without a date", async () => {
    await iam().send(new CreateUserCommand({ UserName: "worker" }));
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: "worker" }));
    const out = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId }));
    assert.equal(out.UserName, "worker");
    assert.deepEqual(out.AccessKeyLastUsed, { ServiceName: "N/A", Region: "N/A" });
  });

  it("after the key signs a request: the service, the region and when", async () => {
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: "worker" }));
    const asWorker = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
    const startedAt = Date.now();
    await asWorker.send(new GetUserCommand({}));
    const out = await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId }));
    assert.equal(out.UserName, "worker");
    assert.equal(out.AccessKeyLastUsed!.ServiceName, "iam");
    assert.equal(out.AccessKeyLastUsed!.Region, emu.process.ready.region);
    const at = out.AccessKeyLastUsed!.LastUsedDate!.getTime();
    assert.ok(at >= startedAt - 1000 && at <= Date.now() + 1000, `LastUsedDate ${at}`);
  });

  it("an unknown key id is NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAIDONOTEXIST00000" })), (e: unknown) => {
      assert.ok(e instanceof IAMServiceException);
      assert.equal((e as unknown as { Code: string }).Code, "NoSuchEntity");
      assert.equal(e.$metadata.httpStatusCode, 404);
      assert.equal(e.message, "The Access Key with id AKIAIDONOTEXIST00000 cannot be found.");
      return true;
    });
  });
});
