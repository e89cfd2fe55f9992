// The forgiving parser and locator that completion and hovers stand on, on documents still being typed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { locate, parseTree } from "../../../src/editor-core/json-tree.js";
import { cursor } from "./text-ranges.js";

function at(marked: string) {
  const { text, offset } = cursor(marked);
  const l = locate(parseTree(text), offset);
  return { path: l.path, inKey: l.inKey, leaf: l.leaf?.kind, member: l.member?.key };
}

describe("json-tree", () => {
  it("parses valid JSON like JSON.parse, with offsets", () => {
    const root = parseTree('{"a": [1, "x", true, null], "b": {}}');
    assert.equal(root?.kind, "object");
    if (root?.kind !== "object") return;
    assert.deepEqual(root.members.map((m) => [m.key, m.keyStart, m.keyEnd, m.value?.kind]), [["a", 1, 4, "array"], ["b", 28, 31, "object"]]);
  });

  it("keeps going past a missing comma, an unclosed string and an unclosed document", () => {
    const root = parseTree('{"Statement": [{"Effect": "Allow" "Action": "s3:Get\n');
    assert.equal(root?.kind, "object");
    if (root?.kind !== "object") return;
    const st = root.members[0]!.value;
    assert.equal(st?.kind, "array");
    if (st?.kind !== "array") return;
    const s0 = st.items[0]!;
    assert.equal(s0.kind, "object");
    if (s0.kind !== "object") return;
    assert.deepEqual(s0.members.map((m) => m.key), ["Effect", "Action"]);
    assert.deepEqual(s0.members[1]!.value, { kind: "string", start: 44, end: 51, value: "s3:Get", closed: false });
  });

  it("locates values, keys and empty positions", () => {
    assert.deepEqual(at('{"Statement":[{"Effect":"Allow","Action":["s3:Get|"]}]}'), { path: ["Statement", 0, "Action", 0], inKey: false, leaf: "string", member: undefined });
    assert.deepEqual(at('{"Statement":[{"Effect":"Allow","Action":"|'), { path: ["Statement", 0, "Action"], inKey: false, leaf: "string", member: undefined });
    assert.deepEqual(at('{"Statement":[{"Effect":"Allow", |}]}'), { path: ["Statement", 0], inKey: true, leaf: undefined, member: undefined });
    assert.deepEqual(at('{"Statement":[{"Effect":"Allow", "Act|"}]}'), { path: ["Statement", 0, "Act"], inKey: true, leaf: undefined, member: "Act" });
    assert.deepEqual(at('{"Statement":[{"Effect": |\n "Action": "x"}]}'), { path: ["Statement", 0, "Effect"], inKey: false, leaf: undefined, member: undefined });
    assert.deepEqual(at('{"Statement":[{"Action":["a", |]}]}'), { path: ["Statement", 0, "Action", 1], inKey: false, leaf: undefined, member: undefined });
    assert.deepEqual(at('{"Version": 2012|}'), { path: ["Version"], inKey: false, leaf: "number", member: undefined });
  });
});
