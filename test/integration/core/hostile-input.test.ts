// No request may stall the process or answer 500. 10,000 hostile requests, generated from the service
// models with a seeded generator (the same ones every run): every operation of IAM, STS, Cognito and Access
// Analyzer with values of the wrong type, size, nesting and encoding, list indexes AWS never writes, broken
// JSON and form bodies, hostile URI labels, query strings and headers (restJson1), malformed signatures, and
// the emulator's own endpoints fed garbage. Not one may answer a 5xx other than the deliberate 501
// NotImplemented. Then the cases the issue names, with generous time bounds that catch a quadratic decoder
// or a stack overflow: a 1.7 MB request, a 5,000-level policy.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { MODELS, SERVICE_IDS, SERVICE_METADATA, type OperationModel, type ServiceModel, type Shape } from "../../../src/protocol/model.js";
import { spawnEmulator, useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--no-persist"] });
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

interface Hostile { method: string; path: string; headers: Record<string, string>; body: string; label: string }
/** `errorType`: the x-amzn-ErrorType header, where restJson1 puts the code its body does not carry. */
interface Answer { status: number; body: string; errorType: string }

/** A request that gets no answer in `stallMs` is a stall: reported by name, not a test timeout. */
function send(r: Hostile, stallMs = 20_000, endpoint = emu.endpoint): Promise<Answer> {
  const url = new URL(r.path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: r.method, agent, headers: { ...r.headers, "content-length": Buffer.byteLength(r.body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { text += d; });
      res.on("end", () => resolve({ status: res.statusCode!, body: text, errorType: String(res.headers["x-amzn-errortype"] ?? "") }));
    });
    req.setTimeout(stallMs, () => req.destroy(new Error(`${r.label}: no answer in ${stallMs} ms`)));
    req.on("error", reject);
    req.end(r.body);
  });
}

/** mulberry32: a small seeded generator, so a failure is the same request on every run. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof generator>;

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const NASTY_STRINGS = [
  "", " ", "a".repeat(5_000), "\u0000", "\ud800", "💥".repeat(300), "../../etc/passwd", "%zz", "%", "arn:aws:iam::000000000000:role/x",
  "arn:aws:iam::*:*", "*", "${aws:username}", "<x>&amp;</x>", '{"Version":"2012-10-17","Statement":' + deep(5000) + "}", deep(3000),
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"a":["' + "*".repeat(5000) + '"]}}}]}',
  "-1", "1e309", "NaN", "true", "null", "0x10", "9".repeat(400), "2024-13-45T99:99:99Z", "us-east-1_" + "x".repeat(300),
  "PHNhbWxwOlJlc3BvbnNlPjwvc2FtbHA6UmVzcG9uc2U+", Buffer.from("<a>".repeat(2_000)).toString("base64"), "eyJhbGciOiJub25lIn0.e30.", "a.b.c",
];
const NASTY_INDEXES = ["01", "0x1", "1e21", "0", "-1", "", "99999999999", "1.5", " 1", "２"];

/** A value for `shape`, usually of the right type and sometimes hostile in every other way. */
function valueFor(model: ServiceModel, shape: Shape, random: Random, depth: number): unknown {
  if (random.chance(0.15) || depth > 6) return random.pick<unknown>([random.pick(NASTY_STRINGS), random.int(2 ** 31), -1, 1e300, true, null, [], {}, [[[]]]]);
  switch (shape.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (random.chance(0.6)) out[name] = valueFor(model, model.shapes[ref.shape]!, random, depth + 1);
      }
      return out;
    }
    case "list": return Array.from({ length: random.pick([0, 1, 2, 3, 60]) }, () => valueFor(model, model.shapes[shape.member!.shape]!, random, depth + 1));
    case "map": return Object.fromEntries(Array.from({ length: random.pick([0, 1, 2, 60]) }, (_, i) => [random.chance(0.5) ? `k${i}` : random.pick(NASTY_STRINGS), valueFor(model, model.shapes[shape.value!.shape]!, random, depth + 1)]));
    case "integer": case "long": return random.pick([0, 1, -5, 2 ** 31, 2 ** 53, 3.5, 1000]);
    case "double": case "float": return random.pick([0, -0.5, 1e308, 3.14]);
    case "boolean": return random.chance(0.5);
    case "timestamp": return random.pick([0, 1_700_000_000, -1, 1e15, "2024-01-01T00:00:00Z", "yesterday"]);
    case "blob": return random.pick(["", "AAAA", "not base64!", "A".repeat(10_000)]);
    default: return shape.enum && random.chance(0.5) ? random.pick(shape.enum) : random.pick(NASTY_STRINGS.slice(0, 12).concat(["alice", "Passw0rd!", "us-east-1_abc"]));
  }
}

