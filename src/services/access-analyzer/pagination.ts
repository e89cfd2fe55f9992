// Access Analyzer's nextToken: an opaque position in a list, bound to what was listed so a token from one
// request cannot page another.
import { createHash } from "node:crypto";
import { analyzerErrors } from "./errors.js";

const DEFAULT_PAGE = 100;

function digest(scope: string): string {
  return createHash("sha256").update(scope).digest("base64url").slice(0, 16);
}

export function pageOf<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, scope: string): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const m = /^(\d+)\.([\w-]+)$/.exec(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!m || m[2] !== digest(scope) || Number(m[1]) > items.length) throw analyzerErrors.validation("Invalid pagination token.", "fieldValidationFailed", "nextToken");
    start = Number(m[1]);
  }
  const size = maxResults && maxResults > 0 ? maxResults : DEFAULT_PAGE;
  const end = Math.min(items.length, start + size);
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(`${end}.${digest(scope)}`).toString("base64url") : undefined };
}
