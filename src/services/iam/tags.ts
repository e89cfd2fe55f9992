// Tag rules shared by every taggable IAM resource (users, roles, instance profiles, policies, providers,
// MFA devices). Lengths and characters of keys and values are the model's constraints, checked by the
// protocol layer before a handler runs; what the model cannot say lives here: keys unique within a
// request, the reserved aws: prefix, and the 50-tag quota counted after a Tag* call is merged in.
import { awsError } from "../../protocol/errors.js";
import type { Tag } from "./records.js";
import { iamErrors } from "./errors.js";
import { decodeMarker, encodeMarker } from "./pagination.js";

export const TAGS_PER_RESOURCE = 50;

/**
 * How a resource compares tag keys. Users and roles (and the other IAM identities) treat `Env` and `env`
 * as one key; customer-managed policies keep them apart.
 */
export interface TagRules {
  /** The quota named in LimitExceeded, e.g. "TagsPerUser". */
  readonly quota: string;
  readonly caseSensitive?: boolean;
}

function keyOf(key: string, rules: TagRules): string {
  return rules.caseSensitive ? key : key.toLowerCase();
}

/** Duplicates within one request, then the reserved prefix (reserved in any case: AWS:, Aws: …). */
export function checkTagRequest(tags: readonly Tag[], rules: TagRules): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = keyOf(tag.Key, rules);
    if (seen.has(key)) {
      throw iamErrors.invalidInput(rules.caseSensitive
        ? "Duplicate tag keys found."
        : "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    seen.add(key);
  }
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith("aws:")) throw iamErrors.invalidInput("User-provided tag keys cannot start with 'aws:'.");
  }
}

/** Tags given at creation, checked; undefined when none, so responses omit the member as AWS does. */
export function initialTags(tags: readonly Tag[] | undefined, rules: TagRules): Tag[] | undefined {
  if (!tags?.length) return undefined;
  checkTagRequest(tags, rules);
  return tags.map(({ Key, Value }) => ({ Key, Value }));
}

/**
 * `existing` with `incoming` added or overwritten. An overwritten tag keeps its place and its original
 * key spelling (AWS keeps `Department` when `department` is tagged later); new tags go last.
 */
export function mergeTags(existing: readonly Tag[] | undefined, incoming: readonly Tag[], rules: TagRules): Tag[] | undefined {
  checkTagRequest(incoming, rules);
  const merged = (existing ?? []).map(({ Key, Value }) => ({ Key, Value }));
  const at = new Map(merged.map((t, i) => [keyOf(t.Key, rules), i]));
  for (const tag of incoming) {
    const i = at.get(keyOf(tag.Key, rules));
    if (i === undefined) {
      at.set(keyOf(tag.Key, rules), merged.length);
      merged.push({ Key: tag.Key, Value: tag.Value });
    } else {
      merged[i] = { Key: merged[i]!.Key, Value: tag.Value };
    }
  }
  if (merged.length > TAGS_PER_RESOURCE) throw iamErrors.limitExceeded(rules.quota, TAGS_PER_RESOURCE);
  return merged.length ? merged : undefined;
}

/** `existing` without `keys`; keys that are not there are ignored, as AWS does. */
export function removeTags(existing: readonly Tag[] | undefined, keys: readonly string[], rules: TagRules): Tag[] | undefined {
  const drop = new Set(keys.map((k) => keyOf(k, rules)));
  const kept = (existing ?? []).filter((t) => !drop.has(keyOf(t.Key, rules)));
  return kept.length ? kept : undefined;
}

export interface TagPage { Tags: Tag[]; IsTruncated: boolean; Marker?: string }

/** List*Tags: a page in stored order. The marker names the last key returned, so removing an earlier
 *  tag between pages neither repeats nor skips one. */
export function tagPage(tags: readonly Tag[] | undefined, input: { Marker?: string; MaxItems?: number }, rules: TagRules): TagPage {
  const all = tags ?? [];
  const after = decodeMarker(input.Marker);
  let start = 0;
  if (after !== undefined) {
    const i = all.findIndex((t) => keyOf(t.Key, rules) === after);
    if (i === -1) throw awsError("iam", "ValidationError", "Invalid Marker.");
    start = i + 1;
  }
  const limit = input.MaxItems ?? 100;
  const page = all.slice(start, start + limit);
  const truncated = start + limit < all.length;
  return {
    Tags: page.map(({ Key, Value }) => ({ Key, Value })),
    IsTruncated: truncated,
    Marker: truncated ? encodeMarker(keyOf(page[page.length - 1]!.Key, rules)) : undefined,
  };
}

/** The quota names IAM reports for each resource type. */
export const tagRules = {
  user: { quota: "TagsPerUser" },
  role: { quota: "TagsPerRole" },
  instanceProfile: { quota: "TagsPerInstanceProfile" },
  policy: { quota: "TagsPerPolicy", caseSensitive: true },
  oidcProvider: { quota: "TagsPerOpenIdConnectProvider" },
  samlProvider: { quota: "TagsPerSamlProvider" },
  mfaDevice: { quota: "TagsPerMfaDevice" },
} as const satisfies Record<string, TagRules>;
