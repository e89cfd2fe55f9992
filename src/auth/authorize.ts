// Enforce mode: every request is authorized by the policy engine as AWS would: the operation's action and
// resource come from AWS's authorization data, the caller's policies from IAM (injected: auth does not
// know IAM's tables), and denials answer AccessDenied in AWS's words.
import type { AuthMode } from "../config.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { AwsError } from "../protocol/errors.js";
import { isUnsignedOperation, MODELS, type ServiceId } from "../protocol/model.js";
import {
  accessDeniedMessage, compilePolicy, evaluate, explain,
  type AuthzRequest, type CompiledPolicy, type ContextValue, type Decision, type Explanation, type PolicySet, type PolicySource,
} from "../policy/index.js";
import type { AccountStore } from "../store/store.js";
import { actionTarget } from "./action-resources.js";
import type { Caller } from "./caller.js";
import type { DecisionLog } from "./decision-log.js";
import type { NewRequestRecord } from "./request-log.js";

export interface AuthorizationRequest {
  readonly caller: Caller;
  readonly service: ServiceId;
  readonly operation: string;
  readonly input: unknown;
  readonly store: AccountStore;
  readonly requestId: string;
  readonly region: string;
  /** The emulator's own calls (the extension's /_emulator/call): authorized as usual, never recorded. */
  readonly internal?: boolean;
}

export interface Authorizer {
  /** Throws AwsError AccessDenied when the request is not allowed. */
  authorize(request: AuthorizationRequest): void;
  /**
   * A request for another service that the forwarder sends upstream (server/forward/): its actions and
   * resources come from auth/request-mapping/, resource policies from the upstream. Decided by the same
   * engine in enforce mode, logged and recorded alike; the forwarder writes a denial in the service's format.
   */
  authorizeForwarded(request: ForwardedAuthorization): ForwardedDecision;
}

/** One action on one resource that a forwarded request needs (CopyObject needs two). */
export interface ForwardedTarget {
  readonly action: string;
  readonly resource: string;
  /** The resource's owner, when it is not the caller's account: cross-account rules then apply. */
  readonly resourceAccount?: string;
  /** The resource's own policy (a bucket, queue or key policy), as the upstream keeps it. */
  readonly resourcePolicy?: SourcedDocument;
  /** It must allow even within the account (a KMS key policy). */
  readonly resourcePolicyMustAllow?: boolean;
}

export interface ForwardedAuthorization {
  readonly caller: Caller;
  /** The caller's account, for its policies. */
  readonly store: AccountStore;
  readonly requestId: string;
  readonly region: string;
  /** The service's signing name ("s3"), and the operation when the request names one. */
  readonly service: string;
  readonly operation: string | undefined;
  /** Empty when the operation is unmapped: `unmapped` then says why. */
  readonly targets: readonly ForwardedTarget[];
  readonly unmapped?: string;
  /** --unmapped-operations: what enforce mode does with a request whose action it cannot know. */
  readonly unmappedOperations: "allow" | "deny";
  /** The request's service condition keys and tags (auth/request-mapping/). */
  readonly context: Readonly<Record<string, ContextValue>>;
}

export type ForwardedDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly message: string; readonly encodedMessage?: string };

/** A policy document with where it came from, before compilation. */
export interface SourcedDocument { readonly source: PolicySource; readonly document: string }

/** The policies that apply to a caller: IAM supplies this (user/role/session policies, boundary, tags). */
export interface PrincipalPolicies {
  readonly identity: readonly SourcedDocument[];
  readonly boundary?: SourcedDocument;
  /** Present for sessions with session policies (AssumeRole Policy/PolicyArns, GetFederationToken). */
  readonly session?: readonly SourcedDocument[];
  /** aws:PrincipalTag values: the user's or role's tags, then session tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** For assumed-role sessions: the role's ARN (with path), which is also aws:PrincipalArn. */
  readonly roleArn?: string;
  /** Extra context the session carries (aws:MultiFactorAuthPresent, aws:TokenIssueTime, aws:SourceIdentity …). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** `now` is the injected clock's time: session keys such as aws:MultiFactorAuthAge are measured against it. */
export type PrincipalPolicyResolver = (caller: Caller, store: AccountStore, now: Date) => PrincipalPolicies;

/** The resource-based policy of the request's resource (a role's trust policy for sts:AssumeRole). */
export type ResourcePolicyResolver = (action: string, resource: string, store: AccountStore) => SourcedDocument | undefined;

export interface AuthorizerDeps {
  readonly mode: AuthMode;
  readonly log: Logger;
  readonly clock: Clock;
  readonly decisions: DecisionLog;
  readonly policiesOf: PrincipalPolicyResolver;
  readonly resourcePolicyOf: ResourcePolicyResolver;
  /** STS's encoding of a denial, which DecodeAuthorizationMessage turns back into the explanation. */
  readonly encodeDenial: (explanation: Explanation) => string;
  /** The request recorder (auth/request-log.ts): every authorized request, in every mode. */
  readonly requests?: { record(record: NewRequestRecord): unknown };
}

/** Compiled policies by source, checked against the document text: the hot path never re-parses a document it
 * has seen. Keyed by the source, not the text: hashing a large document (ReadOnlyAccess is 100 KB) on every
 * request cost more than evaluating it, while comparing it to the same string is one pointer check. */
class CompiledCache {
  private readonly entries = new Map<string, { document: string; compiled: CompiledPolicy }>();
  constructor(private readonly capacity = 2000) {}
  get(doc: SourcedDocument): CompiledPolicy {
    const key = `${doc.source.kind}\u0000${doc.source.arn ?? doc.source.name}`;
    const entry = this.entries.get(key);
    if (entry && entry.document === doc.document) return entry.compiled;
    const compiled = compilePolicy(doc.document, doc.source);
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { document: doc.document, compiled });
    return compiled;
  }
}

