import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeJwt, signInDocument } from "../../../../src/extension/tree/cognito-tokens.js";

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const jwt = (payload: unknown) => `${b64url({ alg: "RS256", kid: "k1" })}.${b64url(payload)}.c2ln`;

describe("sign-in tokens", () => {
  it("decode a JWT's header and claims, and leave opaque tokens alone", () => {
    assert.deepEqual(decodeJwt(jwt({ sub: "s-1" })), { header: { alg: "RS256", kid: "k1" }, payload: { sub: "s-1" } });
    assert.equal(decodeJwt("opaque-refresh-token"), undefined);
  });

  it("show who signed in, the claims and their times", () => {
    const doc = signInDocument({ poolId: "us-east-1_A", clientId: "c1", username: "carol" }, {
      IdToken: jwt({ sub: "s-1", "cognito:username": "carol", exp: 1796000000, iat: 1795996400 }),
      AccessToken: jwt({ token_use: "access", exp: 1796000000 }), RefreshToken: "r", ExpiresIn: 3600, TokenType: "Bearer",
    }) as Record<string, any>;
    assert.equal(doc.username, "carol");
    assert.equal(doc.expiresIn, 3600);
    assert.deepEqual(doc.idToken.claims, { sub: "s-1", "cognito:username": "carol", exp: 1796000000, iat: 1795996400 });
    assert.deepEqual(doc.idToken.times, { exp: "2026-11-30T00:53:20.000Z", iat: "2026-11-29T23:53:20.000Z" });
    assert.equal(doc.accessToken.claims.token_use, "access");
    assert.equal(doc.raw.RefreshToken, "r");
  });
});
