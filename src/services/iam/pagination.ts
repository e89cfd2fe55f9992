// IAM's Marker/MaxItems/IsTruncated over a table in key order. The marker is the last key returned,
// opaque to clients; reading a page costs the page, not the table, and stays stable under inserts.
import type { Collection } from "../../store/store.js";
import { iamErrors } from "./errors.js";

export interface Page<T> { readonly items: T[]; readonly IsTruncated: boolean; readonly Marker?: string }

export function encodeMarker(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const key = Buffer.from(marker, "base64url").toString("utf8");
  if (!key || encodeMarker(key) !== marker) throw iamErrors.validation("Invalid Marker.");
  return key;
}

/** Rows from `rows` (already positioned after the marker) that pass `keep`, up to `maxItems`. */
export function page<T, R = T>(
  rows: Iterable<[string, T]>,
  maxItems: number | undefined,
  keep: (row: T) => boolean = () => true,
  map: (row: T) => R = (row) => row as unknown as R,
): Page<R> {
  const limit = maxItems ?? 100;
  const items: R[] = [];
  let lastKey: string | undefined;
  for (const [key, row] of rows) {
    if (!keep(row)) continue;
    if (items.length === limit) return { items, IsTruncated: true, Marker: encodeMarker(lastKey!) };
    items.push(map(row));
    lastKey = key;
  }
  return { items, IsTruncated: false };
}

export function pageOf<T, R = T>(table: Collection<T>, input: { Marker?: string; MaxItems?: number }, keep?: (row: T) => boolean, map?: (row: T) => R): Page<R> {
  return page(table.from(decodeMarker(input.Marker)), input.MaxItems, keep, map);
}
