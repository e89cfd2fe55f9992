// The grammar of an IAM JSON policy document (identity, resource, trust, boundary, session, SCP, RCP) as a
// JSON Schema we own (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
// It checks structure and types only; which elements a policy type requires or forbids is checked in
// validate.ts, where AWS's specific messages are known. The same schema can be contributed to the editor.
import type { ErrorObject, ValidateFunction } from "ajv";

// Type-union schemas rather than anyOf: an error then names one path and one problem, not every branch.
const stringOrStrings = { type: ["string", "array"], items: { type: "string" } } as const;

const principal = {
  type: ["string", "object"],
  pattern: "^\\*$",
  properties: { AWS: stringOrStrings, Service: stringOrStrings, Federated: stringOrStrings, CanonicalUser: stringOrStrings },
  additionalProperties: false,
  minProperties: 1,
} as const;

const conditionValue = { type: ["string", "number", "boolean", "array"], items: { type: ["string", "number", "boolean"] } } as const;

const statement = {
  type: "object",
  properties: {
    Sid: { type: "string" },
    Effect: { type: "string", pattern: "^([Aa][Ll][Ll][Oo][Ww]|[Dd][Ee][Nn][Yy])$" },
    Principal: principal,
    NotPrincipal: principal,
    Action: stringOrStrings,
    NotAction: stringOrStrings,
    Resource: stringOrStrings,
    NotResource: stringOrStrings,
    Condition: { type: "object", additionalProperties: { type: "object", additionalProperties: conditionValue } },
  },
  required: ["Effect"],
  additionalProperties: false,
} as const;

export const policyDocumentSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://aws-identity-emulator.local/schemas/iam-policy.json",
  title: "AWS IAM JSON policy document",
  type: "object",
  properties: {
    Version: { type: "string", enum: ["2012-10-17", "2008-10-17"] },
    Id: { type: "string" },
    Statement: { type: ["object", "array"], items: statement, minItems: 1, ...statementObjectKeywords() },
  },
  required: ["Statement"],
  additionalProperties: false,
} as const;

// A single statement object is allowed in place of the list: its object keywords sit beside `items`.
function statementObjectKeywords() {
  const { type: _type, ...rest } = statement;
  return rest;
}

let compiled: ValidateFunction | undefined;

/** ajv's errors for a parsed document; compiled on first use (the editor may never need it). */
export function schemaErrors(value: unknown): ErrorObject[] {
  // ajv is loaded on the first validation, not at start-up: most emulator runs never validate a policy early.
  compiled ??= new (require("ajv") as typeof import("ajv")).default({ allErrors: true, strict: false }).compile(policyDocumentSchema);
  return compiled(value) ? [] : [...(compiled.errors ?? [])];
}
