// What the policy checks need from AWS's service authorization data. The editor's catalog
// (editor-core/catalog.ts) has this shape; the checks only read it, so they stay pure and testable.

export interface CheckConditionKey {
  /** As AWS spells it, with its placeholder: "aws:ResourceTag/${TagKey}". */
  readonly key: string;
  /** "String", "ArrayOfString", "ARN", "Bool", "Numeric", "Date", "IPAddress", "Binary", … */
  readonly type: string;
}

export interface CheckResourceType {
  readonly name: string;
  /** ARN template: "arn:${Partition}:s3:::${BucketName}". */
  readonly arn: string;
}

export interface CheckAction {
  readonly service: string;
  readonly name: string;
  readonly resourceTypes: readonly { readonly type: CheckResourceType; readonly required: boolean }[];
}

export interface CheckService {
  readonly prefix: string;
  readonly actions: readonly CheckAction[];
  readonly resourceTypes: readonly CheckResourceType[];
}

export interface CheckCatalog {
  hasService(prefix: string): boolean;
  service(prefix: string): CheckService | undefined;
  /** "s3:GetObject" (any case) → the action; undefined for an unknown one or a pattern. */
  action(full: string): CheckAction | undefined;
  /** Every action a pattern covers ("s3:Get*", "*"). */
  expand(pattern: string): readonly CheckAction[];
  /** The entry of a condition key as written in a policy (global keys first); undefined when unknown. */
  conditionKey(key: string): CheckConditionKey | undefined;
}

const globCache = new Map<string, RegExp>();
/** An IAM action glob (`*`, `?`) as a case-insensitive RegExp. */
export function globRegex(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    if (globCache.size > 5000) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}

const templateCache = new Map<string, RegExp>();
/** The resource part of an ARN template ("user/${UserNameWithPath}") as a RegExp: placeholders match any text. */
export function arnTemplateRegex(template: string): RegExp {
  let re = templateCache.get(template);
  if (!re) {
    re = new RegExp(`^${template.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join(".+")}$`);
    if (templateCache.size > 5000) templateCache.clear();
    templateCache.set(template, re);
  }
  return re;
}
