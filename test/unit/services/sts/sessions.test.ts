// Session key ids carry their account as AWS's do; the decoder matches AWS keys published with their accounts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { accountOfKeyId, sessionAccessKeyId } from "../../../../src/services/sts/sessions.js";

describe("session access key ids", () => {
  it("decode the account of AWS's own key ids (examples from hackingthe.cloud and Aidan Steele's write-up)", () => {
    assert.equal(accountOfKeyId("ASIAQNZGKIQY56JQ7WML"), "029608264753");
    assert.equal(accountOfKeyId("ASIAY34FZKBOKMUTVV7A"), "609629065308");
  });

  it("issued ids are ASIA + 16 base-32 characters and decode back to their account", () => {
    for (const account of ["000000000000", "123456789012", "999999999999", "000000000001"]) {
      for (let i = 0; i < 20; i++) {
        const id = sessionAccessKeyId(account);
        assert.match(id, /^ASIA[A-Z2-7]{16}$/);
        assert.equal(accountOfKeyId(id), account);
      }
    }
  });

  it("ids of other shapes encode no account", () => {
    assert.equal(accountOfKeyId("test"), undefined);
    assert.equal(accountOfKeyId("AKIA0000000000000000"), undefined);
  });
});
