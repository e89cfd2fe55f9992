// The policy simulator: SimulateCustomPolicy, SimulatePrincipalPolicy, GetContextKeysForCustomPolicy and
// GetContextKeysForPrincipalPolicy. The same engine that enforces requests decides here; results are the
// engine's explanations mapped to EvaluationResult.
import type { SourcedDocument } from "../../auth/authorize.js";
import {
  compilePolicy, contextKeysOf, explain, PolicyParseError, principalContext,
  type AuthzPrincipal, type CompiledPolicy, type ContextValue, type DecidingStatement, type Explanation, type PolicySource,
} from "../../policy/index.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { decodeMarker, encodeMarker } from "./pagination.js";
import { entityWithPolicies, parseEntityArn } from "./principal-policies.js";

interface ContextEntry { ContextKeyName?: string; ContextKeyValues?: string[]; ContextKeyType?: string }
interface SimulateInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  MaxItems?: number;
  Marker?: string;
}
interface PrincipalInput extends SimulateInput { PolicySourceArn: string }

function compileInput(text: string, source: PolicySource): CompiledPolicy {
  try { return compilePolicy(text, source); }
  catch (err) {
    if (err instanceof PolicyParseError) throw iamErrors.malformedPolicy(err.message);
    throw err;
  }
}

function compileAll(docs: readonly SourcedDocument[]): CompiledPolicy[] {
  return docs.map((d) => compileInput(d.document, d.source));
}

/** Input policies are named as AWS names them in MatchedStatements: PolicyInputList.1, … */
function inputPolicies(list: readonly string[] | undefined, name: string, kind: "identity" | "boundary"): SourcedDocument[] {
  return (list ?? []).map((document, i) => ({ source: { kind, name: `${name}.${i + 1}` }, document }));
}

function contextOf(entries: readonly ContextEntry[] | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const entry of entries ?? []) {
    if (!entry.ContextKeyName) continue;
    const values = entry.ContextKeyValues ?? [];
    context[entry.ContextKeyName] = entry.ContextKeyType?.endsWith("List") ? values : values[0];
  }
  return context;
}

function principalOf(callerArn: string | undefined, accountId: string): AuthzPrincipal {
  const arn = callerArn ?? `arn:aws:iam::${accountId}:user/SimulatedUser`;
  const account = /^arn:aws:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? accountId;
  const type = /:assumed-role\//.test(arn) ? "assumed-role" : /:federated-user\//.test(arn) ? "federated-user" : "user";
  return { arn, accountId: account, type };
}

function statementOf(s: DecidingStatement): object {
  const type = s.layer === "resource" ? "resource"
    : s.source.arn?.startsWith("arn:aws:iam::aws:policy/") ? "aws-managed"
    : s.source.arn ? "user-managed"
    : /^(user|group|role)\//.exec(s.source.name)?.[1] ?? "none";
  const position = (p: { line: number; character: number } | undefined) => p && { Line: p.line + 1, Column: p.character + 1 };
  return { SourcePolicyId: s.source.arn ? s.source.name : s.source.name, SourcePolicyType: type, StartPosition: position(s.range?.start), EndPosition: position(s.range?.end) };
}

function resultOf(e: Explanation, hasBoundary: boolean, hasResourcePolicy: boolean): object {
  const details: Record<string, string> = {};
  if (hasResourcePolicy) {
    const resource = e.layers.find((l) => l.layer === "resource");
    details["Resource Policy"] = resource?.outcome === "allow" ? "allowed" : resource?.outcome === "deny" ? "explicitDeny" : "implicitDeny";
  }
  const boundary = e.layers.find((l) => l.layer === "boundary");
  return {
    EvalActionName: e.request.action,
    EvalResourceName: e.request.resource,
    EvalDecision: e.decision,
    MatchedStatements: e.matchedStatements.map(statementOf),
    MissingContextValues: e.missingContextKeys,
    EvalDecisionDetails: Object.keys(details).length ? details : undefined,
    PermissionsBoundaryDecisionDetail: hasBoundary ? { AllowedByPermissionsBoundary: boundary?.outcome === "allow" } : undefined,
  };
}

