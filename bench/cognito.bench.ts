// Cognito sign-ins per second, ours beside moto's server and cognito-local in the same run: USER_PASSWORD_AUTH,
// and USER_SRP_AUTH + PASSWORD_VERIFIER with a client whose SRP math is native (its own cost is printed), with 1
// and 4 clients over keep-alive connections. Fixed work per run, any non-2xx answer or missing token fails the
// run, min/median/max over repeated runs. Then amazon-cognito-identity-js (a pure-JS client) for scale, and
// USER_PASSWORD_AUTH with a pre token generation trigger run from a local handler file (a warm worker process).
// Run: node esbuild.mjs && node --import tsx bench/cognito.bench.ts
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { Connection, Latencies, Non2xx, percentile, type LoadResult } from "./lib/http-load.js";
import { COGNITO_LOCAL_VERSION, ensureCognitoLocal, motoMissing, startCognitoLocal, startEmulator, startMoto, type Server } from "./lib/processes.js";
import { fmtRate, quick, repeat, Report, runCount, times, type Repeated } from "./lib/report.js";
import { cognitoRequest } from "./lib/signed.js";
import { ephemeral, forgetVerifiers, passwordClaim, type Ephemeral } from "./lib/srp-client.js";
import { makeVerifier, serverEphemeral, serverSessionKey } from "../src/services/cognito/srp.js";

const PASSWORD = "Bench-Password-1";
const USERS = 50;
const RUNS = runCount(3, 2);
const report = new Report("cognito");

interface Pool { readonly server: Server; readonly poolId: string; readonly clientId: string; readonly users: string[] }

async function rpc(c: Connection, s: Server, target: string, input: unknown): Promise<any> {
  const a = await c.request(cognitoRequest(s.host, s.port, target, input));
  if (a.status !== 200) throw new Non2xx(a.status, a.body, `${s.name} ${target}`);
  return a.body.length ? JSON.parse(a.body.toString("utf8")) : {};
}

async function setUp(server: Server): Promise<Pool> {
  const c = await Connection.open(server.host, server.port);
  try {
    const { UserPool } = await rpc(c, server, "CreateUserPool", { PoolName: "bench" });
    const { UserPoolClient } = await rpc(c, server, "CreateUserPoolClient", { UserPoolId: UserPool.Id, ClientName: "bench",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    const users = Array.from({ length: USERS }, (_, i) => `user${i}@example.com`); // cognito-local's default pool wants e-mail names
    for (const Username of users) {
      await rpc(c, server, "AdminCreateUser", { UserPoolId: UserPool.Id, Username, MessageAction: "SUPPRESS" });
      await rpc(c, server, "AdminSetUserPassword", { UserPoolId: UserPool.Id, Username, Password: PASSWORD, Permanent: true });
    }
    return { server, poolId: UserPool.Id, clientId: UserPoolClient.ClientId, users };
  } finally { c.close(); }
}

/** `count` sign-ins spread over `clients` connections; elapsed time from the first request to the last answer. */
async function signIns(pool: Pool, clients: number, count: number, once: (c: Connection, i: number) => Promise<void>): Promise<LoadResult> {
  const conns = await Promise.all(Array.from({ length: clients }, () => Connection.open(pool.server.host, pool.server.port)));
  const lat = new Latencies();
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(conns.map(async (c) => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await once(c, i);
        lat.add(performance.now() - t);
      }
    }));
  } finally { for (const c of conns) c.close(); }
  const seconds = (performance.now() - t0) / 1000;
  const sorted = lat.sorted();
  return { requests: lat.count, seconds, perSecond: lat.count / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1]! };
}

const hasToken = (body: { AuthenticationResult?: { AccessToken?: string } }, who: string) => {
  if (!body.AuthenticationResult?.AccessToken) throw new Error(`${who}: sign-in gave no tokens: ${JSON.stringify(body).slice(0, 200)}`);
};

