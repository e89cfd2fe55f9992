// The AWS Query decoder: dotted parameter names into the model's shapes, in linear time, refusing list
// indexes that AWS does not write and requests with more parameters than any operation takes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeQuery, MAX_QUERY_PARAMETERS, queryParameters } from "../../../src/protocol/query.js";
import { MODELS, type ServiceModel } from "../../../src/protocol/model.js";
import { AwsError } from "../../../src/protocol/errors.js";

const iam = MODELS.iam;
const decode = (operation: string, query: string, model: ServiceModel = iam) =>
  decodeQuery(model, model.operations[operation]!, new URLSearchParams(query));

function validationError(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof AwsError, String(err));
    assert.equal(err.code, "ValidationError");
    assert.equal(err.status, 400);
    assert.match(err.message, pattern);
    return true;
  };
}

/** A model of one operation with a map, a flattened list and a nested structure, as botocore writes them. */
const synthetic: ServiceModel = {
  ...iam,
  operations: { Put: { name: "Put", http: { method: "POST", requestUri: "/" }, input: { shape: "PutInput" } } },
  shapes: {
    PutInput: { type: "structure", members: { Attributes: { shape: "AttrMap" }, Names: { shape: "FlatNames" }, Inner: { shape: "Inner" } } },
    AttrMap: { type: "map", key: { shape: "Str", locationName: "Name" }, value: { shape: "Str", locationName: "Value" } },
    FlatNames: { type: "list", member: { shape: "Str" }, flattened: true },
    Inner: { type: "structure", members: { Count: { shape: "Int" } } },
    Str: { type: "string" },
    Int: { type: "integer" },
  },
};

describe("decodeQuery", () => {
  it("reads members, lists of structures in index order, and leaves absent members out", () => {
    const input = decode("CreateUser", "UserName=alice&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1");
    assert.deepEqual(input, { UserName: "alice", Tags: [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }] });
  });

  it("maps (entry.N.key/value with the model's names), flattened lists and nested structures", () => {
    const input = decode("Put", "Attributes.entry.1.Name=color&Attributes.entry.1.Value=red&Names.1=x&Names.2=y&Inner.Count=3", synthetic);
    assert.deepEqual(input, { Attributes: { color: "red" }, Names: ["x", "y"], Inner: { Count: 3 } });
  });

  it("an empty list is the list's own name with no members", () => {
    assert.deepEqual(decode("Put", "Names=", synthetic), { Names: [] });
  });

  for (const index of ["01", "0x1", "1e21", "0", "-1", "", "9999999999"]) {
    it(`a list index written '${index}' is a ValidationError, not a member`, () => {
      assert.throws(() => decode("CreateUser", `UserName=u&Tags.member.${index}.Key=a&Tags.member.${index}.Value=b`),
        validationError(new RegExp(`^Invalid parameter Tags\\.member\\.${index}: list members and map entries are numbered 1, 2, 3`)));
    });
  }

  it("a numbered member with none of its fields is there, and its required fields are reported", () => {
    assert.throws(() => decode("CreateUser", "UserName=u&Tags.member.1.Other=x"), validationError(/Value null at 'tags\.1\.member\.key' failed to satisfy constraint: Member must not be null/));
  });

  it("a numbered scalar without a value is refused", () => {
    assert.throws(() => decode("Put", "Names.1.x=y", synthetic), validationError(/^Invalid parameter Names\.1: it has no value\.$/));
  });

  it("a map entry without a key is refused", () => {
    assert.throws(() => decode("Put", "Attributes.entry.1.Value=red", synthetic), validationError(/^Map entry Attributes\.entry\.1 has no key\.$/));
  });

  it("decodes in linear time: the most parameters a request may carry take well under a second", () => {
    let query = "UserName=u";
    for (let i = 1; i < MAX_QUERY_PARAMETERS / 2; i++) query += `&Tags.member.${i}.Key=k${i}&Tags.member.${i}.Value=v`;
    const start = process.hrtime.bigint();
    // 4,999 tags: decoded in full, then the model's limit of 50 answers.
    assert.throws(() => decode("CreateUser", query), validationError(/Member must have length less than or equal to 50/));
    // A generous bound: the quadratic decoder took minutes for this.
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 2000);
  });
});

describe("queryParameters", () => {
  it("merges the query string and a form body", () => {
    const params = queryParameters("Action=ListUsers", Buffer.from("Version=2010-05-08&PathPrefix=%2Fa%2F"), "application/x-www-form-urlencoded; charset=utf-8");
    assert.deepEqual([...params], [["Action", "ListUsers"], ["Version", "2010-05-08"], ["PathPrefix", "/a/"]]);
  });

  it("decodes exactly as URLSearchParams does, malformed escapes included", () => {
    for (const text of ["a=1&b=2", "a+b=c+d", "x=%E2%9C%93&y=%zz&z=%", "&&a&=b&c==d", "%E0%A4%A=1", "k=%F0%9F%92%A5", "a=1&a=2", "=v", "x=%2B%26%3D"]) {
      assert.deepEqual([...queryParameters("", Buffer.from(text), "")], [...new URLSearchParams(text)], text);
      assert.deepEqual([...queryParameters(text, Buffer.alloc(0), "")], [...new URLSearchParams(text)], text);
    }
  });

  it("refuses a body that is not a form", () => {
    assert.throws(() => queryParameters("", Buffer.from("{}"), "application/json"), (e: unknown) =>
      e instanceof AwsError && e.code === "InvalidParameterValue" && /send parameters as application\/x-www-form-urlencoded/.test(e.message));
  });

  it(`refuses more than ${MAX_QUERY_PARAMETERS} parameters before parsing them`, () => {
    const body = Buffer.from("a=1&".repeat(MAX_QUERY_PARAMETERS) + "b=2");
    assert.throws(() => queryParameters("Action=ListUsers", body, ""),
      validationError(new RegExp(`^The request has ${MAX_QUERY_PARAMETERS + 2} parameters; AWS Identity Emulator accepts at most ${MAX_QUERY_PARAMETERS}\\.$`)));
  });
});
