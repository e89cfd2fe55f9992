// Which record fields of a state file are secrets: marked `{"$secret": value}` in every export so a reader
// sees them, written as `{"$secret": null}` when an export leaves them out, and made anew on import then
// (a credential nobody knows: the entity is kept, its secret must be set again to be used).
import { randomBytes } from "node:crypto";
import type { MarkedSecret } from "../admin-api/state.js";
import { newSessionKey } from "../services/cognito/sealed.js";
import { newSigningKey } from "../services/cognito/signing-keys.js";
import { hashPassword } from "../services/iam/login-profiles.js";
import { generateSeed } from "../services/totp.js";

interface SecretField {
  /** The table's name without its account and region: "global/accessKeys", "iam/loginProfiles", "cognito-idp/pools". */
  readonly table: string;
  readonly field: string;
  /** A fresh value of the same shape, for a file whose secrets were left out. */
  readonly regenerate: () => unknown;
}

const token = (bytes: number) => (): string => randomBytes(bytes).toString("base64");
const alnum = (length: number) => (): string => randomBytes(length).toString("base64").replace(/[^A-Za-z0-9]/g, "A").slice(0, length);

export const SECRET_FIELDS: readonly SecretField[] = [
  { table: "global/accessKeys", field: "secretAccessKey", regenerate: alnum(40) },
  { table: "global/sessions", field: "secretAccessKey", regenerate: alnum(40) },
  { table: "global/sessions", field: "sessionToken", regenerate: token(96) },
  { table: "iam/loginProfiles", field: "passwordHash", regenerate: () => hashPassword(token(24)()) },
  { table: "iam/mfaDevices", field: "seed", regenerate: () => generateSeed() },
  { table: "iam/serviceSpecificCredentials", field: "secret", regenerate: token(30) },
  { table: "cognito-idp/pools", field: "signingKey", regenerate: () => newSigningKey() },
  { table: "cognito-idp/pools", field: "sessionKey", regenerate: newSessionKey },
  { table: "cognito-idp/clients", field: "ClientSecret", regenerate: alnum(51) },
  // A verifier of no known password: the user stays, and signs in again once a password is set.
  { table: "cognito-idp/users", field: "password", regenerate: () => ({ salt: randomBytes(16).toString("hex"), verifier: randomBytes(256).toString("hex") }) },
  { table: "cognito-idp/users", field: "totpSecret", regenerate: () => generateSeed(20) },
  { table: "cognito-idp/users", field: "totpPending", regenerate: () => generateSeed(20) },
  { table: "cognito-idp/codes", field: "code", regenerate: () => String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, "0") },
  // The message a user would have received holds the code.
  { table: "cognito-idp/codes", field: "message", regenerate: () => "(The message was left out of the state file with its code.)" },
  // A device's SRP verifier is its password's: an unknown one, and the device signs in with SRP no more.
  { table: "cognito-idp/devices", field: "verifier", regenerate: () => ({ salt: randomBytes(16).toString("hex"), verifier: randomBytes(256).toString("hex") }) },
  { table: "cognito-idp/sessions", field: "secret", regenerate: token(32) },
  { table: "cognito-identity/pools", field: "signingKey", regenerate: () => newSigningKey() },
];

/** "000000000000/us-east-1/cognito-idp/users" → "cognito-idp/users"; "global/accessKeys" stays. */
export function tableKind(id: string): string {
  if (id.startsWith("global/")) return id;
  const parts = id.split("/");
  return parts.slice(parts.length === 4 ? 2 : 1).join("/");
}

const byTable = new Map<string, SecretField[]>();
for (const spec of SECRET_FIELDS) byTable.set(spec.table, [...(byTable.get(spec.table) ?? []), spec]);

export function secretFieldsOf(tableId: string): readonly SecretField[] {
  return byTable.get(tableKind(tableId)) ?? [];
}

export function isMarkedSecret(value: unknown): value is MarkedSecret {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "$secret" in value;
}

/** The record as a state file holds it: each secret field wrapped, its value kept or left out. */
export function markSecrets(fields: readonly SecretField[], record: unknown, include: boolean): unknown {
  if (fields.length === 0 || typeof record !== "object" || record === null) return record;
  let out: Record<string, unknown> | undefined;
  for (const { field } of fields) {
    if ((record as Record<string, unknown>)[field] === undefined) continue;
    out ??= { ...(record as Record<string, unknown>) };
    out[field] = { $secret: include ? out[field] : null };
  }
  return out ?? record;
}

/** The record as the store holds it: secrets unwrapped, left-out ones made anew. */
export async function unmarkSecrets(fields: readonly SecretField[], record: unknown): Promise<unknown> {
  if (fields.length === 0 || typeof record !== "object" || record === null) return record;
  let out: Record<string, unknown> | undefined;
  for (const { field, regenerate } of fields) {
    const value = (record as Record<string, unknown>)[field];
    if (!isMarkedSecret(value)) continue;
    out ??= { ...(record as Record<string, unknown>) };
    out[field] = value.$secret === null ? await regenerate() : value.$secret;
  }
  return out ?? record;
}
