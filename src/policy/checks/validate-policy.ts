// Access Analyzer's ValidatePolicy, check by check, following the IAM User Guide's "IAM policy validation
// check reference" (access-analyzer-reference-policy-checks.html): each finding carries AWS's issue code,
// finding type and details text, and the exact JSON path and span of what it is about. Pure: the service
// (services/access-analyzer) and the editor's diagnostics (editor-core/lint.ts) both call it.
import { parseOperator } from "../condition-operators.js";
import { parseCidr } from "../ip-address.js";
import { canonicalJson, parseJsonDocument, type JsonMember, type JsonNode } from "../json-document.js";
import { isKnownRegion, PARTITION_NAMES } from "../regions.js";
import { policySize } from "../validate.js";
import { arnTemplateRegex as templateRegex, globRegex, type CheckAction, type CheckCatalog } from "./catalog.js";
import { learnMoreLink, SpanIndex, type AccessAnalyzerFinding, type FindingType, type PathElement } from "./findings.js";

export type AnalyzerPolicyType = "IDENTITY_POLICY" | "RESOURCE_POLICY" | "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

export interface ValidatePolicyOptions {
  readonly policyType: AnalyzerPolicyType;
  /** ValidatePolicy's validatePolicyResourceType: "AWS::S3::Bucket", "AWS::IAM::AssumeRolePolicyDocument", … */
  readonly resourceType?: string;
  /** Without it the checks that need AWS's service data (actions, ARNs, condition keys) do not run. */
  readonly catalog?: CheckCatalog;
}

/** Every issue code this module can report: the README's list of implemented checks comes from it. */
export const IMPLEMENTED_CHECKS: Readonly<Record<string, FindingType>> = {
  ARN_ACCOUNT_NOT_ALLOWED: "ERROR", ARN_REGION_NOT_ALLOWED: "ERROR", DATA_TYPE_MISMATCH: "ERROR",
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: "ERROR", EMPTY_VARIABLE: "ERROR", INVALID_ACTION: "ERROR", INVALID_ARN_ACCOUNT: "ERROR",
  INVALID_ARN_PREFIX: "ERROR", INVALID_ARN_RESOURCE: "ERROR", INVALID_ARN_SERVICE_CASE: "ERROR", INVALID_CONDITION_DATA_TYPE: "ERROR",
  INVALID_CONDITION_KEY_FORMAT: "ERROR", INVALID_CONDITION_MULTIPLE_BOOLEAN: "ERROR", INVALID_CONDITION_OPERATOR: "ERROR",
  INVALID_EFFECT: "ERROR", INVALID_GLOBAL_CONDITION_KEY: "ERROR", INVALID_PARTITION: "ERROR", INVALID_POLICY_ELEMENT: "ERROR",
  INVALID_PRINCIPAL_FORMAT: "ERROR", INVALID_PRINCIPAL_KEY: "ERROR", INVALID_SERVICE: "ERROR", INVALID_SERVICE_CONDITION_KEY: "ERROR",
  INVALID_SERVICE_IN_ACTION: "ERROR", INVALID_VARIABLE_FOR_OPERATOR: "ERROR", INVALID_VERSION: "ERROR", JSON_SYNTAX_ERROR: "ERROR",
  MISSING_ACTION: "ERROR", MISSING_ARN_FIELD: "ERROR", MISSING_ARN_REGION: "ERROR", MISSING_BRACE_IN_VARIABLE: "ERROR",
  MISSING_EFFECT: "ERROR", MISSING_PRINCIPAL: "ERROR", MISSING_QUALIFIER: "ERROR", MISSING_RESOURCE: "ERROR", MISSING_STATEMENT: "ERROR",
  MISSING_TAG_KEY_IN_CONDITION: "ERROR", NULL_WITH_IF_EXISTS: "ERROR", POLICY_SIZE_EXCEEDS_SCP_QUOTA: "ERROR",
  PRIVATE_IP_ADDRESS: "ERROR", PRIVATE_NOT_IP_ADDRESS: "ERROR", SCP_SYNTAX_ERROR_PRINCIPAL: "ERROR", UNIQUE_SIDS_REQUIRED: "ERROR",
  UNSUPPORTED_ELEMENT_COMBINATION: "ERROR", UNSUPPORTED_GLOBAL_CONDITION_KEY: "ERROR", UNSUPPORTED_PRINCIPAL: "ERROR",
  UNSUPPORTED_SID: "ERROR", UNSUPPORTED_SPACE_IN_VARIABLE: "ERROR", UNSUPPORTED_WILDCARD_IN_PRINCIPAL: "ERROR",
  VARIABLE_UNSUPPORTED_IN_ELEMENT: "ERROR", VARIABLE_UNSUPPORTED_IN_VERSION: "ERROR",
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: "ERROR", INVALID_ARN_REGION: "ERROR", INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: "ERROR",
  INVALID_REGION: "ERROR", INVALID_SERVICE_PRINCIPAL_FORMAT: "ERROR", INVALID_VPC_FORMAT: "ERROR", INVALID_VPCE_FORMAT: "ERROR",
  MISMATCHED_ACTION_FOR_PRINCIPAL: "ERROR", MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: "ERROR", MISSING_ARN_ACCOUNT: "ERROR",
  MISSING_QUOTE_IN_VARIABLE: "ERROR", POLICY_SIZE_EXCEEDS_RCP_QUOTA: "ERROR", RCP_SYNTAX_ERROR_ACTION: "ERROR", RCP_SYNTAX_ERROR_ALLOW: "ERROR",
  RCP_SYNTAX_ERROR_NOTACTION: "ERROR", RCP_SYNTAX_ERROR_PRINCIPAL: "ERROR", ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: "ERROR",
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: "ERROR", ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: "ERROR",
  UNSUPPORTED_ACTION_IN_POLICY: "ERROR", UNSUPPORTED_RESOURCE_ARN_IN_POLICY: "ERROR", TYPE_MISMATCH_IP_RANGE: "ERROR",
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: "WARNING", CREATE_SLR_WITH_NOT_RESOURCE: "WARNING",
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: "WARNING", CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: "WARNING",
  CREATE_SLR_WITH_STAR_IN_RESOURCE: "WARNING", CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: "WARNING",
  INVALID_DATE_VALUE: "WARNING", INVALID_ROLE_REFERENCE: "WARNING", INVALID_USER_REFERENCE: "WARNING", MISSING_VERSION: "WARNING",
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: "WARNING", TYPE_MISMATCH: "WARNING", TYPE_MISMATCH_BOOLEAN: "WARNING",
  TYPE_MISMATCH_DATE: "WARNING", TYPE_MISMATCH_NUMBER: "WARNING", TYPE_MISMATCH_STRING: "WARNING",
  UNIQUE_SIDS_RECOMMENDED: "WARNING", WILDCARD_WITHOUT_LIKE_OPERATOR: "WARNING",
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: "WARNING", SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: "WARNING",
  DYNAMODB_ATTRIBUTES_WITHOUT_SELECT: "SECURITY_WARNING", FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE: "SECURITY_WARNING", MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: "SECURITY_WARNING",
  MISSING_GITHUB_REPO_CONDITION_KEY: "SECURITY_WARNING", RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: "SECURITY_WARNING", S3_PREFIX_IN_NEGATIVE_CONTEXT: "SECURITY_WARNING",
  STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS: "SECURITY_WARNING",
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: "SUGGESTION", REDUNDANT_STATEMENT: "SUGGESTION", WILDCARD_IN_SERVICE_NAME: "SUGGESTION",
  ALLOW_WITH_NOT_PRINCIPAL: "SECURITY_WARNING", FORALLVALUES_WITH_SINGLE_VALUED_KEY: "SECURITY_WARNING",
  MISSING_PAIRED_CONDITION_KEYS: "SECURITY_WARNING", PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_NOT_RESOURCE: "SECURITY_WARNING", PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: "SECURITY_WARNING", PASS_ROLE_WITH_STAR_IN_RESOURCE: "SECURITY_WARNING",
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: "SECURITY_WARNING",
  EMPTY_ARRAY_ACTION: "SUGGESTION", EMPTY_ARRAY_CONDITION: "SUGGESTION", EMPTY_ARRAY_CONDITION_FORALLVALUES: "SUGGESTION",
  EMPTY_ARRAY_CONDITION_FORANYVALUE: "SUGGESTION", EMPTY_ARRAY_CONDITION_IFEXISTS: "SUGGESTION", EMPTY_ARRAY_PRINCIPAL: "SUGGESTION",
  EMPTY_ARRAY_RESOURCE: "SUGGESTION", EMPTY_OBJECT_CONDITION: "SUGGESTION", EMPTY_OBJECT_PRINCIPAL: "SUGGESTION",
  EMPTY_SID_VALUE: "SUGGESTION", IMPROVE_IP_RANGE: "SUGGESTION", NULL_WITH_QUALIFIER: "SUGGESTION",
  PRIVATE_IP_ADDRESS_SUBSET: "SUGGESTION", PRIVATE_NOT_IP_ADDRESS_SUBSET: "SUGGESTION", REDUNDANT_ACTION: "SUGGESTION",
  REDUNDANT_CONDITION_VALUE_NUM: "SUGGESTION",
};

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const PRINCIPAL_KEYS = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
const SCP_QUOTA = 5120;
const RCP_QUOTA = 5120;
const IDENTITY_QUOTA = 6144;
/** IAM's default quota for a role trust policy (characters, excluding whitespace); accounts may raise it. */
const TRUST_POLICY_QUOTA = 2048;
const TRUST_POLICY = "AWS::IAM::AssumeRolePolicyDocument";
/** The service prefixes whose actions and resource ARNs a resource policy of each validatePolicyResourceType takes. */
const RESOURCE_TYPE_SERVICES: Readonly<Record<string, readonly string[]>> = {
  "AWS::S3::Bucket": ["s3"], "AWS::S3::AccessPoint": ["s3"], "AWS::S3::MultiRegionAccessPoint": ["s3"],
  "AWS::S3ObjectLambda::AccessPoint": ["s3-object-lambda"], "AWS::DynamoDB::Table": ["dynamodb"], [TRUST_POLICY]: ["sts"],
};
/** The services whose actions resource control policies can name (AWS Organizations' RCP reference, 2025). */
const RCP_SERVICES = new Set(["s3", "sts", "sqs", "secretsmanager", "kms", "ecr", "aoss", "cognito-identity", "logs", "dynamodb"]);
/** Condition keys whose values are Region names. */
const REGION_KEYS = new Set(["aws:requestedregion", "ec2:region"]);
/** Condition keys whose values are service principals, and the format AWS expects for them. */
const SERVICE_PRINCIPAL_KEYS: Readonly<Record<string, { format: string; pattern: RegExp }>> = {
  "aws:principalservicename": { format: "service-name.amazonaws.com", pattern: /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/ },
  "aws:principalservicenameslist": { format: "service-name.amazonaws.com", pattern: /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/ },
  "kms:viaservice": { format: "service-name.AWS_region.amazonaws.com", pattern: /^[a-z0-9-]+\.[a-z]+(-[a-z]+)+-\d+\.amazonaws\.com(\.cn)?$/ },
};
const SERVICE_PRINCIPAL = SERVICE_PRINCIPAL_KEYS["aws:principalservicename"]!;
/** What IAM Roles Anywhere needs to assume a role through a trust policy. */
const ROLES_ANYWHERE_ACTIONS = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];
const GITHUB_SUB = "token.actions.githubusercontent.com:sub";
const GITHUB_REF = "token.actions.githubusercontent.com:ref";
/** A role trust policy's federated principal: a SAML or OIDC provider ARN, or an identity provider's domain name. */
const FEDERATED_PRINCIPAL = /^(arn:[^:]+:iam::\d{12}:(saml-provider\/[\w+=,.@-]+|oidc-provider\/.+)|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)$/i;
/** Condition keys that are safe only together with another key (Security Warning – Missing paired condition keys). */
const PAIRED_KEYS: Readonly<Record<string, readonly string[]>> = { "aws:vpcsourceip": ["aws:SourceVpc"] };

