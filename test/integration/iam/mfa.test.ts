// Virtual MFA devices through SDK v3 against the spawned CLI. Codes are computed here from the seed the
// emulator returns and the emulator's own clock (GET /_emulator/clock), so no test waits for time to pass.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, DeleteUserCommand, CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand, DeactivateMFADeviceCommand, ResyncMFADeviceCommand, ListMFADevicesCommand,
  ListVirtualMFADevicesCommand, DeleteVirtualMFADeviceCommand, TagMFADeviceCommand, UntagMFADeviceCommand,
  ListMFADeviceTagsCommand, GetMFADeviceCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { base32Decode, hotp, totpStep } from "../../../src/services/totp.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);
const ACCOUNT = "000000000000";
const serialOf = (name: string, path = "/") => `arn:aws:iam::${ACCOUNT}:mfa${path}${name}`;


async function emulatorClock(offsetSeconds?: number): Promise<Date> {
  const res = offsetSeconds === undefined
    ? await fetch(`${emu.endpoint}/_emulator/clock`)
    : await fetch(`${emu.endpoint}/_emulator/clock`, { method: "POST", body: JSON.stringify({ offsetSeconds }) });
  return new Date(((await res.json()) as { now: string }).now);
}

/** Two consecutive codes ending at the emulator's current step, as a user reads them off the app. */
async function codes(seed: string): Promise<{ AuthenticationCode1: string; AuthenticationCode2: string }> {
  const step = totpStep(await emulatorClock());
  const key = base32Decode(seed);
  return { AuthenticationCode1: hotp(key, step - 1), AuthenticationCode2: hotp(key, step) };
}

const seeds = new Map<string, string>();

async function createDevice(name: string, path?: string): Promise<string> {
  const out = await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Path: path }));
  const seed = Buffer.from(out.VirtualMFADevice!.Base32StringSeed!).toString("ascii");
  seeds.set(out.VirtualMFADevice!.SerialNumber!, seed);
  return out.VirtualMFADevice!.SerialNumber!;
}

after(async () => { await emulatorClock(0).catch(() => undefined); });

