// The policy editor's findings: IAM Access Analyzer's policy checks (the same issue codes and spans
// ValidatePolicy answers, so the editor says what a pipeline will), the engine's own validation (the grammar
// IAM enforces, with AWS's messages), checks against AWS's service authorization data, and security
// findings. Where the editor's own check and Access Analyzer's say the same thing, Access Analyzer's finding
// stands and carries the editor's quick fixes. Each finding has the exact range of its token.
import { canonicalJson, validatePolicy, validatePolicyDocument, type AccessAnalyzerFinding, type AnalyzerPolicyType, type PolicyDiagnostic, type PolicyKind, type Range } from "../policy/index.js";
import type { ActionInfo, Catalog, ConditionKeyInfo } from "./catalog.js";
import { globRegex } from "./catalog.js";
import { nearestOperators, parseOperatorName, type OperatorFamily } from "./condition-operators.js";
import { member, parseTree, statementsOf, stringsOf, type JMember, type JNode, type JObject, type JString } from "./json-tree.js";
import { LineIndex } from "./line-index.js";
import { nearestNames } from "./nearest-name.js";
import { actionAppliesTo, arnService, resourceFitsType } from "./resource-types.js";

export type Severity = "error" | "warning" | "information" | "hint";

export interface TextEdit { range: Range; newText: string }
export interface Fix { title: string; edits: TextEdit[]; preferred?: boolean }

export interface Finding {
  code: string;
  message: string;
  range: Range;
  severity: Severity;
  /**
   * access-analyzer: ValidatePolicy's finding (code = AWS's issue code); engine: IAM's grammar (what CreatePolicy
   * would refuse); catalog: AWS's service data; security: the editor's own security findings.
   */
  source: "access-analyzer" | "engine" | "catalog" | "security";
  fixes: Fix[];
  /** Access Analyzer's learn-more link for its findings. */
  link?: string;
  /** What the finding is about when its range is elsewhere (a condition key, for a finding on its operator). */
  subject?: Range;
}

export interface LintOptions {
  kind: PolicyKind;
  /** Without it only the engine's checks and the security findings run. */
  catalog?: Catalog;
  /** Per finding code: another severity, or "off". */
  severities?: Readonly<Record<string, Severity | "off">>;
  /** Size limit in non-whitespace characters (defaults per policy kind, as the engine's). */
  maxSize?: number;
}

/** Every finding for a policy document, in document order. */
export function lintPolicy(text: string, options: LintOptions): Finding[] {
  const lines = new LineIndex(text);
  const root = parseTree(text);
  const own: Finding[] = [];
  for (const d of validatePolicy(text, options.kind, options.maxSize === undefined ? {} : { maxSize: options.maxSize })) {
    own.push({ ...d, source: "engine", fixes: engineFixes(d, root, lines) });
  }
  if (root?.kind === "object") new StatementChecks(root, text, lines, options, own).run();
  const out = mergeAnalyzerFindings(accessAnalyzerFindings(text, options), own);

  const severities = options.severities ?? {};
  const kept: Finding[] = [];
  for (const f of out) {
    const s = severities[f.code];
    if (s === "off") continue;
    kept.push(s ? { ...f, severity: s } : f);
  }
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return kept;
}

// --- Access Analyzer's findings, and the editor's that say the same ---

const ANALYZER_TYPE: Record<PolicyKind, { policyType: AnalyzerPolicyType; resourceType?: string }> = {
  identity: { policyType: "IDENTITY_POLICY" }, boundary: { policyType: "IDENTITY_POLICY" }, session: { policyType: "IDENTITY_POLICY" },
  resource: { policyType: "RESOURCE_POLICY" }, trust: { policyType: "RESOURCE_POLICY", resourceType: "AWS::IAM::AssumeRolePolicyDocument" },
  scp: { policyType: "SERVICE_CONTROL_POLICY" }, rcp: { policyType: "RESOURCE_CONTROL_POLICY" },
};

