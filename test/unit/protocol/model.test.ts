// The vendored models and the routing metadata kept beside them must agree.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODELS, SERVICE_IDS, SERVICE_METADATA } from "../../../src/protocol/model.js";

describe("service models", () => {
  for (const id of SERVICE_IDS) {
    it(`${id}: SERVICE_METADATA matches the model's metadata`, () => {
      const { metadata } = MODELS[id];
      assert.equal(SERVICE_METADATA[id].apiVersion, metadata.apiVersion);
      assert.equal(SERVICE_METADATA[id].protocol, metadata.protocol);
      assert.equal(SERVICE_METADATA[id].targetPrefix, metadata.targetPrefix);
      assert.equal(metadata.endpointPrefix, id);
    });
  }

  it("documentation strings are stripped and constraints kept", () => {
    const user = MODELS.iam.shapes.userNameType!;
    assert.deepEqual([user.min, user.max, user.pattern], [1, 64, "[\\w+=,.@-]+"]);
    const text = JSON.stringify(MODELS["cognito-idp"].shapes);
    assert.ok(!text.includes('"documentation"'));
  });

  it("error statuses come from the models", () => {
    assert.equal(MODELS.iam.errorsByCode.get("NoSuchEntity")!.error!.httpStatusCode, 404);
    assert.equal(MODELS.iam.errorsByCode.get("EntityAlreadyExists")!.error!.httpStatusCode, 409);
    assert.ok(MODELS["cognito-idp"].errorsByCode.get("UserNotFoundException")!.exception);
  });
});
