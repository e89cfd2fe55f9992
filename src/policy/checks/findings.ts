// IAM Access Analyzer's ValidatePolicy findings, as its API returns them: type, AWS's issue code, the
// details text, the learn-more link into the IAM User Guide's policy check reference, and locations (a JSON
// path into the document and a span with 1-based lines, 0-based columns and offsets).

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
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): SpanPosition {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]!, offset };
  }
  span(start: number, end: number): FindingLocation["span"] {
    return { start: this.position(start), end: this.position(end) };
  }
}
