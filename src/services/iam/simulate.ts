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
import { isAwsManagedArn } from "./aws-managed-policies.js";
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

/**
 * The simulated caller. Without CallerArn there is none: no principal keys (aws:username, aws:PrincipalArn, …)
 * are invented, so a policy that reads them reports them in MissingContextValues, as the API reference says.
 */
function principalOf(callerArn: string | undefined, accountId: string): { principal: AuthzPrincipal; context: Record<string, ContextValue> } {
  if (callerArn === undefined) return { principal: { arn: "", accountId, type: "user" }, context: {} };
  const account = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(callerArn)?.[1] ?? accountId;
  const type = /:assumed-role\//.test(callerArn) ? "assumed-role" : /:federated-user\//.test(callerArn) ? "federated-user" : "user";
  const principal: AuthzPrincipal = { arn: callerArn, accountId: account, type };
  return { principal, context: principalContext(principal) };
}

// SourcePolicyType per https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html; policies given as
// strings (PolicyInputList, PermissionsBoundaryPolicyInputList) are "IAM Policy", as IAM answers for them.
function statementOf(s: DecidingStatement): object {
  const type = s.layer === "resource" ? "resource"
    : /^(PolicyInputList|PermissionsBoundaryPolicyInputList)\.\d+$/.test(s.source.name) ? "IAM Policy"
    : s.source.arn && isAwsManagedArn(s.source.arn) ? "aws-managed"
    : s.source.arn ? "user-managed"
    : /^(user|group|role)\//.exec(s.source.name)?.[1] ?? "none";
  const position = (p: { line: number; character: number } | undefined) => p && { Line: p.line + 1, Column: p.character + 1 };
  return { SourcePolicyId: s.source.name, SourcePolicyType: type, StartPosition: position(s.range?.start), EndPosition: position(s.range?.end) };
}

/**
 * The statements that decided (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html):
 * on an explicit deny only the deny statements ("the deny statement is the only entry included in the
 * result"), otherwise the allow statements that matched.
 */
function matchedStatements(e: Explanation): object[] {
  const effect = e.decision === "explicitDeny" ? "Deny" : "Allow";
  return e.matchedStatements.filter((m) => m.effect === effect).map(statementOf);
}

/** How each policy type contributed; IAM fills it only for cross-account simulations, and with a resource ARN. */
function decisionDetails(e: Explanation, crossAccount: boolean, hasResourcePolicy: boolean): Record<string, string> {
  if (!crossAccount) return {};
  const outcome = (layer: "identity" | "resource") => {
    const l = e.layers.find((x) => x.layer === layer)?.outcome;
    return l === "allow" ? "allowed" : l === "deny" ? "explicitDeny" : "implicitDeny";
  };
  return { "IAM Policy": outcome("identity"), ...(hasResourcePolicy ? { "Resource Policy": outcome("resource") } : {}) };
}

interface Simulation { identity: CompiledPolicy[]; boundary: CompiledPolicy[] | undefined; resource: CompiledPolicy[] | undefined }

/**
 * One EvaluationResult per action and resource, in ActionNames order and then ResourceArns order (as Terraform's
 * and Pulumi's policy-simulation data sources read them). With ResourceArns, the resource's own verdict is also
 * in ResourceSpecificResults, where MissingContextValues then live; without, the resource is "*" and missing
 * keys are reported on the result itself.
 */
function resultOf(e: Explanation, sim: Simulation, named: boolean, crossAccount: boolean): object {
  const boundary = sim.boundary ? { AllowedByPermissionsBoundary: e.layers.find((l) => l.layer === "boundary")?.outcome === "allow" } : undefined;
  const matched = matchedStatements(e);
  const details = decisionDetails(e, crossAccount, sim.resource !== undefined);
  return {
    EvalActionName: e.request.action,
    EvalResourceName: e.request.resource,
    EvalDecision: e.decision,
    MatchedStatements: matched,
    MissingContextValues: named ? [] : e.missingContextKeys,
    EvalDecisionDetails: named ? details : undefined,
    PermissionsBoundaryDecisionDetail: boundary,
    ResourceSpecificResults: named ? [{
      EvalResourceName: e.request.resource, EvalResourceDecision: e.decision, MatchedStatements: matched,
      MissingContextValues: e.missingContextKeys, EvalDecisionDetails: crossAccount ? details : undefined,
      PermissionsBoundaryDecisionDetail: boundary,
    }] : undefined,
  };
}

function simulate(input: SimulateInput, identity: SourcedDocument[], boundary: SourcedDocument[], accountId: string) {
  const sim: Simulation = {
    identity: compileAll(identity),
    boundary: boundary.length ? compileAll(boundary) : undefined,
    resource: input.ResourcePolicy ? [compileInput(input.ResourcePolicy, { kind: "resource", name: "ResourcePolicy" })] : undefined,
  };
  if (sim.resource && input.CallerArn === undefined) {
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html: CallerArn "is required
    // if you include a ResourcePolicy", so that its Principal element has a value to match.
    throw iamErrors.invalidInput("CallerArn is required if you include a ResourcePolicy.");
  }
  const { principal, context: callerContext } = principalOf(input.CallerArn, accountId);
  const context = { ...callerContext, ...contextOf(input.ContextEntries) };
  const resourceOwner = input.ResourceOwner ? /(\d{12})/.exec(input.ResourceOwner)?.[1] : undefined;
  const crossAccount = resourceOwner !== undefined && resourceOwner !== principal.accountId;
  const named = Boolean(input.ResourceArns?.length);
  // Every action against every resource, in that order; only the page asked for is built and evaluated
  // (5,000 actions by 5,000 resources are 25 million pairs: listing them all took 40 s).
  const resources = named ? input.ResourceArns! : ["*"];
  const total = input.ActionNames.length * resources.length;
  const start = Number(decodeMarker(input.Marker) ?? 0);
  const limit = input.MaxItems ?? 100;
  const page = [];
  for (let i = start; i < Math.min(start + limit, total); i++) {
    const action = input.ActionNames[Math.floor(i / resources.length)]!;
    page.push(resultOf(explain({ principal, action, resource: resources[i % resources.length]!, resourceAccount: resourceOwner, context }, sim), sim, named, crossAccount));
  }
  const truncated = start + limit < total;
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
    // "If you specify a permissions boundary using this parameter, then it replaces the permissions boundary
    // attached to the entity" (SimulatePrincipalPolicy, PermissionsBoundaryPolicyInputList).
    input.PermissionsBoundaryPolicyInputList?.length
      ? inputPolicies(input.PermissionsBoundaryPolicyInputList, "PermissionsBoundaryPolicyInputList", "boundary")
      : source.boundary,
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
