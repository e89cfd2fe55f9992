// TOTP (RFC 6238 appendix B), HOTP (RFC 4226 appendix D) and Base32 (RFC 4648 §10) test vectors, then the
// verification rules IAM and Cognito rely on: the ±1 step window and refusal of replayed steps.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { base32Decode, base32Encode, generateSeed, hotp, otpauthUri, totpCode, totpStep, verifyTotp, type TotpAlgorithm } from "../../../src/services/totp.js";

describe("Base32 (RFC 4648)", () => {
  const vectors: Array<[string, string]> = [["", ""], ["f", "MY"], ["fo", "MZXQ"], ["foo", "MZXW6"], ["foob", "MZXW6YQ"], ["fooba", "MZXW6YTB"], ["foobar", "MZXW6YTBOI"]];
  for (const [plain, encoded] of vectors) {
    it(`"${plain}" ↔ "${encoded}"`, () => {
      assert.equal(base32Encode(Buffer.from(plain)), encoded);
      assert.equal(base32Decode(encoded).toString(), plain);
    });
  }
  it("decoding ignores padding, spaces and case", () => {
    assert.equal(base32Decode("mzxw 6ytb oi======").toString(), "foobar");
  });
  it("decoding refuses characters outside the alphabet", () => {
    assert.throws(() => base32Decode("MZXW1"), /"1" is not a Base32 character/);
  });
  it("a generated seed is 64 Base32 characters (40 random bytes) and differs each time", () => {
    const a = generateSeed();
    assert.match(a, /^[A-Z2-7]{64}$/);
    assert.equal(base32Decode(a).length, 40);
    assert.notEqual(generateSeed(), a);
  });
});

describe("HOTP (RFC 4226 appendix D)", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  expected.forEach((code, counter) => {
    it(`counter ${counter} → ${code}`, () => assert.equal(hotp(Buffer.from("12345678901234567890"), counter), code));
  });
});

describe("TOTP (RFC 6238 appendix B, 8 digits)", () => {
  const keys: Record<TotpAlgorithm, Buffer> = {
    sha1: Buffer.from("12345678901234567890"),
    sha256: Buffer.from("12345678901234567890123456789012"),
    sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
  };
  const table: Array<[number, Record<TotpAlgorithm, string>]> = [
    [59, { sha1: "94287082", sha256: "46119246", sha512: "90693936" }],
    [1111111109, { sha1: "07081804", sha256: "68084774", sha512: "25091201" }],
    [1111111111, { sha1: "14050471", sha256: "67062674", sha512: "99943326" }],
    [1234567890, { sha1: "89005924", sha256: "91819424", sha512: "93441116" }],
    [2000000000, { sha1: "69279037", sha256: "90698825", sha512: "38618901" }],
    [20000000000, { sha1: "65353130", sha256: "77737706", sha512: "47863826" }],
  ];
  for (const [seconds, codes] of table) {
    for (const algorithm of ["sha1", "sha256", "sha512"] as const) {
      it(`T=${seconds} ${algorithm} → ${codes[algorithm]}`, () => {
        assert.equal(hotp(keys[algorithm], totpStep(new Date(seconds * 1000)), 8, algorithm), codes[algorithm]);
      });
    }
  }
  it("totpCode reads a Base32 seed: the RFC key's 6-digit code at T=59", () => {
    assert.equal(totpCode(base32Encode(keys.sha1), new Date(59_000)), "287082");
  });
});

describe("verifyTotp", () => {
  const seed = base32Encode(Buffer.from("12345678901234567890"));
  const now = new Date(1_111_111_111_000);
  const step = totpStep(now);
  const codeAt = (s: number) => hotp(base32Decode(seed), s);

  it("accepts the current step and one step either side, answering the step matched", () => {
    assert.equal(verifyTotp(seed, codeAt(step), now), step);
    assert.equal(verifyTotp(seed, codeAt(step - 1), now), step - 1);
    assert.equal(verifyTotp(seed, codeAt(step + 1), now), step + 1);
  });
  it("refuses codes two steps away, malformed codes and wrong codes", () => {
    assert.equal(verifyTotp(seed, codeAt(step - 2), now), undefined);
    assert.equal(verifyTotp(seed, codeAt(step + 2), now), undefined);
    assert.equal(verifyTotp(seed, "12345", now), undefined);
    assert.equal(verifyTotp(seed, "abcdef", now), undefined);
    const wrong = String((Number(codeAt(step)) + 1) % 1_000_000).padStart(6, "0");
    assert.equal(verifyTotp(seed, wrong, now), undefined);
  });
  it("refuses a step at or before the last one accepted (no replay)", () => {
    assert.equal(verifyTotp(seed, codeAt(step), now, { lastStep: step }), undefined);
    assert.equal(verifyTotp(seed, codeAt(step - 1), now, { lastStep: step - 1 }), undefined);
    assert.equal(verifyTotp(seed, codeAt(step + 1), now, { lastStep: step }), step + 1);
  });
  it("a wider window accepts a drifted device", () => {
    assert.equal(verifyTotp(seed, codeAt(step - 3), now, { window: 3 }), step - 3);
  });
});

describe("otpauthUri", () => {
  it("is the key-uri format authenticator apps scan", () => {
    assert.equal(otpauthUri("dev@000000000000", "MZXW6", "Amazon Web Services"),
      "otpauth://totp/dev%40000000000000?secret=MZXW6&issuer=Amazon%20Web%20Services");
  });
});
