// Completion and hovers in policy documents, from editor-core and the service catalog.
import * as vscode from "vscode";
import { completionsAt, type CompletionKind } from "../../editor-core/completion.js";
import { hoverAt } from "../../editor-core/hover.js";
import type { EditorCatalog } from "./editor-catalog.js";
import { isPolicy } from "./policy-document.js";
import { toRange } from "./vscode-ranges.js";

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  service: vscode.CompletionItemKind.Module,
  action: vscode.CompletionItemKind.Function,
  arn: vscode.CompletionItemKind.Reference,
  operator: vscode.CompletionItemKind.Operator,
  conditionKey: vscode.CompletionItemKind.Field,
};

const selector: vscode.DocumentSelector = [{ language: "json" }, { language: "jsonc" }];

export function policyLanguageFeatures(catalog: EditorCatalog): vscode.Disposable[] {
  return [
    vscode.languages.registerCompletionItemProvider(selector, {
      provideCompletionItems(doc, position) {
        if (!isPolicy(doc)) return undefined;
        const items = completionsAt(doc.getText(), doc.offsetAt(position), catalog.get());
        return items.map((i) => {
          const item = new vscode.CompletionItem(i.label, KIND[i.kind]);
          item.insertText = i.snippet ? new vscode.SnippetString(i.insertText) : i.insertText;
          item.range = toRange(i.range);
          if (i.detail) item.detail = i.detail;
          if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
          if (i.sortText) item.sortText = i.sortText;
          // Filter on what the range holds (the typed text may include the opening quote of a key).
          item.filterText = i.insertText.startsWith('"') ? `"${i.label}"` : i.label;
          if (i.retrigger) item.command = { command: "editor.action.triggerSuggest", title: "Suggest actions" };
          return item;
        });
      },
    }, '"', ":", "/"),
    vscode.languages.registerHoverProvider(selector, {
      provideHover(doc, position) {
        if (!isPolicy(doc)) return undefined;
        const h = hoverAt(doc.getText(), doc.offsetAt(position), catalog.get());
        return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(h.range)) : undefined;
      },
    }),
  ];
}
