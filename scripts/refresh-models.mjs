// Refreshes the vendored AWS service models from botocore (Apache-2.0).
// botocore ships the complete models (constraints, enums, error shapes); the aws-sdk v2 npm package's
// minified models drop the constraints, so they cannot drive validation.
// Usage: node scripts/refresh-models.mjs [BOTOCORE_DATA_DIR]
// Without an argument it asks python3 where botocore lives (python3-botocore or pip's botocore).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "protocol", "models");
const dataDir = process.argv[2] ??
  join(execFileSync("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim(), "data");
const version = (() => {
  try { return execFileSync("python3", ["-c", "import botocore;print(botocore.__version__)"], { encoding: "utf8" }).trim(); }
  catch { return "unknown"; }
})();

const services = { iam: "2010-05-08", sts: "2011-06-15", "cognito-idp": "2016-04-18", "cognito-identity": "2014-06-30", "access-analyzer": "2019-11-01" };
// Where botocore keeps a model when its folder is not named as the emulator's service id (the signing name).
const botocoreDirs = { "access-analyzer": "accessanalyzer" };

// Documentation strings are prose, not facts the emulator acts on: dropping them keeps the bundle small.
function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === "object") {
    const result = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "documentation" || k === "documentationUrl" || k === "deprecatedMessage") continue;
      result[k] = strip(v);
    }
    return result;
  }
  return node;
}

// Where a model's constraint refuses what the service itself accepts, documented per shape. DomainType's
// pattern allows only a prefix ("myapp"), yet CreateUserPoolDomain takes custom domains ("auth.example.com")
// in the same member, as the AWS CLI's own example shows.
const CORRECTIONS = {
  "cognito-idp": {
    DomainType: { pattern: "^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?)*$", max: 253 },
  },
};

function correct(name, model) {
  for (const [shape, changes] of Object.entries(CORRECTIONS[name] ?? {})) {
    if (!model.shapes[shape]) throw new Error(`${name}: the correction names shape ${shape}, which the model no longer has`);
    Object.assign(model.shapes[shape], changes);
  }
  return model;
}

for (const [name, apiVersion] of Object.entries(services)) {
  const base = join(dataDir, botocoreDirs[name] ?? name, apiVersion, "service-2.json");
  const raw = existsSync(base) ? readFileSync(base) : gunzipSync(readFileSync(base + ".gz"));
  const model = correct(name, strip(JSON.parse(raw.toString("utf8"))));
  if (model.metadata.apiVersion !== apiVersion) throw new Error(`${name}: expected ${apiVersion}, got ${model.metadata.apiVersion}`);
  writeFileSync(join(out, `${name}.json`), JSON.stringify(model) + "\n");
  console.log(`${name} ${apiVersion}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes`);
}
writeFileSync(join(out, "NOTICE"), `The files in this folder are AWS service models taken from botocore ${version}
(https://github.com/boto/botocore), with their documentation strings removed and the constraint corrections
listed in scripts/refresh-models.mjs applied by it. botocore is licensed under the Apache License, Version 2.0:

  Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.

  Licensed under the Apache License, Version 2.0 (the "License"). You may not use these files except
  in compliance with the License. A copy of the License is located at
  http://www.apache.org/licenses/LICENSE-2.0
  or in the "license" file accompanying this file. These files are distributed on an "AS IS" BASIS,
  WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
  specific language governing permissions and limitations under the License.
`);
