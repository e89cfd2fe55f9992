// Access Analyzer's custom policy checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess),
// decided by the policy engine rather than by reading the text: each Allow statement yields witness
// requests (its actions expanded through AWS's catalog, its resources with wildcards filled in, its
// principals, and a request context that satisfies its conditions), and the engine evaluates them against
// the policies in question. A FAIL names the statements whose witnesses got the access.
import { compilePolicy, type CompiledPolicy } from "../compile.js";
import { decide, type PolicySet } from "../decide.js";
import { explain } from "../explain.js";
import type { AuthzPrincipal, AuthzRequest, ContextValue } from "../types.js";
import type { CheckCatalog } from "./catalog.js";

export type CheckResult = "PASS" | "FAIL";
export interface ReasonSummary { readonly description: string; readonly statementIndex: number; readonly statementId?: string }
export interface CheckAnswer { readonly result: CheckResult; readonly message: string; readonly reasons: ReasonSummary[] }

export type AccessCheckPolicyType = "IDENTITY_POLICY" | "RESOURCE_POLICY";

const RESOURCE_ACCOUNT = "123456789012";
const OUTSIDER_ACCOUNT = "999988887777";
const WITNESS_NAME = "access-analyzer-witness";

interface RawStatement {
  Sid?: unknown; Effect?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown;
  Principal?: unknown; NotPrincipal?: unknown; Condition?: unknown;
}

/**
 * Throws PolicyParseError (with AWS's MalformedPolicyDocument wording) when the document is not a policy.
 * A resource policy none of whose statements names a resource is a role's trust policy.
 */
function compile(text: string, type: AccessCheckPolicyType, name: string): CompiledPolicy {
  if (type === "IDENTITY_POLICY") return compilePolicy(text, { kind: "identity", name });
  return compilePolicy(text, { kind: isTrustPolicy(text) ? "trust" : "resource", name });
}

function isTrustPolicy(text: string): boolean {
  try {
    const st = (JSON.parse(text) as { Statement?: unknown }).Statement;
    const list = (Array.isArray(st) ? st : [st]) as RawStatement[];
    return list.length > 0 && list.every((s) => s && typeof s === "object" && s.Resource === undefined && s.NotResource === undefined);
  } catch { return false; }
}

function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

function statementsOf(policy: CompiledPolicy): RawStatement[] {
  const st = (policy.document as { Statement?: unknown }).Statement;
  return (Array.isArray(st) ? st : [st]) as RawStatement[];
}

/** A concrete value a wildcard pattern matches: each * and ? filled with text. */
function instance(pattern: string): string {
  return pattern.replace(/\$\{[^}]*\}/g, WITNESS_NAME).replace(/\*/g, WITNESS_NAME).replace(/\?/g, "w");
}

/** The actions a statement's Action (or, for NotAction, the catalog's actions it leaves out) covers. */
function witnessActions(st: RawStatement, catalog: CheckCatalog | undefined, wanted?: readonly string[]): string[] {
  const names = new Set<string>();
  if (wanted) for (const w of wanted) names.add(w);
  else if (st.NotAction !== undefined || list(st.Action).includes("*")) {
    for (const a of catalog?.expand("*") ?? []) names.add(`${a.service}:${a.name}`);
    if (!catalog) names.add(`${WITNESS_NAME}:${WITNESS_NAME}`);
  } else {
    for (const a of list(st.Action)) {
      const expanded = catalog && /[*?]/.test(a) ? catalog.expand(a) : [];
      if (expanded.length) for (const x of expanded) names.add(`${x.service}:${x.name}`);
      else names.add(instance(a));
    }
  }
  return [...names];
}

/** An ARN of one of the action's resource types, named for no one, in `account`. */
function syntheticArn(action: string, catalog: CheckCatalog | undefined, account: string): string {
  const info = catalog?.action(action);
  const template = info?.resourceTypes[0]?.type.arn;
  if (!template) return "*";
  return template.replace("${Partition}", "aws").replace("${Region}", "us-east-1").replace("${Account}", account).replace(/\$\{[^}]*\}/g, WITNESS_NAME);
}

/** Resources to try, each with how the statement wrote it. */
function witnessResources(st: RawStatement, action: string, catalog: CheckCatalog | undefined, account: string, wanted?: readonly string[]): [resource: string, written: string][] {
  if (wanted && wanted.length) return wanted.map((w) => [w, w]);
  const out = new Map<string, string>();
  if (st.NotResource !== undefined || st.Resource === undefined || list(st.Resource).includes("*")) {
    out.set(syntheticArn(action, catalog, account), "*");
    out.set("*", "*");
  } else {
    for (const r of list(st.Resource)) out.set(instance(r), r);
  }
  return [...out];
}

