// The client side of Cognito's SRP-6a with OpenSSL doing the 3072-bit exponentiations (the formulas are the
// server module's, which test/unit/services/cognito/srp.test.ts holds to amazon-cognito-identity-js's), so a
// benchmark measures the server, not the client's arithmetic. Its own cost is measured and printed beside the
// figures it helps produce.
import { randomBytes } from "node:crypto";
import { claimSignature, g, hexHash, k, modPow, N, padHex, passwordX, sessionKey, srpTimestamp } from "../../src/services/cognito/srp.js";

export interface Ephemeral { readonly a: bigint; readonly A: bigint }

/** A fresh client ephemeral: a random 256-bit a and A = g^a mod N. */
export function ephemeral(): Ephemeral {
  const a = BigInt(`0x${randomBytes(32).toString("hex")}`);
  return { a, A: modPow(g, a) };
}

/** g^x per user and salt: a client may keep it, as it depends on nothing the server picks per sign-in. */
const verifiers = new Map<string, { x: bigint; gx: bigint }>();

/** PASSWORD_VERIFIER's answers to a USER_SRP_AUTH challenge. */
export function passwordClaim(poolName: string, password: string, e: Ephemeral, p: Record<string, string>, now = new Date()): Record<string, string> {
  const user = p.USER_ID_FOR_SRP!;
  const id = `${poolName}\u0000${user}\u0000${p.SALT}`;
  let v = verifiers.get(id);
  if (!v) {
    const x = passwordX(poolName, user, password, p.SALT!);
    v = { x, gx: modPow(g, x) };
    verifiers.set(id, v);
  }
  const B = BigInt(`0x${p.SRP_B}`);
  const u = BigInt(`0x${hexHash(padHex(e.A) + padHex(B))}`);
  const base = (((B - k * v.gx) % N) + N) % N;
  const S = modPow(base, e.a + u * v.x);
  const timestamp = srpTimestamp(now);
  return {
    USERNAME: p.USERNAME ?? user, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: claimSignature(sessionKey(S, u), poolName, user, p.SECRET_BLOCK!, timestamp),
  };
}

/** Forgets the kept g^x values (to measure a client that keeps none). */
export function forgetVerifiers(): void { verifiers.clear(); }