const SEVERITY_OF: Record<AccessAnalyzerFinding["findingType"], Severity> = { ERROR: "error", SECURITY_WARNING: "warning", WARNING: "warning", SUGGESTION: "information" };
const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** The editor's own codes and the Access Analyzer issue codes that report the same problem. */
const SAME_AS: Readonly<Record<string, readonly string[]>> = {
  "json-syntax": ["JSON_SYNTAX_ERROR"], "syntax-unknown-field": ["INVALID_POLICY_ELEMENT"], "syntax-version": ["INVALID_VERSION"],
  "syntax-effect": ["INVALID_EFFECT"], "legacy-effect": ["INVALID_EFFECT"], "syntax-type": ["DATA_TYPE_MISMATCH"],
  "syntax-conflict": ["UNSUPPORTED_ELEMENT_COMBINATION"], "syntax-empty": ["EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_RESOURCE", "EMPTY_ARRAY_PRINCIPAL", "MISSING_STATEMENT"],
  "syntax-principal": ["INVALID_PRINCIPAL_FORMAT", "EMPTY_OBJECT_PRINCIPAL", "INVALID_PRINCIPAL_KEY"],
  "syntax-missing-field": ["MISSING_EFFECT", "MISSING_STATEMENT"], "missing-action": ["MISSING_ACTION", "EMPTY_ARRAY_ACTION"],
  "missing-resource": ["MISSING_RESOURCE", "EMPTY_ARRAY_RESOURCE"], "missing-principal": ["MISSING_PRINCIPAL"],
  "principal-not-allowed": ["UNSUPPORTED_PRINCIPAL", "SCP_SYNTAX_ERROR_PRINCIPAL"], "duplicate-sid": ["UNIQUE_SIDS_REQUIRED", "UNIQUE_SIDS_RECOMMENDED"],
  "sid-format": ["UNSUPPORTED_SID"], "version-missing": ["MISSING_VERSION"], "variables-ignored": ["VARIABLE_UNSUPPORTED_IN_VERSION"],
  "resource-format": ["INVALID_ARN_PREFIX"], "resource-partition": ["INVALID_PARTITION"], "legacy-resource": ["MISSING_ARN_FIELD"],
  "resource-region": ["ARN_REGION_NOT_ALLOWED"], "resource-iam-path": ["INVALID_ARN_RESOURCE"], "resource-unknown-type": ["INVALID_ARN_RESOURCE"],
  "unknown-service": ["INVALID_SERVICE_IN_ACTION"], "unknown-action": ["INVALID_ACTION"], "action-matches-nothing": ["INVALID_ACTION"],
  "unknown-condition-key": ["INVALID_GLOBAL_CONDITION_KEY", "INVALID_SERVICE_CONDITION_KEY", "INVALID_SERVICE"],
  "operator-type-mismatch": ["TYPE_MISMATCH"], "missing-set-qualifier": ["MISSING_QUALIFIER"],
  "forallvalues-single-valued": ["FORALLVALUES_WITH_SINGLE_VALUED_KEY"], "passrole-star": ["PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"],
  "allow-notprincipal": ["ALLOW_WITH_NOT_PRINCIPAL"], "notprincipal-allow": ["ALLOW_WITH_NOT_PRINCIPAL"], "redundant-action": ["REDUNDANT_ACTION"],
  "policy-size": ["POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "POLICY_SIZE_EXCEEDS_RCP_QUOTA", "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"],
  "prohibited-field": ["ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"], "trust-action": ["UNSUPPORTED_ACTION_IN_POLICY"],
  "syntax-notprincipal": ["ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "RCP_SYNTAX_ERROR_PRINCIPAL"], "duplicate-statement": ["REDUNDANT_STATEMENT"],
};

function accessAnalyzerFindings(text: string, options: LintOptions): Finding[] {
  const { policyType, resourceType } = ANALYZER_TYPE[options.kind];
  return validatePolicyDocument(text, { policyType, resourceType, catalog: options.catalog }).map((f) => {
    const { start, end } = f.locations[0]!.span;
    return {
      code: f.issueCode, message: f.findingDetails, severity: SEVERITY_OF[f.findingType], source: "access-analyzer", fixes: [], link: f.learnMoreLink,
      range: { start: { line: start.line - 1, character: start.column }, end: { line: end.line - 1, character: end.column } },
    };
  });
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Access Analyzer's findings, plus the editor's that none of them already says (their fixes move over). */
function mergeAnalyzerFindings(analyzer: Finding[], own: Finding[]): Finding[] {
  const out = [...analyzer];
  for (const { subject, ...f } of own) {
    const same = SAME_AS[f.code];
    const twin = same && analyzer.find((a) => same.includes(a.code) && (overlaps(a.range, f.range) || (subject !== undefined && overlaps(a.range, subject))));
    if (!twin) { out.push(f); continue; }
    for (const fix of f.fixes) if (!twin.fixes.some((x) => x.title === fix.title)) twin.fixes.push(fix);
    // AWS's console words it "… does not exist. Did you mean …?": the editor knows the nearest name.
    const suggestion = /Did you mean "?([^"?]+)"?\?/.exec(f.message)?.[1];
    if (suggestion && !twin.message.includes("Did you mean")) twin.message += ` Did you mean ${suggestion}?`;
    if (RANK[f.severity] > RANK[twin.severity]) twin.severity = f.severity; // what IAM itself refuses stays an error
  }
  return out;
}

// --- fixes for the engine's own findings ---

function engineFixes(d: PolicyDiagnostic, root: JNode | undefined, lines: LineIndex): Fix[] {
  if (root?.kind !== "object") return [];
  if (d.code === "syntax-condition-operator") return operatorFixes(d.range, lines);
  const version = member(root, "Version");
  if (d.code === "version-missing" || (d.code === "variables-ignored" && !version)) return [addVersionFix(root, lines)];
  if (d.code === "variables-ignored" && version?.value) {
    return [{ title: 'Set "Version" to "2012-10-17"', edits: [{ range: lines.range(version.value.start, version.value.end), newText: '"2012-10-17"' }], preferred: true }];
  }
  if (d.code === "syntax-principal") {
    // "Principal": "arn:aws:iam::123456789012:root" → {"AWS": …}: the one form a bare string other than "*" can mean.
    const start = lines.offset(d.range.start);
    for (const st of statementsOf(root)) {
      for (const key of ["Principal", "NotPrincipal"]) {
        const v = member(st, key)?.value;
        if (v?.kind === "string" && v.start === start) {
          const type = /\.amazonaws\.com(\.cn)?$/.test(v.value) ? "Service" : /:(saml|oidc)-provider\//.test(v.value) ? "Federated" : "AWS";
          return [{ title: `Write the principal as {"${type}": …}`, edits: [{ range: lines.range(v.start, v.end), newText: `{ "${type}": ${JSON.stringify(v.value)} }` }], preferred: true }];
        }
      }
    }
  }
  return [];
}

/** "StringEqual" → Change to "StringEquals": the nearest operators to one AWS does not know. */
function operatorFixes(range: Range, lines: LineIndex): Fix[] {
  const start = lines.offset(range.start), end = lines.offset(range.end);
  const written = lines.text.slice(start, end).replace(/^"|"$/g, "");
  return nearestOperators(written).map((name, i) => ({
    title: `Change to "${name}"`, edits: [{ range, newText: JSON.stringify(name) }], preferred: i === 0,
  }));
}

function addVersionFix(root: JObject, lines: LineIndex): Fix {
  const first = root.members[0];
  if (!first) return { title: 'Add "Version": "2012-10-17"', edits: [{ range: lines.range(root.start + 1, root.start + 1), newText: '"Version": "2012-10-17"' }], preferred: true };
  const firstPos = lines.position(first.keyStart);
  const openPos = lines.position(root.start);
  const sameLine = firstPos.line === openPos.line;
  const indent = sameLine ? " " : lines.indentOf(firstPos.line);
  return {
    title: 'Add "Version": "2012-10-17"',
    edits: [{ range: lines.range(first.keyStart, first.keyStart), newText: `"Version": "2012-10-17",${sameLine ? " " : `\n${indent}`}` }],
    preferred: true,
  };
}

// --- checks that read the statements ---

/** Keys whose support depends on the action even though their prefix is aws: (the service data lists them per action). */
const ACTION_DEPENDENT_GLOBAL = /^aws:(RequestTag\/.+|ResourceTag\/.+|TagKeys)$/i;

const FAMILY_FITS: Record<string, readonly OperatorFamily[]> = {
  String: ["String"],
  ARN: ["Arn", "String"],
  Numeric: ["Numeric"],
  Date: ["Date"],
  Bool: ["Bool"],
  IPAddress: ["IpAddress"],
  Binary: ["Binary"],
};

/** The operator a String* operator should have been for a key of another type (kept negation). */
const FAMILY_REPLACEMENT: Record<string, Record<string, string>> = {
  IPAddress: { StringEquals: "IpAddress", StringLike: "IpAddress", StringNotEquals: "NotIpAddress", StringNotLike: "NotIpAddress" },
  Numeric: { StringEquals: "NumericEquals", StringNotEquals: "NumericNotEquals" },
  Date: { StringEquals: "DateEquals", StringNotEquals: "DateNotEquals" },
  Bool: { StringEquals: "Bool", StringEqualsIgnoreCase: "Bool" },
  ARN: {},
};

const OPERATORS_FOR_TYPE: Record<string, string> = {
  String: "a String operator", ARN: "an Arn or String operator", Numeric: "a Numeric operator", Date: "a Date operator",
  Bool: "Bool", IPAddress: "IpAddress or NotIpAddress", Binary: "BinaryEquals",
};

interface ActionRef { node: JString; text: string; info: ActionInfo | undefined; expanded: readonly ActionInfo[] }

class StatementChecks {
  constructor(private readonly root: JObject, private readonly text: string, private readonly lines: LineIndex,
    private readonly options: LintOptions, private readonly out: Finding[]) {}

  private add(code: string, source: Finding["source"], severity: Severity, message: string, start: number, end: number, fixes: Fix[] = [], subject?: JMember): void {
    this.out.push({ code, source, severity, message, range: this.lines.range(start, end), fixes, ...(subject ? { subject: this.lines.range(subject.keyStart, subject.keyEnd) } : {}) });
  }

  private edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.lines.range(start, end), newText };
  }

  run(): void {
    const statements = statementsOf(this.root);
    statements.forEach((st) => this.statement(st));
    this.duplicates(statements);
  }

  private statement(st: JObject): void {
    const catalog = this.options.catalog;
    const effect = member(st, "Effect")?.value;
    const allow = effect?.kind === "string" && effect.value === "Allow";
    const notAction = member(st, "NotAction");
    const actionMember = member(st, "Action") ?? notAction;
    const resourceMember = member(st, "Resource") ?? member(st, "NotResource");
    const actionNodes = stringsOf(actionMember?.value);
    const resourceNodes = stringsOf(resourceMember?.value);
    const resourceStar = resourceNodes.some((r) => r.value === "*");

    const actions: ActionRef[] = actionNodes.map((node) => ({ node, text: node.value, info: undefined, expanded: [] }));
    // Every action of the statement is known to the catalog (no "*", no unknown name, no NotAction).
    let resolved = !notAction && actions.length > 0 && catalog !== undefined;
    if (catalog) {
      for (const a of actions) {
        this.actionName(a, catalog);
        if (a.text === "*" || (!a.info && a.expanded.length === 0)) resolved = false;
      }
    }

    // Security: iam:PassRole on every role.
    if (allow && !notAction) {
      const passRole = actions.find((a) => a.text !== "*" && globRegex(a.text).test("iam:PassRole"));
      if (passRole || actions.some((a) => a.text === "*")) {
        for (const r of resourceNodes) {
          if (r.value === "*" || /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(r.value)) {
            this.add("passrole-star", "security", "warning",
              `iam:PassRole with "Resource": ${JSON.stringify(r.value)} lets this principal pass any role, including more privileged ones, to a service. Name the roles it may pass, and consider an iam:PassedToService condition.`,
              r.start, r.end);
          }
        }
      }
    }
    if (allow && notAction && resourceStar) {
      this.add("allow-notaction", "security", "warning",
        'Allow with NotAction and "Resource": "*" grants every other action of every service, including actions AWS adds later. List the actions to allow instead.',
        notAction.keyStart, notAction.keyEnd);
    }
    const notPrincipal = member(st, "NotPrincipal");
    if (allow && notPrincipal) {
      this.add("allow-notprincipal", "security", "warning",
        "Allow with NotPrincipal grants access to every principal not listed, anonymous users included. Name the principals in Principal instead.",
        notPrincipal.keyStart, notPrincipal.keyEnd);
    }

    this.redundantActions(actions);

    if (catalog && resolved && member(st, "Resource") && resourceNodes.length > 0 && !resourceStar) this.resourceFit(actions, resourceNodes);
    if (catalog) for (const r of resourceNodes) this.resourceShape(r, catalog);

    const cond = member(st, "Condition")?.value;
    if (cond?.kind === "object") this.conditions(cond, resolved ? actions : undefined);
  }

  /** The exact range of a string's content (inside the quotes) from `from` to `to` characters of its value. */
  private inner(node: JString, from = 0, to = node.value.length): [number, number] {
    // Escapes make value and source lengths differ; then the whole string is the range.
    if (node.end - node.start - (node.closed ? 2 : 1) !== node.value.length) return [node.start, node.end];
    return [node.start + 1 + from, node.start + 1 + to];
  }

  private actionName(a: ActionRef, catalog: Catalog): void {
    const v = a.text;
    if (v === "*") return;
    const colon = v.indexOf(":");
    if (colon <= 0 || v.indexOf(":", colon + 1) >= 0) return; // the engine reports the format
    const svc = v.slice(0, colon), name = v.slice(colon + 1);
    if (/[*?]/.test(svc)) { a.expanded = catalog.expand(v); return; }
    if (!catalog.hasService(svc)) {
      const near = nearestNames(svc, catalog.prefixes());
      const [s, e] = this.inner(a.node, 0, colon);
      this.add("unknown-service", "catalog", "error",
        `Unknown service prefix "${svc}": no AWS service uses it.${near.length ? ` Did you mean "${near[0]}"?` : ""}`, s, e,
        near.map((n, i) => ({ title: `Change to "${n}"`, edits: [this.edit(s, e, n)], preferred: i === 0 })));
      return;
    }
    const service = catalog.service(svc)!;
    if (/[*?]/.test(name)) {
      a.expanded = catalog.expand(v);
      if (a.expanded.length === 0) {
        const [s, e] = this.inner(a.node, colon + 1);
        this.add("action-matches-nothing", "catalog", "warning", `"${v}" matches no ${service.name} action.`, s, e);
      }
      return;
    }
    const info = service.actionsByName.get(name.toLowerCase());
    if (info) { a.info = info; a.expanded = [info]; return; }
    const near = nearestNames(name, service.actions.map((x) => x.name));
    const [s, e] = this.inner(a.node, colon + 1);
    this.add("unknown-action", "catalog", "error",
      `${service.name} has no action "${name}".${near.length ? ` Did you mean "${svc}:${near[0]}"?` : ""}`, s, e,
      near.map((n, i) => ({ title: `Change to "${svc}:${n}"`, edits: [this.edit(s, e, n)], preferred: i === 0 })));
  }

  /** An action the list names twice, or that a wildcard of the same list already covers. */
  private redundantActions(actions: ActionRef[]): void {
    for (const a of actions) {
      const by = actions.find((o) => o !== a && (o.text === "*" ? a.text !== "*" : /[*?]/.test(o.text) && o.text.includes(":") &&
        globRegex(o.text).test(a.text) && !(/[*?]/.test(a.text) && a.text.length >= o.text.length && o.text !== a.text && globRegex(a.text).test(o.text))));
      const twin = actions.find((o) => o !== a && o.text.toLowerCase() === a.text.toLowerCase());
      if (this.options.catalog && !a.info && a.expanded.length === 0) continue; // unknown: its own finding says so
      if (by && by.text.toLowerCase() !== a.text.toLowerCase()) {
        this.add("redundant-action", "security", "hint", `${a.text} is already covered by ${by.text}.`, a.node.start, a.node.end, [this.removeItemFix(actions.map((x) => x.node), a.node, `Remove ${a.text}`)]);
      } else if (twin && actions.indexOf(twin) < actions.indexOf(a)) {
        this.add("redundant-action", "security", "hint", `${a.text} is listed twice.`, a.node.start, a.node.end, [this.removeItemFix(actions.map((x) => x.node), a.node, `Remove the second ${a.text}`)]);
      }
    }
  }

  /** Removes one element of a JSON list with its separating comma. */
  private removeItemFix(items: JNode[], item: JNode, title: string): Fix {
    const i = items.indexOf(item);
    const start = i > 0 ? items[i - 1]!.end : item.start;
    const end = i > 0 ? item.end : (items[i + 1]?.start ?? item.end);
    return { title, edits: [this.edit(start, end, "")], preferred: true };
  }

  /** Each action must apply to some resource of the statement, and each resource to some action. */
  private resourceFit(actions: ActionRef[], resources: JString[]): void {
    for (const a of actions) {
      if (!a.info) continue;
      const info = a.info;
      const [s, e] = [a.node.start, a.node.end];
      if (info.resourceTypes.length === 0) {
        this.add("action-resource-mismatch", "catalog", "warning",
          `${a.text} does not support resource-level permissions: it applies only with "Resource": "*".`, s, e);
      } else if (!resources.some((r) => actionAppliesTo(info, r.value))) {
        const types = info.resourceTypes.slice(0, 4).map((rt) => `${rt.type.name} (${rt.type.arn})`).join(", ");
        this.add("action-resource-mismatch", "catalog", "warning",
          `${a.text} applies to none of this statement's resources: it takes ${types}${info.resourceTypes.length > 4 ? ", …" : ""}.`, s, e);
      }
    }
    const all = actions.flatMap((a) => a.expanded);
    if (all.length === 0 || all.length > 2000) return;
    for (const r of resources) {
      if (arnService(r.value) === undefined) continue;
      if (!all.some((x) => actionAppliesTo(x, r.value))) {
        this.add("resource-matches-no-action", "catalog", "warning", `No action of this statement applies to ${r.value}.`, r.start, r.end);
      }
    }
  }

  /** A resource ARN for a known service must fit one of that service's resource types. */
  private resourceShape(r: JString, catalog: Catalog): void {
    const svc = arnService(r.value);
    if (!svc) return;
    const service = catalog.service(svc);
    if (!service || service.resourceTypes.length === 0) return;
    if (service.resourceTypes.some((t) => resourceFitsType(r.value, t))) return;
    const shapes = service.resourceTypes.slice(0, 5).map((t) => t.arn).join(", ");
    this.add("resource-unknown-type", "catalog", "warning",
      `${r.value} fits no ${service.name} resource type. Expected one of: ${shapes}${service.resourceTypes.length > 5 ? ", …" : ""}.`, r.start, r.end);
  }

  private conditions(cond: JObject, actions: ActionRef[] | undefined): void {
    const catalog = this.options.catalog;
    for (const opMember of cond.members) {
      const op = parseOperatorName(opMember.key);
      if (!op || opMember.value?.kind !== "object") continue; // the engine reports unknown operators
      const block = opMember.value;
      for (const keyMember of block.members) {
        const info = catalog ? this.conditionKey(keyMember, catalog, actions) : undefined;
        const type = info?.type;
        if (!type || op.family === "Null") continue;
        const multi = type.startsWith("ArrayOf");
        const scalar = multi ? type.slice(7) : type;
        const epochTime = /^aws:EpochTime$/i.test(keyMember.key);
        const fits = (FAMILY_FITS[scalar] ?? ["String"]).includes(op.family) || (epochTime && op.family === "Numeric");
        if (!fits) {
          const replacement = FAMILY_REPLACEMENT[scalar]?.[op.name];
          const [s, e] = [opMember.keyStart + 1 + op.nameOffset, opMember.keyStart + 1 + op.nameOffset + op.name.length];
          const fixes = replacement && block.members.length === 1 ? [{ title: `Change to ${replacement}`, edits: [this.edit(s, e, replacement)], preferred: true }] : [];
          this.add("operator-type-mismatch", "catalog", "warning",
            `${op.name} does not fit ${keyMember.key}, ${/^[AEIOU]/.test(type) ? "an" : "a"} ${type} key: use ${OPERATORS_FOR_TYPE[scalar] ?? "a String operator"}.`, s, e, fixes, keyMember);
        }
        if (op.qualifier && !multi) {
          const [s, e] = [opMember.keyStart + 1, opMember.keyStart + 1 + op.qualifier.length + 1];
          const consequence = op.qualifier === "ForAllValues"
            ? "it also matches when the key is missing or empty, which an Allow rarely intends"
            : "it behaves as the operator without the qualifier";
          this.add(op.qualifier === "ForAllValues" ? "forallvalues-single-valued" : "foranyvalue-single-valued", "security", "warning",
            `${op.qualifier} on ${keyMember.key}, a single-valued key: ${consequence}. Remove ${op.qualifier}:.`, s, e,
            block.members.length === 1 ? [{ title: `Remove ${op.qualifier}:`, edits: [this.edit(s, e, "")], preferred: true }] : [], keyMember);
        }
        if (!op.qualifier && multi) {
          const [s, e] = [opMember.keyStart + 1, opMember.keyEnd - 1];
          this.add("missing-set-qualifier", "security", "warning",
            `${keyMember.key} is multi-valued: say whether any value (ForAnyValue:) or every value (ForAllValues:) must match.`, s, e,
            block.members.length === 1 ? [
              { title: `Change to ForAnyValue:${opMember.key}`, edits: [this.edit(s, s, "ForAnyValue:")] },
              { title: `Change to ForAllValues:${opMember.key}`, edits: [this.edit(s, s, "ForAllValues:")] },
            ] : [], keyMember);
        }
      }
    }
  }

  /** Reports an unknown key or one no action supports; returns the key's catalog entry when known. */
  private conditionKey(m: JMember, catalog: Catalog, actions: ActionRef[] | undefined): ConditionKeyInfo | undefined {
    const key = m.key;
    const colon = key.indexOf(":");
    if (colon <= 0) return undefined; // the engine reports the missing vendor
    const [s, e] = [m.keyStart + 1, m.keyEnd - 1];
    const prefix = key.slice(0, colon).toLowerCase();
    const info = catalog.conditionKey(key);
    if (!info) {
      const known = prefix === "aws" || catalog.hasService(prefix);
      const candidates = prefix === "aws" ? catalog.globalKeys : [...(catalog.service(prefix)?.conditionKeys ?? []), ...catalog.globalKeys];
      const near = nearKeys(key, candidates);
      this.add("unknown-condition-key", "catalog", "warning",
        prefix === "aws" ? `Unknown condition key ${key}: not one of AWS's global condition keys.${near.length ? ` Did you mean ${near[0]}?` : ""}`
          : known ? `Unknown condition key ${key}: neither a global key nor one of ${catalog.serviceName(prefix) ?? prefix}'s.${near.length ? ` Did you mean ${near[0]}?` : ""}`
          : `Unknown condition key ${key}: no AWS service uses the prefix "${key.slice(0, colon)}".${near.length ? ` Did you mean ${near[0]}?` : ""}`,
        s, e, near.map((n, i) => ({ title: `Change to ${n}`, edits: [this.edit(s, e, n)], preferred: i === 0 })));
      return undefined;
    }
    const global = prefix === "aws" && !ACTION_DEPENDENT_GLOBAL.test(key) || catalog.globalKeys.includes(info);
    if (!global || ACTION_DEPENDENT_GLOBAL.test(key)) {
      if (actions && actions.length > 0) {
        const supported = actions.some((a) => a.expanded.some((x) => catalog.keysOfAction(x).some((k) => k.pattern.test(key))));
        if (!supported) {
          const names = actions.map((a) => a.text).slice(0, 3).join(", ");
          this.add("condition-key-not-supported", "catalog", "warning",
            `No action of this statement (${names}${actions.length > 3 ? ", …" : ""}) supports ${key}: its requests never carry it.`, s, e);
        }
      }
    }
    return info;
  }

  /** Statements equal but for their Sid: the later one adds nothing. */
  private duplicates(statements: JObject[]): void {
    const seen = new Map<string, JObject>();
    for (const st of statements) {
      const canon = canonicalJson(st, true);
      const first = seen.get(canon);
      if (first) {
        this.add("duplicate-statement", "security", "warning",
          `This statement repeats statement ${statements.indexOf(first)}${sidOf(first) ? ` ("${sidOf(first)}")` : ""}: it changes nothing.`, st.start, st.start + 1);
      } else seen.set(canon, st);
    }
  }
}

function sidOf(st: JObject): string | undefined {
  const v = member(st, "Sid")?.value;
  return v?.kind === "string" ? v.value : undefined;
}

/** A statement as comparable text: members sorted, lists sorted, Sid left out. */
/** Nearest catalog keys to a mistyped key; for templated keys ("aws:PrincipalTag/${TagKey}") the typed tag name is kept. */
function nearKeys(key: string, candidates: ConditionKeyInfo[]): string[] {
  const slash = key.indexOf("/");
  const plain = candidates.filter((c) => !/\$\{|</.test(c.key)).map((c) => c.key);
  const results = nearestNames(key, plain);
  if (slash > 0) {
    const head = key.slice(0, slash + 1), tail = key.slice(slash + 1);
    const templated = candidates.filter((c) => /\$\{|</.test(c.key)).map((c) => c.key.replace(/(\$\{[^}]*\}|<[^>]*>).*$/, ""));
    for (const t of nearestNames(head, templated)) if (t.endsWith("/")) results.unshift(t + tail);
  }
  return [...new Set(results)].slice(0, 3);
}
