// Secrets (signatures, session and refresh tokens, client secrets, codes) compared in a time that does not
// depend on where, or whether, they differ: an attacker timing answers learns nothing about the secret.
import { createHash, timingSafeEqual } from "node:crypto";

/** Both sides hashed first, so even a difference in length takes the same time to find. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