/** AWS Query flattening of `value` under `prefix`, with list indexes sometimes written as AWS never does. */
function flatten(model: ServiceModel, shape: Shape | undefined, value: unknown, prefix: string, random: Random, out: [string, string][]): void {
  if (value === undefined) return;
  const index = (i: number) => (random.chance(0.05) ? random.pick(NASTY_INDEXES) : String(i + 1));
  if (shape?.type === "list" && Array.isArray(value)) {
    const member = model.shapes[shape.member!.shape];
    value.forEach((item, i) => flatten(model, member, item, `${prefix}.${shape.member!.locationName ?? "member"}.${index(i)}`, random, out));
    if (value.length === 0) out.push([prefix, ""]);
  } else if (shape?.type === "map" && value && typeof value === "object" && !Array.isArray(value)) {
    Object.entries(value).forEach(([k, v], i) => {
      out.push([`${prefix}.entry.${index(i)}.key`, k]);
      flatten(model, model.shapes[shape.value!.shape], v, `${prefix}.entry.${index(i)}.value`, random, out);
    });
  } else if (shape?.type === "structure" && value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const ref = shape.members?.[k];
      flatten(model, ref ? model.shapes[ref.shape] : undefined, v, prefix ? `${prefix}.${ref?.locationName ?? k}` : k, random, out);
    }
  } else {
    out.push([prefix, typeof value === "string" ? value : JSON.stringify(value) ?? ""]);
  }
}

/** Percent-encoding, with a lone surrogate sent as the bytes of one (what a hostile client can send). */
function encode(text: string): string {
  try { return encodeURIComponent(text); } catch { return "%ED%A0%80"; }
}

const AUTHORIZATIONS = [
  "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/iam/aws4_request",
  "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=fake",
  "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/access-analyzer/aws4_request, SignedHeaders=host, Signature=fake",
  "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=, Signature=",
  "AWS4-HMAC-SHA256 Credential=" + "a/".repeat(5000),
  "AWS4-HMAC-SHA256 ,,,,=,=,=",
  "Bearer x", "AWS test:sig", "AWS4-ECDSA-P256-SHA256 Credential=x",
];

function hostile(random: Random, i: number): Hostile {
  const kind = random.int(20);
  const headers: Record<string, string> = {};
  if (random.chance(0.15)) headers.authorization = random.pick(AUTHORIZATIONS);
  if (random.chance(0.05)) headers["x-amz-date"] = random.pick(["20241301T250000Z", "garbage", "20240101T000000Z"]);
  if (kind < 3) {
    // The emulator's own endpoints (not events: a stream that never ends, by design).
    const endpoint = random.pick(["call", "reset", "clock", "decisions?id=abc", "decisions?limit=-5&after=x", "principals/%E0%A4%A/policies", "principals/policies?arn=%",
      "resources?accountId=../../x", "cognito/codes?poolId=%00", "cognito/codes?poolId=us-east-1_x&username=" + "u".repeat(5000), "nope"]);
    const method = endpoint === "call" || endpoint === "clock" || endpoint === "reset" ? "POST" : "GET";
    const service = random.pick(SERVICE_IDS);
    const operations = Object.keys(MODELS[service].operations);
    const op = MODELS[service].operations[random.pick(operations)]!;
    const input = op.input ? valueFor(MODELS[service], MODELS[service].shapes[op.input.shape]!, random, 0) : {};
    const body = random.pick([JSON.stringify({ service, operation: op.name, input }), '{"offsetSeconds": 1e400}', '{"offsetSeconds": "x"}', "{", deep(10_000), "null", JSON.stringify({ service: "iam", operation: "__proto__", input: null })]);
    return { method, path: `/_emulator/${endpoint}`, headers: { ...headers, "content-type": "application/json" }, body, label: `#${i} ${method} /_emulator/${endpoint}` };
  }
  const service = random.pick(SERVICE_IDS);
  const model = MODELS[service];
  const operations = Object.keys(model.operations);
  const asked = random.chance(0.97) ? random.pick(operations) : random.pick(["FlyToTheMoon", "__proto__", "constructor", ""]);
  const op = Object.hasOwn(model.operations, asked) ? model.operations[asked] : undefined;
  const name = op?.name ?? asked;
  const input = op?.input ? valueFor(model, model.shapes[op.input.shape]!, random, 0) : {};
  if (SERVICE_METADATA[service].protocol === "rest-json") return restJson(model, op, input, random, headers, i);
  if (SERVICE_METADATA[service].protocol === "json") {
    const body = random.chance(0.1) ? random.pick(["{", "[]", "null", '"x"', deep(20_000), '{"a":' + deep(100) + "}", "\u0000", "{}".repeat(1000)]) : JSON.stringify(input);
    return {
      method: "POST", path: "/", body, label: `#${i} cognito-idp ${name}`,
      headers: { ...headers, "content-type": random.chance(0.95) ? "application/x-amz-json-1.1" : "text/html", "x-amz-target": `${SERVICE_METADATA[service].targetPrefix}.${name}` },
    };
  }
  const params: [string, string][] = [["Action", name], ["Version", random.chance(0.9) ? SERVICE_METADATA[service].apiVersion : "1999-01-01"]];
  flatten(model, op?.input ? model.shapes[op.input.shape] : undefined, input, "", random, params);
  const encoded = params.map(([k, v]) => `${encode(k)}=${random.chance(0.02) ? "%E0%A4%A" : encode(v).slice(0, 200_000)}`).join("&");
  const inQuery = random.chance(0.1) && encoded.length < 8000;
  return {
    method: inQuery ? random.pick(["GET", "POST"]) : "POST", path: inQuery ? `/?${encoded}` : "/", body: inQuery ? "" : encoded,
    headers: { ...headers, "content-type": random.chance(0.95) ? "application/x-www-form-urlencoded" : "application/json" }, label: `#${i} ${service} ${name}`,
  };
}

