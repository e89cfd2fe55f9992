// The emulator's own API for the extension: /_emulator/call runs operations through the same
// validation and handlers as AWS requests; /_emulator/principals/policies serves the editor.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--mode", "authenticate"] });

async function call(body: unknown): Promise<{ status: number; json: any }> {
  const res = await emu.admin("call", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("POST /_emulator/call", () => {
  it("runs an operation as the account root, JSON in and out, even in authenticate mode", async () => {
    const out = await call({ service: "iam", operation: "CreateUser", input: { UserName: "from-tree", Path: "/ui/" } });
    assert.equal(out.status, 200);
    assert.equal(out.json.output.User.Arn, "arn:aws:iam::000000000000:user/ui/from-tree");
    assert.equal(typeof out.json.output.User.CreateDate, "number", "timestamps as epoch seconds, as JSON protocols send them");
    const got = await call({ service: "iam", operation: "GetUser", input: { UserName: "from-tree" } });
    assert.equal(got.json.output.User.UserName, "from-tree");
  });

  it("answers AWS's error for bad input, with the status", async () => {
    const out = await call({ service: "iam", operation: "CreateUser", input: { UserName: "bad name" } });
    assert.equal(out.status, 400);
    assert.equal(out.json.error.code, "ValidationError");
    assert.match(out.json.error.message, /^1 validation error detected: Value 'bad name' at 'userName'/);
    const dup = await call({ service: "iam", operation: "CreateUser", input: { UserName: "FROM-TREE" } });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.code, "EntityAlreadyExists");
  });

  it("another account by accountId", async () => {
    const out = await call({ service: "iam", operation: "CreateUser", input: { UserName: "elsewhere" }, accountId: "111122223333" });
    assert.equal(out.json.output.User.Arn, "arn:aws:iam::111122223333:user/elsewhere");
  });

  it("refuses unknown services, operations and non-JSON bodies", async () => {
    assert.equal((await call({ service: "s3", operation: "ListBuckets" })).json.error.code, "InvalidService");
    assert.equal((await call({ service: "iam", operation: "Fly" })).json.error.code, "InvalidAction");
    const bad = await call("{nope");
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "InvalidRequest");
  });
});

describe("GET /_emulator/principals/policies", () => {
  it("returns a user's inline policies with their sources", async () => {
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    await call({ service: "iam", operation: "PutUserPolicy", input: { UserName: "from-tree", PolicyName: "read", PolicyDocument: doc } });
    const res = await fetch(`${emu.endpoint}/_emulator/principals/policies?arn=${encodeURIComponent("arn:aws:iam::000000000000:user/ui/from-tree")}`);
    assert.equal(res.status, 200);
    const body = await res.json() as { arn: string; identity: { source: { name: string }; document: string }[] };
    assert.equal(body.arn, "arn:aws:iam::000000000000:user/ui/from-tree");
    assert.equal(body.identity.length, 1);
    assert.equal(body.identity[0]!.document, doc);
    assert.match(body.identity[0]!.source.name, /read/);
  });

  it("the same at /_emulator/principals/{arn}/policies, and the principals are listed", async () => {
    const arn = "arn:aws:iam::000000000000:user/ui/from-tree";
    const res = await fetch(`${emu.endpoint}/_emulator/principals/${encodeURIComponent(arn)}/policies`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { identity: unknown[] }).identity.length, 1);
    const list = await (await fetch(`${emu.endpoint}/_emulator/principals`)).json() as { principals: { arn: string; type: string; name: string }[] };
    assert.ok(list.principals.some((p) => p.arn === arn && p.type === "user" && p.name === "from-tree"), JSON.stringify(list));
  });

  it("404 for a missing principal, 400 for a non-IAM ARN", async () => {
    assert.equal((await fetch(`${emu.endpoint}/_emulator/principals/policies?arn=arn:aws:iam::000000000000:user/ghost`)).status, 404);
    assert.equal((await fetch(`${emu.endpoint}/_emulator/principals/policies?arn=nope`)).status, 400);
  });
});
