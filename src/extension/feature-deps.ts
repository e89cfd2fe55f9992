// What the composition root hands each feature; a feature takes the part it needs.
import type * as vscode from "vscode";
import type { EmulatorProcess } from "./emulator-process.js";

export interface FeatureDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  emulator: EmulatorProcess;
}
