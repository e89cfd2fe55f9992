// Identity pool calls per second against the real CLI: GetId for guests, and GetCredentialsForIdentity for a
// signed-in user (the ID token verified in-process, the role's trust policy evaluated — in every mode — and
// an STS session written), with 1 and 4 concurrent clients over keep-alive HTTP.
// Run: node esbuild.mjs && node --import tsx bench/identity-pools.bench.ts   (about 20 s; --quick: 5 s)
import { spawnEmulator } from "../test/support/emulator.js";

const SECONDS = process.argv.includes("--quick") ? 1 : 4;
const PASSWORD = "Bench-Password-1";

async function rpc(endpoint: string, target: string, body: unknown): Promise<any> {
  const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${target}: ${JSON.stringify(json)}`);
  return json;
}
const idp = (endpoint: string, op: string, body: unknown) => rpc(endpoint, `AWSCognitoIdentityProviderService.${op}`, body);
const identity = (endpoint: string, op: string, body: unknown) => rpc(endpoint, `AWSCognitoIdentityService.${op}`, body);

async function measure(name: string, concurrency: number, once: () => Promise<void>): Promise<void> {
  for (let i = 0; i < concurrency * 2; i++) await once(); // warm-up
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      await once();
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`${name.padEnd(60)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} req/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`);
}

async function main(): Promise<void> {
  // Mode none, so set-up needs no signatures; the public calls do the same work in every mode.
  const emu = await spawnEmulator({ args: ["--no-persist"] });
  try {
    const endpoint = emu.ready.endpoint;
    const { UserPool } = await idp(endpoint, "CreateUserPool", { PoolName: "bench" });
    const { UserPoolClient } = await idp(endpoint, "CreateUserPoolClient", { UserPoolId: UserPool.Id, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await idp(endpoint, "AdminCreateUser", { UserPoolId: UserPool.Id, Username: "alice", MessageAction: "SUPPRESS" });
    await idp(endpoint, "AdminSetUserPassword", { UserPoolId: UserPool.Id, Username: "alice", Password: PASSWORD, Permanent: true });
    const auth = await idp(endpoint, "InitiateAuth", { ClientId: UserPoolClient.ClientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD } });
    const provider = `cognito-idp.us-east-1.amazonaws.com/${UserPool.Id}`;
    const pool = await identity(endpoint, "CreateIdentityPool", {
      IdentityPoolName: "bench", AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: provider, ClientId: UserPoolClient.ClientId }],
    });
    const trust = (amr: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": pool.IdentityPoolId }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr } } }] });
    const role = async (name: string, amr: string) => {
      const res = await fetch(`${endpoint}/?Action=CreateRole&Version=2010-05-08&RoleName=${name}&AssumeRolePolicyDocument=${encodeURIComponent(trust(amr))}`, { method: "POST" });
      if (res.status !== 200) throw new Error(await res.text());
      return `arn:aws:iam::000000000000:role/${name}`;
    };
    await identity(endpoint, "SetIdentityPoolRoles", { IdentityPoolId: pool.IdentityPoolId, Roles: { authenticated: await role("member", "authenticated"), unauthenticated: await role("guest", "unauthenticated") } });
    const logins = { [provider]: auth.AuthenticationResult.IdToken };
    const { IdentityId } = await identity(endpoint, "GetId", { IdentityPoolId: pool.IdentityPoolId, Logins: logins });

    console.log(`over HTTP (${endpoint}, --no-persist):`);
    for (const c of [1, 4]) await measure(`  GetId, a new guest identity each, ${c} client(s)`, c, () => identity(endpoint, "GetId", { IdentityPoolId: pool.IdentityPoolId }));
    for (const c of [1, 4]) {
      await measure(`  GetCredentialsForIdentity, signed-in user, ${c} client(s)`, c, () => identity(endpoint, "GetCredentialsForIdentity", { IdentityId, Logins: logins }));
    }
  } finally {
    await emu.stop();
  }
}

void main();
