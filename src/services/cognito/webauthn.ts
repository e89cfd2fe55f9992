// WebAuthn (passkeys) as a relying party checks it, W3C Web Authentication Level 2: a registration's
// clientDataJSON and attestation object (CBOR: authenticator data with the new credential's COSE key), and
// an assertion's signature over the authenticator data and the client data's hash. Attestation statements
// are not checked (the options ask for none, as passkey providers send). Pure: no store, no clock.
import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";

/** Why a credential was refused: the operation answers it with Cognito's error for the reason. */
export class WebAuthnRefused extends Error {
  constructor(readonly reason: "malformed" | "challenge" | "origin" | "relyingParty" | "userVerification" | "algorithm" | "signature" | "counter", message: string) {
    super(message);
  }
}

const malformed = (what: string) => new WebAuthnRefused("malformed", `The credential is malformed: ${what}.`);

// ---- CBOR (RFC 8949): the subset attestation objects and COSE keys use, definite lengths only ----

const MAX_DEPTH = 8;

/** One CBOR item at `data[at]`: its value and where the next one starts. Maps become Map (COSE keys are integers). */
export function decodeCbor(data: Uint8Array, at = 0, depth = 0): { value: unknown; end: number } {
  if (depth > MAX_DEPTH) throw malformed("CBOR nested too deep");
  if (at >= data.length) throw malformed("CBOR ends early");
  const initial = data[at]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  let length: number;
  let next = at + 1;
  if (info < 24) length = info;
  else if (info <= 27) {
    const size = 1 << (info - 24);
    if (next + size > data.length) throw malformed("CBOR ends early");
    length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + data[next + i]!;
    if (!Number.isSafeInteger(length)) throw malformed("a CBOR length or integer too large");
    next += size;
  } else throw malformed("indefinite-length or reserved CBOR");
  switch (major) {
    case 0: return { value: length, end: next };
    case 1: return { value: -1 - length, end: next };
    case 2: case 3: {
      if (next + length > data.length) throw malformed("a CBOR string runs past the end");
      const bytes = data.subarray(next, next + length);
      return { value: major === 2 ? Buffer.from(bytes) : Buffer.from(bytes).toString("utf8"), end: next + length };
    }
    case 4: case 5: {
      // Each item takes at least a byte: a count beyond what is left is malformed, not a reason to allocate.
      if (length > data.length - next) throw malformed("a CBOR collection longer than its data");
      const items: unknown[] = [];
      const map = new Map<unknown, unknown>();
      for (let i = 0; i < length; i++) {
        const k = decodeCbor(data, next, depth + 1);
        next = k.end;
        if (major === 4) { items.push(k.value); continue; }
        const v = decodeCbor(data, next, depth + 1);
        next = v.end;
        map.set(k.value, v.value);
      }
      return { value: major === 4 ? items : map, end: next };
    }
    case 7:
      if (info === 20) return { value: false, end: next };
      if (info === 21) return { value: true, end: next };
      if (info === 22) return { value: null, end: next };
      throw malformed("an unsupported CBOR simple value");
    default: throw malformed("CBOR tags are not expected here");
  }
}

// ---- authenticator data ----

export interface AuthenticatorData {
  readonly rpIdHash: Buffer;
  readonly userPresent: boolean;
  readonly userVerified: boolean;
  readonly signCount: number;
  /** Registration: the credential the authenticator made. */
  readonly credential?: { readonly id: Buffer; readonly publicKey: Map<unknown, unknown> };
}

export function parseAuthenticatorData(data: Buffer): AuthenticatorData {
  if (data.length < 37) throw malformed("authenticator data shorter than 37 bytes");
  const flags = data[32]!;
  const out = { rpIdHash: data.subarray(0, 32), userPresent: (flags & 0x01) !== 0, userVerified: (flags & 0x04) !== 0, signCount: data.readUInt32BE(33) };
  if ((flags & 0x40) === 0) return out;
  if (data.length < 55) throw malformed("attested credential data cut short");
  const idLength = data.readUInt16BE(53);
  if (55 + idLength > data.length) throw malformed("the credential id runs past the authenticator data");
  const key = decodeCbor(data, 55 + idLength);
  if (!(key.value instanceof Map)) throw malformed("the credential public key is not a COSE key");
  return { ...out, credential: { id: data.subarray(55, 55 + idLength), publicKey: key.value } };
}

