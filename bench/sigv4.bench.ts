// SigV4 verification throughput on one core: parse + verify of requests signed by the SDK's own signer.
// Run: node --import tsx bench/sigv4.bench.ts   (about 10 s on an idle machine)
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest, buildQueryString } from "@smithy/core/protocols";
import type { SignedRequest } from "../src/auth/sigv4.js";
import { bundled } from "./lib/bundled.js";
import { Report } from "./lib/report.js";

const { parseSigV4, verifySigV4 } = bundled<typeof import("../src/auth/sigv4.js")>("src/auth/sigv4.ts");

const NOW = new Date("2026-11-29T08:30:00Z");
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const DISTINCT = 100;   // different requests per scenario, so nothing is accidentally cached
const MANY_KEYS = 300;  // more than the signing-key cache keeps (256)
const SECONDS = 1.5;    // CPU time measured per scenario

type Init = { method: string; query?: Record<string, string>; headers: Record<string, string>; body?: string };

function wire(r: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  return { method: r.method, path: r.path, rawQuery: buildQueryString((r.query ?? {}) as Record<string, string>),
    headers, body: Buffer.from(typeof r.body === "string" ? r.body : "") };
}

async function sign(service: string, init: (i: number) => Init, secret: (i: number) => string, presign = false, count = DISTINCT): Promise<SignedRequest[]> {
  const out: SignedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const s = new SignatureV4({ service, region: "us-east-1", sha256: Sha256,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret(i) } });
    const { method, query, headers, body } = init(i);
    const req = new HttpRequest({ method, hostname: "localhost", port: 4566, path: "/", query: query ?? {},
      headers: { host: "localhost:4566", "user-agent": "aws-sdk-js/3 bench", "amz-sdk-invocation-id": `id-${i}`, "amz-sdk-request": "attempt=1; max=3", ...headers },
      ...(body !== undefined && { body }) });
    out.push(wire(presign ? await s.presign(req, { signingDate: NOW, expiresIn: 900 }) : await s.sign(req, { signingDate: NOW }) as HttpRequest));
  }
  return out;
}

function measure(name: string, reqs: SignedRequest[], secret: (i: number) => string): number {
  const secrets = reqs.map((_, i) => secret(i));
  const count = reqs.length;
  for (let i = 0; i < 2000; i++) verifySigV4(reqs[i % count]!, parseSigV4(reqs[i % count]!)!, secrets[i % count]!, NOW); // warm-up
  // CPU time of this process, not wall time: on a shared machine other processes would otherwise count.
  let n = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < SECONDS * 1e6) {
    for (let j = 0; j < 500; j++, n++) {
      const i = n % count;
      verifySigV4(reqs[i]!, parseSigV4(reqs[i]!)!, secrets[i]!, NOW);
    }
    const u = process.cpuUsage(start);
    used = u.user + u.system;
  }
  const perSecond = n / (used / 1e6);
  console.log(`${name.padEnd(64)} ${Math.round(perSecond).toLocaleString("en-US").padStart(9)} verifications per CPU-second`);
  return perSecond;
}

async function main(): Promise<void> {
  const one = () => SECRET;
  const form = (i: number): Init => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: `Action=CreateUser&UserName=user-${i}&Path=%2Fteam%2F&Version=2010-05-08` });
  const json = (i: number): Init => ({ method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.AdminGetUser" },
    body: JSON.stringify({ UserPoolId: "us-east-1_abcdefghi", Username: `user-${i}` }) });
  const get = (i: number): Init => ({ method: "GET", headers: {}, query: { Action: "GetCallerIdentity", Version: "2011-06-15", Nonce: `n ${i}` } });

  const scenarios: [string, SignedRequest[], (i: number) => string][] = [
    ["STS/IAM form POST, Authorization header", await sign("iam", form, one), one],
    ["Cognito JSON 1.1 POST, Authorization header", await sign("cognito-idp", json, one), one],
    ["STS GET presigned URL", await sign("sts", get, one, true), one],
  ];
  // A secret per request and more of them than the key cache keeps: every verification derives its key.
  const many = (i: number) => `${SECRET.slice(0, 30)}${String(i).padStart(10, "0")}`;
  scenarios.push([`form POST, ${MANY_KEYS} secrets round-robin (key derived every time)`, await sign("iam", form, many, false, MANY_KEYS), many]);
  console.log(`node ${process.version}, one thread, ${SECONDS} CPU-seconds per scenario`);
  const rates = scenarios.map(([name, reqs, secret]) => measure(name, reqs, secret));
  const report = new Report("sigv4");
  report.add({ id: "sigv4", what: "SigV4 parse + verify (SDK-signed form POST / JSON POST / presigned GET)",
    ours: `${rates.slice(0, 3).map((r) => Math.round(r).toLocaleString("en-US")).join(" / ")} per CPU-second` });
  report.save();
}

void main();
