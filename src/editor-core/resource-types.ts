// Which of a service's resource types a policy's Resource entry can name: the ARN templates of the service
// authorization data ("arn:${Partition}:s3:::${BucketName}/${ObjectName}") against the policy's ARN pattern,
// both read as globs. Two globs overlap when some ARN matches both.
import type { ActionInfo, ResourceTypeInfo } from "./catalog.js";

// Wildcards of the overlap test: `*` matches anything (a policy's wildcard or variable); a template's placeholder
// matches a name without colons, and without slashes unless the name is a path, an object key or the like.
const NAME = "\u0001", PATH = "\u0002";

/** A policy resource as a glob: its policy variables become `*`. */
export function policyGlob(resource: string): string {
  return resource.replace(/\$\{[^}]*\}/g, "*");
}

// The catalog's templates are a fixed set: each is made a glob once, not on every keystroke's diagnostics.
const templateGlobs = new Map<string, string>();

/** An ARN template as a glob: "arn:${Partition}:s3:::${BucketName}/${ObjectName}". */
export function templateGlob(arn: string): string {
  let glob = templateGlobs.get(arn);
  if (glob === undefined) {
    glob = arn.replace(/\$\{([^}]*)\}/g, (_, name: string) => (/path|object|key|prefix|resource$/i.test(name) ? PATH : NAME));
    if (templateGlobs.size > 20_000) templateGlobs.clear();
    templateGlobs.set(arn, glob);
  }
  return glob;
}

function isStar(c: string): boolean { return c === "*" || c === NAME || c === PATH; }
/** Can the wildcard `star` produce the character (or run) `c` stands for? */
function allows(star: string, c: string): boolean {
  if (star === "*" || isStar(c) || c === "?") return true;
  return c !== ":" && (star === PATH || c !== "/");
}

const cache = new Map<string, boolean>();

/** Is there a string both globs match (`*`: any run of characters, `?`: one character)? */
export function globsOverlap(a: string, b: string): boolean {
  const id = `${a}\u0000${b}`;
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  const n = a.length, m = b.length;
  // reach[i][j]: the prefixes a[0..i) and b[0..j) can match one common string.
  let row = new Uint8Array(m + 1);
  row[0] = 1;
  for (let j = 1; j <= m; j++) row[j] = row[j - 1]! && isStar(b[j - 1]!) ? 1 : 0;
  for (let i = 1; i <= n; i++) {
    const next = new Uint8Array(m + 1);
    const ca = a[i - 1]!;
    next[0] = row[0]! && isStar(ca) ? 1 : 0;
    for (let j = 1; j <= m; j++) {
      const cb = b[j - 1]!;
      let r = 0;
      // A wildcard produces nothing, or also what the other side's next character stands for.
      if (isStar(ca)) r = row[j]! || (allows(ca, cb) && (next[j - 1]! || row[j - 1]!)) ? 1 : 0;
      if (!r && isStar(cb)) r = next[j - 1]! || (allows(cb, ca) && (row[j]! || row[j - 1]!)) ? 1 : 0;
      if (!r && !isStar(ca) && !isStar(cb) && (ca === cb || ca === "?" || cb === "?")) r = row[j - 1]!;
      next[j] = r;
    }
    row = next;
  }
  const result = row[m] === 1;
  if (cache.size > 20_000) cache.clear();
  cache.set(id, result);
  return result;
}

/** Can the policy resource name a resource of this type? */
export function resourceFitsType(resource: string, type: ResourceTypeInfo): boolean {
  if (resource === "*") return true;
  return globsOverlap(policyGlob(resource), templateGlob(type.arn));
}

/** Does the action apply to a policy resource (one of its resource types fits, or it takes only "*")? */
export function actionAppliesTo(action: ActionInfo, resource: string): boolean {
  if (resource === "*") return true;
  const glob = policyGlob(resource);
  return action.resourceTypes.some((rt) => globsOverlap(glob, templateGlob(rt.type.arn)));
}

/** The service segment of an ARN, lower-cased; undefined when it is not an ARN or the service is a pattern. */
export function arnService(resource: string): string | undefined {
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || /[*?$]/.test(parts[2]!)) return undefined;
  return parts[2]!.toLowerCase();
}