// ---- COSE keys (RFC 9053) ----

/** The algorithms a registration may use, as COSE numbers: ES256, RS256 (what the options offer), and EdDSA. */
export const ALGORITHMS = { ES256: -7, RS256: -257, EdDSA: -8 } as const;

const bytes = (key: Map<unknown, unknown>, label: number, what: string): string => {
  const v = key.get(label);
  if (!Buffer.isBuffer(v)) throw malformed(`the COSE key has no ${what}`);
  return v.toString("base64url");
};

/** The COSE key as a JWK (what the credential row keeps) and its algorithm. */
export function coseToJwk(key: Map<unknown, unknown>): { jwk: JsonWebKey; alg: number } {
  const kty = key.get(1);
  const alg = key.get(3);
  if (kty === 2 && alg === ALGORITHMS.ES256 && key.get(-1) === 1) return { jwk: { kty: "EC", crv: "P-256", x: bytes(key, -2, "x"), y: bytes(key, -3, "y") }, alg };
  if (kty === 3 && alg === ALGORITHMS.RS256) return { jwk: { kty: "RSA", n: bytes(key, -1, "modulus"), e: bytes(key, -2, "exponent") }, alg };
  if (kty === 1 && alg === ALGORITHMS.EdDSA && key.get(-1) === 6) return { jwk: { kty: "OKP", crv: "Ed25519", x: bytes(key, -2, "x") }, alg };
  throw new WebAuthnRefused("algorithm", `The credential's key (COSE kty ${String(kty)}, alg ${String(alg)}) is not ES256, RS256 or Ed25519.`);
}

function signatureValid(jwk: JsonWebKey, alg: number, data: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    if (alg === ALGORITHMS.ES256) return verify("sha256", data, { key, dsaEncoding: "der" }, signature);
    if (alg === ALGORITHMS.RS256) return verify("sha256", data, key, signature);
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

// ---- the two ceremonies ----

export interface Expected {
  readonly challenge: string;
  readonly rpId: string;
  readonly userVerification: "required" | "preferred";
}

interface ClientData { type: string; challenge: string; origin: string }

/** A browser may sign for the RP ID's own host or a subdomain of it, over HTTPS (HTTP only on localhost). */
export function originAllowed(origin: string, rpId: string): boolean {
  let url: URL;
  try { url = new URL(origin); } catch { return false; }
  const host = url.hostname;
  const local = host === "localhost" || host.endsWith(".localhost");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return false;
  return host === rpId || host.endsWith(`.${rpId}`);
}

const field = (o: unknown, name: string): unknown => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[name] : undefined);

function b64url(o: unknown, name: string): Buffer {
  const v = field(o, name);
  if (typeof v !== "string" || !/^[A-Za-z0-9_-]*={0,2}$/.test(v)) throw malformed(`${name} is not base64url`);
  return Buffer.from(v, "base64url");
}

function clientData(response: unknown, type: "webauthn.create" | "webauthn.get", expected: Expected): Buffer {
  const raw = b64url(response, "clientDataJSON");
  let data: ClientData;
  try { data = JSON.parse(raw.toString("utf8")) as ClientData; } catch { throw malformed("clientDataJSON is not JSON"); }
  if (data.type !== type) throw malformed(`clientDataJSON.type is ${String(data.type)}, not ${type}`);
  if (data.challenge !== expected.challenge) throw new WebAuthnRefused("challenge", "The credential answers another challenge.");
  if (typeof data.origin !== "string" || !originAllowed(data.origin, expected.rpId)) {
    throw new WebAuthnRefused("origin", `The origin ${String(data.origin)} may not use passkeys of the relying party ${expected.rpId}.`);
  }
  return raw;
}

