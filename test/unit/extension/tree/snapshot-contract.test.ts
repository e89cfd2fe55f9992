// The server writes GET /_emulator/resources with its types; the extension reads it with its own copy
// (it never imports server/). If the two drift apart, this file stops compiling (npm run typecheck).
import { it } from "node:test";
import assert from "node:assert/strict";
import type { ResourcesSnapshot as Written } from "../../../../src/server/admin-resources.js";
import type { ResourcesSnapshot as Read } from "../../../../src/extension/tree/resource-snapshot.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: Same<Written, Read> = true;

it("the extension reads the snapshot type the server writes", () => {
  assert.equal(same, true);
});
