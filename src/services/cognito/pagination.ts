// Cognito's NextToken/PaginationToken over a table in key order: the token is the last key returned,
// so a page costs the page and stays stable while rows are added.
import type { Collection } from "../../store/store.js";
import { cognitoErrors } from "./errors.js";

export interface Page<R> { readonly items: R[]; readonly next?: string }

const encode = (key: string): string => Buffer.from(key, "utf8").toString("base64url");

function decode(token: string | undefined, prefix: string): string | undefined {
  if (token === undefined) return undefined;
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (!key.startsWith(prefix) || encode(key) !== token) throw cognitoErrors.invalidParameter("Invalid pagination token.");
  return key;
}

/** Rows of `table` whose key starts with `prefix`, after `token`, that pass `keep`, at most `limit`. */
export function pageOf<T, R>(table: Collection<T>, prefix: string, token: string | undefined, limit: number,
  keep: (row: T) => boolean, map: (row: T, key: string) => R): Page<R> {
  const after = decode(token, prefix);
  const items: R[] = [];
  let last: string | undefined;
  const rows = after === undefined ? table.withPrefix(prefix) : table.from(after);
  for (const [key, row] of rows) {
    if (!key.startsWith(prefix)) break;
    if (!keep(row)) continue;
    if (items.length === limit) return { items, next: encode(last!) };
    items.push(map(row, key));
    last = key;
  }
  return { items };
}
