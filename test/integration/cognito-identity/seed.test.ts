// The seed file's identity_pools (under "cognito"), the resources snapshot the tree reads, and identities
// surviving a restart: the seed is applied once, the pool keeps its id, a returning user keeps their identity.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityClient, DescribeIdentityPoolCommand, GetCredentialsForIdentityCommand, GetIdCommand, GetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, InitiateAuthCommand, ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { spawnEmulator, type EmulatorProcess } from "../../support/emulator.js";

const dir = mkdtempSync(join(tmpdir(), "aie-identity-seed-"));
const seedFile = join(dir, "seed.json");
const POOL = "us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab";
const PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01";
const trust = (amr: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" },
  Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": POOL }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr } } }] });
writeFileSync(seedFile, JSON.stringify({
  iam: { roles: [{ name: "app-user", assume_role_policy: trust("authenticated") }, { name: "app-guest", assume_role_policy: trust("unauthenticated") }] },
  cognito: {
    user_pools: [{ name: "app-users", id: "us-east-1_Example01", clients: [{ name: "web", id: "exampleclientid00000000001" }],
      users: [{ username: "alice", password: "Passw0rd!" }] }],
    identity_pools: [{
      name: "app identities", id: POOL, allow_unauthenticated: true,
      user_pools: [{ user_pool_id: "us-east-1_Example01", client_id: "exampleclientid00000000001" }],
      roles: { authenticated: "app-user", unauthenticated: "arn:aws:iam::000000000000:role/app-guest" },
      role_mappings: { [`${PROVIDER}:exampleclientid00000000001`]: { type: "Token", ambiguous_role_resolution: "AuthenticatedRole" } },
      tags: { team: "web" },
    }],
  },
}));
after(() => rmSync(dir, { recursive: true, force: true }));

function clientsOf(emu: EmulatorProcess) {
  const r = emu.ready;
  const config = { endpoint: r.endpoint, region: r.region, credentials: { accessKeyId: r.accessKeyId, secretAccessKey: r.secretAccessKey }, maxAttempts: 1 };
  return { identity: new CognitoIdentityClient(config), userPools: new CognitoIdentityProviderClient(config) };
}

async function signIn(emu: EmulatorProcess): Promise<Record<string, string>> {
  const auth = await clientsOf(emu).userPools.send(new InitiateAuthCommand({
    ClientId: "exampleclientid00000000001", AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Passw0rd!" },
  }));
  return { [PROVIDER]: auth.AuthenticationResult!.IdToken! };
}

describe("identity pools in the seed file", () => {
  const dataDir = join(dir, "data");
  let aliceIdentity = "";

  it("loads the pool with its id, providers, roles (names become ARNs), mappings and tags; the tree's snapshot lists it", async () => {
    const emu = await spawnEmulator({ dataDir, args: ["--seed", seedFile] });
    try {
      const { identity } = clientsOf(emu);
      const pool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: POOL }));
      assert.deepEqual([pool.IdentityPoolName, pool.AllowUnauthenticatedIdentities, pool.IdentityPoolTags], ["app identities", true, { team: "web" }]);
      assert.deepEqual(pool.CognitoIdentityProviders, [{ ProviderName: PROVIDER, ClientId: "exampleclientid00000000001", ServerSideTokenCheck: false }]);
      const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: POOL }));
      assert.deepEqual(roles.Roles, { authenticated: "arn:aws:iam::000000000000:role/app-user", unauthenticated: "arn:aws:iam::000000000000:role/app-guest" });
      assert.deepEqual(roles.RoleMappings, { [`${PROVIDER}:exampleclientid00000000001`]: { Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" } });

      const logins = await signIn(emu);
      aliceIdentity = (await identity.send(new GetIdCommand({ IdentityPoolId: POOL, Logins: logins }))).IdentityId!;
      await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: aliceIdentity, Logins: logins }));
      const snapshot = await (await fetch(`${emu.ready.endpoint}/_emulator/resources`)).json() as { identityPools: any[] };
      assert.equal(snapshot.identityPools.length, 1);
      const entry = snapshot.identityPools[0];
      assert.deepEqual([entry.id, entry.name, entry.region, entry.allowUnauthenticated, entry.identityCount], [POOL, "app identities", "us-east-1", true, 1]);
      assert.equal(entry.arn, `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${POOL}`);
      assert.deepEqual(entry.providers, [`${PROVIDER}:exampleclientid00000000001`]);
      assert.deepEqual(entry.roles, roles.Roles);
      assert.deepEqual(entry.roleMappings, [{ provider: `${PROVIDER}:exampleclientid00000000001`, type: "Token" }]);
      assert.deepEqual(entry.identities.map((i: any) => [i.id, i.logins]), [[aliceIdentity, [PROVIDER]]]);

      // Exported as a seed again (what "Export as seed file" writes), the pool is as it was given, roles as ARNs.
      const exported = await (await fetch(`${emu.ready.endpoint}/_emulator/seed`)).json() as { seed: { cognito: { identity_pools: unknown[] } }; leftOut: string[] };
      assert.deepEqual(exported.seed.cognito.identity_pools, [{
        name: "app identities", id: POOL, allow_unauthenticated: true,
        user_pools: [{ user_pool_id: "us-east-1_Example01", client_id: "exampleclientid00000000001" }],
        roles: roles.Roles,
        role_mappings: { [`${PROVIDER}:exampleclientid00000000001`]: { type: "Token", ambiguous_role_resolution: "AuthenticatedRole" } },
        tags: { team: "web" },
      }]);
      assert.ok(exported.leftOut.includes("identity pool app identities: 1 identity (a seed makes pools, apps make identities)"), exported.leftOut.join("; "));
      // In a state file the pool's signing key is a marked secret, and the global index rows name their account.
      const state = await (await fetch(`${emu.ready.endpoint}/_emulator/state`)).json() as { tables: Record<string, [string, any][]> };
      const [[, row]] = state.tables["000000000000/us-east-1/cognito-identity/pools"]!;
      assert.deepEqual(Object.keys(row.signingKey), ["$secret"]);
      for (const table of ["global/cognito-identity/pools", "global/cognito-identity/identities"]) {
        assert.deepEqual(state.tables[table]!.map(([, r]) => r.accountId), ["000000000000"], table);
      }
    } finally {
      await emu.stop();
    }
  });

  it("after a restart (the seed applied again and skipped), the returning user finds the same identity", async () => {
    const emu = await spawnEmulator({ dataDir, args: ["--seed", seedFile] });
    try {
      const { identity } = clientsOf(emu);
      assert.equal((await identity.send(new GetIdCommand({ IdentityPoolId: POOL, Logins: await signIn(emu) }))).IdentityId, aliceIdentity);
    } finally {
      await emu.stop();
    }
  });

  it("in a China Region the names it makes into ARNs (roles, trigger functions) are arn:aws-cn:", async () => {
    const cnSeed = join(dir, "cn.json");
    const cnPool = "cn-north-1:1b2c3d4e-0000-4000-8000-1234567890ab";
    writeFileSync(cnSeed, JSON.stringify({ cognito: {
      user_pools: [{ name: "cn-users", lambda_config: { PreSignUp: "check-sign-up" } }],
      identity_pools: [{ name: "cn identities", id: cnPool, roles: { authenticated: "app-user" } }],
    } }));
    const emu = await spawnEmulator({ args: ["--region", "cn-north-1", "--seed", cnSeed] });
    try {
      const { identity, userPools } = clientsOf(emu);
      const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: cnPool }));
      assert.deepEqual(roles.Roles, { authenticated: "arn:aws-cn:iam::000000000000:role/app-user" });
      const [pool] = (await userPools.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools!;
      const described = await userPools.send(new DescribeUserPoolCommand({ UserPoolId: pool!.Id }));
      assert.equal(described.UserPool!.LambdaConfig!.PreSignUp, "arn:aws-cn:lambda:cn-north-1:000000000000:function:check-sign-up");
    } finally {
      await emu.stop();
    }
  });

  it("a malformed entry stops start-up with the file, the path and the problem", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ cognito: { identity_pools: [{ name: "x", id: "eu-west-1:abc" }] } }));
    await assert.rejects(spawnEmulator({ args: ["--seed", bad] }),
      /Seed file .*bad\.json, at \$\.cognito: \$\.cognito\.identity_pools\[0\]\.id must look like us-east-1:1b2c3d4e-0000-4000-8000-1234567890ab/);
  });
});
