// The position-keeping JSON parser behind every diagnostic range.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LineIndex, MAX_NESTING, parseJsonDocument, plainValue } from "../../../src/policy/json-document.js";

describe("json-document", () => {
  it("gives the same value as JSON.parse", () => {
    for (const t of ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n\\"q\\""],"b":{}}', "[]", '"s"', "0", '{"k":{"k":{"k":[[]]}}}']) {
      const r = parseJsonDocument(t);
      assert.ok(r.ok, t);
      assert.deepEqual(plainValue(r.root), JSON.parse(t));
    }
  });
  it("keeps offsets of keys and values", () => {
    const r = parseJsonDocument('{ "Effect" : "Allow" }');
    assert.ok(r.ok && r.root.kind === "object");
    const m = r.root.members[0]!;
    assert.deepEqual([m.keyStart, m.keyEnd, m.value.start, m.value.end], [2, 10, 13, 20]);
  });
  it("keeps duplicate keys (the last one wins in the value)", () => {
    const r = parseJsonDocument('{"a":1,"a":2}');
    assert.ok(r.ok && r.root.kind === "object");
    assert.equal(r.root.members.length, 2);
    assert.deepEqual(plainValue(r.root), { a: 2 });
  });
  it("reports syntax errors with their offsets", () => {
    const cases: [string, string, number][] = [
      ['{"a":1,}', "Trailing comma: a property is expected after ','", 6],
      ["[1 2]", "',' or ']' is expected after an array element", 3],
      ['{"a" 1}', "A colon is expected after the property name", 5],
      ['"abc', "Unterminated string", 0],
      ['"a\\x"', "Invalid escape sequence in string", 2],
      ["{} x", "Unexpected content after the end of the JSON document", 3],
      ["tru", "Unexpected token tru: a JSON value is expected", 0],
      ["01", "Unexpected content after the end of the JSON document", 1],
    ];
    for (const [t, message, start] of cases) {
      const r = parseJsonDocument(t);
      assert.ok(!r.ok, t);
      assert.deepEqual([r.error.message, r.error.start], [message, start], t);
    }
  });
  it("refuses nesting deeper than any policy needs, without running out of stack", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const r = parseJsonDocument(`{"a":${deep}}`);
    assert.ok(!r.ok);
    assert.equal(r.error.message, `The document nests more than ${MAX_NESTING} levels deep`);
    assert.equal(r.error.start, 1 + 4 + MAX_NESTING - 1);
    assert.ok(parseJsonDocument("[".repeat(MAX_NESTING) + "]".repeat(MAX_NESTING)).ok);
  });
  it("turns offsets into LSP positions", () => {
    const li = new LineIndex("ab\ncd\n\nef");
    assert.deepEqual([li.position(0), li.position(2), li.position(3), li.position(6), li.position(8)],
      [{ line: 0, character: 0 }, { line: 0, character: 2 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 3, character: 1 }]);
  });
});
