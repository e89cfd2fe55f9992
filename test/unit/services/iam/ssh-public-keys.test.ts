// The SSH key parsing and fingerprint behind UploadSSHPublicKey, against a vector made with ssh-keygen.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { md5Fingerprint, parseSshPublicKey } from "../../../../src/services/iam/ssh-public-keys.js";
import { AwsError } from "../../../../src/protocol/errors.js";

// `ssh-keygen -t rsa -b 2048`; `ssh-keygen -l -E md5` printed the fingerprint below.
const VECTOR = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCxS0mDJF+jFKQNionjW9QdXdsuI+Ma01KIValVzadlRQPvUxO4cCbHoGHUu/Mqo+CplKw2e9mle8C2PutYKBYd2ji3h1gI2fkI4p4K4+25G+rsHFFXiCK2N2h8e+GY6m6CWyH3EV1peX/OmkTfSUPSJhzWD97+TgvsuoiPm9ivPu2RWtLck0q1X8ExaBe5ZdlKPnoxumiLmKi/kGqmxnLcV1fgkgzVCsAL5vsk+bvbLRA6tQaTjtLRjUcxJNhcnjGBV1WXzAM9LLyrJlcpzB5GflTb9r1mh00UNGV/kyuBtEFJeQKA0Gz1hNenJb+8zbRfUGAR6cCNv+JqcAtM9RXJ";

const code = (body: string) => {
  try {
    parseSshPublicKey(body);
    return "accepted";
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return e.code;
  }
};

describe("parseSshPublicKey", () => {
  it("an ssh-rsa line (comment and surrounding space ignored) gives ssh-keygen's MD5 fingerprint", () => {
    const { blob, key } = parseSshPublicKey(`  ${VECTOR} dev@laptop \n`);
    assert.equal(md5Fingerprint(blob), "0c:5b:8b:c2:90:b2:75:22:a5:c4:3b:7c:c6:f1:65:f9");
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it("the same key as PEM (SPKI or PKCS#1) rebuilds the same ssh-rsa blob", () => {
    const { key, blob } = parseSshPublicKey(VECTOR);
    for (const type of ["spki", "pkcs1"] as const) {
      const pem = key.export({ type, format: "pem" }).toString();
      assert.deepEqual(parseSshPublicKey(pem).blob, blob, type);
    }
  });

  it("refuses what AWS refuses, with its codes", () => {
    const ed = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    assert.equal(code(ed), "UnrecognizedPublicKeyEncoding");
    assert.equal(code("ssh-dss AAAAB3NzaC1kc3M="), "UnrecognizedPublicKeyEncoding");
    assert.equal(code(""), "UnrecognizedPublicKeyEncoding");
    assert.equal(code(small), "InvalidPublicKey");
    assert.equal(code("ssh-rsa " + Buffer.from("\u0000\u0000\u0000\u0007ssh-dss").toString("base64")), "InvalidPublicKey");
    assert.equal(code("ssh-rsa " + VECTOR.slice(8, 60)), "InvalidPublicKey");
  });
});
