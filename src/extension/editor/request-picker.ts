// The stepped request picker behind every Simulate…: the action (from the policies, or any action of a service
// once its prefix is typed), then the resource (prefilled, its wildcard selected, a warning for wildcards), then
// one prompt per condition key the matching statements test, with its type. Back goes to the previous step; the
// last request is offered first, so Enter runs it again.
import * as vscode from "vscode";
import type { Catalog } from "../../editor-core/catalog.js";
import {
  actionChoices, catalogActions, conditionKeyPrompts, contextValueOf, contextValueProblem, contextValueText, isActionName, resourceChoice,
  resourceWarning, type ConditionKeyPrompt, type PolicyStatement,
} from "../../editor-core/request-steps.js";
import { formatSimulationInput, type ContextInput, type SimulationRequest } from "../../editor-core/simulation.js";

export interface PickRequestOptions {
  /** "Simulate reports-policy.json", "Simulate as alice". */
  title: string;
  statements: readonly PolicyStatement[];
  catalog?: Catalog;
  /** The request to start from: the last one for this subject, or one to check again (a decision). */
  initial?: SimulationRequest;
}

type ActionItem = vscode.QuickPickItem & { action?: string; again?: boolean };

const back = Symbol("back");
type Step<T> = Promise<T | typeof back | undefined>;

/** Asks for a request step by step; undefined when the person cancels. */
export async function pickRequest(o: PickRequestOptions): Promise<SimulationRequest | undefined> {
  let action: string | undefined;
  let resource = "";
  const context: Record<string, ContextInput> = {};
  let prompts: ConditionKeyPrompt[] = [];
  let step = 0;
  for (;;) {
    const total = 2 + prompts.length;
    if (step === 0) {
      const picked = await pickAction(o);
      if (picked === undefined) return undefined;
      if (picked === "again") return o.initial;
      if (picked !== action) {
        action = picked;
        const same = o.initial?.action.toLowerCase() === action.toLowerCase();
        resource = same && o.initial?.resource ? o.initial.resource : resourceChoice(o.statements, action).resource;
        prompts = conditionKeyPrompts(o.statements, action, o.catalog);
      }
      step = 1;
    } else if (step === 1) {
      const typed = await input({
        title: `${o.title}: resource`, step: 2, totalSteps: total, value: resource,
        selection: resource === o.initial?.resource ? undefined : resourceChoice(o.statements, action!).selection,
        prompt: `The ARN ${action} acts on. Enter to continue${prompts.length ? `; then ${prompts.length} condition key${prompts.length === 1 ? "" : "s"}` : ""}.`,
        validate: (v) => { const w = resourceWarning(v); return w ? { message: w, severity: vscode.InputBoxValidationSeverity.Warning } : undefined; },
      });
      if (typed === undefined) return undefined;
      if (typed === back) { step = 0; continue; }
      resource = typed.trim() || "*";
      step = 2;
    } else if (step - 2 < prompts.length) {
      const p = prompts[step - 2]!;
      const typed = await input({
        title: `${o.title}: ${p.key}`, step: step + 1, totalSteps: total,
        value: contextValueText(context[p.key] ?? lookup(o.initial?.context, p.key)),
        prompt: `${p.type}${p.multiValued ? ", several values separated by commas" : ""}; tested with ${p.operators.join(", ")}. Leave empty for a request without ${p.key}.`,
        validate: (v) => contextValueProblem(p, v),
      });
      if (typed === undefined) return undefined;
      if (typed === back) { step--; continue; }
      const value = contextValueOf(p, typed);
      if (value === undefined) delete context[p.key]; else context[p.key] = value;
      step++;
    } else {
      // Keys the request carried that no statement tests now are kept: a decision's full context stays with it.
      const carried: Record<string, ContextInput> = {};
      for (const [k, v] of Object.entries(o.initial?.context ?? {})) {
        if (!prompts.some((p) => p.key.toLowerCase() === k.toLowerCase())) carried[k] = v;
      }
      const all = { ...carried, ...context };
      return { action: action!, resource, ...(o.initial?.principal ? { principal: o.initial.principal } : {}), ...(Object.keys(all).length ? { context: all } : {}) };
    }
  }
}

