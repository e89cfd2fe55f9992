// Cognito's identifier formats: pool ids "us-east-1_AbC123xyZ", 26-character client ids, 51-character
// client secrets, UUID subs, and the 6-digit codes sent to users.
import { randomBytes, randomInt, randomUUID } from "node:crypto";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomFrom(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export const newPoolId = (region: string): string => `${region}_${randomFrom(ALNUM, 9)}`;
export const newClientId = (): string => randomFrom(LOWER_ALNUM, 26);
export const newClientSecret = (): string => randomFrom(LOWER_ALNUM, 51);
export const newSub = (): string => randomUUID();
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, "0");
/** The part of a pool id after the region: SRP hashes it as the "pool name". */
export const poolName = (poolId: string): string => poolId.slice(poolId.indexOf("_") + 1);
/** The region a pool id names (InitiateAuth and friends are unsigned, so the pool id tells). */
export const poolRegion = (poolId: string): string => poolId.slice(0, poolId.indexOf("_"));
