// Cognito sign-ins per second against the real CLI: USER_PASSWORD_AUTH and USER_SRP_AUTH (+ PASSWORD_VERIFIER),
// with 1 and 4 concurrent clients over keep-alive HTTP, plus amazon-cognito-identity-js's SRP (a pure-JS
// client, so its own 3072-bit arithmetic dominates), the in-process cost of each step, and a sign-in whose pre
// token generation trigger runs from a local handler file (a warm worker process).
// Run: node esbuild.mjs && node --import tsx bench/cognito.bench.ts   (about 30 s)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { spawnEmulator } from "../test/support/emulator.js";
import { claimSignature, g, hexHash, k, makeVerifier, modPow, N, padHex, passwordX, serverEphemeral, serverSessionKey, sessionKey, srpTimestamp, verifierMatches } from "../src/services/cognito/srp.js";

const SECONDS = 4;
const PASSWORD = "Bench-Password-1";
const USERS = 50;

async function rpc(endpoint: string, target: string, body: unknown): Promise<any> {
  const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${target}` }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${target}: ${JSON.stringify(json)}`);
  return json;
}

/** SRP as the clients compute it, with OpenSSL doing the big exponentiations (so the server is what is measured). */
async function srpSignIn(endpoint: string, poolId: string, clientId: string, username: string): Promise<void> {
  const a = BigInt(`0x${randomBytes(32).toString("hex")}`);
  const A = modPow(g, a);
  const start = await rpc(endpoint, "InitiateAuth", { AuthFlow: "USER_SRP_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username, SRP_A: A.toString(16) } });
  const p = start.ChallengeParameters as Record<string, string>;
  const B = BigInt(`0x${p.SRP_B}`);
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
  const poolName = poolId.split("_")[1]!;
  const x = passwordX(poolName, p.USER_ID_FOR_SRP!, PASSWORD, p.SALT!);
  const base = (((B - k * modPow(g, x)) % N) + N) % N;
  const S = modPow(base, a + u * x);
  const timestamp = srpTimestamp(new Date());
  const signature = claimSignature(sessionKey(S, u), poolName, p.USER_ID_FOR_SRP!, p.SECRET_BLOCK!, timestamp);
  const done = await rpc(endpoint, "RespondToAuthChallenge", { ChallengeName: "PASSWORD_VERIFIER", ClientId: clientId, ChallengeResponses: {
    USERNAME: p.USERNAME, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp } });
  if (!done.AuthenticationResult?.AccessToken) throw new Error("SRP sign-in gave no tokens");
}

async function passwordSignIn(endpoint: string, clientId: string, username: string): Promise<void> {
  const out = await rpc(endpoint, "InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD } });
  if (!out.AuthenticationResult?.AccessToken) throw new Error("no tokens");
}

function libSignIn(endpoint: string, poolId: string, clientId: string, username: string): Promise<void> {
  const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${endpoint}/` }) });
  return new Promise((resolve, reject) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), { onSuccess: () => resolve(), onFailure: reject }));
}

async function measure(name: string, concurrency: number, seconds: number, once: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < concurrency * 2; i++) await once(i); // warm-up
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      await once(n++);
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`${name.padEnd(56)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} sign-ins/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`);
}

function perCall(name: string, count: number, fn: () => void): void {
  fn();
  const t = performance.now();
  for (let i = 0; i < count; i++) fn();
  console.log(`${name.padEnd(56)} ${((performance.now() - t) / count).toFixed(2).padStart(8)} ms per call`);
}

async function main(): Promise<void> {
  console.log("in-process (one core):");
  const verifier = makeVerifier("AbC123xyZ", "alice", PASSWORD);
  perCall("  password check (g^x mod N, 3072-bit)", 100, () => { verifierMatches(verifier, "AbC123xyZ", "alice", PASSWORD); });
  perCall("  SRP server side (B, then the session key)", 50, () => {
    const { b, B } = serverEphemeral(verifier.verifier);
    serverSessionKey(modPow(g, 12345n), B, b, verifier.verifier);
  });

  // A pre token generation trigger that adds one claim, run from a handler file by the emulator.
  const handlers = mkdtempSync(join(tmpdir(), "aie-bench-trigger-"));
  writeFileSync(join(handlers, "pre-token.mjs"), "export const handler = async (event) => { event.response.claimsOverrideDetails = { claimsToAddOrOverride: { bench: \"yes\" } }; return event; };\n");
  const emu = await spawnEmulator({ args: ["--no-persist", "--lambda-handlers", `pre-token=${join(handlers, "pre-token.mjs")}`] });
  try {
    const endpoint = emu.ready.endpoint;
    const { UserPool } = await rpc(endpoint, "CreateUserPool", { PoolName: "bench" });
    const poolId = UserPool.Id as string;
    const { UserPoolClient } = await rpc(endpoint, "CreateUserPoolClient", { UserPoolId: poolId, ClientName: "bench",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    const clientId = UserPoolClient.ClientId as string;
    for (let i = 0; i < USERS; i++) {
      await rpc(endpoint, "AdminCreateUser", { UserPoolId: poolId, Username: `user${i}`, MessageAction: "SUPPRESS" });
      await rpc(endpoint, "AdminSetUserPassword", { UserPoolId: poolId, Username: `user${i}`, Password: PASSWORD, Permanent: true });
    }
    console.log(`over HTTP (${endpoint}, --no-persist; each sign-in issues 2 RS256 JWTs and writes a session):`);
    for (const c of [1, 4]) await measure(`  USER_PASSWORD_AUTH, ${c} client(s)`, c, SECONDS, (i) => passwordSignIn(endpoint, clientId, `user${i % USERS}`));
    for (const c of [1, 4]) await measure(`  USER_SRP_AUTH + PASSWORD_VERIFIER, ${c} client(s)`, c, SECONDS, (i) => srpSignIn(endpoint, poolId, clientId, `user${i % USERS}`));
    await measure("  amazon-cognito-identity-js SRP (pure-JS client), 1 client", 1, SECONDS, (i) => libSignIn(endpoint, poolId, clientId, `user${i % USERS}`));
    await rpc(endpoint, "UpdateUserPool", { UserPoolId: poolId, LambdaConfig: { PreTokenGeneration: "arn:aws:lambda:us-east-1:000000000000:function:pre-token" } });
    console.log("with a pre token generation trigger from a local handler file (one warm worker, one invocation at a time):");
    for (const c of [1, 4]) await measure(`  USER_PASSWORD_AUTH, ${c} client(s)`, c, SECONDS, (i) => passwordSignIn(endpoint, clientId, `user${i % USERS}`));
  } finally {
    await emu.stop();
    rmSync(handlers, { recursive: true, force: true });
  }
}

void main();
