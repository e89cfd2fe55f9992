// The server's SRP against amazon-cognito-identity-js's own AuthenticationHelper: same k, same session key,
// same claim signature; and the padHex and TIMESTAMP formats the clients use.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  claimSignature, g, k, makeVerifier, modPow, N, padHex, serverEphemeral, serverSessionKey, SRP_TIMESTAMP, srpTimestamp, verifierMatches,
} from "../../../../src/services/cognito/srp.js";

const require = createRequire(__filename);
type BigIntegerLike = { toString(radix: number): string };
const AuthenticationHelper = require("amazon-cognito-identity-js/lib/AuthenticationHelper.js").default as new (pool: string) => {
  k: BigIntegerLike;
  getLargeAValue(cb: (err: unknown, A: BigIntegerLike) => void): void;
  getPasswordAuthenticationKey(user: string, pw: string, B: BigIntegerLike, salt: BigIntegerLike, cb: (err: unknown, key: Uint8Array) => void): void;
};
const BigInteger = require("amazon-cognito-identity-js/lib/BigInteger.js").default as new (hex: string, radix: number) => BigIntegerLike;

describe("SRP-6a with Cognito's parameters", () => {
  it("k = H(N | g) matches the client library's", () => {
    assert.equal(k.toString(16), new AuthenticationHelper("AbC123xyZ").k.toString(16));
  });

  it("padHex adds 00 when the top bit is set and keeps even length", () => {
    assert.equal(padHex(0x80n), "0080");
    assert.equal(padHex(0x7fn), "7f");
    assert.equal(padHex(0xabcn), "0abc");
    assert.equal(padHex(N).length, 770);
  });

  it("modPow agrees with BigInt arithmetic", () => {
    let expected = 1n;
    for (let i = 0; i < 300; i++) expected = (expected * 3n) % N;
    assert.equal(modPow(3n, 300n), expected);
    assert.equal(modPow(g, 10n), 1024n);
  });

  it("modPow answers the bases OpenSSL refuses as a peer's key (0, 1, N - 1) arithmetically", () => {
    assert.equal(modPow(0n, 5n), 0n);
    assert.equal(modPow(N, 5n), 0n);
    assert.equal(modPow(1n, 12345n), 1n);
    assert.equal(modPow(N - 1n, 3n), N - 1n);
    assert.equal(modPow(N - 1n, 4n), 1n);
    assert.equal(modPow(7n, 0n), 1n);
  });

  it("a password proven once is still refused when wrong, and a new verifier for the same password is checked afresh", () => {
    const first = makeVerifier("AbC123xyZ", "bob", "Right-Passw0rd");
    assert.equal(verifierMatches(first, "AbC123xyZ", "bob", "Right-Passw0rd"), true);
    assert.equal(verifierMatches(first, "AbC123xyZ", "bob", "Right-Passw0rd"), true);
    assert.equal(verifierMatches(first, "AbC123xyZ", "bob", "Wrong-Passw0rd"), false);
    assert.equal(verifierMatches(first, "AbC123xyZ", "carol", "Right-Passw0rd"), false);
    const changed = makeVerifier("AbC123xyZ", "bob", "Other-Passw0rd");
    assert.equal(verifierMatches(changed, "AbC123xyZ", "bob", "Right-Passw0rd"), false);
    assert.equal(verifierMatches(changed, "AbC123xyZ", "bob", "Other-Passw0rd"), true);
    // A record whose verifier was altered on disk after a successful check is not trusted from memory.
    assert.equal(verifierMatches({ ...first, verifier: changed.verifier }, "AbC123xyZ", "bob", "Right-Passw0rd"), false);
  });

  it("the server derives the client library's session key and the same claim signature", async () => {
    const verifier = makeVerifier("AbC123xyZ", "alice", "Passw0rd!");
    const helper = new AuthenticationHelper("AbC123xyZ");
    const A = await new Promise<BigIntegerLike>((resolve) => helper.getLargeAValue((_e, a) => resolve(a)));
    const { b, B } = serverEphemeral(verifier.verifier);
    const serverKey = serverSessionKey(BigInt(`0x${A.toString(16)}`), B, b, verifier.verifier)!;
    const clientKey = await new Promise<Uint8Array>((resolve) =>
      helper.getPasswordAuthenticationKey("alice", "Passw0rd!", new BigInteger(B.toString(16), 16), new BigInteger(verifier.salt, 16), (_e, key) => resolve(key)));
    assert.equal(Buffer.from(clientKey).toString("hex"), serverKey.toString("hex"));
    const block = Buffer.from("secret block").toString("base64");
    const ts = "Sun Nov 29 08:30:01 UTC 2026";
    assert.equal(claimSignature(Buffer.from(clientKey), "AbC123xyZ", "alice", block, ts), claimSignature(serverKey, "AbC123xyZ", "alice", block, ts));
  });

  it("a wrong password gives a different key", async () => {
    const verifier = makeVerifier("AbC123xyZ", "alice", "Passw0rd!");
    const helper = new AuthenticationHelper("AbC123xyZ");
    const A = await new Promise<BigIntegerLike>((resolve) => helper.getLargeAValue((_e, a) => resolve(a)));
    const { b, B } = serverEphemeral(verifier.verifier);
    const serverKey = serverSessionKey(BigInt(`0x${A.toString(16)}`), B, b, verifier.verifier)!;
    const clientKey = await new Promise<Uint8Array>((resolve) =>
      helper.getPasswordAuthenticationKey("alice", "wrong", new BigInteger(B.toString(16), 16), new BigInteger(verifier.salt, 16), (_e, key) => resolve(key)));
    assert.notEqual(Buffer.from(clientKey).toString("hex"), serverKey.toString("hex"));
  });

  it("refuses A ≡ 0 mod N", () => {
    const verifier = makeVerifier("p", "u", "pw");
    const { b, B } = serverEphemeral(verifier.verifier);
    assert.equal(serverSessionKey(N, B, b, verifier.verifier), undefined);
  });

  it("a verifier checks the password it was made from, with a fresh salt each time", () => {
    const one = makeVerifier("AbC123xyZ", "alice", "Passw0rd!");
    const two = makeVerifier("AbC123xyZ", "alice", "Passw0rd!");
    assert.notEqual(one.salt, two.salt);
    assert.equal(verifierMatches(one, "AbC123xyZ", "alice", "Passw0rd!"), true);
    assert.equal(verifierMatches(one, "AbC123xyZ", "alice", "Passw0rd?"), false);
    assert.equal(verifierMatches(one, "AbC123xyZ", "bob", "Passw0rd!"), false);
  });

  it("TIMESTAMP: day of month not zero-padded, as the clients write it", () => {
    assert.equal(srpTimestamp(new Date("2026-11-03T08:30:01Z")), "Tue Nov 3 08:30:01 UTC 2026");
    assert.equal(srpTimestamp(new Date("2026-11-29T18:05:09Z")), "Sun Nov 29 18:05:09 UTC 2026");
    assert.match("Tue Nov 3 08:30:01 UTC 2026", SRP_TIMESTAMP);
    assert.doesNotMatch("Tue Nov 03 08:30:01 UTC 2026", SRP_TIMESTAMP);
    assert.doesNotMatch("2026-11-03T08:30:01Z", SRP_TIMESTAMP);
  });
});
