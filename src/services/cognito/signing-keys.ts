// One RSA key pair per pool, made at CreateUserPool and kept in the pool's record (private half as a JWK).
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import type { SigningKey } from "./records.js";

function generate(): Promise<SigningKey> {
  return new Promise((resolve, reject) => generateKeyPair("rsa", { modulusLength: 2048 }, (err, publicKey, privateKey) => {
    if (err) { reject(err); return; }
    resolve({
      kid: randomBytes(32).toString("base64"),
      privateJwk: privateKey.export({ format: "jwk" }) as Record<string, unknown>,
      publicJwk: publicKey.export({ format: "jwk" }) as Record<string, unknown>,
    });
  }));
}

// An RSA key takes 100 ms to seconds to find (more on a busy machine), off the event loop in libuv's pool;
// one spare is kept ready after the first pool so the next CreateUserPool rarely waits.
let spare: Promise<SigningKey> | undefined;

export function newSigningKey(): Promise<SigningKey> {
  const next = spare ?? generate();
  spare = generate();
  spare.catch(() => { spare = undefined; });
  return next;
}

// Importing a JWK costs more than signing with it; keys never change once made, so cache by kid.
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();
export function privateKeyOf(k: SigningKey): KeyObject {
  let key = privateKeys.get(k.kid);
  if (!key) { key = createPrivateKey({ key: k.privateJwk as never, format: "jwk" }); privateKeys.set(k.kid, key); }
  return key;
}
export function publicKeyOf(k: SigningKey): KeyObject {
  let key = publicKeys.get(k.kid);
  if (!key) { key = createPublicKey({ key: k.publicJwk as never, format: "jwk" }); publicKeys.set(k.kid, key); }
  return key;
}

export function jwk(k: SigningKey): Record<string, unknown> {
  return { alg: "RS256", e: k.publicJwk.e, kid: k.kid, kty: "RSA", n: k.publicJwk.n, use: "sig" };
}


/** A JWT's claims and key id, unverified: which pool's key to check it with. Undefined if it is not a JWT. */
export function decodeUnverified(token: string): { claims: JWTPayload; kid: string | undefined } | undefined {
  try {
    return { claims: decodeJwt(token), kid: decodeProtectedHeader(token).kid };
  } catch {
    return undefined;
  }
}
