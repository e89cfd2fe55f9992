// SSH public keys (CodeCommit): UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey,
// DeleteSSHPublicKey. As on AWS, a key is RSA of at least 2,048 bits, given as `ssh-rsa …` or as a PEM
// public key; other types (ssh-ed25519, ecdsa-sha2-*) are refused. The fingerprint is the MD5 of the
// ssh-rsa wire blob in colon-separated hex, as `ssh-keygen -E md5 -l` prints it and as IAM reports it.
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { awsError, type AwsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { decodeMarker, encodeMarker } from "./pagination.js";
import { credentialTables, deleteChecks, relationKey, type CredentialStatus, type SshPublicKeyRecord, type UserRecord } from "./records.js";
import { requireUser } from "./users.js";

const KEYS_PER_USER = 5;
const MIN_BITS = 2048;

const unrecognized = (): AwsError =>
  awsError("iam", "UnrecognizedPublicKeyEncoding", "The public key encoding format is unsupported or unrecognized.");
const invalid = (): AwsError => awsError("iam", "InvalidPublicKey", "The public key is malformed or otherwise invalid.");
const notFound = (id: string): AwsError => awsError("iam", "NoSuchEntity", `The SSH Public Key with id ${id} cannot be found.`);

function keysOf(store: AccountStore): Collection<SshPublicKeyRecord> {
  return credentialTables.sshPublicKeys(store);
}

function userKeys(store: AccountStore, user: UserRecord): SshPublicKeyRecord[] {
  return [...keysOf(store).withPrefix(relationKey(user.UserId, ""))].map(([, key]) => key);
}

// ---- the ssh-rsa wire format (RFC 4253 §6.6): string "ssh-rsa", mpint e, mpint n

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An mpint: big-endian, with a leading zero byte when the high bit is set (the value is positive). */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const trimmed = unsigned.subarray(start);
  return sshString(trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function readStrings(blob: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) throw invalid();
    const length = blob.readUInt32BE(at);
    if (at + 4 + length > blob.length) throw invalid();
    parts.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return parts;
}

interface ParsedKey { readonly key: KeyObject; readonly blob: Buffer }

function fromSshRsa(base64: string | undefined): ParsedKey {
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid();
  const blob = Buffer.from(base64, "base64");
  const parts = readStrings(blob);
  if (parts.length !== 3 || parts[0]!.toString("latin1") !== "ssh-rsa") throw invalid();
  const [, e, n] = parts as [Buffer, Buffer, Buffer];
  try {
    const key = createPublicKey({ key: { kty: "RSA", e: e.toString("base64url"), n: n.toString("base64url") }, format: "jwk" });
    return { key, blob };
  } catch {
    throw invalid();
  }
}

function fromPem(pem: string): ParsedKey {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw invalid();
  }
  if (key.asymmetricKeyType !== "rsa") throw unrecognized();
  const jwk = key.export({ format: "jwk" });
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(Buffer.from(jwk.e!, "base64url")), mpint(Buffer.from(jwk.n!, "base64url"))]);
  return { key, blob };
}