/**
 * Operations IAM policies do not gate: GetCallerIdentity and GetSessionToken ("No permissions are required"),
 * and every public API the model marks as callable unsigned — the federation calls, which AWS authorizes by
 * the role's trust policy alone (the STS handlers evaluate it), and Cognito's user and identity APIs
 * ("Amazon Cognito doesn't evaluate IAM policies in requests for this API operation"), even when signed.
 */
const UNRESTRICTED = new Set(["sts:GetCallerIdentity", "sts:GetSessionToken"]);

function unrestricted(service: ServiceId, operation: string, action: string): boolean {
  const op = MODELS[service].operations[operation];
  return UNRESTRICTED.has(action) || (op !== undefined && isUnsignedOperation(op));
}

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const decide = deps.mode === "enforce" ? decider(deps) : undefined;
  const forwarded = forwardedAuthorizer(deps, decide);
  return {
    authorize(request) {
      const { caller } = request;
      // Unsigned operations (Cognito's user APIs, STS federation) are not authorized by IAM policies.
      if (caller.type === "anonymous") return;
      // The root user is not recorded: it is what setup scripts and default credentials use, and policies are
      // generated for users and roles.
      const recorder = !request.internal && caller.type !== "root" ? deps.requests : undefined;
      if (!decide && !recorder) return;
      const target = actionTarget(request.service, request.operation, (request.input ?? {}) as Record<string, unknown>, caller, request.store);
      const contextOf = (principal: PrincipalPolicies | undefined, now = deps.clock.now()) => requestContext(request, principal, target.conditionKeys, now);
      // The root bypasses identity policies (no SCPs are configured).
      const outcome = decide && caller.type !== "root" && !unrestricted(request.service, request.operation, target.action)
        ? decide(caller, request.store, request.requestId, {
          action: target.action, resource: target.resource,
          resourceAccount: /^arn:[\w-]+:[^:]*:[^:]*:(\d{12}):/.exec(target.resource)?.[1],
          resourcePolicy: target.resource === "*" ? undefined : deps.resourcePolicyOf(target.action, target.resource, request.store),
        }, contextOf)
        : { decision: "allowed" as Decision, context: contextOf(undefined) };
      if (recorder) {
        recorder.record({
          time: deps.clock.now().toISOString(), source: "emulator", principal: caller.arn, principalType: caller.type, accountId: caller.accountId,
          service: request.service, operation: request.operation, action: target.action, resources: target.resource === "*" ? [] : [target.resource],
          region: request.region, context: outcome.context as RequestContext, decision: outcome.decision, requestId: request.requestId,
        });
      }
      if (outcome.explanation && outcome.decision !== "allowed") throw denial(request.service, outcome.explanation, outcome.encodedMessage!);
    },
    authorizeForwarded: forwarded,
  };
}

interface Outcome { decision: Decision; context: Record<string, ContextValue>; explanation?: Explanation; encodedMessage?: string }

type Decide = (caller: Caller, store: AccountStore, requestId: string, target: ForwardedTarget,
               contextOf: (principal: PrincipalPolicies | undefined, now: Date) => Record<string, ContextValue>) => Outcome;

/**
 * Enforce mode: the engine decides one action on one resource and the decision is logged; a denial comes back
 * with its explanation and encoded message for the caller to answer in its service's words.
 */
