// SRP-6a as Cognito speaks it (what amazon-cognito-identity-js and Amplify compute on the client):
// the 3072-bit group of RFC 3526 (N), g = 2, k = H(N | g), u = H(A | B), x = H(salt | H(poolName | user | ":" | pw)),
// numbers hashed in "padHex" form (minimal big-endian hex, "00" prefixed when the top bit is set), and the
// session key taken from S with HKDF-SHA256 (salt u, info "Caldera Derived Key", 16 bytes).
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { sameSecret } from "../../constant-time.js";
import type { Verifier } from "./records.js";

export const N_HEX =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
const INFO = Buffer.from("Caldera Derived Key", "utf8");

/** Minimal even-length hex, "00"-prefixed when the top bit is set (Java's BigInteger.toByteArray). */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

export function hexHash(hex: string): string {
  return createHash("sha256").update(Buffer.from(hex, "hex")).digest("hex");
}

function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

const toBuffer = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(768, "0"), "hex");
const fromBuffer = (b: Buffer): bigint => BigInt(`0x${b.toString("hex") || "0"}`);

// OpenSSL does the 3072-bit exponentiations (about six times faster than BigInt). One object, reused:
// createDiffieHellman checks the prime once, and every call below is synchronous. computeSecret raises any base
// to the private key, g included: generateKeys would cost half as much again for the same g^e.
let dh: ReturnType<typeof createDiffieHellman> | undefined;
function group(): ReturnType<typeof createDiffieHellman> {
  dh ??= createDiffieHellman(Buffer.from(N_HEX, "hex"), Buffer.from([2]));
  return dh;
}
const G_BYTES = Buffer.from([2]);

/** base^exp mod N. */
export function modPow(base: bigint, exp: bigint): bigint {
  const b = base % N;
  // OpenSSL refuses 0 as a private key and 0, 1 and N - 1 as the other side's; those powers need no arithmetic.
  if (exp === 0n) return 1n;
  if (b <= 1n) return b;
  if (b === N - 1n) return exp % 2n === 0n ? 1n : b;
  const d = group();
  const hex = exp.toString(16);
  d.setPrivateKey(Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex"));
  return fromBuffer(d.computeSecret(b === g ? G_BYTES : toBuffer(b)));
}

export function passwordX(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const inner = textHash(`${poolName}${userIdForSrp}:${password}`);
  return BigInt(`0x${hexHash(padHex(BigInt(`0x${saltHex}`)) + inner)}`);
}

/** The record kept instead of the password: a fresh salt and v = g^x. */
export function makeVerifier(poolName: string, userIdForSrp: string, password: string): Verifier {
  const salt = randomBytes(16).toString("hex");
  return { salt, verifier: modPow(g, passwordX(poolName, userIdForSrp, password, salt)).toString(16) };
}

// Signing the same user in again and again is what test suites do: a proven password's x is remembered (as its
// SHA-256, per verifier) so the next check is a hash, not a 3072-bit exponentiation. A new password has a new salt
// and verifier, so it can never match an old entry; a wrong one misses and takes the full check.
const PROVEN_MAX = 10_000;
const proven = new Map<string, string>();

export function verifierMatches(stored: Verifier, poolName: string, userIdForSrp: string, password: string): boolean {
  const x = passwordX(poolName, userIdForSrp, password, stored.salt);
  const id = `${stored.salt}:${stored.verifier.slice(0, 64)}`;
  const seen = createHash("sha256").update(x.toString(16)).digest("hex");
  if (proven.get(id) === seen) return true;
  if (!sameSecret(modPow(g, x).toString(16), stored.verifier)) return false;
  proven.delete(id);
  proven.set(id, seen);
  if (proven.size > PROVEN_MAX) proven.delete(proven.keys().next().value!);
  return true;
}

/** The server's ephemeral pair for one sign-in: b secret, B = k·v + g^b mod N. */
export function serverEphemeral(verifierHex: string): { b: bigint; B: bigint } {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = fromBuffer(randomBytes(32));
    const B = (k * v + modPow(g, b)) % N;
    if (B !== 0n) return { b, B };
  }
}

/** The 16-byte key both sides derive; undefined for values a client must never send (A mod N = 0, u = 0). */
export function serverSessionKey(A: bigint, B: bigint, b: bigint, verifierHex: string): Buffer | undefined {
  if (A % N === 0n) return undefined;
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
  if (u === 0n) return undefined;
  const v = BigInt(`0x${verifierHex}`);
  const S = modPow((A * modPow(v, u)) % N, b);
  return sessionKey(S, u);
}

export function sessionKey(S: bigint, u: bigint): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(padHex(S), "hex"), Buffer.from(padHex(u), "hex"), INFO, 16));
}

/** PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256(key, poolName | userIdForSrp | secretBlock bytes | timestamp), base64. */
export function claimSignature(key: Buffer, poolName: string, userIdForSrp: string, secretBlock: string, timestamp: string): string {
  return createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(poolName, "utf8"), Buffer.from(userIdForSrp, "utf8"), Buffer.from(secretBlock, "base64"), Buffer.from(timestamp, "utf8")]))
    .digest("base64");
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** TIMESTAMP as the clients write it: "Tue Nov 29 08:30:01 UTC 2026" (day of month not zero-padded). */
export function srpTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

export const SRP_TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/;