/** restJson1 (Access Analyzer): the operation's URI template with hostile labels, members bound to the query
 * string and headers fed hostile text, and a body that is the rest of the input or broken JSON. */
function restJson(model: ServiceModel, op: OperationModel | undefined, input: unknown, random: Random, headers: Record<string, string>, i: number): Hostile {
  const members = op?.input ? model.shapes[op.input.shape]!.members ?? {} : {};
  const values = (input && typeof input === "object" && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? "");
  const [template, query = ""] = (op?.http.requestUri ?? random.pick(["/policy/generation/{jobId}", "/analyzer/{analyzerName}/archive-rule", "/nope"])).split("?");
  const path = template!.replace(/\{(\w+)\+?\}/g, (_, name: string) => encode(random.chance(0.3) ? random.pick(NASTY_STRINGS) : text(values[name] ?? "x")).slice(0, 4000));
  const params = new URLSearchParams(query);
  const body: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(members)) {
    if (!(name in values)) continue;
    if (ref.location === "querystring") params.append(ref.locationName ?? name, random.chance(0.2) ? random.pick(NASTY_INDEXES) : text(values[name]).slice(0, 4000));
    else if (ref.location === "header") headers[(ref.locationName ?? name).toLowerCase()] = text(values[name]).replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
    else if (ref.location !== "uri") body[ref.locationName ?? name] = values[name];
  }
  const method = op && random.chance(0.9) ? op.http.method : random.pick(["GET", "PUT", "DELETE", "PATCH", "POST"]);
  const search = params.toString();
  return {
    method, path: search ? `${path}?${search}` : path, label: `#${i} access-analyzer ${op?.name ?? "(no operation)"}`,
    body: random.chance(0.1) ? random.pick(["{", "[]", "null", deep(20_000), "\u0000"]) : method === "GET" || method === "DELETE" ? "" : JSON.stringify(body),
    headers: { ...headers, "content-type": random.chance(0.95) ? "application/json" : "text/plain" },
  };
}

