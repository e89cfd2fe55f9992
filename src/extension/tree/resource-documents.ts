// The `aws-iam-emulator:` file system: policy documents, trust policies and inline policies open as JSON
// editors; saving writes them back through /_emulator/call (a new default version, UpdateAssumeRolePolicy,
// Put*Policy), so AWS's own validation answers, and a malformed document fails the save with AWS's
// message. Sign-in tokens open read-only.
import * as vscode from "vscode";
import { AwsCallError } from "./admin-client.js";
import {
  documentForEditing, documentScheme, isWritable, parseDocumentPath, readCallOf, versionToPrune, writeCallOf, type DocumentTarget,
} from "./document-uris.js";
import type { ResourceTreeProvider } from "./resource-tree.js";
import type { TreeNode } from "./tree-model.js";

interface Entry { mtime: number; size: number; text?: string }

export class ResourceDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  /** Read-only documents made in the extension (sign-in tokens), by path. */
  private readonly generated = new Map<string, string>();

  constructor(private readonly provider: ResourceTreeProvider, private readonly log: vscode.LogOutputChannel) {}

  uriOf(path: string): vscode.Uri {
    const [p, q] = path.split("?");
    return vscode.Uri.from({ scheme: documentScheme, path: p!, ...(q ? { query: q } : {}) });
  }

  async open(node: TreeNode): Promise<vscode.TextEditor | undefined> {
    if (!node.opens) return undefined;
    return this.openPath(node.opens);
  }

  async openPath(path: string): Promise<vscode.TextEditor> {
    const doc = await this.withLanguage(await vscode.workspace.openTextDocument(this.uriOf(path)));
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Titles carry no .json, so the language is set here (also for editors VS Code restores after a reload). */
  async withLanguage(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
    if (doc.uri.scheme !== documentScheme || doc.languageId === "json") return doc;
    return vscode.languages.setTextDocumentLanguage(doc, "json");
  }

  /** Shows `content` in a read-only document named `name` (e.g. decoded tokens). */
  async showGenerated(name: string, content: string): Promise<vscode.TextEditor> {
    return this.openPath(this.putGenerated(name, content).path);
  }

  /** Makes (or replaces) the read-only document `name` without opening it; returns its URI (for diffs). */
  putGenerated(name: string, content: string): vscode.Uri {
    const uri = this.uriOf(`/generated/${encodeURIComponent(name)}`);
    this.generated.set(name, content);
    this.touch(uri, content);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    return uri;
  }

  /** The emulator's state changed: open documents reread (an unsaved edit is kept by VS Code). */
  changedUpstream(): void {
    const events: vscode.FileChangeEvent[] = [];
    for (const key of this.entries.keys()) {
      const uri = vscode.Uri.parse(key);
      if (parseDocumentPath(uri.path, uri.query)?.kind !== "generated") events.push({ type: vscode.FileChangeType.Changed, uri });
    }
    if (events.length) this.changed.fire(events);
  }

  private target(uri: vscode.Uri): DocumentTarget {
    const target = parseDocumentPath(uri.path, uri.query);
    if (!target) throw vscode.FileSystemError.FileNotFound(uri);
    return target;
  }

  private touch(uri: vscode.Uri, text: string): Entry {
    const key = uri.toString();
    const before = this.entries.get(key);
    const size = Buffer.byteLength(text);
    if (before && before.text === text) return before;
    // mtime must grow on every change, or VS Code takes the reread for the same version.
    const entry = { mtime: Math.max(Date.now(), (before?.mtime ?? 0) + 1), size, text };
    this.entries.set(key, entry);
    return entry;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // Folders (/roles/app, /users/alice/inline) exist so that workspace.fs.writeFile finds a parent.
    const target = parseDocumentPath(uri.path, uri.query);
    if (!target) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const entry = this.entries.get(uri.toString()) ?? this.touch(uri, await this.read(target, uri));
    return {
      type: vscode.FileType.File, ctime: entry.mtime, mtime: entry.mtime, size: entry.size,
      ...(isWritable(target) ? {} : { permissions: vscode.FilePermission.Readonly }),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const text = await this.read(this.target(uri), uri);
    this.touch(uri, text);
    return Buffer.from(text, "utf8");
  }

  private async read(target: DocumentTarget, uri: vscode.Uri): Promise<string> {
    if (target.kind === "generated") {
      const text = this.generated.get(target.name);
      if (text === undefined) throw vscode.FileSystemError.FileNotFound(uri);
      return text;
    }
    const client = this.provider.client;
    if (!client) throw vscode.FileSystemError.Unavailable("The AWS Identity Emulator is not running. Start it to open this document.");
    try {
      if (target.kind === "managedPolicy") {
        const policy = await client.call({ service: "iam", operation: "GetPolicy", input: { PolicyArn: target.arn } });
        const version = await client.call({ service: "iam", operation: "GetPolicyVersion", input: { PolicyArn: target.arn, VersionId: policy.Policy.DefaultVersionId } });
        return documentForEditing(version.PolicyVersion.Document);
      }
      const read = readCallOf(target)!;
      const output = await client.call(read.call);
      return documentForEditing(read.document(output) ?? "");
    } catch (err) {
      if (err instanceof AwsCallError && err.code === "NoSuchEntity") throw vscode.FileSystemError.FileNotFound(`${err.message}`);
      throw err;
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = this.target(uri);
    const text = Buffer.from(content).toString("utf8");
    const call = writeCallOf(target, text);
    if (!call) throw vscode.FileSystemError.NoPermissions("This document is read-only: AWS does not let it be changed.");
    const client = this.provider.client;
    if (!client) throw vscode.FileSystemError.Unavailable("The AWS Identity Emulator is not running. Start it, then save again.");
    try {
      try {
        await client.call(call);
      } catch (err) {
        // Five versions is AWS's limit: make room by deleting the oldest non-default one, then save again.
        if (!(err instanceof AwsCallError && err.code === "LimitExceeded" && target.kind === "managedPolicy")) throw err;
        const listed = await client.call({ service: "iam", operation: "ListPolicyVersions", input: { PolicyArn: target.arn } });
        const prune = versionToPrune(listed.Versions ?? []);
        if (!prune) throw err;
        await client.call({ service: "iam", operation: "DeletePolicyVersion", input: { PolicyArn: target.arn, VersionId: prune } });
        this.log.info(`Deleted version ${prune} of ${target.name}: AWS keeps at most five.`);
        await client.call(call);
      }
    } catch (err) {
      if (err instanceof AwsCallError) {
        // VS Code shows "Failed to save '<title>': … (<name>: <message>)": AWS's code and words, and what to do.
        // AWS's messages do not always end their sentence ("This policy contains invalid Json").
        const said = /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
        const refused = new Error(`${said} Nothing was saved: fix what the Problems view lists for this document, then save again.`);
        refused.name = err.code;
        throw refused;
      }
      throw err;
    }
    this.touch(uri, text);
    this.log.info(`Saved ${uri.path} (${call.operation}).`);
    void this.provider.reload();
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    // Folders are implied by document paths; nothing to create.
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions("Delete resources from the AWS Identity Emulator view.");
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions("IAM resources cannot be renamed.");
  }

  dispose(): void {
    this.changed.dispose();
  }
}
