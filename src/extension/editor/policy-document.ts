// Is an open document a policy, of which kind, and what is its source? Settings' globs and the content decide;
// a document opened from the resource tree says so in its URI's query (policyKind, policyArn, policyName), so
// its simulation replaces that policy among the principal's instead of adding a copy.
import * as vscode from "vscode";
import type { PolicyKind, PolicySource } from "../../policy/index.js";
import { isPolicyDocument, policyKindOf } from "../../editor-core/policy-documents.js";
import { readEditorSettings } from "./editor-settings.js";
import { documentScheme, parseDocumentPath, policySourceOf } from "../tree/document-uris.js";

const KINDS: readonly PolicyKind[] = ["identity", "resource", "trust", "boundary", "session", "scp", "rcp"];

function queryParams(uri: vscode.Uri): URLSearchParams {
  return new URLSearchParams(uri.query);
}

export function isPolicy(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== "json" && doc.languageId !== "jsonc") return false;
  const settings = readEditorSettings();
  if (!settings.enabled) return false;
  if (queryParams(doc.uri).has("policyKind")) return true;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const path = folder ? vscode.workspace.asRelativePath(doc.uri, false) : doc.uri.path;
  return isPolicyDocument(path, doc.getText(), settings.files);
}

export function policyKindFor(doc: vscode.TextDocument): PolicyKind {
  const fromUri = queryParams(doc.uri).get("policyKind") as PolicyKind | null;
  if (fromUri && KINDS.includes(fromUri)) return fromUri;
  const setting = readEditorSettings().policyKind;
  if (setting !== "auto") return setting;
  return policyKindOf(doc.uri.path, doc.getText());
}

export function policySourceFor(doc: vscode.TextDocument, kind: PolicyKind): PolicySource {
  // An emulator document names the policy as the emulator does, so "as principal" replaces it rather than adding a copy.
  const target = doc.uri.scheme === documentScheme ? parseDocumentPath(doc.uri.path) : undefined;
  const emulatorSource = target && policySourceOf(target);
  if (emulatorSource) return { kind, ...emulatorSource };
  const q = queryParams(doc.uri);
  const arn = q.get("policyArn") ?? undefined;
  const name = q.get("policyName") ?? doc.uri.path.split("/").pop() ?? "this document";
  return arn ? { kind, name, arn } : { kind, name };
}
