// Condition operator names, parsed as the editor needs them: which family (to check the key's type), the
// set qualifier and IfExists (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
import { nearestNames } from "./nearest-name.js";

export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IpAddress" | "Arn" | "Null";

export const OPERATORS: Readonly<Record<string, { family: OperatorFamily; description: string }>> = {
  StringEquals: { family: "String", description: "Exact match, case-sensitive." },
  StringNotEquals: { family: "String", description: "Negated exact match, case-sensitive." },
  StringEqualsIgnoreCase: { family: "String", description: "Exact match, ignoring case." },
  StringNotEqualsIgnoreCase: { family: "String", description: "Negated exact match, ignoring case." },
  StringLike: { family: "String", description: "Case-sensitive match with * and ? wildcards." },
  StringNotLike: { family: "String", description: "Negated case-sensitive match with * and ? wildcards." },
  NumericEquals: { family: "Numeric", description: "Number equal to." },
  NumericNotEquals: { family: "Numeric", description: "Number not equal to." },
  NumericLessThan: { family: "Numeric", description: "Number less than." },
  NumericLessThanEquals: { family: "Numeric", description: "Number less than or equal to." },
  NumericGreaterThan: { family: "Numeric", description: "Number greater than." },
  NumericGreaterThanEquals: { family: "Numeric", description: "Number greater than or equal to." },
  DateEquals: { family: "Date", description: "The date equals (ISO 8601 or seconds since the epoch)." },
  DateNotEquals: { family: "Date", description: "The date differs." },
  DateLessThan: { family: "Date", description: "Before the date." },
  DateLessThanEquals: { family: "Date", description: "At or before the date." },
  DateGreaterThan: { family: "Date", description: "After the date." },
  DateGreaterThanEquals: { family: "Date", description: "At or after the date." },
  Bool: { family: "Bool", description: "Boolean match: \"true\" or \"false\"." },
  BinaryEquals: { family: "Binary", description: "Byte-for-byte match of a base64-encoded value." },
  IpAddress: { family: "IpAddress", description: "The IP address is in one of the CIDR blocks." },
  NotIpAddress: { family: "IpAddress", description: "The IP address is in none of the CIDR blocks." },
  ArnEquals: { family: "Arn", description: "ARN match, segment by segment, with * and ? wildcards." },
  ArnNotEquals: { family: "Arn", description: "Negated ARN match." },
  ArnLike: { family: "Arn", description: "ARN match, segment by segment, with * and ? wildcards." },
  ArnNotLike: { family: "Arn", description: "Negated ARN match." },
  Null: { family: "Null", description: "\"true\": the key is absent from the request; \"false\": it is present." },
};

/** Every operator as it may be written: with or without a set qualifier and IfExists (Null takes no IfExists). */
const SPELLINGS: readonly string[] = Object.keys(OPERATORS).flatMap((base) =>
  ["", "ForAllValues:", "ForAnyValue:"].flatMap((q) => (base === "Null" ? [`${q}${base}`] : [`${q}${base}`, `${q}${base}IfExists`])));

/** The operators closest to one AWS does not know ("StringEqual" → StringEquals), best first. */
export function nearestOperators(written: string): string[] {
  return nearestNames(written, SPELLINGS);
}

export interface OperatorName {
  qualifier: "ForAllValues" | "ForAnyValue" | undefined;
  /** The operator without qualifier and IfExists: "StringLike". */
  name: string;
  ifExists: boolean;
  family: OperatorFamily;
  /** Offset of the base name within the written operator (after "ForAnyValue:"). */
  nameOffset: number;
}

/** "ForAnyValue:StringLikeIfExists" → its parts; undefined for an operator AWS does not know. */
export function parseOperatorName(op: string): OperatorName | undefined {
  let name = op;
  let qualifier: OperatorName["qualifier"];
  let nameOffset = 0;
  if (name.startsWith("ForAllValues:")) { qualifier = "ForAllValues"; name = name.slice(13); nameOffset = 13; }
  else if (name.startsWith("ForAnyValue:")) { qualifier = "ForAnyValue"; name = name.slice(12); nameOffset = 12; }
  let ifExists = false;
  if (name.endsWith("IfExists")) { ifExists = true; name = name.slice(0, -8); }
  const entry = Object.prototype.hasOwnProperty.call(OPERATORS, name) ? OPERATORS[name] : undefined;
  if (!entry || (entry.family === "Null" && ifExists)) return undefined;
  return { qualifier, name, ifExists, family: entry.family, nameOffset };
}
