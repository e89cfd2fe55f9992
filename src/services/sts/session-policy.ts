// Session policies and session tags passed to AssumeRole*, GetFederationToken: validated as AWS does, and
// their packed size (AWS compresses policies and tags into the session token and caps the result).
import { deflateRawSync } from "node:zlib";
import { malformedPolicyMessage, validatePolicy } from "../../policy/index.js";
import type { Tag } from "../iam/records.js";
import { stsErrors } from "./errors.js";

export interface SessionPolicyInput {
  Policy?: string;
  PolicyArns?: { arn?: string }[];
  Tags?: Tag[];
}

/** The budget of the packed (compressed) session policies and tags, in bytes: PackedPolicySize is a share of it. */
export const PACKED_POLICY_BYTES = 1024;

export interface CheckedSessionPolicy {
  policy?: string;
  policyArns?: string[];
  /** Percent of the packed budget used; set when the request passed a policy, policy ARNs or tags. */
  packedPolicySize?: number;
}

export function checkSessionPolicy(input: SessionPolicyInput, inheritedTags: readonly Tag[] = []): CheckedSessionPolicy {
  const out: CheckedSessionPolicy = {};
  if (input.Policy !== undefined) {
    const message = malformedPolicyMessage(validatePolicy(input.Policy, "session"));
    if (message) throw stsErrors.malformedPolicy(message);
    out.policy = input.Policy;
  }
  if (input.PolicyArns?.length) {
    out.policyArns = input.PolicyArns.map((p) => p.arn ?? "");
    const bad = out.policyArns.find((arn) => !/^arn:[\w-]+:iam::(\d{12}|aws):policy\/[\w+=,.@\/-]+$/.test(arn));
    if (bad !== undefined) throw stsErrors.validation(`Invalid policy ARN: ${bad}`);
  }
  const tags = [...inheritedTags, ...(input.Tags ?? [])];
  if (input.Policy !== undefined || out.policyArns || tags.length > 0) {
    out.packedPolicySize = packedPolicySize(out.policy, out.policyArns, tags);
    if (out.packedPolicySize > 100) throw stsErrors.packedPolicyTooLarge(out.packedPolicySize);
  }
  return out;
}

/** Percent of PACKED_POLICY_BYTES the compressed policies and tags take (whitespace does not count). */
export function packedPolicySize(policy: string | undefined, policyArns: readonly string[] | undefined, tags: readonly Tag[]): number {
  let text = "";
  if (policy !== undefined) {
    try { text += JSON.stringify(JSON.parse(policy)); } catch { text += policy; }
  }
  if (policyArns?.length) text += "\n" + policyArns.join(",");
  if (tags.length) text += "\n" + tags.map((t) => `${t.Key}=${t.Value}`).join("\u0000");
  const packed = deflateRawSync(Buffer.from(text, "utf8"), { level: 9 }).length;
  return Math.max(1, Math.ceil((packed * 100) / PACKED_POLICY_BYTES));
}
