// IAM Access Analyzer's ValidatePolicy findings, as its API returns them: type, AWS's issue code, the
// details text, the learn-more link into the IAM User Guide's policy check reference, and locations (a JSON
// path into the document and a span with 1-based lines, 0-based columns and offsets).
import { LineIndex } from "../json-document.js";

export type FindingType = "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";

export type PathElement = { readonly value: string } | { readonly key: string } | { readonly index: number };

export interface SpanPosition { readonly line: number; readonly column: number; readonly offset: number }
export interface FindingLocation { readonly path: readonly PathElement[]; readonly span: { readonly start: SpanPosition; readonly end: SpanPosition } }

export interface AccessAnalyzerFinding {
  readonly findingType: FindingType;
  readonly issueCode: string;
  readonly findingDetails: string;
  readonly learnMoreLink: string;
  readonly locations: readonly FindingLocation[];
}

const REFERENCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

const TYPE_ANCHOR: Record<FindingType, string> = {
  ERROR: "error", SECURITY_WARNING: "security-warning", WARNING: "general-warning", SUGGESTION: "suggestion",
};

/** The check's section of the reference page: its anchor is the finding type and the issue code in kebab case. */
export function learnMoreLink(type: FindingType, issueCode: string): string {
  return `${REFERENCE}#access-analyzer-reference-policy-checks-${TYPE_ANCHOR[type]}-${issueCode.toLowerCase().replace(/_/g, "-")}`;
}

/** Offsets to Access Analyzer's positions: lines from 1, columns and offsets from 0, in UTF-16 units. */
export class SpanIndex {
  private readonly lines: LineIndex;
  constructor(text: string) { this.lines = new LineIndex(text); }
  position(offset: number): SpanPosition {
    const p = this.lines.position(offset);
    return { line: p.line + 1, column: p.character, offset };
  }
  span(start: number, end: number): FindingLocation["span"] {
    return { start: this.position(start), end: this.position(end) };
  }
}
