// The client side of Cognito's SRP-6a with OpenSSL doing the 3072-bit exponentiations (Node's Diffie-Hellman over
// the SRP group), so a benchmark measures the server, not the client's arithmetic. Its own cost is measured and
// printed beside the figures it helps produce.
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { N_HEX } from "../../src/services/cognito/srp.js";

const N = BigInt(`0x${N_HEX}`);
const g = 2n;
const dh = createDiffieHellman(Buffer.from(N_HEX, "hex"), Buffer.from([2]));
const TWO = Buffer.from([2]);

const toHex = (n: bigint) => { const h = n.toString(16); return h.length % 2 ? `0${h}` : h; };
const padHex = (n: bigint) => { const h = toHex(n); return /^[89a-f]/.test(h) ? `00${h}` : h; };
const big = (b: Buffer) => BigInt(`0x${b.toString("hex") || "0"}`);
const hexHash = (hex: string) => createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex");
const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

/** base^exp mod N in OpenSSL. */
function modPow(base: bigint, exp: bigint): bigint {
  dh.setPrivateKey(Buffer.from(toHex(exp), "hex"));
  return big(dh.computeSecret(base === g ? TWO : Buffer.from(toHex(base % N).padStart(768, "0"), "hex")));
}

export interface Ephemeral { readonly a: bigint; readonly A: bigint }

/** A fresh client ephemeral: a random 256-bit a and A = g^a mod N. */
export function ephemeral(): Ephemeral {
  const a = big(randomBytes(32));
  return { a, A: modPow(g, a) };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function timestamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** g^x per user and salt: a client may keep it, as it depends on nothing the server picks per sign-in. */
const verifiers = new Map<string, { x: bigint; gx: bigint }>();

/** PASSWORD_VERIFIER's answers to a USER_SRP_AUTH challenge. */
export function passwordClaim(poolName: string, password: string, e: Ephemeral, p: Record<string, string>, now = new Date()): Record<string, string> {
  const user = p.USER_ID_FOR_SRP!;
  const id = `${poolName}\u0000${user}\u0000${p.SALT}`;
  let v = verifiers.get(id);
  if (!v) {
    const inner = createHash("sha256").update(`${poolName}${user}:${password}`).digest("hex");
    const x = BigInt(`0x${hexHash(padHex(BigInt(`0x${p.SALT}`)) + inner)}`);
    v = { x, gx: modPow(g, x) };
    verifiers.set(id, v);
  }
  const B = BigInt(`0x${p.SRP_B}`);
  const u = BigInt(`0x${hexHash(padHex(e.A) + padHex(B))}`);
  const base = (((B - k * v.gx) % N) + N) % N;
  const S = modPow(base, e.a + u * v.x);
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(padHex(S), "hex"), Buffer.from(padHex(u), "hex"), Buffer.from("Caldera Derived Key"), 16));
  const ts = timestamp(now);
  const signature = createHmac("sha256", key).update(Buffer.concat([Buffer.from(poolName), Buffer.from(user), Buffer.from(p.SECRET_BLOCK!, "base64"), Buffer.from(ts)])).digest("base64");
  return { USERNAME: p.USERNAME ?? user, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: ts };
}

/** Forgets the cached g^x values (to measure a client that keeps none). */
export function forgetVerifiers(): void { verifiers.clear(); }
