// Devices as rows: the pool's tracking settings, a user's device by key, a new device's identifiers, and the
// DeviceType shape the device APIs return.
import { randomBytes, randomUUID } from "node:crypto";
import type { AccountStore } from "../../store/store.js";
import { poolRegion } from "./ids.js";
import { cognitoTables, key, type DeviceRecord, type PoolRecord } from "./records.js";

interface DeviceConfiguration { ChallengeRequiredOnNewDevice?: boolean; DeviceOnlyRememberedOnUserPrompt?: boolean }

/** The pool's DeviceConfiguration, when it tracks devices at all. */
export function deviceTracking(pool: PoolRecord): DeviceConfiguration | undefined {
  const config = pool.settings.DeviceConfiguration as DeviceConfiguration | null | undefined;
  return config && typeof config === "object" ? config : undefined;
}

export const deviceKeyOf = (poolId: string, userKey: string, deviceKey: string): string => key(poolId, userKey, deviceKey);

export function findDevice(store: AccountStore, pool: PoolRecord, userKey: string, deviceKey: string | undefined): DeviceRecord | undefined {
  return deviceKey ? cognitoTables.devices(store).get(deviceKeyOf(pool.Id, userKey, deviceKey)) : undefined;
}

/** A device key as Cognito makes them ("us-east-1_<uuid>") and a device group key ("-" and nine characters). */
export function newDeviceIdentifiers(pool: PoolRecord): { key: string; groupKey: string } {
  return { key: `${poolRegion(pool.Id)}_${randomUUID()}`, groupKey: `-${randomBytes(9).toString("base64url").slice(0, 9)}` };
}

export function deviceShape(device: DeviceRecord): Record<string, unknown> {
  const attributes = [
    { Name: "device_status", Value: "valid" },
    ...(device.name !== undefined ? [{ Name: "device_name", Value: device.name }] : []),
    ...(device.lastIp !== undefined ? [{ Name: "last_ip_used", Value: device.lastIp }] : []),
    { Name: "dev:device_remembered_status", Value: device.status },
  ];
  return {
    DeviceKey: device.deviceKey, DeviceAttributes: attributes, DeviceCreateDate: device.createdAt,
    DeviceLastModifiedDate: device.modifiedAt, DeviceLastAuthenticatedDate: device.lastAuthenticatedAt,
  };
}
