// RFC 6238 TOTP over RFC 4226 HOTP, with RFC 4648 Base32 seeds: IAM virtual MFA devices and Cognito's
// software-token MFA both use it. Pure functions of (seed, time): callers pass the clock's time.
import { createHmac, randomBytes } from "node:crypto";
import { sameSecret } from "../constant-time.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const TOTP_STEP_SECONDS = 30;

/** RFC 4648 Base32 with padding omitted, as authenticator apps expect. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes Base32 (case-insensitive, padding and spaces ignored); throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index === -1) throw new Error(`"${char}" is not a Base32 character`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new random seed: 40 bytes, i.e. the 64 Base32 characters IAM's virtual devices carry. */
export function generateSeed(bytes = 40): string {
  return base32Encode(randomBytes(bytes));
}

export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

/** RFC 4226 HOTP: the `digits`-digit code for `counter`. */
export function hotp(key: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = "sha1"): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The time step (RFC 6238 T) that `time` falls in. */
export function totpStep(time: Date, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(time.getTime() / 1000 / stepSeconds);
}

/** The code a device with `seed` (Base32) shows at `time`. */
export function totpCode(seed: string, time: Date, digits = 6, algorithm: TotpAlgorithm = "sha1"): string {
  return hotp(base32Decode(seed), totpStep(time), digits, algorithm);
}

/**
 * The step at which `code` is valid for `seed` around `time` (±`window` steps, for clock drift), or
 * undefined. Steps at or before `lastStep` are refused, so an accepted code can never be replayed.
 */
export function verifyTotp(seed: string, code: string, time: Date, options: { lastStep?: number; window?: number } = {}): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = base32Decode(seed);
  const now = totpStep(time);
  const window = options.window ?? 1;
  for (let step = now - window; step <= now + window; step++) {
    if (options.lastStep !== undefined && step <= options.lastStep) continue;
    if (sameSecret(code, hotp(key, step))) return step;
  }
  return undefined;
}

/** The otpauth:// URI authenticator apps read from a QR code (Google Authenticator's key-uri format). */
export function otpauthUri(label: string, seed: string, issuer: string): string {
  return `otpauth://totp/${encodeURIComponent(label)}?secret=${seed}&issuer=${encodeURIComponent(issuer)}`;
}

/** A PNG of a QR code holding `text` (an otpauth URI), as CreateVirtualMFADevice returns it. */
export function qrPng(text: string): Promise<Buffer> {
  // Loaded on first use: only CreateVirtualMFADevice draws QR codes.
  const QRCode = require("qrcode") as typeof import("qrcode");
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M" });
}
