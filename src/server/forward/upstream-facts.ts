// Facts about upstream resources that authorization needs and the request does not carry: which account owns
// an S3 bucket (bucket ARNs name none; kept in the store when a forwarded CreateBucket succeeds) and a
// DynamoDB table's partition key (for dynamodb:LeadingKeys; asked of the upstream once per table).
import type { Store } from "../../store/store.js";

const OWNERS_TABLE = "global/forward/bucket-owners";

export class BucketOwners {
  constructor(private readonly store: Store) {}

  ownerOf(arn: string): string | undefined {
    const m = /^arn:[^:]+:s3:::([^/]+)/.exec(arn);
    if (!m) return undefined;
    return this.store.table<{ accountId: string }>(OWNERS_TABLE).get(m[1]!)?.accountId;
  }

  async set(bucket: string, accountId: string | undefined): Promise<void> {
    try {
      await this.store.transact((tx) => {
        const table = this.store.table<{ accountId: string }>(OWNERS_TABLE);
        if (accountId === undefined) tx.delete(table, bucket); else tx.put(table, bucket, { accountId });
      });
    } catch { /* advisory: without it the bucket is taken to be the caller's */ }
  }
}

export class KeySchemas {
  private readonly known = new Map<string, string>();

  partitionKeyOf(table: string, accountId: string, region: string): string | undefined {
    return this.known.get(`${accountId}/${region}/${table}`);
  }

  async learn(table: string, accountId: string, region: string, ask: (payload: unknown) => Promise<{ status: number; body: string }>): Promise<void> {
    try {
      const answer = await ask({ TableName: table });
      if (answer.status !== 200) return;
      const schema = (JSON.parse(answer.body) as { Table?: { KeySchema?: { AttributeName: string; KeyType: string }[] } }).Table?.KeySchema;
      const hash = schema?.find((k) => k.KeyType === "HASH")?.AttributeName;
      if (hash) {
        if (this.known.size > 10_000) this.known.clear();
        this.known.set(`${accountId}/${region}/${table}`, hash);
      }
    } catch { /* the key stays unknown: dynamodb:LeadingKeys is then absent, as a condition on it requires */ }
  }
}