function simulate(input: SimulateInput, identity: SourcedDocument[], boundary: SourcedDocument[], accountId: string) {
  const policies = compileAll(identity);
  const boundaries = boundary.length ? compileAll(boundary) : undefined;
  const resourcePolicy = input.ResourcePolicy ? [compileInput(input.ResourcePolicy, { kind: "resource", name: "ResourcePolicy" })] : undefined;
  const principal = principalOf(input.CallerArn, accountId);
  const context = { ...principalContext(principal), ...contextOf(input.ContextEntries) };
  const resourceOwner = input.ResourceOwner ? /(\d{12})/.exec(input.ResourceOwner)?.[1] : undefined;
  const pairs: Array<[string, string]> = [];
  for (const action of input.ActionNames) for (const resource of input.ResourceArns?.length ? input.ResourceArns : ["*"]) pairs.push([action, resource]);
  const start = Number(decodeMarker(input.Marker) ?? 0);
  const limit = input.MaxItems ?? 100;
  const page = pairs.slice(start, start + limit).map(([action, resource]) => resultOf(
    explain({ principal, action, resource, resourceAccount: resourceOwner, context }, { identity: policies, boundary: boundaries, resource: resourcePolicy }),
    Boolean(boundaries), Boolean(resourcePolicy)));
  const truncated = start + limit < pairs.length;
  return { EvaluationResults: page, IsTruncated: truncated, Marker: truncated ? encodeMarker(String(start + limit)) : undefined };
}

/** The identity policies and boundary of the user, group or role an ARN names. */
function policiesOfSource(store: AccountStore, arn: string): { identity: SourcedDocument[]; boundary: SourcedDocument[] } {
  const named = parseEntityArn(arn);
  if (!named) throw iamErrors.invalidInput(`Invalid ARN ${arn}: simulate a user, group or role.`);
  const entity = entityWithPolicies(store, named.kind, named.name);
  if (!entity) throw iamErrors.noSuchEntity(named.kind === "user" ? "User" : named.kind === "group" ? "Group" : "Role", named.name);
  return { identity: entity.identity, boundary: entity.boundary ? [entity.boundary] : [] };
}

export const SimulateCustomPolicy: Operation<SimulateInput, object> = ({ input, store }) =>
  simulate(input, inputPolicies(input.PolicyInputList, "PolicyInputList", "identity"),
    inputPolicies(input.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList", "boundary"), store.accountId);

export const SimulatePrincipalPolicy: Operation<PrincipalInput, object> = ({ input, store }) => {
  const source = policiesOfSource(store, input.PolicySourceArn);
  const callerArn = input.CallerArn ?? (/:group\//.test(input.PolicySourceArn) ? undefined : input.PolicySourceArn);
  return simulate({ ...input, CallerArn: callerArn },
    [...source.identity, ...inputPolicies(input.PolicyInputList, "PolicyInputList", "identity")],
    [...source.boundary, ...inputPolicies(input.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList", "boundary")],
    store.accountId);
};

export const GetContextKeysForCustomPolicy: Operation<{ PolicyInputList: string[] }, object> = ({ input }) => ({
  ContextKeyNames: contextKeysOf(compileAll(inputPolicies(input.PolicyInputList, "PolicyInputList", "identity"))),
});

export const GetContextKeysForPrincipalPolicy: Operation<{ PolicySourceArn: string; PolicyInputList?: string[] }, object> = ({ input, store }) => {
  const source = policiesOfSource(store, input.PolicySourceArn);
  return { ContextKeyNames: contextKeysOf(compileAll([...source.identity, ...inputPolicies(input.PolicyInputList, "PolicyInputList", "identity")])) };
};

export const operations = { SimulateCustomPolicy, SimulatePrincipalPolicy, GetContextKeysForCustomPolicy, GetContextKeysForPrincipalPolicy };