function passwordRun(pool: Pool, clients: number, count: number): Promise<LoadResult> {
  const { server, clientId, users } = pool;
  const requests = users.map((USERNAME) => cognitoRequest(server.host, server.port, "InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME, PASSWORD } }));
  return signIns(pool, clients, count, async (c, i) => {
    const a = await c.request(requests[i % users.length]!);
    if (a.status !== 200) throw new Non2xx(a.status, a.body, `${server.name} USER_PASSWORD_AUTH`);
    hasToken(JSON.parse(a.body.toString("utf8")), server.name);
  });
}

/** The client's ephemerals are made before the run (they depend on nothing the server says). */
function srpRun(pool: Pool, clients: number, count: number): Promise<LoadResult> {
  const { server, clientId, users, poolId } = pool;
  const poolName = poolId.split("_")[1]!;
  const ephemerals: Ephemeral[] = Array.from({ length: count }, ephemeral);
  return signIns(pool, clients, count, async (c, i) => {
    const e = ephemerals[i]!;
    const start = await rpc(c, server, "InitiateAuth", { AuthFlow: "USER_SRP_AUTH", ClientId: clientId, AuthParameters: { USERNAME: users[i % users.length], SRP_A: e.A.toString(16) } });
    const done = await rpc(c, server, "RespondToAuthChallenge", { ChallengeName: "PASSWORD_VERIFIER", ClientId: clientId,
      ...(start.Session && { Session: start.Session }), ChallengeResponses: passwordClaim(poolName, PASSWORD, e, start.ChallengeParameters) });
    hasToken(done, server.name);
  });
}

function libSignIn(pool: Pool, username: string): Promise<void> {
  const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: pool.poolId, ClientId: pool.clientId, endpoint: `${pool.server.endpoint}/` }) });
  return new Promise((resolve, reject) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), { onSuccess: () => resolve(), onFailure: reject }));
}

/** CPU milliseconds per call of `fn` in this process. */
function cpuMs(count: number, fn: () => void): number {
  fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < count; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / count;
}

/** RS256 signatures per second with a 2048-bit key, signed as the emulator signs tokens (libuv's thread pool,
 * 8 in flight), with this process doing nothing else. */
