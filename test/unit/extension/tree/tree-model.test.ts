import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { shortDate, treeOf, trustedBy, walk, type TreeNode } from "../../../../src/extension/tree/tree-model.js";
import type { DecisionSummary } from "../../../../src/extension/tree/resource-snapshot.js";
import { largeSnapshot, sampleSnapshot } from "./snapshot-fixture.js";

const byId = (nodes: readonly TreeNode[], id: string): TreeNode => {
  for (const n of walk(nodes)) if (n.id === id) return n;
  throw new Error(`no node ${id}`);
};
const labels = (n: TreeNode | undefined): string[] => (n?.children ?? []).map((c) => c.label);

describe("treeOf", () => {
  const tree = treeOf(sampleSnapshot);

  it("has the seven sections in the console's order, with counts, and no Recent decisions outside enforce mode", () => {
    assert.deepEqual(tree.map((n) => [n.label, n.description]), [
      ["Users", "2"], ["Groups", "1"], ["Roles", "1"], ["Policies", "1 customer, 1 AWS"], ["Identity providers", "1"], ["Cognito user pools", "1"],
      ["Cognito identity pools", "1"],
    ]);
    assert.deepEqual(tree.map((n) => n.contextValue), ["section.users", "section.groups", "section.roles", "section.policies", "section.identityProviders",
      "section.userPools", "section.identityPools"]);
  });

  it("shows a user's keys with status, groups, attached and inline policies, boundary and tags", () => {
    const alice = byId(tree, "users/alice");
    assert.equal(alice.description, "2 keys (1 active)");
    assert.match(alice.tooltip!, /ARN: `arn:aws:iam::000000000000:user\/alice`/);
    assert.match(alice.tooltip!, /Created: `2026-11-29 09:00 UTC`/);
    assert.deepEqual(labels(alice), ["Access keys", "Groups", "Policies", "app-s3", "Tags"]);
    const keys = byId(tree, "users/alice/keys");
    assert.deepEqual(keys.children!.map((k) => [k.label, k.description, k.contextValue]), [
      ["AKIAALICE00000000001", "Active · created 2026-11-29 09:01 UTC", "accessKey.Active"],
      ["AKIAALICE00000000002", "Inactive · created 2026-11-29 09:02 UTC", "accessKey.Inactive"],
    ]);
    assert.deepEqual(byId(tree, "users/alice/policies").children!.map((p) => [p.label, p.description, p.contextValue, p.opens]), [
      ["ReadOnlyAccess", "AWS managed", "attachedPolicy.aws", "/aws-managed/ReadOnlyAccess/ReadOnlyAccess (AWS managed)"],
      ["app-s3", "managed", "attachedPolicy.customer", "/policies/000000000000/app-s3/app-s3 (emulator)"],
      ["scratch", "inline", "inlinePolicy", "/users/alice/inline/scratch/scratch (emulator · alice inline)"],
    ]);
    assert.equal(byId(tree, "users/alice/boundary").description, "permissions boundary");
    assert.deepEqual(byId(tree, "users/alice/tags").children!.map((t) => [t.label, t.description]), [["team", "payments"]]);
    assert.equal(byId(tree, "users/bob").description, "2026-11-28 10:30 UTC");
  });

  it("shows who a role trusts, its trust policy document, instance profiles and last use", () => {
    const app = byId(tree, "roles/app");
    assert.equal(app.description, "lambda.amazonaws.com");
    assert.deepEqual(labels(app), ["Trust policy", "Policies", "Instance profiles", "Last used"]);
    assert.equal(byId(tree, "roles/app/trust").opens, "/roles/app/trust-policy/app (emulator · trust policy)");
    assert.equal(byId(tree, "roles/app/lastUsed").description, "2026-11-29 09:10 UTC in us-east-1");
  });

  it("marks a customer policy's default version and lists attached AWS-managed policies in their own folder", () => {
    const policies = byId(tree, "section:policies");
    assert.deepEqual(labels(policies), ["app-s3", "AWS managed (attached)"]);
    const appS3 = byId(tree, "policies/arn:aws:iam::000000000000:policy/app-s3");
    assert.equal(appS3.description, "v2 · attached 3×");
    assert.deepEqual(appS3.children!.map((v) => [v.label, v.description, v.contextValue, v.icon]), [
      ["v2", "default · 2026-11-29 09:03 UTC", "policyVersion.default", "star-full"],
      ["v1", "2026-11-29 09:00 UTC", "policyVersion", "versions"],
    ]);
    assert.deepEqual(labels(byId(tree, "policies/aws-managed")), ["ReadOnlyAccess"]);
    assert.equal(byId(tree, "policies/arn:aws:iam::aws:policy/ReadOnlyAccess").contextValue, "policy.aws");
  });

  it("shows a pool's clients, users with status and groups", () => {
    const pool = byId(tree, "pools/us-east-1_Abc123");
    assert.equal(pool.description, "us-east-1_Abc123 · 2 users");
    assert.deepEqual(byId(tree, "pools/us-east-1_Abc123/users").children!.map((u) => [u.label, u.description]), [
      ["carol", "CONFIRMED · carol@example.com"], ["dave", "FORCE_CHANGE_PASSWORD · disabled"],
    ]);
    assert.deepEqual(byId(tree, "pools/us-east-1_Abc123/clients").children!.map((c) => [c.label, c.description]), [["web", "client1"]]);
    assert.deepEqual(byId(tree, "pools/us-east-1_Abc123/groups").children!.map((c) => [c.label, c.description]), [["vip", "1 member"]]);
  });

  it("shows a pool's domain with its base URL, resource servers and identity providers, and marks OAuth clients", () => {
    const base = "http://localhost:4566/_cognito/shop.auth.us-east-1.amazoncognito.com";
    const pool = sampleSnapshot.userPools[0]!;
    const withWeb = treeOf({ ...sampleSnapshot, userPools: [{
      ...pool,
      clients: [{ ...pool.clients[0]!, oauth: { flows: ["code"], scopes: ["openid"], callbackUrls: ["http://localhost:3000/cb"], logoutUrls: [], identityProviders: ["COGNITO"] } }],
      domain: { domain: "shop", baseUrl: base, custom: false, managedLoginVersion: 1, urls: {
        issuer: "i", discovery: "d", jwks: "j", authorize: `${base}/oauth2/authorize`, token: `${base}/oauth2/token`, userInfo: "u", revoke: "r", logout: "l", login: "lg" } },
      resourceServers: [{ identifier: "https://api.example.com", name: "api", scopes: ["read", "write"] }],
      identityProviders: [{ name: "Corp", type: "OIDC", identifiers: ["corp.example"] }],
    }] });
    const node = byId(withWeb, "pools/us-east-1_Abc123");
    assert.equal(node.contextValue, "userPool.domain");
    assert.deepEqual(labels(node), ["shop", "App clients", "Users", "Groups", "Resource servers", "Identity providers"]);
    const domain = byId(withWeb, "pools/us-east-1_Abc123/domain");
    assert.deepEqual([domain.description, domain.contextValue, domain.icon], [base, "poolDomain", "globe"]);
    assert.deepEqual(byId(withWeb, "pools/us-east-1_Abc123/clients").children!.map((c) => [c.description, c.contextValue]), [["client1 · OAuth", "poolClient.oauth"]]);
    assert.deepEqual(byId(withWeb, "pools/us-east-1_Abc123/resourceServers").children!.map((c) => [c.label, c.description]), [["api", "https://api.example.com · 2 scopes"]]);
    assert.deepEqual(byId(withWeb, "pools/us-east-1_Abc123/identityProviders").children!.map((c) => [c.label, c.description, c.contextValue]), [["Corp", "OIDC", "poolIdentityProvider"]]);
    assert.equal(byId(tree, "pools/us-east-1_Abc123").contextValue, "userPool", "without a domain");
  });

  it("shows an identity pool's roles (a missing one says what it breaks), providers and identities", () => {
    const id = "identityPools/us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab";
    const pool = byId(tree, id);
    assert.equal(pool.description, "us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab · 2 identities");
    assert.equal(pool.contextValue, "identityPool");
    assert.match(pool.tooltip!, /Unauthenticated identities: `allowed`/);
    assert.deepEqual(labels(pool), ["Roles", "Identity providers", "Identities"]);
    assert.deepEqual(byId(tree, `${id}/roles`).children!.map((r) => [r.label, r.description, r.contextValue]), [
      ["app", "authenticated", "identityPoolRole"],
      ["unauthenticated", "no role: GetCredentialsForIdentity answers InvalidIdentityPoolConfigurationException", "info"],
      ["cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123:client1", "role mapping: Token", "info"],
    ]);
    assert.deepEqual(byId(tree, `${id}/providers`).children!.map((r) => [r.label, r.description]), [
      ["cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123:client1", undefined], ["Unauthenticated", "guests allowed"],
    ]);
    assert.deepEqual(byId(tree, `${id}/identities`).children!.map((i) => [i.label, i.description, i.contextValue]), [
      ["us-east-1:00000000-0000-4000-8000-000000000001", "cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123", "identity"],
      ["us-east-1:00000000-0000-4000-8000-000000000002", "unauthenticated", "identity"],
    ]);
    const many = treeOf({ ...sampleSnapshot, identityPools: [{ ...sampleSnapshot.identityPools[0]!, identityCount: 500 }] });
    assert.equal(byId(many, `${id}/identities`).description, "2 of 500");
  });

  it("adds Recent decisions in enforce mode, each opening its explanation", () => {
    const decisions: DecisionSummary[] = [
      { id: 7, time: "2026-11-29T09:20:00.000Z", requestId: "r7", principal: "arn:aws:iam::000000000000:user/bob", action: "iam:ListUsers", resource: "*", decision: "implicitDeny", summary: "No statement allows iam:ListUsers." },
      { id: 6, time: "2026-11-29T09:19:00.000Z", requestId: "r6", principal: "arn:aws:iam::000000000000:user/alice", action: "iam:GetUser", resource: "arn:aws:iam::000000000000:user/alice", decision: "allowed", summary: "Allowed by app-s3." },
    ];
    const withDecisions = treeOf({ ...sampleSnapshot, mode: "enforce" }, decisions);
    const section = withDecisions.at(-1)!;
    assert.equal(section.label, "Recent decisions");
    assert.equal(section.description, "2, 1 denied");
    assert.deepEqual(section.children!.map((d) => [d.label, d.description, d.runs, d.icon]), [
      ["implicit deny: iam:ListUsers", "user/bob → *", { command: "awsIdentityEmulator.openDecision", arguments: [7] }, "error"],
      ["allow: iam:GetUser", "user/alice → arn:aws:iam::000000000000:user/alice", { command: "awsIdentityEmulator.openDecision", arguments: [6] }, "pass"],
    ]);
  });

  it("keeps node ids unique, so VS Code can keep expansion across reloads", () => {
    const ids = [...walk(treeOf(largeSnapshot(200)))].map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe("trustedBy", () => {
  it("names services, accounts, federated providers and anyone", () => {
    const doc = (Principal: unknown) => JSON.stringify({ Statement: [{ Effect: "Allow", Principal, Action: "sts:AssumeRole" }] });
    assert.equal(trustedBy(doc({ Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] })), "ec2.amazonaws.com, lambda.amazonaws.com");
    assert.equal(trustedBy(doc({ AWS: "arn:aws:iam::111122223333:root" })), "account 111122223333");
    assert.equal(trustedBy(doc({ AWS: "111122223333" })), "account 111122223333");
    assert.equal(trustedBy(doc({ Federated: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com" })), "token.actions.githubusercontent.com");
    assert.equal(trustedBy(doc("*")), "anyone");
    assert.equal(trustedBy("not json"), "");
  });
});

describe("shortDate", () => {
  it("keeps date and minutes in UTC", () => {
    assert.equal(shortDate("2026-11-29T09:03:37.123Z"), "2026-11-29 09:03 UTC");
    assert.equal(shortDate(undefined), "");
  });
});
