// Credentials that make an app run as a principal the emulator knows: for a user, an access key the extension
// created and keeps in VS Code's secret storage (reused while it exists and is active; a user holds at most two,
// as in AWS); for a role, a session as a service would hand it over (POST /_emulator/role-credentials).
import * as vscode from "vscode";
import { listPrincipals } from "../../editor-core/principal-policies.js";
import { AdminClient } from "../tree/admin-client.js";
import type { EmulatorEndpoint } from "./aws-environment.js";
import type { LinkedEmulator } from "./emulator-link.js";

export interface PrincipalCredentials extends EmulatorEndpoint {
  readonly principalArn: string;
  /** When a role session ends (ISO time); users' keys do not expire. */
  readonly expires?: string;
}

interface Stored { accessKeyId: string; secretAccessKey: string }

/** "alice", "user/alice", "role/app", or an ARN → the ARN, or undefined when nothing matches. */
export async function resolvePrincipal(emulator: LinkedEmulator, name: string): Promise<string | undefined> {
  const text = name.trim();
  if (/^arn:[\w-]+:iam::\d{12}:(user|role)\//.test(text)) return text;
  const m = /^(user|role)\/(.+)$/.exec(text);
  const principals = await listPrincipals(emulator.endpoint);
  const found = principals.find((p) => (m ? p.type === m[1] && p.name === m[2] : p.name === text));
  return found?.arn;
}

export class PrincipalCredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: vscode.LogOutputChannel) {}

  /** Credentials for `principalArn` on `emulator`; undefined when the person declines what it would take. */
  async credentials(emulator: LinkedEmulator, principalArn: string): Promise<PrincipalCredentials | undefined> {
    const base = { endpoint: emulator.endpoint, region: emulator.region, principalArn };
    const client = new AdminClient(emulator.endpoint, emulator.adminToken);
    const role = /^arn:[\w-]+:iam::\d{12}:role\//.test(principalArn);
    if (role) {
      const c = await client.roleCredentials(principalArn, "vscode");
      const expires = typeof c.Expiration === "number" ? new Date(c.Expiration * 1000).toISOString() : c.Expiration;
      return { ...base, accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expires };
    }
    const userName = principalArn.slice(principalArn.lastIndexOf("/") + 1);
    const slot = `awsIdentityEmulator.accessKey:${emulator.dataDir ?? emulator.endpoint}:${emulator.accountId}:${principalArn}`;
    const keys = (await client.call<{ AccessKeyMetadata?: { AccessKeyId: string; Status: string; CreateDate?: number }[] }>(
      { service: "iam", operation: "ListAccessKeys", input: { UserName: userName } })).AccessKeyMetadata ?? [];
    const stored = await this.read(slot);
    if (stored && keys.some((k) => k.AccessKeyId === stored.accessKeyId && k.Status === "Active")) return { ...base, ...stored };
    if (keys.length >= 2) {
      // AWS's limit is two keys per user; their secrets are not known here. An inactive one goes first.
      const oldest = [...keys].sort((a, b) => Number(a.Status === "Active") - Number(b.Status === "Active") || (a.CreateDate ?? 0) - (b.CreateDate ?? 0))[0]!;
      const replace = `Delete ${oldest.AccessKeyId} and create one`;
      const choice = await vscode.window.showWarningMessage(
        `${userName} already has two access keys, and their secrets were shown only when they were made. To run as ${userName}, one must go.`,
        { modal: true }, replace);
      if (choice !== replace) return undefined;
      await client.call({ service: "iam", operation: "DeleteAccessKey", input: { UserName: userName, AccessKeyId: oldest.AccessKeyId } });
    }
    const out = await client.call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>({ service: "iam", operation: "CreateAccessKey", input: { UserName: userName } });
    const made = { accessKeyId: out.AccessKey.AccessKeyId, secretAccessKey: out.AccessKey.SecretAccessKey };
    await this.secrets.store(slot, JSON.stringify(made));
    this.log.info(`Created access key ${made.accessKeyId} for ${userName} to run apps as that user (kept in VS Code's secret storage).`);
    return { ...base, ...made };
  }

  private async read(slot: string): Promise<Stored | undefined> {
    try {
      const text = await this.secrets.get(slot);
      return text ? JSON.parse(text) as Stored : undefined;
    } catch {
      return undefined;
    }
  }
}