async function rs256PerSecond(count: number): Promise<number> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const input = Buffer.from("x".repeat(900)); // about a token's header and claims
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next++ < count) await new Promise<void>((resolve, reject) => sign("sha256", input, privateKey, (err) => (err ? reject(err) : resolve())));
  }));
  return count / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "aie-cognito-"));
  const servers: Server[] = [];
  try {
    // A pre token generation trigger that adds one claim, from a handler file; attached to the pool at the end.
    const handler = join(dir, "pre-token.mjs");
    writeFileSync(handler, "export const handler = async (event) => { event.response.claimsOverrideDetails = { claimsToAddOrOverride: { bench: \"yes\" } }; return event; };\n");
    const ours = await setUp(await startEmulator(["--data-dir", join(dir, "ours"), "--lambda-handlers", `pre-token=${handler}`]));
    servers.push(ours.server);
    const motoAbsent = motoMissing();
    const moto = motoAbsent ? undefined : await setUp(await startMoto());
    if (moto) servers.push(moto.server);
    const clAbsent = ensureCognitoLocal();
    const cl = clAbsent ? undefined : await setUp(await startCognitoLocal(join(dir, "cognito-local")));
    if (cl) servers.push(cl.server);
    const absent = (why: string | undefined) => why && `not run: ${why}`;

    // Sign-ins per run: a second or two of work each, so the whole bench stays within minutes.
    const COUNT = quick ? 200 : 800;         // USER_PASSWORD_AUTH against ours
    const SRP_COUNT = quick ? 100 : 300;     // SRP against ours (a few hundred a second at most)
    const PEER_COUNT = quick ? 50 : 150;
    const peer = async (p: Pool | undefined, why: string | undefined, run: (p: Pool) => Promise<LoadResult>, ourRate: number): Promise<string | undefined> => {
      if (!p) return absent(why);
      try {
        const r = await repeat(RUNS, () => run(p));
        return `${fmtRate(r, "sign-ins/s")}; ours is ${times(ourRate, r.rate.median)}`;
      } catch (err) {
        return `not measured: ${(err as Error).message.slice(0, 160)}`;
      }
    };
    const target = (r: Repeated, min: number) => ({ target: `≥ ${min.toLocaleString("en-US")}/s with 4 clients, p99 < 20 ms`, met: r.rate.median >= min && r.p99 < 20 });

    for (const clients of [1, 4]) {
      const r = await repeat(RUNS, () => passwordRun(ours, clients, COUNT));
      report.add({
        id: `password-${clients}`, what: `USER_PASSWORD_AUTH, ${USERS} users signed in again and again, ${clients} client${clients > 1 ? "s" : ""}`, ours: fmtRate(r, "sign-ins/s"),
        moto: await peer(moto, motoAbsent, (p) => passwordRun(p, clients, PEER_COUNT), r.rate.median),
        cognitoLocal: await peer(cl, clAbsent, (p) => passwordRun(p, clients, PEER_COUNT), r.rate.median),
        ...(clients === 4 && target(r, 1000)),
      });
    }
    for (const clients of [1, 4]) {
      const r = await repeat(RUNS, () => srpRun(ours, clients, SRP_COUNT));
      report.add({
        id: `srp-${clients}`, what: `USER_SRP_AUTH + PASSWORD_VERIFIER (native-math client), ${clients} client${clients > 1 ? "s" : ""}`, ours: fmtRate(r, "sign-ins/s"),
        moto: await peer(moto, motoAbsent, (p) => srpRun(p, clients, PEER_COUNT), r.rate.median),
        cognitoLocal: await peer(cl, clAbsent, (p) => srpRun(p, clients, PEER_COUNT), r.rate.median),
        ...(clients === 4 && target(r, 500)),
      });
    }

    // What the native-math client spends per SRP sign-in, on this machine: A = g^a, g^x (kept per user), S.
    const fakeChallenge = { USER_ID_FOR_SRP: "user0", SALT: "a1b2c3d4e5f60718293a4b5c6d7e8f90", SRP_B: ephemeral().A.toString(16), SECRET_BLOCK: "AAAA", USERNAME: "user0" };
    const e0 = ephemeral();
    const aMs = cpuMs(50, () => { ephemeral(); });
    const sMs = cpuMs(50, () => { passwordClaim("bench", PASSWORD, e0, fakeChallenge); });
    const xMs = cpuMs(20, () => { forgetVerifiers(); passwordClaim("bench", PASSWORD, e0, fakeChallenge); }) - sMs;
    report.add({ id: "srp-client", what: "the native-math SRP client's own cost per sign-in (one core)",
      ours: `${(aMs + sMs).toFixed(2)} ms CPU (A = g^a ${aMs.toFixed(2)} ms, made before the run; S and the claim ${sMs.toFixed(2)} ms; g^x ${xMs.toFixed(2)} ms once per user)` });

    // What this machine can do at all: every sign-in signs two RS256 tokens (ID and access), and an SRP sign-in
    // adds the server's three 3072-bit exponentiations and the client's own.
    const signatures = await rs256PerSecond(quick ? 400 : 4000);
    const verifier = makeVerifier("bench", "user0", PASSWORD).verifier;
    const serverMs = cpuMs(50, () => { const { b, B } = serverEphemeral(verifier); serverSessionKey(e0.A, B, b, verifier); });
    const srpCeiling = (cpus().length * 1000) / (serverMs + sMs + 2 * (cpus().length * 1000 / signatures));
    report.add({ id: "signin-ceiling", what: "the machine's ceiling for sign-ins: two RS256 signatures (2048-bit key) each, and for SRP the server's and the client's 3072-bit arithmetic",
      ours: `${Math.round(signatures).toLocaleString("en-US")} RS256 signatures/s on all ${cpus().length} cores with nothing else running: at most ${Math.round(signatures / 2).toLocaleString("en-US")} sign-ins/s; ` +
        `SRP: server ${serverMs.toFixed(2)} ms + client ${sMs.toFixed(2)} ms CPU per sign-in besides the signatures: at most ${Math.round(srpCeiling).toLocaleString("en-US")} SRP sign-ins/s` });

    const libCount = quick ? 3 : 10;
    const t0 = performance.now();
    for (let i = 0; i < libCount; i++) await libSignIn(ours, ours.users[i % USERS]!);
    report.add({ id: "srp-library", what: "amazon-cognito-identity-js SRP sign-in (pure-JS client math), 1 client",
      ours: `${(libCount / ((performance.now() - t0) / 1000)).toFixed(1)} sign-ins/s (the client's own BigInt arithmetic is most of it)` });

    const c = await Connection.open(ours.server.host, ours.server.port);
    try {
      await rpc(c, ours.server, "UpdateUserPool", { UserPoolId: ours.poolId, LambdaConfig: { PreTokenGeneration: "arn:aws:lambda:us-east-1:000000000000:function:pre-token" } });
    } finally { c.close(); }
    for (const clients of [1, 4]) {
      const r = await repeat(RUNS, () => passwordRun(ours, clients, COUNT / 4));
      report.add({ id: `trigger-${clients}`, what: `USER_PASSWORD_AUTH with a pre token generation trigger from a local handler file (one warm worker), ${clients} client${clients > 1 ? "s" : ""}`,
        ours: fmtRate(r, "sign-ins/s") });
    }
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report.save();
  console.log(`  peers: moto ${motoMissing() ? "absent" : "python3 -m moto.server"}, cognito-local ${COGNITO_LOCAL_VERSION} (npm)`);
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
