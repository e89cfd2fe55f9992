// The engine's public shapes: what callers pass in and what a decision and its explanation look like.

export type PolicyKind = "identity" | "resource" | "trust" | "boundary" | "session" | "scp" | "rcp";

/** Where a policy came from: an inline policy's name or a managed policy's ARN (and version). */
export interface PolicySource { kind: PolicyKind; name: string; arn?: string; versionId?: string }

export interface Position { line: number; character: number }
/** 0-based, UTF-16 characters, end exclusive: the LSP convention. */
export interface Range { start: Position; end: Position }

export interface PolicyDiagnostic {
  /** For a person. Where AWS has a specific MalformedPolicyDocument wording, this is it, word for word. */
  message: string;
  range: Range;
  severity: "error" | "warning";
  /** Stable id; `syntax-*` map to AWS's "Syntax errors in policy.", `legacy-*` to "The policy failed legacy parsing". */
  code: string;
}

export type ContextValue = string | string[] | number | boolean | Date | undefined;

export interface AuthzPrincipal {
  arn: string;
  accountId: string;
  type: "root" | "user" | "assumed-role" | "federated-user" | "service" | "anonymous";
  /** The role's ARN (with its path) for an assumed-role session. */
  roleArn?: string;
}

export interface AuthzRequest {
  principal: AuthzPrincipal;
  action: string;            // "iam:CreateUser"
  resource: string;          // ARN or "*"
  resourceAccount?: string;  // owner of the resource (defaults to the principal's account)
  /** Keys are case-insensitive: aws:SourceIp, aws:PrincipalTag/Team, iam:PassedToService, ... */
  context: Record<string, ContextValue>;
}

export type Decision = "allowed" | "explicitDeny" | "implicitDeny";

/** The policy layers in the order AWS evaluates them. */
export type Layer = "scp" | "rcp" | "resource" | "identity" | "boundary" | "session";

export interface ConditionTrace {
  operator: string;          // as written: "ForAnyValue:StringLikeIfExists"
  key: string;               // as written: "aws:PrincipalTag/Team"
  /** Policy values after policy-variable substitution; null where a variable had no value. */
  values: (string | null)[];
  /** The request's values for the key, as strings; undefined when the key is missing. */
  contextValues: string[] | undefined;
  missing: boolean;
  result: boolean;
}

export interface StatementTrace {
  index: number;             // 0-based position in the policy's Statement list
  sid: string | undefined;
  effect: "Allow" | "Deny";
  range: Range | undefined;  // the statement object in the source text, when compiled from text
  actionMatched: boolean;
  resourceMatched: boolean;
  /** undefined when the statement has no Principal/NotPrincipal (identity-side policies). */
  principalMatched: boolean | undefined;
  /** Conditions are evaluated only when action, resource and principal matched. */
  conditionsEvaluated: boolean;
  conditions: ConditionTrace[];
  /** The statement applies to the request (everything matched). */
  matched: boolean;
}

export interface PolicyTrace {
  source: PolicySource;
  layer: Layer;
  statements: StatementTrace[];
  allows: boolean;
  denies: boolean;
}

export interface LayerTrace {
  layer: Layer;
  /** "skipped": present but not applicable to this principal (root and identity policies, service callers). */
  outcome: "allow" | "deny" | "noMatch" | "skipped";
}

export interface DecidingStatement { source: PolicySource; layer: Layer; statementIndex: number; sid: string | undefined; effect: "Allow" | "Deny"; range: Range | undefined }

export interface Explanation {
  request: AuthzRequest;
  decision: Decision;
  /** The layer that decided: where the explicit deny was, where an allow was missing, or which allow granted. */
  decidingLayer: Layer | undefined;
  /** The deny that decided, or the allow that granted; undefined for an implicit deny. */
  decidingStatement: DecidingStatement | undefined;
  /** Why, in a sentence (for logs and hovers). */
  summary: string;
  policies: PolicyTrace[];
  layers: LayerTrace[];
  /** Every statement that applied (Allow or Deny), in evaluation order: Simulate*'s MatchedStatements. */
  matchedStatements: DecidingStatement[];
  /** Condition keys the request lacked while a condition was evaluated: Simulate*'s MissingContextValues. */
  missingContextKeys: string[];
}