describe("virtual MFA devices", () => {
  it("CreateVirtualMFADevice returns the serial ARN, a real 64-character Base32 seed and the tags", async () => {
    const out = await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "alice-phone", Tags: [{ Key: "owner", Value: "alice" }] }));
    const device = out.VirtualMFADevice!;
    assert.equal(device.SerialNumber, serialOf("alice-phone"));
    const seed = Buffer.from(device.Base32StringSeed!).toString("ascii");
    assert.match(seed, /^[A-Z2-7]{64}$/);
    assert.equal(base32Decode(seed).length, 40);
    const png = Buffer.from(device.QRCodePNG!);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG signature");
    assert.ok(png.length > 200, "a real QR image, not an empty PNG");
    assert.deepEqual(device.Tags, [{ Key: "owner", Value: "alice" }]);
    seeds.set(device.SerialNumber!, seed);
  });

  it("a path goes into the serial number; the same path and name again is EntityAlreadyExists 409", async () => {
    assert.equal(await createDevice("spare", "/team/"), serialOf("spare", "/team/"));
    await assert.rejects(iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "alice-phone" })),
      rejectsWith("EntityAlreadyExists", 409, "MFADevice entity at the same path and name already exists."));
    await assert.rejects(iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "bad name" })), rejectsWith("ValidationError", 400));
    const all = await iam().send(new ListVirtualMFADevicesCommand({}));
    assert.deepEqual(all.VirtualMFADevices!.map((d) => d.SerialNumber).sort(), [serialOf("alice-phone"), serialOf("spare", "/team/")]);
  });

  it("EnableMFADevice with wrong codes is InvalidAuthenticationCode 403 and assigns nothing", async () => {
    await iam().send(new CreateUserCommand({ UserName: "alice" }));
    await assert.rejects(iam().send(new EnableMFADeviceCommand({
      UserName: "alice", SerialNumber: serialOf("alice-phone"), AuthenticationCode1: "000000", AuthenticationCode2: "000000",
    })), rejectsWith("InvalidAuthenticationCode", 403, "Authentication code for device is not valid."));
    const good = await codes(seeds.get(serialOf("alice-phone"))!);
    await assert.rejects(iam().send(new EnableMFADeviceCommand({
      UserName: "alice", SerialNumber: serialOf("alice-phone"), AuthenticationCode1: good.AuthenticationCode2, AuthenticationCode2: good.AuthenticationCode1,
    })), rejectsWith("InvalidAuthenticationCode", 403), "codes out of order are refused");
    const assigned = await iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: "Assigned" }));
    assert.deepEqual(assigned.VirtualMFADevices, []);
  });

  it("EnableMFADevice for a missing user or device answers NoSuchEntity 404", async () => {
    const good = await codes(seeds.get(serialOf("alice-phone"))!);
    await assert.rejects(iam().send(new EnableMFADeviceCommand({ UserName: "ghost", SerialNumber: serialOf("alice-phone"), ...good })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    await assert.rejects(iam().send(new EnableMFADeviceCommand({ UserName: "alice", SerialNumber: serialOf("nothing"), ...good })),
      rejectsWith("NoSuchEntity", 404, `VirtualMFADevice with serial number ${serialOf("nothing")} doesn't exist.`));
  });

  it("EnableMFADevice with two consecutive valid codes assigns the device to the user", async () => {
    await iam().send(new EnableMFADeviceCommand({ UserName: "alice", SerialNumber: serialOf("alice-phone"), ...(await codes(seeds.get(serialOf("alice-phone"))!)) }));
    const listed = await iam().send(new ListMFADevicesCommand({ UserName: "alice" }));
    assert.equal(listed.MFADevices!.length, 1);
    assert.equal(listed.MFADevices![0]!.UserName, "alice");
    assert.equal(listed.MFADevices![0]!.SerialNumber, serialOf("alice-phone"));
    assert.ok(listed.MFADevices![0]!.EnableDate instanceof Date);
    const assigned = await iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: "Assigned" }));
    assert.deepEqual(assigned.VirtualMFADevices!.map((d) => [d.SerialNumber, d.User?.UserName, d.User?.Arn]),
      [[serialOf("alice-phone"), "alice", `arn:aws:iam::${ACCOUNT}:user/alice`]]);
    const unassigned = await iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: "Unassigned" }));
    assert.deepEqual(unassigned.VirtualMFADevices!.map((d) => d.SerialNumber), [serialOf("spare", "/team/")]);
    const got = await iam().send(new GetMFADeviceCommand({ SerialNumber: serialOf("alice-phone"), UserName: "alice" }));
    assert.equal(got.UserName, "alice");
    assert.ok(got.EnableDate instanceof Date);
  });

  it("a device in use cannot be enabled again, deleted, or leave its user deletable", async () => {
    await iam().send(new CreateUserCommand({ UserName: "bob" }));
    await assert.rejects(iam().send(new EnableMFADeviceCommand({ UserName: "bob", SerialNumber: serialOf("alice-phone"), ...(await codes(seeds.get(serialOf("alice-phone"))!)) })),
      rejectsWith("EntityAlreadyExists", 409, "MFA Device is already in use."));
    await assert.rejects(iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialOf("alice-phone") })),
      rejectsWith("DeleteConflict", 409, "MFA VirtualDevice in use. Must deactivate first."));
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "alice" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete MFA device first."));
  });

  it("ResyncMFADevice refuses replayed codes and accepts fresh ones from a drifted device", async () => {
    const seed = seeds.get(serialOf("alice-phone"))!;
    const replay = await codes(seed);
    await assert.rejects(iam().send(new ResyncMFADeviceCommand({ UserName: "alice", SerialNumber: serialOf("alice-phone"), ...replay })),
      rejectsWith("InvalidAuthenticationCode", 403, "Authentication code for device is not valid."), "codes already used to enable");
    // Four minutes later, the phone's clock two minutes behind: still within resync's window.
    const now = await emulatorClock(240);
    const behind = totpStep(now) - 4;
    const key = base32Decode(seed);
    await iam().send(new ResyncMFADeviceCommand({
      UserName: "alice", SerialNumber: serialOf("alice-phone"), AuthenticationCode1: hotp(key, behind), AuthenticationCode2: hotp(key, behind + 1),
    }));
    await assert.rejects(iam().send(new ResyncMFADeviceCommand({ UserName: "bob", SerialNumber: serialOf("alice-phone"), ...(await codes(seed)) })),
      rejectsWith("NoSuchEntity", 404, "MFA Device invalid for user."));
  });

  it("tags: Tag overwrites and adds, Untag removes, List pages", async () => {
    const serial = serialOf("alice-phone");
    await iam().send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: "OWNER", Value: "alice2" }, { Key: "kind", Value: "phone" }] }));
    assert.deepEqual((await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags,
      [{ Key: "owner", Value: "alice2" }, { Key: "kind", Value: "phone" }]);
    const first = await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial, MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial, Marker: first.Marker }));
    assert.deepEqual(second.Tags, [{ Key: "kind", Value: "phone" }]);
    await iam().send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ["owner", "absent"] }));
    assert.deepEqual((await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [{ Key: "kind", Value: "phone" }]);
    await assert.rejects(iam().send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: "aws:x", Value: "y" }] })),
      rejectsWith("InvalidInput", 400, "User-provided tag keys cannot start with 'aws:'."));
    await assert.rejects(iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serialOf("nothing") })), rejectsWith("NoSuchEntity", 404));
  });

  it("DeactivateMFADevice unassigns the device; then it and its user can be deleted", async () => {
    await iam().send(new DeactivateMFADeviceCommand({ UserName: "alice", SerialNumber: serialOf("alice-phone") }));
    assert.deepEqual((await iam().send(new ListMFADevicesCommand({ UserName: "alice" }))).MFADevices, []);
    const unassigned = await iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: "Unassigned" }));
    assert.equal(unassigned.VirtualMFADevices!.length, 2);
    await assert.rejects(iam().send(new DeactivateMFADeviceCommand({ UserName: "alice", SerialNumber: serialOf("alice-phone") })),
      rejectsWith("NoSuchEntity", 404, "MFA Device invalid for user."));
    await iam().send(new DeleteUserCommand({ UserName: "alice" }));
    await iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialOf("alice-phone") }));
    await assert.rejects(iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialOf("alice-phone") })),
      rejectsWith("NoSuchEntity", 404, `VirtualMFADevice with serial number ${serialOf("alice-phone")} doesn't exist.`));
  });

  it("ListVirtualMFADevices pages with MaxItems and Marker", async () => {
    await createDevice("page-a");
    await createDevice("page-b");
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const out = await iam().send(new ListVirtualMFADevicesCommand({ MaxItems: 1, Marker: marker }));
      seen.push(...out.VirtualMFADevices!.map((d) => d.SerialNumber!));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    assert.deepEqual(seen, [serialOf("page-a"), serialOf("page-b"), serialOf("spare", "/team/")]);
  });
});
