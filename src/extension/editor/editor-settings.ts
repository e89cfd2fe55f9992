// awsIdentityEmulator.policyEditor.*: read on every use, so a changed setting applies without a reload.
import * as vscode from "vscode";
import type { PolicyKind } from "../../policy/index.js";
import type { Severity } from "../../editor-core/lint.js";
import { DEFAULT_GLOBS } from "../../editor-core/policy-documents.js";

export const section = "awsIdentityEmulator.policyEditor";

export interface EditorSettings {
  enabled: boolean;
  files: string[];
  severity: Record<string, Severity | "off">;
  policyKind: PolicyKind | "auto";
  codeLens: boolean;
  defaultPrincipal: string;
  /** Milliseconds between the last keystroke and re-running diagnostics and simulations. */
  delay: number;
}

export function readEditorSettings(): EditorSettings {
  const c = vscode.workspace.getConfiguration(section);
  return {
    enabled: c.get<boolean>("enabled", true),
    files: c.get<string[]>("files", DEFAULT_GLOBS),
    severity: c.get<Record<string, Severity | "off">>("severity", {}),
    policyKind: c.get<PolicyKind | "auto">("policyKind", "auto"),
    codeLens: c.get<boolean>("codeLens", true),
    defaultPrincipal: c.get<string>("defaultPrincipal", ""),
    delay: c.get<number>("delay", 150),
  };
}
