// The relying party's checks of a passkey's registration and assertion, against a software authenticator:
// what a good credential yields, and each way a credential is refused (challenge, origin, relying party, user
// verification, signature, counter, malformed CBOR).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeCbor, originAllowed, verifyAssertion, verifyRegistration, WebAuthnRefused, type Expected } from "../../../../src/services/cognito/webauthn.js";
import { encodeCbor, SoftwareAuthenticator, type Algorithm, type AuthenticatorOptions } from "../../../support/passkey-authenticator.js";

const EXPECTED: Expected = { challenge: "cmVnaXN0ZXItY2hhbGxlbmdl", rpId: "localhost", userVerification: "required" };
const creation = { challenge: EXPECTED.challenge, rp: { id: "localhost" }, user: { id: "dXNlcg" } };

function registered(options: AuthenticatorOptions = {}) {
  const authenticator = new SoftwareAuthenticator(options);
  const credential = authenticator.create(creation);
  return { authenticator, credential, stored: verifyRegistration(credential, EXPECTED) };
}

const refused = (reason: WebAuthnRefused["reason"], message?: RegExp) => (err: unknown) =>
  err instanceof WebAuthnRefused && err.reason === reason && (!message || message.test(err.message));

describe("WebAuthn registration", () => {
  for (const alg of ["ES256", "RS256", "EdDSA"] as Algorithm[]) {
    it(`a ${alg} passkey is registered with its key, and its assertions verify`, () => {
      const { authenticator, credential, stored } = registered({ alg });
      assert.equal(stored.credentialId, credential.id);
      assert.equal(stored.alg, { ES256: -7, RS256: -257, EdDSA: -8 }[alg]);
      assert.deepEqual(stored.transports, ["internal"]);
      assert.equal(stored.attachment, "platform");
      const login = { ...EXPECTED, challenge: "c2lnbi1pbg" };
      const first = verifyAssertion(authenticator.get({ challenge: login.challenge, rpId: "localhost" }, stored.credentialId), login, stored);
      assert.equal(first.signCount, 1);
    });
  }

  it("refuses another challenge, another origin, another relying party, and a user not verified when required", () => {
    const a = new SoftwareAuthenticator();
    assert.throws(() => verifyRegistration(a.create({ ...creation, challenge: "b3RoZXI" }), EXPECTED), refused("challenge"));
    assert.throws(() => verifyRegistration(new SoftwareAuthenticator({ origin: "https://evil.example" }).create(creation), EXPECTED),
      refused("origin", /^The origin https:\/\/evil\.example may not use passkeys of the relying party localhost\.$/));
    assert.throws(() => verifyRegistration(new SoftwareAuthenticator({ rpIdOverride: "evil.example" }).create(creation), EXPECTED), refused("relyingParty"));
    assert.throws(() => verifyRegistration(new SoftwareAuthenticator({ userVerified: false }).create(creation), EXPECTED), refused("userVerification"));
    // "preferred" lets an authenticator without user verification register.
    assert.equal(verifyRegistration(new SoftwareAuthenticator({ userVerified: false }).create(creation), { ...EXPECTED, userVerification: "preferred" }).alg, -7);
  });

  it("refuses a malformed credential without crashing: not base64url, truncated CBOR, a length beyond the data, deep nesting", () => {
    const good = new SoftwareAuthenticator().create(creation) as { response: Record<string, string> };
    const withAttestation = (attestationObject: string) => ({ ...good, response: { ...good.response, attestationObject } });
    const att = Buffer.from(good.response.attestationObject!, "base64url");
    for (const bad of [withAttestation("***"), withAttestation(att.subarray(0, att.length - 10).toString("base64url")),
      withAttestation(Buffer.from([0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).toString("base64url")),
      withAttestation(Buffer.alloc(40, 0x81).toString("base64url")), { ...good, type: "password" }, { ...good, rawId: "other" }, null, "text"]) {
      assert.throws(() => verifyRegistration(bad, EXPECTED), refused("malformed"));
    }
  });
});

describe("WebAuthn assertion", () => {
  const login = { ...EXPECTED, challenge: "c2lnbi1pbg" };

  it("refuses a signature that does not verify and a counter that does not grow; counters that stay 0 are accepted", () => {
    const { authenticator, stored } = registered();
    const answer = authenticator.get({ challenge: login.challenge, rpId: "localhost" }, stored.credentialId) as { response: Record<string, string> };
    const sig = Buffer.from(answer.response.signature!, "base64url");
    sig[sig.length - 1]! ^= 1;
    assert.throws(() => verifyAssertion({ ...answer, response: { ...answer.response, signature: sig.toString("base64url") } }, login, stored), refused("signature"));
    const { signCount } = verifyAssertion(answer, login, stored);
    assert.throws(() => verifyAssertion(answer, login, { ...stored, signCount }), refused("counter"));
    const synced = registered({ noCounter: true });
    const again = synced.authenticator.get({ challenge: login.challenge, rpId: "localhost" }, synced.stored.credentialId);
    assert.equal(verifyAssertion(again, login, synced.stored).signCount, 0);
  });

  it("refuses another challenge, origin or relying party", () => {
    const { stored, authenticator } = registered();
    assert.throws(() => verifyAssertion(authenticator.get({ challenge: "b3RoZXI", rpId: "localhost" }, stored.credentialId), login, stored), refused("challenge"));
    const phished = new SoftwareAuthenticator({ origin: "https://evil.example" });
    phished.held.set(stored.credentialId, authenticator.held.get(stored.credentialId)!);
    assert.throws(() => verifyAssertion(phished.get({ challenge: login.challenge, rpId: "localhost" }, stored.credentialId), login, stored), refused("origin"));
  });
});

describe("WebAuthn helpers", () => {
  it("origins: the RP ID's host or a subdomain, over HTTPS; HTTP only on localhost", () => {
    assert.equal(originAllowed("http://localhost:5173", "localhost"), true);
    assert.equal(originAllowed("https://app.example.com", "example.com"), true);
    assert.equal(originAllowed("https://example.com", "example.com"), true);
    assert.equal(originAllowed("http://example.com", "example.com"), false);
    assert.equal(originAllowed("https://badexample.com", "example.com"), false);
    assert.equal(originAllowed("not a url", "example.com"), false);
  });

  it("CBOR round trip of what attestation objects hold", () => {
    const value = new Map<unknown, unknown>([["fmt", "none"], [-2, Buffer.from([1, 2])], [3, -257], ["list", [true, false, null, 70000]]]);
    const bytes = encodeCbor(value as never);
    assert.deepEqual(decodeCbor(bytes), { value, end: bytes.length });
  });
});