/** Request contexts that satisfy the statement's conditions (and the empty context). */
function witnessContexts(st: RawStatement, keep: (key: string) => boolean = () => true): Record<string, ContextValue>[] {
  const ctx: Record<string, ContextValue> = {};
  const cond = (st.Condition ?? {}) as Record<string, Record<string, unknown>>;
  for (const [operator, block] of Object.entries(cond)) {
    if (!block || typeof block !== "object") continue;
    const multi = /^For(All|Any)Value/.test(operator);
    const name = operator.replace(/^For(AllValues|AnyValue):/, "").replace(/IfExists$/, "");
    for (const [key, raw] of Object.entries(block)) {
      if (!keep(key)) continue;
      const values = list(raw);
      const first = values[0] ?? "";
      let value: string | undefined;
      if (name === "Null") { if (first === "false") value = WITNESS_NAME; }
      else if (/Not/.test(name)) value = `${WITNESS_NAME}-other`;
      else if (/^Numeric(LessThan)/.test(name)) value = String(Number(first) - 1);
      else if (/^Numeric(GreaterThan)/.test(name)) value = String(Number(first) + 1);
      else if (/^Date(LessThan)/.test(name)) value = new Date(Date.parse(first) - 86_400_000).toISOString();
      else if (/^Date(GreaterThan)/.test(name)) value = new Date(Date.parse(first) + 86_400_000).toISOString();
      else if (name === "IpAddress") value = first.split("/")[0];
      else value = instance(first);
      if (value !== undefined) ctx[key] = multi ? [value] : value;
    }
  }
  return Object.keys(ctx).length ? [ctx, {}] : [{}];
}

/** The principals a resource policy statement names, as requesters (in accounts other than the resource's). */
function witnessPrincipals(st: RawStatement): AuthzPrincipal[] {
  const out: AuthzPrincipal[] = [];
  const spec = st.Principal ?? st.NotPrincipal;
  const add = (arn: string, accountId: string, type: AuthzPrincipal["type"], roleArn?: string) => out.push({ arn, accountId, type, roleArn });
  const outsider = () => add(`arn:aws:iam::${OUTSIDER_ACCOUNT}:user/${WITNESS_NAME}`, OUTSIDER_ACCOUNT, "user");
  if (spec === "*" || st.NotPrincipal !== undefined) { outsider(); add("anonymous", "anonymous", "anonymous"); return out; }
  const map = (spec ?? {}) as Record<string, unknown>;
  for (const v of list(map["AWS"])) {
    if (v === "*") { outsider(); add("anonymous", "anonymous", "anonymous"); continue; }
    const account = /^\d{12}$/.exec(v)?.[0] ?? /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(v)?.[1];
    if (!account) continue;
    const role = /:role\/(?:.*\/)?([^/]+)$/.exec(v);
    if (role) add(`arn:aws:sts::${account}:assumed-role/${role[1]}/${WITNESS_NAME}`, account, "assumed-role", v);
    else if (/:user\//.test(v)) add(v, account, "user");
    else add(`arn:aws:iam::${account}:user/${WITNESS_NAME}`, account, "user");
  }
  for (const v of list(map["Service"])) add(v, "", "service");
  return out;
}

/** Every identity action allowed: resource policies are judged on their own, not on the caller's identity policies. */
let allowAll: CompiledPolicy | undefined;
function allowAllIdentity(): CompiledPolicy {
  allowAll ??= compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', { kind: "identity", name: "caller" });
  return allowAll;
}

interface Witness { request: AuthzRequest; statement: number; /** The resource as the statement wrote it ("*" for a synthetic ARN). */ written: string }

function witnesses(policy: CompiledPolicy, type: AccessCheckPolicyType, catalog: CheckCatalog | undefined,
  options: { actions?: readonly string[]; resources?: readonly string[]; keepKey?: (key: string) => boolean; principals?: AuthzPrincipal[] } = {}): Witness[] {
  const out: Witness[] = [];
  statementsOf(policy).forEach((st, index) => {
    if (st.Effect !== "Allow") return;
    const principals = type === "IDENTITY_POLICY"
      ? [{ arn: `arn:aws:iam::${RESOURCE_ACCOUNT}:user/${WITNESS_NAME}`, accountId: RESOURCE_ACCOUNT, type: "user" as const }]
      : options.principals ?? witnessPrincipals(st);
    const contexts = witnessContexts(st, options.keepKey);
    for (const action of witnessActions(st, catalog, options.actions)) {
      for (const principal of principals) {
        const account = type === "IDENTITY_POLICY" ? RESOURCE_ACCOUNT : principal.accountId === RESOURCE_ACCOUNT ? "210987654321" : RESOURCE_ACCOUNT;
        for (const [resource, written] of witnessResources(st, action, catalog, account, options.resources)) {
          const resourceAccount = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1] ?? account;
          for (const context of contexts) {
            out.push({ statement: index, written, request: { principal, action, resource, resourceAccount, context: { "aws:PrincipalAccount": principal.accountId, "aws:PrincipalArn": principal.roleArn ?? principal.arn, ...context } } });
          }
        }
      }
    }
  });
  return out;
}