type Node = JsonNode;
/** A statement's AWS, service and federated principals, as its Principal element names them. */
interface Principals { aws: StringItem[]; services: StringItem[]; federated: StringItem[] }
type Path = readonly PathElement[];
type StringItem = { node: Node & { kind: "string" }; path: Path };

export function validatePolicyDocument(text: string, options: ValidatePolicyOptions): AccessAnalyzerFinding[] {
  return new PolicyChecks(text, options).run();
}

class PolicyChecks {
  private readonly spans: SpanIndex;
  private readonly out: AccessAnalyzerFinding[] = [];
  private variablesSupported = false;

  constructor(private readonly text: string, private readonly options: ValidatePolicyOptions) {
    this.spans = new SpanIndex(text);
  }

  private add(issueCode: string, details: string, path: Path, start: number, end: number): void {
    const findingType = IMPLEMENTED_CHECKS[issueCode]!;
    this.out.push({ findingType, issueCode, findingDetails: details, learnMoreLink: learnMoreLink(findingType, issueCode), locations: [{ path, span: this.spans.span(start, end) }] });
  }

  private at(issueCode: string, details: string, path: Path, node: { start: number; end: number }): void {
    this.add(issueCode, details, path, node.start, node.end);
  }

  private atKey(issueCode: string, details: string, path: Path, m: JsonMember): void {
    this.add(issueCode, details, path, m.keyStart, m.keyEnd);
  }

  private typeMismatch(expected: "String" | "Array" | "Object" | "String or Array" | "Object or Array", path: Path, node: Node): void {
    this.at("DATA_TYPE_MISMATCH", `The text does not match the expected JSON data type ${expected}.`, path, node);
  }

  run(): AccessAnalyzerFinding[] {
    const parsed = parseJsonDocument(this.text);
    if (!parsed.ok) {
      const p = this.spans.position(parsed.error.start);
      this.add("JSON_SYNTAX_ERROR", `Fix the JSON syntax error at index ${p.offset} line ${p.line} column ${p.column}.`, [], parsed.error.start, parsed.error.end);
      return this.out;
    }
    const root = parsed.root;
    if (root.kind !== "object") { this.typeMismatch("Object", [], root); return this.out; }
    this.size(root);
    for (const m of root.members) {
      if (!TOP_LEVEL.has(m.key)) this.atKey("INVALID_POLICY_ELEMENT", `The policy element ${m.key} is not valid.`, [{ value: m.key }], m);
    }
    const version = last(root, "Version");
    if (!version) {
      this.add("MISSING_VERSION", "We recommend that you specify the Version element to help you with debugging permission issues.", [], root.start, root.start + 1);
    } else if (version.value.kind !== "string") {
      this.typeMismatch("String", [{ value: "Version" }], version.value);
    } else if (version.value.value !== "2012-10-17" && version.value.value !== "2008-10-17") {
      this.at("INVALID_VERSION", `The version ${version.value.value} is not valid. Use one of the following versions: 2012-10-17`, [{ value: "Version" }], version.value);
    }
    this.variablesSupported = version?.value.kind === "string" && version.value.value === "2012-10-17";
    const id = last(root, "Id");
    if (id && id.value.kind !== "string") this.typeMismatch("String", [{ value: "Id" }], id.value);

    const st = last(root, "Statement");
    if (!st) { this.add("MISSING_STATEMENT", "Add a statement to the policy", [], root.start, root.end); return this.out; }
    const statements: { node: Node; path: Path }[] = [];
    if (st.value.kind === "array") {
      if (st.value.items.length === 0) this.at("MISSING_STATEMENT", "Add a statement to the policy", [{ value: "Statement" }], st.value);
      st.value.items.forEach((node, index) => statements.push({ node, path: [{ value: "Statement" }, { index }] }));
    } else if (st.value.kind === "object") {
      statements.push({ node: st.value, path: [{ value: "Statement" }] });
    } else {
      this.typeMismatch("Object or Array", [{ value: "Statement" }], st.value);
    }
    const sids = new Map<string, number>();
    const granted = new Set<string>();
    for (const s of statements) {
      if (s.node.kind !== "object") { this.typeMismatch("Object", s.path, s.node); continue; }
      this.statement(s.node, s.path, sids);
      const grant = canonicalJson(s.node, true);
      if (granted.has(grant)) {
        this.at("REDUNDANT_STATEMENT", "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.", s.path, openBrace(s.node));
      }
      granted.add(grant);
    }
    return this.out;
  }

