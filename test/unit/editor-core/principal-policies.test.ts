// The client of the emulator's admin API for "Simulate as principal", against a real HTTP server on port 0.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorRequestError, fetchPrincipalPolicies, listPrincipals } from "../../../src/editor-core/principal-policies.js";
import { simulate } from "../../../src/editor-core/simulation.js";

const alice = "arn:aws:iam::000000000000:user/alice";
const requests: string[] = [];

describe("principal policies from the emulator", () => {
  let server: Server;
  let endpoint: string;

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url!);
      const send = (status: number, body: unknown) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
      if (req.url === "/_emulator/principals") return send(200, { principals: [{ arn: alice, type: "user", name: "alice" }] });
      if (req.url === `/_emulator/principals/${encodeURIComponent(alice)}/policies`) {
        return send(200, {
          identity: [
            { source: { kind: "identity", name: "read-reports" }, document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' },
            { source: "arn:aws:iam::000000000000:policy/deny-delete", document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }] } },
          ],
          boundary: { source: "arn:aws:iam::000000000000:policy/boundary", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*", "iam:Get*"], Resource: "*" }] } },
        });
      }
      if (req.url?.startsWith("/_emulator/principals/")) return send(404, { message: "no such principal" });
      return send(404, {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists principals", async () => {
    assert.deepEqual(await listPrincipals(endpoint), [{ arn: alice, type: "user", name: "alice" }]);
  });

  it("fetches and compiles a principal's identity policies and boundary, by URL-encoded ARN", async () => {
    const p = await fetchPrincipalPolicies(`${endpoint}/`, alice);
    assert.equal(requests.at(-1), "/_emulator/principals/arn%3Aaws%3Aiam%3A%3A000000000000%3Auser%2Falice/policies");
    assert.equal(p.principalArn, alice);
    assert.deepEqual(p.identity.map((x) => x.source), [
      { kind: "identity", name: "read-reports" },
      { kind: "identity", name: "deny-delete", arn: "arn:aws:iam::000000000000:policy/deny-delete" },
    ]);
    assert.deepEqual(p.boundary?.source, { kind: "boundary", name: "boundary", arn: "arn:aws:iam::000000000000:policy/boundary" });
  });

  it("simulates the edited document with them", async () => {
    const around = await fetchPrincipalPolicies(endpoint, alice);
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:CreateUser"],"Resource":"*"}]}';
    assert.equal(simulate(doc, "identity", { action: "iam:GetUser", resource: "*" }, { around }).explanation.decision, "allowed");
    const create = simulate(doc, "identity", { action: "iam:CreateUser", resource: "*" }, { around }).explanation;
    assert.equal(create.decision, "implicitDeny");
    assert.equal(create.decidingLayer, "boundary");
    const del = simulate(doc, "identity", { action: "s3:DeleteObject", resource: "arn:aws:s3:::b/k" }, { around }).explanation;
    assert.equal(del.decision, "explicitDeny");
    assert.equal(del.decidingStatement?.source.arn, "arn:aws:iam::000000000000:policy/deny-delete");
  });

  it("names the status and body of a refusal, and an unreachable emulator", async () => {
    await assert.rejects(fetchPrincipalPolicies(endpoint, "arn:aws:iam::000000000000:user/ghost"), (e: EmulatorRequestError) =>
      e.status === 404 && e.message.endsWith('answered 404: {"message":"no such principal"}'));
    await assert.rejects(listPrincipals("http://127.0.0.1:1"), (e: EmulatorRequestError) =>
      e.status === undefined && e.message.startsWith("The emulator at http://127.0.0.1:1 did not answer"));
  });
});
