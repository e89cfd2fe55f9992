// SerialNumber + TokenCode on AssumeRole and GetSessionToken: checked against the caller's IAM virtual MFA
// device (the code is then spent), which sets aws:MultiFactorAuthPresent on the session.
import { mfaDevicesOf, verifyMfaCode } from "../iam/mfa-devices.js";
import type { OperationContext } from "../operation.js";
import { stsErrors } from "./errors.js";

export interface MfaInput { SerialNumber?: string; TokenCode?: string }

/** undefined when the request names no device; the time of the check when the code is valid; throws otherwise. */
export function checkMfa(ctx: OperationContext<unknown>, input: MfaInput): Date | undefined {
  if (input.SerialNumber === undefined && input.TokenCode === undefined) return undefined;
  const { caller, store } = ctx;
  const serial = input.SerialNumber ?? "";
  const device = mfaDevicesOf(store).get(serial);
  const owned = device?.UserName !== undefined &&
    (caller.type !== "user" || device.UserName.toLowerCase() === (caller.name ?? "").toLowerCase());
  if (!device || !owned) throw stsErrors.mfaUnknownDevice();
  const now = ctx.clock.now();
  if (!verifyMfaCode(store, serial, input.TokenCode ?? "", now)) throw stsErrors.mfaInvalidCode();
  return now;
}
