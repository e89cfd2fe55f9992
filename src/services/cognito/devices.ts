// Device tracking: a sign-in on a pool with DeviceConfiguration returns NewDeviceMetadata; the client
// confirms the device with an SRP verifier of its own (ConfirmDevice), may remember it (UpdateDeviceStatus),
// and a remembered device then signs in with DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, as
// amazon-cognito-identity-js and Amplify do. GetDevice, ListDevices, ForgetDevice and the Admin* versions.
import type { Operation } from "../operation.js";
import { openSession } from "./challenge-sessions.js";
import { checkSecretHash } from "./clients.js";
import { deviceKeyOf, deviceShape, deviceTracking, findDevice } from "./device-records.js";
import { cognitoErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { checkPasswordClaim } from "./password-auth.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type ClientRecord, type DeviceRecord, type PoolRecord } from "./records.js";
import { seal } from "./sealed.js";
import { signedInUser } from "./self-service.js";
import { challenge, finishSignIn, required, type AuthResponse, type Ctx, type Params } from "./sign-in.js";
import { serverEphemeral } from "./srp.js";
import { requireUser } from "./user-records.js";
import type { AccountStore } from "../../store/store.js";

const deviceNotFound = () => cognitoErrors.resourceNotFound("Device does not exist.");

function requireDevice(store: AccountStore, pool: PoolRecord, userKey: string, deviceKey: string): DeviceRecord {
  const device = findDevice(store, pool, userKey, deviceKey);
  if (!device) throw deviceNotFound();
  return device;
}

/** base64 of the verifier's bytes, as the SDKs send it, to the hex the SRP code works in. */
function hexOf(base64: string | undefined, name: string): string {
  const hex = base64 === undefined ? "" : Buffer.from(base64, "base64").toString("hex");
  if (!hex || !/^[0-9a-f]+$/.test(hex) || BigInt(`0x${hex}`) === 0n) throw cognitoErrors.invalidParameter(`DeviceSecretVerifierConfig.${name} must be a base64-encoded number.`);
  return hex;
}

interface ConfirmDeviceInput {
  AccessToken: string; DeviceKey: string; DeviceName?: string;
  DeviceSecretVerifierConfig?: { PasswordVerifier?: string; Salt?: string };
}

export const ConfirmDevice: Operation<ConfirmDeviceInput, { UserConfirmationNecessary: boolean }> = async ({ input, store, clock, caller }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  const tracking = deviceTracking(me.pool);
  const existing = findDevice(me.store, me.pool, me.userKey, input.DeviceKey);
  const pending = me.session.pendingDevice;
  if (!existing && pending?.key !== input.DeviceKey) throw deviceNotFound();
  const config = input.DeviceSecretVerifierConfig;
  const verifier = { salt: hexOf(config?.Salt, "Salt"), verifier: hexOf(config?.PasswordVerifier, "PasswordVerifier") };
  const now = clock.now().toISOString();
  // A pool that asks the user first keeps the device unremembered until UpdateDeviceStatus says otherwise.
  const promptFirst = tracking?.DeviceOnlyRememberedOnUserPrompt === true;
  const device: DeviceRecord = {
    deviceKey: input.DeviceKey, groupKey: existing?.groupKey ?? pending!.groupKey, sub: me.user.sub, name: input.DeviceName ?? existing?.name,
    status: existing?.status ?? (promptFirst ? "not_remembered" : "remembered"), verifier,
    createdAt: existing?.createdAt ?? now, modifiedAt: now, lastAuthenticatedAt: existing?.lastAuthenticatedAt ?? now, lastIp: caller.sourceIp,
  };
  cognitoTables.devices(me.store).put(deviceKeyOf(me.pool.Id, me.userKey, device.deviceKey), device);
  if (pending) cognitoTables.sessions(me.store).put(key(me.pool.Id, me.session.sub, me.session.originJti), { ...me.session, pendingDevice: undefined });
  return { UserConfirmationNecessary: promptFirst };
};

type Status = "remembered" | "not_remembered";

function setStatus(store: AccountStore, pool: PoolRecord, userKey: string, deviceKey: string, status: Status | undefined, now: string): void {
  const device = requireDevice(store, pool, userKey, deviceKey);
  if (status !== undefined && status !== "remembered" && status !== "not_remembered") throw cognitoErrors.invalidParameter("DeviceRememberedStatus must be remembered or not_remembered.");
  cognitoTables.devices(store).put(deviceKeyOf(pool.Id, userKey, deviceKey), { ...device, status: status ?? "not_remembered", modifiedAt: now });
}

function listOf(store: AccountStore, pool: PoolRecord, userKey: string, limit: number | undefined, token: string | undefined) {
  const page = pageOf(cognitoTables.devices(store), key(pool.Id, userKey, ""), token, limit || 60, () => true, deviceShape);
  return { Devices: page.items, PaginationToken: page.next };
}

export const GetDevice: Operation<{ AccessToken?: string; DeviceKey: string }, { Device: Record<string, unknown> }> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, required({ AccessToken: input.AccessToken }, "AccessToken"));
  return { Device: deviceShape(requireDevice(me.store, me.pool, me.userKey, input.DeviceKey)) };
};

export const ListDevices: Operation<{ AccessToken: string; Limit?: number; PaginationToken?: string }, { Devices: Record<string, unknown>[]; PaginationToken?: string }> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  return listOf(me.store, me.pool, me.userKey, input.Limit, input.PaginationToken);
};

