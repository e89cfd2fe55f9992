// Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, ResyncMFADevice,
// GetMFADevice, ListMFADevices, ListVirtualMFADevices, DeleteVirtualMFADevice, Tag/Untag/ListMFADeviceTags,
// and verifyMfaCode for STS (GetSessionToken/AssumeRole with SerialNumber + TokenCode).
import type { Caller } from "../../auth/caller.js";
import { awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { generateSeed, hotp, base32Decode, otpauthUri, qrPng, totpStep, verifyTotp } from "../totp.js";
import { deleteChecks, iamTables, nameKey, type MfaDeviceRecord, type Tag } from "./records.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules } from "./tags.js";
import { encodeMarker, decodeMarker } from "./pagination.js";
import { checkPath, requireUser, userShape, usersOf } from "./users.js";

const MFA_DEVICES_PER_USER = 8;
// Resync accepts codes from a device whose clock has drifted up to 5 minutes either way.
const RESYNC_WINDOW = 10;

export function mfaDevicesOf(store: AccountStore): Collection<MfaDeviceRecord> {
  return iamTables.mfaDevices(store);
}

const noSuchDevice = (serial: string) => awsError("iam", "NoSuchEntity", `VirtualMFADevice with serial number ${serial} doesn't exist.`);
const invalidForUser = () => awsError("iam", "NoSuchEntity", "MFA Device invalid for user.");
const invalidCode = () => awsError("iam", "InvalidAuthenticationCode", "Authentication code for device is not valid.");

function requireDevice(store: AccountStore, serial: string): MfaDeviceRecord {
  const device = mfaDevicesOf(store).get(serial);
  if (!device) throw noSuchDevice(serial);
  return device;
}

function devicesOfUser(store: AccountStore, userName: string): MfaDeviceRecord[] {
  const key = nameKey(userName);
  return [...mfaDevicesOf(store).values()].filter((d) => d.UserName !== undefined && nameKey(d.UserName) === key);
}

/**
 * The first of two consecutive steps at which `code1` then `code2` are valid, searching `window` steps
 * back from now (and one ahead, for a device slightly fast), after `lastStep`; or undefined.
 */
function consecutiveStep(seed: string, code1: string, code2: string, now: Date, window: number, lastStep?: number): number | undefined {
  const key = base32Decode(seed);
  const current = totpStep(now);
  for (let step = current - window; step <= current + 1; step++) {
    if (lastStep !== undefined && step <= lastStep) continue;
    if (hotp(key, step) === code1 && hotp(key, step + 1) === code2) return step;
  }
  return undefined;
}

interface CreateInput { VirtualMFADeviceName: string; Path?: string; Tags?: Tag[] }

export const CreateVirtualMFADevice: Operation<CreateInput, object> = async ({ input, caller, store, clock }) => {
  const path = checkPath(input.Path);
  const serial = `arn:${store.partition}:iam::${caller.accountId}:mfa${path}${input.VirtualMFADeviceName}`;
  const devices = mfaDevicesOf(store);
  if (devices.has(serial)) throw awsError("iam", "EntityAlreadyExists", "MFADevice entity at the same path and name already exists.");
  const device = devices.put(serial, {
    SerialNumber: serial,
    seed: generateSeed(),
    CreateDate: clock.now().toISOString(),
    Tags: initialTags(input.Tags, tagRules.mfaDevice),
  });
  // The QR code carries the otpauth URI an authenticator app scans, labelled as the console labels it.
  const png = await qrPng(otpauthUri(`${input.VirtualMFADeviceName}@${caller.accountId}`, device.seed, "Amazon Web Services"));
  return {
    VirtualMFADevice: {
      SerialNumber: serial,
      // A blob on the wire: the Base32 text itself, base64-encoded by the protocol layer, as AWS sends it.
      Base32StringSeed: Buffer.from(device.seed, "ascii"),
      QRCodePNG: png,
      Tags: device.Tags,
    },
  };
};

interface CodesInput { UserName: string; SerialNumber: string; AuthenticationCode1: string; AuthenticationCode2: string }

export const EnableMFADevice: Operation<CodesInput, Record<string, never>> = ({ input, store, clock }) => {
  const user = requireUser(store, input.UserName);
  const device = requireDevice(store, input.SerialNumber);
  if (device.UserName !== undefined) throw awsError("iam", "EntityAlreadyExists", "MFA Device is already in use.");
  if (devicesOfUser(store, user.UserName).length >= MFA_DEVICES_PER_USER) {
    throw awsError("iam", "LimitExceeded", `Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
  }
  const now = clock.now();
  const step = consecutiveStep(device.seed, input.AuthenticationCode1, input.AuthenticationCode2, now, 2, device.lastStep);
  if (step === undefined) throw invalidCode();
  mfaDevicesOf(store).put(device.SerialNumber, { ...device, UserName: user.UserName, EnableDate: now.toISOString(), lastStep: step + 1 });
  return {};
};

/** Without UserName, MFA calls act on the calling IAM user. */
function targetUserName(caller: Caller, userName: string | undefined): string | undefined {
  if (userName !== undefined) return userName;
  if (caller.type === "user" && caller.name) return caller.name;
  return undefined;
}

function requireAssigned(store: AccountStore, serial: string, userName: string): MfaDeviceRecord {
  const device = requireDevice(store, serial);
  if (device.UserName === undefined || nameKey(device.UserName) !== nameKey(userName)) throw invalidForUser();
  return device;
}

export const DeactivateMFADevice: Operation<{ UserName?: string; SerialNumber: string }, Record<string, never>> = ({ input, caller, store }) => {
  const name = targetUserName(caller, input.UserName);
  if (name === undefined) throw invalidForUser();
  const user = requireUser(store, name);
  const device = requireAssigned(store, input.SerialNumber, user.UserName);
  const { UserName: _user, EnableDate: _enabled, ...unassigned } = device;
  mfaDevicesOf(store).put(device.SerialNumber, unassigned);
  return {};
};

export const ResyncMFADevice: Operation<CodesInput, Record<string, never>> = ({ input, store, clock }) => {
  const user = requireUser(store, input.UserName);
  const device = requireAssigned(store, input.SerialNumber, user.UserName);
  const step = consecutiveStep(device.seed, input.AuthenticationCode1, input.AuthenticationCode2, clock.now(), RESYNC_WINDOW, device.lastStep);
  if (step === undefined) throw invalidCode();
  mfaDevicesOf(store).put(device.SerialNumber, { ...device, lastStep: step + 1 });
  return {};
};

export const GetMFADevice: Operation<{ SerialNumber: string; UserName?: string }, object> = ({ input, caller, store }) => {
  const name = targetUserName(caller, input.UserName);
  const device = name === undefined ? requireDevice(store, input.SerialNumber) : requireAssigned(store, input.SerialNumber, requireUser(store, name).UserName);
  return { UserName: device.UserName, SerialNumber: device.SerialNumber, EnableDate: device.EnableDate };
};

export const ListMFADevices: Operation<{ UserName?: string; Marker?: string; MaxItems?: number }, object> = ({ input, caller, store }) => {
  const name = targetUserName(caller, input.UserName);
  // The root user's devices are not IAM virtual devices assigned to a user: none to list here.
  if (name === undefined) return { MFADevices: [], IsTruncated: false };
  const user = requireUser(store, name);
  const after = decodeMarker(input.Marker);
  const limit = input.MaxItems ?? 100;
  const devices = devicesOfUser(store, user.UserName)
    .filter((d) => after === undefined || d.SerialNumber > after)
    .sort((a, b) => (a.SerialNumber < b.SerialNumber ? -1 : 1));
  const page = devices.slice(0, limit);
  const truncated = devices.length > limit;
  return {
    MFADevices: page.map((d) => ({ UserName: d.UserName, SerialNumber: d.SerialNumber, EnableDate: d.EnableDate })),
    IsTruncated: truncated,
    Marker: truncated ? encodeMarker(page[page.length - 1]!.SerialNumber) : undefined,
  };
};

export const ListVirtualMFADevices: Operation<{ AssignmentStatus?: "Assigned" | "Unassigned" | "Any"; Marker?: string; MaxItems?: number }, object> = ({ input, store }) => {
  const status = input.AssignmentStatus ?? "Any";
  const keep = (d: MfaDeviceRecord) => status === "Any" || (status === "Assigned") === (d.UserName !== undefined);
  const limit = input.MaxItems ?? 100;
  const items: object[] = [];
  let last: string | undefined;
  let truncated = false;
  for (const [serial, device] of mfaDevicesOf(store).from(decodeMarker(input.Marker))) {
    if (!keep(device)) continue;
    if (items.length === limit) { truncated = true; break; }
    const user = device.UserName !== undefined ? usersOf(store).get(nameKey(device.UserName)) : undefined;
    items.push({ SerialNumber: device.SerialNumber, User: user ? userShape(user) : undefined, EnableDate: device.EnableDate, Tags: device.Tags });
    last = serial;
  }
  return { VirtualMFADevices: items, IsTruncated: truncated, Marker: truncated ? encodeMarker(last!) : undefined };
};

export const DeleteVirtualMFADevice: Operation<{ SerialNumber: string }, Record<string, never>> = ({ input, store }) => {
  const device = requireDevice(store, input.SerialNumber);
  if (device.UserName !== undefined) throw awsError("iam", "DeleteConflict", "MFA VirtualDevice in use. Must deactivate first.");
  mfaDevicesOf(store).delete(device.SerialNumber);
  return {};
};

export const TagMFADevice: Operation<{ SerialNumber: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const device = requireDevice(store, input.SerialNumber);
  mfaDevicesOf(store).put(device.SerialNumber, { ...device, Tags: mergeTags(device.Tags, input.Tags, tagRules.mfaDevice) });
  return {};
};

export const UntagMFADevice: Operation<{ SerialNumber: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const device = requireDevice(store, input.SerialNumber);
  mfaDevicesOf(store).put(device.SerialNumber, { ...device, Tags: removeTags(device.Tags, input.TagKeys, tagRules.mfaDevice) });
  return {};
};

export const ListMFADeviceTags: Operation<{ SerialNumber: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireDevice(store, input.SerialNumber).Tags, input, tagRules.mfaDevice);

/**
 * STS's check of SerialNumber + TokenCode at `now`: true when the device is enabled and the code is valid
 * (±1 step) and newer than the last accepted one, which it then records so the code cannot be replayed.
 */
export function verifyMfaCode(store: AccountStore, serialNumber: string, code: string, now: Date): boolean {
  const device = mfaDevicesOf(store).get(serialNumber);
  if (!device || device.UserName === undefined) return false;
  const step = verifyTotp(device.seed, code, now, { lastStep: device.lastStep });
  if (step === undefined) return false;
  mfaDevicesOf(store).put(serialNumber, { ...device, lastStep: step });
  return true;
}

deleteChecks.user.push((store, userName) => (devicesOfUser(store, userName).length > 0 ? "delete MFA device" : undefined));

export const operations = {
  CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, ResyncMFADevice, GetMFADevice, ListMFADevices,
  ListVirtualMFADevices, DeleteVirtualMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags,
};
