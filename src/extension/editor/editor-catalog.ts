// The service authorization catalog, loaded once on first need from the file the build wrote beside the
// bundle (dist/editor-catalog.json.gz, see scripts/build-editor-catalog.mjs). Without it the editor still
// runs the engine's checks and simulations; only catalog checks, completion and hovers go quiet.
import * as vscode from "vscode";
import { existsSync } from "node:fs";
import { Catalog } from "../../editor-core/catalog.js";

export const CATALOG_FILE = "dist/editor-catalog.json.gz";

export class EditorCatalog {
  private catalog: Catalog | undefined | null = null; // null: not tried yet
  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {}

  get(): Catalog | undefined {
    if (this.catalog !== null) return this.catalog;
    const path = vscode.Uri.joinPath(this.extensionUri, CATALOG_FILE).fsPath;
    const started = performance.now();
    try {
      if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build (scripts/build-editor-catalog.mjs)`);
      this.catalog = Catalog.fromFile(path);
      this.log.info(`policy editor: loaded ${this.catalog.prefixes().length} services from ${this.catalog.source} in ${Math.round(performance.now() - started)} ms`);
    } catch (err) {
      this.catalog = undefined;
      this.log.warn(`policy editor: no service catalog, so no action, resource or condition key checks: ${(err as Error).message}`);
    }
    return this.catalog;
  }
}