  private size(root: Node): void {
    const size = policySize(this.text);
    if (this.options.policyType === "SERVICE_CONTROL_POLICY" && size > SCP_QUOTA) {
      this.at("POLICY_SIZE_EXCEEDS_SCP_QUOTA", `The ${size} characters in the service control policy (SCP) exceed the ${SCP_QUOTA} character maximum for SCPs. We recommend that you use multiple granular policies.`, [], root);
    }
    if (this.options.policyType === "IDENTITY_POLICY" && size > IDENTITY_QUOTA) {
      this.at("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", `The ${size} characters in the identity policy, excluding whitespace, exceed the ${IDENTITY_QUOTA} character maximum for inline and managed policies. We recommend that you use multiple granular policies.`, [], root);
    }
    if (this.options.policyType === "RESOURCE_CONTROL_POLICY" && size > RCP_QUOTA) {
      this.at("POLICY_SIZE_EXCEEDS_RCP_QUOTA", `The ${size} characters in the resource control policy (RCP) exceed the ${RCP_QUOTA} character maximum for RCPs. We recommend that you use multiple granular policies.`, [], root);
    }
    if (this.trustPolicy && size > TRUST_POLICY_QUOTA) {
      this.at("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.", [], root);
    }
  }

  /** A role's trust policy: ValidatePolicy's RESOURCE_POLICY with the resource type AWS::IAM::AssumeRolePolicyDocument. */
  private get trustPolicy(): boolean {
    return this.options.policyType === "RESOURCE_POLICY" && this.options.resourceType === TRUST_POLICY;
  }

  /** The services a resource policy of the given validatePolicyResourceType may name; undefined when any may be. */
  private get resourceTypeServices(): readonly string[] | undefined {
    return this.options.policyType === "RESOURCE_POLICY" && this.options.resourceType ? RESOURCE_TYPE_SERVICES[this.options.resourceType] : undefined;
  }

  private get identitySide(): boolean {
    return this.options.policyType === "IDENTITY_POLICY" || this.options.policyType === "SERVICE_CONTROL_POLICY";
  }

  private statement(st: Node & { kind: "object" }, path: Path, sids: Map<string, number>): void {
    const type = this.options.policyType;
    for (const m of st.members) {
      if (!STATEMENT_ELEMENTS.has(m.key)) this.atKey("INVALID_POLICY_ELEMENT", `The policy element ${m.key} is not valid.`, [...path, { value: m.key }], m);
    }
    for (const [a, b] of [["Action", "NotAction"], ["Resource", "NotResource"], ["Principal", "NotPrincipal"]] as const) {
      const ma = last(st, a), mb = last(st, b);
      if (ma && mb) {
        const second = ma.keyStart > mb.keyStart ? ma : mb;
        this.atKey("UNSUPPORTED_ELEMENT_COMBINATION", `The policy elements ${a} and ${b} can not be used in the same statement. Remove one of these elements.`, [...path, { value: second.key }], second);
      }
    }

    const sid = last(st, "Sid");
    if (sid) {
      const sp = [...path, { value: "Sid" }];
      if (sid.value.kind !== "string") this.typeMismatch("String", sp, sid.value);
      else if (sid.value.value === "") this.at("EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element.", sp, sid.value);
      else {
        const v = sid.value.value;
        if (type === "IDENTITY_POLICY" && !/^[0-9A-Za-z]*$/.test(v)) {
          this.at("UNSUPPORTED_SID", "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]", sp, sid.value);
        }
        if (sids.has(v)) {
          if (type === "RESOURCE_POLICY") this.at("UNIQUE_SIDS_RECOMMENDED", "We recommend that you use statement IDs that are unique to your policy. Update the Sid value.", sp, sid.value);
          else this.at("UNIQUE_SIDS_REQUIRED", "Duplicate statement IDs are not supported for this policy type. Update the Sid value.", sp, sid.value);
        }
        sids.set(v, 1);
      }
    }

    const effect = last(st, "Effect");
    let allow = false;
    if (!effect) this.at("MISSING_EFFECT", "Add an Effect element to the policy statement with a value of Allow or Deny.", path, openBrace(st));
    else if (effect.value.kind !== "string") this.typeMismatch("String", [...path, { value: "Effect" }], effect.value);
    else if (effect.value.value !== "Allow" && effect.value.value !== "Deny") {
      this.at("INVALID_EFFECT", `The effect ${effect.value.value} is not valid. Use Allow or Deny.`, [...path, { value: "Effect" }], effect.value);
    } else allow = effect.value.value === "Allow";
    const deny = effect?.value.kind === "string" && effect.value.value === "Deny";

    const principals = this.principals(st, path, allow);
    const actions = this.actions(st, path);
    const resources = this.resources(st, path);
    const condition = last(st, "Condition");
    const conditionKeys = condition ? this.conditions(condition, [...path, { value: "Condition" }], { allow, deny }) : new Set<string>();
    if (type === "RESOURCE_CONTROL_POLICY") this.rcpStatement(st, path, allow);
    // A bucket, access point or table that lets a service in with no condition at all: the confused deputy.
    if (allow && this.resourceTypeServices && !this.trustPolicy && conditionKeys.size === 0) {
      for (const p of principals.services) {
        this.at("RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", "Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths condition key to grant fine-grained access.", p.path, p.node);
      }
    }
    if (allow && this.trustPolicy) {
      if (!actions.not) this.trustActions(st, path, actions.items, principals);
      this.federatedConditions(principals, conditionKeys);
      this.redundantSessions(principals);
    }
    // RCPs cannot name IAM's actions, so iam:PassRole and iam:CreateServiceLinkedRole are out of their reach.
    if (allow && type !== "RESOURCE_CONTROL_POLICY") this.privilegeChecks(st, path, actions, resources, conditionKeys);
  }

