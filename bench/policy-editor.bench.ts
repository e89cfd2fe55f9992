// Policy editor latency: diagnostics (engine validation + catalog checks + security findings) for 1 KB, 10 KB and
// 100 KB policies, completion and hovers at typical positions, and the catalog's one-time load. Target: under
// 10 ms of diagnostics for a 10 KB policy, as you type. Run: node --import tsx bench/policy-editor.bench.ts [--quick]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundled } from "./lib/bundled.js";
import { Report } from "./lib/report.js";

// The editor's modules as the extension's bundle holds them.
const { Catalog } = bundled<typeof import("../src/editor-core/catalog.js")>("src/editor-core/catalog.ts");
const { completionsAt } = bundled<typeof import("../src/editor-core/completion.js")>("src/editor-core/completion.ts");
const { hoverAt } = bundled<typeof import("../src/editor-core/hover.js")>("src/editor-core/hover.ts");
const { lintPolicy } = bundled<typeof import("../src/editor-core/lint.js")>("src/editor-core/lint.ts");

const quick = process.argv.includes("--quick");
const root = join(__dirname, "..");

function catalogFile(): { path: string; cleanup: () => void } {
  const built = join(root, "dist", "editor-catalog.json.gz");
  if (existsSync(built)) return { path: built, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "editor-catalog-bench-"));
  const path = join(dir, "editor-catalog.json.gz");
  execFileSync(process.execPath, [join(root, "scripts", "build-editor-catalog.mjs"), "--out", path], { stdio: "ignore" });
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Realistic statements across services, with wildcards, conditions and a few typos to report.
const TEMPLATES = [
  (i: number) => ({ Sid: `Read${i}`, Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"], Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`] }),
  (i: number) => ({ Sid: `Ec2${i}`, Effect: "Allow", Action: ["ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances"], Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/team": "${aws:PrincipalTag/team}", "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } } }),
  (i: number) => ({ Sid: `Pass${i}`, Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::123456789012:role/app-${i}-*`, Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }),
  (i: number) => ({ Sid: `Dyn${i}`, Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], Resource: `arn:aws:dynamodb:*:123456789012:table/app-${i}`, Condition: { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["id", "name"] } } }),
  (i: number) => ({ Sid: `Deny${i}`, Effect: "Deny", Action: "*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"] }, Bool: { "aws:ViaAWSService": "false" } } }),
  (i: number) => ({ Sid: `Typo${i}`, Effect: "Allow", Action: ["s3:GetObjct", "lambda:InvokeFunction"], Resource: `arn:aws:lambda:us-east-1:123456789012:function:fn-${i}` }),
];

function policyOfSize(bytes: number): string {
  const statements: unknown[] = [];
  let text = "";
  for (let i = 0; ; i++) {
    statements.push(TEMPLATES[i % TEMPLATES.length]!(i));
    const next = JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
    if (next.length > bytes) break;
    text = next;
  }
  return text;
}

function time(runs: number, fn: () => unknown): { median: number; p95: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]! };
}

const fmt = (x: { median: number; p95: number }) => `median ${x.median.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms`;

const file = catalogFile();
try {
  let t = performance.now();
  const catalog = Catalog.fromFile(file.path);
  console.log(`catalog load (gunzip + header): ${(performance.now() - t).toFixed(1)} ms, ${catalog.prefixes().length} services`);
  t = performance.now();
  for (const p of ["s3", "ec2", "iam", "dynamodb", "lambda"]) catalog.service(p);
  console.log(`first use of 5 services (s3, ec2, iam, dynamodb, lambda): ${(performance.now() - t).toFixed(1)} ms`);

  const runs = quick ? 5 : 30;
  const diagnostics: number[] = [];
  for (const kb of [1, 10, 100]) {
    const text = policyOfSize(kb * 1024);
    const findings = lintPolicy(text, { kind: "resource", catalog, maxSize: Number.POSITIVE_INFINITY }).length;
    const r = time(kb === 100 ? Math.max(3, runs / 3) : runs, () => lintPolicy(text, { kind: "identity", catalog }));
    console.log(`diagnostics ${String(kb).padStart(3)} KB (${text.length} chars, ${findings} findings): ${fmt(r)}`);
    diagnostics.push(r.median);
  }

  const text = policyOfSize(10 * 1024);
  const positions: [string, number][] = [
    ["action in service", text.indexOf('"s3:GetObjectVersion"') + 5],
    ["service prefix", text.indexOf('"lambda:InvokeFunction"') + 2],
    ["condition key", text.indexOf('"iam:PassedToService"') + 3],
    ["resource ARN", text.indexOf('"arn:aws:dynamodb:') + 3],
  ];
  for (const [label, offset] of positions) {
    const r = time(runs, () => completionsAt(text, offset, catalog));
    console.log(`completion (10 KB, ${label}, ${completionsAt(text, offset, catalog).length} items): ${fmt(r)}`);
  }
  const hover = time(runs, () => hoverAt(text, text.indexOf('"ec2:Describe*"') + 5, catalog));
  console.log(`hover (10 KB, ec2:Describe* wildcard): ${fmt(hover)}`);
  const report = new Report("policy-editor");
  report.add({ id: "editor", what: "policy editor diagnostics (engine + catalog + security checks), 1 / 10 / 100 KB policy",
    ours: `median ${diagnostics.map((x) => x.toFixed(1)).join(" / ")} ms; hover ${hover.median.toFixed(2)} ms`, target: "10 KB < 10 ms", met: diagnostics[1]! < 10 });
  report.save();
} finally {
  file.cleanup();
}
