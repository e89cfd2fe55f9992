// The policy editor and the simulator: diagnostics and quick fixes, completion and hovers from AWS's service
// catalog, Simulate… with inline verdicts and scenario files, simulating as a principal from anywhere, and
// enforce-mode decisions, all in one explanation panel. Everything it makes is returned for the composition
// root to dispose.
import type * as vscode from "vscode";
import type { FeatureDeps } from "../feature-deps.js";
import type { EmulatorEvents } from "../emulator-events.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";
import { accessChange } from "./access-change.js";
import { EditorCatalog } from "./editor-catalog.js";
import { ExplanationPanel } from "./explanation-panel.js";
import { PolicyDiagnostics } from "./policy-diagnostics.js";
import { policyLanguageFeatures } from "./policy-language-features.js";
import { principalSimulator } from "./principal-simulator.js";
import { PrincipalPolicySource } from "./principal-source.js";
import { PolicySimulations } from "./simulate-lens.js";

export { COMMANDS as POLICY_EDITOR_COMMANDS } from "./simulate-lens.js";
export { SIMULATOR_COMMANDS } from "./principal-simulator.js";

export interface PolicyEditorDeps extends Pick<FeatureDeps, "context" | "log"> {
  /** The emulator this window uses, for everything "as principal"; the editor works without it. */
  link: Pick<EmulatorLink, "current">;
  events: Pick<EmulatorEvents, "onDidChangeResources">;
}

export function policyEditor({ context, log, link, events }: PolicyEditorDeps): vscode.Disposable[] {
  const catalog = new EditorCatalog(context.extensionUri, log);
  const panel = new ExplanationPanel();
  const principals = new PrincipalPolicySource(link, log);
  const shared = { context, log, panel, catalog, principals, onDidChangeResources: events.onDidChangeResources };
  return [
    new PolicyDiagnostics(catalog, log),
    ...policyLanguageFeatures(catalog),
    panel,
    new PolicySimulations(shared),
    ...principalSimulator({ ...shared, link }),
    ...accessChange(catalog),
  ];
}