  /** An OIDC provider trusted with no condition on its own keys: any of its tokens (any GitHub repository) could assume the role. */
  private federatedConditions(principals: Principals, keys: Set<string>): void {
    for (const p of principals.federated) {
      const v = p.node.value;
      if (/:saml-provider\//.test(v) || !FEDERATED_PRINCIPAL.test(v)) continue;
      const host = (v.startsWith("arn:") ? v.slice(v.indexOf(":oidc-provider/") + ":oidc-provider/".length) : v).toLowerCase();
      if (host === "token.actions.githubusercontent.com") {
        if (!keys.has(GITHUB_SUB)) {
          this.at("MISSING_GITHUB_REPO_CONDITION_KEY", `Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the ${GITHUB_SUB} condition key and specify the branch and repository name in the value.`, p.path, p.node);
        }
      } else if (![...keys].some((k) => k.startsWith(`${host}:`))) {
        this.at("MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", "Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role.", p.path, p.node);
      }
    }
  }

  /** A role's session named beside the role itself adds nothing to a trust policy. */
  private redundantSessions(principals: Principals): void {
    const roles = principals.aws.map((p) => /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(p.node.value)).filter((r): r is RegExpExecArray => r !== null);
    for (const p of principals.aws) {
      const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(p.node.value);
      const parent = session && roles.find((r) => r[1] === session[1] && r[2] === session[2] && r[3] === session[3]);
      if (parent) {
        this.at("REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", `The assumed-role principal ${p.node.value} is redundant with its parent role ${parent[0]}. Remove the assumed-role principal.`, p.path, p.node);
      }
    }
  }

  /** What resource control policies cannot say: NotAction, and an Allow that is not for every resource unconditionally. */
  private rcpStatement(st: Node & { kind: "object" }, path: Path, allow: boolean): void {
    const notAction = last(st, "NotAction");
    if (notAction) this.atKey("RCP_SYNTAX_ERROR_NOTACTION", "RCPs do not support the NotAction element. Update to use the Action element.", [...path, { value: "NotAction" }], notAction);
    if (!allow) return;
    const resource = last(st, "NotResource") ?? last(st, "Resource");
    const narrowed = [resource && !(resource.key === "Resource" && isStar(resource.value)) ? resource : undefined, last(st, "Condition")].find((m) => m !== undefined);
    if (narrowed) {
      this.atKey("RCP_SYNTAX_ERROR_ALLOW", 'RCPs only support specifying all principals ("*") in the Principal element, all resources ("*") in the Resource element, and no Condition element with an effect of Allow.', [...path, { value: narrowed.key }], narrowed);
    }
  }

  /** A trust policy's actions against its principals: Roles Anywhere's three actions, SAML and OIDC providers' own actions. */
  private trustActions(st: Node & { kind: "object" }, path: Path, actions: StringItem[], principals: Principals): void {
    const grants = (action: string) => actions.some((a) => globRegex(a.node.value).test(action));
    const actionMember = last(st, "Action");
    if (actionMember && principals.services.some((s) => s.node.value === "rolesanywhere.amazonaws.com") && !ROLES_ANYWHERE_ACTIONS.every(grants)) {
      this.at("MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy.", [...path, { value: "Action" }], actionMember.value);
    }
    const saml = (p: StringItem) => /^arn:[^:]+:iam::[^:]*:saml-provider\//.test(p.node.value);
    for (const a of actions) {
      const action = a.node.value.toLowerCase();
      const wrong = action === "sts:assumerolewithwebidentity" ? principals.federated.filter(saml)
        : action === "sts:assumerolewithsaml" ? principals.federated.filter((p) => !saml(p)) : [];
      if (wrong.length > 0) {
        this.at("MISMATCHED_ACTION_FOR_PRINCIPAL", `The ${a.node.value} action is invalid with the following principal(s): ${wrong.map((p) => p.node.value).join(", ")}. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options.`, a.path, a.node);
      }
    }
  }

  // --- Principal ---

  /** Checks the Principal or NotPrincipal element; returns the principals it names, by key. */
  private principals(st: Node & { kind: "object" }, path: Path, allow: boolean): Principals {
    const type = this.options.policyType;
    const found: Principals = { aws: [], services: [], federated: [] };
    const m = last(st, "Principal") ?? last(st, "NotPrincipal");
    if (!m) {
      if (type === "RESOURCE_POLICY" || type === "RESOURCE_CONTROL_POLICY") this.at("MISSING_PRINCIPAL", "Add a Principal element to the policy statement.", path, openBrace(st));
      return found;
    }
    const mp = [...path, { value: m.key }];
    if (type === "SERVICE_CONTROL_POLICY") {
      this.atKey("SCP_SYNTAX_ERROR_PRINCIPAL", "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.", mp, m);
      return found;
    }
    if (type === "IDENTITY_POLICY") {
      this.atKey("UNSUPPORTED_PRINCIPAL", `The policy type IDENTITY_POLICY does not support the ${m.key} element. Remove the ${m.key} element.`, mp, m);
      return found;
    }
    if (type === "RESOURCE_CONTROL_POLICY") {
      if (m.key === "NotPrincipal" || !isStar(m.value)) {
        this.atKey("RCP_SYNTAX_ERROR_PRINCIPAL", 'The Principal element contents are not valid. RCPs only support specifying all principals ("*") in the Principal element. The NotPrincipal element is not supported for RCPs.', mp, m);
      }
      return found;
    }
    if (m.key === "NotPrincipal" && this.trustPolicy) {
      this.atKey("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.", mp, m);
      return found;
    }
    if (m.key === "NotPrincipal" && allow) {
      this.atKey("ALLOW_WITH_NOT_PRINCIPAL", "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.", mp, m);
    }
    const v = m.value;
    if (v.kind === "string") {
      if (v.value === "*" && this.trustPolicy) {
        this.at("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.', mp, v);
      } else if (v.value !== "*") this.at("INVALID_PRINCIPAL_FORMAT", "The Principal element contents are not valid. Specify a key-value pair in the Principal element.", mp, v);
      return found;
    }
    if (v.kind !== "object") { this.typeMismatch("Object", mp, v); return found; }
    if (v.members.length === 0) { this.at("EMPTY_OBJECT_PRINCIPAL", "This statement includes no principals and does not affect the policy. Specify principals.", mp, v); return found; }
    for (const pm of v.members) {
      const kp = [...mp, { value: pm.key }];
      if (!PRINCIPAL_KEYS.has(pm.key)) { this.atKey("INVALID_PRINCIPAL_KEY", `The principal key ${pm.key} is not valid.`, [...mp, { key: pm.key }], pm); continue; }
      if (pm.value.kind === "array" && pm.value.items.length === 0) {
        this.at("EMPTY_ARRAY_PRINCIPAL", "This statement includes no principals and does not affect the policy. Specify principals.", kp, pm.value);
        continue;
      }
      if (pm.key === "Federated" && this.resourceTypeServices && !this.trustPolicy) {
        this.atKey("FEDERATED_PRINCIPAL_NOT_SUPPORTED", "The policy type does not support a federated identity provider in the principal element. Use a supported principal.", kp, pm);
        continue;
      }
      for (const item of this.strings(pm.value, kp)) {
        const value = item.node.value;
        if (pm.key === "AWS") found.aws.push(item);
        if (pm.key === "Service") found.services.push(item);
        if (pm.key === "Federated") found.federated.push(item);
        if (value.includes("${")) {
          this.at("VARIABLE_UNSUPPORTED_IN_ELEMENT", `Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${firstVariable(value)} from this element.`, item.path, item.node);
        } else if (pm.key === "AWS" && value !== "*" && /[*?]/.test(value)) {
          this.at("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "Wildcards (*, ?) are not supported with the principal key AWS. Replace the wildcard with a valid principal value.", item.path, item.node);
        } else if (pm.key === "AWS" && /^AROA[0-9A-Z]{16,}$/.test(value)) {
          this.at("INVALID_ROLE_REFERENCE", `The Principal element includes the IAM role ID ${value}. We recommend that you use a role ARN instead.`, item.path, item.node);
        } else if (pm.key === "AWS" && /^AIDA[0-9A-Z]{16,}$/.test(value)) {
          this.at("INVALID_USER_REFERENCE", `The Principal element includes the IAM user ID ${value}. We recommend that you use a user ARN instead.`, item.path, item.node);
        } else if (pm.key === "Service" && !/[*?]/.test(value) && !SERVICE_PRINCIPAL.pattern.test(value)) {
          this.at("INVALID_SERVICE_PRINCIPAL_FORMAT", `The service principal does not match the expected format. Use the format ${SERVICE_PRINCIPAL.format}.`, item.path, item.node);
        } else if (pm.key === "Federated" && this.trustPolicy && !FEDERATED_PRINCIPAL.test(value)) {
          this.at("INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", "The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN.", item.path, item.node);
        }
      }
    }
    return found;
  }

  /** The string items of a string-or-list element; other JSON types are DATA_TYPE_MISMATCH. */
  private strings(node: Node, path: Path): StringItem[] {
    if (node.kind === "string") return [{ node, path }];
    if (node.kind !== "array") { this.typeMismatch("String or Array", path, node); return []; }
    const out: StringItem[] = [];
    node.items.forEach((item, index) => {
      if (item.kind === "string") out.push({ node: item, path: [...path, { index }] });
      else this.typeMismatch("String", [...path, { index }], item);
    });
    return out;
  }

  // --- Action ---

  private actions(st: Node & { kind: "object" }, path: Path): { items: StringItem[]; not: boolean } {
    const m = last(st, "Action") ?? last(st, "NotAction");
    if (!m) { this.at("MISSING_ACTION", "Add an Action or NotAction element to the policy statement.", path, openBrace(st)); return { items: [], not: false }; }
    const mp = [...path, { value: m.key }];
    if (m.value.kind === "array" && m.value.items.length === 0) {
      this.at("EMPTY_ARRAY_ACTION", "This statement includes no actions and does not affect the policy. Specify actions.", mp, m.value);
      return { items: [], not: m.key === "NotAction" };
    }
    const items = this.strings(m.value, mp);
    const catalog = this.options.catalog;
    const known = new Map<StringItem, readonly CheckAction[] | undefined>();
    for (const item of items) {
      const a = item.node.value;
      if (a.includes("${")) {
        this.at("VARIABLE_UNSUPPORTED_IN_ELEMENT", `Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${firstVariable(a)} from this element.`, item.path, item.node);
        continue;
      }
      if (a === "*") continue;
      const colon = a.indexOf(":");
      if (colon <= 0 || a.indexOf(":", colon + 1) >= 0) { this.at("INVALID_ACTION", `The action ${a} does not exist.`, item.path, item.node); continue; }
      const svc = a.slice(0, colon);
      const anyService = /[*?]/.test(svc);
      if (catalog && !anyService && !catalog.hasService(svc)) {
        this.at("INVALID_SERVICE_IN_ACTION", `The service ${svc} specified in the action does not exist.`, item.path, item.node);
        continue;
      }
      if (!anyService && m.key === "Action" && this.serviceNotAllowed(item, svc)) continue;
      if (!catalog) continue;
      const expanded = /[*?]/.test(a) ? catalog.expand(a) : [catalog.action(a)].filter((x): x is CheckAction => x !== undefined);
      if (expanded.length === 0) { this.at("INVALID_ACTION", `The action ${a} does not exist.`, item.path, item.node); continue; }
      known.set(item, expanded);
    }
    this.redundantActions(items, known);
    return { items, not: m.key === "NotAction" };
  }

  /** An action of a service the policy type cannot name: RCPs name a few services, typed resource policies their own. */
  private serviceNotAllowed(item: StringItem, svc: string): boolean {
    const service = svc.toLowerCase();
    if (this.options.policyType === "RESOURCE_CONTROL_POLICY" && !RCP_SERVICES.has(service)) {
      this.at("RCP_SYNTAX_ERROR_ACTION", "RCPs only support specifying select service prefixes in the Action element. Learn more here.", item.path, item.node);
      return true;
    }
    const allowed = this.resourceTypeServices;
    if (allowed && !allowed.includes(service)) {
      this.at("UNSUPPORTED_ACTION_IN_POLICY", `The action ${item.node.value} is not supported for the resource-based policy attached to the resource type ${this.options.resourceType}.`, item.path, item.node);
      return true;
    }
    return false;
  }

  /** An action another entry of the same list already grants in full. */
  private redundantActions(items: StringItem[], expanded: Map<StringItem, readonly CheckAction[] | undefined>): void {
    const covers = (by: StringItem, a: StringItem): boolean => {
      const x = a.node.value.toLowerCase(), y = by.node.value.toLowerCase();
      if (y === "*") return x !== "*";
      if (!/[*?]/.test(y)) return false;
      if (!/[*?]/.test(x)) return globRegex(y).test(x);
      const ea = expanded.get(a), eb = expanded.get(by);
      if (!ea || !eb || x === y) return false;
      const set = new Set(eb);
      return ea.every((e) => set.has(e)) && !(eb.every((e) => ea.includes(e)) && items.indexOf(by) > items.indexOf(a));
    };
    items.forEach((a, i) => {
      if (this.options.catalog && a.node.value !== "*" && !expanded.has(a)) return; // unknown: its own finding says so
      const twin = items.findIndex((b) => b.node.value.toLowerCase() === a.node.value.toLowerCase());
      const by = twin < i ? items[twin] : items.find((b) => b !== a && covers(b, a));
      if (by) {
        this.at("REDUNDANT_ACTION", `The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: ${a.node.value}.`, a.path, a.node);
      }
    });
  }

  // --- Resource ---

  private resources(st: Node & { kind: "object" }, path: Path): { items: StringItem[]; not: boolean; present: boolean } {
    const m = last(st, "Resource") ?? last(st, "NotResource");
    const type = this.options.policyType;
    const trust = this.trustPolicy;
    if (!m) {
      const required = type !== "RESOURCE_POLICY" || (this.options.resourceType !== undefined && !trust);
      if (required) this.at("MISSING_RESOURCE", "Add a Resource or NotResource element to the policy statement.", path, openBrace(st));
      return { items: [], not: false, present: false };
    }
    const mp = [...path, { value: m.key }];
    if (trust) {
      this.atKey("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.", mp, m);
      return { items: [], not: m.key === "NotResource", present: true };
    }
    if (m.value.kind === "array" && m.value.items.length === 0) {
      this.at("EMPTY_ARRAY_RESOURCE", "This statement includes no resources and does not affect the policy. Specify resources.", mp, m.value);
      return { items: [], not: m.key === "NotResource", present: true };
    }
    const items = this.strings(m.value, mp);
    for (const item of items) this.resource(item);
    return { items, not: m.key === "NotResource", present: true };
  }

  private resource(item: StringItem): void {
    const r = item.node.value;
    if (r === "*") return;
    if (this.variables(item)) return;
    if (!r.startsWith("arn:")) { this.at("INVALID_ARN_PREFIX", `Add the required prefix (arn) to the resource ${r}.`, item.path, item.node); return; }
    const opaque = r.replace(/\$\{[^}]*\}/g, "x");
    const parts = opaque.split(":");
    if (parts.length < 6) {
      this.at("MISSING_ARN_FIELD", `Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource`, item.path, item.node);
      return;
    }
    const [, partition, service, region, account] = parts as [string, string, string, string, string];
    if (!/[*?]/.test(partition) && !PARTITION_NAMES.includes(partition)) {
      this.at("INVALID_PARTITION", `The resource ARN for the service ${service} does not support the partition ${partition}. Use the supported values: ${PARTITION_NAMES.join(", ")}`, item.path, item.node);
      return;
    }
    if (/[*?]/.test(service) && service !== "*") {
      this.at("WILDCARD_IN_SERVICE_NAME", "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.", item.path, item.node);
    }
    if (service !== service.toLowerCase()) {
      this.at("INVALID_ARN_SERVICE_CASE", `Update the service name ${service} in the resource ARN to use all lowercase letters.`, item.path, item.node);
      return;
    }
    const allowed = this.resourceTypeServices;
    if (allowed && !/[*?]/.test(service) && !allowed.includes(service)) {
      this.at("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", `The resource ARN is not supported for the resource-based policy attached to the resource type ${this.options.resourceType}.`, item.path, item.node);
      return;
    }
    if (account !== "" && !/[*?]/.test(account) && !r.split(":")[4]!.includes("${") && !/^\d{12}$/.test(account) && !(service === "s3" && account === "aws")) {
      this.at("INVALID_ARN_ACCOUNT", `The resource ARN account ID ${account} is not valid. Provide a 12-digit account ID.`, item.path, item.node);
      return;
    }
    // A variable in the Region field stands for any Region, as a wildcard does.
    if (region !== "" && !/[*?]/.test(r.replace(/\$\{[^}]*\}/g, "*").split(":")[3]!) && !isKnownRegion(region, PARTITION_NAMES.includes(partition) ? partition : undefined)) {
      this.at("INVALID_ARN_REGION", `The Region ${region} is not valid for this resource. Update the resource ARN to include a supported Region.`, item.path, item.node);
      return;
    }
    const catalog = this.options.catalog;
    if (!catalog || /[*?]/.test(service) || !catalog.hasService(service)) return;
    const types = catalog.service(service)?.resourceTypes ?? [];
    if (types.length === 0) return;
    // The types this ARN can be (a pattern may be several): region and account rules come from their templates.
    const resourcePart = parts.slice(5).join(":");
    const pattern = /[*?]/.test(resourcePart);
    // A pattern is judged by an instance of it ("b/*" as "b/x"): the types that instance could be.
    const fits = (part: string) => types.filter((t) => templateRegex(t.arn.split(":").slice(5).join(":")).test(part));
    const matched = fits(pattern ? resourcePart.replace(/[*?]/g, "x") : resourcePart);
    const candidates = pattern && matched.length === 0 ? types : matched;
    if (candidates.length === 0) {
      this.at("INVALID_ARN_RESOURCE", "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.", item.path, item.node);
      return;
    }
    const templates = candidates.map((t) => t.arn.split(":"));
    if (region !== "" && region !== "*" && templates.every((t) => t[3] === "")) {
      this.at("ARN_REGION_NOT_ALLOWED", `The service ${service} does not support specifying a Region in the resource ARN.`, item.path, item.node);
    } else if (region === "" && templates.every((t) => t[3] !== "")) {
      this.at("MISSING_ARN_REGION", `Add a Region to the ${service} resource ARN.`, item.path, item.node);
    } else if (account !== "" && account !== "*" && templates.every((t) => t[4] === "")) {
      this.at("ARN_ACCOUNT_NOT_ALLOWED", `The service ${service} does not support specifying an account ID in the resource ARN.`, item.path, item.node);
    } else if (account === "" && templates.every((t) => t[4] !== "")) {
      this.at("MISSING_ARN_ACCOUNT", `The resource ${candidates[0]!.name} in the arn is missing an account id. Please provide a 12 digit account id.`, item.path, item.node);
    }
  }

  /** Policy variable syntax in a Resource or condition value; true when the value had a variable problem. */
  private variables(item: StringItem): boolean {
    const v = item.node.value;
    if (!v.includes("${")) return false;
    if (!this.variablesSupported) {
      this.at("VARIABLE_UNSUPPORTED_IN_VERSION", "To include variables in your policy, use the policy version 2012-10-17 or later.", item.path, item.node);
      return true;
    }
    for (let i = v.indexOf("${"); i >= 0; i = v.indexOf("${", i + 2)) {
      const close = v.indexOf("}", i);
      if (close < 0) { this.at("MISSING_BRACE_IN_VARIABLE", "The policy variable is missing a closing curly brace. Add } after the variable text.", item.path, item.node); return true; }
      const body = v.slice(i + 2, close);
      if (body.trim() === "") { this.at("EMPTY_VARIABLE", "Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.", item.path, item.node); return true; }
      const name = body.split(",")[0]!;
      if (/\s/.test(name.trim()) || name !== name.trimStart()) {
        this.at("UNSUPPORTED_SPACE_IN_VARIABLE", "A space is not supported within the policy variable text. Remove the space.", item.path, item.node);
        return true;
      }
      const fallback = body.includes(",") ? body.slice(body.indexOf(",") + 1).trim() : undefined;
      if (fallback !== undefined && !/^'.*'$/s.test(fallback)) {
        this.at("MISSING_QUOTE_IN_VARIABLE", "The policy variable default value must begin and end with a single quote. Add the missing quote.", item.path, item.node);
        return true;
      }
    }
    return false;
  }

  // --- Condition ---

  /** Checks the Condition block; returns the condition keys it names (lower-case). */
  private conditions(m: JsonMember, path: Path, effect: { allow: boolean; deny: boolean }): Set<string> {
    const keys = new Set<string>();
    const block = m.value;
    if (block.kind !== "object") { this.typeMismatch("Object", path, block); return keys; }
    if (block.members.length === 0) { this.at("EMPTY_OBJECT_CONDITION", "This condition block is empty and it does not affect the policy. Specify conditions.", path, block); return keys; }
    const allNames = block.members.flatMap((o) => (o.value.kind === "object" ? o.value.members.map((k) => k.key.toLowerCase()) : []));
    for (const opMember of block.members) {
      const operator = opMember.key;
      const op = parseOperator(operator);
      const opPath = [...path, { value: operator }];
      if (!op) {
        if (/^(ForAllValues:|ForAnyValue:)?NullIfExists$/.test(operator)) {
          this.atKey("NULL_WITH_IF_EXISTS", "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.", opPath, opMember);
        } else {
          this.atKey("INVALID_CONDITION_OPERATOR", `The condition operator ${operator} is not valid. Use a valid condition operator.`, opPath, opMember);
        }
        continue;
      }
      const base = op.name.replace(/^Not(?=IpAddress)|Not(?=Equals|Like)/, "");
      if (base === "Null" && /^For(All|Any)/.test(operator)) {
        this.atKey("NULL_WITH_QUALIFIER", "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.", opPath, opMember);
      }
      const entries = opMember.value;
      if (entries.kind !== "object") { this.typeMismatch("Object", opPath, entries); continue; }
      if (entries.members.length === 0) { this.at("EMPTY_OBJECT_CONDITION", "This condition block is empty and it does not affect the policy. Specify conditions.", opPath, entries); continue; }
      const seen = new Map<string, string>();
      for (const km of entries.members) {
        const lower = km.key.toLowerCase();
        const kp = [...opPath, { value: km.key }];
        if (seen.has(lower) && seen.get(lower) !== km.key) {
          this.atKey("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", `The condition key ${km.key} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.`, [...opPath, { key: km.key }], km);
        }
        seen.set(lower, km.key);
        keys.add(lower);
        this.conditionEntry(operator, op.name, op.set !== 0, op.ifExists, km, kp, allNames);
        this.keyInStatement(km, [...opPath, { key: km.key }], operator, op.name, effect, allNames);
      }
    }
    return keys;
  }

  private conditionEntry(operator: string, name: string, qualified: boolean, ifExists: boolean, km: JsonMember, kp: Path, allNames: string[]): void {
    const key = km.key;
    const keyPath = [...kp.slice(0, -1), { key }];
    const family = operatorFamily(name);
    const keyType = this.conditionKey(km, keyPath);

    // Values.
    const v = km.value;
    let values: { node: Node; path: Path }[];
    if (v.kind === "array") {
      if (v.items.length === 0) {
        const code = operator.startsWith("ForAllValues:") ? "EMPTY_ARRAY_CONDITION_FORALLVALUES" : operator.startsWith("ForAnyValue:") ? "EMPTY_ARRAY_CONDITION_FORANYVALUE" : ifExists ? "EMPTY_ARRAY_CONDITION_IFEXISTS" : "EMPTY_ARRAY_CONDITION";
        this.at(code, EMPTY_CONDITION_DETAILS[code]!(key), kp, v);
        return;
      }
      values = v.items.map((node, index) => ({ node, path: [...kp, { index }] }));
      const kinds = new Set(v.items.map((i) => i.kind));
      if (kinds.size > 1) { this.at("INVALID_CONDITION_DATA_TYPE", "The condition value data types do not match. Use condition values of the same JSON data type.", kp, v); return; }
    } else values = [{ node: v, path: kp }];
    for (const val of values) {
      if (val.node.kind === "object" || val.node.kind === "array" || val.node.kind === "null") { this.typeMismatch("String", val.path, val.node); return; }
    }
    const texts = values.map((x) => ({ ...x, text: String((x.node as { value: unknown }).value) }));

    if (family === "Bool" && values.length > 1) {
      this.at("INVALID_CONDITION_MULTIPLE_BOOLEAN", "The condition key does not support multiple Boolean values. Use a single Boolean value.", kp, v);
    }
    for (const t of texts) {
      const hasVariable = t.text.includes("${");
      if (hasVariable && family !== "String" && family !== "Arn") {
        this.at("INVALID_VARIABLE_FOR_OPERATOR", "Policy variables can only be used with String and ARN operators.", t.path, t.node);
        continue;
      }
      if (hasVariable && t.node.kind === "string" && this.variables({ node: t.node, path: t.path })) continue;
      switch (family) {
        case "Bool":
          if (!/^(true|false)$/i.test(t.text)) this.at("TYPE_MISMATCH_BOOLEAN", `Add a valid Boolean value (true or false) for the condition operator ${name}.`, t.path, t.node);
          break;
        case "Numeric":
          if (!/^-?\d+(\.\d+)?$/.test(t.text.trim())) this.at("TYPE_MISMATCH_NUMBER", `Add a valid numeric value for the condition operator ${name}.`, t.path, t.node);
          break;
        case "Date":
          if (/^\d+$/.test(t.text)) this.at("INVALID_DATE_VALUE", `The date ${t.text} might not resolve as expected. We recommend that you use the YYYY-MM-DD format.`, t.path, t.node);
          else if (Number.isNaN(Date.parse(t.text))) this.at("TYPE_MISMATCH_DATE", "The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.", t.path, t.node);
          break;
        case "Ip": {
          const block = parseCidr(t.text);
          if (!block) { this.at("TYPE_MISMATCH_IP_RANGE", `The condition operator ${name} is used with an invalid IP range value. Specify the IP range in standard CIDR format.`, t.path, t.node); break; }
          const improved = normalizedCidr(t.text);
          if (improved && improved !== t.text) this.at("IMPROVE_IP_RANGE", `The non-zero bits in the IP address after the masked bits are ignored. Replace address ${t.text} with ${improved}.`, t.path, t.node);
          break;
        }
        case "Binary":
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t.text) || t.text.length % 4 !== 0) this.at("TYPE_MISMATCH_STRING", `Add a valid base64-encoded string value for the condition operator ${name}.`, t.path, t.node);
          break;
        case "String":
          if (!/Like$/.test(name) && /[*?]/.test(t.text) && !hasVariable) {
            this.at("WILDCARD_WITHOUT_LIKE_OPERATOR", "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.", t.path, t.node);
          }
          break;
      }
    }