export const UpdateDeviceStatus: Operation<{ AccessToken: string; DeviceKey: string; DeviceRememberedStatus?: Status }, Record<string, never>> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, input.AccessToken);
  setStatus(me.store, me.pool, me.userKey, input.DeviceKey, input.DeviceRememberedStatus, clock.now().toISOString());
  return {};
};

export const ForgetDevice: Operation<{ AccessToken?: string; DeviceKey: string }, Record<string, never>> = async ({ input, store, clock }) => {
  const me = await signedInUser(store, clock, required({ AccessToken: input.AccessToken }, "AccessToken"));
  requireDevice(me.store, me.pool, me.userKey, input.DeviceKey);
  cognitoTables.devices(me.store).delete(deviceKeyOf(me.pool.Id, me.userKey, input.DeviceKey));
  return {};
};

type AdminDeviceInput = { UserPoolId: string; Username: string; DeviceKey: string };

function adminTarget(store: AccountStore, input: { UserPoolId: string; Username: string }) {
  const pool = requirePool(store, input.UserPoolId);
  return { pool, ...requireUser(store, pool, input.Username) };
}

export const AdminGetDevice: Operation<AdminDeviceInput, { Device: Record<string, unknown> }> = ({ input, store }) => {
  const { pool, userKey } = adminTarget(store, input);
  return { Device: deviceShape(requireDevice(store, pool, userKey, input.DeviceKey)) };
};

export const AdminListDevices: Operation<{ UserPoolId: string; Username: string; Limit?: number; PaginationToken?: string }, { Devices: Record<string, unknown>[]; PaginationToken?: string }> = ({ input, store }) => {
  const { pool, userKey } = adminTarget(store, input);
  return listOf(store, pool, userKey, input.Limit, input.PaginationToken);
};

export const AdminUpdateDeviceStatus: Operation<AdminDeviceInput & { DeviceRememberedStatus?: Status }, Record<string, never>> = ({ input, store, clock }) => {
  const { pool, userKey } = adminTarget(store, input);
  setStatus(store, pool, userKey, input.DeviceKey, input.DeviceRememberedStatus, clock.now().toISOString());
  return {};
};

export const AdminForgetDevice: Operation<AdminDeviceInput, Record<string, never>> = ({ input, store }) => {
  const { pool, userKey } = adminTarget(store, input);
  requireDevice(store, pool, userKey, input.DeviceKey);
  cognitoTables.devices(store).delete(deviceKeyOf(pool.Id, userKey, input.DeviceKey));
  return {};
};

/** DEVICE_SRP_AUTH: the remembered device's SRP_A; the answer is DEVICE_PASSWORD_VERIFIER with the server's values. */
export async function respondDeviceSrpAuth(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined, admin: boolean,
  clientMetadata: Readonly<Record<string, string>> | undefined): Promise<AuthResponse> {
  const opened = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "DEVICE_SRP_AUTH" });
  const deviceKey = required(responses, "DEVICE_KEY");
  const a = required(responses, "SRP_A");
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, opened.user.Username);
  if (!/^[0-9a-fA-F]+$/.test(a) || BigInt(`0x${a}`) === 0n) throw cognitoErrors.invalidParameter("SRP_A must be a non-zero hexadecimal number");
  const device = requireDevice(ctx.store, pool, opened.userKey, deviceKey);
  const { b, B } = serverEphemeral(device.verifier.verifier);
  const minutes = (client.settings.AuthSessionValidity as number | undefined) ?? 3;
  const block = { u: opened.userKey, c: client.ClientId, A: a, b: b.toString(16), B: B.toString(16), e: ctx.clock.now().getTime() + minutes * 60_000, dk: deviceKey };
  const s = { pool, client, userKey: opened.userKey, user: opened.user, state: { ...opened.state, deviceKey }, admin, clientMetadata };
  return challenge(ctx, s, "DEVICE_PASSWORD_VERIFIER", {
    SRP_B: B.toString(16), SALT: device.verifier.salt, SECRET_BLOCK: seal(pool.sessionKey, block), USERNAME: opened.user.Username, DEVICE_KEY: deviceKey,
  });
}

/** DEVICE_PASSWORD_VERIFIER: the device's proof of its secret; tokens follow (pre token generation: AuthenticateDevice). */
export async function respondDevicePasswordVerifier(ctx: Ctx, pool: PoolRecord, client: ClientRecord, responses: Params, sessionText: string | undefined,
  admin: boolean, clientMetadata: Readonly<Record<string, string>> | undefined): Promise<AuthResponse> {
  const opened = openSession(ctx.store, ctx.clock, sessionText, { clientId: client.ClientId, challenge: "DEVICE_PASSWORD_VERIFIER" });
  checkSecretHash(client, responses.SECRET_HASH, responses.USERNAME, opened.user.Username);
  const deviceKey = required(responses, "DEVICE_KEY");
  const block = checkPasswordClaim(ctx, pool, client, responses, (b) => {
    if (b.u !== opened.userKey || b.dk !== deviceKey) return undefined;
    const device = findDevice(ctx.store, pool, opened.userKey, deviceKey);
    return device && { hex: device.verifier.verifier, poolName: device.groupKey, userId: device.deviceKey };
  });
  return finishSignIn(ctx, { pool, client, userKey: block.u, user: opened.user, state: { ...opened.state, deviceKey }, admin, clientMetadata },
    "TokenGeneration_AuthenticateDevice");
}

export const operations = {
  ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus, ForgetDevice, AdminGetDevice, AdminListDevices, AdminUpdateDeviceStatus, AdminForgetDevice,
};
