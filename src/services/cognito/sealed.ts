// Challenge sessions and SRP secret blocks: state the client carries between InitiateAuth and
// RespondToAuthChallenge, sealed with the pool's AES-256-GCM key so it needs no table and cannot be forged.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export function seal(keyBase64: string, payload: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The payload, or undefined when the text was not sealed with this key (tampered, or another pool's). */
export function unseal<T>(keyBase64: string, sealed: string): T | undefined {
  try {
    const raw = Buffer.from(sealed, "base64");
    if (raw.length < 29) return undefined;
    const decipher = createDecipheriv("aes-256-gcm", Buffer.from(keyBase64, "base64"), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const body = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    return JSON.parse(body.toString("utf8")) as T;
  } catch {
    return undefined;
  }
}

export const newSessionKey = (): string => randomBytes(32).toString("base64");