function decider(deps: AuthorizerDeps): Decide {
  const cache = new CompiledCache();
  const compileAll = (docs: readonly SourcedDocument[]) => {
    const out: CompiledPolicy[] = [];
    for (const doc of docs) {
      try { out.push(cache.get(doc)); }
      catch { deps.log.warn(`policy ${doc.source.arn ?? doc.source.name} does not parse and is ignored`); }
    }
    return out;
  };
  return (caller, store, requestId, target, contextOf) => {
    // The root bypasses its own account's identity policies (no SCPs are configured); another account's
    // resource (a forwarded request's bucket or queue) still needs that account's resource policy.
    if (caller.type === "root" && (target.resourceAccount === undefined || target.resourceAccount === caller.accountId)) {
      return { decision: "allowed", context: contextOf(undefined, deps.clock.now()) };
    }
    const now = deps.clock.now();
    const principal = deps.policiesOf(caller, store, now);
    const set: PolicySet = {
      identity: compileAll(principal.identity),
      boundary: principal.boundary ? compileAll([principal.boundary]) : undefined,
      session: principal.session ? compileAll(principal.session) : undefined,
      resource: target.resourcePolicy ? compileAll([target.resourcePolicy]) : undefined,
      resourceMustAllow: target.resourcePolicyMustAllow,
    };
    const context = contextOf(principal, now);
    const req: AuthzRequest = {
      principal: { arn: caller.arn, accountId: caller.accountId, type: caller.type, roleArn: principal.roleArn },
      action: target.action,
      resource: target.resource,
      resourceAccount: target.resourceAccount,
      context,
    };
    const time = now.toISOString();
    const decision = evaluate(req, set);
    if (decision === "allowed" && !deps.log.enabled("debug")) {
      deps.decisions.push({ time, requestId, principal: caller.arn, action: target.action, resource: target.resource, decision, summary: "allowed" });
      return { decision, context };
    }
    const explanation = explain(req, set);
    const encodedMessage = explanation.decision === "allowed" ? undefined : deps.encodeDenial(explanation);
    deps.decisions.push({
      time, requestId, principal: caller.arn, action: target.action,
      resource: target.resource, decision: explanation.decision, summary: explanation.summary, explanation, encodedMessage,
    });
    deps.log.info(`${requestId} ${explanation.decision}: ${caller.arn} ${target.action} on ${target.resource}: ${explanation.summary}`);
    return { decision: explanation.decision, context, explanation, encodedMessage };
  };
}

/**
 * Forwarded requests: in enforce mode each target is decided by the engine (the first denial answers); an
 * unmapped operation is allowed or denied as --unmapped-operations says, and the decision log says which and
 * why. In every mode the request is recorded under its identity (not the root's, as for the emulator's own).
 */
function forwardedAuthorizer(deps: AuthorizerDeps, decide: Decide | undefined): (request: ForwardedAuthorization) => ForwardedDecision {
  return (request) => {
    const { caller } = request;
    const recorder = caller.type !== "root" && caller.type !== "anonymous" ? deps.requests : undefined;
    if (!decide && !recorder) return { allowed: true };
    const now = deps.clock.now();
    const base: AuthorizationRequest = {
      caller, service: request.service as ServiceId, operation: request.operation ?? "", input: {}, store: request.store, requestId: request.requestId, region: request.region,
    };
    const contextOf = (principal: PrincipalPolicies | undefined) => ({ ...requestContext(base, principal, [], now), ...request.context });
    const record = (action: string, resource: string, outcome: { decision: Decision; context: Record<string, ContextValue> }): void => {
      recorder?.record({
        time: now.toISOString(), source: "forwarder", principal: caller.arn, principalType: caller.type, accountId: caller.accountId,
        service: request.service, operation: request.operation ?? "", action, resources: resource === "*" ? [] : [resource],
        region: request.region, context: outcome.context as RequestContext, decision: outcome.decision, requestId: request.requestId,
      });
    };
    if (request.unmapped !== undefined) {
      const action = `${request.service}:${request.operation ?? "*"}`;
      const allowed = !decide || request.unmappedOperations === "allow";
      const decision: Decision = allowed ? "allowed" : "implicitDeny";
      record(action, "*", { decision, context: contextOf(undefined) });
      if (!decide) return { allowed: true };
      const why = `the emulator does not know which IAM action and resource this is (${request.unmapped}), and unmapped operations are ` +
        `${allowed ? "allowed" : "denied"} (--unmapped-operations ${request.unmappedOperations})`;
      deps.decisions.push({ time: now.toISOString(), requestId: request.requestId, principal: caller.arn, action, resource: "*", decision, summary: `${allowed ? "Allowed" : "Denied"}: ${why}.` });
      deps.log.info(`${request.requestId} ${decision}: ${caller.arn} ${action}: ${why}`);
      return allowed ? { allowed: true } : { allowed: false, message: `User: ${caller.arn} is not authorized to perform: ${action} because ${why}` };
    }
    for (const target of request.targets) {
      const outcome = decide ? decide(caller, request.store, request.requestId, target, contextOf) : { decision: "allowed" as Decision, context: contextOf(undefined) };
      record(target.action, target.resource, outcome);
      if (outcome.explanation && outcome.decision !== "allowed") {
        return { allowed: false, message: accessDeniedMessage(outcome.explanation), encodedMessage: outcome.encodedMessage };
      }
    }
    return { allowed: true };
  };
}

