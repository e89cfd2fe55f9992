// Which requests are another service's, to be forwarded upstream: decided on the request line and headers
// alone, before any body is read. A request the emulator serves itself (IAM, STS, Cognito, /_emulator/,
// Cognito's plain-HTTP routes) is never forwarded.
import { mappingForSigningName, mappingForTarget, type ServiceMapping } from "../../auth/request-mapping/index.js";
import { SERVICE_IDS, SERVICE_METADATA } from "../../protocol/model.js";
import type { RequestHead } from "../gateway.js";

export interface ForwardTarget {
  /** The SigV4 scope's service, or the one the request's shape names (s3 for a bucket host). */
  readonly signingName: string | undefined;
  /** The service's request mapping; undefined for a service the emulator cannot authorize (unmapped). */
  readonly mapping: ServiceMapping | undefined;
  /** S3's virtual-hosted style: the bucket the Host names (bucket.s3.localhost:4566, bucket.localhost:4566). */
  readonly hostBucket: string | undefined;
}

const SERVED_SIGNING_NAMES = new Set<string>(SERVICE_IDS);
const SERVED_TARGETS = new Set(SERVICE_IDS.map((id) => SERVICE_METADATA[id].targetPrefix).filter(Boolean));
/** bucket.s3.localhost, bucket.s3.us-east-1.localhost.localstack.cloud … and bucket.localhost (an SDK given http://localhost:4566). */
const S3_VIRTUAL_HOST = /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.(?:localhost|[a-z0-9.-]+)$|^(.+)\.localhost$/;
/** Cognito's per-pool paths (JWKS, discovery): /us-east-1_AbC123/… */
const POOL_PATH = /^\/[a-z]{2}(?:-[a-z]+)+-\d_[A-Za-z0-9]+(?:\/|$)/;

export function scopeServiceOf(head: RequestHead): { service: string; region: string } | undefined {
  const auth = head.headers.authorization;
  const text = typeof auth === "string" ? auth : head.rawQuery.includes("X-Amz-Credential=") ? new URLSearchParams(head.rawQuery).get("X-Amz-Credential") ?? "" : "";
  const m = /^(?:AWS4-HMAC-SHA256 Credential=)?[^/,\s]*\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(text);
  return m ? { region: m[1]!, service: m[2]! } : undefined;
}

export function hostBucketOf(head: RequestHead): string | undefined {
  const host = typeof head.headers.host === "string" ? head.headers.host.replace(/:\d+$/, "").toLowerCase() : "";
  const m = S3_VIRTUAL_HOST.exec(host);
  const bucket = m?.[1] ?? m?.[2];
  return bucket && bucket !== "s3" && !bucket.startsWith("s3.") ? bucket : undefined;
}

/** The request's service when it is not one the emulator serves; undefined when it is the emulator's own. */
export function forwardTargetOf(head: RequestHead): ForwardTarget | undefined {
  if (head.path.startsWith("/_emulator/") || head.path.startsWith("/_cognito/")) return undefined;
  const hostBucket = hostBucketOf(head);
  const scope = scopeServiceOf(head);
  const target = typeof head.headers["x-amz-target"] === "string" ? head.headers["x-amz-target"] : undefined;
  if (scope) {
    if (SERVED_SIGNING_NAMES.has(scope.service)) return undefined;
    return { signingName: scope.service, mapping: mappingForSigningName(scope.service), hostBucket: scope.service === "s3" ? hostBucket : undefined };
  }
  if (hostBucket) return { signingName: "s3", mapping: mappingForSigningName("s3"), hostBucket };
  if (target !== undefined) {
    if (SERVED_TARGETS.has(target.slice(0, target.lastIndexOf(".")))) return undefined;
    const mapping = mappingForTarget(target);
    return { signingName: mapping?.signingName, mapping, hostBucket: undefined };
  }
  // Unsigned and without a target: the Query protocol's POST / and Cognito's pool paths are the emulator's;
  // any other path is S3's path style (a public object, a browser's upload).
  if (head.path === "/" || head.path === "" || POOL_PATH.test(head.path)) return undefined;
  return { signingName: "s3", mapping: mappingForSigningName("s3"), hostBucket: undefined };
}
