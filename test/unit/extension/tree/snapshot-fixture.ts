// Snapshots for the tree's unit tests and bench/extension-tree.bench.ts, shaped as GET /_emulator/resources answers.
import type { ResourcesSnapshot, UserEntry } from "../../../../src/extension/tree/resource-snapshot.js";

const lambdaTrust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export const sampleSnapshot: ResourcesSnapshot = {
  accountId: "000000000000",
  region: "us-east-1",
  mode: "none",
  users: [
    {
      name: "alice", id: "AIDAALICE0000000000001", arn: "arn:aws:iam::000000000000:user/alice", path: "/", createDate: "2026-11-29T09:00:00.000Z",
      consolePassword: true, mfaDevices: [],
      accessKeys: [
        { id: "AKIAALICE00000000001", status: "Active", createDate: "2026-11-29T09:01:00.000Z" },
        { id: "AKIAALICE00000000002", status: "Inactive", createDate: "2026-11-29T09:02:00.000Z", lastUsedDate: "2026-11-29T09:05:00.000Z" },
      ],
      groups: ["admins"],
      attachedPolicies: [{ name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { name: "app-s3", arn: "arn:aws:iam::000000000000:policy/app-s3" }],
      inlinePolicies: ["scratch"],
      boundary: { name: "app-s3", arn: "arn:aws:iam::000000000000:policy/app-s3" },
      tags: [{ key: "team", value: "payments" }],
    },
    {
      name: "bob", id: "AIDABOB00000000000001", arn: "arn:aws:iam::000000000000:user/bob", path: "/", createDate: "2026-11-28T10:30:00.000Z",
      consolePassword: false, mfaDevices: [], accessKeys: [], groups: [], attachedPolicies: [], inlinePolicies: [], tags: [],
    },
  ],
  groups: [{
    name: "admins", id: "AGPAADMINS0000000001", arn: "arn:aws:iam::000000000000:group/admins", path: "/", createDate: "2026-11-29T09:00:00.000Z",
    members: ["alice"], attachedPolicies: [{ name: "app-s3", arn: "arn:aws:iam::000000000000:policy/app-s3" }], inlinePolicies: [],
  }],
  roles: [{
    name: "app", id: "AROAAPP0000000000001", arn: "arn:aws:iam::000000000000:role/app", path: "/", createDate: "2026-11-29T09:00:00.000Z",
    maxSessionDuration: 3600, trustPolicy: lambdaTrust,
    attachedPolicies: [{ name: "app-s3", arn: "arn:aws:iam::000000000000:policy/app-s3" }], inlinePolicies: ["logs"],
    instanceProfiles: ["app-profile"], lastUsed: { date: "2026-11-29T09:10:00.000Z", region: "us-east-1" }, tags: [],
  }],
  policies: [
    {
      name: "ReadOnlyAccess", arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", path: "/", awsManaged: true, id: "ANPAILL3HVNFSB6DCOWYQ",
      defaultVersionId: "v120", attachmentCount: 1, versions: [],
    },
    {
      name: "app-s3", arn: "arn:aws:iam::000000000000:policy/app-s3", path: "/", awsManaged: false, id: "ANPAAPPS3000000000001",
      createDate: "2026-11-29T09:00:00.000Z", updateDate: "2026-11-29T09:03:00.000Z", defaultVersionId: "v2", attachmentCount: 3,
      versions: [
        { id: "v2", isDefault: true, createDate: "2026-11-29T09:03:00.000Z" },
        { id: "v1", isDefault: false, createDate: "2026-11-29T09:00:00.000Z" },
      ],
    },
  ],
  oidcProviders: [{ arn: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com", url: "token.actions.githubusercontent.com", clientIds: ["sts.amazonaws.com"], createDate: "2026-11-29T09:00:00.000Z" }],
  samlProviders: [],
  userPools: [{
    id: "us-east-1_Abc123", name: "customers", arn: "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Abc123", region: "us-east-1",
    createDate: "2026-11-29T09:00:00.000Z", mfa: "OFF",
    clients: [{ id: "client1", name: "web", hasSecret: false, createDate: "2026-11-29T09:00:00.000Z", authFlows: ["ALLOW_USER_SRP_AUTH"] }],
    users: [
      { username: "carol", sub: "sub-carol", status: "CONFIRMED", enabled: true, email: "carol@example.com", createDate: "2026-11-29T09:00:00.000Z", groups: ["vip"] },
      { username: "dave", sub: "sub-dave", status: "FORCE_CHANGE_PASSWORD", enabled: false, createDate: "2026-11-29T09:00:00.000Z", groups: [] },
    ],
    groups: [{ name: "vip", precedence: 1, members: 1 }],
    resourceServers: [], identityProviders: [],
  }],
  identityPools: [{
    id: "us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab", name: "app-identities", region: "us-east-1",
    arn: "arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab",
    createDate: "2026-11-29T09:00:00.000Z", allowUnauthenticated: true, allowClassicFlow: false,
    providers: ["cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123:client1"],
    roles: { authenticated: "arn:aws:iam::000000000000:role/app" },
    roleMappings: [{ provider: "cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123:client1", type: "Token" }],
    identityCount: 2,
    identities: [
      { id: "us-east-1:00000000-0000-4000-8000-000000000001", logins: ["cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123"], createDate: "2026-11-29T09:00:00.000Z", lastModifiedDate: "2026-11-29T09:05:00.000Z" },
      { id: "us-east-1:00000000-0000-4000-8000-000000000002", logins: [], createDate: "2026-11-29T09:01:00.000Z", lastModifiedDate: "2026-11-29T09:01:00.000Z" },
    ],
  }],
};

/** An account with `count` users, each with a key, a group and a policy, as a busy test account has. */
export function largeSnapshot(count: number): ResourcesSnapshot {
  const users: UserEntry[] = [];
  for (let i = 0; i < count; i++) {
    const name = `user-${String(i).padStart(5, "0")}`;
    users.push({
      name, id: `AIDA${String(i).padStart(17, "0")}`, arn: `arn:aws:iam::000000000000:user/${name}`, path: "/", createDate: "2026-11-29T09:00:00.000Z",
      consolePassword: i % 3 === 0, mfaDevices: [],
      accessKeys: [{ id: `AKIA${String(i).padStart(16, "0")}`, status: i % 2 ? "Active" : "Inactive", createDate: "2026-11-29T09:00:00.000Z" }],
      groups: [`group-${i % 10}`], attachedPolicies: [{ name: "app-s3", arn: "arn:aws:iam::000000000000:policy/app-s3" }],
      inlinePolicies: i % 5 === 0 ? ["scratch"] : [], tags: [{ key: "n", value: String(i) }],
    });
  }
  return { ...sampleSnapshot, users };
}