    if (family === "String") this.valueFormats(key, name, texts, allNames);

    if (family === "Numeric" && values.length > 1 && /LessThan|GreaterThan/.test(name)) {
      this.at("REDUNDANT_CONDITION_VALUE_NUM", `Multiple values in ${name} are redundant. Replace with the ${/LessThan/.test(name) ? "greatest" : "least"} single value for ${key}.`, kp, v);
    }
    if (key.toLowerCase() === "aws:sourceip" && family === "Ip") this.privateAddresses(name, texts, kp, v);

    // Key type against the operator, single- and multi-valued keys.
    if (keyType && family !== "Null") {
      const multi = keyType.startsWith("ArrayOf");
      const scalar = multi ? keyType.slice(7) : keyType;
      const fits = (FAMILY_OF_TYPE[scalar] ?? ["String"]).includes(family) || (/^aws:EpochTime$/i.test(key) && family === "Numeric");
      if (!fits) this.atKey("TYPE_MISMATCH", `Use the operator type ${scalar} instead of operator ${name} for the condition key ${key}.`, keyPath, km);
      else if (scalar === "ARN" && /^String(Not)?Like$/.test(name)) {
        this.atKey("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", `Use the operator type ARN instead of operator ${name} for the condition key ${key}.`, keyPath, km);
      }
      if (multi && !qualified) this.atKey("MISSING_QUALIFIER", `The request context key ${key} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.`, keyPath, km);
      if (!multi && operator.startsWith("ForAllValues:")) {
        this.atKey("FORALLVALUES_WITH_SINGLE_VALUED_KEY", `Using ForAllValues qualifier with the single-valued condition key ${key} can be overly permissive. We recommend that you remove ForAllValues:.`, keyPath, km);
      }
    }
    const paired = PAIRED_KEYS[key.toLowerCase()];
    if (paired && !paired.every((p) => allNames.includes(p.toLowerCase()))) {
      this.atKey("MISSING_PAIRED_CONDITION_KEYS", `Using the condition key ${key} can be overly permissive without also using the following condition keys: ${paired.join(", ")}. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.`, keyPath, km);
    }
  }

  /** Keys weaker than they look where they are: s3:prefix negated, an audience with ForAnyValue, dynamodb:Attributes alone. */
  private keyInStatement(km: JsonMember, keyPath: Path, operator: string, name: string, effect: { allow: boolean; deny: boolean }, allNames: string[]): void {
    const key = km.key.toLowerCase();
    // A Deny on matching prefixes (or an Allow on the others) is sidestepped by asking for a shorter prefix.
    if (key === "s3:prefix" && operatorFamily(name) === "String" && (effect.allow || effect.deny) && effect.deny !== name.startsWith("StringNot")) {
      this.atKey("S3_PREFIX_IN_NEGATIVE_CONTEXT", "Using the s3:prefix condition key in a Deny statement or with a negated string operator does not block listing the objects under the matching prefixes. A request that specifies a shorter prefix does not match the condition and can still list those objects. To restrict listing to specific prefixes, use s3:prefix with StringLike in an Allow statement, or use a Deny statement with StringNotLike.", keyPath, km);
    }
    // An identity provider's audience ("accounts.google.com:aud") is one value: ForAnyValue matches when it is absent.
    if (/^[^:]+\.[^:]+:aud$/.test(key) && name !== "Null" && operator.startsWith("ForAnyValue:")) {
      this.atKey("FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", `Using ForAnyValue qualifier with the single-valued condition key ${km.key} can be overly permissive. We recommend that you remove ForAnyValue:.`, keyPath, km);
    }
    if (key === "dynamodb:attributes" && effect.allow && !allNames.includes("dynamodb:select")) {
      this.atKey("DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", "Restricting dynamodb:Attributes without also setting dynamodb:Select to SPECIFIC_ATTRIBUTES allows all attributes to be returned on read requests that omit a projection expression. We recommend that you also set dynamodb:Select to SPECIFIC_ATTRIBUTES.", keyPath, km);
    }
  }

  /** Values of keys whose values have a fixed shape: Regions, VPC and endpoint IDs, service principals, GitHub subjects. */
  private valueFormats(key: string, name: string, texts: { node: Node; path: Path; text: string }[], allNames: string[]): void {
    const lower = key.toLowerCase();
    const principalFormat = SERVICE_PRINCIPAL_KEYS[lower];
    for (const t of texts) {
      const literal = !/[*?]|\$\{/.test(t.text);
      const text = name.includes("IgnoreCase") ? t.text.toLowerCase() : t.text;
      if (REGION_KEYS.has(lower) && literal && !isKnownRegion(text)) {
        this.at("INVALID_REGION", `The Region ${t.text} is not valid. Update the condition value to a supported Region.`, t.path, t.node);
      } else if (lower === "aws:sourcevpc" && literal && !/^vpc-([a-zA-Z0-9]{8}|[a-zA-Z0-9]{17})$/.test(t.text)) {
        this.at("INVALID_VPC_FORMAT", "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters.", t.path, t.node);
      } else if (lower === "aws:sourcevpce" && literal && !/^vpce-([a-zA-Z0-9]{8}|[a-zA-Z0-9]{17})$/.test(t.text)) {
        this.at("INVALID_VPCE_FORMAT", "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters.", t.path, t.node);
      } else if (principalFormat && literal && !principalFormat.pattern.test(t.text)) {
        this.at("INVALID_SERVICE_PRINCIPAL_FORMAT", `The service principal does not match the expected format. Use the format ${principalFormat.format}.`, t.path, t.node);
      } else if (lower === GITHUB_SUB && t.text.includes("*") && (!/^repo:[^/*?]+\/[^:*?]+:/.test(t.text) || !allNames.includes(GITHUB_REF))) {
        // A wildcard is safe only after the repository, and only with the branch pinned in the ref key.
        this.at("SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", `Using a wildcard (*) in ${GITHUB_SUB} can allow requests from more sources than you intended. Specify the value of ${GITHUB_SUB} with the repository and branch name. If the subject claim does not include the branch, specify it in a ${GITHUB_REF} condition key.`, t.path, t.node);
      }
    }
  }

  /** Reports problems with a condition key's name; returns its type when the catalog knows it. */
  private conditionKey(km: JsonMember, keyPath: Path): string | undefined {
    const key = km.key;
    const colon = key.indexOf(":");
    if (colon <= 0) { this.atKey("INVALID_CONDITION_KEY_FORMAT", `The condition key format ${key} is not valid. Use the format service:keyname.`, keyPath, km); return undefined; }
    const prefix = key.slice(0, colon).toLowerCase();
    if (/^aws:arn$/i.test(key)) { this.atKey("UNSUPPORTED_GLOBAL_CONDITION_KEY", "The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead.", keyPath, km); return undefined; }
    if (/^aws:(ResourceTag|RequestTag|PrincipalTag)\/?$/i.test(key)) {
      this.atKey("MISSING_TAG_KEY_IN_CONDITION", `The condition key ${key} must include a tag key to control access based on tags. Use the format ${key.replace(/\/$/, "")}/tag-key and specify a key name for tag-key.`, keyPath, km);
      return undefined;
    }
    // An identity provider's keys ("accounts.google.com:aud", "token.actions.githubusercontent.com:sub") name its host.
    if (prefix.includes(".")) return undefined;
    const catalog = this.options.catalog;
    if (!catalog) return undefined;
    const info = catalog.conditionKey(key);
    if (info) return info.type;
    if (prefix === "aws") this.atKey("INVALID_GLOBAL_CONDITION_KEY", `The condition key ${key} does not exist. Use a valid condition key.`, keyPath, km);
    else if (!catalog.hasService(prefix)) this.atKey("INVALID_SERVICE", `The service ${key.slice(0, colon)} does not exist. Use a valid service name.`, keyPath, km);
    else this.atKey("INVALID_SERVICE_CONDITION_KEY", `The condition key ${key} does not exist in the service ${key.slice(0, colon)}. Use a valid condition key.`, keyPath, km);
    return undefined;
  }

  private privateAddresses(name: string, texts: { text: string }[], kp: Path, node: Node): void {
    const flags = texts.map((t) => isPrivate(t.text));
    if (flags.some((f) => f === undefined)) return;
    const negated = name === "NotIpAddress";
    if (flags.every(Boolean)) {
      this.at(negated ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS", negated
        ? "The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses."
        : "aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.", kp, node);
    } else if (flags.some(Boolean)) {
      this.at(negated ? "PRIVATE_NOT_IP_ADDRESS_SUBSET" : "PRIVATE_IP_ADDRESS_SUBSET", negated
        ? "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp."
        : "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.", kp, node);
    }
  }

  // --- iam:PassRole and iam:CreateServiceLinkedRole granted too widely ---

  private privilegeChecks(st: Node & { kind: "object" }, path: Path, actions: { items: StringItem[]; not: boolean },
    resources: { items: StringItem[]; not: boolean; present: boolean }, conditionKeys: Set<string>): void {
    const notResource = last(st, "NotResource");
    for (const [action, prefix, guardKey] of [["iam:PassRole", "PASS_ROLE", "iam:passedtoservice"], ["iam:CreateServiceLinkedRole", "CREATE_SLR", "iam:awsservicename"]] as const) {
      if (conditionKeys.has(guardKey)) continue;
      let how: "exact" | "star" | "not" | undefined;
      if (actions.not) {
        if (!actions.items.some((a) => a.node.value === "*" || globRegex(a.node.value.toLowerCase()).test(action.toLowerCase()))) how = "not";
      } else {
        for (const a of actions.items) {
          const v = a.node.value.toLowerCase();
          if (v === action.toLowerCase()) { how = "exact"; break; }
          if (/[*?]/.test(v) && globRegex(v).test(action.toLowerCase())) how ??= "star";
        }
      }
      if (!how) continue;
      if (resources.not && notResource) {
        const code = how === "exact" ? `${prefix}_WITH_NOT_RESOURCE` : how === "star" ? `${prefix}_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE` : `${prefix}_WITH_NOT_ACTION_AND_NOT_RESOURCE`;
        this.atKey(code, PRIVILEGE_DETAILS[code]!, [...path, { value: "NotResource" }], notResource);
        continue;
      }
      const star = resources.items.find((r) => r.node.value === "*" || (prefix === "PASS_ROLE" ? /^arn:[^:]+:iam::[^:]*:(\*|role\/\*)$/ : /^arn:[^:]+:iam::[^:]*:(\*|role\/\*|role\/aws-service-role\/\*)$/).test(r.node.value));
      if (!star) continue;
      const code = how === "exact" ? `${prefix}_WITH_STAR_IN_RESOURCE` : how === "star" ? `${prefix}_WITH_STAR_IN_ACTION_AND_RESOURCE` : `${prefix}_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION`;
      this.at(code, PRIVILEGE_DETAILS[code]!, star.path, star.node);
    }
  }
}

const EMPTY_CONDITION_DETAILS: Record<string, (key: string) => string> = {
  EMPTY_ARRAY_CONDITION: (key) => `There are no values for the condition key ${key} and it does not affect the policy. Specify conditions.`,
  EMPTY_ARRAY_CONDITION_FORALLVALUES: (key) => `The ForAllValues prefix with an empty condition key matches only if the key ${key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.`,
  EMPTY_ARRAY_CONDITION_FORANYVALUE: (key) => `The ForAnyValue prefix with an empty condition key ${key} never matches the request context and it does not affect the policy. Specify conditions.`,
  EMPTY_ARRAY_CONDITION_IFEXISTS: (key) => `The IfExists suffix with an empty condition key matches only if the key ${key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.`,
};

const PRIVILEGE_DETAILS: Record<string, string> = {
  PASS_ROLE_WITH_STAR_IN_RESOURCE: "Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: "Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: "Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.",
  PASS_ROLE_WITH_NOT_RESOURCE: "Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: "Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: "Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
  CREATE_SLR_WITH_STAR_IN_RESOURCE: "Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.",
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: "Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.",
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: "Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.",
  CREATE_SLR_WITH_NOT_RESOURCE: "Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.",
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: "Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: "Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.",
};

type Family = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "Ip" | "Arn" | "Null";

function operatorFamily(name: string): Family {
  if (name.startsWith("String")) return "String";
  if (name.startsWith("Numeric")) return "Numeric";
  if (name.startsWith("Date")) return "Date";
  if (name === "Bool") return "Bool";
  if (name === "BinaryEquals") return "Binary";
  if (name.endsWith("IpAddress")) return "Ip";
  if (name.startsWith("Arn")) return "Arn";
  return "Null";
}

/** Which operator families fit a key of each catalog type (ARN keys take String operators too). */
const FAMILY_OF_TYPE: Record<string, readonly Family[]> = {
  String: ["String"], ARN: ["Arn", "String"], Numeric: ["Numeric"], Date: ["Date"], Bool: ["Bool"], IPAddress: ["Ip"], Binary: ["Binary"],
};

function last(node: Node, key: string): JsonMember | undefined {
  if (node.kind !== "object") return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i]!.key === key) return node.members[i];
  return undefined;
}

/** The first policy variable in a value, as written ("${aws:username}"). */
function firstVariable(value: string): string {
  return /\$\{[^}]*\}?/.exec(value)?.[0] ?? "";
}

/** "*", or ["*"]: every principal or every resource. */
function isStar(node: Node): boolean {
  return (node.kind === "string" && node.value === "*") || (node.kind === "array" && node.items.length === 1 && isStar(node.items[0]!));
}

function openBrace(node: Node): { start: number; end: number } {
  return { start: node.start, end: node.start + 1 };
}

/** A CIDR with the host bits cleared ("10.0.0.1/8" → "10.0.0.0/8"); IPv4 only, undefined otherwise. */
function normalizedCidr(text: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const bits = Number(m[5]);
  const addr = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (addr & mask) >>> 0;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${bits}`;
}

/** True for RFC 1918 / loopback / link-local IPv4 ranges, false for public ones, undefined when unparsable. */
function isPrivate(text: string): boolean | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}(\/\d{1,2})?$/.exec(text);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}
