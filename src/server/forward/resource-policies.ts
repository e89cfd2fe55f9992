// Resource-based policies kept by the upstream (bucket, queue, topic, key, secret and function policies), read
// when a decision needs one. Which reader a resource type uses is data (auth/request-mapping/); how each asks
// its service is here. Answers are kept briefly (by the emulator's clock) and dropped when a forwarded request
// changes the policy.
import { XMLParser } from "fast-xml-parser";
import type { UpstreamCall } from "./upstream-call.js";

type Ask = (call: Omit<UpstreamCall, "upstream" | "region" | "credentials" | "now" | "service" | "timeoutSeconds"> & { service: string }) => Promise<{ status: number; body: string }>;

/** How long a policy read from an upstream is used before it is read again. */
export const KEEP_MS = 2_000;
const MAX_KEPT = 1_000;

/** What a reader needs of the world: a signed call to the upstream as the resource's account. */
export interface PolicyReaderContext {
  readonly ask: Ask;
  readonly region: string;
}

const json = (target: string, payload: unknown) => ({
  method: "POST", path: "/", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target }, body: JSON.stringify(payload),
});

function parsed(body: string): Record<string, unknown> | undefined {
  try { const v = JSON.parse(body); return v && typeof v === "object" ? v : undefined; } catch { return undefined; }
}

/**
 * Lambda's AddPermission takes a principal as a bare string; AWS's GetPolicy answers it as {"AWS": ARN} or
 * {"Service": NAME}, but moto keeps the string, which is not a Principal the policy grammar allows.
 */
function withPrincipalObjects(document: string): string {
  const doc = parsed(document);
  if (!doc || !Array.isArray(doc.Statement)) return document;
  for (const st of doc.Statement as Record<string, unknown>[]) {
    const p = st?.Principal;
    if (typeof p !== "string" || p === "*") continue;
    st.Principal = /^\d{12}$/.test(p) ? { AWS: `arn:aws:iam::${p}:root` } : p.startsWith("arn:") ? { AWS: p } : { Service: p };
  }
  return JSON.stringify(doc);
}

/** Each reader: the target (bucket name, queue URL, key id …) → the policy document, or undefined for none. */
const READERS: Record<string, (target: string, ctx: PolicyReaderContext) => Promise<string | undefined>> = {
  "s3-bucket": async (bucket, { ask }) => {
    const r = await ask({ service: "s3", method: "GET", path: `/${encodeURIComponent(bucket)}`, rawQuery: "policy=" });
    return r.status === 200 && r.body.trim().startsWith("{") ? r.body : undefined;
  },
  "sqs-queue": async (queueUrl, { ask }) => {
    const path = queueUrl.replace(/^[a-z]+:\/\/[^/]+/i, "");
    const m = /^\/(\d{12})\/([^/?]+)/.exec(path);
    if (!m) return undefined;
    const r = await ask({ service: "sqs", ...json("AmazonSQS.GetQueueAttributes", { QueueUrl: `http://upstream/${m[1]}/${m[2]}`, AttributeNames: ["Policy"] }),
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.GetQueueAttributes" } });
    const policy = parsed(r.body)?.Attributes as Record<string, string> | undefined;
    return r.status === 200 ? policy?.Policy : undefined;
  },
  "kms-key": async (keyId, { ask }) => {
    const r = await ask({ service: "kms", ...json("TrentService.GetKeyPolicy", { KeyId: keyId, PolicyName: "default" }) });
    return r.status === 200 ? parsed(r.body)?.Policy as string | undefined : undefined;
  },
  "secretsmanager-secret": async (secretId, { ask }) => {
    const r = await ask({ service: "secretsmanager", ...json("secretsmanager.GetResourcePolicy", { SecretId: secretId }) });
    return r.status === 200 ? parsed(r.body)?.ResourcePolicy as string | undefined : undefined;
  },
  "lambda-function": async (name, { ask }) => {
    const r = await ask({ service: "lambda", method: "GET", path: `/2015-03-31/functions/${encodeURIComponent(name)}/policy` });
    const policy = r.status === 200 ? parsed(r.body)?.Policy : undefined;
    return typeof policy === "string" ? withPrincipalObjects(policy) : undefined;
  },
  "sns-topic": async (topicArn, { ask }) => {
    const r = await ask({ service: "sns", method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Action: "GetTopicAttributes", Version: "2010-03-31", TopicArn: topicArn }).toString() });
    if (r.status !== 200) return undefined;
    const doc = new XMLParser({ isArray: (name) => name === "entry" }).parse(r.body) as { GetTopicAttributesResponse?: { GetTopicAttributesResult?: { Attributes?: { entry?: { key: string; value: string }[] } } } };
    return doc.GetTopicAttributesResponse?.GetTopicAttributesResult?.Attributes?.entry?.find((e) => e.key === "Policy")?.value;
  },
};

/**
 * Policies read from upstreams, each kept KEEP_MS by the emulator's clock: a policy changed straight at the
 * upstream counts within that. One changed through the emulator (PutBucketPolicy, SetQueueAttributes …) counts
 * at once: every kept policy of that kind is dropped, since a resource has more than one name (a queue URL by
 * host, a secret by name or ARN). At most MAX_KEPT are kept; the oldest go first.
 */
export class ResourcePolicies {
  private readonly kept = new Map<string, { at: number; document: string | undefined }>();

  constructor(private readonly now: () => Date, private readonly maxKept = MAX_KEPT) {}

  /** The policy, or undefined when the resource has none (or the upstream cannot say: the decision then goes without). */
  async read(reader: string, target: string, ctx: PolicyReaderContext): Promise<string | undefined> {
    const read = READERS[reader];
    if (!read) return undefined;
    const key = `${reader}\u0000${target}`;
    const hit = this.kept.get(key);
    const now = this.now().getTime();
    if (hit && now - hit.at >= 0 && now - hit.at < KEEP_MS) return hit.document;
    let document: string | undefined;
    try { document = await read(target, ctx); } catch { document = undefined; }
    this.kept.delete(key);
    this.kept.set(key, { at: now, document });
    if (this.kept.size > this.maxKept) this.kept.delete(this.kept.keys().next().value!);
    return document;
  }

  /** A forwarded request changed a policy this reader reads. */
  forget(reader: string): void {
    for (const key of this.kept.keys()) if (key.startsWith(`${reader}\u0000`)) this.kept.delete(key);
  }
}