function checkAuthenticator(auth: AuthenticatorData, expected: Expected): void {
  if (!auth.rpIdHash.equals(createHash("sha256").update(expected.rpId).digest())) {
    throw new WebAuthnRefused("relyingParty", `The credential is for another relying party than ${expected.rpId}.`);
  }
  if (!auth.userPresent) throw new WebAuthnRefused("userVerification", "The authenticator did not confirm the user's presence.");
  if (expected.userVerification === "required" && !auth.userVerified) throw new WebAuthnRefused("userVerification", "The user pool requires user verification, and the authenticator did not verify the user.");
}

/** The credential's id as the request names it: id and rawId, base64url, and the same. */
function credentialId(credential: unknown): string {
  if (field(credential, "type") !== "public-key") throw malformed('type must be "public-key"');
  const id = field(credential, "id");
  if (typeof id !== "string" || id === "" || !/^[A-Za-z0-9_-]+$/.test(id)) throw malformed("id is not base64url");
  const raw = field(credential, "rawId");
  if (raw !== undefined && raw !== id) throw malformed("rawId differs from id");
  return id;
}

export interface Registered {
  readonly credentialId: string;
  readonly publicKey: JsonWebKey;
  readonly alg: number;
  readonly signCount: number;
  readonly transports: readonly string[];
  readonly attachment?: string;
}

/** A RegistrationResponseJSON (PublicKeyCredential.toJSON() of navigator.credentials.create). */
export function verifyRegistration(credential: unknown, expected: Expected): Registered {
  const id = credentialId(credential);
  const response = field(credential, "response");
  clientData(response, "webauthn.create", expected);
  const attestation = decodeCbor(b64url(response, "attestationObject")).value;
  if (!(attestation instanceof Map) || !Buffer.isBuffer(attestation.get("authData")) || typeof attestation.get("fmt") !== "string") {
    throw malformed("attestationObject has no fmt and authData");
  }
  const auth = parseAuthenticatorData(attestation.get("authData") as Buffer);
  checkAuthenticator(auth, expected);
  if (!auth.credential) throw malformed("the authenticator data holds no new credential");
  if (auth.credential.id.toString("base64url") !== id) throw malformed("the authenticator data names another credential id");
  const { jwk, alg } = coseToJwk(auth.credential.publicKey);
  const transports = field(response, "transports");
  const attachment = field(credential, "authenticatorAttachment");
  return {
    credentialId: id, publicKey: jwk, alg, signCount: auth.signCount,
    transports: Array.isArray(transports) ? transports.filter((t): t is string => typeof t === "string") : [],
    ...(typeof attachment === "string" && { attachment }),
  };
}

/** An AuthenticationResponseJSON (navigator.credentials.get), checked against the credential's stored key. */
export function verifyAssertion(credential: unknown, expected: Expected, stored: { publicKey: JsonWebKey; alg: number; signCount: number }): { signCount: number } {
  credentialId(credential);
  const response = field(credential, "response");
  const client = clientData(response, "webauthn.get", expected);
  const authData = b64url(response, "authenticatorData");
  const auth = parseAuthenticatorData(authData);
  checkAuthenticator(auth, expected);
  const signed = Buffer.concat([authData, createHash("sha256").update(client).digest()]);
  if (!signatureValid(stored.publicKey, stored.alg, signed, b64url(response, "signature"))) {
    throw new WebAuthnRefused("signature", "The passkey's signature does not verify.");
  }
  // A counter that does not grow means a cloned authenticator (authenticators that keep none send 0).
  if ((auth.signCount !== 0 || stored.signCount !== 0) && auth.signCount <= stored.signCount) {
    throw new WebAuthnRefused("counter", "The passkey's signature counter went back: the authenticator may have been cloned.");
  }
  return { signCount: auth.signCount };
}

/** What an AuthenticationResponseJSON names before it is verified (to find its stored key and pending challenge), or
 * undefined when it is not an assertion at all; verifyAssertion checks all of it again. */
export function assertionNames(credential: unknown): { credentialId: string; challenge: string } | undefined {
  try {
    const raw = b64url(field(credential, "response"), "clientDataJSON");
    const challenge = (JSON.parse(raw.toString("utf8")) as { challenge?: unknown }).challenge;
    return typeof challenge === "string" ? { credentialId: credentialId(credential), challenge } : undefined;
  } catch {
    return undefined;
  }
}