/** The uploaded body as an RSA key and its ssh-rsa blob; AWS's errors for anything else. */
export function parseSshPublicKey(body: string): ParsedKey {
  const text = body.trim();
  let parsed: ParsedKey;
  if (text.startsWith("-----BEGIN")) parsed = fromPem(text);
  else {
    const [type, data] = text.split(/\s+/);
    if (type !== "ssh-rsa") throw unrecognized();
    parsed = fromSshRsa(data);
  }
  if ((parsed.key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_BITS) throw invalid();
  return parsed;
}

export function md5Fingerprint(blob: Buffer): string {
  return createHash("md5").update(blob).digest("hex").match(/../g)!.join(":");
}

function requireKey(store: AccountStore, user: UserRecord, id: string): SshPublicKeyRecord {
  const key = keysOf(store).get(relationKey(user.UserId, id));
  if (!key) throw notFound(id);
  return key;
}

function keyShape(user: UserRecord, key: SshPublicKeyRecord, body: string) {
  return {
    UserName: user.UserName, SSHPublicKeyId: key.SSHPublicKeyId, Fingerprint: key.Fingerprint,
    SSHPublicKeyBody: body, Status: key.Status, UploadDate: key.UploadDate,
  };
}

export const UploadSSHPublicKey: Operation<{ UserName: string; SSHPublicKeyBody: string }, object> = ({ input, store, clock }) => {
  const user = requireUser(store, input.UserName);
  const { blob } = parseSshPublicKey(input.SSHPublicKeyBody);
  const fingerprint = md5Fingerprint(blob);
  const existing = userKeys(store, user);
  if (existing.some((k) => k.Fingerprint === fingerprint)) {
    throw awsError("iam", "DuplicateSSHPublicKey", "The SSH public key is already associated with the specified IAM user.");
  }
  if (existing.length >= KEYS_PER_USER) throw iamErrors.limitExceeded("SSHPublicKeysPerUser", KEYS_PER_USER);
  const id = uniqueId("APKA");
  const key = keysOf(store).put(relationKey(user.UserId, id), {
    userId: user.UserId,
    SSHPublicKeyId: id,
    Fingerprint: fingerprint,
    SSHPublicKeyBody: input.SSHPublicKeyBody,
    sshBody: `ssh-rsa ${blob.toString("base64")}`,
    Status: "Active",
    UploadDate: clock.now().toISOString(),
  });
  return { SSHPublicKey: keyShape(user, key, key.SSHPublicKeyBody) };
};

export const GetSSHPublicKey: Operation<{ UserName: string; SSHPublicKeyId: string; Encoding: "SSH" | "PEM" }, object> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  const key = requireKey(store, user, input.SSHPublicKeyId);
  const body = input.Encoding === "PEM"
    ? parseSshPublicKey(key.sshBody).key.export({ type: "spki", format: "pem" }).toString()
    : key.sshBody;
  return { SSHPublicKey: keyShape(user, key, body) };
};

export const ListSSHPublicKeys: Operation<{ UserName?: string; Marker?: string; MaxItems?: number }, object> = ({ input, caller, store }) => {
  const name = input.UserName ?? (caller.type === "user" ? caller.name : undefined);
  // Without a name, a caller that is not an IAM user (root) has no SSH keys of its own.
  if (name === undefined) return { SSHPublicKeys: [], IsTruncated: false };
  const user = requireUser(store, name);
  const after = decodeMarker(input.Marker);
  const limit = input.MaxItems ?? 100;
  const keys = userKeys(store, user).filter((k) => after === undefined || k.SSHPublicKeyId > after);
  const page = keys.slice(0, limit);
  const truncated = keys.length > limit;
  return {
    SSHPublicKeys: page.map((k) => ({ UserName: user.UserName, SSHPublicKeyId: k.SSHPublicKeyId, Status: k.Status, UploadDate: k.UploadDate })),
    IsTruncated: truncated,
    Marker: truncated ? encodeMarker(page[page.length - 1]!.SSHPublicKeyId) : undefined,
  };
};

export const UpdateSSHPublicKey: Operation<{ UserName: string; SSHPublicKeyId: string; Status: CredentialStatus | "Expired" }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  const key = requireKey(store, user, input.SSHPublicKeyId);
  // Expired is a status IAM sets, never one a caller may choose.
  if (input.Status === "Expired") throw iamErrors.invalidInput("Status must be Active or Inactive.");
  keysOf(store).put(relationKey(user.UserId, key.SSHPublicKeyId), { ...key, Status: input.Status });
  return {};
};

export const DeleteSSHPublicKey: Operation<{ UserName: string; SSHPublicKeyId: string }, Record<string, never>> = ({ input, store }) => {
  const user = requireUser(store, input.UserName);
  const key = requireKey(store, user, input.SSHPublicKeyId);
  keysOf(store).delete(relationKey(user.UserId, key.SSHPublicKeyId));
  return {};
};

deleteChecks.user.push((store, userName) => {
  const user = requireUser(store, userName);
  return keysOf(store).withPrefix(relationKey(user.UserId, "")).next().done ? undefined : "delete SSH public keys";
});

export const operations = {
  UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey,
} satisfies Readonly<Record<string, Operation>>;
