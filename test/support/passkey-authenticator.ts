// A software passkey authenticator for tests: answers WebAuthn's JSON options (what Cognito hands out) as a
// browser's PublicKeyCredential.toJSON() would, with ES256, RS256 or Ed25519 keys, attestation "none".
// Knobs make it misbehave the ways the relying party must catch (another origin, another RP ID, no user
// verification, a counter that does not grow).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

type Cbor = number | string | Buffer | boolean | null | Cbor[] | Map<Cbor, Cbor>;

/** CBOR encoding (RFC 8949), definite lengths: enough for attestation objects and COSE keys. */
export function encodeCbor(value: Cbor): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); return b; }
    const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b;
  };
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") { const b = Buffer.from(value, "utf8"); return Buffer.concat([head(3, b.length), b]); }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value === false) return Buffer.from([0xf4]);
  if (value === true) return Buffer.from([0xf5]);
  if (value === null) return Buffer.from([0xf6]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(encodeCbor)]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [encodeCbor(k), encodeCbor(v)])]);
}

export type Algorithm = "ES256" | "RS256" | "EdDSA";

interface Held { privateKey: KeyObject; alg: Algorithm; counter: number; userHandle: string; rpId: string }

export interface AuthenticatorOptions {
  /** The page's origin the browser reports (default http://localhost:3000). */
  origin?: string;
  /** Sign for this RP ID instead of the one asked for (a phishing site's authenticator). */
  rpIdOverride?: string;
  userVerified?: boolean;
  /** Counters stay 0, as many synced passkey providers keep them. */
  noCounter?: boolean;
  alg?: Algorithm;
}

const sha256 = (data: Buffer | string): Buffer => createHash("sha256").update(data).digest();

function coseKey(key: KeyObject, alg: Algorithm): Map<Cbor, Cbor> {
  const jwk = key.export({ format: "jwk" });
  const b = (s: string | undefined) => Buffer.from(s!, "base64url");
  if (alg === "ES256") return new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, b(jwk.x)], [-3, b(jwk.y)]]);
  if (alg === "RS256") return new Map<Cbor, Cbor>([[1, 3], [3, -257], [-1, b(jwk.n)], [-2, b(jwk.e)]]);
  return new Map<Cbor, Cbor>([[1, 1], [3, -8], [-1, 6], [-2, b(jwk.x)]]);
}

export class SoftwareAuthenticator {
  readonly held = new Map<string, Held>();

  constructor(private readonly o: AuthenticatorOptions = {}) {}

  private get origin(): string { return this.o.origin ?? "http://localhost:3000"; }

  private flags(extra = 0): number { return 0x01 | (this.o.userVerified === false ? 0 : 0x04) | extra; }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  /** navigator.credentials.create({ publicKey }) for Cognito's CredentialCreationOptions, as toJSON(). */
  create(options: { challenge: string; rp: { id: string }; user: { id: string } }): Record<string, unknown> {
    const alg = this.o.alg ?? "ES256";
    const { privateKey, publicKey } = alg === "ES256" ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ed25519");
    const id = randomBytes(16);
    const rpId = this.o.rpIdOverride ?? options.rp.id;
    this.held.set(id.toString("base64url"), { privateKey, alg, counter: 0, userHandle: options.user.id, rpId });
    const counter = Buffer.alloc(4);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(rpId), Buffer.from([this.flags(0x40)]), counter, Buffer.alloc(16), length, id, encodeCbor(coseKey(publicKey, alg))]);
    const attestationObject = encodeCbor(new Map<Cbor, Cbor>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    return {
      id: id.toString("base64url"), rawId: id.toString("base64url"), type: "public-key", authenticatorAttachment: "platform", clientExtensionResults: {},
      response: { clientDataJSON: this.clientData("webauthn.create", options.challenge).toString("base64url"), attestationObject: attestationObject.toString("base64url"), transports: ["internal"] },
    };
  }

  /** navigator.credentials.get({ publicKey }) for Cognito's CREDENTIAL_REQUEST_OPTIONS, as toJSON(). */
  get(options: { challenge: string; rpId: string; allowCredentials?: { id: string }[] }, credentialId?: string): Record<string, unknown> {
    const id = credentialId ?? options.allowCredentials?.find((c) => this.held.has(c.id))?.id;
    const held = id === undefined ? undefined : this.held.get(id);
    if (!held || !id) throw new Error("the authenticator holds none of the allowed credentials");
    if (!this.o.noCounter) held.counter++;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(held.counter);
    const authData = Buffer.concat([sha256(this.o.rpIdOverride ?? options.rpId), Buffer.from([this.flags()]), counter]);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge);
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature = held.alg === "ES256" ? sign("sha256", signed, { key: held.privateKey, dsaEncoding: "der" })
      : held.alg === "RS256" ? sign("sha256", signed, held.privateKey) : sign(null, signed, held.privateKey);
    return {
      id, rawId: id, type: "public-key", authenticatorAttachment: "platform", clientExtensionResults: {},
      response: { clientDataJSON: clientDataJSON.toString("base64url"), authenticatorData: authData.toString("base64url"), signature: signature.toString("base64url"), userHandle: held.userHandle },
    };
  }
}
