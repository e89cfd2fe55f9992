// AWS's identifier formats: unique ids (AIDA…, AGPA…, AROA…, ANPA…, AIPA…), access keys and secrets.
import { randomBytes } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function draw(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export type IdPrefix = "AIDA" | "AGPA" | "AROA" | "ANPA" | "AIPA" | "ASCA" | "APKA" | "ACCA";

/** 21 characters, as IAM's unique ids are: the prefix then 17 base-32 characters. */
export function uniqueId(prefix: IdPrefix): string {
  return prefix + draw(BASE32, 17);
}

/** AKIA (long-term) or ASIA (temporary) followed by 16 base-32 characters. */
export function accessKeyId(prefix: "AKIA" | "ASIA" = "AKIA"): string {
  return prefix + draw(BASE32, 16);
}

/** 40 characters of base-64 alphabet, as AWS secrets are. */
export function secretAccessKey(): string {
  return draw(SECRET_ALPHABET, 40);
}
