// The extension's side of the emulator's /_emulator/ API over HTTP: the tree's snapshot, decisions, and
// every mutation through POST /_emulator/call (validated as AWS validates it). No `vscode` import; no SDK.
import { adminErrorOf } from "../../admin-api/errors.js";
import type { LambdaDebugAnswer, LambdaStatusAnswer } from "../../admin-api/lambda.js";
import type { SeedExport, StateFile } from "../../admin-api/state.js";
import type { AdminCall } from "./document-uris.js";
import type { DecisionSummary, ResourcesSnapshot } from "./resource-snapshot.js";

/** An AWS error answered by /_emulator/call: AWS's code and message, shown to the user as they are. */
export class AwsCallError extends Error {
  constructor(readonly code: string, message: string, readonly status: number, readonly operation: string) {
    super(message);
    this.name = "AwsCallError";
  }
}

/** Every request carries the admin token: the endpoints that act need it in authenticate and enforce modes. */
export interface RoleCredentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: number | string }

export class AdminClient {
  constructor(readonly endpoint: string, private readonly adminToken: string, private readonly fetchFn: typeof fetch = fetch) {}

  async resources(accountId?: string): Promise<ResourcesSnapshot> {
    return this.getJson(`resources${accountId ? `?accountId=${accountId}` : ""}`) as Promise<ResourcesSnapshot>;
  }

  async decisions(limit = 50): Promise<{ mode: string; decisions: DecisionSummary[] }> {
    return this.getJson(`decisions?limit=${limit}`) as Promise<{ mode: string; decisions: DecisionSummary[] }>;
  }

  async decision(id: number): Promise<DecisionSummary & { explanation?: unknown }> {
    return this.getJson(`decisions?id=${id}`) as Promise<DecisionSummary & { explanation?: unknown }>;
  }

  /** A user's or role's policies as enforce mode evaluates them (GET /_emulator/principals/policies). */
  async principalPolicies(arn: string): Promise<{ arn: string; identity: { source: { name: string; arn?: string }; document: string }[] }> {
    return this.getJson(`principals/policies?arn=${encodeURIComponent(arn)}`) as Promise<never>;
  }

  async health(): Promise<{ status: string; mode: string; accountId: string; region: string; persistence: { dataDir: string | null } }> {
    return this.getJson("health") as Promise<never>;
  }

  async reset(): Promise<void> {
    const res = await this.fetchFn(`${this.endpoint}/_emulator/reset`, { method: "POST", headers: this.authorization() });
    if (!res.ok) throw new Error(`POST /_emulator/reset answered ${res.status}.`);
  }

  /** The state file (docs/testing.md); `secrets: false` leaves every secret out. */
  async exportState(options: { secrets: boolean }): Promise<StateFile> {
    return this.getJson(`state${options.secrets ? "" : "?secrets=omit"}`) as Promise<StateFile>;
  }

  /** Replaces the state with a state file's; rejects with the emulator's reason when it refuses the file. */
  async importState(file: unknown): Promise<{ rows: number; accountId?: string }> {
    const res = await this.fetchFn(`${this.endpoint}/_emulator/state`, { method: "POST", headers: { "content-type": "application/json", ...this.authorization() }, body: JSON.stringify(file) });
    const body = (await res.json().catch(() => ({}))) as { rows: number; accountId?: string };
    if (!res.ok) throw new Error(adminErrorOf(body)?.message ?? `POST /_emulator/state answered ${res.status}.`);
    return body;
  }

  /** An account in the seed file's shape, and what a seed cannot hold. */
  async exportSeed(accountId?: string): Promise<SeedExport> {
    return this.getJson(`seed${accountId ? `?accountId=${accountId}` : ""}`) as Promise<SeedExport>;
  }

  async lambda(): Promise<LambdaStatusAnswer> {
    return this.getJson("lambda") as Promise<LambdaStatusAnswer>;
  }

  /** Local trigger handlers restart under the inspector (enabled) or without it. */
  async lambdaDebug(enabled: boolean): Promise<LambdaDebugAnswer> {
    const res = await this.fetchFn(`${this.endpoint}/_emulator/lambda/debug`, {
      method: "POST", headers: { "content-type": "application/json", ...this.authorization() }, body: JSON.stringify({ enabled }),
    });
    if (!res.ok) throw new Error(`POST /_emulator/lambda/debug answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return res.json() as Promise<LambdaDebugAnswer>;
  }

  /** Runs an operation as the account's root; resolves with its output, rejects with AwsCallError. */
  async call<T = Record<string, any>>(call: AdminCall): Promise<T> {
    const res = await this.fetchFn(`${this.endpoint}/_emulator/call`, {
      method: "POST", headers: { "content-type": "application/json", ...this.authorization() }, body: JSON.stringify(call),
    });
    const body = (await res.json()) as { output?: T };
    const error = adminErrorOf(body);
    if (error) throw new AwsCallError(error.code, error.message, res.status, call.operation);
    return (body.output ?? {}) as T;
  }

  /** A session of the role (as the account's root assumes it, trust policy aside); rejects with AwsCallError. */
  async roleCredentials(roleArn: string, sessionName: string): Promise<RoleCredentials> {
    const res = await this.fetchFn(`${this.endpoint}/_emulator/role-credentials`, {
      method: "POST", headers: { "content-type": "application/json", ...this.authorization() }, body: JSON.stringify({ roleArn, sessionName }),
    });
    const body = (await res.json()) as { Credentials?: RoleCredentials };
    const error = adminErrorOf(body);
    if (!body.Credentials) throw new AwsCallError(error?.code ?? "Error", error?.message ?? `answered ${res.status}`, res.status, "role-credentials");
    return body.Credentials;
  }

  private async getJson(path: string): Promise<unknown> {
    const res = await this.fetchFn(`${this.endpoint}/_emulator/${path}`, { headers: this.authorization() });
    if (!res.ok) throw new Error(`GET /_emulator/${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return res.json();
  }

  private authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.adminToken}` };
  }
}