describe("hostile input", () => {
  it("10,000 generated hostile requests: not one answers a 5xx other than NotImplemented", { timeout: 600_000 }, async () => {
    const random = generator(11);
    const failures: string[] = [];
    let sent = 0;
    let notImplemented = 0;
    const worker = async () => {
      while (sent < 10_000) {
        const r = hostile(random, sent++);
        if (process.env.HOSTILE_TRACE) process.stderr.write(`${r.label} ${r.path.slice(0, 100)} ${r.body.length}\n`);
        const answer = await send(r);
        if (answer.status === 501 && /NotImplemented/.test(answer.errorType + answer.body)) notImplemented++;
        else if (answer.status >= 500) failures.push(`${r.label} → ${answer.status} ${answer.body.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.deepEqual(failures, []);
    assert.ok(notImplemented > 0, "the operations the emulator does not implement answered NotImplemented");
    assert.equal((await fetch(`${emu.endpoint}/_emulator/health`)).status, 200);
    assert.doesNotMatch(emu.process.stderr(), / failed: |transport failure/);
  });

  it("a 1.7 MB request of 9,999 parameters decodes in linear time (it froze the process for 38 s)", { timeout: 60_000 }, async () => {
    let body = "Action=CreateUser&Version=2010-05-08&UserName=many-tags";
    for (let i = 1; body.length < 1_700_000 && i < 4_999; i++) body += `&Tags.member.${i}.Key=${"k".repeat(80)}${i}&Tags.member.${i}.Value=${"v".repeat(90)}`;
    const start = Date.now();
    const res = await send({ method: "POST", path: "/", body, headers: { "content-type": "application/x-www-form-urlencoded" }, label: "many tags" });
    const took = Date.now() - start;
    assert.equal(res.status, 400);
    assert.match(res.body, /Member must have length less than or equal to 50/);
    assert.ok(took < 5_000, `took ${took} ms`);
    // With a fake signature nothing is decoded at all in authenticate mode: see authentication.test.ts.
  });

  it("a policy nested 5,000 levels deep in SimulateCustomPolicy is a MalformedPolicyDocument, not a 500", { timeout: 60_000 }, async () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a":' + deep(5000) + "}}}]}";
    const start = Date.now();
    const res = await send({
      method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, label: "deep policy",
      body: new URLSearchParams({ Action: "SimulateCustomPolicy", Version: "2010-05-08", "PolicyInputList.member.1": policy, "ActionNames.member.1": "s3:GetObject" }).toString(),
    });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>MalformedPolicyDocument<\/Code><Message>Syntax errors in policy\.<\/Message>/);
    assert.ok(Date.now() - start < 5_000);
  });

  it("a simulation of 4,990 actions by 4,990 resources answers its first page at once (it took 40 s)", { timeout: 60_000 }, async () => {
    const params = new URLSearchParams({ Action: "SimulateCustomPolicy", Version: "2010-05-08",
      "PolicyInputList.member.1": JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k2" }] }) });
    for (let i = 1; i <= 4990; i++) params.append(`ActionNames.member.${i}`, i === 1 ? "s3:GetObject" : `s3:GetObject${i}`);
    for (let i = 1; i <= 4990; i++) params.append(`ResourceArns.member.${i}`, `arn:aws:s3:::b/k${i}`);
    params.append("MaxItems", "2");
    const start = Date.now();
    const res = await send({ method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, body: params.toString(), label: "wide simulation" });
    assert.equal(res.status, 200);
    assert.deepEqual([...res.body.matchAll(/<EvalResourceName>([^<]+)<\/EvalResourceName><EvalDecision>(\w+)</g)].map((m) => `${m[1]} ${m[2]}`),
      ["arn:aws:s3:::b/k1 implicitDeny", "arn:aws:s3:::b/k2 allowed"]);
    assert.match(res.body, /<IsTruncated>true<\/IsTruncated>/);
    assert.ok(Date.now() - start < 10_000);
  });

  it("a Cognito document nested 20,000 levels deep is a SerializationException", async () => {
    const res = await send({
      method: "POST", path: "/", label: "deep document", body: '{"UserPoolId":"us-east-1_x","ClientMetadata":' + deep(20_000) + "}",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.ListUsers" },
    });
    assert.ok(res.status < 500, `${res.status} ${res.body}`);
  });

  it("64 concurrent 4 MiB bodies: memory stays bounded (they took 750-875 MB before)", { timeout: 120_000 }, async () => {
    const own = await spawnEmulator({ args: ["--no-persist"] });
    try {
      const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${own.ready.pid}/status`, "utf8"))![1]) / 1024;
      const before = peakMb();
      const body = "Action=CreatePolicy&Version=2010-05-08&PolicyName=big&PolicyDocument=" + "a".repeat(4 * 1024 * 1024 - 100);
      const wide = new Agent({ maxSockets: 64 });
      const answers = await Promise.all(Array.from({ length: 64 }, () => new Promise<number>((resolve, reject) => {
        const req = request(own.ready.endpoint, { method: "POST", agent: wide, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": body.length } }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode!));
        });
        req.on("error", reject);
        req.end(body);
      })));
      wide.destroy();
      assert.deepEqual([...new Set(answers)], [400]);
      const grew = peakMb() - before;
      // Bodies wait for room in an 8 MiB budget, so the peak does not grow with the number of clients.
      assert.ok(grew < 450, `peak memory grew by ${grew.toFixed(0)} MB`);
    } finally {
      await own.stop();
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  });
});
