// Builders for the engine's table-driven tests: principals, requests, policies and a runner that checks
// evaluate() and explain() agree with the expected decision (and deciding layer) for every row.
import { it } from "node:test";
import assert from "node:assert/strict";
import { compilePolicy, evaluate, explain, type AuthzPrincipal, type AuthzRequest, type CompiledPolicy, type Decision,
  type Layer, type PolicyKind, type PolicySet } from "../../../src/policy/index.js";

export const A = "111122223333";
export const B = "444455556666";

export const user = (name = "alice", account = A): AuthzPrincipal =>
  ({ arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, type: "user" });
export const session = (role = "Dev", name = "s1", account = A): AuthzPrincipal =>
  ({ arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`, accountId: account, type: "assumed-role", roleArn: `arn:aws:iam::${account}:role/${role}` });
export const root = (account = A): AuthzPrincipal => ({ arn: `arn:aws:iam::${account}:root`, accountId: account, type: "root" });
export const federatedUser = (name = "fed", account = A): AuthzPrincipal =>
  ({ arn: `arn:aws:sts::${account}:federated-user/${name}`, accountId: account, type: "federated-user" });
export const service = (name = "lambda.amazonaws.com"): AuthzPrincipal => ({ arn: name, accountId: "", type: "service" });
export const anonymous = (): AuthzPrincipal => ({ arn: "*", accountId: "", type: "anonymous" });

export type Statement = Record<string, unknown>;
let counter = 0;

export function policy(kind: PolicyKind, statements: Statement[], version: string | null = "2012-10-17"): CompiledPolicy {
  return compilePolicy({ ...(version ? { Version: version } : {}), Statement: statements }, { kind, name: `${kind}-${++counter}` });
}

export const allowAll: Statement = { Effect: "Allow", Action: "*", Resource: "*" };
export const allow = (action: string | string[], resource: string | string[] = "*", extra: Statement = {}): Statement =>
  ({ Effect: "Allow", Action: action, Resource: resource, ...extra });
export const deny = (action: string | string[], resource: string | string[] = "*", extra: Statement = {}): Statement =>
  ({ Effect: "Deny", Action: action, Resource: resource, ...extra });

export function request(over: Partial<AuthzRequest> = {}): AuthzRequest {
  return {
    principal: user(),
    action: "s3:GetObject",
    resource: "arn:aws:s3:::bucket/key",
    context: {},
    ...over,
  };
}

export interface Row {
  name: string;
  set: PolicySet;
  req: AuthzRequest;
  expect: Decision;
  layer?: Layer;
}

/** One test per row: the fast path and the explanation both give the expected decision (and layer). */
export function runRows(rows: Row[]): void {
  for (const row of rows) {
    it(row.name, () => {
      assert.equal(evaluate(row.req, row.set), row.expect, "evaluate");
      const e = explain(row.req, row.set);
      assert.equal(e.decision, row.expect, "explain");
      if (row.layer) assert.equal(e.decidingLayer, row.layer, "deciding layer");
    });
  }
}

/** A condition row: an Allow-everything statement guarded by one condition; true means the request is allowed. */
export type CondRow = [operator: string, key: string, values: unknown, context: AuthzRequest["context"][string] | typeof MISSING, holds: boolean];
export const MISSING = Symbol("missing");

export function conditionRows(rows: CondRow[], version = "2012-10-17"): Row[] {
  return rows.map(([op, key, values, ctx, holds]) => {
    const p = policy("identity", [{ ...allowAll, Condition: { [op]: { [key]: values } } }], version);
    const context = ctx === MISSING ? {} : { [key]: ctx };
    const shown = ctx === MISSING ? "missing" : JSON.stringify(ctx instanceof Date ? ctx.toISOString() : ctx);
    return {
      name: `${op} ${key} ${JSON.stringify(values)} vs ${shown} → ${holds ? "matches" : "no match"}`,
      set: { identity: [p] },
      req: request({ context }),
      expect: holds ? "allowed" : "implicitDeny",
    };
  });
}