function lookup(context: Record<string, ContextInput> | undefined, key: string): ContextInput | undefined {
  const k = Object.keys(context ?? {}).find((x) => x.toLowerCase() === key.toLowerCase());
  return k ? context![k] : undefined;
}

/** Step 1: the action. Resolves with the action, "again" for the last request, or undefined. */
function pickAction(o: PickRequestOptions): Promise<string | "again" | undefined> {
  const pick = vscode.window.createQuickPick<ActionItem>();
  pick.title = `${o.title}: action`;
  pick.step = 1;
  pick.placeholder = "An action the policies name, or type service:Action (s3:GetObject); typing a prefix lists that service's actions";
  pick.ignoreFocusOut = true;
  pick.matchOnDetail = true;
  const fromPolicies = actionChoices(o.statements, o.catalog);
  const base: ActionItem[] = [];
  if (o.initial) {
    base.push({ label: `$(history) ${formatSimulationInput({ ...o.initial, principal: undefined })}`, detail: "The last request: Enter runs it again", again: true, alwaysShow: true });
  }
  if (fromPolicies.length) base.push({ label: "In these policies", kind: vscode.QuickPickItemKind.Separator });
  base.push(...fromPolicies.map((c) => ({ label: c.action, detail: c.detail, action: c.action })));
  pick.items = base;
  const refresh = () => {
    const typed = pick.value.trim();
    const prefix = typed.includes(":") ? typed.slice(0, typed.indexOf(":")).toLowerCase() : "";
    const items = [...base];
    if (isActionName(typed) && !/[*?]/.test(typed) && !items.some((i) => i.action?.toLowerCase() === typed.toLowerCase())) {
      items.splice(o.initial ? 1 : 0, 0, { label: typed, detail: "Simulate this action", action: typed, alwaysShow: true });
    }
    if (prefix) {
      const more = catalogActions(o.catalog, `${prefix}:`).filter((c) => !items.some((i) => i.action?.toLowerCase() === c.action.toLowerCase()));
      if (more.length) items.push({ label: o.catalog?.serviceName(prefix) ?? prefix, kind: vscode.QuickPickItemKind.Separator }, ...more.map((c) => ({ label: c.action, detail: c.detail, action: c.action })));
    }
    pick.items = items;
  };
  return new Promise((resolve) => {
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      const typed = pick.value.trim();
      if (item?.again) resolve("again");
      else if (item?.action) resolve(item.action);
      else if (isActionName(typed)) resolve(typed);
      else return;
      pick.hide();
    });
    pick.onDidHide(() => { resolve(undefined); pick.dispose(); });
    pick.show();
  });
}

interface InputStep {
  title: string;
  step: number;
  totalSteps: number;
  value: string;
  selection?: [number, number];
  prompt: string;
  validate(value: string): string | vscode.InputBoxValidationMessage | undefined;
}

/** One input step with a Back button; resolves with the text, `back`, or undefined when cancelled. */
function input(s: InputStep): Step<string> {
  const box = vscode.window.createInputBox();
  box.title = s.title;
  box.step = s.step;
  box.totalSteps = s.totalSteps;
  box.value = s.value;
  if (s.selection) box.valueSelection = s.selection;
  box.prompt = s.prompt;
  box.ignoreFocusOut = true;
  box.buttons = [vscode.QuickInputButtons.Back];
  const check = () => { box.validationMessage = s.validate(box.value); };
  check();
  return new Promise((resolve) => {
    box.onDidChangeValue(check);
    box.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) { resolve(back); box.hide(); } });
    box.onDidAccept(() => {
      const problem = s.validate(box.value);
      if (problem && (typeof problem === "string" || problem.severity === vscode.InputBoxValidationSeverity.Error)) return;
      resolve(box.value);
      box.hide();
    });
    box.onDidHide(() => { resolve(undefined); box.dispose(); });
    box.show();
  });
}