function setFor(policy: CompiledPolicy, type: AccessCheckPolicyType): PolicySet {
  return type === "IDENTITY_POLICY" ? { identity: [policy] } : { identity: [allowAllIdentity()], resource: [policy] };
}

function reasonsFrom(policy: CompiledPolicy, indexes: Iterable<number>, describe: (i: number) => string): ReasonSummary[] {
  return [...new Set(indexes)].sort((a, b) => a - b).map((i) => {
    const sid = policy.statements[i]?.sid;
    return { description: describe(i), statementIndex: i, ...(sid ? { statementId: sid } : {}) };
  });
}

/** CheckNoNewAccess: does the new policy allow anything the existing one does not? */
export function checkNoNewAccess(newText: string, existingText: string, type: AccessCheckPolicyType, catalog?: CheckCatalog): CheckAnswer {
  const next = compile(newText, type, "new");
  const existing = compile(existingText, type, "existing");
  const failing: number[] = [];
  for (const w of witnesses(next, type, catalog)) {
    if (failing.includes(w.statement)) continue;
    if (decide(w.request, setFor(next, type), null) === "allowed" && decide(w.request, setFor(existing, type), null) !== "allowed") failing.push(w.statement);
  }
  return failing.length
    ? { result: "FAIL", message: "The modified permissions grant new access compared to your existing policy.", reasons: reasonsFrom(next, failing, (i) => `New access in the statement with index: ${i}.`) }
    : { result: "PASS", message: "The modified permissions do not grant new access compared to your existing policy.", reasons: [] };
}

/** CheckAccessNotGranted: does the policy allow any of the listed actions (on the listed resources)? */
export function checkAccessNotGranted(text: string, access: readonly { actions?: readonly string[]; resources?: readonly string[] }[], type: AccessCheckPolicyType, catalog?: CheckCatalog): CheckAnswer {
  const policy = compile(text, type, "policy");
  const failing: number[] = [];
  for (const a of access) {
    const actions = a.actions && a.actions.length ? a.actions : undefined;
    for (const w of witnesses(policy, type, catalog, { actions, resources: a.resources })) {
      if (failing.includes(w.statement)) continue;
      const explanation = explain(w.request, setFor(policy, type));
      if (explanation.decision !== "allowed") continue;
      const deciding = explanation.decidingStatement;
      failing.push(deciding && deciding.source.name === "policy" ? deciding.statementIndex : w.statement);
    }
  }
  return failing.length
    ? { result: "FAIL", message: "The policy document grants access to perform one or more of the listed actions or resources.", reasons: reasonsFrom(policy, failing, (i) => `One or more of the listed actions or resources in the statement with index: ${i}.`) }
    : { result: "PASS", message: "The policy document does not grant access to perform the listed actions or resources.", reasons: [] };
}

/** Resource types CheckNoPublicAccess knows: the service whose actions reach them. */
export const PUBLIC_ACCESS_SERVICES: Readonly<Record<string, string>> = {
  "AWS::DynamoDB::Table": "dynamodb", "AWS::DynamoDB::Stream": "dynamodb", "AWS::EFS::FileSystem": "elasticfilesystem",
  "AWS::OpenSearchService::Domain": "es", "AWS::Kinesis::Stream": "kinesis", "AWS::Kinesis::StreamConsumer": "kinesis",
  "AWS::KMS::Key": "kms", "AWS::Lambda::Function": "lambda", "AWS::S3::Bucket": "s3", "AWS::S3::AccessPoint": "s3",
  "AWS::S3Express::DirectoryBucket": "s3express", "AWS::S3::Glacier": "glacier", "AWS::S3Outposts::Bucket": "s3-outposts",
  "AWS::S3Outposts::AccessPoint": "s3-outposts", "AWS::SecretsManager::Secret": "secretsmanager", "AWS::SNS::Topic": "sns",
  "AWS::SQS::Queue": "sqs", "AWS::IAM::AssumeRolePolicyDocument": "sts", "AWS::S3Tables::TableBucket": "s3tables",
  "AWS::ApiGateway::RestApi": "execute-api", "AWS::CodeArtifact::Domain": "codeartifact", "AWS::Backup::BackupVault": "backup",
  "AWS::CloudTrail::Dashboard": "cloudtrail", "AWS::CloudTrail::EventDataStore": "cloudtrail", "AWS::S3Tables::Table": "s3tables",
  "AWS::S3Express::AccessPoint": "s3express",
};