/**
 * The context as the request log keeps it. requestContext writes only strings and lists of strings (and
 * leaves absent keys undefined, which JSON drops), so it is kept as it is, without a copy.
 */
type RequestContext = NewRequestRecord["context"];

/** AccessDenied in the service's words: IAM says why; STS names only the principal, action and resource. */
function denial(service: ServiceId, explanation: Explanation, encodedMessage: string): AwsError {
  // The encoded message travels in a response header (AWS's wording stays untouched), for
  // `aws sts decode-authorization-message`; /_emulator/decisions has it too.
  const extra = { "x-amzn-authorization-message": encodedMessage };
  if (service === "sts") {
    const { principal, action, resource } = explanation.request;
    return new AwsError("AccessDenied", `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource}`, 403, "Sender", extra);
  }
  return new AwsError("AccessDenied", accessDeniedMessage(explanation), 403, "Sender", extra);
}

/** Service condition keys whose value is an input member of the operations that support them. */
const INPUT_KEYS: Readonly<Record<string, string>> = {
  "sts:externalid": "ExternalId",
  "sts:rolesessionname": "RoleSessionName",
  "sts:sourceidentity": "SourceIdentity",
  "sts:transitivetagkeys": "TransitiveTagKeys",
  "iam:permissionsboundary": "PermissionsBoundary",
  "iam:policyarn": "PolicyArn",
  "iam:awsservicename": "AWSServiceName",
};

/** The global condition keys AWS supplies with every request, the operation's tag keys and its service keys. */
function requestContext(request: AuthorizationRequest, principal: PrincipalPolicies | undefined, actionKeys: readonly string[], now: Date): Record<string, ContextValue> {
  const { caller } = request;
  const context: Record<string, ContextValue> = {
    "aws:PrincipalArn": principal?.roleArn ?? caller.arn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": principalType(caller),
    "aws:userid": caller.userId,
    "aws:SourceIp": caller.sourceIp,
    "aws:CurrentTime": `${now.toISOString().slice(0, -5)}Z`,
    "aws:EpochTime": String(Math.floor(now.getTime() / 1000)),
    "aws:SecureTransport": caller.secureTransport ? "true" : "false",
    "aws:RequestedRegion": request.region,
    "aws:MultiFactorAuthPresent": "false",
  };
  if (principal) Object.assign(context, principal.context);
  if (caller.type === "user" && caller.name) context["aws:username"] = caller.name;
  for (const [k, v] of Object.entries(principal?.tags ?? {})) context[`aws:PrincipalTag/${k}`] = v;
  const input = (request.input ?? {}) as { Tags?: { Key: string; Value: string }[]; TagKeys?: string[] };
  if (Array.isArray(input.Tags)) {
    for (const tag of input.Tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    context["aws:TagKeys"] = input.Tags.map((t) => t.Key);
  } else if (Array.isArray(input.TagKeys)) {
    context["aws:TagKeys"] = input.TagKeys;
  }
  // AssumeRole with an MFA code: the trust policy sees the MFA (the STS handler verifies the code itself).
  const mfa = input as { SerialNumber?: string; TokenCode?: string };
  if (request.service === "sts" && mfa.SerialNumber && mfa.TokenCode) {
    context["aws:MultiFactorAuthPresent"] = "true";
    context["aws:MultiFactorAuthAge"] = "0";
  }
  for (const key of actionKeys) {
    const member = INPUT_KEYS[key.toLowerCase()];
    const value = member && (input as Record<string, unknown>)[member];
    if (typeof value === "string" || Array.isArray(value)) context[key] = value as ContextValue;
  }
  return context;
}

function principalType(caller: Caller): string {
  switch (caller.type) {
    case "root": return "Account";
    case "user": return "User";
    case "assumed-role": return "AssumedRole";
    case "federated-user": return "FederatedUser";
    default: return "Anonymous";
  }
}
