// SSH public keys through SDK v3 against the spawned CLI: ssh-rsa and PEM bodies, AWS's MD5 fingerprint
// (checked against a vector from ssh-keygen), encodings, statuses, the per-user quota, and DeleteUser's check.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import {
  IAMClient, IAMServiceException, CreateUserCommand, DeleteUserCommand, UpdateUserCommand, UploadSSHPublicKeyCommand,
  GetSSHPublicKeyCommand, ListSSHPublicKeysCommand, UpdateSSHPublicKeyCommand, DeleteSSHPublicKeyCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


// Made with `ssh-keygen -t rsa -b 2048 -C dev@laptop`; fingerprint from `ssh-keygen -l -E md5`, PEM from `ssh-keygen -e -m PKCS8`.
const VECTOR_SSH = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCxS0mDJF+jFKQNionjW9QdXdsuI+Ma01KIValVzadlRQPvUxO4cCbHoGHUu/Mqo+CplKw2e9mle8C2PutYKBYd2ji3h1gI2fkI4p4K4+25G+rsHFFXiCK2N2h8e+GY6m6CWyH3EV1peX/OmkTfSUPSJhzWD97+TgvsuoiPm9ivPu2RWtLck0q1X8ExaBe5ZdlKPnoxumiLmKi/kGqmxnLcV1fgkgzVCsAL5vsk+bvbLRA6tQaTjtLRjUcxJNhcnjGBV1WXzAM9LLyrJlcpzB5GflTb9r1mh00UNGV/kyuBtEFJeQKA0Gz1hNenJb+8zbRfUGAR6cCNv+JqcAtM9RXJ";
const VECTOR_FINGERPRINT = "0c:5b:8b:c2:90:b2:75:22:a5:c4:3b:7c:c6:f1:65:f9";
const VECTOR_PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsUtJgyRfoxSkDYqJ41vU
HV3bLiPjGtNSiFWpVc2nZUUD71MTuHAmx6Bh1LvzKqPgqZSsNnvZpXvAtj7rWCgW
Hdo4t4dYCNn5COKeCuPtuRvq7BxRV4gitjdofHvhmOpuglsh9xFdaXl/zppE30lD
0iYc1g/e/k4L7LqIj5vYrz7tkVrS3JNKtV/BMWgXuWXZSj56Mbpoi5iov5BqpsZy
3FdX4JIM1QrAC+b7JPm72y0QOrUGk47S0Y1HMSTYXJ4xgVdVl8wDPSy8qyZXKcwe
Rn5U2/a9ZodNFDRlf5MrgbRBSXkCgNBs9YTXpyW/vM20X1BgEenAjb/ianALTPUV
yQIDAQAB
-----END PUBLIC KEY-----
`;

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function mpint(b64url: string): Buffer {
  const bytes = Buffer.from(b64url, "base64url");
  return sshString(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** A fresh RSA key as an OpenSSH public key line and as PEM. */
function rsaPublicKey(bits = 2048): { ssh: string; pem: string; fingerprint: string } {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(jwk.e!), mpint(jwk.n!)]);
  return {
    ssh: `ssh-rsa ${blob.toString("base64")} test@host`,
    pem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: createHash("md5").update(blob).digest("hex").match(/../g)!.join(":"),
  };
}

function ed25519PublicKey(): string {
  const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  return `ssh-ed25519 ${Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(Buffer.from(jwk.x!, "base64url"))]).toString("base64")} me@host`;
}

function ecdsaPublicKey(): string {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return `ecdsa-sha2-nistp256 ${Buffer.concat([sshString(Buffer.from("ecdsa-sha2-nistp256")), sshString(Buffer.from("nistp256")), sshString(point)]).toString("base64")}`;
}

async function keyIds(userName: string): Promise<string[]> {
  return (await iam().send(new ListSSHPublicKeysCommand({ UserName: userName }))).SSHPublicKeys!.map((k) => k.SSHPublicKeyId!);
}

let vectorId = "";

describe("UploadSSHPublicKey", () => {
  it("answers an APKA id, AWS's MD5 fingerprint, Active and the body as uploaded", async () => {
    await iam().send(new CreateUserCommand({ UserName: "dev" }));
    const body = `${VECTOR_SSH} dev@laptop\n`;
    const { SSHPublicKey: key } = await iam().send(new UploadSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyBody: body }));
    assert.equal(key!.UserName, "dev");
    assert.match(key!.SSHPublicKeyId!, /^APKA[A-Z2-7]{17}$/);
    assert.equal(key!.Fingerprint, VECTOR_FINGERPRINT);
    assert.equal(key!.Status, "Active");
    assert.equal(key!.SSHPublicKeyBody, body);
    assert.ok(Math.abs(key!.UploadDate!.getTime() - Date.now()) < 60_000);
    vectorId = key!.SSHPublicKeyId!;
  });

  it("GetSSHPublicKey re-encodes: SSH without the comment, PEM as an X.509 public key", async () => {
    const ssh = await iam().send(new GetSSHPublicKeyCommand({ UserName: "DEV", SSHPublicKeyId: vectorId, Encoding: "SSH" }));
    assert.equal(ssh.SSHPublicKey!.SSHPublicKeyBody, VECTOR_SSH);
    assert.equal(ssh.SSHPublicKey!.Fingerprint, VECTOR_FINGERPRINT);
    const pem = await iam().send(new GetSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyId: vectorId, Encoding: "PEM" }));
    assert.equal(pem.SSHPublicKey!.SSHPublicKeyBody, VECTOR_PEM);
  });

  it("a PEM body is accepted, and the same key twice for one user is DuplicateSSHPublicKey 400", async () => {
    await assert.rejects(iam().send(new UploadSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyBody: VECTOR_PEM })),
      rejectsWith("DuplicateSSHPublicKey", 400, "The SSH public key is already associated with the specified IAM user."));
    const fresh = rsaPublicKey(3072);
    const { SSHPublicKey: key } = await iam().send(new UploadSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyBody: fresh.pem }));
    assert.equal(key!.Fingerprint, fresh.fingerprint);
    assert.equal(key!.SSHPublicKeyBody, fresh.pem);
    const back = await iam().send(new GetSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyId: key!.SSHPublicKeyId, Encoding: "SSH" }));
    assert.equal(back.SSHPublicKey!.SSHPublicKeyBody, fresh.ssh.replace(/ test@host$/, ""));
    // Another user may hold the same key.
    await iam().send(new CreateUserCommand({ UserName: "ops" }));
    await iam().send(new UploadSSHPublicKeyCommand({ UserName: "ops", SSHPublicKeyBody: VECTOR_SSH }));
  });

  it("keys other than RSA of 2,048 bits or more are refused with AWS's codes, and nothing is stored", async () => {
    const before = await keyIds("dev");
    const cases: Array<[string, string, string]> = [
      [ed25519PublicKey(), "UnrecognizedPublicKeyEncoding", "The public key encoding format is unsupported or unrecognized."],
      [ecdsaPublicKey(), "UnrecognizedPublicKeyEncoding", "The public key encoding format is unsupported or unrecognized."],
      ["hello world", "UnrecognizedPublicKeyEncoding", "The public key encoding format is unsupported or unrecognized."],
      ["ssh-rsa !!!not-base64!!!", "InvalidPublicKey", "The public key is malformed or otherwise invalid."],
      ["ssh-rsa AAAA", "InvalidPublicKey", "The public key is malformed or otherwise invalid."],
      [rsaPublicKey(1024).ssh, "InvalidPublicKey", "The public key is malformed or otherwise invalid."],
      ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "InvalidPublicKey", "The public key is malformed or otherwise invalid."],
    ];
    for (const [SSHPublicKeyBody, code, message] of cases) {
      await assert.rejects(iam().send(new UploadSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyBody })), rejectsWith(code, 400, message), SSHPublicKeyBody);
    }
    await assert.rejects(iam().send(new UploadSSHPublicKeyCommand({ UserName: "ghost", SSHPublicKeyBody: rsaPublicKey().ssh })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    assert.deepEqual(await keyIds("dev"), before);
  });

  it("a user holds at most five keys: the sixth is LimitExceeded 409", async () => {
    for (let i = (await keyIds("dev")).length; i < 5; i++) await iam().send(new UploadSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyBody: rsaPublicKey().ssh }));
    await assert.rejects(iam().send(new UploadSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyBody: rsaPublicKey().ssh })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for SSHPublicKeysPerUser: 5"));
    assert.equal((await keyIds("dev")).length, 5);
  });
});

describe("List, Update, Delete", () => {
  it("ListSSHPublicKeys pages with MaxItems and Marker, in id order, metadata only", async () => {
    const all = await keyIds("dev");
    assert.deepEqual(all, [...all].sort());
    const first = await iam().send(new ListSSHPublicKeysCommand({ UserName: "dev", MaxItems: 3 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam().send(new ListSSHPublicKeysCommand({ UserName: "dev", MaxItems: 3, Marker: first.Marker }));
    assert.equal(rest.IsTruncated, false);
    assert.deepEqual([...first.SSHPublicKeys!, ...rest.SSHPublicKeys!].map((k) => k.SSHPublicKeyId), all);
    const item = first.SSHPublicKeys![0]!;
    assert.deepEqual(Object.keys(item).sort(), ["SSHPublicKeyId", "Status", "UploadDate", "UserName"]);
  });

  it("UpdateSSHPublicKey sets Inactive and back; Expired is InvalidInput; another user's key id is NoSuchEntity", async () => {
    await iam().send(new UpdateSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyId: vectorId, Status: "Inactive" }));
    const listed = (await iam().send(new ListSSHPublicKeysCommand({ UserName: "dev" }))).SSHPublicKeys!.find((k) => k.SSHPublicKeyId === vectorId);
    assert.equal(listed!.Status, "Inactive");
    await assert.rejects(iam().send(new UpdateSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyId: vectorId, Status: "Expired" })),
      rejectsWith("InvalidInput", 400));
    await assert.rejects(iam().send(new UpdateSSHPublicKeyCommand({ UserName: "ops", SSHPublicKeyId: vectorId, Status: "Active" })),
      rejectsWith("NoSuchEntity", 404, `The SSH Public Key with id ${vectorId} cannot be found.`));
    const got = await iam().send(new GetSSHPublicKeyCommand({ UserName: "dev", SSHPublicKeyId: vectorId, Encoding: "SSH" }));
    assert.equal(got.SSHPublicKey!.Status, "Inactive");
  });

  it("keys follow a renamed user", async () => {
    await iam().send(new UpdateUserCommand({ UserName: "dev", NewUserName: "developer" }));
    const keys = (await iam().send(new ListSSHPublicKeysCommand({ UserName: "developer" }))).SSHPublicKeys!;
    assert.equal(keys.length, 5);
    assert.ok(keys.every((k) => k.UserName === "developer"));
  });

  it("DeleteUser refuses while keys remain; DeleteSSHPublicKey removes them", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "developer" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete SSH public keys first."));
    for (const id of await keyIds("developer")) await iam().send(new DeleteSSHPublicKeyCommand({ UserName: "developer", SSHPublicKeyId: id }));
    await assert.rejects(iam().send(new DeleteSSHPublicKeyCommand({ UserName: "developer", SSHPublicKeyId: vectorId })),
      rejectsWith("NoSuchEntity", 404, `The SSH Public Key with id ${vectorId} cannot be found.`));
    await iam().send(new DeleteUserCommand({ UserName: "developer" }));
    await assert.rejects(iam().send(new GetSSHPublicKeyCommand({ UserName: "developer", SSHPublicKeyId: vectorId, Encoding: "SSH" })),
      rejectsWith("NoSuchEntity", 404, "The user with name developer cannot be found."));
  });
});