/**
 * Condition keys only the caller's identity, network or organization decides; anyone can set the others
 * (Referer, User-Agent, TLS, the request's own parameters), so conditions on them do not make access private.
 */
const CALLER_BOUND = /^(aws:(Principal\w*|userid|username|SourceVpce?|SourceIp|VpcSourceIp|SourceArn|SourceAccount|SourceOrg\w*|CalledVia\w*|ViaAWSService|FederatedProvider|ResourceAccount|ResourceOrg\w*|ResourceTag\/.*)|sts:ExternalId|kms:CallerAccount|kms:ViaService|[\w-]+:(SourceAccount|SourceArn))$/i;

/** CheckNoPublicAccess: does the resource policy let anyone (any account, or no credentials at all) in? */
export function checkNoPublicAccess(text: string, resourceType: string, catalog?: CheckCatalog): CheckAnswer {
  const policy = compile(text, "RESOURCE_POLICY", "policy");
  const service = PUBLIC_ACCESS_SERVICES[resourceType];
  const outsiders: AuthzPrincipal[] = [
    { arn: `arn:aws:iam::${OUTSIDER_ACCOUNT}:user/${WITNESS_NAME}`, accountId: OUTSIDER_ACCOUNT, type: "user" },
    { arn: "anonymous", accountId: "anonymous", type: "anonymous" },
  ];
  const failing: number[] = [];
  for (const w of witnesses(policy, "RESOURCE_POLICY", catalog, { principals: outsiders, keepKey: (k) => !CALLER_BOUND.test(k) })) {
    if (failing.includes(w.statement)) continue;
    if (service && !w.request.action.toLowerCase().startsWith(`${service}:`)) continue;
    if (decide(w.request, setFor(policy, "RESOURCE_POLICY"), null) === "allowed") failing.push(w.statement);
  }
  return failing.length
    ? { result: "FAIL", message: "The resource policy grants public access for the given resource type.", reasons: reasonsFrom(policy, failing, (i) => `Public access granted in the following statement with index: ${i}.`) }
    : { result: "PASS", message: "The resource policy does not grant public access for the given resource type.", reasons: [] };
}

/** Actions (with the resources as written) that one policy allows and the other does not. */
export interface AccessDelta { readonly action: string; readonly resources: readonly string[] }

export interface AccessChange {
  /** Allowed after the change and not before. */
  readonly gained: AccessDelta[];
  /** Allowed before the change and not after. */
  readonly lost: AccessDelta[];
  /** CheckNoNewAccess of the edited policy against the earlier one, and the other way round. */
  readonly newAccess: CheckAnswer;
  readonly removedAccess: CheckAnswer;
}

/**
 * What an edit of a policy changes in effective access: the engine evaluates the witness requests of both
 * versions' statements against both versions, action by action over the catalog.
 */
export function compareAccess(beforeText: string, afterText: string, type: AccessCheckPolicyType, catalog?: CheckCatalog): AccessChange {
  const before = compile(beforeText, type, "before");
  const after = compile(afterText, type, "after");
  const gained = new Map<string, Set<string>>(), lost = new Map<string, Set<string>>();
  const note = (into: Map<string, Set<string>>, w: Witness) => {
    let set = into.get(w.request.action);
    if (!set) { set = new Set(); into.set(w.request.action, set); }
    set.add(w.written);
  };
  const seen = new Set<string>();
  for (const w of [...witnesses(after, type, catalog), ...witnesses(before, type, catalog)]) {
    const key = `${w.request.principal.arn}\u0000${w.request.action}\u0000${w.request.resource}\u0000${JSON.stringify(w.request.context)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const was = decide(w.request, setFor(before, type), null) === "allowed";
    const is = decide(w.request, setFor(after, type), null) === "allowed";
    if (is && !was) note(gained, w);
    if (was && !is) note(lost, w);
  }
  const deltas = (m: Map<string, Set<string>>) => [...m].map(([action, r]) => ({ action, resources: [...r].sort() })).sort((a, b) => (a.action < b.action ? -1 : 1));
  return {
    gained: deltas(gained), lost: deltas(lost),
    newAccess: checkNoNewAccess(afterText, beforeText, type, catalog),
    removedAccess: checkNoNewAccess(beforeText, afterText, type, catalog),
  };
}
